package findsim

import (
	"testing"
	"time"

	"github.com/attune-breath/attune/heart"
	"github.com/attune-breath/attune/pacing/sim"
)

// TestSweep runs the finder on many simulated people whose resonance is
// drawn from 4.5 to 6.5 breaths/min. The physiology is broad, so the best
// pace is often a neighbour of the true one; the tie set must hold the
// true pace at least 90 % of the time, and the best must beat chance (1 in
// 5) clearly.
func TestSweep(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 60
	}
	s, err := RunSweep(n, 1, Config{Rest: heart.DefaultRest})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d runs: best = true pace %.0f %%, tie set holds it %.0f %%, mean tie set %.1f paces, %d valid",
		s.Runs, 100*s.HitRate(), 100*s.CoverRate(), s.TiedSize, s.Valid)
	if s.Valid != s.Runs {
		t.Errorf("%d of %d runs of breathers who follow were not valid", s.Runs-s.Valid, s.Runs)
	}
	if s.CoverRate() < 0.9 {
		t.Errorf("tie set holds the true pace %.0f %% of the time, want at least 90 %%", 100*s.CoverRate())
	}
	if s.HitRate() < 0.35 {
		t.Errorf("best = true pace %.0f %% of the time, want well above chance (20 %%)", 100*s.HitRate())
	}
	if s.TiedSize > 4 {
		t.Errorf("mean tie set %.1f paces of 5: the finder says too little", s.TiedSize)
	}
}

// TestNonFollower: a breather tapping at a rate of their own gets every
// step marked invalid (each tried twice), and no pace.
func TestNonFollower(t *testing.T) {
	cfg := New(5.5, 2)
	cfg.Breather = NonFollower()
	o, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if o.Valid || o.Best != 0 || len(o.Tied) != 0 {
		t.Errorf("a non-follower's result: best %g tied %v valid %v", o.Best, o.Tied, o.Valid)
	}
	if len(o.Steps) != 10 {
		t.Errorf("%d steps breathed, want each of 5 twice", len(o.Steps))
	}
	for _, s := range o.Steps {
		if s.Valid || s.Why == "" {
			t.Errorf("step %+v counts", s)
		}
	}
}

// TestOneStepNotFollowed: a breather who ignores the guide through most
// of the second step gets that step repeated once after the rest, and the
// repeat counts.
func TestOneStepNotFollowed(t *testing.T) {
	cfg := New(5.5, 4)
	cfg.Breather.Disturb = []sim.Disturbance{{At: 150 * time.Second, Delta: 6, For: 100 * time.Second}}
	o, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Steps) != 6 {
		t.Fatalf("%d steps, want 6 (the second repeated): %+v", len(o.Steps), o.Steps)
	}
	first, again := o.Steps[1], o.Steps[2]
	if first.Valid || first.Attempt != 1 || again.Pace != first.Pace || again.Attempt != 2 || !again.Valid {
		t.Errorf("the step not followed and its repeat: %+v / %+v", first, again)
	}
	if !o.Valid {
		t.Error("no result")
	}
}

func TestDeterministic(t *testing.T) {
	a, err := Run(New(5, 9))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Run(New(5, 9))
	if a.Best != b.Best || len(a.Steps) != len(b.Steps) || a.Steps[2] != b.Steps[2] {
		t.Errorf("same seed, different results: %+v / %+v", a, b)
	}
}
