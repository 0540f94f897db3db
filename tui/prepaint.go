package tui

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Bubble Tea draws its first frame on its renderer's first tick, 1/MaxFPS
// after the program starts (about 67 ms at 15 fps), and has no way to draw
// sooner. Prepaint draws that same first picture at once, before the
// program starts. The renderer's first frame then draws over it: on the
// alternate screen it enters the screen again, clears it and draws, all in
// one write; inline it draws its lines from the cursor, where Prepaint
// left the cursor, over the same lines. Nothing is seen to change but the
// picture's next step.

// Prepainted is the first frame Prepaint drew, and what gives the terminal
// back if the program is stopped before it drew a frame of its own (when
// it has drawn, the program gives the terminal back itself).
type Prepainted struct {
	// Frame is what to write to the terminal now.
	Frame string
	// Undo gives the terminal back: the main screen, or the inline lines
	// erased, and the cursor shown.
	Undo string
}

// Prepaint sizes the screen for a w×h terminal with colour profile p, as
// Bubble Tea's first messages will, and gives the first frame as bytes to
// write to the terminal: the cursor hidden, and the picture drawn on the
// alternate screen from the top left, or inline from the start of the
// cursor's line with the cursor left there. Give the returned model to the
// program. For an empty size or picture the frame is "".
func (m Model) Prepaint(w, h int, p colorprofile.Profile) (Model, Prepainted) {
	if w <= 0 || h <= 0 {
		return m, Prepainted{}
	}
	mm, _ := m.Update(tea.ColorProfileMsg{Profile: p})
	mm, _ = mm.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m = mm.(Model)
	content := m.View().Content
	if content == "" {
		return m, Prepainted{}
	}
	lines := strings.Split(content, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}

	var b strings.Builder
	b.Grow(len(content) + len(content)/8 + 32)
	var undo string
	if m.opt.Inline {
		b.WriteString("\x1b[?25l\r")
		undo = "\r\x1b[J\x1b[?25h"
	} else {
		b.WriteString("\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J")
		undo = "\x1b[?1049l\x1b[?25h"
	}
	cw := &colorprofile.Writer{Forward: &b, Profile: p}
	for i, line := range lines {
		if i > 0 {
			b.WriteString("\r\n") // the terminal may not be in a mode that adds \r yet
		}
		_, _ = cw.WriteString(line)
	}
	b.WriteString("\x1b[m")
	if m.opt.Inline {
		// Back to the first line: where Bubble Tea will draw it, even
		// when drawing it scrolled the screen.
		if n := len(lines) - 1; n > 0 {
			b.WriteString("\x1b[" + strconv.Itoa(n) + "A")
		}
		b.WriteString("\r")
	}
	return m, Prepainted{Frame: b.String(), Undo: undo}
}
