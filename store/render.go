package store

import (
	"fmt"
	"math"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Styles are the looks of the stats view.
type Styles struct {
	Title   lipgloss.Style
	Label   lipgloss.Style
	Value   lipgloss.Style
	Dim     lipgloss.Style
	Heat    [5]lipgloss.Style // shades 0 (no session) to 4
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

// heatGlyphs shade the heat map so it reads without colour too.
var heatGlyphs = [5]string{"·", "░", "▒", "▓", "█"}

// Stats view widths.
const (
	wideWidth = 60 // from here the heat map has a gap between weeks
	minWidth  = 20 // narrower than this is drawn as if this wide
)

// RenderStats draws st for a terminal width columns wide: totals, streaks,
// the heat map of the last weeks and the natural-rate trend. It degrades
// gracefully down to 40 columns and below.
func RenderStats(st Stats, width int, s Styles) string {
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

func totals(st Stats, wide bool, s Styles) string {
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
	} else {
		b.WriteString(row("total", fmt.Sprintf("%d · %s", st.Sessions, FormatMinutes(st.Minutes))))
		b.WriteString(row("week", fmt.Sprintf("%d · %s", st.ThisWeek.Sessions, FormatMinutes(st.ThisWeek.Minutes))+
			s.Dim.Render(fmt.Sprintf(" (last %d)", st.LastWeek.Sessions))))
		b.WriteString(row("streak", fmt.Sprintf("%d · best %d", st.CurrentStreak, st.LongestStreak)))
	}
	return b.String()
}

// heatMap draws the days as a grid: a column per week, a row per weekday.
func heatMap(st Stats, width int, s Styles) string {
	const prefix = 6 // "  Mon "
	weeks := len(st.Days) / 7
	cell := 2
	if prefix+weeks*cell > width {
		cell = 1
	}
	if fitWeeks := (width - prefix) / cell; fitWeeks < weeks {
		weeks = max(fitWeeks, 1)
	}
	days := st.Days[len(st.Days)-weeks*7:]

	var b strings.Builder
	title := fmt.Sprintf("Last %d weeks", weeks)
	b.WriteString(s.Title.Render(title) + "\n")

	// Month labels above the first week that starts in a new month.
	labels := []rune(strings.Repeat(" ", weeks*cell+4))
	lastMonth, free := time.Month(0), 0
	for w := 0; w < weeks; w++ {
		t, err := time.Parse(time.DateOnly, days[w*7].Date)
		if err != nil {
			continue
		}
		if t.Month() != lastMonth {
			pos := w * cell
			name := t.Format("Jan")
			if pos >= free && (w > 0 || weeks < 3) {
				copy(labels[pos:], []rune(name))
				free = pos + len(name) + 1
			}
			lastMonth = t.Month()
		}
	}
	b.WriteString(strings.Repeat(" ", prefix) + s.Dim.Render(strings.TrimRight(string(labels), " ")) + "\n")

	names := [7]string{"Mon", "", "Wed", "", "Fri", "", ""}
	for wd := 0; wd < 7; wd++ {
		var row strings.Builder
		row.WriteString("  " + s.Label.Render(fmt.Sprintf("%-3s", names[wd])) + " ")
		for w := 0; w < weeks; w++ {
			d := days[w*7+wd]
			glyph := " "
			if d.Level >= 0 && d.Level < len(heatGlyphs) {
				glyph = s.Heat[d.Level].Render(heatGlyphs[d.Level])
			}
			row.WriteString(glyph)
			if cell == 2 && w < weeks-1 {
				row.WriteString(" ")
			}
		}
		b.WriteString(strings.TrimRight(row.String(), " ") + "\n")
	}
	var legend strings.Builder
	legend.WriteString(strings.Repeat(" ", prefix) + s.Dim.Render("less "))
	for i, g := range heatGlyphs {
		legend.WriteString(s.Heat[i].Render(g))
		if cell == 2 {
			legend.WriteString(" ")
		}
	}
	if cell == 1 {
		legend.WriteString(" ")
	}
	legend.WriteString(s.Dim.Render("more"))
	b.WriteString(legend.String() + "\n")
	return b.String()
}

// trend draws the natural rate at the start of each session and the pace it
// reached, newest on the right.
func trend(st Stats, width int, s Styles) string {
	var b strings.Builder
	wide := width >= wideWidth
	if wide {
		b.WriteString(s.Title.Render("Natural breathing rate at the start (breaths/min)") + "\n")
	} else {
		b.WriteString(s.Title.Render("Natural rate (breaths/min)") + "\n")
	}
	pts := st.Trend
	if len(pts) == 0 {
		for _, l := range strings.Split(wrap("No natural rate measured yet: tap space with your breath as a session begins.", width-2), "\n") {
			b.WriteString("  " + l + "\n")
		}
		return b.String()
	}
	const axis = 6 // "  12 ┤"
	cols := max(width-axis-1, 4)
	if len(pts) > cols {
		pts = pts[len(pts)-cols:]
	}
	height := 6
	if !wide {
		height = 4
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		for _, v := range []float64{p.NaturalBPM, p.ReachedBPM} {
			if v > 0 {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	lo, hi = math.Floor(lo), math.Ceil(hi)
	if hi-lo < 2 {
		lo, hi = lo-1, hi+1
	}
	lo = math.Max(lo, 0)
	row := func(v float64) int {
		return int(math.Round((hi - v) / (hi - lo) * float64(height-1)))
	}
	grid := make([][]string, height)
	for r := range grid {
		grid[r] = make([]string, len(pts))
		for c := range grid[r] {
			grid[r][c] = " "
		}
	}
	for c, p := range pts {
		if p.ReachedBPM > 0 {
			grid[row(p.ReachedBPM)][c] = s.Reached.Render("○")
		}
		grid[row(p.NaturalBPM)][c] = s.Natural.Render("●")
	}
	for r := 0; r < height; r++ {
		label, tick := "    ", " │"
		if r == 0 {
			label, tick = fmt.Sprintf("%4.0f", hi), " ┤"
		} else if r == height-1 {
			label, tick = fmt.Sprintf("%4.0f", lo), " ┤"
		}
		line := s.Label.Render(label) + s.Dim.Render(tick) + strings.Join(grid[r], "")
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	b.WriteString("     " + s.Dim.Render("└"+strings.Repeat("─", len(pts))) + "\n")
	legend := "      " + s.Natural.Render("●") + " natural  " + s.Reached.Render("○") + " pace reached"
	b.WriteString(legend + "\n")
	b.WriteString("  " + trendLine(st.Trend, wide) + "\n")
	return b.String()
}

// trendLine compares the first and the last few natural rates.
func trendLine(pts []TrendPoint, wide bool) string {
	n := min(5, max(len(pts)/2, 1))
	first, last := make([]float64, 0, n), make([]float64, 0, n)
	var reached []float64
	for i, p := range pts {
		if i < n {
			first = append(first, p.NaturalBPM)
		}
		if i >= len(pts)-n {
			last = append(last, p.NaturalBPM)
			if p.ReachedBPM > 0 {
				reached = append(reached, p.ReachedBPM)
			}
		}
	}
	var line string
	if len(pts) == 1 {
		line = fmt.Sprintf("natural %.1f", pts[0].NaturalBPM)
	} else {
		line = fmt.Sprintf("natural %.1f → %.1f", median(first), median(last))
	}
	if wide {
		line += fmt.Sprintf(" over %s", plural(len(pts), "session", "sessions"))
	}
	if len(reached) > 0 {
		if wide {
			line += fmt.Sprintf(" · pace reached %.1f", median(reached))
		} else {
			line += fmt.Sprintf(" · reached %.1f", median(reached))
		}
	}
	return line
}
