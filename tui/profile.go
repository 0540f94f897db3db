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

// tmuxTrueColor sends send a true-colour profile when the screen runs
// inside tmux with less than true colour by QuickProfile, and tmux says
// its terminal has true colour (Tc or RGB): QuickProfile does not ask it,
// so that the first frame waits for nothing; this asks while the screen
// runs. It returns at once; the answer comes a moment later or never.
func tmuxTrueColor(p colorprofile.Profile, env []string, send func(tea.Msg)) {
	if p >= colorprofile.TrueColor || !slices.ContainsFunc(env, func(kv string) bool {
		return strings.HasPrefix(kv, "TMUX=") && len(kv) > len("TMUX=")
	}) {
		return
	}
	go func() {
		if colorprofile.Tmux(env) == colorprofile.TrueColor {
			send(tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
		}
	}()
}
