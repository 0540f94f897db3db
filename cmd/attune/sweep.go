package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/pacing/sim"
)

const sweepLong = `sweep runs many simulated breathers drawn at random from named families,
from one seed, each in a 10-minute session leading toward 6 breaths/min, and
prints per family the share whose goal the guide met and the worst cases'
flags, so that anyone can re-run one with attune sim.

It also counts, over all of a family's draws, the breaths the engine judged
in step while the breather was not with the guide (at most 5 % is the aim)
and out of step while they were (at most 15 %), and how many draws kept
within both.

Families and their goals:`

type sweepFlags struct {
	family string
	count  int
	seed   uint64
	worst  int
	json   bool
}

func newSweepCmd() *cobra.Command {
	var f sweepFlags
	long := sweepLong
	for _, fam := range sim.Families() {
		long += fmt.Sprintf("\n\n  %s: %s.\n    goal: %s.", fam.Name, fam.Doc, fam.Goal)
	}
	cmd := &cobra.Command{
		Use:   "sweep",
		Short: "Run many simulated breathers from named families and report the share the guide served well",
		Long:  long,
		Example: `  attune sim sweep
  attune sim sweep --family floored --count 200 --seed 7
  attune sim sweep --json --worst 0`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fams := sim.Families()
			if f.family != "" {
				fam, err := sim.FamilyNamed(f.family)
				if err != nil {
					return usagef("--family: %s", err)
				}
				fams = []sim.Family{fam}
			}
			if f.count < 1 || f.count > 100000 {
				return usagef("--count %d out of range: accepted 1 to 100000", f.count)
			}
			var reps []sim.SweepReport
			for _, fam := range fams {
				rep := sim.Sweep(fam, f.count, f.seed)
				if !f.json {
					writeSweep(cmd.OutOrStdout(), rep, f.worst)
				}
				reps = append(reps, rep)
			}
			if f.json {
				return writeSweepJSON(cmd.OutOrStdout(), reps, f.worst)
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&f.family, "family", "", "one family: follower, non-follower, floored or fading (default: all)")
	fs.IntVar(&f.count, "count", 200, "breathers drawn per family")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed for the draws")
	fs.IntVar(&f.worst, "worst", 5, "how many of the worst cases to list")
	fs.BoolVar(&f.json, "json", false, "print the reports as one JSON object")
	return cmd
}

// writeSweep prints one family's report.
func writeSweep(w io.Writer, rep sim.SweepReport, worst int) {
	fmt.Fprintf(w, "%-13s %d/%d met the goal (%.1f %%)\n", rep.Family.Name, rep.Met, len(rep.Draws), 100*rep.Share())
	fmt.Fprintf(w, "  judgement over all draws: false lock %.3f, missed lock %.3f (at most %g and %g); %d/%d draws within both\n",
		rep.FalseLockRatio(), rep.MissedLockRatio(), sim.MaxFalseLock, sim.MaxMissedLock, rep.Judged, len(rep.Draws))
	tally := rep.Tally()
	kinds := make([]string, 0, len(tally))
	for k := range tally {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(w, "  %d missed: %s\n", tally[k], k)
	}
	for _, d := range rep.Worst(worst) {
		fmt.Fprintf(w, "  missed: %s\n    attune sim %s\n", joinMissed(d.Missed), d.Flags())
	}
}

// writeSweepJSON prints the reports as one JSON object with a trailing
// newline: per family the draws, how many met the goal, the judgement over
// all draws and the worst cases.
func writeSweepJSON(w io.Writer, reps []sim.SweepReport, worst int) error {
	type draw struct {
		Flags  string   `json:"flags"`
		Missed []string `json:"missed"`
	}
	type family struct {
		Name            string  `json:"family"`
		Draws           int     `json:"draws"`
		Met             int     `json:"met"`
		Share           float64 `json:"share"`
		FalseLockRatio  float64 `json:"false_lock_ratio"`
		MissedLockRatio float64 `json:"missed_lock_ratio"`
		JudgedWithin    int     `json:"draws_judged_within"`
		Worst           []draw  `json:"worst"`
	}
	out := struct {
		Families []family `json:"families"`
	}{Families: []family{}}
	for _, r := range reps {
		f := family{Name: r.Family.Name, Draws: len(r.Draws), Met: r.Met, Share: r.Share(),
			FalseLockRatio: r.FalseLockRatio(), MissedLockRatio: r.MissedLockRatio(), JudgedWithin: r.Judged, Worst: []draw{}}
		for _, d := range r.Worst(worst) {
			f.Worst = append(f.Worst, draw{Flags: d.Flags(), Missed: d.Missed})
		}
		out.Families = append(out.Families, f)
	}
	return writeJSON(w, out, "the sweep")
}

// writeJSON prints v as one line of JSON; what names it in an error.
func writeJSON(w io.Writer, v any, what string) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("writing %s: %w", what, err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func joinMissed(m []string) string {
	out := ""
	for i, s := range m {
		if i > 0 {
			out += "; "
		}
		out += s
	}
	return out
}
