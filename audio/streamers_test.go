package audio

import (
	"math"
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
	"github.com/gopxl/beep/v2"
)

func ms(s [][2]float64, from, to time.Duration) [][2]float64 {
	a, b := testRate.N(from), min(testRate.N(to), len(s))
	if a >= b {
		return nil
	}
	return s[a:b]
}

func TestToneDirection(t *testing.T) {
	tests := []struct {
		phase  pacing.Phase
		rising bool
	}{
		{pacing.Inhale, true},
		{pacing.Exhale, false},
	}
	for _, tt := range tests {
		t.Run(tt.phase.String(), func(t *testing.T) {
			s := collect(Tone(tt.phase, testRate), testRate.N(5*time.Second))
			early := dominant(ms(s, 0, 150*time.Millisecond), testRate, 250, 700)
			late := dominant(ms(s, 300*time.Millisecond, 700*time.Millisecond), testRate, 250, 700)
			if rose := late > early*1.2; rose != tt.rising {
				t.Errorf("pitch went %.0f Hz -> %.0f Hz; want rising=%v", early, late, tt.rising)
			}
		})
	}
}

func TestTonesAreSoftAndClean(t *testing.T) {
	for _, ph := range []pacing.Phase{pacing.Inhale, pacing.TopUp, pacing.HoldIn, pacing.Exhale, pacing.HoldOut, pacing.Done} {
		t.Run(ph.String(), func(t *testing.T) {
			s := collect(Tone(ph, testRate), testRate.N(10*time.Second))
			if len(s) == 0 || len(s) >= testRate.N(10*time.Second) {
				t.Fatalf("tone is %d samples; want a finite sound", len(s))
			}
			if p := dBFS(peak(s)); p > -6 || p < -30 {
				t.Errorf("peak %.1f dBFS; want a soft tone between -30 and -6 dBFS", p)
			}
			// No click at either end: the first and last samples are near 0
			// and no step between samples is larger than a sine at 2 kHz
			// with the tone's peak could make.
			if a, z := math.Abs(s[0][0]), math.Abs(s[len(s)-1][0]); a > 1e-3 || z > 1e-3 {
				t.Errorf("edges %.4f, %.4f; want silence at both ends", a, z)
			}
			maxStep := peak(s) * 2 * math.Pi * 2000 / float64(testRate)
			for i := 1; i < len(s); i++ {
				if d := math.Abs(s[i][0] - s[i-1][0]); d > maxStep {
					t.Fatalf("step of %.4f at sample %d; want at most %.4f", d, i, maxStep)
				}
			}
		})
	}
	if Tone(pacing.Settle, testRate) != nil || Tone(pacing.Listen, testRate) != nil {
		t.Error("settle and listen have tones; want none")
	}
}

func ones() beep.Streamer {
	return beep.StreamerFunc(func(s [][2]float64) (int, bool) {
		for i := range s {
			s[i] = [2]float64{1, 1}
		}
		return len(s), true
	})
}

func TestFade(t *testing.T) {
	f := &Fade{Streamer: beep.Take(1000, ones()), Len: 1000, In: 100, Out: 200}
	s := collect(f, 2000)
	if len(s) != 1000 {
		t.Fatalf("got %d samples, want 1000", len(s))
	}
	checks := []struct {
		at       int
		lo, hi   float64
		describe string
	}{
		{0, 0, 0, "starts silent"},
		{50, 0.4, 0.6, "halfway up"},
		{100, 1, 1, "full after the fade in"},
		{799, 0.99, 1, "full before the fade out"},
		{900, 0.4, 0.6, "halfway down"},
		{999, 0, 0.001, "ends silent"},
	}
	for _, c := range checks {
		if v := s[c.at][0]; v < c.lo || v > c.hi {
			t.Errorf("sample %d = %.3f; want %s (%.3f..%.3f)", c.at, v, c.describe, c.lo, c.hi)
		}
	}
	for i := 1; i < 100; i++ {
		if s[i][0] < s[i-1][0] {
			t.Fatalf("fade in falls at %d", i)
		}
	}
}

func TestRampGlides(t *testing.T) {
	r := &Ramp{Streamer: ones(), Gain: 0, Target: 1, Step: 0.01}
	s := collect(r, 300)
	for i, want := range map[int]float64{0: 0.01, 49: 0.5, 99: 1, 200: 1} {
		if math.Abs(s[i][0]-want) > 1e-9 {
			t.Errorf("gain at %d = %.3f, want %.3f", i, s[i][0], want)
		}
	}
	r.Target = 0.2
	s = collect(r, 100)
	if s[0][0] != 0.99 || s[79][0] > 0.2+1e-9 {
		t.Errorf("gliding down: %.3f then %.3f; want 0.99 then 0.2", s[0][0], s[79][0])
	}
}

func TestLimit(t *testing.T) {
	tests := []struct{ in, lo, hi float64 }{
		{0.1, 0.1, 0.1},
		{-0.5, -0.5, -0.5},
		{0.9, 0.75 * ceiling, ceiling},
		{3, 0.85, ceiling},
		{-1e9, -ceiling, -0.85},
		{math.NaN(), 0, 0},
	}
	for _, tt := range tests {
		s := [][2]float64{{tt.in, tt.in}}
		limit(s, ceiling)
		if v := s[0][0]; v < tt.lo || v > tt.hi {
			t.Errorf("limit(%v) = %v; want %v..%v", tt.in, v, tt.lo, tt.hi)
		}
	}
}

// breathBlock streams d of breath with the lung fill moving from f0 to f1
// in 10 ms steps, after a second of warm-up at the same flow.
func breathBlock(f0, f1 float64, d time.Duration) [][2]float64 {
	b := &Breath{Rate: testRate, Level: 0.5, Seed: 7}
	steps := int(d / (10 * time.Millisecond))
	buf := make([][2]float64, testRate.N(10*time.Millisecond))
	var out [][2]float64
	for pass := range 2 {
		for i := range steps {
			x0, x1 := float64(i)/float64(steps), float64(i+1)/float64(steps)
			b.Fill = [2]float64{f0 + (f1-f0)*x0, f0 + (f1-f0)*x1}
			b.Stream(buf)
			if pass == 1 {
				out = append(out, buf...)
			}
		}
	}
	return out
}

// crossings counts sign changes per sample: higher is brighter.
func crossings(s [][2]float64) float64 {
	c := 0
	for i := 1; i < len(s); i++ {
		if (s[i][0] >= 0) != (s[i-1][0] >= 0) {
			c++
		}
	}
	return float64(c) / float64(len(s))
}

func TestBreathFollowsTheFill(t *testing.T) {
	in := breathBlock(0, 1, 4*time.Second)       // a calm 4 s inhale
	slowIn := breathBlock(0, 0.2, 4*time.Second) // barely moving
	out := breathBlock(1, 0, 4*time.Second)      // a 4 s exhale
	hold := breathBlock(1, 1, 2*time.Second)     // holding
	if !(rms(in) > 2*rms(slowIn)) {
		t.Errorf("rms in %.4f vs slow in %.4f: a faster flow should sound louder", rms(in), rms(slowIn))
	}
	if rms(hold) > 1e-4 {
		t.Errorf("rms while holding %.5f; want silence", rms(hold))
	}
	if p := dBFS(peak(in)); p > -6 || p < -40 {
		t.Errorf("breath peak %.1f dBFS; want a soft sound", p)
	}
	if !(crossings(in) > 1.2*crossings(out)) {
		t.Errorf("zero crossings in %.4f, out %.4f: the inhale should sound brighter", crossings(in), crossings(out))
	}
}
