package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/internal/e2e"
)

// TestInlineLeavesSummaryLine runs the real binary with --inline in a
// private tmux server and checks that, once the session is over, the screen
// holds the summary line and nothing of the breathing lines.
func TestInlineLeavesSummaryLine(t *testing.T) {
	bin := e2e.Binary(t)
	env, _ := isolated(t)
	tm := e2e.StartTmux(t, 80, 24, env, fmt.Sprintf("printf 'before\\n'; %s coherent --inline 10s; printf 'after\\n'; sleep 60", bin))
	var mid string
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(250 * time.Millisecond)
		out := tm.Scrollback()
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
