//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/attune-breath/attune/internal/e2e"
)

// buildHeartfeed builds scripts/heartfeed, the replay of a simulated heart.
func buildHeartfeed(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "heartfeed")
	cmd := exec.Command("go", "build", "-o", out, "./scripts/heartfeed")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building heartfeed: %v\n%s", err, b)
	}
	return out
}

// TestE2EFind runs attune find in tmux with its heart and breath inputs
// on FIFOs, fed in real time by a program replaying a simulated heart (and
// a person following the steps) in pulse_stream's form, with short steps:
// the heart line and wave show while breathing, and at the end each step's
// figures and the result are printed and the found pace saved.
func TestE2EFind(t *testing.T) {
	if testing.Short() {
		t.Skip("a minute and a half in real time")
	}
	bin := e2e.Binary(t)
	feed := buildHeartfeed(t)
	dir := t.TempDir()
	heartFIFO, breathFIFO := filepath.Join(dir, "heart"), filepath.Join(dir, "breath")
	for _, p := range []string{heartFIFO, breathFIFO} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("no FIFOs here: %v", err)
		}
	}
	hist := filepath.Join(dir, "history.jsonl")
	proto := "--paces 7,6 --step 40s --rest 3s"
	env := []string{"HOME=" + dir, "XDG_STATE_HOME=" + dir, "XDG_CONFIG_HOME=" + dir}
	command := feed + " -heart " + heartFIFO + " -breath " + breathFIFO + " " + strings.ReplaceAll(proto, "--", "-") +
		" -resonance 6 -artefacts 0 -form pulse & " +
		bin + " find --heart " + heartFIFO + " --breath-input " + breathFIFO + " " + proto + " --sound none --history-file " + hist
	tm := e2e.StartTmux(t, 100, 32, env, "sh -c "+shellQuote(command))

	screen := tm.WaitFor(30*time.Second, "the heart line and wave", func(s string) bool {
		return strings.Contains(s, "last breath swung") && strings.Contains(s, "breath ▁")
	})
	for _, want := range []string{"7.0 breaths/min", "heart ", " bpm"} {
		if !strings.Contains(screen, want) {
			t.Errorf("no %q on the screen:\n%s", want, screen)
		}
	}
	tm.WaitText(120*time.Second, "any key to leave")
	tm.Keys("q")
	tm.WaitExit(10 * time.Second)
	out := tm.Scrollback()
	for _, want := range []string{"7.0/min: swing", "6.0/min: swing", "the pace where your heart rate swung most today", "saved: attune --target found", "not a medical device"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q after the assessment:\n%s", want, out)
		}
	}
	if strings.Contains(out, "✗") || strings.Contains(out, "warning") {
		t.Errorf("a step did not count, or a warning:\n%s", out)
	}
	b, err := os.ReadFile(hist)
	if err != nil || !strings.Contains(string(b), `"mode":"find"`) || !strings.Contains(string(b), `"found":{"best":`) || !strings.Contains(string(b), `"heart":[`) {
		t.Errorf("history %s (%v)", b, err)
	}
}
