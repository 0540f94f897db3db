package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/store"
	"github.com/attune-breath/attune/tui"
)

// rootLong is the root command's help; its numbers are the defaults.
var rootLong = fmt.Sprintf(`attune breathes with you. It shows a breathing orb that grows as you breathe
in and shrinks as you breathe out; follow it at your own ease.

Not sure what to choose? Say what you need in your own words and attune
picks the session: attune plan "I can't sleep, 10 minutes".

By default a session meets you, then leads: tap space as each breath begins,
and it starts at your own pace, then slows gently toward %g breaths a minute
(--target), mostly with a longer out-breath, and only while you follow. It
lasts %d minutes unless you give a length.

Name a pattern (how long to breathe in, hold, breathe out, hold) to breathe
it at its own pace instead; --lead makes it meet you first. Give a pattern,
a length or both, in any order, as words or as flags. The config file can
change these defaults (see 'attune config').

Patterns: coherent, box, 478, sigh, extended — see 'attune patterns' — or
your own numbers in seconds: in-hold-out[-hold], such as 4-7-8 or
5.5-0-5.5-0.

Durations: 10s to 4h, such as 90s, 5m, 1h30m, or a bare number of minutes.

When the output is not a terminal, or with --plain, attune prints one line per
phase instead of drawing: for screen readers, pipes and logs.`,
	pacing.DefaultTarget, int(store.Default().Duration/time.Minute))

// rootExample is the root command's examples.
var rootExample = fmt.Sprintf(`  attune                        %d minutes: meet my pace, lead toward %g breaths/min
  attune 5m                     5 minutes
  attune box 2m                 2 minutes of box breathing, a fixed pattern
  attune --pattern 4-7-8 --duration 90s
  attune 4-0-6 10m --plain      one line per phase, no drawing
  attune plan "quick break before my talk"
  tmux display-popup -E attune 1m`,
	int(store.Default().Duration/time.Minute), pacing.DefaultTarget)

// sessionFlags are the flags that shape a session, shared by every command
// that runs or renders one. Their values reach the session through the
// config (flags beat the file, the file beats defaults); see configFlags.
type sessionFlags struct{}

// add adds the session flags, and --config when cmd has none yet.
func (sessionFlags) add(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringP("pattern", "p", "", "breathing pattern: a name or in-hold-out[-hold] seconds (default: meet your pace and lead)")
	fs.StringP("duration", "d", "", "session length, 10s to 4h (default 3m)")
	fs.String("target", strconv.FormatFloat(pacing.DefaultTarget, 'f', -1, 64), fmt.Sprintf("breaths per minute to lead toward, %g to %g, or \"found\": the pace attune find found last", pacing.MinTarget, pacing.MaxTarget))
	fs.Bool("lead", false, "with a pattern: meet your pace first, then lead toward the pattern's own")
	fs.Bool("no-lead", false, "without a pattern: a steady pace at --target, no meeting or leading")
	fs.Bool("accompany", false, "without a pattern: meet your pace and keep you company there, no leading")
	fs.String("unguided", "", "breathe on your own, cues withdrawn, for this long before the end (e.g. 1m)")
	if cmd.Flags().Lookup("config") == nil {
		addConfigFlag(cmd)
	}
}

// newRootCmd makes the root command: a breathing session, on the screen
// or as plain lines.
func newRootCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:           "attune [pattern] [duration]",
		Short:         "A terminal breathing companion",
		Long:          rootLong,
		Example:       rootExample,
		Args:          cobra.MaximumNArgs(2),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return startSession(cmd, args, "")
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usagef("%s (see attune --help)", err)
	})
	sessionFlags{}.add(cmd)
	fs := cmd.Flags()
	fs.String("breath-input", "", "read breaths from a file or FIFO of lines: "+pacing.BreathLineForm)
	addHeartFlags(fs)
	fs.Bool("plain", false, "print one line per phase instead of drawing")
	fs.Bool("inline", false, "draw a few lines under the prompt instead of the whole screen (tmux popups, splits)")
	fs.Bool("still", false, "reduced motion: the orb keeps its size and brightens and dims instead")
	fs.Bool("no-count", false, "hide the seconds left in each phase")
	fs.String("theme", "auto", "colours: auto, dark or light")
	fs.Bool("no-history", false, "do not record this session in the history")
	fs.Bool("no-summary", false, "do not print the one-line summary when the session ends")
	addHistoryFlag(cmd)
	addSoundFlags(fs)
	addTraceFlag(fs)
	addVersionFlag(cmd)
	return cmd
}

// startSession runs the session that the root command's flags and words
// (args) ask for, on the screen or as plain lines. source is recorded in the
// history as where the settings came from ("" for the command line).
func startSession(cmd *cobra.Command, args []string, source string) error {
	su, err := newSetup(cmd, args)
	if err != nil {
		return err
	}
	su.source = source
	snd, err := soundFromConfig(cmd, su.cfg)
	if err != nil {
		return err
	}
	fs := cmd.Flags()
	plain, _ := fs.GetBool("plain")
	inline, _ := fs.GetBool("inline")
	breathPath, _ := fs.GetString("breath-input")
	heartPath, heartDelay, err := heartFlags(fs)
	if err != nil {
		return err
	}
	return runSession(cmd, su, runOptions{
		heartPath:  heartPath,
		heartDelay: heartDelay,
		sound:      snd,
		breathPath: breathPath,
		plain:      plain || !isTerminal(cmd.OutOrStdout()),
		view:       tui.Options{Inline: inline, Still: su.cfg.ReducedMotion, HideCount: !su.cfg.ShowSeconds, Theme: su.cfg.Theme, Summary: true},
	})
}
