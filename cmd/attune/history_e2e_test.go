package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/attune-breath/attune/internal/e2e"
	"github.com/attune-breath/attune/store"
)

// isolated returns environment settings that give the binary its own empty
// config and state folders, and the history file it will write.
func isolated(t *testing.T) (env []string, history string) {
	dir := t.TempDir()
	env = []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + filepath.Join(dir, "config"), "XDG_STATE_HOME=" + filepath.Join(dir, "state"), "PULSE_SERVER=unix:" + filepath.Join(dir, "no-sound")}
	return env, filepath.Join(dir, "state", "attune", "history.jsonl")
}

// waitHistory waits for the history file to hold n records.
func waitHistory(t *testing.T, path string, n int) []store.Record {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		recs, skipped, err := store.ReadHistory(path)
		if err == nil && len(recs) >= n {
			if skipped != 0 {
				t.Fatalf("%d bad lines in %s", skipped, path)
			}
			return recs
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(path)
			t.Fatalf("history %s has %d records, want %d (err %v):\n%s", path, len(recs), n, err, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestE2EHangUpIsRecorded closes the terminal under a session (tmux
// kill-session sends SIGHUP): the session is still recorded, as partial.
func TestE2EHangUpIsRecorded(t *testing.T) {
	bin := e2e.Binary(t)
	env, history := isolated(t)
	tm := e2e.StartTmux(t, 80, 24, env, bin+" box 2m")
	tm.WaitText(10*time.Second, "breathe in")
	time.Sleep(time.Second)
	tm.Kill()
	recs := waitHistory(t, history, 1)
	r := recs[0]
	if r.Ended != store.TerminalClosed || r.Pattern != "box" || r.Mode != "pattern" || r.Planned != 2*time.Minute {
		t.Fatalf("record %+v, want a partial box session ended by the terminal closing", r)
	}
	if r.Actual < 3*time.Second || r.Actual > 20*time.Second || r.Breaths != 1 {
		t.Fatalf("record %+v: want about 4 s and one breath", r)
	}
}

// TestE2EQuitAndNoHistory checks q is recorded as quit, and --no-history
// records nothing.
func TestE2EQuitAndNoHistory(t *testing.T) {
	bin := e2e.Binary(t)
	env, history := isolated(t)
	tm := e2e.StartTmux(t, 80, 24, env, bin+" coherent 1m")
	tm.WaitText(10*time.Second, "breathe in")
	tm.Keys("q")
	tm.WaitExit(5 * time.Second)
	if recs := waitHistory(t, history, 1); recs[0].Ended != store.Quit {
		t.Fatalf("record %+v, want ended quit", recs[0])
	}

	tm2 := e2e.StartTmux(t, 80, 24, env, bin+" coherent 1m --no-history")
	tm2.WaitText(10*time.Second, "breathe in")
	tm2.Keys("q")
	tm2.WaitExit(5 * time.Second)
	time.Sleep(200 * time.Millisecond)
	if recs, _, _ := store.ReadHistory(history); len(recs) != 1 {
		t.Fatalf("--no-history still recorded: %d records", len(recs))
	}
}
