package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/heart"
	"github.com/attune-breath/attune/heart/findsim"
	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/pacing/sim"
	"github.com/attune-breath/attune/store"
)

func TestFindSim(t *testing.T) {
	code, a, stderr := runAttune(t, "find", "--sim", "--resonance", "5.5", "--seed", "3")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Best     float64          `json:"best"`
		Tied     []float64        `json:"tied"`
		Valid    bool             `json:"valid"`
		Steps    []map[string]any `json:"steps"`
		Sentence string           `json:"sentence"`
		Note     string           `json:"note"`
		True     float64          `json:"true_pace"`
	}
	if err := json.Unmarshal([]byte(a), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, a)
	}
	if !got.Valid || got.Best < 4.5 || got.Best > 6.5 || len(got.Tied) == 0 || len(got.Steps) != 5 || got.True != 5.5 {
		t.Errorf("result %+v", got)
	}
	for _, k := range []string{"pace", "swing_bpm", "swing_lo", "swing_hi", "lf_power", "hr_peak_at", "smoothness", "artefact_share", "adherence", "valid"} {
		if _, ok := got.Steps[0][k]; !ok {
			t.Errorf("step lacks %q", k)
		}
	}
	if !strings.Contains(got.Sentence, "today") || !strings.Contains(got.Note, "not a medical device") {
		t.Errorf("sentence %q, note %q", got.Sentence, got.Note)
	}
	if _, b, _ := runAttune(t, "find", "--sim", "--resonance", "5.5", "--seed", "3"); a != b {
		t.Error("the same seed gave different output")
	}
	_, c, _ := runAttune(t, "find", "--sim", "--no-follow", "--paces", "6,5", "--step", "1m", "--ratio", "4:6")
	if !strings.Contains(c, `"valid":false`) || !strings.Contains(c, "not followed") {
		t.Errorf("a breather who does not follow: %s", c)
	}
}

// TestFindSweepProtocol: --sweep runs the protocol given (--paces, --step),
// not the default one.
func TestFindSweepProtocol(t *testing.T) {
	code, out, stderr := runAttune(t, "find", "--sim", "--sweep", "20", "--paces", "7,6", "--step", "90s")
	var got struct {
		Runs  int       `json:"runs"`
		Valid int       `json:"valid"`
		Tied  float64   `json:"mean_tied"`
		Paces []float64 `json:"paces"`
		Step  string    `json:"step"`
	}
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
		t.Fatalf("exit %d, %v: %s %s", code, err, out, stderr)
	}
	if got.Runs != 20 || got.Valid == 0 || got.Tied > 2 || len(got.Paces) != 2 || got.Step != "1m30s" {
		t.Errorf("a sweep of 7,6 for 90s: %+v (a tie set of more than 2 paces is of other paces)", got)
	}
}

func TestFindMistakes(t *testing.T) {
	for _, args := range [][]string{
		{"find"},
		{"find", "--sim", "--paces", "6,6"},
		{"find", "--sim", "--paces", "6,12"},
		{"find", "--sim", "--ratio", "1:9"},
		{"find", "--sim", "--step", "5s"},
		{"find", "--sim", "--step", "46s"},
		{"find", "--sim", "--paces", "6,5", "--step", "40s"},
		{"find", "--sim", "--resonance", "20"},
		{"find", "--sim", "--sweep", "-1"},
		{"find", "--sim", "--sweep", "10", "--resonance", "5"},
		{"find", "--sim", "--sweep", "10", "--no-follow"},
		{"find", "--sim", "--paces", "abc"},
		{"find", "--sim", "--paces", "3.5,3"},
		{"find", "--heart-delay", "-1s", "--heart", "x"},
		{"find", "--heart", "/nonexistent/heart"},
		{"find", "--heart", t.TempDir()},
		{"find", "--heart", os.DevNull, "--resonance", "5"},
		{"find", "--heart", os.DevNull, "--sweep", "10"},
		{"sim", "--resonance", "5"},
		{"find", "--heart", os.DevNull, "--breath-input", t.TempDir()},
		{"1m", "--plain", "--heart", t.TempDir()},
		{"1m", "--plain", "--heart-delay", "1s"},
		{"find", "--sim", "--heart-delay", "1s"},
		{"find", "--sim", "--heart", os.DevNull},
		{"find", "--sim", "--breath-input", os.DevNull},
	} {
		code, _, stderr := runAttune(t, args...)
		if code != exitUsage || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and one line", args, code, stderr, exitUsage)
		}
	}
	_, _, stderr := runAttune(t, "find")
	if !strings.Contains(stderr, "heart-rate strap") || !strings.Contains(stderr, "6 breaths/min") {
		t.Errorf("without a heart: %q", stderr)
	}
	_, help, _ := runAttune(t, "find", "--help")
	if !strings.Contains(help, "not a medical device") {
		t.Error("find --help does not say it is not a medical device")
	}
}

// TestFoundPaceIsATarget: attune find steps only through paces a session
// can lead toward, so any pace it finds is one --target found leads toward.
func TestFoundPaceIsATarget(t *testing.T) {
	now := time.Now()
	for _, p := range []float64{3, 3.5, 3.9, pacing.MinTarget, 4.5, 6, pacing.MaxTarget, 10.5} {
		_, err := heart.ParsePaces(fmt.Sprintf("%g,7", p))
		_, _, found := store.LatestFound([]store.Record{{Start: now.Add(-time.Hour), Mode: "find", Found: &store.Found{Best: p, Tied: []float64{p}}}}, now)
		if (err == nil) != found {
			t.Errorf("pace %g: --paces takes it %v (%v), --target found leads toward it %v", p, err == nil, err, found)
		}
	}
}

// TestTargetFound: --target found (and target = "found") lead toward the
// pace the latest assessment in the history found; without one, toward
// the config's target, with a warning.
func TestTargetFound(t *testing.T) {
	hist := filepath.Join(t.TempDir(), "history.jsonl")
	start := time.Now().Add(-time.Hour)
	if err := store.Append(hist, store.Record{Start: start, End: start.Add(12 * time.Minute), Mode: "find", Found: &store.Found{Best: 5, Tied: []float64{5, 5.5}}}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		config, flag, history, want string
		warn                        bool
	}{
		{"", "found", hist, "5/min", false},
		{"target = \"found\"\n", "", hist, "5/min", false},
		{"target = \"found\"\n", "5.5", hist, "5.5/min", false},
		{"target = \"found\"\n", "", filepath.Join(t.TempDir(), "none.jsonl"), "6/min", true},
	} {
		cfg := writeFile(t, "config.toml", tt.config)
		cmd := newRootCmd()
		var errb bytes.Buffer
		cmd.SetErr(&errb)
		args := []string{"--config", cfg, "--history-file", tt.history, "--no-lead"}
		if tt.flag != "" {
			args = append(args, "--target", tt.flag)
		}
		if err := cmd.ParseFlags(args); err != nil {
			t.Fatal(err)
		}
		su, err := newSetup(cmd, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := su.sess.Plan().Label; got != tt.want {
			t.Errorf("%q %q: %s, want %s", tt.config, tt.flag, got, tt.want)
		}
		if w := strings.Contains(errb.String(), "no pace found yet"); w != tt.warn {
			t.Errorf("%q %q: warning %q", tt.config, tt.flag, errb.String())
		}
	}
	// A fixed pattern, or accompanying, leads toward no target: no warning.
	for _, args := range [][]string{{"box"}, {"--accompany"}} {
		cmd := newRootCmd()
		var errb bytes.Buffer
		cmd.SetErr(&errb)
		if err := cmd.ParseFlags(append([]string{"--history-file", filepath.Join(t.TempDir(), "none.jsonl"), "--target", "found"}, args...)); err != nil {
			t.Fatal(err)
		}
		if _, err := newSetup(cmd, cmd.Flags().Args()); err != nil || errb.Len() > 0 {
			t.Errorf("%v with --target found: %v, warning %q", args, err, errb.String())
		}
	}
	if code, _, stderr := runAttune(t, "--target", "fast"); code != exitUsage || !strings.Contains(stderr, `"found"`) {
		t.Errorf("--target fast: exit %d, %q", code, stderr)
	}
}

// TestSimHeart: attune sim --heart adds the simulated heart, whose swing
// grows as the guide slows toward its resonance.
func TestSimHeart(t *testing.T) {
	code, out, stderr := runAttune(t, "sim", "--heart", "--resonance", "5.5", "--minutes", "8")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Heart struct {
			Resonance float64 `json:"resonance"`
			Beats     int     `json:"beats"`
			PerPace   []struct {
				Pace  float64 `json:"pace"`
				Swing float64 `json:"swing_bpm"`
			} `json:"per_pace"`
			Breaths []map[string]float64 `json:"breaths"`
		} `json:"heart"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	h := got.Heart
	if h.Resonance != 5.5 || h.Beats < 400 || len(h.PerPace) < 3 || len(h.Breaths) < 30 {
		t.Fatalf("heart %+v", h)
	}
	first, last := h.PerPace[0], h.PerPace[len(h.PerPace)-1]
	if !(first.Pace > last.Pace && last.Swing > 2*first.Swing) {
		t.Errorf("swing at %g: %g, at %g: %g; want it to grow as the pace slows toward 5.5", first.Pace, first.Swing, last.Pace, last.Swing)
	}
	if _, out, _ := runAttune(t, "sim", "--minutes", "1"); strings.Contains(out, `"heart"`) {
		t.Error("a sim without --heart has a heart")
	}
}

// TestConcludeFind reads an assessment breathed in virtual time by a
// simulated follower with a simulated heart, as attune find --heart does
// when the session ends: each step's line, the result, the note, and the
// found pace in the record only when the assessment completed.
func TestConcludeFind(t *testing.T) {
	g, err := pacing.NewStepGuide([]float64{6, 5}, time.Minute, 10*time.Second, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(sim.Config{Breather: findsim.Follower(), Duration: g.Longest(), Target: pacing.DefaultTarget, Seed: 1, Guide: g})
	if err != nil {
		t.Fatal(err)
	}
	tr := &heart.Tracker{}
	for _, d := range heart.DefaultSimHeart(5, 1).Run(res.Onsets, g.Longest()).Deliveries {
		tr.Add(heart.Reading{Form: heart.FormRR, RR: d.RR}, d.At, nil)
	}
	hf := &heartFeed{beats: tr}
	end := g.Longest()
	for _, complete := range []bool{true, false} {
		var out bytes.Buffer
		rec := store.Record{Ended: store.Quit}
		if complete {
			rec.Ended = store.Completed
		}
		concludeFind(&out, g, res.Session, end, hf, &rec, true)
		text := out.String()
		for _, want := range []string{"6.0/min: swing", "5.0/min: swing", "swung most today", findNote} {
			if !strings.Contains(text, want) {
				t.Errorf("no %q in:\n%s", want, text)
			}
		}
		if complete != (rec.Found != nil) || complete && (rec.Found.Best == 0 || !strings.Contains(text, "saved")) {
			t.Errorf("complete %v: found %+v\n%s", complete, rec.Found, text)
		}
		if !complete && !strings.Contains(text, "stopped early") {
			t.Errorf("an assessment stopped early does not say so:\n%s", text)
		}
	}
	var unsaved bytes.Buffer
	concludeFind(&unsaved, g, res.Session, end, hf, &store.Record{Ended: store.Completed}, false)
	if text := unsaved.String(); strings.Contains(text, "saved:") || !strings.Contains(text, "not saved (the history is off)") {
		t.Errorf("with the history off:\n%s", text)
	}
	var out bytes.Buffer
	var rec store.Record
	hf.summarize(&out, res.Session, end, &rec, true)
	if len(rec.Heart) != 2 || rec.Heart[0].Pace != 6 || rec.Heart[1].Pace != 5 || !strings.HasPrefix(out.String(), "heart: 6.0/min: ") {
		t.Errorf("heart summary %+v:\n%s", rec.Heart, out.String())
	}
}
