package sim

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// GroupConfig is one simulated room without a pattern: several breathers
// and the group pacer deciding their one breath.
type GroupConfig struct {
	Breathers []Breather
	Duration  time.Duration
	Target    float64 // the pacer's target pace, breaths/min; DefaultTarget when zero
	// Ahead is how long before a cycle begins the pacer decides it (see
	// pacing.Group); rooms served by attune decide 2.5 s ahead.
	Ahead time.Duration
	Seed  uint64
}

// GroupResult is what a simulated room breathed.
type GroupResult struct {
	Cycles []pacing.Cycle
	// Onsets holds each breather's true in-breath onsets.
	Onsets [][]time.Duration
	// Taps holds each breather's taps as the pacer heard them.
	Taps [][]time.Duration
}

// groupGuide is the group pacer as a Guide over the taps heard so far.
type groupGuide struct {
	g    pacing.Group
	taps *[][]time.Duration
}

func (gg groupGuide) Next(start time.Duration, past []pacing.Cycle, _ []pacing.Event) pacing.Cycle {
	return gg.g.Next(start, past, *gg.taps)
}

// RunGroup breathes a simulated room: each breather follows the room's
// cycles at its own nature, and the pacer hears each one's taps apart.
func RunGroup(cfg GroupConfig) (GroupResult, error) {
	if len(cfg.Breathers) == 0 {
		return GroupResult{}, fmt.Errorf("a room needs at least one breather")
	}
	for i, b := range cfg.Breathers {
		if err := b.validate(false); err != nil {
			return GroupResult{}, fmt.Errorf("breather %d: %w", i+1, err)
		}
	}
	res := GroupResult{Onsets: make([][]time.Duration, len(cfg.Breathers)), Taps: make([][]time.Duration, len(cfg.Breathers))}
	taps := make([][]time.Duration, len(cfg.Breathers))
	guide := groupGuide{g: pacing.Group{Target: cfg.Target, Ahead: cfg.Ahead}, taps: &taps}
	sess := pacing.NewSession(pacing.Plan{Duration: cfg.Duration, Settle: -1, Guide: guide, Label: "room"})
	bs := make([]*breather, len(cfg.Breathers))
	for i, nature := range cfg.Breathers {
		bs[i] = &breather{Breather: nature, rng: rand.New(rand.NewPCG(cfg.Seed, uint64(i)+1))}
		bs[i].begin()
	}
	end := cfg.Duration.Seconds()
	for {
		// The breather whose next breath comes first breathes it.
		k := -1
		for i, b := range bs {
			if b.onset < end && (k < 0 || b.onset < bs[k].onset) {
				k = i
			}
		}
		if k < 0 {
			break
		}
		observe := func(e pacing.Event) {
			if e.Kind == pacing.BreathIn {
				taps[k] = append(taps[k], e.At)
			}
		}
		res.Onsets[k] = append(res.Onsets[k], bs[k].step(sess, observe))
	}
	res.Cycles = sess.Cycles(cfg.Duration)
	res.Taps = taps
	return res, nil
}
