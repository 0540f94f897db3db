package statsview

import (
	"fmt"
	"strings"
	"time"

	"github.com/attune-breath/attune/store"
)

// heatGlyphs shade the heat map so it reads without colour too.
var heatGlyphs = [5]string{"·", "░", "▒", "▓", "█"}

// heatPrefix is the width of the weekday labels: "  Mon ".
const heatPrefix = 6

// heatMap draws the days as a grid: a column per week, a row per weekday.
func heatMap(st store.Stats, width int, s Styles) string {
	weeks := len(st.Days) / 7
	cell := 2
	if heatPrefix+weeks*cell > width {
		cell = 1
	}
	if fitWeeks := (width - heatPrefix) / cell; fitWeeks < weeks {
		weeks = max(fitWeeks, 1)
	}
	days := st.Days[len(st.Days)-weeks*7:]

	var b strings.Builder
	b.WriteString(s.Title.Render(fmt.Sprintf("Last %d weeks", weeks)) + "\n")
	b.WriteString(strings.Repeat(" ", heatPrefix) + s.Dim.Render(monthLabels(days, weeks, cell)) + "\n")
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
	b.WriteString(heatLegend(cell, s) + "\n")
	return b.String()
}

// monthLabels names each month above the first week that starts in it,
// where there is room.
func monthLabels(days []store.Day, weeks, cell int) string {
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
	return strings.TrimRight(string(labels), " ")
}

// heatLegend shows the shades from less to more.
func heatLegend(cell int, s Styles) string {
	var legend strings.Builder
	legend.WriteString(strings.Repeat(" ", heatPrefix) + s.Dim.Render("less "))
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
	return legend.String()
}
