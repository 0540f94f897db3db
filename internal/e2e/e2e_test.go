package e2e

import (
	"testing"
	"time"
)

// TestStartTmuxKeepsAQuickCommand: a command that ends at once still
// leaves its pane, dead, to be read (the tmux server stays).
func TestStartTmuxKeepsAQuickCommand(t *testing.T) {
	for range 5 {
		tm := StartTmux(t, 40, 5, nil, "true")
		tm.WaitExit(10 * time.Second)
		_ = tm.Capture()
		if !tm.Dead() {
			t.Fatal("the pane of a command that ended is not dead")
		}
	}
}
