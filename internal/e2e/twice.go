package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// Misses is what one run of a real-time check found off its time or
// missing, each a line as t.Error would say it.
type Misses []string

// Add notes a miss.
func (m *Misses) Add(format string, args ...any) { *m = append(*m, fmt.Sprintf(format, args...)) }

// Twice runs a real-time check of sound as the subtest "run1" and, if that
// run misses, once more as "run2": a machine starved of CPU for a moment
// (the race detector, every package's tests at once) can make one run's
// sound late, while a sound that is late by design is late every time.
// The check fails only when the second run misses too, with that run's
// misses; the first run's are logged. Each run has its own t, so what it
// started (a sound server, a terminal, the sound tests' lock) ends before
// the next; whatever is not a matter of time (a run that could not be
// made, a screen, an exit status) the check reports on that t as usual.
func Twice(t *testing.T, check func(t *testing.T) Misses) {
	t.Helper()
	for run := 1; run <= 2; run++ {
		var m Misses
		ok := t.Run(fmt.Sprintf("run%d", run), func(t *testing.T) {
			m = check(t)
			switch {
			case len(m) == 0:
			case run == 1:
				t.Logf("missed, heard again: %s", strings.Join(m, "; "))
			default:
				for _, s := range m {
					t.Error(s)
				}
			}
		})
		if !ok || len(m) == 0 {
			return
		}
	}
}
