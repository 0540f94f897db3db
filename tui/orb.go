package tui

import (
	"math"
	"strings"
	"sync"

	"github.com/attune-breath/attune/pacing"
)

// With 256 colours or more the orb is drawn as soft light (soft.go). With 16
// colours or none it is drawn crisp, with quadrant blocks (▘▝▖▗▀▄▌▐▙▛▜▟█):
// each cell holds a 2×2 grid of pixels, so the edge moves in half-cell steps
// sideways and half-line steps up and down, in every monospace font, as
// solid shapes (not the dotted look of braille). A cell has one foreground
// colour: when the orb grows, only the glyphs of the cells on its edge
// change, which costs the terminal a few bytes each.

// CellAspect is the height of a terminal cell over its width in typical
// fonts; the orb is round on such cells.
const CellAspect = 2.05

// MinFill is the orb's size with empty lungs, as a fraction of its full size.
const MinFill = 0.4

// RadiusStep is the quantum of the orb's radius, in cell widths: the orb is
// redrawn only when its radius crosses a multiple of it.
const RadiusStep = 0.25

// SoftStep and PaletteStep are the quanta of the soft orb's radius in true
// colour and in the 256-colour palette. Every step of the soft orb redraws
// the edge of each line of it with two colours a cell (where a step of the
// crisp orb mostly changes glyphs alone), so it takes longer steps: its
// anti-aliased edge still moves smoothly.
const (
	SoftStep    = 0.375
	PaletteStep = 0.5
)

// radiusStep is the quantum of this orb's radius.
func (o *Orb) radiusStep() float64 {
	switch o.look {
	case LookTrue:
		return SoftStep
	case LookFull:
		return PaletteStep
	}
	return RadiusStep
}

// SetLook sets the look the orb is drawn in, which sets its quantum (see
// SoftStep); set it before SetSize.
func (o *Orb) SetLook(lk Look) {
	if o.look != lk {
		o.look, o.cache = lk, nil
	}
}

// StillLevels is how many brightness steps the still orb takes.
const StillLevels = 6

// stillSize is the still orb's fixed size, as a lung fill.
const stillSize = 0.7

// quadrants maps a 4-bit mask (1 top-left, 2 top-right, 4 bottom-left, 8
// bottom-right) to its block element.
var quadrants = [16]string{" ", "▘", "▝", "▀", "▖", "▌", "▞", "▛", "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█"}

// shades are the still orb's brightness steps where colour cannot show them.
var shades = [StillLevels]string{"░", "░", "▒", "▒", "▓", "█"}

// Orb draws the breathing orb: a disc whose radius follows lung fill. Build
// it with SetSize; it caches the frames it has drawn.
type Orb struct {
	w, h  int
	still bool
	maxR  float64   // full radius, in cell widths
	px    []float32 // per cell, the squared distances of its four pixel centres
	// dist is, per cell, the distances of its two half-block pixels'
	// centres (top, bottom) in cell widths: the soft orb's (see soft.go).
	dist  []float64
	look  Look // the look it is drawn in, for its quantum
	cache map[orbKey]string
}

// orbKey is what a picture of the orb or the bar shows: equal keys draw
// equal pictures.
type orbKey struct {
	step  int   // the Quantum: radius or bar steps, or brightness level when still
	group group // the phase's colour
	band  int   // the fill's colour step
	look  Look
	level bool // both halves at one radius: the breath holds (see halfRadii)
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
	o.cache = make(map[orbKey]string)
	o.px, o.dist = nil, nil // worked out when a picture is drawn (resizes come fast)
}

// quadrantPixels is o.px, worked out on first use.
func (o *Orb) quadrantPixels() []float32 {
	if o.px != nil {
		return o.px
	}
	o.px = make([]float32, 4*o.w*o.h)
	cx, cy := float64(o.w)/2, float64(o.h)*CellAspect/2
	for i := range o.w * o.h {
		row, col := i/o.w, i%o.w
		for k := range 4 {
			x := float64(col) + 0.25 + 0.5*float64(k%2) - cx
			y := (float64(row)+0.25+0.5*float64(k/2))*CellAspect - cy
			o.px[4*i+k] = float32(x*x + y*y)
		}
	}
	return o.px
}

// halfPixels is o.dist, worked out on first use.
func (o *Orb) halfPixels() []float64 {
	if o.dist != nil {
		return o.dist
	}
	o.dist = make([]float64, 2*o.w*o.h)
	cx, cy := float64(o.w)/2, float64(o.h)*CellAspect/2
	for i := range o.w * o.h {
		row, col := i/o.w, i%o.w
		for k := range 2 {
			x := float64(col) + 0.5 - cx
			y := (float64(row)+0.25+0.5*float64(k))*CellAspect - cy
			o.dist[2*i+k] = math.Hypot(x, y)
		}
	}
	return o.dist
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
	return int(o.Radius(f) / o.radiusStep())
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
	return (float64(q)*o.radiusStep()/o.maxR - MinFill) / (1 - MinFill)
}

// View renders the orb at lung fill f in the colour of phase p with styles
// s: exactly h lines of w cells. Pictures are cached; after a change of
// styles, SetSize the orb anew (or use a new Orb).
func (o *Orb) View(f float64, p pacing.Phase, s *Styles) string {
	if o.w <= 0 || o.h <= 0 {
		return ""
	}
	k := orbKey{step: o.Quantum(f), group: groupOf(p), band: band(f), look: s.Look}
	if o.still {
		k.band = 0
	}
	k.level = !o.still && k.step%2 == 1 && !fillMoves(p)
	if v, ok := o.cache[k]; ok {
		return v
	}
	pk := pictureKey{w: o.w, h: o.h, still: o.still, inks: s.inks, k: k}
	v, ok := pictures.get(pk)
	if !ok {
		if s.soft != nil {
			v = o.softRender(o.softPicture(k, s.soft), s.soft)
		} else {
			v = o.render(k, s)
		}
		pictures.put(pk, v)
	}
	if len(o.cache) > 512 {
		clear(o.cache)
	}
	o.cache[k] = v
	return v
}

// pictureKey is what an orb's picture depends on: its size, whether it
// keeps still, the inks it is drawn in and what it shows.
type pictureKey struct {
	w, h  int
	still bool
	inks  string
	k     orbKey
}

// pictureStore keeps pictures drawn by any orb of the process: the many
// screens of a room server draw the same orb, each from its own Orb, and
// draw each picture once between them.
type pictureStore struct {
	mu sync.Mutex
	m  map[pictureKey]string
}

// pictures is the process's picture store; it forgets everything when it
// holds maxPictures.
var pictures = pictureStore{m: map[pictureKey]string{}}

const maxPictures = 4096

func (p *pictureStore) get(k pictureKey) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	v, ok := p.m[k]
	return v, ok
}

func (p *pictureStore) put(k pictureKey, v string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.m) >= maxPictures {
		clear(p.m)
	}
	p.m[k] = v
}

// ink is what colours one layer of an orb cell, its foreground or its
// background.
type ink uint8

// The inks of an orb cell.
const (
	inkNone ink = iota // the terminal's own colours
	inkOrb             // the orb's colour (foreground only)
)

// pen is the pair of inks a cell is drawn with; the zero pen sets nothing.
type pen struct{ fg, bg ink }

// render draws the picture k shows.
func (o *Orb) render(k orbKey, s *Styles) string {
	rl, rr := o.halfRadii(k)
	o.quadrantPixels()
	r2l, r2r := float32(rl*rl), float32(rr*rr)
	fg, shade := o.colour(k, s)
	inner := float32((rl - 0.75) * (rl - 0.75))
	var b strings.Builder
	b.Grow(o.w * o.h * 4)
	for row := range o.h {
		if row > 0 {
			b.WriteByte('\n')
		}
		var at pen // what the terminal's pen is set to
		for col := range o.w {
			i := row*o.w + col
			r2 := r2r
			if 2*col < o.w {
				r2 = r2l
			}
			shown, want := o.cell(i, r2)
			if fg == "" && want.bg == inkNone {
				want = pen{} // nothing to set: no colour
			}
			if want != at {
				setPen(&b, at, want, fg)
				at = want
			}
			if shade != "" && shown == 15 && o.px[4*i] <= inner && o.px[4*i+3] <= inner {
				b.WriteString(shade)
			} else {
				b.WriteString(quadrants[shown])
			}
		}
		if at != (pen{}) {
			b.WriteString("\x1b[m")
		}
	}
	return b.String()
}

// halfRadii is the radius of the orb's left and right halves, in cell
// widths, in picture k. While the orb moves, the two halves take turns to
// grow by two steps, so each step changes the cells on one side only: the
// terminal redraws each changed line from its first to its last changed
// cell, and a symmetric change would redraw the whole width of the orb.
// While the breath holds (k.level), both halves have the step's radius, so
// the orb rests round: that costs one more redraw of the orb as a hold
// begins and ends, where colour shows a phase's change redraws it anyway.
func (o *Orb) halfRadii(k orbKey) (left, right float64) {
	if o.still {
		r := o.Radius(stillSize)
		return r, r
	}
	rs := o.radiusStep()
	if k.level {
		r := float64(k.step) * rs
		return r, r
	}
	return float64(2*((k.step+1)/2)) * rs, float64(2*(k.step/2)) * rs
}

// fillMoves reports whether the lung fill changes during phase p.
func fillMoves(p pacing.Phase) bool {
	switch p {
	case pacing.Inhale, pacing.TopUp, pacing.Exhale:
		return true
	}
	return false
}

// colour is the pen the orb's pixels are drawn with in picture k and, where
// the still orb shows its brightness by shading instead of colour, the
// shade of its inside.
func (o *Orb) colour(k orbKey, s *Styles) (fg, shade string) {
	fg = s.coreSGR[k.group][k.band]
	if o.still {
		switch s.Look {
		case LookFull:
			fg = s.stillSGR[k.group][k.step]
		default:
			shade = shades[k.step]
		}
	}
	return fg, shade
}

// cell is what cell i shows with the orb's edge at squared radius r2: the
// quadrant mask of the pixels drawn in the foreground, and the pen. Cells
// of orb carry only its colour: a short pen for each changed line.
func (o *Orb) cell(i int, r2 float32) (shown int, p pen) {
	orb := 0
	for q := range 4 {
		if o.px[4*i+q] <= r2 {
			orb |= 1 << q
		}
	}
	if orb != 0 {
		p.fg = inkOrb
	}
	return orb, p
}

// setPen changes the terminal's pen from pen from to pen to; fg is the orb's
// own colour.
func setPen(b *strings.Builder, from, to pen, fg string) {
	if from != (pen{}) {
		b.WriteString("\x1b[m")
	}
	if to.fg == inkOrb {
		b.WriteString(fg)
	}
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

// View renders the bar at lung fill f in the colour of phase p: exactly w
// cells.
func (r *Bar) View(f float64, p pacing.Phase, s *Styles) string {
	if r.w <= 0 {
		return ""
	}
	k := orbKey{step: r.Quantum(f), group: groupOf(p), band: band(f), look: s.Look}
	if v, ok := r.cache[k]; ok {
		return v
	}
	half := r.w / 2
	n := k.step // half-cells per side
	fg := s.coreSGR[k.group][k.band]
	body := "█"
	if r.still {
		n = int(float64(r.w) * stillSize)
		switch s.Look {
		case LookFull, LookTrue:
			fg = s.stillSGR[k.group][k.step]
		default:
			body = shades[k.step]
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
