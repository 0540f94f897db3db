package pacing

import (
	"math"
	"time"
)

// The adaptive guide's settings and limits.
const (
	// DefaultTarget is the pace the adaptive guide leads toward by default,
	// in breaths per minute.
	DefaultTarget = 6.0
	// MinTarget and MaxTarget bound the accepted target pace.
	MinTarget = 4.0
	MaxTarget = 10.0
	// DefaultStartBPM is the pace an adaptive session starts from when the
	// breather gives no taps and no earlier pace is known.
	DefaultStartBPM = 10.0
	// MaxBPM is the fastest the adaptive guide ever goes.
	MaxBPM = 20.0
	// MaxSlowing is the most the guide's pace drops within any minute, in
	// breaths per minute: a hard limit on every pace change.
	MaxSlowing = 1.45
	// LeadRate is how fast the guide slows while the breather follows, in
	// breaths per minute per minute.
	LeadRate = 1.45
	// ReturnTime is how long before the end the guide returns gently
	// toward the starting rhythm.
	ReturnTime = 30 * time.Second
	// ListenTime is the length of one listening cycle while the guide
	// waits for the breather's first taps.
	ListenTime = time.Second
	// NoTapWait is how long the guide listens without a tap before it
	// starts on its own.
	NoTapWait = 12 * time.Second
	// ArriveWait is the longest the guide listens before it starts.
	ArriveWait = 40 * time.Second
	// meetShare is where the guide meets the breather, as a share of the
	// pace it heard: a little slower, never faster.
	meetShare = 0.97
	// arriveTaps is how many intervals between taps the guide would like
	// before it meets the breather.
	arriveTaps = 4
	// shortListen is the least a short session listens.
	shortListen = 4 * time.Second

	// CorrectTime is how long after the first guided breath the guide may
	// still correct its start toward the rate the breather actually keeps,
	// upward too: three or four taps are a poor estimate of a pace.
	CorrectTime = 2 * time.Minute
	// CeilingRise is the most the guide's ceiling (the breather's settled
	// rate) rises per minute after CorrectTime, so that it keeps company
	// with a slow drift but never follows a rise.
	CeilingRise = 1.0

	minBPM        = 2.5  // slowest the guide ever goes
	leadExhale    = 0.6  // exhale share the lead moves toward: in:out 1:1.5
	defaultExhale = 0.55 // exhale share when the breather's is unknown
	returnRise    = 1.0  // most the return raises the pace, breaths/min
	returnStep    = 0.4  // most the return raises the pace per breath
	remeetStep    = 1.0  // most a re-meet moves the pace per breath
	correctStep   = 3.0  // most a correction of the start raises the pace per breath
	floorMargin   = 0.2  // above the breather's rate where lock was lost, the guide waits
	floorNear     = 2.0  // how far above the guide a lost breather's rate may be to be learned as a floor
	floorLed      = 1.0  // how far the guide must have led before a loss can teach a floor, breaths/min
	floorRelax    = 0.3  // how fast that learned floor relaxes, breaths/min per minute locked
	estSmooth     = 0.35 // how far the smoothed rate moves toward each new estimate
	behind        = 0.1  // a follower this much faster than the guide, as a share, is waited for
	maxBehind     = 2.0  // a breather this much faster than the guide over a minute is not following, breaths/min
	holdBreaths   = 2    // breaths held at the met pace before leading
	wordsEvery    = 4    // while words decay: a spoken breath in every this many
	wordsTime     = 2 * time.Minute
	tonesTime     = 4 * time.Minute
)

// AdaptiveConfig configures the adaptive guide.
type AdaptiveConfig struct {
	// Target is the pace to lead toward in breaths per minute,
	// DefaultTarget when zero; clamped to MinTarget..MaxTarget. With
	// Pattern set, the pattern's own pace is the target instead.
	Target float64
	// StartBPM is the pace to start from when the breather gives no taps
	// (the last known natural pace, from history); DefaultStartBPM when
	// zero.
	StartBPM float64
	// Lead makes the guide slow toward the target while the breather
	// follows; without it the guide meets the breather and keeps them
	// company at their pace.
	Lead bool
	// Pattern, when set, keeps that pattern's proportions: the guide meets
	// the breather with the pattern scaled to their pace and leads toward
	// the pattern's own pace.
	Pattern *Pattern
	// Planned is the session's planned length, settling-in included; the
	// return toward the starting rhythm and the unguided stretch are placed
	// before its end. Zero: no arc.
	Planned time.Duration
	// Unguided is how long, before the return, all cues withdraw so the
	// breather keeps the pace on their own. Zero: none.
	Unguided time.Duration
	// Listen opens the session by listening for the breather's own pace;
	// without it the guide starts at once from StartBPM.
	Listen bool
}

// NewAdaptiveGuide returns the guide that meets the breather where they are
// and leads them, only while they follow, toward a calmer pace.
//
// It listens first (when cfg.Listen): from the first taps it estimates the
// breather's natural rate and in:out ratio, then starts a little slower
// (meetShare), its first in-breath on the breather's predicted next one,
// and holds that pace for two breaths. Each breath after that it judges
// from the last AdherenceWindow breaths whether they follow (see Assess):
// while they do it lengthens each cycle a little, mostly the exhale, never
// slowing by more than MaxSlowing within a minute; on mixed evidence it
// holds (or, if they keep its pace, leads at half the rate); when they are
// consistently not with it, it holds a breath and then re-meets them,
// moving toward their smoothed rate and bringing its in-breath to theirs by
// adjusting cycle lengths. Lost after leading a good way, it learns a floor
// just above their rate, which relaxes while they follow. For CorrectTime a
// wrong start is corrected toward the rate they keep; after that it never
// goes faster than their settled rate (rising at most CeilingRise a
// minute), nor above MaxBPM. Without taps, or after they stop tapping, it
// leads open-loop. Spoken cues give way to tones and then silence while the
// breather follows.
func NewAdaptiveGuide(cfg AdaptiveConfig) Guide {
	if cfg.Target == 0 {
		cfg.Target = DefaultTarget
	}
	cfg.Target = clamp(cfg.Target, MinTarget, MaxTarget)
	if cfg.StartBPM <= 0 || math.IsNaN(cfg.StartBPM) {
		cfg.StartBPM = DefaultStartBPM
	}
	cfg.StartBPM = clamp(cfg.StartBPM, minBPM, MaxBPM)
	if cfg.Pattern != nil {
		p := *cfg.Pattern
		if p.Period() <= 0 {
			p, _ = Builtin("coherent")
		}
		cfg.Pattern = &p
		cfg.Target = p.BPM()
	}
	cfg.Unguided = max(cfg.Unguided, 0)
	return adaptive{cfg: cfg}
}

type adaptive struct{ cfg AdaptiveConfig }

// mode is what the adaptive guide is doing.
type mode int

const (
	modeListen mode = iota
	modeMeet        // the last listening cycle: the next one is the first breath
	modeHold        // holding the met pace
	modeLead        // leading (or resting at the goal) while the breather follows
	modeOpen        // leading open-loop: no taps
	modeWait        // lock lost for a breath or two: holding the pace
	modeRemeet      // lock lost for longer: re-meeting the breather
	modeUnguided
	modeReturn
)

// engine is the adaptive guide's running state, carried from one decided
// cycle to the next in Cycle.eng.
type engine struct {
	mode        mode
	pace        float64 // the pace kept, breaths/min
	exhale      float64 // the breather's exhale share when they arrived
	hold        int     // breaths still to hold the met pace
	breath      int     // guided breaths so far, this one included
	lockedSince time.Duration
	lost        int           // verdicts of lost in a row
	floor       float64       // learned slowest pace the breather follows; 0 none
	est         float64       // the breather's rate, smoothed; 0 unknown
	correctTill time.Duration // the start may be corrected until then
	ceiling     float64       // the breather's settled rate: the guide goes no faster
	met         float64       // the pace the guide met the breather at
	quietSince  time.Duration
	spoken      int // breaths since the last spoken one
	goal        float64
}

func (g adaptive) Next(start time.Duration, past []Cycle, events []Event) Cycle {
	var prev *Cycle
	for i := len(past) - 1; i >= 0; i-- {
		if past[i].Listen <= 0 {
			prev = &past[i]
			break
		}
	}
	if prev != nil {
		return g.follow(start, past, *prev, events)
	}
	if n := len(past); n > 0 && past[n-1].eng.mode == modeMeet {
		return g.first(start, past[n-1])
	}
	return g.arrive(start, past, events)
}

// startPace is where the guide starts for a breather whose own pace is
// natural.
func (g adaptive) startPace(natural float64) float64 {
	p := min(natural, MaxBPM)
	if pat := g.cfg.Pattern; pat != nil {
		// Keep the pattern's shortest breath at least MinBreath long.
		short := min(pat.Inhale, pat.Exhale).Seconds()
		if short > 0 {
			p = min(p, 60/(pat.Period().Seconds()*MinBreath/short))
		}
		p = max(p, pat.BPM())
	}
	return clamp(p, minBPM, MaxBPM)
}

// arrive listens for the breather's own pace.
func (g adaptive) arrive(start time.Duration, past []Cycle, events []Event) Cycle {
	c := Cycle{Listen: ListenTime, Stage: StageArrive, Level: Silent, Toward: g.cfg.Target}
	if !g.cfg.Listen {
		return g.first(start, Cycle{Start: start, eng: engine{mode: modeOpen, pace: g.startPace(g.cfg.StartBPM)}})
	}
	from := start
	if len(past) > 0 {
		from = past[0].Start
	} else {
		c.Level = Words
	}
	ons := Onsets(events)
	waited := start - from
	last := from
	if n := len(ons); n > 0 {
		last = max(last, ons[n-1])
	}
	arriveWait, noTapWait := g.listening()
	period, used, ok := EstimatePeriod(ons, arriveTaps)
	if !ok && used >= 1 && waited >= arriveWait-min(5*time.Second, arriveWait/4) {
		ok = true // what there is, before the listening runs out
	}
	if ok && start-last < 2*MaxTapGap {
		natural := 60 / period.Seconds()
		exhale := defaultExhale
		if in, ok := InhaleShare(events); ok {
			exhale = clamp(1-in, 0.4, 0.7)
		}
		// The breather's next in-breath, predicted from their latest.
		next := last + period*((start+ListenTime/2-last)/period+1)
		for next-period >= start+ListenTime/2 {
			next -= period
		}
		if next-start <= ListenTime*3/2 || waited >= arriveWait {
			c.Listen = max(next-start, time.Millisecond)
			c.Natural = natural
			c.eng = engine{mode: modeMeet, pace: g.startPace(g.meetAt(natural)), exhale: exhale}
			c.Words = []Word{{ID: "begin", Text: "let's begin"}}
			return c
		}
		return c
	}
	if start-last >= noTapWait || waited >= arriveWait {
		pace := g.cfg.StartBPM
		natural := 0.0
		if used >= 1 {
			natural = 60 / period.Seconds()
			pace = natural
		}
		return g.first(start, Cycle{Start: start, Natural: natural, eng: engine{mode: modeOpen, pace: g.startPace(pace)}})
	}
	return c
}

// meetAt is the pace the guide meets a breather heard at natural: a
// little slower (meetShare) when it leads, theirs when it only keeps them
// company.
func (g adaptive) meetAt(natural float64) float64 {
	if g.cfg.Lead {
		return natural * meetShare
	}
	return natural
}

// listening is how long the guide listens at most, and how long without a
// tap, before it starts: ArriveWait and NoTapWait, but no more than a fifth
// of a short session (at least 4 s), so that a one-minute break is spent
// breathing, not waiting. With few taps it starts from what they say, and
// with none from StartBPM (the pace history remembers).
func (g adaptive) listening() (arrive, noTap time.Duration) {
	arrive, noTap = ArriveWait, NoTapWait
	if p := g.cfg.Planned; p > 0 {
		arrive = min(arrive, max(p/5, shortListen))
		noTap = min(noTap, arrive)
	}
	return arrive, noTap
}

// first decides the first guided breath, after meet: the last listening
// cycle, or a stand-in for it when the guide starts on its own.
func (g adaptive) first(start time.Duration, meet Cycle) Cycle {
	e := meet.eng
	if e.exhale == 0 {
		e.exhale = defaultExhale
	}
	open := e.mode == modeOpen
	e.mode = modeHold
	e.hold = holdBreaths - 1
	e.breath = 1
	e.lockedSince = start
	e.correctTill = start + CorrectTime
	e.ceiling = e.pace
	e.met = e.pace
	e.quietSince = start
	e.spoken = 0
	from := e.pace
	toward := min(g.cfg.Target, from)
	c := Cycle{Stage: StageArrive, Locked: !open, Level: Words, Pace: e.pace, From: from, Toward: toward, Natural: meet.Natural}
	if open {
		e.mode = modeOpen
		e.lockedSince = -1
	}
	c.Breath = g.breath(60/e.pace, e.exhale, 0)
	c.eng = e
	c.Words = []Word{g.word(c.Breath, "follow")}
	return c
}

// lead takes one breath's step from pace toward goal at LeadRate, or,
// below a learned floor, back up toward it at most remeetStep.
func (g adaptive) lead(pace, toward, floor float64, prev Cycle) float64 {
	return g.leadAt(LeadRate, pace, toward, floor, prev)
}

// leadAt is lead at the given rate, in breaths/min per minute.
func (g adaptive) leadAt(rate, pace, toward, floor float64, prev Cycle) float64 {
	if !g.cfg.Lead {
		return pace
	}
	goal := max(toward, floor)
	if pace < floor {
		return min(floor, pace+remeetStep)
	}
	if pace <= goal {
		return pace
	}
	return max(goal, pace-rate*prev.Len().Minutes())
}

// leadStage is the stage of a breath at pace while leading: resting once
// at the target, steady when the guide does not lead.
func (g adaptive) leadStage(pace, toward float64) Stage {
	switch {
	case !g.cfg.Lead:
		return StageSteady
	case pace <= toward+0.01:
		return StageRest
	}
	return StageLead
}

// breath shapes one breath of the given period in seconds: the pattern's
// proportions when there is one, otherwise in:out moving from the
// breather's own ratio toward 1:1.5 as the pace nears the target.
func (g adaptive) breath(period, exhale, progress float64) Pattern {
	total := sec(period).Round(time.Millisecond)
	if p := g.cfg.Pattern; p != nil {
		return p.scaled(period/p.Period().Seconds(), total)
	}
	share := exhale + (leadExhale-exhale)*progress
	in := sec(period * (1 - share)).Round(time.Millisecond)
	in = max(min(in, total-sec(MinBreath)), sec(MinBreath))
	return Pattern{Inhale: in, Exhale: total - in}
}

// progress is how far along its lead from from to toward the pace is, 0..1.
func (g adaptive) progress(pace, from, toward float64) float64 {
	if from-toward < 0.01 {
		return 1
	}
	return clamp((from-pace)/(from-toward), 0, 1)
}

// word places a spoken cue a quarter into the breath's exhale, clear of
// the phase cues.
func (g adaptive) word(b Pattern, id string) Word {
	return Word{Offset: b.Inhale + b.TopUp + b.HoldIn + b.Exhale/4, ID: id, Text: WordText(id)}
}

// recentOnsets is the in-breath onsets of the last half minute or so: the
// last six at most.
func recentOnsets(ons []time.Duration, now time.Duration) []time.Duration {
	i := len(ons)
	for i > 0 && len(ons)-i < 6 && ons[i-1] >= now-45*time.Second {
		i--
	}
	return ons[i:]
}

// onsetGap is how far, in seconds, the breather's predicted in-breath
// nearest the guide's next one (at start+period) lies from it: positive
// when theirs comes later. It is 0 when their rhythm is unknown.
func onsetGap(start time.Duration, period float64, ons []time.Duration) float64 {
	rec := recentOnsets(ons, start)
	if len(rec) == 0 {
		return 0
	}
	p, _, ok := estimatePeriod(rec, 1, false)
	if !ok {
		return 0
	}
	their := p.Seconds()
	last := rec[len(rec)-1].Seconds()
	next := start.Seconds() + period
	k := math.Round((next - last) / their)
	gap := last + k*their - next
	return clamp(gap, -0.2*period, 0.2*period)
}

func clamp(x, lo, hi float64) float64 {
	if math.IsNaN(x) {
		return lo
	}
	return math.Max(lo, math.Min(hi, x))
}
