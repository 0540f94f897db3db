package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/store"
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
// that runs or renders one. Their values reach the session through the
// config (flags beat the file, the file beats defaults); see configFlags.
type sessionFlags struct{}

func (sessionFlags) add(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringP("pattern", "p", "", "breathing pattern: a name or in-hold-out[-hold] seconds (default: meet your pace and lead)")
	fs.StringP("duration", "d", "", "session length, 10s to 4h (default 3m)")
	fs.Float64("target", pacing.DefaultTarget, fmt.Sprintf("breaths per minute to lead toward, %g to %g", pacing.MinTarget, pacing.MaxTarget))
	fs.Bool("lead", false, "with a pattern: meet your pace first, then lead toward the pattern's own")
	fs.Bool("no-lead", false, "without a pattern: a steady pace at --target, no meeting or leading")
	fs.String("unguided", "", "breathe on your own, cues withdrawn, for this long before the end (e.g. 1m)")
	if cmd.Flags().Lookup("config") == nil {
		addConfigFlag(cmd)
	}
}

func newRootCmd() *cobra.Command {
	var (
		plain, inline bool
		breathPath    string
	)
	cmd := &cobra.Command{
		Use:           "attune [pattern] [duration]",
		Short:         "A terminal breathing companion",
		Long:          rootLong,
		Example:       rootExample,
		Args:          cobra.MaximumNArgs(2),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			su, err := newSetup(cmd, args)
			if err != nil {
				return err
			}
			snd, err := soundFromConfig(cmd, su.cfg)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			plain := plain || !isTerminal(out)
			view := tui.Options{Inline: inline, Still: su.cfg.ReducedMotion, HideCount: !su.cfg.ShowSeconds, Theme: su.cfg.Theme, Summary: true}
			return runSession(cmd, su, snd, breathPath, plain, view)
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usagef("%s (see attune --help)", err)
	})
	sessionFlags{}.add(cmd)
	fs := cmd.Flags()
	fs.StringVar(&breathPath, "breath-input", "", "read breaths from a file or FIFO of lines: "+pacing.BreathLineForm)
	fs.BoolVar(&plain, "plain", false, "print one line per phase instead of drawing")
	fs.BoolVar(&inline, "inline", false, "draw a few lines under the prompt instead of the whole screen (tmux popups, splits)")
	fs.Bool("still", false, "reduced motion: the orb keeps its size and brightens and dims instead")
	fs.Bool("no-count", false, "hide the seconds left in each phase")
	fs.String("theme", "auto", "colours: auto, dark or light")
	fs.Bool("no-history", false, "do not record this session in the history")
	addHistoryFlag(cmd)
	addSoundFlags(fs)
	addTraceFlag(fs)
	return cmd
}

// setup is a session ready to run, with the settings it came from.
type setup struct {
	cfg     store.Config
	sess    *pacing.Session
	mode    string // "lead", "follow" or "pattern", for history
	pattern string // the pattern's name or form, "" when none was named
	history string // the history file, "" when history is off
}

// sessionFromFlags builds the session that cmd's flags, the config file and
// the words ([pattern] [duration]) ask for.
func sessionFromFlags(cmd *cobra.Command, args []string) (*pacing.Session, error) {
	su, err := newSetup(cmd, args)
	if err != nil {
		return nil, err
	}
	return su.sess, nil
}

func newSetup(cmd *cobra.Command, args []string) (*setup, error) {
	cfg, _, err := loadConfig(cmd)
	if err != nil {
		return nil, err
	}
	fs := cmd.Flags()
	patWord, durWord := "", ""
	patFlag := fs.Changed("pattern")
	durFlag := fs.Changed("duration")
	for _, a := range args {
		if looksLikeDuration(a) {
			if durWord != "" || durFlag {
				return nil, usagef("two durations given (%q and %q): give one, such as 5m", first(durWord, cfg.Duration.String()), a)
			}
			durWord = a
			continue
		}
		if patWord != "" || patFlag {
			return nil, usagef("two patterns given (%q and %q): give one, such as box or 4-7-8", first(patWord, cfg.Pattern), a)
		}
		patWord = a
	}
	d := cfg.Duration
	if durWord != "" {
		if d, err = parseDuration(durWord); err != nil {
			return nil, err
		}
	}
	var pattern *pacing.Pattern
	if name := first(patWord, cfg.Pattern); name != "" {
		p, err := resolvePattern(cfg, name)
		if err != nil {
			return nil, err
		}
		pattern = &p
	}
	var unguided time.Duration
	if u, _ := fs.GetString("unguided"); u != "" {
		if unguided, err = time.ParseDuration(u); err != nil || unguided <= 0 {
			return nil, usagef("--unguided %q is not a duration; accepted: a length such as 30s or 1m, shorter than the session", u)
		}
		if unguided >= d {
			return nil, usagef("--unguided %s is as long as the session (%s); accepted: a length shorter than the session", u, d)
		}
	}
	su := &setup{cfg: cfg}
	if pattern != nil {
		su.pattern = pattern.Label()
	}
	if cfg.History {
		su.history = historyPath(cmd)
	}
	opts := pacing.GuideOptions{Pattern: pattern, Target: cfg.Target, Planned: d, Unguided: unguided}
	if cfg.Lead != nil {
		opts.Lead = *cfg.Lead
		opts.NoLead = !*cfg.Lead
	}
	if pattern != nil && !opts.Lead {
		opts.NoLead = false
	}
	if pattern == nil && su.history != "" {
		// Where the breather gives no taps, start from their own recent
		// pace: read from the end of the history only, so a long history
		// never keeps the first frame waiting.
		if recs, _, err := store.ReadRecentHistory(su.history, recentHistoryBytes); err == nil {
			opts.StartBPM, _ = store.RecentNaturalRate(recs, time.Now())
		}
	}
	g, label, err := pacing.GuideFor(opts)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	switch {
	case pattern != nil && !opts.Lead:
		su.mode = "pattern"
	case opts.NoLead:
		su.mode = "follow"
	default:
		su.mode = "lead"
	}
	su.sess = pacing.NewSession(pacing.Plan{Duration: d, Guide: g, Label: label})
	return su, nil
}

// recentHistoryBytes is how much of the history's end a session reads for
// the breather's recent pace: about 150 records, where it needs the last
// store.RecentSessions (10) of the last 60 days.
const recentHistoryBytes = 32 << 10

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
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

// parseDuration reads a session length given as a word: a Go duration such
// as 90s, 5m or 1h30m, or a bare number of minutes.
func parseDuration(s string) (time.Duration, error) {
	d, err := store.ParseDuration(s)
	if err != nil {
		return 0, usagef("duration %q: %v; accepted: 10s to 4h, such as 90s, 5m, 1h30m, or a number of minutes", s, err)
	}
	return d, nil
}

// monotonic returns a clock of wall time since now.
func monotonic() func() time.Duration {
	start := time.Now()
	return func() time.Duration { return time.Since(start) }
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
// ctx is cancelled. clock is wall time since the
// session started; wait sleeps on it.
func runPlain(ctx context.Context, sess *pacing.Session, out io.Writer, clock func() time.Duration, wait func(context.Context, time.Duration) bool) error {
	last, lastPhase := time.Duration(-1), pacing.Phase(-1)
	for {
		st := sess.State(clock())
		// Listening goes on in short stretches: it is one phase to the ear.
		if st.Phase != lastPhase || (st.PhaseStart != last && st.Phase != pacing.Listen) {
			last, lastPhase = st.PhaseStart, st.Phase
			line := fmt.Sprintf("%s %s", mmss(st.PhaseStart), st.Phase.Words())
			if st.PhaseLen > 0 && !st.Done && st.Phase != pacing.Listen {
				line += fmt.Sprintf(" (%gs)", st.PhaseLen.Round(100*time.Millisecond).Seconds())
			}
			if _, err := fmt.Fprintln(out, line); err != nil {
				return fmt.Errorf("writing: %w", err)
			}
		}
		if st.Done || !wait(ctx, st.Left+time.Millisecond) {
			return nil
		}
	}
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
