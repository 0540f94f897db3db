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
//     to it, shifted by its steady reaction delay Lag (as far as the guide
//     has decided, extrapolated at its current cycle length).
//   - A floored breather (the guide slower than 60/Floor allows) cannot
//     stretch a breath to the guide's: it waits for the guide's in-breath
//     only when that comes after its own breath is done and within its
//     longest breath; otherwise it takes a breath of its own between the
//     guide's.
//   - At each Disturb time its own rate jumps by the given breaths/min
//     (Rate += D, a stress spike) and P restarts from 60/Rate; for the
//     spike's length (Disturbance.For, DefaultSpike when zero) it breathes
//     at that rate paying the guide no heed, then follows as before.
//
// Its in-breath share (in:out) moves the same way toward the guide's. It
// taps each in-breath (Taps "in" or "inout") at its onset plus normal noise
// of SD TapNoise, missing each with probability Miss and doubling each
// 80–250 ms later with probability Double; with "inout" it also marks the
// out-breath. With "none" it gives no events at all. After Fade it stops
// tapping but goes on breathing and following.
//
// # The truth
//
// The simulator knows whether its breather is really with the guide: a
// guided breath is with the guide when the breather's own breath beginning
// nearest it (less the steady Lag) starts within ±15 % of the guide's cycle
// of the guide's in-breath and lasts within ±15 % of the guide's cycle.
// Each breath's WithGuide stands beside the engine's judgement (Locked),
// and the summary counts where they disagree.
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

// TruthTolerance is how far, as a share of the guide's cycle, the
// breather's own breath may differ from the guide's, in onset (less its
// lag) and in length, and still be with the guide.
const TruthTolerance = 0.15

// Breather is the simulated breather's nature.
type Breather struct {
	Rate     float64 // natural rate, breaths/min
	Follow   float64 // 0..1: how far it moves toward the guide each breath
	Floor    float64 // slowest rate it can follow, breaths/min; 0: no limit
	Jitter   float64 // per-breath period noise, coefficient of variation
	TapNoise time.Duration
	Miss     float64 // probability a tap is missed
	// Lag is the steady delay of its in-breath behind the guide's while it
	// follows; negative when it anticipates.
	Lag time.Duration
	// Double is the probability a tap is given twice, 80–250 ms apart (key
	// bounce, a nervous double tap).
	Double float64
	// Fade, when not zero, is the session time after which it stops
	// tapping; it goes on breathing and following.
	Fade    time.Duration
	Taps    TapMode
	Disturb []Disturbance
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
	// Guide, when set, replaces the adaptive guide (a resonance
	// assessment's steps, say); the session then plans Duration.
	Guide pacing.Guide
}

// Validate reports the first setting out of range.
func (c Config) Validate() error {
	if err := c.Breather.validate(c.Replay != nil); err != nil {
		return err
	}
	switch {
	case c.Duration < 10*time.Second || c.Duration > 4*time.Hour:
		return fmt.Errorf("length %v out of range: accepted 10s to 4h", c.Duration)
	case !(c.Target >= pacing.MinTarget && c.Target <= pacing.MaxTarget):
		return fmt.Errorf("target %g out of range: accepted %g to %g breaths/min", c.Target, pacing.MinTarget, pacing.MaxTarget)
	case c.StartBPM != 0 && !(c.StartBPM >= 3 && c.StartBPM <= pacing.MaxBPM):
		return fmt.Errorf("start %g out of range: accepted 3 to %g breaths/min", c.StartBPM, pacing.MaxBPM)
	}
	return nil
}

// validate reports the breather's first setting out of range; the rate is
// not checked for a replay.
func (b Breather) validate(replay bool) error {
	switch {
	case !replay && !(b.Rate >= 1 && b.Rate <= 60):
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
	case b.Lag < -3*time.Second || b.Lag > 3*time.Second:
		return fmt.Errorf("lag %v out of range: accepted -3s to 3s", b.Lag)
	case !(b.Double >= 0 && b.Double <= 1):
		return fmt.Errorf("double %g out of range: accepted 0 to 1", b.Double)
	case b.Fade < 0:
		return fmt.Errorf("fade %v out of range: accepted 0 (never) or a time in the session", b.Fade)
	case b.Taps != TapsIn && b.Taps != TapsInOut && b.Taps != TapsNone:
		return fmt.Errorf("taps %q not accepted: in, inout or none", b.Taps)
	}
	for _, d := range b.Disturb {
		if d.At < 0 || math.IsNaN(d.Delta) || math.Abs(d.Delta) > 40 {
			return fmt.Errorf("disturbance %v:%+g out of range: a time in the session and -40 to +40 breaths/min", d.At, d.Delta)
		}
	}
	return nil
}

// Result is a run's outcome.
type Result struct {
	Breaths []Breath
	Summary Summary
	Session *pacing.Session
	Onsets  []time.Duration // the breather's true in-breath onsets
}

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
	if cfg.Guide != nil {
		guide = cfg.Guide
	}
	if cfg.Wrap != nil {
		guide = cfg.Wrap(guide)
	}
	sess := pacing.NewSession(pacing.Plan{Duration: cfg.Duration, Guide: guide, Label: "sim"})
	var onsets []time.Duration
	var hist []rateAt
	lag := time.Duration(0)
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
		if cfg.Breather.Follow > 0 {
			lag = cfg.Breather.Lag // a lag is the delay of one who follows
		}
	}
	sess.StateAt(cfg.Duration + time.Hour) // decide to the end
	res := Result{Session: sess, Onsets: onsets}
	res.Breaths, res.Summary = summarize(sess, outcome{onsets: onsets, hist: hist, lag: lag}, cfg)
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

func clampf(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// round3 rounds to 3 decimals, for output that reads well and stays stable.
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
