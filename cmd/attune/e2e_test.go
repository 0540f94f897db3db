package main

import (
	"os"
	"path/filepath"
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
	env, _ := isolated(t) // not the user's config, history or sound server
	tm := e2e.StartTmux(t, 18, 5, env, bin+" coherent 1m")
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

// TestE2EStoppedEarlyRestoresTerminal stops attune with SIGTERM at moments
// around its first frame (drawn before the screen's renderer has ticked,
// then again by it), full screen and inline: whenever it stops, the terminal is left on its main
// screen with the cursor shown, both as tmux sees the pane and in the bytes
// attune wrote.
func TestE2EStoppedEarlyRestoresTerminal(t *testing.T) {
	bin := e2e.Binary(t)
	e2e.Need(t, "script")
	env := []string{"HOME=" + t.TempDir(), "XDG_STATE_HOME=" + t.TempDir(), "XDG_CONFIG_HOME=" + t.TempDir()}
	for _, run := range []struct{ mode, delay string }{
		{"", "0.02"}, {"", "0.04"}, {"", "0.06"}, {"", "0.08"}, {"", "0.12"}, {"", "0.3"},
		{"--inline", "0.03"}, {"--inline", "0.06"}, {"--inline", "0.09"}, {"--inline", "0.3"},
	} {
		delay := run.delay
		typescript := filepath.Join(t.TempDir(), "typescript")
		inner := bin + " " + run.mode + " --sound none coherent 1m & p=$!; sleep " + delay + "; kill -TERM $p; wait $p"
		tm := e2e.StartTmux(t, 80, 24, env, "script -q -f -c "+shellQuote("sh -c "+shellQuote(inner))+" "+typescript)
		tm.WaitExit(10 * time.Second)
		b, err := os.ReadFile(typescript)
		if err != nil {
			t.Fatal(err)
		}
		out := string(b)
		if alt := tm.Format("#{alternate_on}"); alt != "0" {
			t.Errorf("stopped after %ss: the alternate screen is still on; the last bytes written: %q", delay, tail(out, 300))
		}
		if on := strings.LastIndex(out, "\x1b[?1049h"); on >= 0 && !strings.Contains(out[on:], "\x1b[?1049l") {
			t.Errorf("stopped after %ss: the alternate screen was entered and not left: %q", delay, tail(out, 200))
		}
		if off := strings.LastIndex(out, "\x1b[?25l"); off >= 0 && !strings.Contains(out[off:], "\x1b[?25h") {
			t.Errorf("stopped %s after %ss: the cursor was hidden and not shown again: %q", run.mode, delay, tail(out, 200))
		}
		if left := leftOnScreen(tm.Capture()); left != "" {
			t.Errorf("stopped %s after %ss: the session's picture is left on screen:\n%s", run.mode, delay, left)
		}
	}
}

// leftOnScreen is what a stopped session left on screen besides its
// summary line, the shell's word for the signal and tmux's note on the
// dead pane: "" when nothing.
func leftOnScreen(screen string) string {
	var left []string
	for _, l := range strings.Split(screen, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l == "Terminated" || strings.HasPrefix(l, "Pane is dead") || strings.HasSuffix(l, "· ended early") {
			continue
		}
		left = append(left, l)
	}
	return strings.Join(left, "\n")
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func tail(s string, n int) string { return s[max(0, len(s)-n):] }

// TestE2EStdinNotTerminal: with stdin not a terminal (`attune < /dev/null`,
// or started by a script) the screen still runs and takes its keys from the
// terminal.
func TestE2EStdinNotTerminal(t *testing.T) {
	bin := e2e.Binary(t)
	env := []string{"HOME=" + t.TempDir(), "XDG_STATE_HOME=" + t.TempDir(), "XDG_CONFIG_HOME=" + t.TempDir()}
	tm := e2e.StartTmux(t, 80, 24, env, bin+" --sound none coherent 1m < /dev/null")
	screen := tm.WaitText(10*time.Second, "left")
	if n := e2e.OrbCells(screen); n < 20 {
		t.Fatalf("no orb on screen (%d orb cells):\n%s", n, screen)
	}
	tm.Keys("q")
	tm.WaitExit(5 * time.Second)
	if out := tm.Scrollback(); !strings.Contains(out, "ended early") {
		t.Fatalf("q did not end the session; the screen was:\n%s", out)
	}
}

// TestE2ESuspendAndResume: ctrl+z gives the shell back with the session
// waiting, and fg brings it back where it was: the time in the background
// does not count. On the screen, full and inline, and as plain lines.
func TestE2ESuspendAndResume(t *testing.T) {
	bin := e2e.Binary(t)
	e2e.Need(t, "bash")
	dir := t.TempDir()
	env := []string{"HOME=" + dir, "XDG_STATE_HOME=" + dir, "XDG_CONFIG_HOME=" + dir}
	tm := e2e.StartTmux(t, 80, 24, env, "bash --norc --noprofile -i")
	tm.WaitText(5*time.Second, "bash") // its prompt
	for _, mode := range []string{"", "--inline", "--plain"} {
		shown, quit := "left", "q"
		if mode == "--plain" {
			shown, quit = "get comfortable", "C-c"
		}
		tm.Keys("clear; "+bin+" "+mode+" --sound none --no-history coherent 1m", "Enter")
		tm.WaitText(10*time.Second, shown)
		tm.Keys("C-z")
		screen := tm.WaitText(5*time.Second, "Stopped")
		if mode != "--plain" && (e2e.OrbCells(screen) > 0 || strings.Contains(screen, "left")) {
			t.Errorf("%s: the session's picture is left under the shell while suspended:\n%s", mode, screen)
		}
		time.Sleep(5 * time.Second) // in the background
		tm.Keys("fg", "Enter")
		if mode == "--plain" {
			time.Sleep(500 * time.Millisecond)
		} else {
			tm.WaitText(5*time.Second, "left")
		}
		tm.Keys(quit)
		out := tm.WaitText(5*time.Second, "ended early")
		m := regexp.MustCompile(`0m0(\d)s · `).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("%s: no summary line after fg and quitting:\n%s", mode, out)
		}
		// About a second before ctrl+z and a fraction after fg: the five
		// seconds in the background are not session time.
		if m[1] > "3" {
			t.Errorf("%s: the session counted its time in the background: %s", mode, m[0])
		}
	}
}
