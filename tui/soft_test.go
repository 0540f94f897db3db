package tui

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/lucasb-eyer/go-colorful"

	"github.com/attune-breath/attune/pacing"
)

// TestViewGoldenSoft pins the orb drawn as light, in true colour and in
// the 256-colour palette, dark and light, as a terminal of that colour
// profile receives it.
func TestViewGoldenSoft(t *testing.T) {
	for _, c := range []struct {
		name    string
		look    Look
		profile colorprofile.Profile
	}{
		{"truecolor", LookTrue, colorprofile.TrueColor},
		{"ansi256", LookFull, colorprofile.ANSI256},
	} {
		for _, dark := range []bool{true, false} {
			for _, sz := range [][2]int{{80, 24}, {40, 12}} {
				for _, mo := range moments[:3] {
					name := fmt.Sprintf("%s_%s_%dx%d_%s", c.name, map[bool]string{true: "dark", false: "light"}[dark], sz[0], sz[1], mo.name)
					t.Run(name, func(t *testing.T) {
						s := fixedSession(t)
						m := testModel(t, s, mo.at, sz[0], sz[1], Options{})
						m.SetLook(defaultBG(dark), dark, c.look)
						var b bytes.Buffer
						w := &colorprofile.Writer{Forward: &b, Profile: c.profile}
						if _, err := w.WriteString(m.Render(s.StateAt(mo.at))); err != nil {
							t.Fatal(err)
						}
						golden.RequireEqual(t, b.String())
					})
				}
			}
		}
	}
}

// pixels decodes a soft picture into its pixels' colours, two a cell (top,
// bottom); nil where the terminal's background shows.
func pixels(t *testing.T, view string, w, h int) [][]color.Color {
	t.Helper()
	buf := uv.NewScreenBuffer(w, h)
	uv.NewStyledString(view).Draw(buf, buf.Bounds())
	px := make([][]color.Color, 2*h)
	for y := range h {
		px[2*y], px[2*y+1] = make([]color.Color, w), make([]color.Color, w)
		for x := range w {
			c := buf.CellAt(x, y)
			var top, bot color.Color
			switch c.Content {
			case "▀":
				top, bot = c.Style.Fg, c.Style.Bg
			case "▄":
				top, bot = c.Style.Bg, c.Style.Fg
			case " ", "":
				top, bot = c.Style.Bg, c.Style.Bg
			default:
				t.Fatalf("cell %d,%d is %q: the soft orb draws half blocks only", x, y, c.Content)
			}
			px[2*y][x], px[2*y+1][x] = top, bot
		}
	}
	return px
}

// TestSoftOrbOverRadii checks the soft orb at every radius step: the
// disc's total coverage never shrinks as it grows, nothing is coloured
// beyond its halo, and every coloured pixel lies between the background
// and the orb's colours.
func TestSoftOrbOverRadii(t *testing.T) {
	for _, dark := range []bool{true, false} {
		for _, sz := range [][2]int{{80, 17}, {40, 8}} {
			st := NewStylesFor(defaultBG(dark), dark, LookTrue)
			o := &Orb{}
			o.SetLook(LookTrue)
			o.SetSize(sz[0], sz[1], false)
			prev := -1.0
			for r := 0.0; r <= o.maxR+1; r += 0.05 {
				total := 0.0
				for _, d := range o.halfPixels() {
					total += float64(o.softPixel(d, r, halo{in: 1, top: 2, out: 3}).cov)
				}
				if total < prev {
					t.Fatalf("%v: coverage %v at radius %.2f, less than %v just before", sz, total, r, prev)
				}
				prev = total
			}
			bg, _ := colorful.MakeColor(defaultBG(dark))
			for q := o.Quantum(0); q <= o.Quantum(1); q++ {
				f := math.Min(1, o.FillFor(q)+1e-9)
				k := orbKey{step: q, group: groupIn, band: band(f), look: LookTrue}
				sp := o.softPicture(k, st.soft)
				centre := sp.colour.BlendLab(colorful.Color{R: 1, G: 1, B: 1}, st.soft.shine)
				px := pixels(t, o.View(f, pacing.Inhale, &st), sz[0], sz[1])
				reach := math.Max(sp.halo.out, math.Max(sp.rl, sp.rr)+0.5)
				for i, c := range flat(px, sz[0]) {
					if c == nil {
						continue
					}
					if d := o.dist[cellPixel(i, sz[0])]; d > reach+0.01 {
						t.Fatalf("%v step %d: a pixel %.2f from the centre is coloured, beyond the halo's %.2f", sz, q, d, reach)
					}
					cc, _ := colorful.MakeColor(c)
					if !between(cc, bg, sp.colour, centre) {
						t.Fatalf("%v step %d: pixel %s is not between the background %s and the orb %s–%s", sz, q, cc.Hex(), bg.Hex(), sp.colour.Hex(), centre.Hex())
					}
				}
			}
		}
	}
}

// flat lists the pixels row by row.
func flat(px [][]color.Color, w int) []color.Color {
	out := make([]color.Color, 0, len(px)*w)
	for _, row := range px {
		out = append(out, row...)
	}
	return out
}

// cellPixel is the index in Orb.dist of pixel i, counted row by row of
// pixels.
func cellPixel(i, w int) int {
	py, x := i/w, i%w
	return 2*((py/2)*w+x) + py%2
}

// between reports whether c lies, channel by channel, within the range of
// the others (with a little room for rounding and blending in Lab).
func between(c colorful.Color, others ...colorful.Color) bool {
	const room = 3.0 / 255
	ch := func(c colorful.Color) [3]float64 { return [3]float64{c.R, c.G, c.B} }
	v := ch(c)
	for j := range 3 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, o := range others {
			lo, hi = math.Min(lo, ch(o)[j]), math.Max(hi, ch(o)[j])
		}
		if v[j] < lo-room || v[j] > hi+room {
			return false
		}
	}
	return true
}

// TestNoDoubledEdgeCells checks that no look draws the orb's edge as
// repeated lone quadrants (▗▗▗, ▝▝▝), and that each line of the soft orb
// is one run of light, with no notches.
func TestNoDoubledEdgeCells(t *testing.T) {
	for _, lk := range []Look{LookTrue, LookFull, LookFlat, LookMono} {
		for _, sz := range [][2]int{{80, 24}, {40, 12}, {60, 20}, {30, 10}} {
			for _, still := range []bool{false, true} {
				s := fixedSession(t)
				m := testModel(t, s, 0, sz[0], sz[1], Options{Still: still})
				m.SetLook(lipgloss.Color("#101318"), true, lk)
				if m.shape.orbH == 0 {
					continue
				}
				for q := m.orb.Quantum(0); q <= m.orb.Quantum(1); q++ {
					f := math.Min(1, math.Max(0, m.orb.FillFor(q)+1e-9))
					v := m.orb.View(f, pacing.Exhale, m.styles)
					for y, l := range strings.Split(ansi.Strip(v), "\n") {
						for _, q := range []string{"▗▗", "▝▝", "▖▖", "▘▘"} {
							if strings.Contains(l, q) {
								t.Fatalf("look %d %v still=%v fill %.2f line %d: doubled edge cells %q:\n%s", lk, sz, still, f, y, q, ansi.Strip(v))
							}
						}
					}
					if m.styles.soft == nil {
						continue
					}
					for y, l := range strings.Split(footprint(v), "\n") {
						if runs := len(strings.FieldsFunc(l, func(r rune) bool { return r == '.' })); runs > 1 {
							t.Fatalf("look %d %v fill %.2f: line %d has %d runs of light:\n%s", lk, sz, f, y, runs, footprint(v))
						}
					}
				}
			}
		}
	}
}

// TestHoldIsSymmetric checks that, while the breath holds (the fill does
// not move), every look draws the orb the same on its left and its right:
// the halves take turns to grow only while the orb moves.
func TestHoldIsSymmetric(t *testing.T) {
	mirror := map[string]string{}
	for m, q := range quadrants {
		// Swap the left and right pixels: 1↔2 (top), 4↔8 (bottom).
		mirror[q] = quadrants[(m&1)<<1|(m&2)>>1|(m&4)<<1|(m&8)>>1]
	}
	rgba := func(c color.Color) [4]uint32 {
		if c == nil {
			return [4]uint32{}
		}
		r, g, b, a := c.RGBA()
		return [4]uint32{r, g, b, a + 1}
	}
	for _, lk := range []Look{LookTrue, LookFull, LookFlat, LookMono} {
		for _, dark := range []bool{true, false} {
			for _, sz := range [][2]int{{80, 24}, {40, 12}, {61, 20}} {
				s := fixedSession(t)
				m := testModel(t, s, 0, sz[0], sz[1], Options{})
				m.SetLook(defaultBG(dark), dark, lk)
				w, h := m.orb.w, m.orb.h
				for q := m.orb.Quantum(0); q <= m.orb.Quantum(1); q++ {
					f := math.Min(1, math.Max(0, m.orb.FillFor(q)+1e-9))
					for _, p := range []pacing.Phase{pacing.HoldIn, pacing.HoldOut, pacing.Settle, pacing.Listen} {
						buf := uv.NewScreenBuffer(w, h)
						uv.NewStyledString(m.orb.View(f, p, m.styles)).Draw(buf, buf.Bounds())
						for y := range h {
							for x := range w / 2 {
								a, b := buf.CellAt(x, y), buf.CellAt(w-1-x, y)
								same := rgba(a.Style.Fg) == rgba(b.Style.Fg) && rgba(a.Style.Bg) == rgba(b.Style.Bg)
								glyph, ok := mirror[a.Content]
								if !ok {
									glyph = a.Content
								}
								if glyph != b.Content || !same {
									t.Fatalf("look %d dark=%v %v %s at fill %.3f (step %d): cell %d,%d is %q, its mirror %d,%d is %q:\n%s",
										lk, dark, sz, p, f, q, x, y, a.Content, w-1-x, y, b.Content, footprint(m.orb.View(f, p, m.styles)))
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestPaletteLeavesBackground checks that in the 256-colour palette no
// pixel is drawn in the palette colour that stands for the background
// itself: such pixels are left to the terminal's own background, so the
// halo's faint outer edge meets the background cleanly (a font's half
// block with a gap, or a background between palette colours, would show
// them as a ragged fringe) and costs no bytes.
func TestPaletteLeavesBackground(t *testing.T) {
	for _, hex := range []string{"#ffffff", "#fdf6e3", "#f0f0f0", "#101318", "#000000", "#282c34"} {
		bg, _ := colorful.Hex(hex)
		l, _, _ := bg.Lab()
		dark := l < 0.5
		// The palette's colour nearest to the background (the colour cube
		// and the greys; the first 16 differ between terminals).
		near, nearD := 0, math.Inf(1)
		for i := 16; i < 256; i++ {
			c, _ := colorful.MakeColor(ansi.IndexedColor(i))
			if d := c.DistanceLab(bg); d < nearD {
				near, nearD = i, d
			}
		}
		stand, _ := colorful.MakeColor(ansi.IndexedColor(near))
		st := NewStylesFor(lipgloss.Color(hex), dark, LookFull)
		for _, sz := range [][2]int{{80, 17}, {40, 8}} {
			for _, still := range []bool{false, true} {
				o := &Orb{}
				o.SetLook(LookFull)
				o.SetSize(sz[0], sz[1], still)
				for _, p := range []pacing.Phase{pacing.Inhale, pacing.HoldIn, pacing.Exhale, pacing.HoldOut} {
					for f := 0.0; f <= 1; f += 0.02 {
						for i, c := range flat(pixels(t, o.View(f, p, &st), sz[0], sz[1]), sz[0]) {
							if c == nil {
								continue
							}
							if cc, _ := colorful.MakeColor(c); cc.Hex() == stand.Hex() {
								t.Fatalf("background %s %v still=%v %s fill %.2f: pixel %d is drawn in %s (palette %d), the background's own stand-in",
									hex, sz, still, p, f, i, stand.Hex(), near)
							}
						}
					}
				}
			}
		}
	}
}
