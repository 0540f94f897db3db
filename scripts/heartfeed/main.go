// Command heartfeed replays a simulated heart in real time into a file or
// FIFO, as a heart-rate strap's program would, for trying attune find (and
// --heart) without a strap, and for its end-to-end test. The simulated
// person (pacing/sim's breather, fully following) keeps to attune find's
// paces, but keeps its old rhythm for a breath across a rest, so with some protocols
// and seeds it comes back out of step after one and attune rightly judges
// that step not followed (-paces 7,6,5 -step 45s -rest 3s -seed 3: the
// 6/min step both times); with -breath it also writes their in-breaths
// ("in") there, for --breath-input.
//
// Usage:
//
//	go run ./scripts/heartfeed -heart /tmp/heart.fifo [-breath /tmp/breath.fifo]
//	    [-paces 6.5,6,5.5,5,4.5] [-step 2m] [-rest 20s] [-ratio 1:1]
//	    [-resonance 5.5] [-seed 1] [-form rr|bare|pulse|json|openhrv] [-artefacts 0.01]
//
// Its clock starts when the heart file opens (a FIFO: when attune opens it).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/attune-breath/attune/heart"
	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/pacing/sim"
)

type options struct {
	heartPath, breathPath, paces, ratio, form string
	step, rest                                time.Duration
	resonance, artefacts                      float64
	seed                                      uint64
}

func main() {
	var o options
	flag.StringVar(&o.heartPath, "heart", "", "the heart file or FIFO to write")
	flag.StringVar(&o.breathPath, "breath", "", "a breath file or FIFO to write in-breaths to (optional)")
	flag.StringVar(&o.paces, "paces", "6.5,6,5.5,5,4.5", "attune find's paces")
	flag.DurationVar(&o.step, "step", heart.DefaultStep, "attune find's step")
	flag.DurationVar(&o.rest, "rest", heart.DefaultRest, "attune find's rest")
	flag.StringVar(&o.ratio, "ratio", "1:1", "attune find's in:out")
	flag.StringVar(&o.form, "form", "rr", "the line form: rr, bare, pulse, json or openhrv")
	flag.Float64Var(&o.resonance, "resonance", 5.5, "the heart's resonance pace, breaths/min")
	flag.Float64Var(&o.artefacts, "artefacts", 0.01, "share of beats spoiled")
	flag.Uint64Var(&o.seed, "seed", 1, "random seed")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "heartfeed:", err)
		os.Exit(1)
	}
}

// line is one line to write at a time from the start.
type line struct {
	at     time.Duration
	breath bool
	text   string
}

func run(o options) error {
	lines, err := plan(o)
	if err != nil {
		return err
	}
	hf, err := os.OpenFile(o.heartPath, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer hf.Close()
	var bf *os.File
	if o.breathPath != "" {
		if bf, err = os.OpenFile(o.breathPath, os.O_WRONLY, 0); err != nil {
			return err
		}
		defer bf.Close()
	}
	start := time.Now()
	for _, l := range lines {
		time.Sleep(time.Until(start.Add(l.at)))
		w := hf
		if l.breath {
			if bf == nil {
				continue
			}
			w = bf
		}
		text := l.text
		if strings.HasSuffix(text, "%s") {
			text = fmt.Sprintf(text, time.Now().UTC().Format("2006-01-02T15:04:05.000Z"))
		}
		if _, err := fmt.Fprintln(w, text); errors.Is(err, syscall.EPIPE) {
			return nil // attune has gone: the replay is over
		} else if err != nil {
			return err
		}
	}
	return nil
}

// plan is every line to write, in time order: the follower's in-breaths
// and the heart's deliveries.
func plan(o options) ([]line, error) {
	paces, err := heart.ParsePaces(o.paces)
	if err != nil {
		return nil, err
	}
	in, out, err := heart.ParseRatio(o.ratio)
	if err != nil {
		return nil, err
	}
	g, err := pacing.NewStepGuide(paces, o.step, o.rest, in, out)
	if err != nil {
		return nil, err
	}
	b := sim.Breather{Rate: paces[0], Follow: 1, TapNoise: 20 * time.Millisecond, Taps: sim.TapsIn}
	res, err := sim.Run(sim.Config{Breather: b, Duration: g.Longest(), Target: pacing.DefaultTarget, Seed: o.seed, Guide: g})
	if err != nil {
		return nil, err
	}
	h := heart.DefaultSimHeart(o.resonance, o.seed)
	h.Artefacts = o.artefacts
	if err := h.Validate(); err != nil {
		return nil, err
	}
	var lines []line
	for _, e := range res.Session.Events() {
		lines = append(lines, line{at: e.At, breath: true, text: "in"})
	}
	for _, d := range h.Run(res.Onsets, g.Longest()).Deliveries {
		for _, t := range format(o.form, d.RR) {
			lines = append(lines, line{at: d.At, text: t})
		}
	}
	slices.SortStableFunc(lines, func(a, b line) int { return int(a.at - b.at) })
	return lines, nil
}

// format writes a delivery's intervals in the given form.
func format(form string, rr []float64) []string {
	ms := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	var out []string
	switch form {
	case "pulse":
		parts := make([]string, len(rr))
		for i, v := range rr {
			parts[i] = ms(v) + " ms"
		}
		hr := 60000 / rr[len(rr)-1]
		return []string{fmt.Sprintf("HR: %3.0f bpm | contact: detected | RR: %s", hr, strings.Join(parts, ", "))}
	case "json":
		parts := make([]string, len(rr))
		for i, v := range rr {
			parts[i] = ms(v)
		}
		return []string{`{"rr_ms": [` + strings.Join(parts, ", ") + `]}`}
	}
	for _, v := range rr {
		switch form {
		case "bare":
			out = append(out, ms(v))
		case "openhrv":
			out = append(out, "InterBeatInterval,"+ms(v)+",%s") // the time it is written
		default:
			out = append(out, "rr "+ms(v))
		}
	}
	return out
}
