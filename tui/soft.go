package tui

import (
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"
	"github.com/lucasb-eyer/go-colorful"
)

// Where the terminal shows 256 colours or more, the orb is drawn as light:
// half-block cells (▀ with a foreground and a background colour) hold two
// stacked, nearly square pixels each, and every pixel has its own colour.
// The disc's edge is anti-aliased (each edge pixel is blended between the
// orb and what lies behind it by how much of it the disc covers), its
// inside is a little brighter toward the centre (in true colour), and a
// soft halo around it fades into the background.
//
// What keeps it cheap to send: every shade is quantised to a few levels, so
// a radius step changes only the pixels whose level changed; the inside's
// shading is fixed to the screen (a pixel keeps its shade while the disc
// grows over it); the halo is fixed while the fill stays in one colour band
// (the orb grows into it); and the halves still take turns to grow (see
// Orb.halfRadii). On 256 colours each level is snapped once to a palette
// colour near the line from the background to the orb's colour (onRamp).

// The soft orb's quantisation.
const (
	covLevels   = 7  // coverage steps of an edge pixel, empty and full included
	shadeLevels = 10 // brightness steps of the inside, edge to centre
	haloLevels  = 8  // steps of the halo, none to strongest
)

// softInks are the colours the soft orb is drawn from.
type softInks struct {
	bg      colorful.Color // the background everything fades into
	dark    bool           // the background is dark
	palette bool           // snap every colour to the 256-colour palette
	bgIndex uint8          // in the palette, the colour that stands for bg
	core    [groups][Bands]colorful.Color
	shine   float64 // how much lighter the centre is
	halo    float64 // the halo's strength at its strongest
}

// newSoftInks makes the soft orb's colours for background bg.
func newSoftInks(bg colorful.Color, dark, palette bool) *softInks {
	d := 0
	if dark {
		d = 1
	}
	si := &softInks{bg: bg, dark: dark, palette: palette, shine: 0.28, halo: 0.55}
	if !dark {
		si.shine, si.halo = 0.2, 0.3
	}
	if palette {
		si.shine = 0 // the palette's steps would show as rings
		si.bgIndex = onRamp(bg, bg, bg)
	}
	for g := range groups {
		for b := range Bands {
			si.core[g][b], _ = colorful.MakeColor(ansi.IndexedColor(softColours[d][g][b]))
		}
	}
	return si
}

// softColours are the soft orb's colours per phase group and fill band,
// for light and dark backgrounds: the 256-colour palette's, as the crisp
// orb's, so the orb keeps its colours whatever the terminal shows.
var softColours = phaseColours

// softPicture is what one soft picture shows.
type softPicture struct {
	rl, rr  float64        // the left and right halves' radii, in cell widths
	colour  colorful.Color // the orb's colour
	halo    halo           // where the halo lies
	haloMul float64        // the halo's strength, of the inks' own
}

// pixel is one pixel's quantised levels: equal pixels are drawn alike.
type pixel struct {
	cov, shade, halo uint8
}

// softPixel is the quantised levels of the pixel at distance d from the
// centre, for an edge at radius r, with halo h.
func (o *Orb) softPixel(d, r float64, h halo) pixel {
	var p pixel
	cov := math.Min(1, math.Max(0, r-d+0.5))
	p.cov = uint8(math.Round(cov * (covLevels - 1)))
	t := math.Min(1, d/math.Max(o.maxR, 1))
	p.shade = uint8(math.Round((1 - t) * (1 - t) * (shadeLevels - 1)))
	if p.cov == covLevels-1 {
		return p
	}
	var v float64
	switch {
	case d <= h.top:
		v = 1 - 0.35*math.Max(0, d-h.in)/math.Max(h.top-h.in, 0.01)
	case d < h.out:
		v = 0.65 * (1 - (d-h.top)/(h.out-h.top))
	}
	p.halo = uint8(math.Round(v * (haloLevels - 1)))
	return p
}

// halo is where the glow around the orb lies, in cell widths: it dims a
// little from radius in to radius top, then fades to nothing at radius out.
type halo struct{ in, top, out float64 }

// HaloReach is how far the halo reaches past the largest radius of its fill
// band, in cell widths.
const HaloReach = 2

// haloFor is the halo for fill band b: it is fixed to the screen while the
// fill stays in the band (the orb grows into it or shrinks from it, and only
// the edge's pixels change), from the band's smallest radius to a little
// past its largest. It grows, and dims (softPicture.haloMul), band by band.
func (o *Orb) haloFor(b int) halo {
	if o.still {
		r := o.Radius(stillSize)
		return halo{in: r, top: r + 0.5, out: r + HaloReach + 0.5}
	}
	top := o.Radius(float64(b+1) / Bands)
	return halo{in: o.Radius(float64(b) / Bands), top: top, out: top + HaloReach}
}

// softRender draws soft picture sp with inks si: exactly h lines of w
// cells of half blocks.
func (o *Orb) softRender(sp softPicture, si *softInks) string {
	pens := penTable{si: si, sp: sp, pens: map[pixel]string{}}
	o.halfPixels()
	var b strings.Builder
	b.Grow(o.w * o.h * 8)
	for row := range o.h {
		if row > 0 {
			b.WriteByte('\n')
		}
		at := ""
		for col := range o.w {
			r := sp.rr
			if 2*col < o.w {
				r = sp.rl
			}
			i := row*o.w + col
			top := pens.sgr(o.softPixel(o.dist[2*i], r, sp.halo))
			bot := pens.sgr(o.softPixel(o.dist[2*i+1], r, sp.halo))
			glyph, want := halfCell(top, bot)
			if want != at {
				if at != "" {
					b.WriteString("\x1b[m")
				}
				b.WriteString(want)
				at = want
			}
			b.WriteString(glyph)
		}
		if at != "" {
			b.WriteString("\x1b[m")
		}
	}
	return b.String()
}

// halfCell is the glyph and pen of a cell whose top and bottom pixels have
// colour parameters top and bot ("" for none).
func halfCell(top, bot string) (glyph, pen string) {
	switch {
	case top == "" && bot == "":
		return " ", ""
	case bot == "":
		return "▀", "\x1b[38;" + top + "m"
	case top == "":
		return "▄", "\x1b[38;" + bot + "m"
	case top == bot:
		return " ", "\x1b[48;" + top + "m"
	}
	return "▀", "\x1b[38;" + top + ";48;" + bot + "m"
}

// penTable turns pixels into colour parameters ("2;R;G;B" or "5;N"),
// each worked out once a picture.
type penTable struct {
	si   *softInks
	sp   softPicture
	pens map[pixel]string
}

func (t *penTable) sgr(p pixel) string {
	if t.si.palette {
		// The palette has too few colours between the orb's and the
		// background's for more edge steps: they would show as specks.
		const half = (covLevels - 1) / 2
		p.cov = uint8(math.Round(float64(p.cov)/half)) * half
	}
	if s, ok := t.pens[p]; ok {
		return s
	}
	c, ok := t.si.colourOf(t.sp, p)
	s := ""
	if ok {
		if t.si.palette {
			// A pixel whose colour snaps to the background's own stand-in
			// is left to the terminal's background: the halo's faint edge
			// then meets it cleanly, whatever its exact colour and however
			// the font draws half blocks.
			if n := onRamp(c, t.si.bg, t.sp.colour); n != t.si.bgIndex {
				s = "5;" + strconv.Itoa(int(n))
			}
		} else {
			r, g, b := c.Clamped().RGB255()
			s = "2;" + strconv.Itoa(int(r)) + ";" + strconv.Itoa(int(g)) + ";" + strconv.Itoa(int(b))
		}
	}
	t.pens[p] = s
	return s
}

// colourOf is pixel p's colour in picture sp; ok is false for a pixel left
// to the terminal's own background.
func (si *softInks) colourOf(sp softPicture, p pixel) (c colorful.Color, ok bool) {
	behind, lit := si.behind(sp, p)
	if p.cov == 0 {
		return behind, lit
	}
	if si.palette {
		// One colour for the whole edge, whatever lies behind it: the
		// palette's nearest colours to different blends differ in hue.
		behind = si.bg
	}
	shine := si.shine * float64(p.shade) / (shadeLevels - 1)
	orb := sp.colour.BlendLab(colorful.Color{R: 1, G: 1, B: 1}, shine)
	return si.blend(behind, orb, float64(p.cov)/(covLevels-1)), true
}

// behind is the colour outside the disc at pixel p: the halo, or the
// background (lit false).
func (si *softInks) behind(sp softPicture, p pixel) (colorful.Color, bool) {
	if p.halo == 0 {
		return si.bg, false
	}
	lit := float64(p.halo) / (haloLevels - 1)
	if si.dark {
		// Light added to a dark background: even steps of lightness are
		// ever smaller steps of light.
		lit = math.Pow(lit, 2.2)
	}
	return si.blend(si.bg, sp.colour, si.halo*sp.haloMul*lit), true
}

// blend is the colour a fraction t of the way from a to b: on a dark
// background as light adds (in linear RGB), on a light one as ink covers
// (in CIE Lab, evenly to the eye). In the palette, always in CIE Lab: the
// palette's few colours between two are chosen by eye.
func (si *softInks) blend(a, b colorful.Color, t float64) colorful.Color {
	if si.dark && !si.palette {
		return a.BlendLinearRgb(b, t)
	}
	return a.BlendLab(b, t)
}

// The 256-colour palette in CIE Lab, for onRamp.
var (
	paletteOnce sync.Once
	paletteLab  [240][3]float64
	rampMu      sync.Mutex
	rampMemo    = map[[3]colorful.Color]uint8{}
)

// RampWidth is how far (in CIE Lab units) a palette colour may lie from
// the line between the background and the orb's colour to stand for a
// blend of the two.
const RampWidth = 12

// onRamp is the index of the 256-colour palette's colour that best stands
// for c, a blend between colours from and to: the nearest in CIE Lab of
// those near the line between them (so a blend never turns into a louder
// colour of another hue), or the nearest of all when none is. The colour
// cube and the greys are used; the first 16 colours differ between
// terminals. Each answer is worked out once.
func onRamp(c, from, to colorful.Color) uint8 {
	k := [3]colorful.Color{c.Clamped(), from.Clamped(), to.Clamped()}
	rampMu.Lock()
	defer rampMu.Unlock()
	if n, ok := rampMemo[k]; ok {
		return n
	}
	paletteOnce.Do(func() {
		for i := range paletteLab {
			p, _ := colorful.MakeColor(ansi.IndexedColor(16 + i))
			paletteLab[i][0], paletteLab[i][1], paletteLab[i][2] = p.Lab()
		}
	})
	lab := func(c colorful.Color) (v [3]float64) {
		v[0], v[1], v[2] = c.Lab()
		return v
	}
	x, a, b := lab(k[0]), lab(k[1]), lab(k[2])
	var ab [3]float64
	var n2 float64
	for i := range 3 {
		ab[i] = b[i] - a[i]
		n2 += ab[i] * ab[i]
	}
	best, bestD, near, nearD := 0, math.Inf(1), 0, math.Inf(1)
	for i, p := range paletteLab {
		var dot, d2 float64
		for j := range 3 {
			dot += (p[j] - a[j]) * ab[j]
			d2 += (p[j] - x[j]) * (p[j] - x[j])
		}
		if d2 < nearD {
			near, nearD = i, d2
		}
		t := 0.0
		if n2 > 0 {
			t = math.Min(1, math.Max(0, dot/n2))
		}
		var perp float64
		for j := range 3 {
			e := p[j] - (a[j] + t*ab[j])
			perp += e * e
		}
		if perp <= RampWidth*RampWidth && d2 < bestD {
			best, bestD = i, d2
		}
	}
	if math.IsInf(bestD, 1) {
		best = near
	}
	if len(rampMemo) > 1<<14 {
		clear(rampMemo)
	}
	n := uint8(16 + best)
	rampMemo[k] = n
	return n
}

// softPicture is what picture k shows: the halves' radii and the orb's
// colour, its phase's colour at its fill band, or when still, the brightest
// band faded toward the background by the brightness step.
func (o *Orb) softPicture(k orbKey, si *softInks) softPicture {
	rl, rr := o.halfRadii(k)
	sp := softPicture{rl: rl, rr: rr, colour: si.core[k.group][k.band], halo: o.haloFor(k.band),
		haloMul: 1 - 0.3*float64(k.band)/(Bands-1)}
	if o.still {
		c := si.core[k.group][Bands-1]
		a := 0.3 + 0.7*float64(k.step)/(StillLevels-1)
		sp.colour = si.bg.BlendLab(c, a)
		sp.haloMul = 0.4 + 0.6*float64(k.step)/(StillLevels-1)
	}
	return sp
}
