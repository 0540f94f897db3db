package tui

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// TestPrepaintIsTheFirstFrame: the frame drawn before Bubble Tea starts is
// the picture its first frame shows, drawn from the top left of the
// alternate screen with the cursor hidden, and the model it gives is sized.
func TestPrepaintIsTheFirstFrame(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {40, 12}, {18, 5}, {1, 1}} {
		m := newTestModel(t, Options{})
		got, first := m.Prepaint(sz[0], sz[1], colorprofile.ANSI256)
		frame := first.Frame
		if !strings.HasPrefix(frame, "\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J") {
			t.Fatalf("%dx%d: frame does not start by taking the alternate screen: %q", sz[0], sz[1], frame[:min(len(frame), 40)])
		}
		want := ansi.Strip(got.View().Content)
		lines := strings.Split(ansi.Strip(frame), "\r\n")
		if len(lines) != sz[1] {
			t.Fatalf("%dx%d: %d lines, want %d", sz[0], sz[1], len(lines), sz[1])
		}
		if strings.Join(lines, "\n") != want {
			t.Fatalf("%dx%d: prepainted\n%s\nwant the view\n%s", sz[0], sz[1], strings.Join(lines, "\n"), want)
		}
	}
}

// TestPrepaintColours: the frame is in the terminal's colour profile.
func TestPrepaintColours(t *testing.T) {
	_, full := newTestModel(t, Options{}).Prepaint(80, 24, colorprofile.ANSI256)
	if !strings.Contains(full.Frame, "38;5;") {
		t.Fatalf("a 256-colour frame has no 256-colour cells")
	}
	_, mono := newTestModel(t, Options{}).Prepaint(80, 24, colorprofile.Ascii)
	if strings.Contains(mono.Frame, "38;") || strings.Contains(mono.Frame, "48;") {
		t.Fatalf("a frame for a terminal without colour has colours")
	}
}

// TestPrepaintInline: inline, the first frame is drawn from the start of
// the cursor's line, with the cursor hidden and left at that line's start
// (where Bubble Tea draws its own first frame), and undone by erasing it.
func TestPrepaintInline(t *testing.T) {
	got, first := newTestModel(t, Options{Inline: true}).Prepaint(80, 24, colorprofile.ANSI256)
	want := strings.Split(ansi.Strip(got.View().Content), "\n")
	if len(want) < 2 || len(want) > 6 {
		t.Fatalf("inline view of %d lines", len(want))
	}
	f := first.Frame
	if strings.Contains(f, "\x1b[?1049h") || !strings.HasPrefix(f, "\x1b[?25l\r") {
		t.Fatalf("inline frame should stay on the main screen and hide the cursor: %q", f[:min(len(f), 30)])
	}
	back := "\x1b[" + strconv.Itoa(len(want)-1) + "A\r"
	if !strings.HasSuffix(f, back) {
		t.Fatalf("inline frame does not return to its first line (%q): ends %q", back, f[max(0, len(f)-20):])
	}
	body := ansi.Strip(strings.TrimSuffix(strings.TrimPrefix(f, "\x1b[?25l\r"), back))
	if lines := strings.Split(body, "\r\n"); strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("inline prepainted\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if first.Undo != "\r\x1b[J\x1b[?25h" {
		t.Fatalf("inline undo %q", first.Undo)
	}
	_, full := newTestModel(t, Options{}).Prepaint(80, 24, colorprofile.ANSI256)
	if full.Undo != "\x1b[?1049l\x1b[?25h" {
		t.Fatalf("full-screen undo %q", full.Undo)
	}
}

// TestPrepaintNothing: an empty size draws nothing early.
func TestPrepaintNothing(t *testing.T) {
	for _, sz := range [][2]int{{0, 24}, {80, 0}, {-1, -1}} {
		if _, f := newTestModel(t, Options{}).Prepaint(sz[0], sz[1], colorprofile.ANSI256); f.Frame != "" || f.Undo != "" {
			t.Fatalf("%dx%d prepainted %q", sz[0], sz[1], f.Frame)
		}
	}
}

func newTestModel(t testing.TB, opt Options) Model {
	t.Helper()
	opt.Clock = func() time.Duration { return 5 * time.Second }
	return New(fixedSession(t), opt)
}
