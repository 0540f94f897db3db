package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/attune-breath/attune/heart"
	"github.com/attune-breath/attune/input"
	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/store"
)

// addHeartFlags adds --heart and --heart-delay.
func addHeartFlags(fs *pflag.FlagSet) {
	fs.String("heart", "", "read heartbeats from a file or FIFO of lines: "+heart.LineForms)
	fs.Duration("heart-delay", 0, "the strap's known delay between a beat and its report, such as 300ms")
}

// heartFlags reads --heart and --heart-delay: the delay is 0 to 10s and
// means something only with --heart.
func heartFlags(fs *pflag.FlagSet) (path string, delay time.Duration, err error) {
	path, _ = fs.GetString("heart")
	delay, _ = fs.GetDuration("heart-delay")
	switch {
	case delay < 0 || delay > 10*time.Second:
		return "", 0, usagef("--heart-delay %v out of range: accepted 0 to 10s", delay)
	case fs.Changed("heart-delay") && path == "":
		return "", 0, usagef("--heart-delay works only with --heart: give --heart too, or leave --heart-delay out")
	}
	return path, delay, nil
}

// foundTarget is the pace the latest resonance assessment in the history
// found (target = "found"), or fallback, with a warning, when there is none.
func foundTarget(cmd *cobra.Command, fallback float64) float64 {
	recs, _, err := store.ReadHistory(historyPath(cmd))
	if err == nil {
		if bpm, _, ok := store.LatestFound(recs, time.Now()); ok {
			return bpm
		}
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "attune: warning: target \"found\": no pace found yet (attune find, with a heart-rate strap, finds one); leading toward %g\n", fallback)
	return fallback
}

// heartFeed is a session's heart input: the beats read so far and a way
// to wait for the reader.
type heartFeed struct {
	beats *heart.Tracker
	wait  func() (malformed int, err error)
}

// startHeart starts reading the heart input at path (--heart) into a beat
// tracker with the device's known delay, in its own goroutine, until ctx
// ends (or a device runs out); nil without a path. A regular file is
// followed from its end as a strap program appends to it (input.Follow):
// beats read at once from a file's start would all come before the
// session. now is the wall offset since the session began at startUnix. A
// path that cannot be opened is the user's mistake.
func startHeart(ctx context.Context, path string, delay time.Duration, now func() time.Duration, startUnix time.Time) (*heartFeed, error) {
	if path == "" {
		return nil, nil
	}
	f, err := input.OpenInput(path, "heart input")
	if err != nil {
		return nil, usagef("--heart %s: %v; accepted: a file or FIFO of lines %s", path, err, heart.LineForms)
	}
	var src io.Reader = f
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		if src, err = input.Follow(ctx, f); err != nil {
			f.Close()
			return nil, usagef("--heart %s: %v; accepted: a file or FIFO of lines %s", path, err, heart.LineForms)
		}
	}
	h := &heartFeed{beats: &heart.Tracker{Delay: delay}}
	h.wait = inBackground(ctx, f, func(ctx context.Context, _ io.Reader) (int, error) {
		return input.ReadHeart(ctx, src, now, startUnix, h.beats.Add)
	})
	return h, nil
}

// warn waits for the heart input to finish and warns of its read error or
// of the malformed lines it ignored.
func (h *heartFeed) warn(cmd *cobra.Command) {
	if h == nil {
		return
	}
	if bad, err := h.wait(); err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "attune: warning: heart input: %v\n", err)
	} else if bad > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "attune: warning: heart input: ignored %d malformed line(s); accepted: %s\n", bad, heart.LineForms)
	}
}

// summarize adds the heart's figures at each pace to the record and
// prints them, one line, after the session's own. now is the wall time the
// session ended.
func (h *heartFeed) summarize(w io.Writer, sess *pacing.Session, now time.Duration, rec *store.Record, print bool) {
	if h == nil {
		return
	}
	for _, p := range heart.PerPace(h.beats.Beats(), sess.Cycles(sess.Active(now))) {
		rec.Heart = append(rec.Heart, store.HeartPace{Pace: p.Pace, MeanHR: p.MeanHR, Swing: p.Swing})
	}
	if print {
		fmt.Fprintln(w, h.paceLine(sess, now))
	}
}

// paceLine is the heart's figures at each pace of the session by wall
// time now, in one line.
func (h *heartFeed) paceLine(sess *pacing.Session, now time.Duration) string {
	beats := h.beats.Beats()
	per := heart.PerPace(beats, sess.Cycles(sess.Active(now)))
	if len(per) == 0 {
		return fmt.Sprintf("heart: %d beats, no breath with a readable swing", len(beats))
	}
	parts := make([]string, len(per))
	for i, p := range per {
		parts[i] = fmt.Sprintf("%.1f/min: %.0f bpm, swing %.1f", p.Pace, p.MeanHR, p.Swing)
	}
	return fmt.Sprintf("heart: %s · artefacts %.0f %%", strings.Join(parts, " · "), 100*heart.ArtefactShare(beats))
}
