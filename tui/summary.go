package tui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/attune-breath/attune/pacing"
)

// eighths are the vertical block steps of the pace chart.
var eighths = [9]string{" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"}

// renderSummary draws the closing summary: what the session amounted to, a
// chart of the guide's pace and the breather's taps, and how to leave.
func (m Model) renderSummary() string {
	k := summaryKey{w: m.w, h: m.h, gen: m.gen}
	if m.fc.sum != "" && m.fc.sumKey == k {
		return m.fc.sum
	}
	v := m.drawSummary()
	m.fc.sum, m.fc.sumKey = v, k
	return v
}

// drawSummary draws the closing summary anew.
func (m Model) drawSummary() string {
	s := m.styles
	sum := m.session.Summary(m.opt.Clock())
	if m.w < minCompactW || m.h < minCompactH {
		lines := make([]string, (m.h-1)/2, m.h)
		return block(m.w, m.h, append(lines, center(m.w, s.Word.Render(sum.Line()))), 0, 0)
	}
	cycles := m.session.Cycles(sum.Elapsed)
	events := m.session.Events()
	taps := 0
	for _, e := range events {
		if e.Kind == pacing.BreathIn {
			taps++
		}
	}
	guided := 0
	for _, c := range cycles {
		if c.Listen <= 0 {
			guided++
		}
	}
	head := append(m.summaryHead(sum, taps, guided), m.closingLines()...)
	foot := []string{"", center(m.w, s.Quiet.Render("any key to leave"))}
	room := m.h - len(head) - len(foot)
	var chart []string
	if room >= 4 && m.w >= 30 && guided > 0 {
		ch := min(room-3, 6)
		if taps > 0 {
			ch = min(room-4, 6)
		}
		if ch >= 1 {
			chart = append([]string{""}, m.paceChart(cycles, events, sum.Elapsed, min(m.w-12, 60), ch)...)
		}
	}
	if room < 0 {
		foot = nil
	}
	lines := head
	lines = append(lines, chart...)
	lines = append(lines, foot...)
	top := max((m.h-len(lines))/2, 0)
	return block(m.w, m.h, append(make([]string, top, m.h), lines...), 0, 0)
}

// summaryHead is the summary's first lines: how it ended, the time and
// breaths, and the pace with the taps (on two lines when one is too
// narrow), each centred.
func (m Model) summaryHead(sum pacing.Summary, taps, guided int) []string {
	s := m.styles
	facts := pacing.FormatClock(sum.Elapsed) + " · " + plural(sum.Breaths, "breath")
	pace := ""
	switch {
	case sum.StartBPM > 0 && math.Abs(sum.StartBPM-sum.EndBPM) >= 0.05:
		pace = fmt.Sprintf("%.1f → %.1f breaths/min", sum.StartBPM, sum.EndBPM)
	case sum.EndBPM > 0:
		pace = fmt.Sprintf("%.1f breaths/min", sum.EndBPM)
	}
	if taps > 0 {
		if pace != "" {
			pace += " · "
		}
		pace += plural(taps, "tap")
		if guided > 0 {
			// The share of guided breaths judged in step from the taps.
			pace += fmt.Sprintf(" · in step %d%%", int(math.Round(100*sum.LockRatio)))
		}
	}
	title := "well done"
	if !sum.Complete {
		title = "ended early"
	}
	head := []string{center(m.w, s.Title.Render(title)), "", center(m.w, s.Word.Render(facts))}
	if pace != "" {
		if len([]rune(pace)) > m.w {
			// Too wide for one line: the pace, then the taps.
			if i := strings.Index(pace, " · "); i > 0 {
				head = append(head, center(m.w, s.Quiet.Render(pace[:i])))
				pace = pace[i+len(" · "):]
			}
		}
		head = append(head, center(m.w, s.Quiet.Render(pace)))
	}
	return head
}

// plural is n and word, with an s unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// paceChart draws the guide's pace over the session as a block chart cw
// cells wide and ch lines tall, with the breather's taps beneath it: each
// line centred on the screen.
func (m Model) paceChart(cycles []pacing.Cycle, events []pacing.Event, end time.Duration, cw, ch int) []string {
	s := m.styles
	if end <= 0 || cw <= 0 {
		return nil
	}
	bpm, lo, hi := paceColumns(cycles, end, cw)
	if math.IsInf(lo, 0) {
		return nil
	}
	span := hi - lo
	base := lo - span*0.2
	if span < 0.5 {
		base, span = lo-1, 2
	} else {
		span *= 1.2
	}
	pen := lipgloss.NewStyle().Foreground(s.core[groupIn][1])
	quiet := s.Quiet
	height := func(v float64) int { return max(int(math.Round((v-base)/span*float64(ch*8))), 1) }
	top := func(v float64) int { return ch - 1 - (height(v)-1)/8 }
	lines := make([]string, 0, ch+2)
	for row := range ch {
		var b strings.Builder
		for c := range cw {
			lvl := 0
			if bpm[c] > 0 {
				lvl = min(max(height(bpm[c])-(ch-1-row)*8, 0), 8)
			}
			b.WriteString(eighths[lvl])
		}
		label := ""
		switch row {
		case top(hi):
			label = fmt.Sprintf("%.1f", hi)
		case top(lo):
			label = fmt.Sprintf("%.1f", lo)
		}
		lines = append(lines, center(m.w, quiet.Render(fmt.Sprintf("%5s ", label))+pen.Render(b.String())+quiet.Render(pad(6))))
	}
	lines = append(lines, center(m.w, quiet.Render(pad(6)+ansiCut(chartAxis(end, cw), cw)+pad(6))))
	if row, ok := tapRow(events, end, cw); ok {
		lines = append(lines, center(m.w, quiet.Render(" taps ")+s.Ack.Render(row)+pad(6)))
	}
	return lines
}

// paceColumns is the guide's pace in each of cw columns spanning the
// session up to end (0 where it only listened), and the lowest and highest
// of them; lo is +Inf when it never guided.
func paceColumns(cycles []pacing.Cycle, end time.Duration, cw int) (bpm []float64, lo, hi float64) {
	bpm = make([]float64, cw)
	lo, hi = math.Inf(1), math.Inf(-1)
	j := 0
	for c := range cw {
		t := time.Duration((float64(c) + 0.5) / float64(cw) * float64(end))
		for j+1 < len(cycles) && cycles[j+1].Start <= t {
			j++
		}
		if j < len(cycles) && cycles[j].Start <= t && cycles[j].Listen <= 0 {
			bpm[c] = cycles[j].BPM()
			lo, hi = math.Min(lo, bpm[c]), math.Max(hi, bpm[c])
		}
	}
	return bpm, lo, hi
}

// chartAxis is the line under the pace chart: the start and end times and,
// when there is room, what the chart shows between them.
func chartAxis(end time.Duration, cw int) string {
	axis := clock(0)
	endL := clock(end)
	mid := "breaths/min over the session"
	gap := cw - len(axis) - len(endL)
	if gap >= len(mid)+2 {
		l := (gap - len(mid)) / 2
		axis += pad(l) + mid + pad(gap-len(mid)-l) + endL
	} else if gap > 0 {
		axis += pad(gap) + endL
	}
	return axis
}

// tapRow marks the breather's taps up to end in cw columns; ok is false
// when there were none.
func tapRow(events []pacing.Event, end time.Duration, cw int) (row string, ok bool) {
	cols := []byte(strings.Repeat(" ", cw))
	for _, e := range events {
		if e.Kind != pacing.BreathIn || e.At > end {
			continue
		}
		c := min(int(float64(e.At)/float64(end)*float64(cw)), cw-1)
		cols[c] = '|'
		ok = true
	}
	return strings.ReplaceAll(string(cols), "|", "╵"), ok
}

// pad is n spaces (none for n below 1).
func pad(n int) string { return strings.Repeat(" ", max(n, 0)) }

// ansiCut cuts or pads the plain text s to w bytes.
func ansiCut(s string, w int) string {
	if len(s) > w {
		return s[:w]
	}
	return s + pad(w-len(s))
}
