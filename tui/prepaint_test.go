package tui

import (
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
		got, frame := m.Prepaint(sz[0], sz[1], colorprofile.ANSI256)
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
	if !strings.Contains(full, "38;5;") {
		t.Fatalf("a 256-colour frame has no 256-colour cells")
	}
	_, mono := newTestModel(t, Options{}).Prepaint(80, 24, colorprofile.Ascii)
	if strings.Contains(mono, "38;") || strings.Contains(mono, "48;") {
		t.Fatalf("a frame for a terminal without colour has colours")
	}
}

// TestPrepaintNothing: inline screens and empty sizes draw nothing early.
func TestPrepaintNothing(t *testing.T) {
	if _, f := newTestModel(t, Options{Inline: true}).Prepaint(80, 24, colorprofile.ANSI256); f != "" {
		t.Fatalf("inline prepainted %q", f)
	}
	if _, f := newTestModel(t, Options{}).Prepaint(0, 24, colorprofile.ANSI256); f != "" {
		t.Fatalf("a 0-wide terminal prepainted %q", f)
	}
}

func newTestModel(t testing.TB, opt Options) Model {
	t.Helper()
	opt.Clock = func() time.Duration { return 5 * time.Second }
	return New(fixedSession(t), opt)
}
