package main

import (
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/internal/e2e"
	"github.com/attune-breath/attune/plan"
)

// TestE2EPlanAsksAndStarts runs `attune plan` with no sentence in tmux: it
// asks for one, shows the plan and `start? [Y/n]`, and enter starts the
// session's screen; q ends it.
func TestE2EPlanAsksAndStarts(t *testing.T) {
	bin := e2e.Binary(t)
	env, _ := isolated(t)
	tm := e2e.StartTmux(t, 100, 30, env, bin+" plan --no-history")
	tm.WaitText(10*time.Second, "What do you need?")
	const text = "I can't sleep and my mind is racing, 10 minutes"
	tm.Keys("-l", text)
	tm.WaitText(5*time.Second, "racing, 10")
	tm.Keys("Enter")
	screen := tm.WaitText(10*time.Second, "start? [Y/n]")
	line := []rune(plan.Offline(text, time.Now()).Line())
	if want := string(line[:min(len(line), 30)]); !strings.Contains(screen, want) {
		t.Fatalf("the plan's line (%q) is not shown:\n%s", want, screen)
	}
	if !strings.Contains(screen, text) {
		t.Errorf("the sentence typed is not left above the plan:\n%s", screen)
	}
	tm.Keys("Enter")
	screen = tm.WaitFor(10*time.Second, "the session's screen", func(s string) bool {
		return e2e.OrbCells(s) >= 20 && strings.Contains(s, "left")
	})
	if strings.Contains(screen, "start? [Y/n]") {
		t.Errorf("the question is left on the session's screen:\n%s", screen)
	}
	tm.Keys("q")
	tm.WaitExit(10 * time.Second)
	if out := tm.Scrollback(); !strings.Contains(out, "ended early") {
		t.Fatalf("no summary after q:\n%s", out)
	}
}
