package analysis

import (
	"math"
	"slices"
)

// biquad is a second-order IIR section (RBJ audio EQ cookbook form,
// normalised so that a0 = 1).
type biquad struct{ b0, b1, b2, a1, a2 float64 }

// highPass is a high-pass section at fc Hz with Q = 1/√2.
func highPass(fc float64, rate int) biquad {
	w := 2 * math.Pi * fc / float64(rate)
	alpha := math.Sin(w) / math.Sqrt2 // sin(w) / 2Q
	c := math.Cos(w)
	a0 := 1 + alpha
	return biquad{
		b0: (1 + c) / 2 / a0, b1: -(1 + c) / a0, b2: (1 + c) / 2 / a0,
		a1: -2 * c / a0, a2: (1 - alpha) / a0,
	}
}

// apply filters x into a new slice.
func (q biquad) apply(x []float64) []float64 {
	y := make([]float64, len(x))
	var x1, x2, y1, y2 float64
	for i, v := range x {
		o := q.b0*v + q.b1*x1 + q.b2*x2 - q.a1*y1 - q.a2*y2
		x2, x1 = x1, v
		y2, y1 = y1, o
		y[i] = o
	}
	return y
}

// highBand is x with everything below fc Hz removed (two cascaded
// sections: 24 dB an octave, -6 dB at fc).
func highBand(x []float64, fc float64, rate int) []float64 {
	q := highPass(fc, rate)
	return q.apply(q.apply(x))
}

// envelope is the amplitude envelope of x: full-wave rectified, then
// smoothed by a one-pole low-pass at fc Hz.
func envelope(x []float64, fc float64, rate int) []float64 {
	a := math.Exp(-2 * math.Pi * fc / float64(rate))
	out := make([]float64, len(x))
	var s float64
	for i, v := range x {
		s = a*s + (1-a)*math.Abs(v)
		out[i] = s
	}
	return out
}

// Click detector settings: 1 ms blocks; a block is a click when its
// high-frequency level stands ClickRatio above the background on both
// sides of it (the 80th percentile of 10 blocks before, and of 10 after,
// each starting 3 blocks away: high enough a percentile that the regular
// pulses of a voice, one every 2.5–10 ms, are background) and it is within
// ClickFloorDB of the clip's loudest block.
const (
	ClickRatio   = 2.5 // 8 dB
	ClickFloorDB = -26.0
	clickGap     = 3  // blocks skipped on each side
	clickSpan    = 10 // blocks of background on each side
	clickMerge   = 5  // hits closer than this many blocks count once
)

// clicks finds isolated transients: 1 ms blocks whose first-difference
// level (a high-frequency emphasis) jumps far above the level on both
// sides. A plosive burst, followed by its noisy release, does not count;
// a vocoder's pulse at a voicing onset does. It returns the times (s).
func clicks(x []float64, rate int) []float64 {
	bl := max(rate/1000, 1)
	n := len(x) / bl
	e := make([]float64, n)
	top := 0.0
	for k := range n {
		var s float64
		for i := k * bl; i < (k+1)*bl; i++ {
			if i > 0 {
				d := x[i] - x[i-1]
				s += d * d
			}
		}
		e[k] = math.Sqrt(s / float64(bl))
		top = max(top, e[k])
	}
	floor := top * math.Pow(10, ClickFloorDB/20)
	var out []float64
	last := -clickMerge - 1
	for k := range n {
		if e[k] < floor || (k > 0 && e[k-1] > e[k]) || (k+1 < n && e[k+1] > e[k]) {
			continue
		}
		bg := max(quantile(e, k-clickGap-clickSpan+1, k-clickGap+1, 0.8), quantile(e, k+clickGap, k+clickGap+clickSpan, 0.8))
		if e[k] > ClickRatio*bg && k-last > clickMerge {
			out = append(out, float64(k*bl)/float64(rate))
			last = k
		}
	}
	return out
}

// quantile is the p-quantile (0–1, nearest rank) of e[lo:hi], clamped to
// e's bounds; 0 when empty.
func quantile(e []float64, lo, hi int, p float64) float64 {
	lo, hi = max(lo, 0), min(hi, len(e))
	if hi <= lo {
		return 0
	}
	s := slices.Clone(e[lo:hi])
	slices.Sort(s)
	return s[min(int(p*float64(len(s))), len(s)-1)]
}
