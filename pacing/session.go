package pacing

import (
	"slices"
	"sort"
	"sync"
	"time"
)

// EventKind says what a breath event marks.
type EventKind int

// The breath events a breather can give.
const (
	BreathIn  EventKind = iota // an in-breath begins (space pressed, or a tap)
	BreathOut                  // an out-breath begins (space released)
)

// String names the event kind as the breath-input format spells it.
func (k EventKind) String() string {
	if k == BreathOut {
		return "out"
	}
	return "in"
}

// Event is one observed breath event. At is session time (see Session).
type Event struct {
	Kind EventKind
	At   time.Duration
}

// Stage is where the session is in its arc.
type Stage int

// The stages of a session.
const (
	StageSettle   Stage = iota // getting comfortable
	StageArrive                // listening to the breather's own pace
	StageSteady                // a fixed pattern at its own pace
	StageLead                  // slowing gently toward the target
	StageRepair                // the breather lost the rhythm: waiting, re-meeting
	StageRest                  // resting at the target
	StageUnguided              // cues withdrawn: breathing on one's own
	StageReturn                // returning toward the starting rhythm
	StageDone                  // over
)

var stageNames = [...]string{"settle", "arrive", "steady", "lead", "repair", "rest", "unguided", "return", "done"}

// String names the stage in lower case.
func (s Stage) String() string {
	if s < 0 || int(s) >= len(stageNames) {
		return "unknown"
	}
	return stageNames[s]
}

// Level is how much guidance a cycle gives: words, tones or silence.
type Level int

// The guidance levels, from most to least.
const (
	Words  Level = iota // spoken cues
	Tones               // soft tones only
	Silent              // calm silence
)

// String names the level.
func (l Level) String() string {
	switch l {
	case Words:
		return "words"
	case Tones:
		return "tones"
	}
	return "silent"
}

// Word is a spoken cue inside a cycle, Offset after the cycle starts.
type Word struct {
	Offset time.Duration
	ID     string // voice cue id, e.g. "slower"
	Text   string // what the screen shows
}

// Cycle is one decided stretch of the session: a guided breath, or (Listen >
// 0) a stretch where the guide only listens. Cycles are decided one at a time,
// when they begin, and never change afterwards.
type Cycle struct {
	Start  time.Duration
	Listen time.Duration // > 0: listen this long instead of guiding a breath
	Breath Pattern       // the guided breath's phase lengths
	Stage  Stage
	Locked bool  // the breather was following when this cycle was decided
	Level  Level // how much this cycle says
	Words  []Word
	Last   bool // the session ends when this cycle's exhale ends

	// Pace is the pace the guide was keeping when it decided the cycle, in
	// breaths per minute; the cycle's own length may differ from it a
	// little while the guide brings its in-breath to the breather's. 0 when
	// the guide keeps no pace of its own (a fixed pattern, listening).
	Pace float64
	// From is the fastest the guide may go, in breaths per minute: where
	// it met the breather, corrected while the start may be (see
	// CorrectTime), then the breather's settled rate, which rises slowly
	// (CeilingRise); the closing return may lift it back toward where the
	// guide met them. Toward is the pace it leads toward. Each is 0 when
	// the guide has none.
	From, Toward float64
	// Natural is the breather's own pace as the guide estimated it when
	// they arrived, in breaths per minute; 0 when unknown.
	Natural float64

	eng engine // the adaptive guide's running state, for its next decision
}

// Len is how long the cycle lasts.
func (c Cycle) Len() time.Duration {
	if c.Listen > 0 {
		return c.Listen
	}
	return c.Breath.Period()
}

// Guided is the guided breaths among cs, without its listening cycles.
func Guided(cs []Cycle) []Cycle {
	var out []Cycle
	for _, c := range cs {
		if c.Listen <= 0 {
			out = append(out, c)
		}
	}
	return out
}

// End is when the cycle is over.
func (c Cycle) End() time.Duration { return c.Start + c.Len() }

// BPM is the cycle's pace in breaths per minute, 0 for a listening cycle.
func (c Cycle) BPM() float64 {
	if c.Listen > 0 {
		return 0
	}
	return c.Breath.BPM()
}

// ExhaleEnd is when the cycle's exhale ends (before any hold after it).
func (c Cycle) ExhaleEnd() time.Duration {
	if c.Listen > 0 {
		return c.End()
	}
	return c.End() - c.Breath.HoldOut
}

// span is one phase of a cycle.
type span struct {
	phase      Phase
	start, len time.Duration
}

// phases lists the cycle's non-empty phases in order.
func (c Cycle) phases() []span {
	if c.Listen > 0 {
		return []span{{Listen, c.Start, c.Listen}}
	}
	out := make([]span, 0, 5)
	at := c.Start
	for _, p := range []struct {
		ph Phase
		d  time.Duration
	}{{Inhale, c.Breath.Inhale}, {TopUp, c.Breath.TopUp}, {HoldIn, c.Breath.HoldIn}, {Exhale, c.Breath.Exhale}, {HoldOut, c.Breath.HoldOut}} {
		if p.d > 0 {
			out = append(out, span{p.ph, at, p.d})
			at += p.d
		}
	}
	return out
}

// Guide decides the session's cycles one at a time.
type Guide interface {
	// Next decides the cycle that begins at start. past holds every cycle
	// decided so far, oldest first; events holds the breath events observed
	// before start-DecideAhead, oldest first. It must be deterministic.
	Next(start time.Duration, past []Cycle, events []Event) Cycle
}

// DecideAhead is how long before a cycle begins it is decided: events closer
// to its start than this count toward the next cycle. Callers may ask for
// cues up to this far ahead of now and get answers that will not change.
const DecideAhead = 500 * time.Millisecond

// SettleTime is the short settling-in before the first cycle.
const SettleTime = 3 * time.Second

// Plan is what a session is asked to be.
type Plan struct {
	Duration time.Duration // planned length, settling-in included
	Settle   time.Duration // settling-in; SettleTime when zero, none when negative
	Guide    Guide
	Label    string // what the summary calls it, e.g. "coherent"
}

// Session is a breathing session: a pure function of time and of the breath
// events it has observed. Every method takes the time as an argument; times
// are offsets from the session's start on a monotonic clock ("wall" time,
// which keeps running while paused). Session time is wall time less the time
// spent paused. A Session is safe for use by several goroutines.
//
// The unexported methods whose names end in Locked expect s.mu to be held
// by their caller; the exported ones take it.
type Session struct {
	mu     sync.Mutex
	plan   Plan
	settle time.Duration
	cycles []Cycle
	events []Event
	ended  bool          // the last cycle has been decided
	end    time.Duration // session time the session ends, once ended
	pauses []pause
}

type pause struct{ from, to time.Duration } // wall times; to < 0 while paused

// NewSession starts a session planned by p at wall time 0.
func NewSession(p Plan) *Session {
	s := &Session{plan: p, settle: p.Settle}
	if s.settle == 0 {
		s.settle = SettleTime
	}
	if s.settle < 0 {
		s.settle = 0
	}
	if s.plan.Guide == nil {
		c, _ := Builtin("coherent")
		s.plan.Guide = FixedGuide{Pattern: c}
	}
	return s
}

// Plan returns what the session was asked to be.
func (s *Session) Plan() Plan { return s.plan }

// activeLocked maps wall time to session time.
func (s *Session) activeLocked(wall time.Duration) time.Duration {
	t := wall
	for _, p := range s.pauses {
		if wall <= p.from {
			break
		}
		to := p.to
		if to < 0 || to > wall {
			to = wall
		}
		t -= to - p.from
	}
	return t
}

// pausedLocked reports whether the session is paused.
func (s *Session) pausedLocked() bool {
	return len(s.pauses) > 0 && s.pauses[len(s.pauses)-1].to < 0
}

// Active is the session time at wall time now.
func (s *Session) Active(now time.Duration) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.activeLocked(now)
}

// Pause freezes the session at wall time now. Pausing a paused or finished
// session does nothing.
func (s *Session) Pause(now time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pauseLocked(now)
}

// pauseLocked pauses at wall time now and reports whether it did.
func (s *Session) pauseLocked(now time.Duration) bool {
	if s.pausedLocked() || s.doneAtLocked(s.activeLocked(now)) {
		return false
	}
	if n := len(s.pauses); n > 0 && now < s.pauses[n-1].to {
		now = s.pauses[n-1].to
	}
	s.pauses = append(s.pauses, pause{from: now, to: -1})
	return true
}

// Hold pauses the session at wall time now for a reason outside the
// breath (the program suspended, say) and returns what lets it go on:
// release resumes it at wall time then, if Hold paused it. A session
// already paused stays as the breather left it.
func (s *Session) Hold(now time.Duration) (release func(then time.Duration)) {
	s.mu.Lock()
	held := s.pauseLocked(now)
	s.mu.Unlock()
	if !held {
		return func(time.Duration) {}
	}
	return s.Resume
}

// Resume continues a paused session at wall time now, exactly where it was.
func (s *Session) Resume(now time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.pausedLocked() {
		return
	}
	p := &s.pauses[len(s.pauses)-1]
	if now < p.from {
		now = p.from
	}
	p.to = now
}

// Paused reports whether the session is paused.
func (s *Session) Paused() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pausedLocked()
}

// Observe records a breath event given at wall time ev.At. Events while
// paused, after the end, or older than the newest event are ignored.
func (s *Session) Observe(ev Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pausedLocked() {
		return
	}
	ev.At = s.activeLocked(ev.At)
	if n := len(s.events); n > 0 && ev.At < s.events[n-1].At {
		return
	}
	if s.doneAtLocked(ev.At) {
		return
	}
	s.events = append(s.events, ev)
}

// Events returns the observed events, in session time.
func (s *Session) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Event(nil), s.events...)
}

// Cycles returns the cycles decided up to session time t.
func (s *Session) Cycles(t time.Duration) []Cycle {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.extendLocked(t)
	n := sort.Search(len(s.cycles), func(i int) bool { return s.cycles[i].Start > t })
	return append([]Cycle(nil), s.cycles[:n]...)
}

// CycleAt returns the cycle covering session time t, deciding cycles up to
// t as needed; ok is false before the first cycle.
func (s *Session) CycleAt(t time.Duration) (c Cycle, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.extendLocked(t)
	i := s.cycleAtLocked(t)
	if i < 0 {
		return Cycle{}, false
	}
	c = s.cycles[i]
	c.Words = slices.Clone(c.Words)
	return c, true
}

// doneAtLocked reports whether the session is over at session time t,
// deciding cycles up to t as needed.
func (s *Session) doneAtLocked(t time.Duration) bool {
	s.extendLocked(t)
	return s.ended && t >= s.end
}

// extendLocked decides cycles until one covers session time t or the
// session ends.
func (s *Session) extendLocked(t time.Duration) {
	for !s.ended {
		start := s.settle
		if n := len(s.cycles); n > 0 {
			last := s.cycles[n-1]
			if last.End() > t {
				return
			}
			start = last.End()
		} else if t < s.settle {
			return
		}
		cut := sort.Search(len(s.events), func(i int) bool { return s.events[i].At >= start-DecideAhead })
		c := s.plan.Guide.Next(start, s.cycles, s.events[:cut:cut])
		c.Start = start
		if c.Listen <= 0 && c.Breath.Period() <= 0 {
			c.Listen = time.Second // a guide that gives nothing listens
		}
		planned := s.plan.Duration
		switch {
		case c.Listen > 0 && c.End() >= planned:
			c.Listen = max(planned-start, time.Millisecond)
			c.Last = true
		case c.Listen <= 0 && c.Breath.Inhale+c.Breath.TopUp+c.Breath.HoldIn+c.Breath.Exhale > 0:
			breath := c.Breath.Period() - c.Breath.HoldOut
			if c.Last || start+c.Breath.Period()+breath/2 >= planned {
				c.Last = true
			}
		}
		s.cycles = append(s.cycles, c)
		if c.Last {
			s.ended = true
			s.end = c.ExhaleEnd()
		}
	}
}

// cycleAtLocked is the index of the cycle covering session time t, or -1
// before the first cycle. extendLocked(t) must have run.
func (s *Session) cycleAtLocked(t time.Duration) int {
	return sort.Search(len(s.cycles), func(i int) bool { return s.cycles[i].Start > t }) - 1
}

// State is everything a view needs to know about the session at one instant.
type State struct {
	At         time.Duration // session time
	Phase      Phase
	PhaseStart time.Duration // session time the phase began
	PhaseLen   time.Duration
	Progress   float64       // 0..1 through the phase
	Left       time.Duration // left in the phase
	Fill       float64       // lung fill, 0 empty to 1 full
	Breath     int           // guided breaths begun so far
	BPM        float64       // the guide's current pace; 0 while listening
	Stage      Stage
	Locked     bool
	Level      Level
	Text       string        // the words for the screen, e.g. "breathe in"
	Planned    time.Duration // planned length
	Remaining  time.Duration // until the end
	Done       bool
	Paused     bool
	StartBPM   float64 // the fastest the guide may go (Cycle.From); 0 when it has none
	TargetBPM  float64 // the pace the guide leads toward; 0 when it has none
	Natural    float64 // the breather's own pace as estimated; 0 when unknown
	// SinceTap is how long ago the breather's latest in-breath event was
	// observed, for acknowledging a tap on screen; negative when there has
	// been none.
	SinceTap time.Duration
}

// SessionProgress is how far through the session the state is, 0..1.
func (st State) SessionProgress() float64 {
	total := st.At + st.Remaining
	if total <= 0 || st.Done {
		return 1
	}
	return min(1, float64(st.At)/float64(total))
}

// State is the session's state at wall time now.
func (s *Session) State(now time.Duration) State {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stateAtLocked(s.activeLocked(now))
	st.Paused = s.pausedLocked()
	return st
}

// StateAt is the session's state at session time t, ignoring pauses.
func (s *Session) StateAt(t time.Duration) State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stateAtLocked(t)
}

// stateAtLocked is the session's state at session time t, ignoring pauses.
func (s *Session) stateAtLocked(t time.Duration) State {
	t = max(t, 0)
	s.extendLocked(t)
	st := State{At: t, Planned: s.plan.Duration, SinceTap: -1}
	if i := sort.Search(len(s.events), func(i int) bool { return s.events[i].At > t }) - 1; i >= 0 {
		for ; i >= 0; i-- {
			if s.events[i].Kind == BreathIn {
				st.SinceTap = t - s.events[i].At
				break
			}
		}
	}
	st.Remaining = max(s.plan.Duration-t, 0)
	if s.ended {
		st.Remaining = max(s.end-t, 0)
	}
	if s.ended && t >= s.end {
		st.Phase, st.Stage, st.Done, st.Progress = Done, StageDone, true, 1
		st.PhaseStart = s.end
		st.Breath = s.breathsBeforeLocked(len(s.cycles))
		st.Text = Done.Words()
		if n := len(s.cycles); n > 0 {
			c := s.cycles[n-1]
			st.BPM, st.StartBPM, st.TargetBPM, st.Natural = c.BPM(), c.From, c.Toward, c.Natural
		}
		return st
	}
	i := s.cycleAtLocked(t)
	if i < 0 {
		st.Phase, st.Stage, st.PhaseLen = Settle, StageSettle, s.settle
		st.Progress = fraction(t, s.settle)
		st.Left = s.settle - t
		st.Text = Settle.Words()
		return st
	}
	c := s.cycles[i]
	st.Stage, st.Locked, st.Level, st.BPM = c.Stage, c.Locked, c.Level, c.BPM()
	st.StartBPM, st.TargetBPM, st.Natural = c.From, c.Toward, c.Natural
	st.Breath = s.breathsBeforeLocked(i + 1)
	for _, sp := range c.phases() {
		if t < sp.start+sp.len {
			st.Phase, st.PhaseStart, st.PhaseLen = sp.phase, sp.start, sp.len
			st.Progress = fraction(t-sp.start, sp.len)
			st.Left = sp.start + sp.len - t
			st.Fill = Fill(sp.phase, st.Progress, c.Breath.TopUp > 0)
			break
		}
	}
	st.Text = st.Phase.Words()
	for _, w := range c.Words {
		if w.Text != "" && t >= c.Start+w.Offset && t < c.Start+w.Offset+wordShown {
			st.Text = w.Text
		}
	}
	return st
}

// wordShown is how long a spoken cue's words stay on screen.
const wordShown = 3 * time.Second

// breathsBeforeLocked counts the guided breaths among the first n cycles.
func (s *Session) breathsBeforeLocked(n int) int {
	b := 0
	for _, c := range s.cycles[:n] {
		if c.Listen <= 0 {
			b++
		}
	}
	return b
}

func fraction(d, of time.Duration) float64 {
	if of <= 0 {
		return 1
	}
	return min(1, max(0, float64(d)/float64(of)))
}

// CueKind says what a cue marks.
type CueKind int

// The kinds of cue.
const (
	CuePhase CueKind = iota // a phase begins
	CueWord                 // a spoken cue that is not a phase's name
)

// Cue is something to say or sound at an instant. At is in the same time base
// as the question that produced it (see Cues).
type Cue struct {
	At    time.Duration
	Kind  CueKind
	Phase Phase         // for CuePhase: the phase that begins
	Len   time.Duration // for CuePhase: how long the phase lasts
	ID    string        // voice cue id: "in", "out", "hold", "welcome", …
	Text  string        // the words, as the screen shows them
	Level Level         // how to voice it: words, a tone, or nothing
	Fill  [2]float64    // for CuePhase: lung fill at the phase's start and end
}

// phaseCueID is the voice cue id for the start of a phase.
func phaseCueID(p Phase) string {
	switch p {
	case Settle:
		return "settle"
	case Listen:
		return "arrive"
	case Inhale:
		return "in"
	case TopUp:
		return "topup"
	case HoldIn, HoldOut:
		return "hold"
	case Exhale:
		return "out"
	case Done:
		return "closing"
	}
	return ""
}

// Cues returns the cues that fall in the wall-time window [from, to), in
// order, with At in wall time. The window should not reach further than
// DecideAhead past now; nothing falls inside a pause.
func (s *Session) Cues(from, to time.Duration) []Cue {
	s.mu.Lock()
	defer s.mu.Unlock()
	if to <= from {
		return nil
	}
	// Within the window, wall and session time differ by a constant unless a
	// pause is under way, in which case nothing sounds.
	if s.pausedLocked() && from >= s.pauses[len(s.pauses)-1].from {
		return nil
	}
	a := s.activeLocked(from)
	cues := s.cuesAtLocked(a, a+(to-from))
	for i := range cues {
		cues[i].At += from - a
	}
	return cues
}

// CuesAt returns the cues in the session-time window [from, to), in order.
func (s *Session) CuesAt(from, to time.Duration) []Cue {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cuesAtLocked(from, to)
}

// cuesAtLocked returns the cues in the session-time window [from, to), in
// order.
func (s *Session) cuesAtLocked(from, to time.Duration) []Cue {
	var out []Cue
	in := func(at time.Duration) bool { return at >= from && at < to }
	s.extendLocked(to)
	if s.settle > 0 && in(0) {
		out = append(out, Cue{At: 0, Kind: CuePhase, Phase: Settle, Len: s.settle, ID: phaseCueID(Settle), Text: Settle.Words(), Level: Words})
	}
	i := max(s.cycleAtLocked(from), 0)
	for ; i < len(s.cycles) && s.cycles[i].Start < to; i++ {
		c := s.cycles[i]
		var ws []Cue
		for _, w := range c.Words {
			if at := c.Start + w.Offset; in(at) {
				ws = append(ws, Cue{At: at, Kind: CueWord, ID: w.ID, Text: w.Text, Level: Words})
			}
		}
		for _, sp := range c.phases() {
			if s.ended && sp.start >= s.end {
				break
			}
			if in(sp.start) {
				top := c.Breath.TopUp > 0
				out = append(out, Cue{At: sp.start, Kind: CuePhase, Phase: sp.phase, Len: sp.len,
					ID: phaseCueID(sp.phase), Text: sp.phase.Words(), Level: c.Level,
					Fill: [2]float64{Fill(sp.phase, 0, top), Fill(sp.phase, 1, top)}})
			}
		}
		out = append(out, ws...)
	}
	if s.ended && in(s.end) {
		out = append(out, Cue{At: s.end, Kind: CuePhase, Phase: Done, ID: phaseCueID(Done), Text: Done.Words(), Level: Words})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At < out[j].At })
	return out
}

// FixedGuide breathes one pattern at its own pace for the whole session.
// What it says decays as the session goes on: spoken cues for the first
// breaths, then soft tones, then, late in a long session, silence.
type FixedGuide struct {
	Pattern Pattern
	// WordsFor is how many breaths get spoken cues before tones take over;
	// 3 when zero.
	WordsFor int
	// SilentAfter is how long after the first breath tones give way to
	// silence; FixedSilentAfter when zero, never when negative.
	SilentAfter time.Duration
}

// FixedSilentAfter is how long a fixed pattern keeps its tones by default.
const FixedSilentAfter = 5 * time.Minute

// Next gives the pattern again, speaking for the first breaths, sounding
// tones after them and falling silent late in the session.
func (g FixedGuide) Next(start time.Duration, past []Cycle, events []Event) Cycle {
	words := g.WordsFor
	if words == 0 {
		words = 3
	}
	quiet := g.SilentAfter
	if quiet == 0 {
		quiet = FixedSilentAfter
	}
	c := Cycle{Breath: g.Pattern, Stage: StageSteady, Level: Tones}
	switch {
	case len(past) < words:
		c.Level = Words
	case quiet > 0 && start-past[0].Start >= quiet:
		c.Level = Silent
	}
	return c
}
