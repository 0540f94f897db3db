package tui

import (
	"image/color"
	"math"
	"strings"

	"charm.land/lipgloss/v2"
)

// Orb draws the breathing orb: a disc whose radius follows lung fill. Each
// cell holds two square "pixels" (upper and lower half block), so the disc is
// round on terminals whose cells are about twice as tall as wide.
type Orb struct {
	w, h int
}

// SetSize sets the area the orb is drawn in, in cells.
func (o *Orb) SetSize(w, h int) { o.w, o.h = max(w, 0), max(h, 0) }

// MinFill is the orb's size with empty lungs, as a fraction of its full size.
const MinFill = 0.35

// Radius is the orb's radius in pixels (half cells) at lung fill f.
func (o *Orb) Radius(f float64) float64 {
	maxR := math.Min(float64(o.w)/2, float64(o.h)) - 0.5
	if maxR <= 0 {
		return 0
	}
	f = math.Min(1, math.Max(0, f))
	return maxR * (MinFill + (1-MinFill)*f)
}

// View renders the orb at lung fill f in colour c: exactly h lines of w cells.
func (o *Orb) View(f float64, c color.Color) string {
	if o.w <= 0 || o.h <= 0 {
		return ""
	}
	r := o.Radius(f)
	cx, cy := float64(o.w)/2, float64(o.h) // centre in pixels
	style := lipgloss.NewStyle().Foreground(c)
	var b strings.Builder
	line := make([]rune, o.w)
	for row := 0; row < o.h; row++ {
		for col := 0; col < o.w; col++ {
			top := inside(float64(col)+0.5, float64(2*row)+0.5, cx, cy, r)
			bot := inside(float64(col)+0.5, float64(2*row)+1.5, cx, cy, r)
			switch {
			case top && bot:
				line[col] = '█'
			case top:
				line[col] = '▀'
			case bot:
				line[col] = '▄'
			default:
				line[col] = ' '
			}
		}
		if row > 0 {
			b.WriteByte('\n')
		}
		s := string(line)
		if strings.TrimSpace(s) == "" {
			b.WriteString(s)
		} else {
			b.WriteString(style.Render(s))
		}
	}
	return b.String()
}

func inside(x, y, cx, cy, r float64) bool {
	dx, dy := x-cx, y-cy
	return dx*dx+dy*dy <= r*r
}
