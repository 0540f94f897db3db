package pacing

import (
	"math"
	"testing"
)

func TestFillEnds(t *testing.T) {
	for _, top := range []bool{false, true} {
		if got := Fill(Inhale, 0, top); got != 0 {
			t.Errorf("inhale starts at %v, want 0", got)
		}
		if got := Fill(Exhale, 1, top); got != 0 {
			t.Errorf("exhale ends at %v, want 0", got)
		}
		if got := Fill(Exhale, 0, top); got != 1 {
			t.Errorf("exhale starts at %v, want 1", got)
		}
	}
	if got := Fill(Inhale, 1, false); got != 1 {
		t.Errorf("inhale ends at %v, want 1", got)
	}
	if got := Fill(TopUp, 1, true); got != 1 {
		t.Errorf("top-up ends at %v, want 1", got)
	}
	if Fill(HoldIn, 0.5, false) != 1 || Fill(HoldOut, 0.5, false) != 0 {
		t.Error("holds must be flat at full and empty")
	}
}

// TestFillSmoothAtBoundaries checks value and slope continuity where phases
// meet, for every way a cycle can join up.
func TestFillSmoothAtBoundaries(t *testing.T) {
	const h = 1e-6
	slope := func(p Phase, x float64, top bool) float64 {
		lo, hi := math.Max(0, x-h), math.Min(1, x+h)
		return (Fill(p, hi, top) - Fill(p, lo, top)) / (hi - lo)
	}
	joins := []struct {
		a, b Phase
		top  bool
	}{
		{Inhale, HoldIn, false}, {Inhale, Exhale, false}, {HoldIn, Exhale, false},
		{Exhale, HoldOut, false}, {Exhale, Inhale, false}, {HoldOut, Inhale, false},
		{Inhale, TopUp, true}, {TopUp, HoldIn, true}, {TopUp, Exhale, true},
	}
	for _, j := range joins {
		va, vb := Fill(j.a, 1, j.top), Fill(j.b, 0, j.top)
		if math.Abs(va-vb) > 1e-12 {
			t.Errorf("%v→%v: value jumps %v → %v", j.a, j.b, va, vb)
		}
		sa, sb := slope(j.a, 1, j.top), slope(j.b, 0, j.top)
		if math.Abs(sa-sb) > 1e-4 {
			t.Errorf("%v→%v: slope jumps %v → %v", j.a, j.b, sa, sb)
		}
	}
}

func TestFillMonotone(t *testing.T) {
	for _, top := range []bool{false, true} {
		prevIn, prevOut := -1.0, 2.0
		for i := 0; i <= 1000; i++ {
			x := float64(i) / 1000
			in, out := Fill(Inhale, x, top), Fill(Exhale, x, top)
			if in < prevIn || out > prevOut {
				t.Fatalf("not monotone at x=%v (top-up %v): in %v after %v, out %v after %v", x, top, in, prevIn, out, prevOut)
			}
			if in < 0 || in > 1 || out < 0 || out > 1 {
				t.Fatalf("fill outside 0..1 at x=%v", x)
			}
			prevIn, prevOut = in, out
		}
	}
}

func BenchmarkFill(b *testing.B) {
	var s float64
	for i := 0; b.Loop(); i++ {
		s += Fill(Exhale, float64(i%1000)/1000, false)
	}
	_ = s
}
