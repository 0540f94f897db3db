package heart

import (
	"math"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// minBeatsPerBreath is how many clean beats a breath needs for its swing.
const minBeatsPerBreath = 3

// maxBeatGap is the longest stretch without a clean beat a breath may
// have and still have its swing read.
const maxBeatGap = 3 * time.Second

// Swing is the heart rate's swing over one guided breath.
type Swing struct {
	Start time.Duration // the breath's start (the guide's in-breath)
	Len   time.Duration
	// PeakToTrough is the highest less the lowest instantaneous heart rate
	// of the clean beats in the breath, beats/min.
	PeakToTrough float64
	MeanHR       float64
}

// BreathSwing is the swing of the heart rate over one breath [from, to)
// from the clean beats in it; ok is false when it has fewer than
// minBeatsPerBreath of them or a gap longer than maxBeatGap.
func BreathSwing(bs []Beat, from, to time.Duration) (s Swing, ok bool) {
	s = Swing{Start: from, Len: to - from}
	lo, hi := math.Inf(1), math.Inf(-1)
	var sum float64
	n := 0
	last := from
	for _, b := range Between(bs, from, to) {
		if b.Artefact {
			continue
		}
		if b.At-last > maxBeatGap {
			return s, false
		}
		last = b.At
		hr := b.HR()
		lo, hi = min(lo, hr), max(hi, hr)
		sum += hr
		n++
	}
	if n < minBeatsPerBreath || to-last > maxBeatGap {
		return s, false
	}
	s.PeakToTrough, s.MeanHR = hi-lo, sum/float64(n)
	return s, true
}

// Swings gives the swing of each guided cycle of cs that the clean beats
// cover (see BreathSwing), oldest first; listening cycles are skipped.
func Swings(bs []Beat, cs []pacing.Cycle) []Swing {
	var out []Swing
	for _, c := range cs {
		if c.Listen > 0 {
			continue
		}
		if s, ok := BreathSwing(bs, c.Start, c.End()); ok {
			out = append(out, s)
		}
	}
	return out
}

// LastSwing is the swing of the last guided cycle of cs that ends by now
// and the beats cover; ok is false when there is none.
func LastSwing(bs []Beat, cs []pacing.Cycle, now time.Duration) (Swing, bool) {
	for i := len(cs) - 1; i >= 0; i-- {
		c := cs[i]
		if c.Listen > 0 || c.End() > now {
			continue
		}
		return BreathSwing(bs, c.Start, c.End())
	}
	return Swing{}, false
}

// series is the heart rate resampled evenly at rate fs over [from, to),
// linearly between clean beats; nil when the beats do not cover it.
func series(bs []Beat, from, to time.Duration, fs float64) []float64 {
	var clean []Beat
	for _, b := range bs {
		if !b.Artefact {
			clean = append(clean, b)
		}
	}
	clean = Between(clean, from-maxBeatGap, to+maxBeatGap)
	if len(clean) < 2 || clean[0].At > from+maxBeatGap || clean[len(clean)-1].At < to-maxBeatGap {
		return nil
	}
	n := int((to - from).Seconds() * fs)
	out := make([]float64, n)
	k := 0
	for i := range out {
		t := from + time.Duration(float64(i)/fs*float64(time.Second))
		for k+1 < len(clean)-1 && clean[k+1].At <= t {
			k++
		}
		a, b := clean[k], clean[k+1]
		switch {
		case t <= a.At:
			out[i] = a.HR()
		case t >= b.At:
			out[i] = b.HR()
		default:
			f := float64(t-a.At) / float64(b.At-a.At)
			out[i] = a.HR() + f*(b.HR()-a.HR())
		}
	}
	return out
}

// detrend removes the least-squares line from xs, in place.
func detrend(xs []float64) {
	n := float64(len(xs))
	if n < 2 {
		return
	}
	var sx, sy, sxx, sxy float64
	for i, y := range xs {
		x := float64(i)
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	slope := (n*sxy - sx*sy) / (n*sxx - sx*sx)
	icept := (sy - slope*sx) / n
	for i := range xs {
		xs[i] -= icept + slope*float64(i)
	}
}

// resampleRate is the rate, in Hz, the heart rate is resampled at for the
// spectral figures.
const resampleRate = 4.0

// LFPower is the power of the heart rate in the low-frequency band, 0.04
// to 0.15 Hz, over [from, to), in (beats/min)²: a Hann-windowed
// periodogram of the detrended, evenly resampled rate. ok is false when
// the beats do not cover the span.
func LFPower(bs []Beat, from, to time.Duration) (p float64, ok bool) {
	xs := series(bs, from, to, resampleRate)
	if len(xs) < 64 {
		return 0, false
	}
	detrend(xs)
	n := len(xs)
	var wsum float64
	for i := range xs {
		w := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n-1))
		xs[i] *= w
		wsum += w * w
	}
	df := resampleRate / float64(n)
	for k := int(math.Ceil(0.04 / df)); float64(k)*df <= 0.15; k++ {
		var re, im float64
		for i, x := range xs {
			a := 2 * math.Pi * float64(k) * float64(i) / float64(n)
			re += x * math.Cos(a)
			im -= x * math.Sin(a)
		}
		p += 2 * (re*re + im*im) / (resampleRate * wsum) * df
	}
	return p, true
}

// Rhythm is how the heart rate follows the breath over a span: the
// sinusoid at the breath's own rhythm fitted to the rate.
type Rhythm struct {
	// Amplitude is the fitted sinusoid's peak-to-trough, beats/min.
	Amplitude float64
	// PeakAt is where in the breath the fitted heart rate peaks, as a
	// share of the cycle from the guide's in-breath (0 to 1).
	PeakAt float64
	// Smoothness is the share of the rate's variance the sinusoid
	// explains (0 to 1): how cleanly the heart follows the breath.
	Smoothness float64
}

// BreathRhythm fits the heart rate over the guided cycles of cs (listening
// cycles skipped) with a sinusoid locked to the guide's breath phase; ok is
// false when the beats do not cover them.
func BreathRhythm(bs []Beat, cs []pacing.Cycle) (r Rhythm, ok bool) {
	var cc, ss, cs2, yc, ys, yy float64
	n := 0
	for _, c := range cs {
		if c.Listen > 0 {
			continue
		}
		xs := series(bs, c.Start, c.End(), resampleRate)
		if xs == nil {
			continue
		}
		var mean float64
		for _, x := range xs {
			mean += x
		}
		mean /= float64(len(xs))
		for i, x := range xs {
			ph := 2 * math.Pi * float64(i) / float64(len(xs))
			co, si, y := math.Cos(ph), math.Sin(ph), x-mean
			cc, ss, cs2 = cc+co*co, ss+si*si, cs2+co*si
			yc, ys, yy = yc+y*co, ys+y*si, yy+y*y
			n++
		}
	}
	if n < 16 || yy == 0 {
		return Rhythm{}, false
	}
	det := cc*ss - cs2*cs2
	if det == 0 {
		return Rhythm{}, false
	}
	a := (yc*ss - ys*cs2) / det // cosine weight
	b := (ys*cc - yc*cs2) / det // sine weight
	amp := math.Hypot(a, b)
	explained := a*yc + b*ys
	peak := math.Atan2(b, a) / (2 * math.Pi)
	if peak < 0 {
		peak++
	}
	return Rhythm{Amplitude: 2 * amp, PeakAt: peak, Smoothness: clamp01(explained / yy)}, true
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// PaceFigures is what the heart did at one pace of a session.
type PaceFigures struct {
	Pace    float64 // breaths/min, to the nearest half
	Breaths int     // guided breaths at the pace with a readable swing
	MeanHR  float64 // beats/min, over those breaths
	Swing   float64 // median per-breath peak-to-trough, beats/min
}

// PerPace sums up the heart at each pace of cs (its guided cycles, their
// pace rounded to the nearest half breath a minute), in the order the paces
// were first breathed; paces without a readable breath are left out.
func PerPace(bs []Beat, cs []pacing.Cycle) []PaceFigures {
	type acc struct {
		swings []float64
		hr     float64
	}
	var order []float64
	by := map[float64]*acc{}
	for _, c := range cs {
		if c.Listen > 0 {
			continue
		}
		s, ok := BreathSwing(bs, c.Start, c.End())
		if !ok {
			continue
		}
		p := math.Round(c.BPM()*2) / 2
		a := by[p]
		if a == nil {
			a = &acc{}
			by[p] = a
			order = append(order, p)
		}
		a.swings = append(a.swings, s.PeakToTrough)
		a.hr += s.MeanHR
	}
	out := make([]PaceFigures, 0, len(order))
	for _, p := range order {
		a := by[p]
		n := len(a.swings)
		out = append(out, PaceFigures{Pace: p, Breaths: n, MeanHR: round2(a.hr / float64(n)), Swing: round2(median(a.swings))})
	}
	return out
}
