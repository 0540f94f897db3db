package tui_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/internal/e2e"
)

// TestE2ESoftOrb runs the real binary in tmux at 80x24: with true colour
// the orb is drawn in 24-bit colours, in the 256-colour palette without
// it, both as half-block pixels (never the crisp orb's quadrants), and it
// moves as the breath goes in.
func TestE2ESoftOrb(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the real binary")
	}
	bin := e2e.Binary(t)
	for _, c := range []struct {
		name, colorterm, want, not string
	}{
		{"truecolor", "COLORTERM=truecolor", "38;2;", ""},
		{"256", "COLORTERM=", "38;5;", "38;2;"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			env := []string{"HOME=" + dir, "XDG_STATE_HOME=" + dir, "XDG_CONFIG_HOME=" + dir}
			// tmux keeps 24-bit colours only for a terminal it is told has
			// them, and gives its panes its own TERM: the pane tells its
			// server so, and sets TERM, before attune starts.
			tm := e2e.StartTmux(t, 80, 24, env, "tmux set -g terminal-overrides ',*:Tc' && exec env TERM=xterm-256color "+
				c.colorterm+" "+bin+" --sound none --no-history box 1m")
			tm.WaitText(10*time.Second, "breathe in")
			first := tm.CaptureStyled()
			if !strings.Contains(first, c.want) || c.not != "" && strings.Contains(first, c.not) {
				t.Fatalf("the screen should be drawn with %q and without %q:\n%q", c.want, c.not, first)
			}
			plain := tm.Capture()
			if n := e2e.CountRunes(plain, "▀▄"); n < 20 {
				t.Fatalf("only %d half-block cells: no soft orb on screen:\n%s", n, plain)
			}
			if n := e2e.CountRunes(plain, "▘▝▖▗▌▐▞▚▛▜▙▟"); n > 0 {
				t.Fatalf("%d quadrant cells: the crisp orb was drawn:\n%s", n, plain)
			}
			time.Sleep(time.Second)
			if tm.CaptureStyled() == first {
				t.Fatal("the orb did not move in a second of breathing in")
			}
			tm.Keys("q")
			tm.WaitExit(5 * time.Second)
		})
	}
}

// TestE2ETmuxTrueColor runs the real binary in tmux without COLORTERM,
// where tmux tells its clients' terminal has true colour (Tc): the screen
// starts in the palette, asks tmux, and turns to 24-bit colours.
func TestE2ETmuxTrueColor(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the real binary")
	}
	bin := e2e.Binary(t)
	e2e.Need(t, "script")
	dir := t.TempDir()
	env := []string{"HOME=" + dir, "XDG_STATE_HOME=" + dir, "XDG_CONFIG_HOME=" + dir}
	// A client must be attached for tmux to know its terminal: attune
	// starts once it is, and tmux has read its terminal's features.
	tm := e2e.StartTmux(t, 80, 24, env, "tmux set -g terminal-overrides ',*:Tc' && "+
		"until tmux info | grep -q 'Tc: (flag) true'; do sleep 0.1; done && exec env -u COLORTERM "+bin+" --sound none --no-history box 1m")
	// The override must be in place before the client attaches (tmux reads
	// a client's terminal features as it attaches), so it is set here too,
	// before the client starts, not only by the pane's command.
	sock := tm.Format("#{socket_path}")
	if out, err := exec.Command("tmux", "-S", sock, "set", "-g", "terminal-overrides", ",*:Tc").CombinedOutput(); err != nil {
		t.Fatalf("tmux set: %v\n%s", err, out)
	}
	client := exec.Command("script", "-qfc", "tmux -S "+sock+" attach -t "+tm.Target, "/dev/null")
	client.Env = append(os.Environ(), "TERM=xterm-256color")
	keys, typing, err := os.Pipe() // input that stays open: the client stays
	if err != nil {
		t.Fatal(err)
	}
	client.Stdin = keys
	if err := client.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Process.Kill(); _ = client.Wait(); _ = typing.Close(); _ = keys.Close() })
	// Generous waits: under the race detector, beside the other packages'
	// tests, the attach and the first frame can take many seconds.
	tm.WaitText(40*time.Second, "breathe in")
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(tm.CaptureStyled(), "38;2;") {
		if time.Now().After(deadline) {
			t.Fatalf("no 24-bit colours on screen 15 s after it began:\n%q", tm.CaptureStyled())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
