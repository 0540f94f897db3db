package analysis

import "math"

// frames runs the frame analysis over x, with hf its band above
// BuzzCutoff.
func frames(x, hf []float64, rate int) []Frame {
	w := int(FrameSeconds * float64(rate))
	hop := int(HopSeconds * float64(rate))
	lo, hi := int(float64(rate)/MaxF0), int(float64(rate)/MinF0)
	env := envelope(hf, 1000, rate)
	var out []Frame
	for i := 0; i+w <= len(x); i += hop {
		f := Frame{At: float64(i) / float64(rate), Buzz: math.NaN()}
		f.Level = 10 * math.Log10(max(energy(x[i:i+w])/float64(w), 1e-20))
		if f.Level >= ActiveDB && i+w+hi+1 <= len(x) {
			lag, corr := pitch(x, i, w, lo, hi)
			if corr >= VoicedCorr {
				f.F0, f.Corr = float64(rate)/lag, corr
				if db(math.Sqrt(energy(hf[i:i+w])/float64(w))) >= -60 {
					f.Buzz = periodicity(env, i, w, int(math.Round(lag)))
				}
			}
		}
		out = append(out, f)
	}
	correctOctaves(out)
	return out
}

// corrAt is the normalised correlation of x[i:i+w] with x[i+lag:i+lag+w],
// each segment's mean removed when centred is set.
func corrAt(x []float64, i, w, lag int, centred bool) float64 {
	var ma, mb float64
	if centred {
		for n := i; n < i+w; n++ {
			ma += x[n]
			mb += x[n+lag]
		}
		ma /= float64(w)
		mb /= float64(w)
	}
	var c, ea, eb float64
	for n := i; n < i+w; n++ {
		a, b := x[n]-ma, x[n+lag]-mb
		c += a * b
		ea += a * a
		eb += b * b
	}
	if ea == 0 || eb == 0 {
		return 0
	}
	return c / math.Sqrt(ea*eb)
}

// pitch finds the pitch period (in samples, to a fraction by parabolic
// interpolation) of the frame x[i:i+w] among lags lo–hi, and the
// normalised autocorrelation there. To avoid taking a multiple of the
// period, it picks the shortest lag whose peak is within 10 % of the best.
func pitch(x []float64, i, w, lo, hi int) (lag, corr float64) {
	c := make([]float64, hi+2)
	a := x[i : i+w]
	ea := energy(a)
	eb := energy(x[i+lo-1 : i+lo-1+w]) // energy of the lagged window, slid along
	best := 0.0
	for t := lo - 1; t <= hi+1; t++ {
		if t > lo-1 {
			eb += x[i+t+w-1]*x[i+t+w-1] - x[i+t-1]*x[i+t-1]
		}
		b := x[i+t : i+t+w]
		var dot float64
		for n, v := range a {
			dot += v * b[n]
		}
		if ea > 0 && eb > 0 {
			c[t] = dot / math.Sqrt(ea*eb)
		}
		if t >= lo && t <= hi {
			best = max(best, c[t])
		}
	}
	if best <= 0 {
		return float64(lo), 0
	}
	for t := lo; t <= hi; t++ {
		if c[t] >= 0.9*best && c[t] >= c[t-1] && c[t] >= c[t+1] {
			d := c[t-1] - 2*c[t] + c[t+1]
			off := 0.0
			if d < 0 {
				off = 0.5 * (c[t-1] - c[t+1]) / d
			}
			return float64(t) + off, c[t]
		}
	}
	return float64(lo), 0
}

// periodicity is the strongest normalised correlation of the frame
// env[i:i+w] with itself one pitch period (±2 samples) later: near 1 when
// the band pulses with every glottal period (buzz), low when it is noise.
func periodicity(env []float64, i, w, lag int) float64 {
	best := 0.0
	for t := lag - 2; t <= lag+2; t++ {
		if t > 0 && i+w+t <= len(env) {
			best = max(best, corrAt(env, i, w, t, true))
		}
	}
	return best
}

// correctOctaves folds pitch values an octave away from the clip's median
// (a tracker's usual slip) back toward it.
func correctOctaves(fs []Frame) {
	var f0s []float64
	for _, f := range fs {
		if f.F0 > 0 {
			f0s = append(f0s, f.F0)
		}
	}
	if len(f0s) == 0 {
		return
	}
	med := quantile(f0s, 0, len(f0s), 0.5)
	for i := range fs {
		switch {
		case fs[i].F0 == 0:
		case fs[i].F0 > 1.7*med:
			fs[i].F0 /= 2
		case fs[i].F0 < med/1.7:
			fs[i].F0 *= 2
		}
	}
}
