package tui

import (
	"bytes"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
)

// paintedTerm is a terminal the first frame was drawn on before Bubble Tea
// started, with the cursor hidden. It follows Bubble Tea's writes: Bubble
// Tea hides the cursor when it draws its first frame and shows it again
// when it gives the terminal back, so a cursor still hidden when the
// program has ended means it never drew, and the terminal is still as the
// first frame left it.
type paintedTerm struct {
	*os.File
	undo   string
	mu     sync.Mutex
	hidden bool
}

var (
	cursorHide = []byte("\x1b[?25l")
	cursorShow = []byte("\x1b[?25h")
)

// Write writes b to the terminal, noting whether it leaves the cursor
// hidden or shown.
func (t *paintedTerm) Write(b []byte) (int, error) {
	t.mu.Lock()
	if hide, show := bytes.LastIndex(b, cursorHide), bytes.LastIndex(b, cursorShow); hide > show {
		t.hidden = true
	} else if show > hide {
		t.hidden = false
	}
	t.mu.Unlock()
	return t.File.Write(b)
}

// leave gives the terminal back when Bubble Tea did not: it was stopped
// before it drew a frame of its own.
func (t *paintedTerm) leave() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.hidden {
		_, _ = io.WriteString(t.File, t.undo)
		t.hidden = false
	}
}

// paintFirst draws the first frame at once when out is a terminal, instead
// of on Bubble Tea's first tick: about 67 ms sooner (see Prepaint). It
// gives the model to run and, when it drew, the terminal to give Bubble Tea
// in place of out. On Windows the console reads escape sequences only once
// Bubble Tea has set it up, so there it draws nothing.
func paintFirst(m Model, out io.Writer, profile colorprofile.Profile) (Model, *paintedTerm) {
	f, ok := out.(*os.File)
	if !ok || runtime.GOOS == "windows" || !term.IsTerminal(f.Fd()) {
		return m, nil
	}
	w, h, err := term.GetSize(f.Fd())
	if err != nil {
		return m, nil
	}
	m, first := m.Prepaint(w, h, profile)
	if first.Frame == "" {
		return m, nil
	}
	if _, err := io.WriteString(f, first.Frame); err != nil {
		return m, nil
	}
	return m, &paintedTerm{File: f, undo: first.Undo, hidden: true}
}
