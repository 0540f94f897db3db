// Package sim runs the real pacing engine in closed loop against a simulated
// breather, in virtual time, deterministically.
//
// The breather lives here, apart from the engine: it watches the guide the
// way a person watches the orb (the cycles decided so far) and gives breath
// events through Session.Observe, which is all the engine ever learns of it.
//
// # The breather
//
// It has a natural rate (Rate, breaths/min) and an underlying period P,
// starting at 60/Rate. At each of its in-breath onsets it decides the next:
//
//   - While the guide is breathing (not listening), P moves the fraction
//     Follow of the way toward the guide's current cycle length, and is
//     then held at or below 60/Floor: it cannot breathe slower than Floor.
//   - This breath lasts P·(1+Jitter·z), z standard normal (at least half of
//     P, at least a second).
//   - The next onset, its own onset plus that length, then moves the
//     fraction Follow of the way toward the guide's in-breath onset nearest
//     to it (as far as the guide has decided, extrapolated at its current
//     cycle length).
//   - At each Disturb time its own rate jumps by the given breaths/min
//     (Rate += D, a stress spike) and P restarts from 60/Rate; for the
//     spike's length (Disturbance.For, DefaultSpike when zero) it breathes
//     at that rate paying the guide no heed, then follows as before.
//
// Its in-breath share (in:out) moves the same way toward the guide's. It
// taps each in-breath (Taps "in" or "inout") at its onset plus normal noise
// of SD TapNoise, missing each with probability Miss; with "inout" it also
// marks the out-breath. With "none" it gives no events at all.
package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// TapMode says which breath events the breather gives.
type TapMode string

// The tap modes.
const (
	TapsIn    TapMode = "in"    // in-breath onsets only (space presses)
	TapsInOut TapMode = "inout" // in- and out-breath onsets (press and release)
	TapsNone  TapMode = "none"  // nothing: the guide runs open-loop
)

// Disturbance is a sudden change of the breather's own rate.
type Disturbance struct {
	At    time.Duration // session time it happens
	Delta float64       // breaths/min added to its rate
	// For is how long the breather then breathes at its new rate paying
	// the guide no heed; DefaultSpike when zero.
	For time.Duration
}

// DefaultSpike is how long a disturbance lasts unless given.
const DefaultSpike = 15 * time.Second

// Breather is the simulated breather's nature.
type Breather struct {
	Rate     float64 // natural rate, breaths/min
	Follow   float64 // 0..1: how far it moves toward the guide each breath
	Floor    float64 // slowest rate it can follow, breaths/min; 0: no limit
	Jitter   float64 // per-breath period noise, coefficient of variation
	TapNoise time.Duration
	Miss     float64 // probability a tap is missed
	Taps     TapMode
	Disturb  []Disturbance
}

// DefaultBreather is the breather attune sim uses unless told otherwise.
func DefaultBreather() Breather {
	return Breather{Rate: 15, Follow: 0.5, Jitter: 0.05, TapNoise: 50 * time.Millisecond, Taps: TapsIn}
}

// Config is one simulated run.
type Config struct {
	Breather Breather
	Duration time.Duration // planned session length
	Target   float64       // the guide's target pace, breaths/min
	StartBPM float64       // the guide's fallback start pace, as history would give it
	Seed     uint64
	// Replay, when set, replaces the breather: in-breath onsets (session
	// time, ascending) replayed open-loop, as recorded.
	Replay []time.Duration
	// Wrap, when set, wraps the guide before the session uses it (to
	// watch what the engine is given).
	Wrap func(pacing.Guide) pacing.Guide
}

// Validate reports the first setting out of range.
func (c Config) Validate() error {
	b := c.Breather
	switch {
	case c.Replay == nil && !(b.Rate >= 1 && b.Rate <= 60):
		return fmt.Errorf("rate %g out of range: accepted 1 to 60 breaths/min", b.Rate)
	case !(b.Follow >= 0 && b.Follow <= 1):
		return fmt.Errorf("follow %g out of range: accepted 0 to 1", b.Follow)
	case !(b.Floor >= 0 && b.Floor <= 60):
		return fmt.Errorf("floor %g out of range: accepted 0 (none) to 60 breaths/min", b.Floor)
	case !(b.Jitter >= 0 && b.Jitter <= 0.5):
		return fmt.Errorf("jitter %g out of range: accepted 0 to 0.5", b.Jitter)
	case b.TapNoise < 0 || b.TapNoise > time.Second:
		return fmt.Errorf("tap noise %v out of range: accepted 0 to 1000 ms", b.TapNoise)
	case !(b.Miss >= 0 && b.Miss <= 1):
		return fmt.Errorf("miss %g out of range: accepted 0 to 1", b.Miss)
	case b.Taps != TapsIn && b.Taps != TapsInOut && b.Taps != TapsNone:
		return fmt.Errorf("taps %q not accepted: in, inout or none", b.Taps)
	case c.Duration < 10*time.Second || c.Duration > 4*time.Hour:
		return fmt.Errorf("length %v out of range: accepted 10s to 4h", c.Duration)
	case !(c.Target >= pacing.MinTarget && c.Target <= pacing.MaxTarget):
		return fmt.Errorf("target %g out of range: accepted %g to %g breaths/min", c.Target, pacing.MinTarget, pacing.MaxTarget)
	case c.StartBPM != 0 && !(c.StartBPM >= 3 && c.StartBPM <= pacing.MaxBPM):
		return fmt.Errorf("start %g out of range: accepted 3 to %g breaths/min", c.StartBPM, pacing.MaxBPM)
	}
	for _, d := range b.Disturb {
		if d.At < 0 || math.IsNaN(d.Delta) || math.Abs(d.Delta) > 40 {
			return fmt.Errorf("disturbance %v:%+g out of range: a time in the session and -40 to +40 breaths/min", d.At, d.Delta)
		}
	}
	return nil
}

// Breath is one guided breath as the run saw it.
type Breath struct {
	T          float64 `json:"t"`
	GuideBPM   float64 `json:"guide_bpm"`
	Inhale     float64 `json:"inhale_s"`
	HoldIn     float64 `json:"hold_in_s"`
	Exhale     float64 `json:"exhale_s"`
	HoldOut    float64 `json:"hold_out_s"`
	UserBPM    float64 `json:"user_bpm"`
	PhaseError float64 `json:"phase_error"`
	Locked     bool    `json:"locked"`
	Stage      string  `json:"stage"`
}

// Summary sums a run up.
type Summary struct {
	// TimeToTarget is the first breath's time with the guide within half a
	// breath/min of the target; nil when never.
	TimeToTarget  *float64 `json:"time_to_target_s"`
	FinalGuideBPM float64  `json:"final_guide_bpm"`
	FinalUserBPM  float64  `json:"final_user_bpm"`
	LockRatio     float64  `json:"lock_ratio"`
	// MaxGap is the largest user_bpm − guide_bpm over breaths after the
	// first minute.
	MaxGap float64 `json:"max_gap_bpm"`
	// MaxSlowdown is the largest drop of guide_bpm within any 60 s.
	MaxSlowdown float64 `json:"max_slowdown_bpm_per_min"`
	MinGuideBPM float64 `json:"min_guide_bpm"`
	MaxGuideBPM float64 `json:"max_guide_bpm"`
	StartBPM    float64 `json:"start_guide_bpm"`
	NaturalBPM  float64 `json:"natural_bpm"`
}

// Result is a run's outcome.
type Result struct {
	Breaths []Breath
	Summary Summary
	Session *pacing.Session
	Onsets  []time.Duration // the breather's true in-breath onsets
}

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
}

type rateAt struct{ at, bpm float64 }

// Run runs the simulation.
func Run(cfg Config) (Result, error) {
	if err := cfg.Validate(); err != nil {
		return Result{}, err
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed_a77e))
	guide := pacing.NewAdaptiveGuide(pacing.AdaptiveConfig{
		Target: cfg.Target, StartBPM: cfg.StartBPM, Lead: true,
		Planned: cfg.Duration, Listen: true,
	})
	if cfg.Wrap != nil {
		guide = cfg.Wrap(guide)
	}
	sess := pacing.NewSession(pacing.Plan{Duration: cfg.Duration, Guide: guide, Label: "sim"})
	var onsets []time.Duration
	var hist []rateAt
	if cfg.Replay != nil {
		onsets = replay(sess, cfg.Replay)
		for i := 1; i < len(onsets); i++ {
			if d := (onsets[i] - onsets[i-1]).Seconds(); d > 0 {
				hist = append(hist, rateAt{onsets[i-1].Seconds(), 60 / d})
			}
		}
	} else {
		b := &breather{Breather: cfg.Breather, rng: rng}
		onsets = b.run(sess, cfg.Duration)
		hist = b.hist
	}
	sess.StateAt(cfg.Duration + time.Hour) // decide to the end
	res := Result{Session: sess, Onsets: onsets}
	res.Breaths, res.Summary = summarize(sess, onsets, hist, cfg)
	return res, nil
}

// replay gives recorded onsets to the session, as they were.
func replay(sess *pacing.Session, taps []time.Duration) []time.Duration {
	taps = slices.Clone(taps)
	slices.Sort(taps)
	for _, t := range taps {
		sess.Observe(pacing.Event{Kind: pacing.BreathIn, At: t})
	}
	return taps
}

func secs(s float64) time.Duration { return time.Duration(math.Round(s * 1e9)) }

// run breathes until the planned end and returns the true onsets.
func (b *breather) run(sess *pacing.Session, end time.Duration) []time.Duration {
	b.period = 60 / b.Rate
	b.inShare = 0.42
	b.dist = slices.Clone(b.Disturb)
	slices.SortFunc(b.dist, func(x, y Disturbance) int { return int(x.At - y.At) })
	b.onset = b.rng.Float64() * b.period
	var pending []pacing.Event
	var onsets []time.Duration
	push := func(e pacing.Event) {
		i, _ := slices.BinarySearchFunc(pending, e.At, func(p pacing.Event, at time.Duration) int { return int(p.At - at) })
		for i < len(pending) && pending[i].At == e.At {
			i++
		}
		pending = slices.Insert(pending, i, e)
	}
	tap := func(kind pacing.EventKind, at, span float64) {
		if b.Taps == TapsNone || kind == pacing.BreathOut && b.Taps != TapsInOut {
			return
		}
		if b.Miss > 0 && b.rng.Float64() < b.Miss {
			return
		}
		n := b.rng.NormFloat64() * b.TapNoise.Seconds()
		lim := min(3*b.TapNoise.Seconds(), 0.3*span)
		push(pacing.Event{Kind: kind, At: max(secs(at+clampf(n, -lim, lim)), 0)})
	}
	tap(pacing.BreathIn, b.onset, b.period)
	for b.onset < end.Seconds() {
		now := secs(b.onset)
		for len(pending) > 0 && pending[0].At <= now {
			sess.Observe(pending[0])
			pending = pending[1:]
		}
		onsets = append(onsets, now)
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
		spike := now < b.spikeEnd
		// What the guide is doing, as far as it has decided.
		var cur *pacing.Cycle
		if c, ok := sess.CycleAt(now); ok && c.Listen <= 0 && !c.Last {
			cur = &c
		}
		if cur != nil && !spike {
			gp := cur.Len().Seconds()
			b.period += b.Follow * (gp - b.period)
			gin := cur.Breath.Inhale.Seconds() / gp
			b.inShare += b.Follow * (gin - b.inShare)
		}
		if b.Floor > 0 {
			b.period = min(b.period, 60/b.Floor)
		}
		b.hist = append(b.hist, rateAt{b.onset, 60 / b.period})
		length := max(b.period*(1+b.Jitter*b.rng.NormFloat64()), b.period/2, 1)
		next := b.onset + length
		if cur != nil && !spike {
			gp := cur.Len().Seconds()
			start := cur.Start.Seconds()
			k := math.Round((next - start) / gp)
			g := start + k*gp
			next += b.Follow * (g - next)
			next = max(next, b.onset+1)
		}
		tap(pacing.BreathOut, b.onset+b.inShare*(next-b.onset), next-b.onset)
		tap(pacing.BreathIn, next, next-b.onset)
		b.onset = next
	}
	return onsets
}

func clampf(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// round3 rounds to 3 decimals, for output that reads well and stays stable.
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// summarize turns the session's cycles and the breather's history into
// per-breath records and the run's summary.
func summarize(sess *pacing.Session, onsets []time.Duration, hist []rateAt, cfg Config) ([]Breath, Summary) {
	var out []Breath
	var sum Summary
	userAt := func(t float64) float64 {
		i, found := slices.BinarySearchFunc(hist, t, func(r rateAt, t float64) int {
			switch {
			case r.at < t:
				return -1
			case r.at > t:
				return 1
			}
			return 0
		})
		if !found {
			i--
		}
		if i < 0 {
			if len(hist) == 0 {
				return 0
			}
			i = 0
		}
		return hist[i].bpm
	}
	locked := 0
	for _, c := range sess.Cycles(cfg.Duration + time.Hour) {
		if c.Listen > 0 {
			if c.Natural > 0 {
				sum.NaturalBPM = round3(c.Natural)
			}
			continue
		}
		t := c.Start.Seconds()
		pe, _ := pacing.PhaseError(c, onsets)
		br := Breath{
			T: round3(t), GuideBPM: round3(c.BPM()),
			Inhale: round3((c.Breath.Inhale + c.Breath.TopUp).Seconds()), HoldIn: round3(c.Breath.HoldIn.Seconds()),
			Exhale: round3(c.Breath.Exhale.Seconds()), HoldOut: round3(c.Breath.HoldOut.Seconds()),
			UserBPM: round3(userAt(t)), PhaseError: round3(pe), Locked: c.Locked, Stage: c.Stage.String(),
		}
		out = append(out, br)
		if c.Locked {
			locked++
		}
		if c.Natural > 0 {
			sum.NaturalBPM = round3(c.Natural)
		}
	}
	if len(out) == 0 {
		return out, sum
	}
	sum.StartBPM = out[0].GuideBPM
	sum.MinGuideBPM, sum.MaxGuideBPM = out[0].GuideBPM, out[0].GuideBPM
	for i, b := range out {
		if sum.TimeToTarget == nil && b.GuideBPM <= cfg.Target+0.5 {
			t := b.T
			sum.TimeToTarget = &t
		}
		sum.MinGuideBPM = min(sum.MinGuideBPM, b.GuideBPM)
		sum.MaxGuideBPM = max(sum.MaxGuideBPM, b.GuideBPM)
		if b.T >= 60 {
			sum.MaxGap = max(sum.MaxGap, round3(b.UserBPM-b.GuideBPM))
		}
		for j := i + 1; j < len(out) && out[j].T-b.T <= 60; j++ {
			sum.MaxSlowdown = max(sum.MaxSlowdown, round3(b.GuideBPM-out[j].GuideBPM))
		}
	}
	last := out[len(out)-1]
	sum.FinalGuideBPM = last.GuideBPM
	sum.FinalUserBPM = round3(userAt(cfg.Duration.Seconds()))
	sum.LockRatio = round3(float64(locked) / float64(len(out)))
	return out, sum
}
