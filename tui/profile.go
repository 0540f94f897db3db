package tui

import (
	"io"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// QuickProfile guesses the colour profile of output w from the environment
// and terminfo alone. Unlike colorprofile.Detect it never runs a program
// (Detect asks `tmux info` inside tmux), so the first frame is not kept
// waiting: inside tmux without COLORTERM it assumes 256 colours, which the
// orb's palette colours need no more than.
func QuickProfile(w io.Writer, env []string) colorprofile.Profile {
	var inTmux bool
	var rest []string
	for _, kv := range env {
		if strings.HasPrefix(kv, "TMUX=") {
			inTmux = len(kv) > len("TMUX=")
			continue
		}
		rest = append(rest, kv)
	}
	p := colorprofile.Detect(w, rest)
	if inTmux && p == colorprofile.ANSI {
		p = colorprofile.ANSI256
	}
	return p
}

// tmuxTrueColor is how a screen inside tmux asks whether tmux's terminal
// has true colour (Tc or RGB), when QuickProfile found less: QuickProfile
// does not ask tmux, so that the first frame waits for nothing. The command
// gives a true-colour tea.ColorProfileMsg when it has, and nothing when it
// has not; it is nil when there is nothing to ask (not in tmux, or true
// colour already). The screen runs it once Bubble Tea has sent its own
// colour profile (see Model.askTmux).
func tmuxTrueColor(p colorprofile.Profile, env []string) tea.Cmd {
	if p >= colorprofile.TrueColor || !slices.ContainsFunc(env, func(kv string) bool {
		return strings.HasPrefix(kv, "TMUX=") && len(kv) > len("TMUX=")
	}) {
		return nil
	}
	return func() tea.Msg {
		if colorprofile.Tmux(env) == colorprofile.TrueColor {
			return tea.ColorProfileMsg{Profile: colorprofile.TrueColor}
		}
		return nil
	}
}
