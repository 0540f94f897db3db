package pacing

import (
	"testing"
	"time"
)

func assessGuide(t *testing.T) StepGuide {
	t.Helper()
	var ps []Pattern
	for _, s := range []time.Duration{10 * time.Second, 12 * time.Second} {
		ps = append(ps, Pattern{Inhale: s / 2, Exhale: s / 2})
	}
	g := StepGuide{Steps: ps, For: time.Minute, Rest: 15 * time.Second, Repeat: true}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	return g
}

// runSteps runs a session of g to its end; tap, when set, gives the
// breather's in-breath taps at each guided cycle's start.
func runSteps(t *testing.T, g StepGuide, tap func(c Cycle) bool) (*Session, []Cycle) {
	t.Helper()
	s := NewSession(Plan{Duration: g.Longest(), Guide: g})
	for at := time.Duration(0); at < g.Longest(); at += 100 * time.Millisecond {
		st := s.StateAt(at)
		if st.Phase == Done {
			break
		}
		if c, ok := s.CycleAt(at); ok && c.Listen <= 0 && at-c.Start < 100*time.Millisecond && tap != nil && tap(c) {
			s.Observe(Event{Kind: BreathIn, At: c.Start + 150*time.Millisecond})
		}
	}
	return s, s.Cycles(g.Longest() + time.Hour)
}

func TestStepGuideFollowed(t *testing.T) {
	g := assessGuide(t)
	s, cs := runSteps(t, g, func(Cycle) bool { return true })
	runs := g.Judge(g.Runs(cs, s.Events()), s.Events())
	if len(runs) != 2 {
		t.Fatalf("%d runs, want 2: %+v", len(runs), runs)
	}
	for i, r := range runs {
		if r.Step != i || r.Attempt != 1 || !r.Followed {
			t.Errorf("run %d: step %d attempt %d followed %v (%v)", i, r.Step, r.Attempt, r.Followed, r.Verdict)
		}
		if got := r.Cycles[0].Breath; got != g.Steps[i] {
			t.Errorf("run %d breathes %v, want %v", i, got, g.Steps[i])
		}
		if d := r.Cycles[len(r.Cycles)-1].End() - r.Cycles[0].Start; d < g.For-g.Steps[i].Period()/2 || d > g.For+g.Steps[i].Period()/2 {
			t.Errorf("run %d lasts %v, want about %v", i, d, g.For)
		}
	}
	last := cs[len(cs)-1]
	if last.Listen <= 0 || !last.Last || len(last.Words) == 0 || last.Words[0].ID != "closing" {
		t.Errorf("the session does not end with a closing rest: %+v", last)
	}
	if cs[len(runs[0].Cycles)].Listen != g.Rest {
		t.Errorf("no rest after the first step: %+v", cs[len(runs[0].Cycles)])
	}
}

// TestStepGuideRepeat: a step without taps (the engine cannot tell the
// breather followed) is breathed once more, and then the next comes.
func TestStepGuideRepeat(t *testing.T) {
	g := assessGuide(t)
	s, cs := runSteps(t, g, func(c Cycle) bool { return c.Breath != g.Steps[0] })
	runs := g.Judge(g.Runs(cs, s.Events()), s.Events())
	want := []struct{ step, attempt int }{{0, 1}, {0, 2}, {1, 1}}
	if len(runs) != len(want) {
		t.Fatalf("%d runs, want %d", len(runs), len(want))
	}
	for i, w := range want {
		if runs[i].Step != w.step || runs[i].Attempt != w.attempt {
			t.Errorf("run %d: step %d attempt %d, want %d %d", i, runs[i].Step, runs[i].Attempt, w.step, w.attempt)
		}
	}
	if runs[0].Followed || runs[1].Followed || !runs[2].Followed {
		t.Errorf("verdicts %v %v %v", runs[0].Verdict, runs[1].Verdict, runs[2].Verdict)
	}
	if w := runs[1].Cycles[0].Words; len(w) == 0 || w[0].ID != "again" {
		t.Errorf("the repeat does not say so: %+v", w)
	}
}

func TestStepGuideValidate(t *testing.T) {
	p := Pattern{Inhale: 5 * time.Second, Exhale: 5 * time.Second}
	for _, g := range []StepGuide{{}, {Steps: []Pattern{p}, For: time.Second}, {Steps: []Pattern{p}, For: time.Minute, Rest: -time.Second}, {Steps: []Pattern{{}}, For: time.Minute}} {
		if g.Validate() == nil {
			t.Errorf("%+v: no error", g)
		}
	}
}

func TestNewStepGuideErrors(t *testing.T) {
	for _, tt := range []struct {
		paces   []float64
		step    time.Duration
		in, out float64
	}{
		{[]float64{6, 2}, time.Minute, 1, 1},
		{[]float64{6, 3.5}, time.Minute, 1, 1}, // below MinTarget: a pace no session leads toward
		{[]float64{6, 10.5}, time.Minute, 1, 1},
		{[]float64{6}, time.Second, 1, 1},
		{[]float64{}, time.Minute, 1, 1},
		{[]float64{6}, time.Minute, 1, 9},
		{[]float64{6}, time.Minute, -1, 1},
	} {
		if _, err := NewStepGuide(tt.paces, tt.step, 20*time.Second, tt.in, tt.out); err == nil {
			t.Errorf("NewStepGuide(%v, %v, %g:%g): no error", tt.paces, tt.step, tt.in, tt.out)
		}
	}
}
