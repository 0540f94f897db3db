package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"github.com/attune-breath/attune/pacing"
)

// Run shows session sess on out until the session is over (and its summary
// left), the breather quits, or ctx ends. out is the whole terminal, or a
// few lines under the prompt with opt.Inline; keys come from in, or with in
// nil from where Bubble Tea finds them: stdin, or the terminal itself when
// stdin is not one (`attune < file`, or started in the background by a
// script), so that the keys still come from where the screen is. env is
// the environment, for the terminal's colours.
//
// Run handles no signals: Bubble Tea's own handler would quit with the
// session's last picture as its final frame, and a cancelled program
// context kills it without one, leaving an inline picture behind. The
// caller ends ctx on a signal instead, and the screen is asked to stop as
// quitting does (StopMsg), or killed if it has not within StopGrace.
func Run(ctx context.Context, sess *pacing.Session, in io.Reader, out io.Writer, env []string, opt Options) error {
	Warm() // while Bubble Tea starts and waits for its first tick
	m := New(sess, opt)
	profile := QuickProfile(out, env)
	m, painted := paintFirst(m, out, profile)
	if painted != nil {
		out = painted
	}
	m.askTmux = tmuxTrueColor(profile, env)
	opts := []tea.ProgramOption{tea.WithoutSignalHandler(), tea.WithOutput(out), tea.WithFPS(MaxFPS), tea.WithColorProfile(profile)}
	if in != nil {
		opts = append(opts, tea.WithInput(in))
	}
	p := tea.NewProgram(m, opts...)
	ran := make(chan struct{})
	stopped := stopScreen(ctx, p, ran, StopGrace)
	_, err := p.Run()
	close(ran)
	<-stopped
	if painted != nil {
		painted.leave()
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrInterrupted) {
		return fmt.Errorf("running the screen: %w", err)
	}
	return nil
}

// StopGrace is how long a screen asked to stop may take to draw its last
// frame before it is killed (a terminal that no longer reads).
const StopGrace = time.Second

// program is what stopScreen needs of a Bubble Tea program.
type program interface {
	Send(tea.Msg)
	Kill()
}

// stopScreen asks the screen to stop when ctx ends before ran is closed,
// and kills it if it has not stopped within grace. The returned channel is
// closed once it is done.
func stopScreen(ctx context.Context, p program, ran <-chan struct{}, grace time.Duration) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		select {
		case <-ran:
			return
		case <-ctx.Done():
		}
		sent := make(chan struct{})
		go func() { p.Send(StopMsg{}); close(sent) }()
		t := time.NewTimer(grace)
		defer t.Stop()
		select {
		case <-ran:
		case <-t.C:
			p.Kill()
		}
		<-sent
	}()
	return done
}

// RunRoom shows a room member's screen r on out until the member leaves
// or ctx ends, as Run shows a session; started is given the screen's send
// once it runs, for the room's news (RoomMsg, RoomNoteMsg), and must not
// block. Drawn to anything but a terminal, the screen is 80 by 24.
func RunRoom(ctx context.Context, r Room, in io.Reader, out io.Writer, env []string, started func(send func(tea.Msg))) error {
	Warm()
	profile := QuickProfile(out, env)
	opts := []tea.ProgramOption{tea.WithoutSignalHandler(), tea.WithOutput(out), tea.WithFPS(MaxFPS), tea.WithColorProfile(profile)}
	if in != nil {
		opts = append(opts, tea.WithInput(in))
	}
	if f, ok := out.(*os.File); !ok || !term.IsTerminal(f.Fd()) {
		opts = append(opts, tea.WithWindowSize(80, 24))
	}
	r.m.askTmux = tmuxTrueColor(profile, env)
	p := tea.NewProgram(r, opts...)
	ran := make(chan struct{})
	stopped := stopScreen(ctx, p, ran, StopGrace)
	started(p.Send)
	_, err := p.Run()
	close(ran)
	<-stopped
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrInterrupted) {
		return fmt.Errorf("running the screen: %w", err)
	}
	return nil
}
