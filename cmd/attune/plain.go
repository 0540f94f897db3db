package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// runPlain prints one line per phase as it begins, until the session ends or
// ctx is cancelled. clock is wall time since the session started; wait
// sleeps on it.
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
