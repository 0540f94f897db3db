package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// TestAskTmuxAfterProfile checks that the question to tmux is asked once,
// when Bubble Tea's own colour profile has come, and only inside tmux
// below true colour.
func TestAskTmuxAfterProfile(t *testing.T) {
	for _, c := range []struct {
		p   colorprofile.Profile
		env []string
		ask bool
	}{
		{colorprofile.ANSI256, []string{"TMUX=/tmp/tmux-0/default,1,0"}, true},
		{colorprofile.TrueColor, []string{"TMUX=/tmp/tmux-0/default,1,0"}, false},
		{colorprofile.ANSI256, []string{"TERM=xterm-256color"}, false},
		{colorprofile.ANSI256, []string{"TMUX="}, false},
	} {
		if got := tmuxTrueColor(c.p, c.env) != nil; got != c.ask {
			t.Errorf("%v %v: asks %v, want %v", c.p, c.env, got, c.ask)
		}
	}
	asked := 0
	m := New(fixedSession(t), Options{})
	m.askTmux = func() tea.Msg { asked++; return nil }
	for range 2 {
		mm, cmd := m.Update(tea.ColorProfileMsg{Profile: colorprofile.ANSI256})
		m = mm.(Model)
		if cmd != nil {
			cmd()
		}
	}
	if asked != 1 {
		t.Fatalf("tmux was asked %d times, want once", asked)
	}
}
