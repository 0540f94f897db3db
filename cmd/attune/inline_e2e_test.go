package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestInlineLeavesSummaryLine runs the real binary with --inline in a
// private tmux server and checks that, once the session is over, the screen
// holds the summary line and nothing of the breathing lines.
func TestInlineLeavesSummaryLine(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a 10 s session")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "attune")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building: %v\n%s", err, out)
	}
	sock := fmt.Sprintf("attune-inline-%d", os.Getpid())
	tmux := func(args ...string) (string, error) {
		out, err := exec.Command("tmux", append([]string{"-L", sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() { _, _ = tmux("kill-server") })
	script := fmt.Sprintf("printf 'before\\n'; %s --inline 10s; printf 'after\\n'; sleep 60", bin)
	if out, err := tmux("new-session", "-d", "-s", "t", "-x", "80", "-y", "24", "sh", "-c", script); err != nil {
		t.Fatalf("starting tmux: %v\n%s", err, out)
	}
	var mid string
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(250 * time.Millisecond)
		out, err := tmux("capture-pane", "-p", "-t", "t", "-S", "-")
		if err != nil {
			t.Fatalf("capturing: %v\n%s", err, out)
		}
		if mid == "" && strings.Contains(out, "left") {
			mid = out
		}
		if strings.Contains(out, "after") {
			checkInlineEnd(t, mid, out)
			return
		}
	}
	t.Fatal("the session did not end within 30 s")
}

var summaryLine = regexp.MustCompile(`^\dm\d\ds · \d+ breaths? · `)

func checkInlineEnd(t *testing.T, mid, out string) {
	t.Helper()
	if mid == "" {
		t.Error("never saw the inline screen while breathing")
	} else if n := len(strings.Split(strings.TrimRight(mid, "\n"), "\n")); n > 5 {
		t.Errorf("the inline screen took %d lines, want at most 5:\n%s", n, mid)
	}
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimRight(l, " "); l != "" {
			lines = append(lines, l)
		}
	}
	want := []string{"before", "<summary>", "after"}
	if len(lines) != 3 || lines[0] != "before" || !summaryLine.MatchString(lines[1]) || lines[2] != "after" {
		t.Fatalf("the screen after an inline session is %q, want %q", lines, want)
	}
}
