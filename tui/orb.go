package tui

import (
	"math"
	"strings"
)

// The orb is drawn with quadrant blocks (▘▝▖▗▀▄▌▐▙▛▜▟█): each cell holds a
// 2×2 grid of pixels, so the edge moves in half-cell steps sideways and
// half-line steps up and down, in every monospace font, as solid shapes (not
// the dotted look of braille). A cell has one foreground colour, and the orb
// sits on a glow whose background tint never moves while it breathes: so when
// the orb grows, only the glyphs of the cells on its edge change, which costs
// the terminal a few bytes each, not a colour change per cell.

// CellAspect is the height of a terminal cell over its width in typical
// fonts; the orb is round on such cells.
const CellAspect = 2.05

// MinFill is the orb's size with empty lungs, as a fraction of its full size.
const MinFill = 0.4

// RadiusStep is the quantum of the orb's radius, in cell widths: the orb is
// redrawn only when its radius crosses a multiple of it.
const RadiusStep = 0.25

// StillLevels is how many brightness steps the still orb takes.
const StillLevels = 6

// stillSize is the still orb's fixed size, as a lung fill.
const stillSize = 0.7

// quadrants maps a 4-bit mask (1 top-left, 2 top-right, 4 bottom-left, 8
// bottom-right) to its block element.
var quadrants = [16]string{" ", "▘", "▝", "▀", "▖", "▌", "▞", "▛", "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█"}

// shades are the still orb's brightness steps where colour cannot show them.
var shades = [StillLevels]string{"░", "░", "▒", "▒", "▓", "█"}

// Orb draws the breathing orb: a disc whose radius follows lung fill, on a
// faint glow. Build it with SetSize; it caches the frames it has drawn.
type Orb struct {
	w, h  int
	still bool
	maxR  float64    // full radius, in cell widths
	px    []float32  // per cell, the squared distances of its four pixel centres
	glow  [][2]uint8 // per cell, the masks of its pixels in the inner and outer glow
	cache map[orbKey]string
}

type orbKey struct {
	q    int   // radius quantum, or brightness level when still
	g    group // phase colour
	b    int   // fill band
	look Look
	gen  int // styles generation
}

// SetSize sets the area the orb is drawn in, in cells, and whether it keeps
// still (reduced motion: brightness follows the breath, size does not).
func (o *Orb) SetSize(w, h int, still bool) {
	w, h = max(w, 0), max(h, 0)
	if o.w == w && o.h == h && o.still == still && o.cache != nil {
		return
	}
	o.w, o.h, o.still = w, h, still
	o.maxR = max(math.Min(float64(w)/2, float64(h)*CellAspect/2)-2, 0)
	o.px = make([]float32, 4*w*h)
	o.glow = make([][2]uint8, w*h)
	o.cache = make(map[orbKey]string)
	cx, cy := float64(w)/2, float64(h)*CellAspect/2
	for row := range h {
		for col := range w {
			i := row*w + col
			for k := range 4 {
				x := float64(col) + 0.25 + 0.5*float64(k%2) - cx
				y := (float64(row)+0.25+0.5*float64(k/2))*CellAspect - cy
				d2 := x*x + y*y
				o.px[4*i+k] = float32(d2)
				// The glow is still: a soft ring just outside the full
				// orb, where the breath is going; it never needs redrawing.
				switch d := math.Sqrt(d2); {
				case d <= o.maxR+0.3:
				case d <= o.maxR+1.0:
					o.glow[i][0] |= 1 << k
				case d <= o.maxR+1.8:
					o.glow[i][1] |= 1 << k
				}
			}
		}
	}
}

// Radius is the orb's radius in cell widths at lung fill f.
func (o *Orb) Radius(f float64) float64 {
	if o.still {
		f = stillSize
	}
	f = math.Min(1, math.Max(0, f))
	return o.maxR * (MinFill + (1-MinFill)*f)
}

// Quantum is the step the orb shows at lung fill f: its quantised radius, or
// its brightness level when still. The picture changes only with it.
func (o *Orb) Quantum(f float64) int {
	if o.still {
		return min(StillLevels-1, max(0, int(f*StillLevels)))
	}
	return int(o.Radius(f) / RadiusStep)
}

// FillFor is the lung fill at which quantum q begins: the inverse of
// Quantum.
func (o *Orb) FillFor(q int) float64 {
	if o.still {
		return float64(q) / StillLevels
	}
	if o.maxR <= 0 {
		return 2 // never
	}
	return (float64(q)*RadiusStep/o.maxR - MinFill) / (1 - MinFill)
}

// View renders the orb at lung fill f in phase colour g with styles s:
// exactly h lines of w cells.
func (o *Orb) View(f float64, g group, s *Styles, gen int) string {
	if o.w <= 0 || o.h <= 0 {
		return ""
	}
	k := orbKey{q: o.Quantum(f), g: g, b: band(f), look: s.Look, gen: gen}
	if o.still {
		k.b = 0
	}
	if v, ok := o.cache[k]; ok {
		return v
	}
	v := o.render(k, s)
	if len(o.cache) > 512 {
		clear(o.cache)
	}
	o.cache[k] = v
	return v
}

func (o *Orb) render(k orbKey, s *Styles) string {
	// The two halves take turns to grow by two steps, so each step changes
	// the cells on one side only: the terminal redraws each changed line
	// from its first to its last changed cell, and a symmetric change would
	// redraw the whole width of the orb.
	rl := float64(2*((k.q+1)/2)) * RadiusStep
	rr := float64(2*(k.q/2)) * RadiusStep
	if o.still {
		rl = o.Radius(stillSize)
		rr = rl
	}
	r2l, r2r := float32(rl*rl), float32(rr*rr)
	r := rl
	fg := s.coreSGR[k.g][k.b]
	shade := ""
	if o.still {
		switch s.Look {
		case LookFull:
			fg = s.stillSGR[k.g][k.q]
		default:
			shade = shades[k.q]
		}
	}
	inner := float32((r - 0.75) * (r - 0.75))
	var b strings.Builder
	b.Grow(o.w * o.h * 4)
	for row := range o.h {
		if row > 0 {
			b.WriteByte('\n')
		}
		pen := 0 // none
		for col := range o.w {
			i := row*o.w + col
			r2 := r2r
			if 2*col < o.w {
				r2 = r2l
			}
			var m int
			for q := range 4 {
				if o.px[4*i+q] <= r2 {
					m |= 1 << q
				}
			}
			// A cell shows its orb pixels, or else its inner glow pixels,
			// in the foreground, and any glow left in the background. Cells
			// of orb carry only its colour: a short pen for each changed
			// line, and a change of the orb's colour leaves the glow alone.
			fgK, bgK, mask := 0, 0, m
			var g0, g1 int
			if s.Look == LookFull {
				g0, g1 = int(o.glow[i][0])&^m, int(o.glow[i][1])&^m
			}
			switch {
			case m != 0:
				fgK = 1
			case g0 != 0:
				fgK, mask, g0 = 2, g0, 0
			case g1 != 0:
				fgK, mask, g1 = 3, g1, 0
			}
			switch {
			case g0 != 0:
				bgK = 2
			case g1 != 0:
				bgK = 3
			}
			if want := fgK<<2 | bgK; want != pen {
				if pen != 0 {
					b.WriteString("\x1b[m")
				}
				switch fgK {
				case 1:
					b.WriteString(fg)
				case 2, 3:
					b.WriteString(s.glowFG[fgK-2])
				}
				if bgK > 0 {
					b.WriteString(s.glowBG[bgK-2])
				}
				pen = want
			}
			m = mask
			if shade != "" && m == 15 && o.px[4*i] <= inner && o.px[4*i+3] <= inner {
				b.WriteString(shade)
			} else {
				b.WriteString(quadrants[m])
			}
		}
		if pen != 0 {
			b.WriteString("\x1b[m")
		}
	}
	return b.String()
}

// Bar draws the breath as a horizontal bar for the small forms: it grows
// from the middle in half-cell steps (or, still, brightens in place).
type Bar struct {
	w     int // cells, even
	still bool
	cache map[orbKey]string
}

// SetSize sets the bar's width in cells and whether it keeps still.
func (r *Bar) SetSize(w int, still bool) {
	w = max(w, 0) &^ 1
	if r.w == w && r.still == still && r.cache != nil {
		return
	}
	r.w, r.still, r.cache = w, still, make(map[orbKey]string)
}

// Width is the bar's width in cells.
func (r *Bar) Width() int { return r.w }

// Quantum is the step the bar shows at lung fill f: half-cells on each side
// of the middle, or its brightness level when still.
func (r *Bar) Quantum(f float64) int {
	if r.still {
		return min(StillLevels-1, max(0, int(f*StillLevels)))
	}
	f = math.Min(1, math.Max(0, f))
	return int(float64(r.w) * (MinFill + (1-MinFill)*f))
}

// FillFor is the lung fill at which quantum q begins.
func (r *Bar) FillFor(q int) float64 {
	if r.still {
		return float64(q) / StillLevels
	}
	if r.w <= 0 {
		return 2
	}
	return (float64(q)/float64(r.w) - MinFill) / (1 - MinFill)
}

// View renders the bar at lung fill f: exactly w cells.
func (r *Bar) View(f float64, g group, s *Styles, gen int) string {
	if r.w <= 0 {
		return ""
	}
	k := orbKey{q: r.Quantum(f), g: g, b: band(f), look: s.Look, gen: gen}
	if v, ok := r.cache[k]; ok {
		return v
	}
	half := r.w / 2
	n := k.q // half-cells per side
	fg := s.coreSGR[k.g][k.b]
	body := "█"
	if r.still {
		n = int(float64(r.w) * stillSize)
		switch s.Look {
		case LookFull:
			fg = s.stillSGR[k.g][k.q]
		default:
			body = shades[k.q]
		}
	}
	full, part := n/2, n%2
	var b strings.Builder
	b.WriteString(fg)
	side := func(left bool) {
		pad := half - full - part
		edge := "▌"
		if left {
			edge = "▐"
			b.WriteString(strings.Repeat(" ", max(pad, 0)))
		}
		if part == 1 && left {
			b.WriteString(edge)
		}
		b.WriteString(strings.Repeat(body, min(full, half)))
		if part == 1 && !left {
			b.WriteString(edge)
		}
		if !left {
			b.WriteString(strings.Repeat(" ", max(pad, 0)))
		}
	}
	side(true)
	side(false)
	b.WriteString("\x1b[m")
	v := b.String()
	r.cache[k] = v
	return v
}
