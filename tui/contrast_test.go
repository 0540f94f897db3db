package tui

import (
	"math"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/lucasb-eyer/go-colorful"
)

// TestOrbInksContrast checks that every colour the orb takes (each phase
// group at each fill band) stands out from the background it was picked
// for by at least 3:1 (WCAG's contrast for shapes), on dark and on light.
func TestOrbInksContrast(t *testing.T) {
	luminance := func(c colorful.Color) float64 {
		r, g, b := c.LinearRgb()
		return 0.2126*r + 0.7152*g + 0.0722*b
	}
	contrast := func(a, b colorful.Color) float64 {
		la, lb := luminance(a), luminance(b)
		return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
	}
	for d, dark := range []bool{false, true} {
		bg, _ := colorful.MakeColor(defaultBG(dark))
		lo, hi := math.Inf(1), 0.0
		for g := range groups {
			for b := range Bands {
				c, _ := colorful.MakeColor(ansi.IndexedColor(softColours[d][g][b]))
				r := contrast(c, bg)
				lo, hi = math.Min(lo, r), math.Max(hi, r)
				if r < 3 {
					t.Errorf("dark=%v group %d band %d: colour %s against %s is %.2f:1, want at least 3:1", dark, g, b, c.Hex(), bg.Hex(), r)
				}
			}
		}
		t.Logf("dark=%v: the orb's colours against %s: %.1f–%.1f:1", dark, bg.Hex(), lo, hi)
	}
}
