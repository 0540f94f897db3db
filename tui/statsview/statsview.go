// Package statsview draws `attune stats`: the totals, the streaks, the heat
// map of the last weeks and the natural-rate trend that package store
// computes. It only draws; it reads no files.
package statsview

import (
	"fmt"
	"math"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/attune-breath/attune/store"
)

// Styles are the looks of the stats view.
type Styles struct {
	// Title heads each part of the view.
	Title lipgloss.Style
	// Label and Value draw the totals' rows and the chart's axis labels.
	Label lipgloss.Style
	Value lipgloss.Style
	// Dim draws what matters less: last week, axes, legends.
	Dim lipgloss.Style
	// Heat shades the heat map's days, 0 (no session) to 4.
	Heat [5]lipgloss.Style
	// Natural and Reached draw the trend's natural rates and paces reached.
	Natural lipgloss.Style
	Reached lipgloss.Style
}

// DefaultStyles are the stats view's colours for a dark or light terminal.
func DefaultStyles(dark bool) Styles {
	ld := lipgloss.LightDark(dark)
	s := Styles{
		Title:   lipgloss.NewStyle().Bold(true).Foreground(ld(lipgloss.Color("#3B6E68"), lipgloss.Color("#9FD8CF"))),
		Label:   lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#9A9A9A"))),
		Value:   lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#1F1F1F"), lipgloss.Color("#EDEDED"))),
		Dim:     lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#A8A8A8"), lipgloss.Color("#5C5C5C"))),
		Natural: lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#B5651D"), lipgloss.Color("#F2B880"))),
		Reached: lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#2E7D6B"), lipgloss.Color("#7FD1B9"))),
	}
	greens := [5][2]string{
		{"#D0D7DE", "#2D333B"},
		{"#9BE9A8", "#0E4429"},
		{"#40C463", "#006D32"},
		{"#30A14E", "#26A641"},
		{"#216E39", "#39D353"},
	}
	for i, g := range greens {
		s.Heat[i] = lipgloss.NewStyle().Foreground(ld(lipgloss.Color(g[0]), lipgloss.Color(g[1])))
	}
	return s
}

// PlainStyles draw nothing but the text: for NO_COLOR, pipes and tests.
func PlainStyles() Styles {
	var s Styles
	for i := range s.Heat {
		s.Heat[i] = lipgloss.NewStyle()
	}
	return s
}

// Stats view widths.
const (
	wideWidth = 60 // from here the heat map has a gap between weeks
	minWidth  = 20 // narrower than this is drawn as if this wide
)

// Render draws st for a terminal width columns wide: totals, streaks, time
// in rooms (when there was some), the heat map of the last weeks and the natural-rate trend. It degrades
// gracefully down to 40 columns and below.
func Render(st store.Stats, width int, s Styles) string {
	width = max(width, minWidth)
	var b strings.Builder
	if st.Sessions == 0 {
		b.WriteString(s.Title.Render("No sessions yet.") + "\n")
		b.WriteString(wrap("Breathe a while with attune and your practice will show here.", width) + "\n")
		if st.Skipped > 0 {
			b.WriteString(s.Dim.Render(skippedLine(st.Skipped, width)) + "\n")
		}
		return b.String()
	}
	wide := width >= wideWidth
	b.WriteString(s.Title.Render("Your practice") + "\n")
	b.WriteString(totals(st, wide, s))
	b.WriteString("\n")
	b.WriteString(heatMap(st, width, s))
	b.WriteString("\n")
	b.WriteString(trend(st, width, s))
	if st.Skipped > 0 {
		b.WriteString("\n" + s.Dim.Render(skippedLine(st.Skipped, width)) + "\n")
	}
	return fit(b.String(), width)
}

func skippedLine(n, width int) string {
	if width < wideWidth {
		return fmt.Sprintf("(%d unreadable history lines skipped)", n)
	}
	return fmt.Sprintf("(%d history lines could not be read and were skipped)", n)
}

// fit cuts every line to width columns.
func fit(text string, width int) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = ansi.Truncate(l, width, "…")
		}
	}
	return strings.Join(lines, "\n")
}

// wrap breaks plain text into lines of at most width columns.
func wrap(text string, width int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && ansi.StringWidth(line)+1+ansi.StringWidth(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

// FormatMinutes shows a number of minutes as "21 min" or "3h12m".
func FormatMinutes(m float64) string {
	if m < 0 || math.IsNaN(m) {
		m = 0
	}
	total := int(math.Round(m))
	if total < 60 {
		return fmt.Sprintf("%d min", total)
	}
	return fmt.Sprintf("%dh%02dm", total/60, total%60)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func totals(st store.Stats, wide bool, s Styles) string {
	row := func(label, value string) string {
		if wide {
			return "  " + s.Label.Render(fmt.Sprintf("%-11s", label)) + " " + s.Value.Render(value) + "\n"
		}
		return "  " + s.Label.Render(fmt.Sprintf("%-9s", label)) + " " + s.Value.Render(value) + "\n"
	}
	var b strings.Builder
	sessions := plural(st.Sessions, "session", "sessions")
	if wide {
		b.WriteString(row("total", fmt.Sprintf("%s · %s · %d completed", sessions, FormatMinutes(st.Minutes), st.Completed)))
		b.WriteString(row("this week", fmt.Sprintf("%s · %s", plural(st.ThisWeek.Sessions, "session", "sessions"), FormatMinutes(st.ThisWeek.Minutes))+
			s.Dim.Render(fmt.Sprintf("   last week %d · %s", st.LastWeek.Sessions, FormatMinutes(st.LastWeek.Minutes)))))
		b.WriteString(row("streak", fmt.Sprintf("%s · longest %s", plural(st.CurrentStreak, "day", "days"), plural(st.LongestStreak, "day", "days"))))
		if st.Together.Sessions > 0 {
			b.WriteString(row("together", fmt.Sprintf("%s in rooms · %s", plural(st.Together.Sessions, "stay", "stays"), FormatMinutes(st.Together.Minutes))))
		}
	} else {
		b.WriteString(row("total", fmt.Sprintf("%d · %s", st.Sessions, FormatMinutes(st.Minutes))))
		b.WriteString(row("week", fmt.Sprintf("%d · %s", st.ThisWeek.Sessions, FormatMinutes(st.ThisWeek.Minutes))+
			s.Dim.Render(fmt.Sprintf(" (last %d)", st.LastWeek.Sessions))))
		b.WriteString(row("streak", fmt.Sprintf("%d · best %d", st.CurrentStreak, st.LongestStreak)))
		if st.Together.Sessions > 0 {
			b.WriteString(row("rooms", fmt.Sprintf("%d · %s", st.Together.Sessions, FormatMinutes(st.Together.Minutes))))
		}
	}
	return b.String()
}
