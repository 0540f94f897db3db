package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/audio"
	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/store"
	"github.com/attune-breath/attune/tui"
)

// closingGrace is how long a plain session that completed lets its closing
// words sound before the sound stops.
const closingGrace = 3 * time.Second

// runSession runs a session on the screen (or as plain lines), with its
// sound and breath input, then records it and prints its summary line.
func runSession(cmd *cobra.Command, su *setup, snd audio.Options, breathPath string, plain bool, view tui.Options) error {
	out := cmd.OutOrStdout()
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	sig := watchSignals(cancel)
	defer sig.stop()

	start := time.Now()
	clock := func() time.Duration { return time.Since(start) }
	sess := su.sess
	if err := writeTrace(cmd, start); err != nil {
		return err
	}

	var waitInput func() (int, error)
	if breathPath != "" {
		var err error
		if waitInput, err = breathInput(ctx, breathPath, sess.Observe, clock, start); err != nil {
			return err
		}
	}

	var player *audio.Player
	if snd.Layers != 0 {
		if plain {
			snd.Warn = warnTo(cmd)
		}
		player = audio.NewPlayer(sess, clock, snd)
		player.Start() // connects in the background: the first frame never waits
		view.Sound = soundControl{player}
	}

	var loaded <-chan struct{}
	if player != nil {
		loaded = player.Loaded()
	}
	if os.Getenv("GOMAXPROCS") == "" {
		defer oneThreadOnceStarted(time.Second, loaded)()
	}

	var err error
	if plain {
		stopWatch := pauseWhileStopped(sess, clock)
		err = runPlain(ctx, sess, out, clock, sleep)
		stopWatch()
	} else {
		view.Clock = clock
		err = runTUI(ctx, sess, cmd.InOrStdin(), out, view)
	}
	now := clock()
	sum := sess.Summary(now)
	if player != nil {
		if plain && sum.Complete {
			sleep(ctx, closingGrace)
		}
		player.Close()
	}
	cancel()
	if waitInput != nil {
		if bad, ierr := waitInput(); ierr != nil {
			fmt.Fprintf(cmd.ErrOrStderr(), "attune: warning: breath input: %v\n", ierr)
		} else if bad > 0 {
			fmt.Fprintf(cmd.ErrOrStderr(), "attune: warning: breath input: ignored %d malformed line(s); accepted: %s\n", bad, pacing.BreathLineForm)
		}
	}
	if su.history != "" && sum.Elapsed > 0 {
		rec := store.FromSummary(sum, start, time.Now(), sig.ending(sum.Complete))
		rec.Mode, rec.Pattern = su.mode, su.pattern
		if herr := store.Append(su.history, rec); herr != nil {
			fmt.Fprintf(cmd.ErrOrStderr(), "attune: warning: the session was not recorded: %v\n", herr)
		}
	}
	// After a hang-up there may be no terminal left to print to.
	fmt.Fprintln(out, sum.Line())
	return err
}

// signals remembers the first signal that ended a session.
type signals struct {
	mu   sync.Mutex
	got  os.Signal
	ch   chan os.Signal
	done chan struct{}
}

// watchSignals cancels the session on SIGINT, SIGTERM or SIGHUP (the
// terminal closed) and remembers which came.
func watchSignals(cancel context.CancelFunc) *signals {
	s := &signals{ch: make(chan os.Signal, 1), done: make(chan struct{})}
	signal.Notify(s.ch, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		select {
		case v := <-s.ch:
			s.mu.Lock()
			s.got = v
			s.mu.Unlock()
			cancel()
		case <-s.done:
		}
	}()
	return s
}

func (s *signals) stop() {
	signal.Stop(s.ch)
	close(s.done)
}

// ending says how the session ended, for history.
func (s *signals) ending(complete bool) store.Ending {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.got {
	case nil:
		if complete {
			return store.Completed
		}
		return store.Quit
	case syscall.SIGHUP:
		return store.TerminalClosed
	}
	return store.Interrupted
}

// soundControl lets the screen work the sound player.
type soundControl struct{ p *audio.Player }

func (c soundControl) ToggleMute()  { c.p.ToggleMute() }
func (c soundControl) ToggleVoice() { c.p.ToggleVoice() }
func (c soundControl) AdjustVolume(d float64) {
	if d > 0 {
		c.p.VolumeUp()
	} else {
		c.p.VolumeDown()
	}
}

// Status is worth showing only when the sound is not simply on.
func (c soundControl) Status() string {
	s := c.p.Status()
	if strings.HasPrefix(s, "sound on") || strings.HasPrefix(s, "sound: connecting") {
		return ""
	}
	return s
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// runTUI runs the session on the screen (or inline, under the prompt).
func runTUI(ctx context.Context, sess *pacing.Session, in io.Reader, out io.Writer, opt tui.Options) error {
	tui.Warm() // while Bubble Tea starts and waits for its first tick
	opt.NoColor = os.Getenv("NO_COLOR") != ""
	m := tui.New(sess, opt)
	profile := tui.QuickProfile(out, os.Environ())
	m, painted := prepaint(m, out, profile)
	if painted != nil {
		out = painted
	}
	// Signals are ours (watchSignals): Bubble Tea's own handler would quit
	// with the session's last picture as its final frame, and a cancelled
	// program context kills it without one, leaving an inline picture
	// behind. When ctx ends, the screen is asked to stop (stopScreen).
	opts := []tea.ProgramOption{tea.WithoutSignalHandler(), tea.WithOutput(out), tea.WithFPS(tui.MaxFPS), tea.WithColorProfile(profile)}
	if in != os.Stdin {
		// Bubble Tea's own choice for stdin: the terminal itself when stdin
		// is not one (`attune < file`, or started in the background by a
		// script), so the keys still come from where the screen is.
		opts = append(opts, tea.WithInput(in))
	}
	p := tea.NewProgram(m, opts...)
	ran := make(chan struct{})
	stopped := stopScreen(ctx, p, ran, screenStopGrace)
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

// screenStopGrace is how long a screen asked to stop may take to draw its
// last frame before it is killed (a terminal that no longer reads).
const screenStopGrace = time.Second

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
		go func() { p.Send(tui.StopMsg{}); close(sent) }()
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

// oneThreadOnceStarted runs Go on one thread once the session has been
// running for after and loaded is closed, until the returned function is
// called; a nil loaded is taken as closed. A frame or a sound buffer is a few hundred microseconds of work,
// and with more threads each wake-up is handed between them at a cost
// greater than the work's (measured: 1.1-1.3 % of a core on two threads,
// 0.85-0.9 % on one, scripts/measure-tui.sh). Starting keeps every thread:
// the first frame, the width tables and the voice's decoding run side by
// side, and a voice decoded on one thread was heard late.
func oneThreadOnceStarted(after time.Duration, loaded <-chan struct{}) (restore func()) {
	procs := runtime.GOMAXPROCS(0)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTimer(after)
		defer t.Stop()
		select {
		case <-t.C:
		case <-stop:
			return
		}
		if loaded != nil {
			select {
			case <-loaded:
			case <-stop:
				return
			}
		}
		runtime.GOMAXPROCS(1)
	}()
	return func() {
		close(stop)
		<-done
		runtime.GOMAXPROCS(procs)
	}
}

// paintedTerm is a terminal the first frame was drawn on before Bubble Tea
// started, with the cursor hidden. It follows Bubble Tea's writes: Bubble
// Tea hides the cursor when it draws its first frame and shows it again
// when it gives the terminal back, so a cursor still hidden when the
// program has ended means it never drew, and the terminal is still as the
// first frame left it.
type paintedTerm struct {
	*os.File
	undo   string
	mu     sync.Mutex
	hidden bool
}

var (
	cursorHide = []byte("\x1b[?25l")
	cursorShow = []byte("\x1b[?25h")
)

func (t *paintedTerm) Write(b []byte) (int, error) {
	t.mu.Lock()
	if hide, show := bytes.LastIndex(b, cursorHide), bytes.LastIndex(b, cursorShow); hide > show {
		t.hidden = true
	} else if show > hide {
		t.hidden = false
	}
	t.mu.Unlock()
	return t.File.Write(b)
}

// leave gives the terminal back when Bubble Tea did not: it was stopped
// before it drew a frame of its own.
func (t *paintedTerm) leave() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.hidden {
		_, _ = io.WriteString(t.File, t.undo)
		t.hidden = false
	}
}

// prepaint draws the first frame at once when out is a terminal, instead
// of on Bubble Tea's first tick: about 67 ms sooner. It gives the model to
// run and, when it drew, the terminal to give Bubble Tea in place of out.
// On Windows the console reads escape sequences only once Bubble Tea has
// set it up, so there it draws nothing.
func prepaint(m tui.Model, out io.Writer, profile colorprofile.Profile) (tui.Model, *paintedTerm) {
	f, ok := out.(*os.File)
	if !ok || runtime.GOOS == "windows" || !term.IsTerminal(f.Fd()) {
		return m, nil
	}
	w, h, err := term.GetSize(f.Fd())
	if err != nil {
		return m, nil
	}
	m, first := m.Prepaint(w, h, profile)
	if first.Frame == "" {
		return m, nil
	}
	if _, err := io.WriteString(f, first.Frame); err != nil {
		return m, nil
	}
	return m, &paintedTerm{File: f, undo: first.Undo, hidden: true}
}

// soundFromConfig gives the sound options the config (with the flags
// applied) asks for.
func soundFromConfig(cmd *cobra.Command, cfg store.Config) (audio.Options, error) {
	o, err := soundOptions(cmd) // the master volume, and the flags checked
	if err != nil {
		return o, err
	}
	o.Layers = 0
	if len(cfg.Sound) > 0 {
		if o.Layers, err = audio.ParseSound(strings.Join(cfg.Sound, ",")); err != nil {
			return o, usagef("sound: %v", err)
		}
	}
	o.Volume[audio.LayerVoice] = cfg.Volumes.Voice
	o.Volume[audio.LayerTones] = cfg.Volumes.Tones
	o.Volume[audio.LayerBreath] = cfg.Volumes.Breath
	o.Voice = cfg.Voice
	if o.Voice == "default" {
		o.Voice = ""
	}
	return o, nil
}
