package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Bubble Tea draws its first frame on its renderer's first tick, 1/MaxFPS
// after the program starts (about 67 ms at 15 fps), and has no way to draw
// sooner. Prepaint draws that same first picture at once, before the
// program starts; the renderer's first frame then enters the alternate
// screen again, clears it and draws the picture over itself, all in one
// write, so nothing is seen to change but the orb's next step.

// PrepaintUndo leaves what Prepaint entered: the main screen, with the
// cursor shown. Bubble Tea leaves the alternate screen only if it drew a
// frame (entering it again); write this when the program was stopped
// before it did, so the terminal is always given back.
const PrepaintUndo = "\x1b[?1049l\x1b[?25h"

// Prepaint sizes the screen for a w×h terminal with colour profile p, as
// Bubble Tea's first messages will, and gives the first frame as bytes to
// write to the terminal: the alternate screen entered, the cursor hidden
// and the picture drawn from the top left. Give the returned model to the
// program. An inline screen draws at the cursor, where only Bubble Tea
// knows what is below it: for it, and for an empty size, the frame is "".
func (m Model) Prepaint(w, h int, p colorprofile.Profile) (Model, string) {
	if m.opt.Inline || w <= 0 || h <= 0 {
		return m, ""
	}
	mm, _ := m.Update(tea.ColorProfileMsg{Profile: p})
	mm, _ = mm.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m = mm.(Model)
	content := m.View().Content
	if content == "" {
		return m, ""
	}

	var b strings.Builder
	b.Grow(len(content) + len(content)/8 + 32)
	b.WriteString("\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J")
	cw := &colorprofile.Writer{Forward: &b, Profile: p}
	lines := strings.Split(content, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, line := range lines {
		if i > 0 {
			b.WriteString("\r\n") // the terminal may not be in a mode that adds \r yet
		}
		_, _ = cw.WriteString(line)
	}
	b.WriteString("\x1b[m")
	return m, b.String()
}
