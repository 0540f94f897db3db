package statsview

import (
	"fmt"
	"math"
	"strings"

	"github.com/attune-breath/attune/store"
)

// trend draws the natural rate at the start of each session and the pace it
// reached, newest on the right.
func trend(st store.Stats, width int, s Styles) string {
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
	b.WriteString(trendChart(pts, height, s))
	legend := "      " + s.Natural.Render("●") + " natural  " + s.Reached.Render("○") + " pace reached"
	b.WriteString(legend + "\n")
	b.WriteString("  " + trendLine(store.ChangeOf(st.Trend), wide) + "\n")
	return b.String()
}

// trendChart plots the points height rows high, with a labelled axis.
func trendChart(pts []store.TrendPoint, height int, s Styles) string {
	lo, hi := trendRange(pts)
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
	var b strings.Builder
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
	return b.String()
}

// trendRange is the chart's scale: whole breaths per minute around every
// rate shown, at least two apart, never below zero.
func trendRange(pts []store.TrendPoint) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
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
	return math.Max(lo, 0), hi
}

// trendLine says how the natural rate changed from the first to the last
// few sessions, and the pace they reached.
func trendLine(c store.TrendChange, wide bool) string {
	var line string
	if c.Sessions == 1 {
		line = fmt.Sprintf("natural %.1f", c.First)
	} else {
		line = fmt.Sprintf("natural %.1f → %.1f", c.First, c.Last)
	}
	if wide {
		line += fmt.Sprintf(" over %s", plural(c.Sessions, "session", "sessions"))
	}
	if c.Reached > 0 {
		if wide {
			line += fmt.Sprintf(" · pace reached %.1f", c.Reached)
		} else {
			line += fmt.Sprintf(" · reached %.1f", c.Reached)
		}
	}
	return line
}
