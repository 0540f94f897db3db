package heart

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
)

func TestDecide(t *testing.T) {
	s := func(p, sw, lo, hi float64, valid bool) StepResult {
		return StepResult{Pace: p, Swing: sw, Lo: lo, Hi: hi, Valid: valid}
	}
	tests := []struct {
		name  string
		steps []StepResult
		best  float64
		tied  []float64
		valid bool
	}{
		{"one clear best", []StepResult{s(6.5, 8, 7, 9, true), s(6, 10, 9, 11, true), s(5.5, 14, 13, 15, true), s(5, 10, 9, 11, true)}, 5.5, []float64{5.5}, true},
		{"overlapping", []StepResult{s(6, 10, 9, 11, true), s(5.5, 12, 10.5, 13, true), s(5, 11.5, 10, 12.5, true), s(4.5, 8, 7, 9, true)}, 5.5, []float64{5, 5.5, 6}, true},
		{"an invalid larger step does not count", []StepResult{s(6, 10, 9, 11, true), s(5.5, 20, 19, 21, false), s(5, 8, 7, 8.5, true)}, 6, []float64{6}, true},
		{"a repeat counts by its valid attempt", []StepResult{s(6, 10, 9, 11, true), s(5.5, 20, 19, 21, false), s(5.5, 12, 11.5, 13, true)}, 5.5, []float64{5.5}, true},
		{"one pace alone is no finding", []StepResult{s(6, 10, 9, 11, true), s(5.5, 20, 19, 21, false), s(5, 8, 7, 9, false)}, 0, []float64{}, false},
		{"one pace twice is no finding", []StepResult{s(6, 10, 9, 11, true), s(6, 12, 11, 13, true)}, 0, []float64{}, false},
		{"nothing valid", []StepResult{s(6, 10, 9, 11, false)}, 0, []float64{}, false},
	}
	for _, tt := range tests {
		r := Decide(tt.steps)
		if r.Best != tt.best || !slices.Equal(r.Tied, tt.tied) || r.Valid != tt.valid {
			t.Errorf("%s: best %g tied %v valid %v, want %g %v %v", tt.name, r.Best, r.Tied, r.Valid, tt.best, tt.tied, tt.valid)
		}
	}
}

func TestSentence(t *testing.T) {
	for _, tt := range []struct {
		r    Result
		want string
	}{
		{Result{Valid: true, Best: 5.5, Tied: []float64{5.5}}, "5.5 breaths/min: the pace where your heart rate swung most today"},
		{Result{Valid: true, Best: 5.5, Tied: []float64{5, 5.5}}, "5.0–5.5 breaths/min, about equal (most at 5.5): the pace where your heart rate swung most today"},
		{Result{Valid: true, Best: 6.5, Tied: []float64{4.5, 6.5}, Steps: []StepResult{{Pace: 6.5, Valid: true}, {Pace: 5.5, Valid: true}, {Pace: 4.5, Valid: true}}}, "4.5, 6.5 breaths/min, about equal (most at 6.5): the pace where your heart rate swung most today"},
		{Result{Valid: true, Best: 6, Tied: []float64{6, 7}, Steps: []StepResult{{Pace: 7, Valid: true}, {Pace: 6, Valid: true}}}, "6.0–7.0 breaths/min, about equal (most at 6.0): the pace where your heart rate swung most today"},
		{Result{}, "no step counted: no pace found today"},
		{Result{Steps: []StepResult{{Pace: 6, Valid: true}, {Pace: 5.5}, {Pace: 5.5, Attempt: 2}}}, "only 6.0 breaths/min counted, with nothing to compare it with: no pace found today"},
		{Result{Valid: true, Best: 6, Tied: []float64{6}, Steps: []StepResult{{Pace: 6.5, Valid: true}, {Pace: 6, Valid: true}, {Pace: 4.5}, {Pace: 5.5}, {Pace: 5.5, Valid: true}}}, "6.0 breaths/min: the pace where your heart rate swung most today; 4.5 did not count"},
		{Result{Valid: true, Best: 6, Tied: []float64{6, 6.5}, Steps: []StepResult{{Pace: 6.5, Valid: true}, {Pace: 6, Valid: true}, {Pace: 5}, {Pace: 4.5}}}, "6.0–6.5 breaths/min, about equal (most at 6.0): the pace where your heart rate swung most today; 4.5, 5.0 did not count"},
	} {
		if got := tt.r.Sentence(); got != tt.want {
			t.Errorf("Sentence = %q, want %q", got, tt.want)
		}
	}
}

// stepCycles is n fixed breaths at bpm from start.
func stepCycles(bpm float64, start time.Duration, n int) []pacing.Cycle {
	p := time.Duration(60 / bpm * float64(time.Second))
	var cs []pacing.Cycle
	for i := range n {
		cs = append(cs, pacing.Cycle{Start: start + time.Duration(i)*p, Breath: pacing.Pattern{Inhale: p / 2, Exhale: p - p/2}})
	}
	return cs
}

func TestAnalyze(t *testing.T) {
	h := SimHeart{Base: 65, Resonance: 5.5, Q: 1.5, Gain: 14, Noise: 1, NoiseTau: 20 * time.Second, Seed: 3}
	end := 3 * time.Minute
	out := h.Run(onsetsAt(5.5, end), end)
	cs := stepCycles(5.5, 0, 15)
	st := Step{Pace: 5.5, Attempt: 1, Cycles: cs, Followed: true, Verdict: "following"}
	r := Analyze(out.Beats, st)
	if !r.Valid || r.Breaths < 10 || r.Swing < 10 || r.Lo > r.Swing || r.Hi < r.Swing {
		t.Errorf("a followed step: %+v", r)
	}
	if r.Smoothness < 0.5 || r.LF <= 0 || math.Abs(r.MeanHR-65) > 5 {
		t.Errorf("secondary figures: %+v", r)
	}
	st.Followed, st.Verdict = false, "lost"
	if r := Analyze(out.Beats, st); r.Valid || r.Why == "" {
		t.Errorf("a step not followed counts: %+v", r)
	}
	st.Verdict = pacing.Unknown.String()
	if r := Analyze(out.Beats, st); r.Valid || !strings.Contains(r.Why, "too few breaths tapped") {
		t.Errorf("a step too short to judge: %+v", r)
	}
	spoiled := append([]Beat(nil), out.Beats...)
	for i := 0; i < len(spoiled); i += 10 {
		spoiled[i].Artefact = true
	}
	st.Followed = true
	if r := Analyze(spoiled, st); r.Valid || r.Artefact < MaxArtefacts {
		t.Errorf("a step with 10 %% artefacts counts: %+v", r)
	}
	if r := Analyze(nil, st); r.Valid {
		t.Errorf("a step without beats counts: %+v", r)
	}
}

func TestBreathSwing(t *testing.T) {
	var bs []Beat
	at := time.Duration(0)
	for _, v := range []float64{1000, 900, 800, 900, 1000, 1000} {
		at += ms(v)
		bs = append(bs, Beat{At: at, RR: v})
	}
	s, ok := BreathSwing(bs, 0, at+time.Millisecond)
	if !ok || math.Abs(s.PeakToTrough-15) > 1e-9 {
		t.Errorf("swing %+v %v, want 75-60 = 15", s, ok)
	}
	bs[2].Artefact = true
	if s, _ := BreathSwing(bs, 0, at+time.Millisecond); math.Abs(s.PeakToTrough-(60000/900.0-60)) > 1e-9 {
		t.Errorf("an artefact's rate counted: %+v", s)
	}
	if _, ok := BreathSwing(bs, 0, at+5*time.Second); ok {
		t.Error("a breath with 5 s without beats at its end has a swing")
	}
}

func TestPerPace(t *testing.T) {
	h := SimHeart{Base: 65, Resonance: 5.5, Q: 1.5, Gain: 14, NoiseTau: 20 * time.Second, Seed: 3}
	cs := append(stepCycles(6, 0, 12), stepCycles(5.5, 2*time.Minute, 11)...)
	var onsets []time.Duration
	for _, c := range cs {
		onsets = append(onsets, c.Start)
	}
	out := h.Run(append(onsets, cs[len(cs)-1].End()), 4*time.Minute+10*time.Second)
	got := PerPace(out.Beats, cs)
	if len(got) != 2 || got[0].Pace != 6 || got[1].Pace != 5.5 || got[0].Breaths < 10 {
		t.Fatalf("PerPace = %+v", got)
	}
	for _, p := range got {
		if math.Abs(p.MeanHR-65) > 3 || p.Swing < 8 {
			t.Errorf("pace %g: %+v", p.Pace, p)
		}
	}
	if got := PerPace(nil, cs); len(got) != 0 {
		t.Errorf("without beats: %+v", got)
	}
}
