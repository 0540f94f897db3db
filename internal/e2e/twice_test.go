package e2e

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// lateRuns makes a check that misses in the runs given.
func lateRuns(runs *int, late ...int) func(*testing.T) Misses {
	return func(*testing.T) (m Misses) {
		*runs++
		for _, r := range late {
			if r == *runs {
				m.Add("inhale %d ms off", 100**runs)
			}
		}
		return m
	}
}

// TestTwice: a check that holds runs once; one that misses once and then
// holds runs twice and passes; one that misses every time fails with its
// second run's misses (seen from a child test process, as a failing test
// fails its process).
func TestTwice(t *testing.T) {
	if os.Getenv("ATTUNE_TWICE_CHILD") == "1" {
		runs := 0
		Twice(t, lateRuns(&runs, 1, 2))
		return
	}
	runs := 0
	Twice(t, lateRuns(&runs))
	if runs != 1 {
		t.Errorf("a check that holds ran %d times; want 1", runs)
	}
	runs = 0
	Twice(t, lateRuns(&runs, 1))
	if runs != 2 || t.Failed() {
		t.Errorf("a check late once ran %d times, failed %v; want 2 runs and a pass", runs, t.Failed())
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestTwice$", "-test.v")
	cmd.Env = append(os.Environ(), "ATTUNE_TWICE_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "inhale 200 ms off") || !strings.Contains(string(out), "--- FAIL: TestTwice/run2") {
		t.Errorf("a check late every time: %v; want a failure of run2 with its misses:\n%s", err, out)
	}
}
