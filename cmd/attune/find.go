package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/heart"
	"github.com/attune-breath/attune/heart/findsim"
	"github.com/attune-breath/attune/pacing"
)

func init() { register(newFindCmd) }

const findLong = `find steps through a few slow paces while a heart-rate strap reports your
beat-to-beat intervals, and names the pace where your heart rate swung most
with each breath today (the resonance assessment of HRV biofeedback).

Each pace (--paces, default 6.5, 6, 5.5, 5 and 4.5 breaths/min) is breathed
for --step (default 2m), in:out --ratio (default 1:1), with a short rest
between, with tones and words as in any session. Tap space as each breath
begins (or hold it through the in-breath, or give --breath-input): a step
counts only when you followed it, by the same judgement a session uses, and
when under 5 % of its beats are artefacts; otherwise it is breathed once
more, and then marked invalid. Per step attune reads the median
peak-to-trough swing of your heart rate over each breath, with a bootstrap
interval. The result names the best pace and every pace whose interval
overlaps it ("5.0–5.5, about equal") and the paces that did not count; at
least two paces must count (one alone is no finding). It is saved in the
history, and 'attune --target found' (or target = "found" in the config)
then leads toward it.

--heart reads a file or FIFO of lines from a strap program, in any of the
forms: "rr <ms> [unix-ms]", "hr <bpm> [unix-ms]", a bare interval in ms,
"InterBeatInterval,<ms>,<ISO8601>" (OpenHRV), "HR: 67 bpm | RR: 926.8 ms"
(pulse_stream) or a JSON object with "rr_ms". See docs/heart.md.

Results vary from day to day; the physiology is broad, so neighbouring paces
are often about equal. This is not a medical device: it diagnoses nothing
and measures no lasting trait, only how your heart rate swung today.

--sim runs the whole finder in virtual time against a simulated breather and
a simulated heart resonating at --resonance, and prints JSON.`

const findExample = `  attune find --heart /tmp/heart.fifo
  attune find --heart hr.txt --paces 6,5.5,5 --step 3m --ratio 4:6
  attune find --sim --resonance 5.5 --seed 3`

type findFlags struct {
	heartPath, paces, ratio, breathPath string
	step, rest, delay                   time.Duration
	simulate, noFollow                  bool
	resonance                           float64
	seed                                uint64
	sweep                               int
}

func newFindCmd() *cobra.Command {
	var f findFlags
	cmd := &cobra.Command{
		Use:     "find",
		Short:   "Find the pace where your heart rate swings most today (needs a heart-rate strap)",
		Long:    findLong,
		Example: findExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if f.heartPath, f.delay, err = heartFlags(cmd.Flags()); err != nil {
				return err
			}
			if err := onlyWith(cmd.Flags(), "sim", "resonance", "seed", "no-follow", "sweep"); err != nil {
				return err
			}
			if f.simulate && (f.heartPath != "" || f.breathPath != "") {
				return usagef("--sim simulates the heart and the breaths: leave --heart and --breath-input out, or --sim")
			}
			g, paces, err := f.guide()
			if err != nil {
				return err
			}
			switch {
			case f.simulate && f.sweep != 0:
				return f.runSweep(cmd, paces)
			case f.simulate:
				return f.runSim(cmd, paces)
			case f.heartPath == "":
				return usagef("attune find needs a heart-rate strap's beat intervals: give --heart PATH, a file or FIFO of lines such as \"rr 926\" (see attune find --help); without one, about 6 breaths/min suits most people: attune --target 6")
			}
			return runFind(cmd, f, g)
		},
	}
	fs := cmd.Flags()
	addHeartFlags(fs)
	fs.StringVar(&f.paces, "paces", "6.5,6,5.5,5,4.5", "the paces to step through, breaths/min, in order: 2 to 10 of them, each 4 to 10 (a pace a session can lead toward)")
	fs.DurationVar(&f.step, "step", heart.DefaultStep, "how long each pace is breathed, 20s to 20m and at least 4 breaths of each pace (47s at 4.5/min)")
	fs.DurationVar(&f.rest, "rest", heart.DefaultRest, "the rest between paces, 0 to 5m")
	fs.StringVar(&f.ratio, "ratio", "1:1", "in:out, such as 1:1 or 4:6")
	fs.StringVar(&f.breathPath, "breath-input", "", "read breaths from a file or FIFO of lines: "+pacing.BreathLineForm)
	fs.BoolVar(&f.simulate, "sim", false, "run the finder in virtual time against a simulated breather and heart; print JSON")
	fs.Float64Var(&f.resonance, "resonance", 5.5, "with --sim: the simulated heart's resonance pace, 3 to 10 breaths/min")
	fs.Uint64Var(&f.seed, "seed", 1, "with --sim: random seed")
	fs.BoolVar(&f.noFollow, "no-follow", false, "with --sim: the simulated breather keeps a rate of its own")
	fs.IntVar(&f.sweep, "sweep", 0, "with --sim: run this many simulated people (resonance drawn from 4.5 to 6.5, each following --paces, --step, --rest and --ratio) and print how often the finder was right")
	fs.Bool("plain", false, "print one line per phase instead of drawing")
	fs.Bool("still", false, "reduced motion: the orb keeps its size and brightens and dims instead")
	fs.Bool("no-count", false, "hide the seconds left in each phase")
	fs.String("theme", "auto", "colours: auto, dark or light")
	fs.Bool("no-history", false, "do not record the result in the history")
	addConfigFlag(cmd)
	addHistoryFlag(cmd)
	addSoundFlags(fs)
	return cmd
}

// guide checks the protocol's flags and builds the assessment's guide.
func (f findFlags) guide() (pacing.StepGuide, []float64, error) {
	paces, err := heart.ParsePaces(f.paces)
	if err != nil {
		return pacing.StepGuide{}, nil, usagef("--paces: %v", err)
	}
	in, out, err := heart.ParseRatio(f.ratio)
	if err != nil {
		return pacing.StepGuide{}, nil, usagef("--ratio: %v", err)
	}
	g, err := pacing.NewStepGuide(paces, f.step, f.rest, in, out)
	if err != nil {
		return pacing.StepGuide{}, nil, usagef("%v", err)
	}
	if err := heart.CheckSteps(g); err != nil {
		return pacing.StepGuide{}, nil, usagef("--step: %v", err)
	}
	return g, paces, nil
}

// runSim runs the finder in virtual time and prints its result as JSON.
func (f findFlags) runSim(cmd *cobra.Command, paces []float64) error {
	cfg := findsim.New(f.resonance, f.seed)
	if f.noFollow {
		cfg.Breather = findsim.NonFollower()
	}
	cfg.Paces, cfg.Step, cfg.Rest = paces, f.step, f.rest
	cfg.In, cfg.Out, _ = heart.ParseRatio(f.ratio)
	o, err := findsim.Run(cfg)
	if err != nil {
		return usagef("%v", err)
	}
	return writeJSON(cmd.OutOrStdout(), struct {
		findsim.Outcome
		Seed     uint64 `json:"seed"`
		Sentence string `json:"sentence"`
		Note     string `json:"note"`
	}{o, f.seed, o.Sentence(), findNote}, "the result")
}

// runSweep runs the finder on many simulated people and prints its hit
// and coverage rates as JSON.
func (f findFlags) runSweep(cmd *cobra.Command, paces []float64) error {
	if f.sweep < 1 || f.sweep > 10000 {
		return usagef("--sweep %d: accepted 1 to 10000 runs", f.sweep)
	}
	if cmd.Flags().Changed("resonance") || f.noFollow {
		return usagef("--sweep draws each person's resonance (4.5 to 6.5) and has every one follow the steps: leave --resonance and --no-follow out, or --sweep")
	}
	base := findsim.Config{Paces: paces, Step: f.step, Rest: f.rest}
	base.In, base.Out, _ = heart.ParseRatio(f.ratio)
	s, err := findsim.RunSweep(f.sweep, f.seed, base)
	if err != nil {
		return usagef("%v", err)
	}
	return writeJSON(cmd.OutOrStdout(), struct {
		findsim.Sweep
		Paces     []float64 `json:"paces"`
		Step      string    `json:"step"`
		Seed      uint64    `json:"seed"`
		HitRate   float64   `json:"hit_rate"`
		CoverRate float64   `json:"cover_rate"`
	}{s, paces, f.step.String(), f.seed, round3(s.HitRate()), round3(s.CoverRate())}, "the sweep")
}

// findNote is said with every result.
const findNote = "results vary from day to day; this is not a medical device"
