package heart

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// SimHeart is a simulated heart for tests and attune sim. Its rate is
//
//	HR(t) = Base + resonant(t) + lowpass(t) + noise(t)
//
// where resonant is a band-pass resonator driven by the breath, peaking
// at the person's resonance pace with quality factor Q (its swing at the
// resonance pace is Gain peak to trough), lowpass a smaller first-order
// path following the breath directly (LowGain peak to trough, time
// constant 3 s), and noise a slow random drift (standard deviation Noise,
// time constant NoiseTau). Beats come from integrating the rate; their
// intervals are rounded to 1/1024 s as a strap sends them. The strap
// delivers them in batches about once a second, each late by 0.4–2.6 s,
// and a share Artefacts of the beats is spoiled (an ectopic beat, or a
// missed one that merges two intervals).
type SimHeart struct {
	Base      float64 // beats/min
	Resonance float64 // breaths/min
	Q         float64
	Gain      float64 // peak-to-trough at the resonance pace, beats/min
	LowGain   float64
	Noise     float64 // beats/min, SD
	NoiseTau  time.Duration
	Artefacts float64 // share of beats spoiled
	Seed      uint64
}

// DefaultSimHeart is a typical simulated heart resonating at the given
// pace.
func DefaultSimHeart(resonance float64, seed uint64) SimHeart {
	return SimHeart{Base: 64, Resonance: resonance, Q: 1.5, Gain: 14, LowGain: 3, Noise: 2, NoiseTau: 20 * time.Second, Artefacts: 0.01, Seed: seed}
}

// Validate reports the first setting out of range.
func (h SimHeart) Validate() error {
	switch {
	case !(h.Base >= 35 && h.Base <= 120):
		return fmt.Errorf("heart base rate %g out of range: accepted 35 to 120 beats/min", h.Base)
	case !(h.Resonance >= 3 && h.Resonance <= 10):
		return fmt.Errorf("resonance %g out of range: accepted 3 to 10 breaths/min", h.Resonance)
	case !(h.Q >= 0.5 && h.Q <= 5):
		return fmt.Errorf("quality factor %g out of range: accepted 0.5 to 5", h.Q)
	case !(h.Gain >= 0 && h.Gain <= 40) || !(h.LowGain >= 0 && h.LowGain <= 20):
		return fmt.Errorf("heart gains %g, %g out of range: accepted 0 to 40 and 0 to 20 beats/min", h.Gain, h.LowGain)
	case !(h.Noise >= 0 && h.Noise <= 10) || h.NoiseTau < time.Second:
		return fmt.Errorf("heart noise %g (τ %v) out of range: accepted 0 to 10 beats/min, τ at least 1s", h.Noise, h.NoiseTau)
	case !(h.Artefacts >= 0 && h.Artefacts <= 0.5):
		return fmt.Errorf("artefact share %g out of range: accepted 0 to 0.5", h.Artefacts)
	}
	return nil
}

// Delivery is one batch of intervals as a strap delivers it.
type Delivery struct {
	At time.Duration // when it arrives
	RR []float64     // ms, oldest first
}

// SimOut is what the simulated heart did.
type SimOut struct {
	Beats      []Beat // the true beats (an artefact's spoiled interval marked)
	Deliveries []Delivery
}

// simStep is the simulation's time step.
const simStep = 10 * time.Millisecond

// Run simulates the heart from 0 to end, driven by the breath: onsets are
// the breather's in-breath onsets (ascending), between which the lungs
// fill and empty as a sinusoid.
func (h SimHeart) Run(onsets []time.Duration, end time.Duration) SimOut {
	rng := rand.New(rand.NewPCG(h.Seed, 0x4ea7))
	dt := simStep.Seconds()
	w0 := 2 * math.Pi * h.Resonance / 60
	// Band-pass resonator y'' + (w0/Q) y' + w0² y = (w0/Q) g x', whose
	// gain is g at w0; g makes the swing at resonance Gain peak to trough.
	g := h.Gain / 2
	var y, v, low, noise, xPrev float64
	lowTau := 3.0
	var out SimOut
	var phase float64 // of the heart's beat, in beats
	last := time.Duration(0)
	k := 0
	for t := time.Duration(0); t < end; t += simStep {
		x := lungs(onsets, t, &k)
		dx := (x - xPrev) / dt
		xPrev = x
		a := (w0/h.Q)*g*dx - (w0/h.Q)*v - w0*w0*y
		v += a * dt
		y += v * dt
		low += (h.LowGain/2*x - low) * dt / lowTau
		tau := h.NoiseTau.Seconds()
		noise += -noise*dt/tau + h.Noise*math.Sqrt(2*dt/tau)*rng.NormFloat64()
		hr := max(h.Base+y+low+noise, 30)
		phase += hr / 60 * dt
		if phase >= 1 {
			phase--
			// The beat came when the phase crossed 1, a little before t.
			at := t + simStep - time.Duration(phase/(hr/60)*float64(time.Second))
			rr := math.Round((at-last).Seconds()*1024) / 1024 * 1000
			if last > 0 || len(out.Beats) > 0 {
				out.Beats = append(out.Beats, Beat{At: at, RR: rr})
			}
			last = at
		}
	}
	h.spoil(&out, rng)
	out.Deliveries = deliver(out.Beats, rng)
	return out
}

// lungs is the breath at t, -1 (empty, at an in-breath onset) to 1; k is
// the index of the onset at or before t, kept between calls.
func lungs(onsets []time.Duration, t time.Duration, k *int) float64 {
	for *k+1 < len(onsets) && onsets[*k+1] <= t {
		*k++
	}
	if len(onsets) < 2 || t < onsets[0] {
		return -1
	}
	i := min(*k, len(onsets)-2)
	a, b := onsets[i], onsets[i+1]
	f := float64(t-a) / float64(b-a)
	if f > 1 {
		return -1 // after the last breath: resting
	}
	return -math.Cos(2 * math.Pi * f)
}

// spoil turns a share of the beats into artefacts: an ectopic beat (a
// short interval and a long one after it) or a missed beat (two intervals
// as one).
func (h SimHeart) spoil(out *SimOut, rng *rand.Rand) {
	bs := out.Beats[:0:0]
	for i := 0; i < len(out.Beats); i++ {
		b := out.Beats[i]
		if i+1 < len(out.Beats) && h.Artefacts > 0 && rng.Float64() < h.Artefacts {
			nx := out.Beats[i+1]
			if rng.IntN(2) == 0 {
				short := math.Round(b.RR*0.6*1.024) / 1.024
				bs = append(bs, Beat{At: b.At - ms(b.RR-short), RR: short, Artefact: true},
					Beat{At: nx.At, RR: b.RR + nx.RR - short, Artefact: true})
			} else {
				bs = append(bs, Beat{At: nx.At, RR: b.RR + nx.RR, Artefact: true})
			}
			i++
			continue
		}
		bs = append(bs, b)
	}
	out.Beats = bs
}

// deliver batches the beats about once a second, each batch late by 0.4 to
// 2.6 s, arrivals in order.
func deliver(bs []Beat, rng *rand.Rand) []Delivery {
	var out []Delivery
	i := 0
	prev := time.Duration(0)
	for tick := time.Second; i < len(bs); tick += time.Second {
		var rr []float64
		for i < len(bs) && bs[i].At <= tick {
			rr = append(rr, bs[i].RR)
			i++
		}
		if len(rr) == 0 {
			continue
		}
		at := max(tick+400*time.Millisecond+time.Duration(rng.Float64()*2.2*float64(time.Second)), prev)
		prev = at
		out = append(out, Delivery{At: at, RR: rr})
	}
	slices.SortStableFunc(out, func(a, b Delivery) int { return cmp.Compare(a.At, b.At) })
	return out
}
