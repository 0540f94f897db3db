package audio

import (
	"math"
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// onset finds the first sample above threshold at or after from, or -1.
func onset(s [][2]float64, from int, threshold float64) int {
	for i := max(from, 0); i < len(s); i++ {
		if math.Abs(s[i][0]) > threshold || math.Abs(s[i][1]) > threshold {
			return i
		}
	}
	return -1
}

func session(t testing.TB, pattern string, d time.Duration) *pacing.Session {
	t.Helper()
	p, err := pacing.ParsePattern(pattern)
	if err != nil {
		t.Fatal(err)
	}
	return pacing.NewSession(pacing.Plan{Duration: d, Guide: pacing.FixedGuide{Pattern: p}, Label: pattern})
}

func TestRenderOnsetsMatchTheSchedule(t *testing.T) {
	const threshold = 0.002 // -54 dBFS
	const tolerance = 5 * time.Millisecond
	tests := []struct {
		name    string
		pattern string
		layers  Layers
	}{
		{"tones coherent", "coherent", Layers(0).With(LayerTones)},
		{"tones box", "box", Layers(0).With(LayerTones)},
		{"tones sigh", "sigh", Layers(0).With(LayerTones)},
		{"voice box", "box", Layers(0).With(LayerVoice)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := DefaultOptions()
			o.Layers = tt.layers
			o.Builtin = testVoice(t, 22050)
			s := session(t, tt.pattern, 50*time.Second)
			samples := renderSamples(t, s, o)
			checked := 0
			for _, c := range session(t, tt.pattern, 50*time.Second).CuesAt(0, time.Hour) {
				audible := c.Level != pacing.Silent && (c.Kind == pacing.CueWord || Tone(c.Phase, testRate) != nil || tt.layers.Has(LayerVoice))
				if !audible || (tt.layers.Has(LayerVoice) && len(testVoice(t, testRate)[c.ID]) == 0) {
					continue
				}
				if !tt.layers.Has(LayerVoice) && c.Level == pacing.Words && Tone(c.Phase, testRate) == nil {
					continue
				}
				at := testRate.N(c.At)
				before := testRate.N(100 * time.Millisecond)
				if at >= before {
					if p := peak(samples[at-before : at-testRate.N(tolerance)]); p > threshold {
						t.Errorf("%s cue at %v: sound (%.4f) before the cue; want silence", c.ID, c.At, p)
						continue
					}
				}
				got := onset(samples, at-before, threshold)
				if got < 0 {
					t.Errorf("%s cue at %v: no sound", c.ID, c.At)
					continue
				}
				off := testRate.D(got - at)
				if off < -tolerance || off > tolerance {
					t.Errorf("%s cue at %v: sound starts %v off the schedule; want within ±%v", c.ID, c.At, off, tolerance)
				}
				checked++
			}
			if checked < 5 {
				t.Errorf("checked %d cues; want at least 5", checked)
			}
		})
	}
}

func TestFullRenderNeverClips(t *testing.T) {
	o := DefaultOptions()
	o.Layers = DefaultLayers.With(LayerBreath)
	o.Volume = [numLayers]float64{1, 1, 1}
	o.Master = 1
	// A loud voice: full-scale clips.
	v := fakeVoice{}
	for _, id := range []string{"settle", "in", "out", "hold", "closing"} {
		v[id] = [][]byte{sineWAV(t, 300, 0.99, 3*time.Second, 24000)}
	}
	o.Builtin = v
	s := renderSamples(t, session(t, "4-0-4", 60*time.Second), o)
	if p := dBFS(peak(s)); p > -1 {
		t.Errorf("peak %.2f dBFS; want at most -1 dBFS", p)
	}
	if r := dBFS(rms(s)); r < -40 {
		t.Errorf("rms %.1f dBFS: the render is all but silent", r)
	}
}

func TestLayerLevels(t *testing.T) {
	tests := []struct {
		layers   Layers
		min, max float64 // peak, dBFS
	}{
		{Layers(0).With(LayerVoice), -16, -3},
		{Layers(0).With(LayerTones), -26, -8},
		{Layers(0).With(LayerBreath), -32, -8},
		{0, math.Inf(-1), -120},
	}
	for _, tt := range tests {
		t.Run(tt.layers.String(), func(t *testing.T) {
			o := DefaultOptions()
			o.Layers = tt.layers
			o.Builtin = testVoice(t, 22050)
			s := renderSamples(t, session(t, "coherent", 30*time.Second), o)
			if p := dBFS(peak(s)); p < tt.min || p > tt.max {
				t.Errorf("peak %.1f dBFS; want %.0f..%.0f", p, tt.min, tt.max)
			}
		})
	}
}

func TestVoiceDucksTheBreath(t *testing.T) {
	// The voice whispers (-48 dBFS, just above the trim threshold) but
	// still ducks.
	v := fakeVoice{"in": {sineWAV(t, 300, 0.004, 2*time.Second, 24000)}}
	o := DefaultOptions()
	o.Builtin = v
	o.Layers = Layers(0).With(LayerBreath)
	plain := renderSamples(t, session(t, "coherent", 40*time.Second), o)
	o.Layers = o.Layers.With(LayerVoice)
	ducked := renderSamples(t, session(t, "coherent", 40*time.Second), o)
	// Compare the middle of an inhale that carries words (the first
	// breaths do) with the same stretch undisturbed.
	c := session(t, "coherent", 40*time.Second).CuesAt(3*time.Second, 10*time.Second)[0]
	if c.ID != "in" {
		t.Fatalf("first cue %q, want in", c.ID)
	}
	from, to := c.At+500*time.Millisecond, c.At+1800*time.Millisecond
	ratio := rms(ms(ducked, from, to)) / rms(ms(plain, from, to))
	if want := 1 - o.Duck; math.Abs(ratio-want) > 0.05 {
		t.Errorf("breath under the voice at %.2f of its level; want %.2f", ratio, want)
	}
	// After the voice it comes back.
	from, to = c.At+3500*time.Millisecond, c.At+4500*time.Millisecond
	if ratio := rms(ms(ducked, from, to)) / rms(ms(plain, from, to)); ratio < 0.95 {
		t.Errorf("breath after the voice at %.2f of its level; want it back at 1", ratio)
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	render := func(seed int64) [][2]float64 {
		o := DefaultOptions()
		o.Layers = DefaultLayers.With(LayerBreath)
		o.Builtin = testVoice(t, 22050)
		o.Seed = seed
		return renderSamples(t, session(t, "coherent", 40*time.Second), o)
	}
	a, b, c := render(1), render(1), render(2)
	same := func(x, y [][2]float64) bool {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	}
	if !same(a, b) {
		t.Error("two renders with the same seed differ")
	}
	if same(a, c) {
		t.Error("renders with different seeds are identical; want other variants or breath")
	}
}

func TestRenderNoSession(t *testing.T) {
	var m memFile
	if err := Render(&m, nil, DefaultOptions()); err == nil {
		t.Error("Render(nil session) succeeded; want an error")
	}
}
