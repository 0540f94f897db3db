package pacing

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// evidence is what the breather's taps say when a guided breath is
// decided.
type evidence struct {
	ons     []time.Duration // in-breath onsets of the last few minutes
	tapping bool            // they tapped lately
	adh     Adherence       // how they kept with the last guided breaths
	verdict Verdict
	recent  float64 // their robust rate over the last minute; 0 unknown
	latest  float64 // their robust rate over their last few breaths; 0 unknown
	settled float64 // their robust rate over the last two minutes; 0 unknown
}

// gather reads the evidence for the breath that begins at start.
func (g adaptive) gather(start time.Duration, past []Cycle, prev Cycle, events []Event) evidence {
	window := max(3*time.Minute, 2*AdherenceWindow*prev.Len())
	cut, _ := slices.BinarySearchFunc(events, start-window, func(e Event, t time.Duration) int { return cmp.Compare(e.At, t) })
	ev := evidence{ons: Onsets(events[cut:])}
	quiet := max(3*prev.Len(), 15*time.Second)
	ev.tapping = len(ev.ons) > 0 && ev.ons[len(ev.ons)-1] >= start-quiet
	ev.adh = Assess(past, ev.ons)
	ev.verdict = ev.adh.Verdict()
	ev.recent = rateSince(ev.ons, start-time.Minute, 4)
	ev.settled = settledRate(ev.ons, start-2*time.Minute)
	if n := len(ev.ons); n >= 4 {
		ev.latest = rateSince(ev.ons[max(n-6, 0):], 0, 3)
	}
	if ev.tapping && ev.verdict != Following && ev.recent > prev.Pace+maxBehind {
		// Nobody who follows keeps a minute this much faster than the
		// guide, however the taps happen to fall.
		ev.verdict = Lost
	}
	return ev
}

// rateSince is the robust rate, in breaths per minute, of the onsets since
// from, or 0 with fewer than need intervals.
func rateSince(ons []time.Duration, from time.Duration, need int) float64 {
	i, _ := slices.BinarySearch(ons, from)
	if p, _, ok := estimatePeriod(ons[i:], need, false); ok {
		return 60 / p.Seconds()
	}
	return 0
}

// settledRate is the breather's rate over the time since from, robustly:
// the median of their breaths' rates, where an interval about k times the
// median one is k breaths with k-1 taps missed. It is 0 with fewer than
// six breaths. A burst of fast breaths moves it once it is half of them;
// the ceiling's slow rise keeps the guide from following it.
func settledRate(ons []time.Duration, from time.Duration) float64 {
	i, _ := slices.BinarySearch(ons, from)
	var ds []time.Duration
	for k := max(i, 1); k < len(ons); k++ {
		if d := ons[k] - ons[k-1]; d >= MinTapGap && d <= MaxTapGap {
			ds = append(ds, d)
		}
	}
	if len(ds) < 6 {
		return 0
	}
	m := median(ds)
	for j, d := range ds {
		if k := time.Duration(math.Round(float64(d) / float64(m))); k >= 2 {
			ds[j] = d / k
		}
	}
	return 60 / median(ds).Seconds()
}

// follow decides every guided breath after the first, in four steps: read
// the evidence, settle where the breather's own pace is, choose the pace,
// and shape the breath and what it says.
func (g adaptive) follow(start time.Duration, past []Cycle, prev Cycle, events []Event) Cycle {
	e := prev.eng
	e.breath++
	e.spoken++
	ev := g.gather(start, past, prev, events)
	if ev.tapping && ev.recent > 0 {
		if e.est == 0 {
			e.est = ev.recent
		}
		e.est += estSmooth * (ev.recent - e.est)
	}
	from := g.settle(&e, start, prev, ev)
	if g.returning(start) {
		// The closing return goes back toward where the guide met the
		// breather, by at most returnRise: a planned arc, above the
		// ceiling if need be.
		from = max(from, min(e.met, prev.Pace+returnRise))
	}
	toward := min(g.cfg.Target, from)
	locked, regained := g.believe(&e, start, prev, ev)
	st := steer{e: &e, start: start, prev: prev, from: from, toward: toward, ev: ev, locked: locked}
	pace, alpha, stage := g.steer(&st)
	c := g.shape(&st, pace, alpha)
	c.Stage, c.Locked, c.From, c.Toward = stage, locked, from, toward
	c.Breath = g.breath(c.Breath.Period().Seconds(), e.exhale, g.progress(pace, from, toward))
	g.cue(&c, &e, prev, start, ev.tapping, regained)
	c.eng = e
	return c
}

// settle returns the guide's ceiling, the breather's settled rate: while
// the start may still be corrected, the rate they have kept over the last
// minute when they are consistently not with the guide; after that their
// rate over the last two minutes, weighted by time (see settledRate), but
// rising at most CeilingRise a minute, and never below the guide's pace.
func (g adaptive) settle(e *engine, start time.Duration, prev Cycle, ev evidence) float64 {
	switch {
	case !ev.tapping:
	case start < e.correctTill:
		if ev.recent > 0 && ev.verdict == Lost && math.Abs(ev.recent-e.ceiling) > 0.08*e.ceiling {
			// Down no faster than the guide may slow, so that it stays
			// a ceiling.
			e.ceiling = max(g.startPace(ev.recent), max(e.pace, prev.BPM())-MaxSlowing*prev.Len().Minutes())
		}
	case ev.settled > 0:
		rise := CeilingRise * prev.Len().Minutes()
		e.ceiling = min(max(e.pace, prev.BPM(), ev.settled), e.ceiling+rise, MaxBPM)
	}
	return e.ceiling
}

// believe updates whether the breather is following: yes on a verdict of
// following, no on one of lost, and as before when the evidence is mixed,
// too thin, or they stopped tapping (silence is not a lost breather). It
// reports the belief and whether it was just regained.
func (g adaptive) believe(e *engine, start time.Duration, prev Cycle, ev evidence) (locked, regained bool) {
	locked = prev.Locked
	switch {
	case !ev.tapping:
		e.lost = 0
		return locked, false
	case ev.verdict == Following:
		locked = true
		e.lost = 0
	case ev.verdict == Lost:
		locked = false
		e.lost++
	default:
		e.lost = 0
	}
	if !locked {
		e.lockedSince = -1
	} else if e.lockedSince < 0 {
		e.lockedSince = start
		regained = e.mode == modeWait || e.mode == modeRemeet || e.mode == modeOpen
	}
	if locked && e.floor > 0 {
		e.floor -= floorRelax * prev.Len().Minutes()
		if e.floor <= g.cfg.Target {
			e.floor = 0
		}
	}
	return locked, regained
}

// steer is one pace decision's inputs.
type steer struct {
	e            *engine
	start        time.Duration
	prev         Cycle
	from, toward float64
	ev           evidence
	locked       bool
}

// steer chooses the breath's pace, how much of the gap to the breather's
// in-breath it closes (alpha) and the stage: the closing return and the
// unguided stretch by the clock; otherwise lead while they follow, lead
// open-loop while they are silent, hold while the evidence is mixed, and
// re-meet them only when it consistently says they went their own way.
func (g adaptive) steer(s *steer) (pace, alpha float64, stage Stage) {
	e, prev, start := s.e, s.prev, s.start
	last := prev.eng.mode
	pace, stage = e.pace, prev.Stage
	ret := max(g.cfg.Planned-min(ReturnTime, g.cfg.Planned/6), 0)
	switch {
	case g.returning(start):
		if last != modeReturn {
			e.goal = min(s.from, pace+returnRise)
		}
		e.mode = modeReturn
		pace = min(e.goal, pace+returnStep)
		stage = StageReturn
	case g.cfg.Unguided > 0 && start >= ret-g.cfg.Unguided:
		e.mode = modeUnguided
		stage = StageUnguided
	case !s.ev.tapping:
		if e.mode != modeOpen && e.mode != modeHold {
			e.mode = modeOpen
			e.quietSince = start
		}
		if e.hold > 0 {
			e.hold--
		} else {
			e.mode = modeOpen
			pace = g.lead(pace, s.toward, e.floor, prev)
		}
		stage = g.leadStage(pace, s.toward)
	case start < e.correctTill && s.ev.verdict == Lost && s.ev.recent > 0 && math.Abs(s.ev.recent-pace) > 0.08*pace:
		// The start was wrong, not the breather: meet them where they are,
		// faster upward (a start from a few taps, some missed, can be
		// half their pace), never down faster than the guide may slow.
		e.mode = modeRemeet
		pace += clamp(s.ev.recent-pace, -remeetStep, correctStep)
		alpha, stage = 0.5, StageArrive
	case s.ev.verdict == Following && s.ev.latest > pace*(1+behind) && s.ev.recent > pace*(1+behind/2):
		// With the guide, but their pace has not come down to its yet:
		// wait for them here.
		e.mode = modeWait
		alpha = 0.15
	case s.ev.verdict == Following:
		pace, alpha, stage = g.leadOn(e, prev, s.toward, pace)
	case s.ev.verdict == Lost:
		pace, alpha, stage = g.repair(s, last)
	case s.ev.verdict == Doubtful && e.mode == modeLead && s.ev.adh.keepsPace():
		// Mixed evidence, but they keep the guide's pace: lead on, at
		// half the rate, in proportion to the evidence.
		e.mode = modeLead
		pace = g.leadAt(LeadRate/2, pace, s.toward, e.floor, prev)
		alpha, stage = 0.3, g.leadStage(pace, s.toward)
	default:
		// Mixed or thin evidence: hold the pace and keep close.
		if e.mode == modeHold && e.hold > 0 {
			stage = StageArrive
		} else if e.mode == modeRemeet {
			stage = StageRepair
		} else {
			e.mode = modeWait
		}
		alpha = 0.3
	}
	return g.limit(s, pace), alpha, stage
}

// returning reports whether the breath beginning at start is in the
// closing return: the last ReturnTime, or a sixth of a short session.
func (g adaptive) returning(start time.Duration) bool {
	p := g.cfg.Planned
	return p > 0 && start >= max(p-min(ReturnTime, p/6), 0)
}

// leadOn takes one breath of leading while the breather follows, after
// the breaths held at the met pace.
func (g adaptive) leadOn(e *engine, prev Cycle, toward, pace float64) (float64, float64, Stage) {
	if e.hold > 0 && e.mode == modeHold {
		e.hold--
		return pace, 0.15, StageArrive
	}
	e.mode, e.hold = modeLead, 0
	pace = g.lead(pace, toward, e.floor, prev)
	return pace, 0.15, g.leadStage(pace, toward)
}

// repair handles a breather consistently not with the guide: it holds one
// breath, then re-meets them, moving at most remeetStep a breath toward
// their smoothed rate, never above the ceiling (which rises slowly: the
// guide never follows a rise). Lost while leading, with the breather's rate over
// the last minute a little faster than the guide (not far: a spike is no
// floor), that rate is as
// slow as they go for now: the guide waits just above it (the learned
// floor), and the floor relaxes while they follow.
func (g adaptive) repair(s *steer, last mode) (float64, float64, Stage) {
	e := s.e
	pace := e.pace
	burst := s.ev.adh.TapRatio > 1.3 // a spike of fast breaths, not a floor
	led := e.met-pace >= floorLed    // lost after leading, not while arriving
	if r := s.ev.recent; e.lost == 1 && led && !burst && (last == modeLead || last == modeWait) && r > pace && r <= pace+floorNear {
		e.floor = max(e.floor, min(r+floorMargin, s.from))
	}
	if e.lost <= 1 && e.mode != modeRemeet {
		e.mode = modeWait
		return pace, 0.3, StageRepair
	}
	e.mode = modeRemeet
	if e.est > 0 {
		pace += clamp(e.est-pace, -remeetStep, remeetStep)
	}
	return pace, 0.5, StageRepair
}

// limit keeps a pace within the promises: never above the ceiling nor
// MaxBPM, never slowing by more than MaxSlowing a minute, never below the
// target (unless the breather was met below it).
func (g adaptive) limit(s *steer, pace float64) float64 {
	e := s.e
	lo := max(minBPM, min(s.toward, e.pace), e.pace-MaxSlowing*s.prev.Len().Minutes())
	return clamp(pace, lo, min(s.from, MaxBPM))
}

// shape sets the breath's length: the pace, bent by alpha of the gap to
// the breather's predicted in-breath, within the same limits.
func (g adaptive) shape(s *steer, pace, alpha float64) Cycle {
	s.e.pace = pace
	period := 60 / pace
	if alpha > 0 && s.ev.tapping {
		period += alpha * onsetGap(s.start, period, s.ev.ons)
	}
	bpm := 60 / period
	lo := max(minBPM, min(s.toward, pace), s.prev.BPM()-MaxSlowing*s.prev.Len().Minutes())
	bpm = clamp(bpm, lo, min(s.from, MaxBPM))
	return Cycle{Pace: pace, Natural: s.prev.Natural, Breath: Pattern{Exhale: sec(60 / bpm)}}
}

// cue sets how much the breath says: words while arriving, at changes and
// every few breaths at first, then tones after wordsTime in step, then
// silence after tonesTime; tones at once when the breather is lost, and
// words again when the guide re-meets them.
func (g adaptive) cue(c *Cycle, e *engine, prev Cycle, start time.Duration, tapping, regained bool) {
	last := prev.eng.mode
	quiet := time.Duration(-1)
	switch {
	case c.Locked && e.lockedSince >= 0:
		quiet = start - e.lockedSince
	case !tapping:
		quiet = start - e.quietSince
	}
	decay := Tones
	switch {
	case quiet < 0:
	case quiet < wordsTime:
		decay = Words
	case quiet >= tonesTime:
		decay = Silent
	}
	say := ""
	switch {
	case c.Stage == StageUnguided:
		c.Level = Silent
		if last != modeUnguided {
			say = "unguided"
		}
	case c.Stage == StageReturn:
		c.Level = Tones
		if last != modeReturn {
			c.Level, say = Words, "return"
		}
	case e.mode == modeRemeet && c.Stage == StageRepair:
		c.Level = Tones
		if last != modeRemeet {
			c.Level, say = Words, "again"
		}
	case e.mode == modeWait && c.Stage == StageRepair:
		c.Level = Tones
	case regained && tapping:
		c.Level, say = Words, "with-you"
	case c.Stage != prev.Stage && (c.Stage == StageLead || c.Stage == StageRest) && g.cfg.Lead:
		c.Level = decay
		say = map[Stage]string{StageLead: "slower", StageRest: "rest"}[c.Stage]
	case e.breath <= 3:
		c.Level = Words
	case decay == Words && e.spoken >= wordsEvery:
		c.Level = Words
		say = "well"
		if c.Stage == StageLead {
			say = "letgo"
		}
	case decay == Words:
		c.Level = Tones
	default:
		c.Level = decay
	}
	if c.Level == Words {
		e.spoken = 0
	}
	if say != "" {
		c.Words = []Word{g.word(c.Breath, say)}
	}
}
