package audio

import (
	"math"

	"github.com/gopxl/beep/v2"
)

// Partial is one sine component of a Bell: its frequency as a multiple of
// the bell's, its amplitude, and how many samples it takes to decay to 1/e.
type Partial struct {
	Ratio float64
	Amp   float64
	Decay int
}

// Bell is a soft struck bell: a few decaying sine partials. Freq is in
// cycles per sample (Hz divided by the sample rate). It fades in over Attack
// samples, fades out over the last Release samples and ends after Len.
type Bell struct {
	Freq     float64
	Partials []Partial
	Attack   int
	Release  int
	Len      int
	Pos      int
}

// Stream writes the bell's next samples.
func (b *Bell) Stream(samples [][2]float64) (n int, ok bool) {
	if b.Pos >= b.Len {
		return 0, false
	}
	n = min(len(samples), b.Len-b.Pos)
	for i := range samples[:n] {
		samples[i] = [2]float64{}
	}
	// Each partial is a decaying phasor: one complex multiplication a
	// sample instead of an exp and a sin.
	for _, pt := range b.Partials {
		w := 2 * math.Pi * b.Freq * pt.Ratio
		k := -1 / float64(max(pt.Decay, 1))
		a := pt.Amp * math.Exp(k*float64(b.Pos))
		re, im := a*math.Cos(w*float64(b.Pos)), a*math.Sin(w*float64(b.Pos))
		d := math.Exp(k)
		cr, ci := d*math.Cos(w), d*math.Sin(w)
		for i := range samples[:n] {
			samples[i][0] += im
			re, im = re*cr-im*ci, re*ci+im*cr
		}
	}
	for i := range samples[:n] {
		v := samples[i][0] * edge(b.Pos+i, b.Len, b.Attack, b.Release)
		samples[i] = [2]float64{v, v}
	}
	b.Pos += n
	return n, true
}

// Err returns nil: a Bell cannot fail.
func (b *Bell) Err() error { return nil }

// Swell is a soft, warm sine tone Len samples long that rises over Attack
// samples and then slowly falls away, both on raised-cosine curves, so it
// has no edges at all. Freq is in cycles per sample.
type Swell struct {
	Freq   float64
	Amp    float64
	Attack int
	Len    int
	Pos    int
}

// Stream writes the swell's next samples.
func (s *Swell) Stream(samples [][2]float64) (n int, ok bool) {
	if s.Pos >= s.Len {
		return 0, false
	}
	n = min(len(samples), s.Len-s.Pos)
	for i := range samples[:n] {
		p := float64(s.Pos + i)
		env := edge(s.Pos+i, s.Len, s.Attack, s.Len-s.Attack)
		v := s.Amp * env * (math.Sin(2*math.Pi*s.Freq*p) + 0.15*math.Sin(4*math.Pi*s.Freq*p))
		samples[i] = [2]float64{v, v}
	}
	s.Pos += n
	return n, true
}

// Err returns nil: a Swell cannot fail.
func (s *Swell) Err() error { return nil }

// edge is the gain at sample p of a sound Len samples long that fades in over
// attack samples and out over release samples, on raised-cosine curves.
func edge(p, length, attack, release int) float64 {
	g := 1.0
	if attack > 0 && p < attack {
		g *= rcos(float64(p) / float64(attack))
	}
	if release > 0 && p >= length-release {
		g *= rcos(float64(length-p) / float64(release))
	}
	return g
}

// rcos rises from 0 to 1 on [0,1] with zero slope at both ends.
func rcos(x float64) float64 {
	x = min(max(x, 0), 1)
	return (1 - math.Cos(math.Pi*x)) / 2
}

// Delay plays Streamer after Wait samples of silence.
type Delay struct {
	Streamer beep.Streamer
	Wait     int
}

// Stream writes silence until the wait is over, then the wrapped streamer.
func (d *Delay) Stream(samples [][2]float64) (n int, ok bool) {
	for d.Wait > 0 && n < len(samples) {
		samples[n] = [2]float64{}
		n++
		d.Wait--
	}
	if n == len(samples) {
		return n, true
	}
	m, ok := d.Streamer.Stream(samples[n:])
	return n + m, ok || n > 0
}

// Err propagates the wrapped streamer's error.
func (d *Delay) Err() error { return d.Streamer.Err() }

// Fade shapes the start and end of a finite Streamer Len samples long: a
// raised-cosine fade in over In samples and out over Out samples, so clips
// never start or stop with a click.
type Fade struct {
	Streamer beep.Streamer
	Len      int
	In, Out  int
	Pos      int
}

// Stream writes the wrapped streamer's samples with the fades applied.
func (f *Fade) Stream(samples [][2]float64) (n int, ok bool) {
	n, ok = f.Streamer.Stream(samples)
	for i := range samples[:n] {
		g := edge(f.Pos+i, f.Len, f.In, f.Out)
		samples[i][0] *= g
		samples[i][1] *= g
	}
	f.Pos += n
	return n, ok
}

// Err propagates the wrapped streamer's error.
func (f *Fade) Err() error { return f.Streamer.Err() }

// Ramp is a gain that glides toward Target instead of jumping: each sample
// it moves Step closer (linearly), so changing the volume, muting or ducking
// never clicks. Gain is the gain now.
type Ramp struct {
	Streamer beep.Streamer
	Gain     float64
	Target   float64
	Step     float64
}

// Stream writes the wrapped streamer's samples scaled by the gliding gain.
func (r *Ramp) Stream(samples [][2]float64) (n int, ok bool) {
	n, ok = r.Streamer.Stream(samples)
	r.apply(samples[:n])
	return n, ok
}

func (r *Ramp) apply(samples [][2]float64) {
	for i := range samples {
		r.next()
		samples[i][0] *= r.Gain
		samples[i][1] *= r.Gain
	}
}

// next moves the gain one sample toward the target.
func (r *Ramp) next() float64 {
	switch d := r.Target - r.Gain; {
	case d > r.Step:
		r.Gain += r.Step
	case d < -r.Step:
		r.Gain -= r.Step
	default:
		r.Gain = r.Target
	}
	return r.Gain
}

// Err propagates the wrapped streamer's error.
func (r *Ramp) Err() error { return r.Streamer.Err() }

// Limit keeps every sample of Streamer within ±Ceiling: quiet samples pass
// untouched, loud ones bend smoothly toward the ceiling and never past it.
type Limit struct {
	Streamer beep.Streamer
	Ceiling  float64
}

// Stream writes the wrapped streamer's samples, limited.
func (l *Limit) Stream(samples [][2]float64) (n int, ok bool) {
	n, ok = l.Streamer.Stream(samples)
	limit(samples[:n], l.Ceiling)
	return n, ok
}

// Err propagates the wrapped streamer's error.
func (l *Limit) Err() error { return l.Streamer.Err() }

// limit bends samples above 3/4 of ceiling smoothly toward ceiling.
func limit(samples [][2]float64, ceiling float64) {
	knee := 0.75 * ceiling
	room := ceiling - knee
	for i := range samples {
		for c := range 2 {
			x := samples[i][c]
			a := math.Abs(x)
			if a <= knee || math.IsNaN(x) {
				if math.IsNaN(x) {
					samples[i][c] = 0
				}
				continue
			}
			y := knee + room*math.Tanh((a-knee)/room)
			samples[i][c] = math.Copysign(y, x)
		}
	}
}

// Breath is a companion's breath: noise shaped so that its loudness follows
// the airflow (how fast the lung fill changes) and its brightness the
// direction and fill, in brighter and out darker and softer. Before each
// Stream call set Fill to the lung fill at the first and at the end of the
// samples asked for; Rate is the sample rate. Level is the loudness at full
// flow.
type Breath struct {
	Fill  [2]float64
	Rate  beep.SampleRate
	Level float64
	Seed  uint64

	rng       uint64
	gain, cut float64
	lp        [2][2]float64 // two one-pole low-pass stages per channel
	hp        [2]float64    // high-pass state per channel
	hpIn      [2]float64
}

// Stream writes breath noise for the fill change given in Fill.
func (b *Breath) Stream(samples [][2]float64) (n int, ok bool) {
	if len(samples) == 0 {
		return 0, true
	}
	if b.rng == 0 {
		b.rng = b.Seed*0x9E3779B97F4A7C15 + 0x2545F4914F6CDD1D
	}
	rate := float64(b.Rate)
	if rate <= 0 {
		rate = 48000
	}
	secs := float64(len(samples)) / rate
	d := b.Fill[1] - b.Fill[0]
	flow := math.Abs(d) / secs // fill per second; a calm 4 s breath peaks near 0.4
	targetGain := b.Level * math.Pow(min(flow/0.4, 1.2), 0.8)
	fill := (b.Fill[0] + b.Fill[1]) / 2
	targetCut := 450 + 500*min(flow/0.4, 1) + 250*fill // exhale: dark
	if d > 0 {
		targetCut = 800 + 1300*min(flow/0.4, 1) + 300*fill // inhale: brighter
	}
	// Glide gain and cut-off over ~25 ms so block edges never click; the
	// filter coefficient glides linearly across the block.
	k := 1 - math.Exp(-float64(len(samples))/(0.025*rate))
	gain0, gain1 := b.gain, b.gain+(targetGain-b.gain)*k
	cut1 := b.cut + (targetCut-b.cut)*k
	a0, a1 := 1-math.Exp(-2*math.Pi*b.cut/rate), 1-math.Exp(-2*math.Pi*cut1/rate)
	b.gain, b.cut = gain1, cut1
	hpA := math.Exp(-2 * math.Pi * 120 / rate)
	step := 1 / float64(len(samples))
	for i := range samples {
		x := float64(i) * step
		a := a0 + (a1-a0)*x
		g := 1.5 * (gain0 + (gain1-gain0)*x)
		for c := range 2 {
			v := b.noise()
			b.lp[c][0] += (v - b.lp[c][0]) * a
			b.lp[c][1] += (b.lp[c][0] - b.lp[c][1]) * a
			y := b.lp[c][1]
			// One-pole high-pass to keep out rumble.
			h := hpA * (b.hp[c] + y - b.hpIn[c])
			b.hpIn[c], b.hp[c] = y, h
			samples[i][c] = h * g
		}
	}
	return len(samples), true
}

// noise is a uniform value in [-1, 1) from a xorshift generator.
func (b *Breath) noise() float64 {
	b.rng ^= b.rng << 13
	b.rng ^= b.rng >> 7
	b.rng ^= b.rng << 17
	return float64(b.rng>>11)/float64(1<<52) - 1
}

// Err returns nil: a Breath cannot fail.
func (b *Breath) Err() error { return nil }
