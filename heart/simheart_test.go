package heart

import (
	"math"
	"testing"
	"time"
)

// onsetsAt is a breath every 60/bpm seconds from 0 to end.
func onsetsAt(bpm float64, end time.Duration) []time.Duration {
	var out []time.Duration
	p := time.Duration(60 / bpm * float64(time.Second))
	for t := time.Duration(0); t <= end+p; t += p {
		out = append(out, t)
	}
	return out
}

// swingAt is the median swing of a noiseless heart breathed at bpm.
func swingAt(t *testing.T, h SimHeart, bpm float64) float64 {
	t.Helper()
	end := 3 * time.Minute
	out := h.Run(onsetsAt(bpm, end), end)
	var vals []float64
	p := time.Duration(60 / bpm * float64(time.Second))
	for at := time.Minute; at+p <= end; at += p {
		if s, ok := BreathSwing(out.Beats, at, at+p); ok {
			vals = append(vals, s.PeakToTrough)
		}
	}
	return median(vals)
}

// TestSimHeartResonance: the swing is largest at the resonance pace and
// falls away on either side, about as a band-pass of the quality factor
// says.
func TestSimHeartResonance(t *testing.T) {
	h := SimHeart{Base: 65, Resonance: 5.5, Q: 1.5, Gain: 14, Noise: 0, NoiseTau: 20 * time.Second, Seed: 1}
	at := swingAt(t, h, 5.5)
	if at < 11 || at > 17 {
		t.Errorf("swing at resonance %.1f, want about the gain (14)", at)
	}
	for _, bpm := range []float64{3.5, 4.5, 6.5, 8, 10} {
		s := swingAt(t, h, bpm)
		f := bpm / 5.5
		want := 1 / math.Sqrt(1+h.Q*h.Q*(f-1/f)*(f-1/f))
		if s >= at {
			t.Errorf("swing at %g (%.1f) not below the resonance's (%.1f)", bpm, s, at)
		}
		if r := s / at; math.Abs(r-want) > 0.15 {
			t.Errorf("swing at %g: %.2f of resonance's, want about %.2f", bpm, r, want)
		}
	}
}

func TestSimHeartBeats(t *testing.T) {
	h := DefaultSimHeart(5.5, 7)
	h.Artefacts = 0.03
	end := 5 * time.Minute
	out := h.Run(onsetsAt(5.5, end), end)
	var sum float64
	spoiled := 0
	for i, b := range out.Beats {
		if u := b.RR * 1.024; math.Abs(u-math.Round(u)) > 1e-6 {
			t.Fatalf("beat %d: interval %g ms is not a whole number of 1/1024 s", i, b.RR)
		}
		sum += b.HR()
		if b.Artefact {
			spoiled++
		}
	}
	if mean := sum / float64(len(out.Beats)); math.Abs(mean-h.Base) > 5 {
		t.Errorf("mean rate %.1f, want about the base %g", mean, h.Base)
	}
	if share := float64(spoiled) / float64(len(out.Beats)); share < 0.01 || share > 0.1 {
		t.Errorf("artefact share %.3f, want a little (about %g, each spoiling one or two intervals)", share, h.Artefacts)
	}
	n := 0
	prev := time.Duration(0)
	for _, d := range out.Deliveries {
		if d.At < prev {
			t.Fatal("deliveries out of order")
		}
		prev = d.At
		n += len(d.RR)
	}
	if n != len(out.Beats) {
		t.Errorf("%d intervals delivered, %d beats", n, len(out.Beats))
	}
	// Every beat is delivered 0.4 to 3.6 s after it (late by 0.4–2.6 s
	// after the second's batch it fell in).
	k := 0
	for _, d := range out.Deliveries {
		for range d.RR {
			if lag := d.At - out.Beats[k].At; lag < 400*time.Millisecond || lag > 3600*time.Millisecond+time.Millisecond {
				t.Errorf("beat %d delivered %v after it", k, lag)
			}
			k++
		}
	}
}

func TestSimHeartValidate(t *testing.T) {
	if err := DefaultSimHeart(5.5, 1).Validate(); err != nil {
		t.Error(err)
	}
	for _, h := range []SimHeart{DefaultSimHeart(2, 1), DefaultSimHeart(11, 1), {Base: 10}, {Base: 60, Resonance: 5, Q: 0}} {
		if h.Validate() == nil {
			t.Errorf("%+v: no error", h)
		}
	}
}
