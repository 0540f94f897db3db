package sim

import (
	"testing"
)

// TestSweepFamilies runs 30 breathers of each family and checks the share
// that met its goal and the engine's judgement over all of them. The
// 200-draw figures are in the README; these bounds leave room for the
// chance of 30 draws.
func TestSweepFamilies(t *testing.T) {
	n := 30
	if testing.Short() {
		n = 10
	}
	want := map[string]float64{"follower": 0.8, "non-follower": 0.9, "floored": 0.8, "fading": 0.8}
	for _, f := range Families() {
		t.Run(f.Name, func(t *testing.T) {
			rep := Sweep(f, n, 11)
			t.Logf("%s: %d/%d met the goal; false lock %.3f, missed lock %.3f over all draws",
				f.Name, rep.Met, len(rep.Draws), rep.FalseLockRatio(), rep.MissedLockRatio())
			for _, d := range rep.Worst(3) {
				t.Logf("  missed %v: attune sim %s", d.Missed, d.Flags())
			}
			if rep.Share() < want[f.Name] {
				t.Errorf("%.0f %% met the goal, want at least %.0f %%", 100*rep.Share(), 100*want[f.Name])
			}
			if rep.FalseLockRatio() > MaxFalseLock || rep.MissedLockRatio() > MaxMissedLock {
				t.Errorf("judgement over all draws: false lock %.3f (at most %g), missed lock %.3f (at most %g)",
					rep.FalseLockRatio(), MaxFalseLock, rep.MissedLockRatio(), MaxMissedLock)
			}
		})
	}
}

func TestFamilyNamed(t *testing.T) {
	if _, err := FamilyNamed("floored"); err != nil {
		t.Error(err)
	}
	if _, err := FamilyNamed("sleepy"); err == nil {
		t.Error("an unknown family was accepted")
	}
}
