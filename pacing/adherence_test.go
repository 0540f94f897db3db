package pacing

import (
	"math/rand/v2"
	"testing"
	"time"
)

// evenCycles is n guided cycles of length l from start, the first at start.
func evenCycles(start, l time.Duration, n int) []Cycle {
	cs := make([]Cycle, n)
	for i := range cs {
		cs[i] = Cycle{Start: start + time.Duration(i)*l, Breath: Pattern{Inhale: l * 2 / 5, Exhale: l - l*2/5}}
	}
	return cs
}

// tapsAt gives one tap per cycle at its start plus off(i), skipping the
// cycles skip says to.
func tapsAt(cs []Cycle, off func(i int) time.Duration, skip func(i int) bool) []time.Duration {
	var out []time.Duration
	for i, c := range cs {
		if skip != nil && skip(i) {
			continue
		}
		out = append(out, c.Start+off(i))
	}
	return out
}

func TestAdherenceVerdicts(t *testing.T) {
	const l = 6 * time.Second
	cs := evenCycles(10*time.Second, l, 24)
	rng := rand.New(rand.NewPCG(3, 4))
	noise := make([]time.Duration, len(cs))
	for i := range noise {
		// A breather whose in-breath wanders about 10 % of the cycle
		// around the guide's, as a jitter of 0.2 with half-hearted
		// following gives.
		noise[i] = time.Duration(rng.NormFloat64() * 0.1 * float64(l))
	}
	steady := func(d time.Duration) func(int) time.Duration { return func(int) time.Duration { return d } }
	var doubled, extra, faster, fasterStill []time.Duration
	for _, at := range tapsAt(cs, steady(300*time.Millisecond), nil) {
		doubled = append(doubled, at, at+150*time.Millisecond)
		extra = append(extra, at, at+l/2)
	}
	for at := cs[0].Start; at < cs[len(cs)-1].End(); at += l * 9 / 10 {
		faster = append(faster, at)
	}
	for at := cs[0].Start; at < cs[len(cs)-1].End(); at += l * 3 / 4 {
		fasterStill = append(fasterStill, at)
	}
	tests := []struct {
		name string
		taps []time.Duration
		want []Verdict // any of these
	}{
		{"on the guide", tapsAt(cs, steady(0), nil), []Verdict{Following}},
		{"a steady lag of 0.6 s", tapsAt(cs, steady(600*time.Millisecond), nil), []Verdict{Following}},
		{"anticipating by 0.3 s", tapsAt(cs, steady(-300*time.Millisecond), nil), []Verdict{Following}},
		{"irregular but following", tapsAt(cs, func(i int) time.Duration { return noise[i] }, nil), []Verdict{Following}},
		{"every tap doubled", doubled, []Verdict{Following}},
		{"every third tap missed", tapsAt(cs, steady(200*time.Millisecond), func(i int) bool { return i%3 == 1 }), []Verdict{Following}},
		{"an extra breath every cycle", extra, []Verdict{Lost}},
		{"10 % faster, phase wandering", faster, []Verdict{Lost, Doubtful}},
		{"a third faster", fasterStill, []Verdict{Lost}},
		{"taps stopped", tapsAt(cs, steady(0), func(i int) bool { return i >= 18 }), []Verdict{Unknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Assess(cs, Onsets(tapEvents(tt.taps)))
			got := a.Verdict()
			for _, w := range tt.want {
				if got == w {
					return
				}
			}
			t.Errorf("verdict %v, want one of %v; %+v", got, tt.want, a)
		})
	}
}

func tapEvents(taps []time.Duration) []Event {
	es := make([]Event, len(taps))
	for i, at := range taps {
		es[i] = Event{Kind: BreathIn, At: at}
	}
	return es
}

func TestJudgeBreaths(t *testing.T) {
	const l = 5 * time.Second
	cs := evenCycles(10*time.Second, l, 20)
	count := func(js []Judgement) (in, tapped int) {
		for _, j := range js {
			if j.InStep {
				in++
			}
			if j.Tapped {
				tapped++
			}
		}
		return in, tapped
	}
	t.Run("a steady lag is read as an offset, not as out of step", func(t *testing.T) {
		lag := 1000 * time.Millisecond * 7 / 10 // 0.14 of the cycle
		js := JudgeBreaths(cs, tapsAt(cs, func(int) time.Duration { return lag }, nil))
		// The first few breaths cannot tell a lag yet.
		if in, _ := count(js); in < len(cs)-3 {
			t.Errorf("%d of %d in step, want all but the first three", in, len(cs))
		}
		if off := js[len(js)-1].Offset; off < 0.12 || off > 0.16 {
			t.Errorf("offset %.3f, want about 0.14", off)
		}
	})
	t.Run("missed taps between breaths in step are in step", func(t *testing.T) {
		js := JudgeBreaths(cs, tapsAt(cs, func(int) time.Duration { return 0 }, func(i int) bool { return i%4 == 2 }))
		for i, j := range js[:len(js)-1] {
			if !j.InStep {
				t.Errorf("breath %d (tapped %v) judged out of step", i, j.Tapped)
			}
		}
	})
	t.Run("a phase of one's own is out of step", func(t *testing.T) {
		var taps []time.Duration
		for at := cs[0].Start + l/3; at < cs[len(cs)-1].End(); at += l * 8 / 10 {
			taps = append(taps, at)
		}
		if in, _ := count(JudgeBreaths(cs, taps)); in > len(cs)/4 {
			t.Errorf("%d of %d judged in step for a breather 25 %% faster", in, len(cs))
		}
	})
	t.Run("after the taps stop, breaths keep the judgement they had", func(t *testing.T) {
		js := JudgeBreaths(cs, tapsAt(cs, func(int) time.Duration { return 0 }, func(i int) bool { return i >= 10 }))
		if in, tapped := count(js); in != len(cs) || tapped != 10 {
			t.Errorf("%d in step, %d tapped; want all in step, 10 tapped", in, tapped)
		}
		var wander []time.Duration
		for i, c := range cs[:10] {
			wander = append(wander, c.Start+time.Duration(i%2)*l*4/10)
		}
		js = JudgeBreaths(cs, wander)
		if in, _ := count(js[10:]); in != 0 {
			t.Errorf("%d silent breaths judged in step after taps mostly out of step", in)
		}
	})
}

func TestCircular(t *testing.T) {
	m, r := circular([]float64{0.45, -0.45, 0.5})
	if abs2(m) < 0.45 || r < 0.9 {
		t.Errorf("phases either side of a half cycle: mean %.3f, concentration %.3f; want about ±0.47, near 1", m, r)
	}
	if _, r := circular([]float64{0, 0.25, 0.5, 0.75}); r > 1e-9 {
		t.Errorf("phases spread evenly: concentration %.3f, want 0", r)
	}
}

func abs2(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
