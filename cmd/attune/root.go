package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/tui"
)

// Session length limits.
const (
	minDuration     = 10 * time.Second
	maxDuration     = 4 * time.Hour
	defaultDuration = 3 * time.Minute
	defaultPattern  = "coherent"
)

const rootLong = `attune breathes with you. It shows a breathing orb that grows as you breathe
in and shrinks as you breathe out; follow it at your own ease.

A session has a pattern (how long to breathe in, hold, breathe out, hold) and
a length. Give either or both, in any order, as words or as flags.

Patterns: coherent (the default), box, 478, sigh, extended — see 'attune
patterns' — or your own numbers in seconds: in-hold-out[-hold], such as 4-7-8
or 5.5-0-5.5-0.

Durations: 10s to 4h, such as 90s, 5m, 1h30m, or a bare number of minutes.

When the output is not a terminal, or with --plain, attune prints one line per
phase instead of drawing: for screen readers, pipes and logs.`

const rootExample = `  attune                        3 minutes of coherent breathing
  attune 5m                     5 minutes
  attune box 2m                 2 minutes of box breathing
  attune --pattern 4-7-8 --duration 90s
  attune 4-0-6 10m --plain      one line per phase, no drawing
  tmux display-popup -E attune 1m`

// sessionFlags are the flags that shape a session, shared by every command
// that runs or renders one.
type sessionFlags struct {
	pattern  string
	duration string
}

func (f *sessionFlags) add(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVarP(&f.pattern, "pattern", "p", "", "breathing pattern: a name or in-hold-out[-hold] seconds (default coherent)")
	fs.StringVarP(&f.duration, "duration", "d", "", "session length, 10s to 4h (default 3m)")
}

func newRootCmd() *cobra.Command {
	var sf sessionFlags
	var plain bool
	var view tui.Options
	cmd := &cobra.Command{
		Use:           "attune [pattern] [duration]",
		Short:         "A terminal breathing companion",
		Long:          rootLong,
		Example:       rootExample,
		Args:          cobra.MaximumNArgs(2),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			sess, err := sf.session(args)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
			defer stop()
			if plain || !isTerminal(out) {
				return runPlain(ctx, sess, out, monotonic(), sleep)
			}
			return runTUI(ctx, sess, cmd.InOrStdin(), out, view)
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usagef("%s (see attune --help)", err)
	})
	sf.add(cmd)
	cmd.Flags().BoolVar(&plain, "plain", false, "print one line per phase instead of drawing")
	cmd.Flags().BoolVar(&view.Inline, "inline", false, "draw a few lines under the prompt instead of the whole screen (tmux popups, splits)")
	cmd.Flags().BoolVar(&view.Still, "still", false, "reduced motion: the orb keeps its size and brightens and dims instead")
	cmd.Flags().BoolVar(&view.HideCount, "no-count", false, "hide the seconds left in each phase")
	return cmd
}

// session builds the session the flags and words ask for.
func (f *sessionFlags) session(args []string) (*pacing.Session, error) {
	pat, dur := f.pattern, f.duration
	for _, a := range args {
		if looksLikeDuration(a) {
			if dur != "" {
				return nil, usagef("two durations given (%q and %q): give one, such as 5m", dur, a)
			}
			dur = a
			continue
		}
		if pat != "" {
			return nil, usagef("two patterns given (%q and %q): give one, such as box or 4-7-8", pat, a)
		}
		pat = a
	}
	if pat == "" {
		pat = defaultPattern
	}
	p, err := pacing.ParsePattern(pat)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	d := defaultDuration
	if dur != "" {
		if d, err = parseDuration(dur); err != nil {
			return nil, err
		}
	}
	return pacing.NewSession(pacing.Plan{Duration: d, Guide: pacing.FixedGuide{Pattern: p}, Label: p.Label()}), nil
}

// looksLikeDuration tells a duration word ("5m", "90s", "10") from a
// pattern ("box", "4-7-8"); a pattern's name wins, so "478" is a pattern.
func looksLikeDuration(s string) bool {
	if _, ok := pacing.Builtin(s); ok || s == "" || strings.Contains(s, "-") {
		return false
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return true
	}
	return s[0] >= '0' && s[0] <= '9' || s[0] == '.'
}

// parseDuration reads a session length: a Go duration such as 90s, 5m or
// 1h30m, or a bare number of minutes.
func parseDuration(s string) (time.Duration, error) {
	bad := func(why string) error {
		return usagef("duration %q %s; accepted: 10s to 4h, such as 90s, 5m, 1h30m, or a number of minutes", s, why)
	}
	var d time.Duration
	if m, err := strconv.ParseFloat(s, 64); err == nil {
		if m != m || m > maxDuration.Minutes()*2 || m < 0 {
			return 0, bad("is out of range")
		}
		d = time.Duration(m * float64(time.Minute))
	} else if d, err = time.ParseDuration(s); err != nil {
		return 0, bad("is not a duration")
	}
	if d < minDuration {
		return 0, bad("is too short")
	}
	if d > maxDuration {
		return 0, bad("is too long")
	}
	return d, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// monotonic returns a clock of wall time since now.
func monotonic() func() time.Duration {
	start := time.Now()
	return func() time.Duration { return time.Since(start) }
}

// runTUI runs the session on the screen (or inline, under the prompt), then
// prints its summary line.
func runTUI(ctx context.Context, sess *pacing.Session, in io.Reader, out io.Writer, opt tui.Options) error {
	clock := monotonic()
	opt.Clock = clock
	opt.Summary = true
	m := tui.New(sess, opt)
	env := os.Environ()
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithFPS(tui.MaxFPS),
		tea.WithColorProfile(tui.QuickProfile(out, env)))
	_, err := p.Run()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrInterrupted) {
		return fmt.Errorf("running the screen: %w", err)
	}
	fmt.Fprintln(out, sess.Summary(clock()).Line())
	return nil
}

// sleep waits for d, or until ctx is done; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// runPlain prints one line per phase as it begins, until the session ends or
// ctx is cancelled, then the summary line. clock is wall time since the
// session started; wait sleeps on it.
func runPlain(ctx context.Context, sess *pacing.Session, out io.Writer, clock func() time.Duration, wait func(context.Context, time.Duration) bool) error {
	last := time.Duration(-1)
	for {
		st := sess.State(clock())
		if st.PhaseStart != last || st.Done {
			last = st.PhaseStart
			line := fmt.Sprintf("%s %s", mmss(st.PhaseStart), st.Phase.Words())
			if st.PhaseLen > 0 && !st.Done {
				line += fmt.Sprintf(" (%gs)", st.PhaseLen.Round(100*time.Millisecond).Seconds())
			}
			if _, err := fmt.Fprintln(out, line); err != nil {
				return fmt.Errorf("writing: %w", err)
			}
		}
		if st.Done {
			break
		}
		if !wait(ctx, st.Left+time.Millisecond) {
			break
		}
	}
	fmt.Fprintln(out, sess.Summary(clock()).Line())
	return nil
}

// mmss formats a session time as mm:ss, or h:mm:ss past an hour.
func mmss(d time.Duration) string {
	s := int(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

// isFlagError reports whether err is cobra's or pflag's complaint about the
// command line.
func isFlagError(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand", "invalid argument", "flag needs an argument", "unknown command", "accepts ", "requires "} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
