package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// breather is the simulated breather's running state.
type breather struct {
	Breather
	rng      *rand.Rand
	period   float64 // underlying period, s
	inShare  float64
	onset    float64 // current in-breath onset, s
	hist     []rateAt
	dist     []Disturbance
	spikeEnd time.Duration
	pending  []pacing.Event // taps given but not yet observed, by time
}

type rateAt struct{ at, bpm float64 }

// run breathes until the planned end and returns the true onsets.
func (b *breather) run(sess *pacing.Session, end time.Duration) []time.Duration {
	b.begin()
	var onsets []time.Duration
	for b.onset < end.Seconds() {
		onsets = append(onsets, b.step(sess, sess.Observe))
	}
	return onsets
}

// begin sets the breather going: its first in-breath somewhere in its
// first period.
func (b *breather) begin() {
	b.period = 60 / b.Rate
	b.inShare = 0.42
	b.dist = slices.Clone(b.Disturb)
	slices.SortFunc(b.dist, func(x, y Disturbance) int { return int(x.At - y.At) })
	b.onset = b.rng.Float64() * b.period
	b.tap(pacing.BreathIn, b.onset, b.period)
}

// step breathes the breath that begins at the current onset, handing the
// taps given by then to observe, following the guide's cycle there as far
// as sess has decided it; it returns the breath's onset.
func (b *breather) step(sess *pacing.Session, observe func(pacing.Event)) time.Duration {
	now := secs(b.onset)
	for len(b.pending) > 0 && b.pending[0].At <= now {
		observe(b.pending[0])
		b.pending = b.pending[1:]
	}
	spike := b.disturbed(now)
	var cur *pacing.Cycle
	if c, ok := sess.CycleAt(now); ok && c.Listen <= 0 && !spike {
		cur = &c
	}
	next := b.breathe(cur)
	b.tap(pacing.BreathOut, b.onset+b.inShare*(next-b.onset), next-b.onset)
	b.tap(pacing.BreathIn, next, next-b.onset)
	b.onset = next
	return now
}

// disturbed applies the disturbances due by now and reports whether the
// breather is in a spike, paying the guide no heed.
func (b *breather) disturbed(now time.Duration) bool {
	for len(b.dist) > 0 && b.dist[0].At <= now {
		d := b.dist[0]
		b.Rate = max(b.Rate+d.Delta, 1)
		b.period = 60 / b.Rate
		b.dist = b.dist[1:]
		if d.For == 0 {
			d.For = DefaultSpike
		}
		b.spikeEnd = max(b.spikeEnd, now+d.For)
	}
	return now < b.spikeEnd
}

// breathe decides the breath that begins at the current onset, following
// the guide's cycle cur when there is one, and returns the next onset.
func (b *breather) breathe(cur *pacing.Cycle) float64 {
	if cur != nil {
		gp := cur.Len().Seconds()
		b.period += b.Follow * (gp - b.period)
		gin := (cur.Breath.Inhale + cur.Breath.TopUp).Seconds() / gp
		b.inShare += b.Follow * (gin - b.inShare)
	}
	if b.Floor > 0 {
		b.period = min(b.period, 60/b.Floor)
	}
	b.hist = append(b.hist, rateAt{b.onset, 60 / b.period})
	length := max(b.period*(1+b.Jitter*b.rng.NormFloat64()), b.period/2, 1)
	next := b.onset + length
	if cur == nil {
		return next
	}
	gp := cur.Len().Seconds()
	start := cur.Start.Seconds() + b.Lag.Seconds()
	if b.Floor > 0 && gp > 60/b.Floor*1.02 {
		// The guide is slower than this breather can go: it waits for the
		// guide's next in-breath only if its own breath is done by then
		// and it can last that long; otherwise it breathes on its own.
		longest := 60 / b.Floor
		k := math.Ceil((next - start) / gp)
		g := start + k*gp
		if g-b.onset <= longest {
			next += b.Follow * (g - next)
		}
		return max(next, b.onset+1)
	}
	k := math.Round((next - start) / gp)
	g := start + k*gp
	next += b.Follow * (g - next)
	return max(next, b.onset+1)
}

// tap gives the event of the given kind for a breath moment at (seconds),
// in a breath lasting span: with timing noise, missed or doubled at the
// breather's odds, and none at all after it stopped tapping.
func (b *breather) tap(kind pacing.EventKind, at, span float64) {
	if b.Taps == TapsNone || kind == pacing.BreathOut && b.Taps != TapsInOut {
		return
	}
	if b.Fade > 0 && at >= b.Fade.Seconds() {
		return
	}
	if b.Miss > 0 && b.rng.Float64() < b.Miss {
		return
	}
	n := b.rng.NormFloat64() * b.TapNoise.Seconds()
	lim := min(3*b.TapNoise.Seconds(), 0.3*span)
	t := max(at+clampf(n, -lim, lim), 0)
	b.push(pacing.Event{Kind: kind, At: secs(t)})
	if kind == pacing.BreathIn && b.Double > 0 && b.rng.Float64() < b.Double {
		b.push(pacing.Event{Kind: kind, At: secs(t + 0.08 + 0.17*b.rng.Float64())})
	}
}

// push queues an event in time order.
func (b *breather) push(e pacing.Event) {
	i, _ := slices.BinarySearchFunc(b.pending, e.At, func(p pacing.Event, at time.Duration) int { return int(p.At - at) })
	for i < len(b.pending) && b.pending[i].At == e.At {
		i++
	}
	b.pending = slices.Insert(b.pending, i, e)
}
