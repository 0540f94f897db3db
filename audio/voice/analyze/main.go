// Command analyze measures sets of voice clips and prints them side by
// side: high-frequency buzz, clicks, harmonics-to-noise ratio, pitch and
// its range, duration, peak level and clipping, silence, and whether each
// exhale cue's pitch falls at its end (see package analysis).
//
// Usage:
//
//	go run ./audio/voice/analyze [-v] [LABEL=DIR ...]
//
// With no directories it measures the clips embedded in the voice package
// (labelled "committed"). Each DIR holds clips named <cue-id>-<n>.ogg (or
// .wav), as audio/voice/clips does. -v adds a line a clip.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/attune-breath/attune/audio/voice"
	"github.com/attune-breath/attune/audio/voice/analysis"
)

func main() {
	verbose := flag.Bool("v", false, "print the figures of every clip too")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: analyze [-v] [LABEL=DIR ...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(os.Stdout, flag.Args(), *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "analyze:", err)
		os.Exit(2)
	}
}

// run measures each set named in args (or the embedded clips) and writes
// the table to w.
func run(w io.Writer, args []string, verbose bool) error {
	var sums []analysis.Summary
	if len(args) == 0 {
		args = []string{""}
	}
	for _, a := range args {
		label, dir, ok := strings.Cut(a, "=")
		if !ok {
			label, dir = filepath.Base(a), a
		}
		if a == "" {
			label = "committed"
		}
		reports, bytes, err := measure(dir)
		if err != nil {
			return err
		}
		if verbose {
			analysis.WriteClips(w, label, reports)
		}
		sums = append(sums, analysis.Summarize(label, reports, bytes, isExhale))
	}
	fmt.Fprintln(w)
	analysis.WriteTable(w, sums)
	for _, s := range sums {
		if len(s.NotFallen) > 0 {
			fmt.Fprintf(w, "\n%s: exhale cues not falling at the end: %s\n", s.Label, strings.Join(s.NotFallen, " "))
		}
	}
	return nil
}

// isExhale reports whether the clip named <cue-id>-<n> is an exhale cue.
func isExhale(name string) bool {
	i := strings.LastIndex(name, "-")
	return i > 0 && voice.Exhale(name[:i])
}

// measure analyses every clip in dir, or the embedded clips when dir is "",
// and returns the reports and the clips' total size.
func measure(dir string) ([]analysis.Report, int, error) {
	var reports []analysis.Report
	total := 0
	for _, id := range voice.IDs() {
		for n := 1; n <= voice.Variants(id); n++ {
			name := fmt.Sprintf("%s-%d", id, n)
			data, err := read(dir, id, n)
			if err != nil {
				return nil, 0, err
			}
			x, rate, err := analysis.Decode(data)
			if err != nil {
				return nil, 0, fmt.Errorf("%s: %w", name, err)
			}
			total += len(data)
			reports = append(reports, analysis.Analyze(name, x, rate))
		}
	}
	return reports, total, nil
}

// read returns variant n of cue id from dir (<id>-<n>.ogg, else .wav), or
// the embedded one when dir is "".
func read(dir, id string, n int) ([]byte, error) {
	name := fmt.Sprintf("%s-%d", id, n)
	if dir == "" {
		if b, ok := voice.Clip(id, n); ok {
			return b, nil
		}
		return nil, fmt.Errorf("no embedded clip %s", name)
	}
	for _, ext := range []string{".ogg", ".wav"} {
		b, err := os.ReadFile(filepath.Join(dir, name+ext))
		if err == nil || !errors.Is(err, os.ErrNotExist) {
			return b, err
		}
	}
	return nil, fmt.Errorf("%s: no clip %s.ogg or %s.wav", dir, name, name)
}
