package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/audio"
	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/store"
	"github.com/attune-breath/attune/tui"
)

// runOptions is how a session runs, besides what it is (setup).
type runOptions struct {
	sound      audio.Options // its sound; no layers for none
	breathPath string        // --breath-input, "" for none
	plain      bool          // one line per phase instead of the screen
	view       tui.Options   // how the screen draws it
	heartPath  string        // --heart, "" for none
	heartDelay time.Duration // --heart-delay
	// conclude, when set, finishes the record (and says what it found)
	// before it is saved; now is the wall time the session ended.
	conclude func(cmd *cobra.Command, now time.Duration, h *heartFeed, rec *store.Record)
	// closing, when set, gives the lines the closing summary on the screen
	// adds with a heart; the heart's figures per pace when nil.
	closing func(h *heartFeed, now time.Duration) []string
}

// closingGrace is how long a plain session that completed lets its closing
// words sound before the sound stops.
const closingGrace = 3 * time.Second

// runSession runs a session on the screen (or as plain lines), with its
// sound and breath input, then records it and prints its summary line.
func runSession(cmd *cobra.Command, su *setup, o runOptions) error {
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	sig := watchSignals(cancel)
	defer sig.stop()

	start := time.Now()
	clock := func() time.Duration { return time.Since(start) }
	if err := writeTrace(cmd, start); err != nil {
		return err
	}
	waitInput, err := startBreathInput(ctx, o.breathPath, su.sess, clock, start)
	if err != nil {
		return err
	}
	// Beats are placed in session time, beside the breaths they follow.
	hf, err := startHeart(ctx, o.heartPath, o.heartDelay, func() time.Duration { return su.sess.Active(clock()) }, start)
	if err != nil {
		return err
	}
	if hf != nil {
		o.view.Heart = hf.beats
		closing := o.closing
		if closing == nil {
			closing = func(h *heartFeed, now time.Duration) []string { return []string{h.paceLine(su.sess, now)} }
		}
		o.view.Closing = func() []string { return closing(hf, clock()) }
	}
	player := startSound(cmd, su.sess, clock, &o)
	if os.Getenv("GOMAXPROCS") == "" {
		defer oneThreadOnceStarted(time.Second, loaded(player))()
	}

	if o.plain {
		stopWatch := pauseWhileStopped(su.sess, clock)
		err = runPlain(ctx, su.sess, cmd.OutOrStdout(), clock, sleep)
		stopWatch()
	} else {
		o.view.Clock = clock
		err = runTUI(ctx, su.sess, cmd.InOrStdin(), cmd.OutOrStdout(), o.view)
	}
	sum := su.sess.Summary(clock())
	if player != nil {
		if o.plain && sum.Complete {
			sleep(ctx, closingGrace)
		}
		player.Close()
	}
	cancel()
	warnInput(cmd, waitInput)
	hf.warn(cmd)
	rec := newRecord(su, sum, start, sig.ending(sum.Complete))
	// After a hang-up there may be no terminal left to print to.
	if su.cfg.Summary {
		fmt.Fprintln(cmd.OutOrStdout(), sum.Line())
	}
	end := clock()
	hf.summarize(cmd.OutOrStdout(), su.sess, end, &rec, su.cfg.Summary && o.conclude == nil)
	if o.conclude != nil {
		o.conclude(cmd, end, hf, &rec)
	}
	record(cmd, su, sum, rec)
	return err
}

// startBreathInput feeds sess from the breath input at path, if any; see
// breathInput. wait is nil without one.
func startBreathInput(ctx context.Context, path string, sess *pacing.Session, clock func() time.Duration, start time.Time) (wait func() (int, error), err error) {
	if path == "" {
		return nil, nil
	}
	return breathInput(ctx, path, sess.Observe, clock, start)
}

// startSound starts the session's sound in the background, so that the
// first frame never waits, and lets the screen work it; nil when there is
// none. Plain, its warnings go to the error stream.
func startSound(cmd *cobra.Command, sess *pacing.Session, clock func() time.Duration, o *runOptions) *audio.Player {
	if o.sound.Layers == 0 {
		return nil
	}
	if o.plain {
		o.sound.Warn = warnTo(cmd)
	}
	player := audio.NewPlayer(sess, clock, o.sound)
	player.Start()
	o.view.Sound = soundControl{player}
	return player
}

// loaded is closed once player has done its heavy work that comes once;
// nil (taken as closed) without a player.
func loaded(player *audio.Player) <-chan struct{} {
	if player == nil {
		return nil
	}
	return player.Loaded()
}

// warnInput waits for the breath input to finish, if there was one, and
// warns of its read error or of the malformed lines it ignored.
func warnInput(cmd *cobra.Command, wait func() (int, error)) {
	if wait == nil {
		return
	}
	if bad, err := wait(); err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "attune: warning: breath input: %v\n", err)
	} else if bad > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "attune: warning: breath input: ignored %d malformed line(s); accepted: %s\n", bad, pacing.BreathLineForm)
	}
}

// newRecord is the history record of the session, which started at start
// and ended as ending says.
func newRecord(su *setup, sum pacing.Summary, start time.Time, ending store.Ending) store.Record {
	rec := store.FromSummary(sum, start, time.Now(), ending)
	rec.Mode, rec.Pattern, rec.Source = su.mode, su.pattern, su.source
	return rec
}

// record appends the session's record to the history, unless history is
// off or nothing was breathed; a failure is a warning.
func record(cmd *cobra.Command, su *setup, sum pacing.Summary, rec store.Record) {
	if su.history == "" || sum.Elapsed <= 0 {
		return
	}
	if err := store.Append(su.history, rec); err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "attune: warning: the session was not recorded: %v\n", err)
	}
}
