package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/internal/e2e"
)

// TestE2EBreatheAndQuit runs the real binary in tmux at 80x24: the orb and
// the phase word show, q quits, and the summary line is left behind.
func TestE2EBreatheAndQuit(t *testing.T) {
	bin := e2e.Binary(t)
	tm := e2e.StartTmux(t, 80, 24, []string{"HOME=" + t.TempDir(), "XDG_STATE_HOME=" + t.TempDir(), "XDG_CONFIG_HOME=" + t.TempDir()}, bin+" coherent 1m")
	screen := tm.WaitText(10*time.Second, "breathe in")
	if n := e2e.OrbCells(screen); n < 20 {
		t.Fatalf("no orb on screen (%d orb cells):\n%s", n, screen)
	}
	if !strings.Contains(screen, "left") || !strings.Contains(screen, "quit") {
		t.Fatalf("progress or help line missing:\n%s", screen)
	}
	tm.Keys("q")
	tm.WaitExit(5 * time.Second)
	out := tm.Scrollback()
	re := regexp.MustCompile(`(?m)^0m0\ds · 1 breath · 5\.5 breaths/min · coherent · ended early\s*$`)
	if !re.MatchString(out) {
		t.Fatalf("summary line missing; the screen was:\n%s", out)
	}
	if e2e.OrbCells(tm.Capture()) != 0 {
		t.Fatalf("the orb was left on screen after exit:\n%s", out)
	}
}

// TestE2ETinyAndResize checks a tiny terminal shows just the words, and a
// resize to 1x1 and back does not crash.
func TestE2ETinyAndResize(t *testing.T) {
	bin := e2e.Binary(t)
	tm := e2e.StartTmux(t, 18, 5, nil, bin+" coherent 1m")
	screen := tm.WaitText(10*time.Second, "breathe in")
	if e2e.OrbCells(screen) > 8 {
		t.Fatalf("a tiny terminal should get the one-line form:\n%s", screen)
	}
	for _, size := range [][2]string{{"1", "1"}, {"200", "60"}, {"40", "12"}} {
		tm.Resize(size[0], size[1])
		time.Sleep(200 * time.Millisecond)
		if tm.Dead() {
			t.Fatalf("attune died at %sx%s:\n%s", size[0], size[1], tm.Capture())
		}
	}
	tm.Keys("q")
	tm.WaitExit(5 * time.Second)
	if out := tm.Scrollback(); !strings.Contains(out, "ended early") {
		t.Fatalf("no summary after resizes:\n%s", out)
	}
}
