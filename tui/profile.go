package tui

import (
	"io"
	"strings"

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
