package tui

import (
	"fmt"
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/lucasb-eyer/go-colorful"

	"github.com/attune-breath/attune/pacing"
)

// Look is how much colour the screen may use.
type Look int

// The looks. LookFull and LookTrue draw the orb as soft light (see soft.go),
// LookFull in the 256-colour palette; LookFlat and LookMono draw it as crisp
// quadrant blocks.
const (
	LookFull Look = iota // 256 colours: the orb as soft light in the palette
	LookFlat             // 16 colours: one plain colour per phase, crisp
	LookMono             // no colour (NO_COLOR, dumb terminals): shapes only
	LookTrue             // true colour: the orb as soft light, pixel by pixel
)

// LookFor is the look that suits colour profile p.
func LookFor(p colorprofile.Profile) Look {
	switch {
	case p == colorprofile.TrueColor:
		return LookTrue
	case p >= colorprofile.ANSI256 || p == colorprofile.Unknown:
		return LookFull
	case p == colorprofile.ANSI:
		return LookFlat
	}
	return LookMono
}

// Bands is how many colour steps the orb takes as the lungs fill.
const Bands = 3

// group is a family of phases that share a colour.
type group int

const (
	groupRest group = iota
	groupIn
	groupHold
	groupOut
	groups
)

func groupOf(p pacing.Phase) group {
	switch p {
	case pacing.Inhale, pacing.TopUp:
		return groupIn
	case pacing.HoldIn:
		return groupHold
	case pacing.Exhale:
		return groupOut
	}
	return groupRest
}

// Styles holds every style of the screen, built for a dark or a light
// background and a colour look.
type Styles struct {
	Dark   bool           // built for a dark background
	Look   Look           // the colour look
	Word   lipgloss.Style // the phase word under the orb
	Quiet  lipgloss.Style // pace, lock and time lines
	Ack    lipgloss.Style // the acknowledgement of a tap
	Status lipgloss.Style // "paused", "sound off: …"
	Title  lipgloss.Style // the summary's heading
	Help   help.Styles    // the key help's
	Bar    [2]color.Color // progress bar: filled, empty

	// core[g][b] is the orb's colour in phase group g at fill band b.
	core [groups][Bands]color.Color
	// coreSGR and stillSGR are the escape sequences of the crisp orb's
	// and the bar's pens: their colours and the still brightness steps.
	// inks names all the escape sequences the orb is drawn with: styles
	// with equal inks draw equal orbs (see Orb.View).
	inks     string
	coreSGR  [groups][Bands]string
	stillSGR [groups][StillLevels]string
	barSGR   [2]string
	// soft is what the orb is drawn from as light; nil for crisp looks.
	soft *softInks
}

// phaseColours are the orb's colours per phase group and fill band (empty
// to full), for light and dark backgrounds. They are taken from the 256-colour
// palette's colour cube, which every such terminal draws the same: the orb
// looks alike on 256-colour and true-colour terminals, and its pen is short
// to send (each changed line of the orb repeats it).
var phaseColours = [2][groups][Bands]uint8{
	{ // light background
		groupRest: {102, 102, 102},
		groupIn:   {24, 30, 31},
		groupHold: {61, 61, 61},
		groupOut:  {60, 97, 98},
	},
	{ // dark background
		groupRest: {103, 103, 103},
		groupIn:   {67, 74, 116},
		groupHold: {146, 146, 146},
		groupOut:  {61, 104, 183},
	},
}

// flatColours are the 16-colour palette's choices per phase group.
var flatColours = [groups][Bands]string{
	groupRest: {"8", "8", "8"},
	groupIn:   {"6", "6", "14"},
	groupHold: {"12", "12", "12"},
	groupOut:  {"13", "5", "5"},
}

// NewStyles builds the full-colour styles for a dark or light background.
func NewStyles(dark bool) Styles {
	bg := lipgloss.Color("#ffffff")
	if dark {
		bg = lipgloss.Color("#101318")
	}
	return NewStylesFor(bg, dark, LookFull)
}

// NewStylesFor builds the styles for background colour bg (dark or not) and
// look lk. bg is what the glow and blends fade into.
func NewStylesFor(bg color.Color, dark bool, lk Look) Styles {
	ld := lipgloss.LightDark(dark)
	s := Styles{Dark: dark, Look: lk}
	s.Word = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#333a44"), lipgloss.Color("#dfe6ee")))
	s.Quiet = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#6e7681"), lipgloss.Color("#7d8590")))
	s.Ack = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#a0701f"), lipgloss.Color("#f0c674")))
	s.Status = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#9a6a2f"), lipgloss.Color("#d7a75f")))
	s.Title = s.Word.Bold(true)
	s.Help = help.DefaultStyles(dark)
	s.Bar = [2]color.Color{ld(lipgloss.Color("#6f8fb0"), lipgloss.Color("#6f93b8")), ld(lipgloss.Color("#d0d6de"), lipgloss.Color("#30363d"))}
	if lk == LookMono {
		s.Word, s.Quiet, s.Ack, s.Status = lipgloss.NewStyle(), lipgloss.NewStyle(), lipgloss.NewStyle().Bold(true), lipgloss.NewStyle().Bold(true)
		s.Title = lipgloss.NewStyle().Bold(true)
		s.Help = help.Styles{}
		s.Bar = [2]color.Color{nil, nil}
	}
	if lk == LookFlat {
		s.Quiet = lipgloss.NewStyle().Foreground(lipgloss.Color("8"))
		s.Word = lipgloss.NewStyle()
		s.Bar = [2]color.Color{lipgloss.Color("4"), lipgloss.Color("8")}
	}
	base, _ := colorful.MakeColor(orBlack(bg))
	d := 0
	if dark {
		d = 1
	}
	if lk == LookTrue || lk == LookFull {
		s.soft = newSoftInks(base, dark, lk == LookFull)
		lk, s.Look = LookFull, lk // the crisp inks below serve the bar
	}
	for g := range groups {
		for b := range Bands {
			switch lk {
			case LookFull:
				s.core[g][b] = ansi.IndexedColor(phaseColours[d][g][b])
			case LookFlat:
				s.core[g][b] = lipgloss.Color(flatColours[g][b])
			}
			s.coreSGR[g][b] = fgSGR(s.core[g][b])
		}
		if lk == LookFull {
			c, _ := colorful.MakeColor(s.core[g][Bands-1])
			for l := range StillLevels {
				s.stillSGR[g][l] = fgSGR(palette(base.BlendLab(c, 0.3+0.7*float64(l)/(StillLevels-1))))
			}
		}
	}
	s.barSGR = [2]string{fgSGR(s.Bar[0]), fgSGR(s.Bar[1])}
	s.inks = fmt.Sprint(s.Look, base.Hex(), s.coreSGR, s.stillSGR)
	return s
}

// palette is the 256-colour palette's nearest colour to c. Blends are
// snapped to it so that every terminal shows the same colours (a 256-colour
// terminal would otherwise pick its own, sometimes a loud one), and their
// pens are short.
func palette(c colorful.Color) color.Color {
	return colorprofile.ANSI256.Convert(c.Clamped())
}

func orBlack(c color.Color) color.Color {
	if c == nil {
		return color.Black
	}
	return c
}

// PhaseColor is the orb's colour in phase p with half-full lungs.
func (s Styles) PhaseColor(p pacing.Phase) color.Color {
	return s.core[groupOf(p)][Bands/2]
}

// band is the colour step for lung fill f.
func band(f float64) int {
	return min(Bands-1, max(0, int(f*Bands)))
}

// fgSGR is the escape sequence that sets foreground colour c ("" for none).
func fgSGR(c color.Color) string {
	if c == nil {
		return ""
	}
	return ansi.NewStyle().ForegroundColor(c).String()
}
