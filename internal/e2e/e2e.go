// Package e2e runs the real attune binary in a real terminal (tmux) for
// end-to-end tests.
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Need returns the path of tool, or stops the test: it fails when the CI
// environment variable is set (CI must have every tool) and skips otherwise.
func Need(t testing.TB, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is needed for this test and is missing (CI must install it)", tool)
		}
		t.Skipf("%s not installed", tool)
	}
	return p
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// Binary builds cmd/attune once per test process and returns its path.
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		dir, err := os.MkdirTemp("", "attune-e2e-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "attune")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/attune")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("building attune: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// Tmux is a private tmux server with one session running a command.
type Tmux struct {
	t      testing.TB
	socket string
	Target string
}

// StartTmux runs command (a shell command line) in a new tmux session of
// w×h cells on a private server, with env added to the environment. The
// server is killed when the test ends.
func StartTmux(t testing.TB, w, h int, env []string, command string) *Tmux {
	t.Helper()
	Need(t, "tmux")
	dir := t.TempDir()
	tm := &Tmux{t: t, socket: filepath.Join(dir, "tmux.sock"), Target: "e2e"}
	// Keep the pane after the command exits, so its last words can be
	// read: set in the server's own configuration, so that it holds before
	// the command starts (set afterwards, a command that ends at once takes
	// the server with it).
	conf := filepath.Join(dir, "tmux.conf")
	if err := os.WriteFile(conf, []byte("set-option -g remain-on-exit on\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"-S", tm.socket, "-f", conf, "new-session", "-d", "-s", tm.Target, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h)}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	args = append(args, command)
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		t.Fatalf("starting tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *Tmux) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Keys sends keys as tmux send-keys names them ("q", "Space", "C-c").
func (tm *Tmux) Keys(keys ...string) {
	tm.t.Helper()
	tm.run(append([]string{"send-keys", "-t", tm.Target}, keys...)...)
}

// Capture returns the pane's text, without styles.
func (tm *Tmux) Capture() string {
	tm.t.Helper()
	return tm.run("capture-pane", "-p", "-t", tm.Target)
}

// CaptureStyled returns the pane's text with its styles as escape codes.
func (tm *Tmux) CaptureStyled() string {
	tm.t.Helper()
	return tm.run("capture-pane", "-e", "-p", "-t", tm.Target)
}

// Scrollback returns the pane's text including its history.
func (tm *Tmux) Scrollback() string {
	tm.t.Helper()
	return tm.run("capture-pane", "-p", "-S", "-", "-t", tm.Target)
}

// Dead reports whether the pane's command has exited.
func (tm *Tmux) Dead() bool {
	tm.t.Helper()
	return strings.TrimSpace(tm.run("display-message", "-p", "-t", tm.Target, "#{pane_dead}")) == "1"
}

// WaitFor polls the pane until cond holds for its text, or fails after d.
func (tm *Tmux) WaitFor(d time.Duration, what string, cond func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(d)
	var s string
	for time.Now().Before(deadline) {
		if s = tm.Capture(); cond(s) {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	tm.t.Fatalf("waited %v for %s; the screen was:\n%s", d, what, s)
	return s
}

// WaitText waits until the pane shows text.
func (tm *Tmux) WaitText(d time.Duration, text string) string {
	tm.t.Helper()
	return tm.WaitFor(d, fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

// WaitExit waits until the pane's command has exited.
func (tm *Tmux) WaitExit(d time.Duration) {
	tm.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if tm.Dead() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tm.t.Fatalf("the command did not exit within %v; the screen was:\n%s", d, tm.Capture())
}

// Format returns a tmux format (such as "#{alternate_on}") for the pane.
func (tm *Tmux) Format(f string) string {
	tm.t.Helper()
	return strings.TrimSpace(tm.run("display-message", "-p", "-t", tm.Target, f))
}

// PID returns the process id of the pane's command.
func (tm *Tmux) PID() string {
	tm.t.Helper()
	return strings.TrimSpace(tm.run("display-message", "-p", "-t", tm.Target, "#{pane_pid}"))
}

// OrbCells counts the cells of s drawn with block or braille characters, the
// characters the orb is made of.
func OrbCells(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x2580 && r <= 0x259F || r >= 0x2801 && r <= 0x28FF {
			n++
		}
	}
	return n
}

// CountRunes counts how many of the runes in set appear in s.
func CountRunes(s, set string) int {
	n := 0
	for _, r := range s {
		if strings.ContainsRune(set, r) {
			n++
		}
	}
	return n
}

// Resize sets the pane's window to w×h cells.
func (tm *Tmux) Resize(w, h string) {
	tm.t.Helper()
	tm.run("resize-window", "-t", tm.Target, "-x", w, "-y", h)
}

// Kill kills the tmux session, as closing a terminal window does: the
// command gets SIGHUP.
func (tm *Tmux) Kill() {
	tm.t.Helper()
	tm.run("kill-session", "-t", tm.Target)
}
