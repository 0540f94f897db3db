package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/pacing/sim"
)

func init() { register(newSimCmd) }

const simLong = `sim runs the real pacing engine against a simulated breather in virtual
time and prints one JSON object: the parameters, every guided breath and a
summary. The engine sees only the breather's taps. The same seed gives the
same output, byte for byte.

The breather has a natural rate; each breath it moves its period the
--follow fraction of the way toward the guide's, and its in-breath onset the
same fraction toward the guide's in-breath plus its steady reaction delay
(--lag). It cannot breathe slower than --floor: when the guide is slower, it
waits for the guide's in-breath only when its own breath is done by then,
and otherwise takes a breath of its own. Its taps have timing noise, some are
missed (--miss) or given twice (--double), and after --fade it stops tapping
but goes on breathing with the guide.

Each breath in the JSON says whether the breather really was with the guide
(with_guide: its breath within 15 % of the guide's cycle in length, and its
onset, less its lag, within 15 % of the cycle of the guide's), beside the
engine's judgement (locked) and whether the engine believed it was following
when it decided the breath (following). The summary counts the disagreements:
false_lock_ratio (judged in step, not with the guide), missed_lock_ratio (the
reverse) and belief_accuracy.

attune sim sweep runs many breathers from named families; see its --help.`

const simExample = `  attune sim --rate 15 --follow 0.5 --floor 5 --jitter 0.05 --minutes 10
  attune sim --rate 14 --follow 0.5 --disturb 300:+8 --minutes 12
  attune sim --rate 16 --follow 0.6 --jitter 0.15 --lag 0.5 --miss 0.2 --double 0.05 --fade 2m
  attune sim sweep --family floored --count 200
  attune sim --taps none
  attune sim --taps-file taps.txt    one in-breath onset in seconds per line`

type simFlags struct {
	rate, follow, floor, jitter float64
	tapNoise, miss              float64
	lag, double                 float64
	fade                        time.Duration
	taps                        string
	disturb                     []string
	minutes, target, start      float64
	seed                        uint64
	tapsFile                    string
	heart                       bool
	resonance                   float64
}

func newSimCmd() *cobra.Command {
	var f simFlags
	cmd := &cobra.Command{
		Use:     "sim",
		Short:   "Run the pacing engine against a simulated breather and print JSON",
		Long:    simLong,
		Example: simExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := onlyWith(cmd.Flags(), "heart", "resonance"); err != nil {
				return err
			}
			cfg, err := f.config()
			if err != nil {
				return err
			}
			res, err := sim.Run(cfg)
			if err != nil {
				return usagef("%s", err)
			}
			hj, err := f.simHeart(res)
			if err != nil {
				return err
			}
			out, err := simJSON(f, cfg, res, hj)
			if err != nil {
				return fmt.Errorf("writing the simulation: %w", err)
			}
			_, err = cmd.OutOrStdout().Write(out)
			return err
		},
	}
	cmd.AddCommand(newSweepCmd())
	fs := cmd.Flags()
	d := sim.DefaultBreather()
	fs.Float64Var(&f.rate, "rate", d.Rate, "the breather's natural rate, breaths/min")
	fs.Float64Var(&f.follow, "follow", d.Follow, "0..1: how far the breather moves toward the guide each breath")
	fs.Float64Var(&f.floor, "floor", 0, "slowest rate the breather can follow, breaths/min (0: no limit)")
	fs.Float64Var(&f.jitter, "jitter", d.Jitter, "per-breath period noise, coefficient of variation")
	fs.Float64Var(&f.tapNoise, "tap-noise", float64(d.TapNoise/time.Millisecond), "tap timing noise, ms (SD)")
	fs.Float64Var(&f.miss, "miss", 0, "probability a tap is missed")
	fs.Float64Var(&f.lag, "lag", 0, "the breather's steady reaction delay behind the guide's in-breath, seconds (negative: it anticipates; -3 to 3)")
	fs.Float64Var(&f.double, "double", 0, "probability a tap is given twice, 80-250 ms apart")
	fs.DurationVar(&f.fade, "fade", 0, "stop tapping after this long, such as 90s; the breather goes on following (0: never)")
	fs.StringVar(&f.taps, "taps", string(d.Taps), "which events the breather gives: in, inout or none")
	fs.StringArrayVar(&f.disturb, "disturb", nil, "T:+D[/S] — at second T the breather's own rate jumps by D breaths/min, ignoring the guide for S seconds (default 15; repeatable)")
	fs.Float64Var(&f.minutes, "minutes", 10, "session length in minutes")
	fs.Float64Var(&f.target, "target", pacing.DefaultTarget, "the guide's target, 4-10 breaths/min")
	fs.Float64Var(&f.start, "start", 0, "the guide's start pace without taps, as history would give it (default 10)")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed")
	fs.StringVar(&f.tapsFile, "taps-file", "", "replay recorded taps open-loop: one in-breath onset in seconds per line")
	fs.BoolVar(&f.heart, "heart", false, "add a simulated heart driven by the breather's breaths")
	fs.Float64Var(&f.resonance, "resonance", 5.5, "with --heart: the heart's resonance pace, 3 to 10 breaths/min")
	return cmd
}

// config checks the flags and builds the simulation.
func (f simFlags) config() (sim.Config, error) {
	if !(f.minutes >= 1.0/6 && f.minutes <= 240) {
		return sim.Config{}, usagef("--minutes %g out of range: accepted 0.17 (10s) to 240", f.minutes)
	}
	if !(f.tapNoise >= 0 && f.tapNoise <= 1000) {
		return sim.Config{}, usagef("--tap-noise %g out of range: accepted 0 to 1000 ms", f.tapNoise)
	}
	cfg := sim.Config{
		Breather: sim.Breather{
			Rate: f.rate, Follow: f.follow, Floor: f.floor, Jitter: f.jitter,
			TapNoise: time.Duration(f.tapNoise * float64(time.Millisecond)),
			Miss:     f.miss, Taps: sim.TapMode(f.taps),
			Lag: time.Duration(f.lag * float64(time.Second)), Double: f.double, Fade: f.fade,
		},
		Duration: time.Duration(f.minutes * float64(time.Minute)).Round(time.Millisecond),
		Target:   f.target,
		StartBPM: f.start,
		Seed:     f.seed,
	}
	for _, d := range f.disturb {
		dist, err := parseDisturb(d)
		if err != nil {
			return sim.Config{}, err
		}
		cfg.Breather.Disturb = append(cfg.Breather.Disturb, dist)
	}
	if f.tapsFile != "" {
		taps, err := readTaps(f.tapsFile)
		if err != nil {
			return sim.Config{}, err
		}
		cfg.Replay = taps
	}
	if err := cfg.Validate(); err != nil {
		return sim.Config{}, usagef("%s", err)
	}
	return cfg, nil
}

// parseDisturb reads T:+D, seconds and breaths/min.
func parseDisturb(s string) (sim.Disturbance, error) {
	bad := usagef("--disturb %q not understood: accepted T:+D[/S], a second in the session, a change in breaths/min and how many seconds it lasts (default 15), such as 300:+8", s)
	a, b, ok := strings.Cut(s, ":")
	if !ok {
		return sim.Disturbance{}, bad
	}
	var lasts time.Duration
	if b2, c, ok := strings.Cut(b, "/"); ok {
		v, err := strconv.ParseFloat(strings.TrimSpace(c), 64)
		if err != nil || !(v > 0 && v <= 600) {
			return sim.Disturbance{}, bad
		}
		b, lasts = b2, time.Duration(v*float64(time.Second))
	}
	t, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	d, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil || !(t >= 0 && t <= 4*3600) || !(d >= -40 && d <= 40) {
		return sim.Disturbance{}, bad
	}
	return sim.Disturbance{At: time.Duration(t * float64(time.Second)), Delta: d, For: lasts}, nil
}

// readTaps reads one onset in seconds per line; blank lines and lines
// starting with # are skipped.
func readTaps(path string) ([]time.Duration, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading taps: %w", err)
	}
	var taps []time.Duration
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		v, err := strconv.ParseFloat(line, 64)
		if err != nil || !(v >= 0 && v <= 4*3600) {
			return nil, usagef("%s line %d: %q is not a time in seconds (0 to 14400)", path, n, line)
		}
		taps = append(taps, time.Duration(v*float64(time.Second)))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading taps %s: %w", path, err)
	}
	return taps, nil
}

// simJSON renders the run as one JSON object with a trailing newline.
func simJSON(f simFlags, cfg sim.Config, res sim.Result, hj *simHeartJSON) ([]byte, error) {
	type params struct {
		Rate     float64  `json:"rate"`
		Follow   float64  `json:"follow"`
		Floor    float64  `json:"floor"`
		Jitter   float64  `json:"jitter"`
		TapNoise float64  `json:"tap_noise_ms"`
		Miss     float64  `json:"miss"`
		Lag      float64  `json:"lag_s"`
		Double   float64  `json:"double"`
		Fade     float64  `json:"fade_s"`
		Taps     string   `json:"taps"`
		Disturb  []string `json:"disturb"`
		Minutes  float64  `json:"minutes"`
		Target   float64  `json:"target"`
		Start    float64  `json:"start"`
		Seed     uint64   `json:"seed"`
		TapsFile string   `json:"taps_file,omitempty"`
	}
	p := params{f.rate, f.follow, f.floor, f.jitter, f.tapNoise, f.miss, f.lag, f.double, f.fade.Seconds(), f.taps, f.disturb, f.minutes, f.target, f.start, f.seed, f.tapsFile}
	if p.Disturb == nil {
		p.Disturb = []string{}
	}
	breaths := res.Breaths
	if breaths == nil {
		breaths = []sim.Breath{}
	}
	b, err := json.Marshal(struct {
		Params  params        `json:"params"`
		Breaths []sim.Breath  `json:"breaths"`
		Summary sim.Summary   `json:"summary"`
		Heart   *simHeartJSON `json:"heart,omitempty"`
	}{p, breaths, res.Summary, hj})
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
