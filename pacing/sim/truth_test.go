package sim

import (
	"testing"
	"time"
)

// TestWithGuideTruth checks the simulator's own truth: a breather that
// follows fully and taps cleanly is with the guide on every breath after
// arriving; one that ignores the guide at a rate 30 % faster never is.
func TestWithGuideTruth(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		cfg := base(12, 1, 6)
		cfg.Seed = seed
		cfg.Breather.Jitter, cfg.Breather.TapNoise = 0, 0
		res := run(t, cfg)
		for i, b := range res.Breaths {
			if i >= 2 && !b.WithGuide {
				t.Errorf("seed %d: a full follower was not with the guide at %.1f s: %+v", seed, b.T, b)
			}
		}
		if s := res.Summary; s.FalseLockRatio > 0 || s.MissedLockRatio > 0.05 {
			t.Errorf("seed %d: the engine misjudged a clean follower: %s", seed, dump(res))
		}

		cfg = base(12, 0, 6)
		cfg.Seed = seed
		cfg.StartBPM = 12
		cfg.Breather.Taps = TapsNone // the guide keeps its own 12/min; the breather 15.6
		cfg.Breather.Rate = 12 * 1.3
		res = run(t, cfg)
		for _, b := range res.Breaths {
			if b.WithGuide {
				t.Errorf("seed %d: a breather 30 %% faster that ignores the guide was with it at %.1f s: %+v", seed, b.T, b)
			}
		}
	}
}

// TestLagIsFollowing checks that a steady reaction delay is read as
// following: the guide leads a breather who is always 0.6 s late.
func TestLagIsFollowing(t *testing.T) {
	cfg := base(14, 0.7, 10)
	cfg.Breather.Lag = 600 * time.Millisecond
	res := run(t, cfg)
	if s := res.Summary; s.MinGuideBPM > 7 || s.LockRatio < 0.8 {
		t.Errorf("a lagging follower was not led: %s", dump(res))
	}
}
