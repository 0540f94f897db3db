package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/heart"
	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/store"
	"github.com/attune-breath/attune/tui"
)

// runFind runs the assessment g on the screen (or as plain lines) with the
// heart input, then says what it found and records it.
func runFind(cmd *cobra.Command, f findFlags, g pacing.StepGuide) error {
	cfg, _, err := loadConfig(cmd)
	if err != nil {
		return err
	}
	su := &setup{cfg: cfg, mode: "find"}
	if cfg.History {
		su.history = historyPath(cmd)
	}
	su.sess = pacing.NewSession(pacing.Plan{Duration: g.Longest(), Guide: g, Label: "find"})
	snd, err := soundFromConfig(cmd, cfg)
	if err != nil {
		return err
	}
	plain, _ := cmd.Flags().GetBool("plain")
	return runSession(cmd, su, runOptions{
		sound:      snd,
		breathPath: f.breathPath,
		plain:      plain || !isTerminal(cmd.OutOrStdout()),
		view:       tui.Options{Still: cfg.ReducedMotion, HideCount: !cfg.ShowSeconds, Theme: cfg.Theme, Summary: true},
		heartPath:  f.heartPath,
		heartDelay: f.delay,
		conclude: func(cmd *cobra.Command, now time.Duration, h *heartFeed, rec *store.Record) {
			concludeFind(cmd.OutOrStdout(), g, su.sess, now, h, rec, su.history != "")
		},
		closing: func(h *heartFeed, now time.Duration) []string {
			return []string{findResult(g, su.sess, now, h).Sentence(), findNote}
		},
	})
}

// concludeFind reads the steps breathed by wall time now from the beats,
// prints each step's figures and the result, and puts the result in the
// record when the assessment ran to its end; saving says whether the record
// goes into the history.
func concludeFind(w io.Writer, g pacing.StepGuide, sess *pacing.Session, now time.Duration, h *heartFeed, rec *store.Record, saving bool) {
	res := findResult(g, sess, now, h)
	for _, s := range res.Steps {
		mark := "✓"
		if !s.Valid {
			mark = "✗ " + s.Why
		}
		fmt.Fprintf(w, "  %.1f/min: swing %.1f bpm (%.1f–%.1f), mean %.0f bpm, %d breaths, artefacts %.0f %% %s\n",
			s.Pace, s.Swing, s.Lo, s.Hi, s.MeanHR, s.Breaths, 100*s.Artefact, mark)
	}
	complete := rec.Ended == store.Completed
	fmt.Fprintln(w, res.Sentence())
	switch {
	case !complete:
		fmt.Fprintln(w, "stopped early: not saved as a found pace")
	case res.Valid && !saving:
		rec.Found = &store.Found{Best: res.Best, Tied: res.Tied}
		fmt.Fprintf(w, "not saved (the history is off): attune --target %.1f leads toward it\n", res.Best)
	case res.Valid:
		rec.Found = &store.Found{Best: res.Best, Tied: res.Tied}
		fmt.Fprintf(w, "saved: attune --target found leads toward %.1f\n", res.Best)
	default:
		rec.Found = &store.Found{Tied: []float64{}}
		fmt.Fprintln(w, "about 6 breaths/min suits most people: attune --target 6")
	}
	fmt.Fprintln(w, findNote)
}

// findResult reads the steps of the assessment g breathed by wall time now
// from the beats, and decides.
func findResult(g pacing.StepGuide, sess *pacing.Session, now time.Duration, h *heartFeed) heart.Result {
	cycles := sess.Cycles(sess.Active(now))
	events := sess.Events()
	var beats []heart.Beat
	if h != nil {
		beats = h.beats.Beats()
	}
	return heart.Decide(heart.AnalyzeRuns(beats, g, g.Judge(g.Runs(cycles, events), events)))
}
