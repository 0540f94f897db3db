package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
	"github.com/attune-breath/attune/pacing"
)

// Styles holds every style of the screen, built for a dark or a light
// background.
type Styles struct {
	Dark    bool
	Word    lipgloss.Style // the phase word under the orb
	Quiet   lipgloss.Style // pace, lock and time lines
	Ack     lipgloss.Style // the acknowledgement of a tap
	Status  lipgloss.Style // "paused", "sound off: …"
	Help    help.Styles
	Bar     [2]color.Color // progress bar: filled, empty
	inhale  color.Color
	hold    color.Color
	exhale  color.Color
	resting color.Color
}

// NewStyles builds the styles for a dark or light background.
func NewStyles(dark bool) Styles {
	ld := lipgloss.LightDark(dark)
	s := Styles{
		Dark:    dark,
		inhale:  ld(lipgloss.Color("#2f7f8f"), lipgloss.Color("#7fd4e0")),
		hold:    ld(lipgloss.Color("#5a6fa8"), lipgloss.Color("#a7b4ea")),
		exhale:  ld(lipgloss.Color("#7a5a9a"), lipgloss.Color("#c3a6e4")),
		resting: ld(lipgloss.Color("#7d8590"), lipgloss.Color("#6b7480")),
	}
	s.Word = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#333a44"), lipgloss.Color("#dfe6ee")))
	s.Quiet = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#7d8590"), lipgloss.Color("#6e7781")))
	s.Ack = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#b07d2b"), lipgloss.Color("#f0c674")))
	s.Status = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#9a6a2f"), lipgloss.Color("#d7a75f")))
	s.Help = help.DefaultStyles(dark)
	s.Bar = [2]color.Color{ld(lipgloss.Color("#6f8fb0"), lipgloss.Color("#6f93b8")), ld(lipgloss.Color("#d8dde3"), lipgloss.Color("#30363d"))}
	return s
}

// PhaseColor is the orb's colour in phase p.
func (s Styles) PhaseColor(p pacing.Phase) color.Color {
	switch p {
	case pacing.Inhale, pacing.TopUp:
		return s.inhale
	case pacing.HoldIn, pacing.HoldOut:
		return s.hold
	case pacing.Exhale:
		return s.exhale
	}
	return s.resting
}
