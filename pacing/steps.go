package pacing

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// StepGuide breathes a sequence of fixed paces, each for a set time, with
// a short rest between them: the arc of a resonance assessment. Each step
// is its pattern repeated (spoken cues for its first breaths, then tones);
// each rest is one listening cycle ("rest here"). When a step ends, the
// guide judges it with the engine's own adherence estimate (Assess on the
// step's cycles and the in-breath taps given before it ended): a step the
// breather did not follow is breathed once more after the rest (with
// Repeat); after the last step a closing rest ends the session.
//
// The guide keeps no state: where it is comes from the cycles decided
// so far, each step judged on the events before its end, so the same events
// always give the same session.
type StepGuide struct {
	Steps  []Pattern
	For    time.Duration // each step's length
	Rest   time.Duration // the rest between steps
	Repeat bool          // breathe a step not followed once more
	// WordsFor is how many breaths of each step get spoken cues; 2 when
	// zero.
	WordsFor int
}

// StepRun is one step as the session breathed it.
type StepRun struct {
	Step    int // index into StepGuide.Steps
	Attempt int // 1, or 2 for a repeat
	Cycles  []Cycle
	// Verdict is the adherence verdict on the step's breaths, judged on the
	// taps given before its end; Followed says whether it was Following.
	Verdict  Verdict
	Followed bool
}

// Validate reports a user's mistake in the guide's settings.
func (g StepGuide) Validate() error {
	switch {
	case len(g.Steps) == 0:
		return fmt.Errorf("no paces to step through")
	case g.For < 20*time.Second || g.For > 20*time.Minute:
		return fmt.Errorf("step length %v out of range: accepted 20s to 20m", g.For)
	case g.Rest < 0 || g.Rest > 5*time.Minute:
		return fmt.Errorf("rest %v out of range: accepted 0 to 5m", g.Rest)
	}
	for _, p := range g.Steps {
		if err := p.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// Longest is the longest the session can last: every step breathed twice,
// with its rests and the settling-in.
func (g StepGuide) Longest() time.Duration {
	var d time.Duration
	for _, p := range g.Steps {
		d += 2 * (g.For + p.Period() + g.restLen())
	}
	return SettleTime + d + g.restLen()
}

// restLen is the length of one rest (at least a second).
func (g StepGuide) restLen() time.Duration { return max(g.Rest, time.Second) }

// Next decides the cycle beginning at start.
func (g StepGuide) Next(start time.Duration, past []Cycle, events []Event) Cycle {
	runs := g.Runs(past, events)
	if len(runs) == 0 {
		return g.breath(0, 1, 0)
	}
	cur := runs[len(runs)-1]
	last := past[len(past)-1]
	if last.Listen <= 0 {
		first := cur.Cycles[0].Start
		p := g.Steps[cur.Step]
		if start+p.Period() <= first+g.For+p.Period()/2 {
			return g.breath(cur.Step, cur.Attempt, len(cur.Cycles))
		}
		// The step is over: rest, then what its judgement says.
		step, _ := g.after(cur, events, start)
		c := Cycle{Listen: g.restLen(), Stage: StageSteady, Level: Words}
		if step >= len(g.Steps) {
			c.Stage, c.Last = StageReturn, true
			c.Words = []Word{{ID: "closing", Text: WordText("closing")}}
			return c
		}
		c.Words = []Word{{ID: "rest", Text: WordText("rest")}}
		return c
	}
	// After a rest: the next step, as judged when the rest began.
	step, attempt := g.after(cur, events, last.Start)
	return g.breath(step, attempt, 0)
}

// after is the step and attempt that follow run cur, judged on the events
// before at-DecideAhead.
func (g StepGuide) after(cur StepRun, events []Event, at time.Duration) (step, attempt int) {
	ok := judgeRun(cur.Cycles, cutEvents(events, at)) == Following
	if !ok && g.Repeat && cur.Attempt == 1 {
		return cur.Step, 2
	}
	return cur.Step + 1, 1
}

// breath is the k-th breath (from 0) of the given step and attempt.
func (g StepGuide) breath(step, attempt, k int) Cycle {
	words := g.WordsFor
	if words == 0 {
		words = 2
	}
	c := Cycle{Breath: g.Steps[step], Stage: StageSteady, Level: Tones}
	if k < words {
		c.Level = Words
	}
	if k == 0 {
		id := "follow"
		if attempt > 1 {
			id = "again"
		}
		c.Words = []Word{{Offset: c.Breath.Inhale + c.Breath.TopUp + c.Breath.HoldIn + c.Breath.Exhale/4, ID: id, Text: WordText(id)}}
	}
	return c
}

// Runs reconstructs the steps breathed among cs (as a session decided them
// with this guide), in order, each judged on the events before it ended.
func (g StepGuide) Runs(cs []Cycle, events []Event) []StepRun {
	var runs []StepRun
	step, attempt := 0, 1
	for i := 0; i < len(cs); i++ {
		if cs[i].Listen > 0 {
			continue
		}
		j := i
		for j < len(cs) && cs[j].Listen <= 0 {
			j++
		}
		if step >= len(g.Steps) {
			break
		}
		r := StepRun{Step: step, Attempt: attempt, Cycles: cs[i:j:j]}
		if j < len(cs) {
			// Ended: judged when the rest after it was decided.
			r.Verdict = judgeRun(r.Cycles, cutEvents(events, cs[j].Start))
			r.Followed = r.Verdict == Following
			step, attempt = g.after(r, events, cs[j].Start)
		}
		runs = append(runs, r)
		i = j - 1
	}
	return runs
}

// Judge judges each run (see Runs) on all the events given: the last run,
// unjudged while it was breathed, gets its verdict.
func (g StepGuide) Judge(runs []StepRun, events []Event) []StepRun {
	out := make([]StepRun, len(runs))
	for i, r := range runs {
		if i == len(runs)-1 && len(r.Cycles) > 0 {
			end := r.Cycles[len(r.Cycles)-1].End()
			r.Verdict = judgeRun(r.Cycles, cutEvents(events, end+DecideAhead))
			r.Followed = r.Verdict == Following
		}
		out[i] = r
	}
	return out
}

// judgeRun is the engine's adherence verdict on a step's cycles.
func judgeRun(cs []Cycle, events []Event) Verdict {
	return Assess(cs, Onsets(events)).Verdict()
}

// cutEvents is the events observed before at-DecideAhead (events in time
// order).
func cutEvents(events []Event, at time.Duration) []Event {
	cut := sort.Search(len(events), func(i int) bool { return events[i].At >= at-DecideAhead })
	return events[:cut:cut]
}

// NewStepGuide builds the assessment's pacing guide from the paces (each
// MinTarget to MaxTarget, a pace a session can lead toward), the step and
// rest lengths and the in:out ratio.
func NewStepGuide(paces []float64, step, rest time.Duration, in, out float64) (StepGuide, error) {
	if in == 0 && out == 0 {
		in, out = 1, 1
	}
	if !(in > 0 && out > 0 && in/out >= 0.25 && in/out <= 4) {
		return StepGuide{}, fmt.Errorf("ratio %g:%g out of range: accepted in:out between 1:4 and 4:1, such as 1:1 or 4:6", in, out)
	}
	g := StepGuide{For: step, Rest: rest, Repeat: true}
	for _, p := range paces {
		if !(p >= MinTarget && p <= MaxTarget) {
			return StepGuide{}, fmt.Errorf("pace %g out of range: accepted %g to %g breaths/min (the paces a session can lead toward)", p, MinTarget, MaxTarget)
		}
		period := 60 / p
		inhale := time.Duration(period * in / (in + out) * float64(time.Second)).Round(time.Millisecond)
		total := time.Duration(period * float64(time.Second)).Round(time.Millisecond)
		g.Steps = append(g.Steps, Pattern{Name: strconv.FormatFloat(p, 'f', -1, 64) + "/min", Inhale: inhale, Exhale: total - inhale})
	}
	return g, g.Validate()
}
