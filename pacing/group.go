package pacing

import (
	"slices"
	"time"
)

// The group pacer's settings.
const (
	// GroupArrive is how long a room without a pattern listens when it
	// begins, to hear its members' own paces.
	GroupArrive = 20 * time.Second
	// groupHold is how many guided breaths the group pacer keeps at the
	// pace it met before it leads.
	groupHold = 2
	// groupWords is how many guided breaths are spoken before tones.
	groupWords = 3
	// groupNeed is how many intervals between a member's taps make their
	// pace count toward where the room starts.
	groupNeed = 3
)

// Group decides the breath of a room that has no pattern of its own: it
// meets the room (the median own pace of the members who tap while it
// arrives, or DefaultStartBPM), leads gently while most members who tap
// are in step — each judged by Assess, as a solo session judges its
// breather — holds when most are not, and never quickens: a room whose
// pace rises is not followed. Like a Guide it is a pure function of the
// cycles decided so far and what was observed; what it observes is each
// member's in-breath onsets.
type Group struct {
	// Target is the pace to lead toward in breaths per minute,
	// DefaultTarget when zero.
	Target float64
	// Arrive is how long the room listens first, GroupArrive when zero.
	Arrive time.Duration
	// Ahead is how long before a cycle begins it is decided, DecideAhead
	// when zero: taps later than that count toward the next one. A room
	// shared by several processes decides its cycles earlier than a solo
	// session, so that every member hears of them in time.
	Ahead time.Duration
}

func (g Group) target() float64 {
	if g.Target <= 0 {
		return DefaultTarget
	}
	return clamp(g.Target, MinTarget, MaxTarget)
}

func (g Group) arrive() time.Duration {
	if g.Arrive <= 0 {
		return GroupArrive
	}
	return g.Arrive
}

// Next decides the room's cycle that begins at start. past holds every
// cycle decided so far, oldest first (a room that kept only its latest
// cycles passes those); members holds each member's in-breath onsets in
// room time, oldest first: only those before start less Ahead count.
func (g Group) Next(start time.Duration, past []Cycle, members [][]time.Duration) Cycle {
	ahead := g.Ahead
	if ahead <= 0 {
		ahead = DecideAhead
	}
	cut := start - ahead
	ons := make([][]time.Duration, 0, len(members))
	for _, m := range members {
		i, _ := slices.BinarySearch(m, cut)
		if i > 0 {
			ons = append(ons, Onsets(tapsOf(m[:i])))
		}
	}
	var prev *Cycle
	guided := 0
	for i := range past {
		if past[i].Listen <= 0 {
			prev = &past[i]
			guided++
		}
	}
	switch {
	case len(past) == 0:
		return Cycle{Start: start, Listen: g.arrive(), Stage: StageArrive, Level: Words, Toward: g.target()}
	case prev == nil:
		return g.meet(start, past[0].Start, ons)
	}
	return g.follow(start, past, *prev, guided, ons)
}

// tapsOf is onsets as in-breath events.
func tapsOf(onsets []time.Duration) []Event {
	evs := make([]Event, len(onsets))
	for i, at := range onsets {
		evs[i] = Event{Kind: BreathIn, At: at}
	}
	return evs
}

// meet decides the first guided breath: a little slower than the median
// pace of the members heard since from, or DefaultStartBPM.
func (g Group) meet(start, from time.Duration, members [][]time.Duration) Cycle {
	var paces []float64
	for _, m := range members {
		i, _ := slices.BinarySearch(m, from)
		if p, _, ok := EstimatePeriod(m[i:], groupNeed); ok {
			paces = append(paces, 60/p.Seconds())
		}
	}
	pace, natural := DefaultStartBPM, 0.0
	if len(paces) > 0 {
		slices.Sort(paces)
		natural = paces[len(paces)/2]
		if len(paces)%2 == 0 {
			natural = (paces[len(paces)/2-1] + natural) / 2
		}
		pace = natural * meetShare
	}
	pace = clamp(pace, minBPM, MaxBPM)
	c := Cycle{Start: start, Stage: StageArrive, Level: Words, Pace: pace, From: pace, Toward: min(g.target(), pace), Natural: natural}
	c.Breath = adaptive{}.breath(60/pace, defaultExhale, 0)
	c.Words = []Word{adaptive{}.word(c.Breath, "follow")}
	return c
}

// follow decides a guided breath after prev: a step toward the target
// when most members who tap follow (or nobody taps), the same pace
// otherwise. The pace never rises. It says less as it goes: words for the
// first breaths, tones while it leads, silence once it rests at the
// target; words again when the room loses the rhythm.
func (g Group) follow(start time.Duration, past []Cycle, prev Cycle, guided int, members [][]time.Duration) Cycle {
	judged, with := 0, 0
	for _, m := range members {
		switch Assess(past, m).Verdict() {
		case Following:
			judged++
			with++
		case Doubtful, Lost:
			judged++
		}
	}
	lead := with*2 > judged || judged == 0
	pace := prev.Pace
	stage := StageLead
	switch {
	case guided < groupHold, !lead && prev.Stage == StageArrive:
		// Meeting the room: held until most who tap are with it.
		stage = StageArrive
	case !lead:
		stage = StageRepair
	case pace > prev.Toward:
		pace = max(prev.Toward, pace-LeadRate*prev.Len().Minutes())
	}
	if stage == StageLead && pace <= prev.Toward+0.01 {
		stage = StageRest
	}
	c := Cycle{Start: start, Stage: stage, Locked: lead, Pace: pace, From: prev.From, Toward: prev.Toward, Natural: prev.Natural, Level: Tones}
	lostIt := !lead && prev.Locked && (prev.Stage == StageLead || prev.Stage == StageRest)
	switch {
	case guided < groupWords, lostIt:
		c.Level = Words
	case stage == StageRest && prev.Stage == StageRest:
		// Resting at the target together: calm silence.
		c.Level = Silent
	}
	progress := adaptive{}.progress(pace, prev.From, prev.Toward)
	c.Breath = adaptive{}.breath(60/pace, defaultExhale, progress)
	if lostIt {
		c.Words = []Word{adaptive{}.word(c.Breath, "with-you")}
	}
	return c
}

// Repeat is prev again from start: what a room breathes when its next
// cycle was not decided in time, alike for every member.
func Repeat(prev Cycle, start time.Duration) Cycle {
	c := prev
	c.Start = start
	c.Words = nil
	c.Last = false
	if c.Level == Words {
		c.Level = Tones
	}
	return c
}

// Stretch is c lasting d instead, each phase in proportion: the breath with
// which a member whose breath came apart from its room's meets the room's
// next cycle without a jump.
func Stretch(c Cycle, d time.Duration) Cycle {
	if c.Listen > 0 {
		c.Listen = d
		return c
	}
	c.Breath = c.Breath.scaled(float64(d)/float64(c.Len()), d)
	return c
}
