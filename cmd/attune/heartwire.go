package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/store"
)

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
