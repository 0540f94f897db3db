package main

import (
	"context"
	"io"
	"os"

	"github.com/charmbracelet/x/term"

	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/tui"
)

// runTUI runs the session on the screen (or inline, under the prompt), in
// the colours the environment allows, with keys from in. Signals are ours
// (watchSignals): they end ctx, and the screen stops as quitting does.
func runTUI(ctx context.Context, sess *pacing.Session, in io.Reader, out io.Writer, opt tui.Options) error {
	opt.NoColor = os.Getenv("NO_COLOR") != ""
	if in == os.Stdin {
		in = nil // Bubble Tea's own choice: the terminal when stdin is not one
	}
	return tui.Run(ctx, sess, in, out, os.Environ(), opt)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// isTerminalReader reports whether r is a terminal.
func isTerminalReader(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
