// Command naiveorb is the plain way to draw a breathing orb with Bubble Tea
// v2: a tick every 1/30 s, a fresh half-block disc and styles on every
// frame, and the renderer at its default rate. scripts/measure-tui.sh runs
// it beside attune to compare what each costs.
package main

import (
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

type tickMsg time.Time

type model struct {
	start time.Time
	now   time.Time
	w, h  int
}

func tick() tea.Cmd {
	return tea.Tick(time.Second/30, func(t time.Time) tea.Msg { return tickMsg(t) })
}

func (m model) Init() tea.Cmd { return tick() }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyPressMsg:
		return m, tea.Quit
	case tickMsg:
		m.now = time.Time(msg)
		return m, tick()
	}
	return m, nil
}

func (m model) View() tea.View {
	el := m.now.Sub(m.start).Seconds()
	if el < 0 {
		el = 0
	}
	period := 11.0
	x := math.Mod(el, period) / period
	fill := (1 - math.Cos(2*math.Pi*x)) / 2
	word := "breathe in"
	if x >= 0.5 {
		word = "breathe out"
	}
	left := int(math.Ceil(period/2 - math.Mod(el, period/2)))
	orbH := max(m.h-4, 1)
	r := (math.Min(float64(m.w)/2, float64(orbH)) - 0.5) * (0.35 + 0.65*fill)
	colour := lipgloss.Color("#7fd4e0")
	if x >= 0.5 {
		colour = lipgloss.Color("#c3a6e4")
	}
	style := lipgloss.NewStyle().Foreground(colour)
	var rows []string
	for row := 0; row < orbH; row++ {
		var b strings.Builder
		for col := 0; col < m.w; col++ {
			top := in(float64(col)+0.5, float64(2*row)+0.5, float64(m.w)/2, float64(orbH), r)
			bot := in(float64(col)+0.5, float64(2*row)+1.5, float64(m.w)/2, float64(orbH), r)
			switch {
			case top && bot:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bot:
				b.WriteString("▄")
			default:
				b.WriteString(" ")
			}
		}
		rows = append(rows, style.Render(b.String()))
	}
	rows = append(rows, "", lipgloss.PlaceHorizontal(m.w, lipgloss.Center, fmt.Sprintf("%s  %d", word, left)))
	v := tea.NewView(lipgloss.Place(m.w, m.h, lipgloss.Center, lipgloss.Center, strings.Join(rows, "\n")))
	v.AltScreen = true
	return v
}

func in(x, y, cx, cy, r float64) bool {
	dx, dy := x-cx, y-cy
	return dx*dx+dy*dy <= r*r
}

func main() {
	now := time.Now()
	if _, err := tea.NewProgram(model{start: now, now: now}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, "naiveorb:", err)
		os.Exit(1)
	}
}
