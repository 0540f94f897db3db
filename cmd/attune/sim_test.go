package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func runSim(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"sim"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestSimOutput(t *testing.T) {
	args := []string{"--rate", "15", "--follow", "0.5", "--floor", "5", "--jitter", "0.05", "--minutes", "10"}
	code, a, stderr := runSim(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, b, _ := runSim(t, args...)
	if a != b {
		t.Fatal("the same seed gave different output")
	}
	_, c, _ := runSim(t, append(args, "--seed", "2")...)
	if a == c {
		t.Fatal("another seed gave the same output")
	}
	var got struct {
		Params  map[string]any   `json:"params"`
		Breaths []map[string]any `json:"breaths"`
		Summary map[string]any   `json:"summary"`
	}
	if err := json.Unmarshal([]byte(a), &got); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	for _, k := range []string{"t", "guide_bpm", "inhale_s", "hold_in_s", "exhale_s", "hold_out_s", "user_bpm", "phase_error", "locked"} {
		if _, ok := got.Breaths[0][k]; !ok {
			t.Errorf("breath lacks %q", k)
		}
	}
	for _, k := range []string{"time_to_target_s", "final_guide_bpm", "final_user_bpm", "lock_ratio", "max_gap_bpm", "max_slowdown_bpm_per_min", "min_guide_bpm"} {
		if _, ok := got.Summary[k]; !ok {
			t.Errorf("summary lacks %q", k)
		}
	}
	if got.Params["rate"] != 15.0 || got.Params["seed"] != 1.0 {
		t.Errorf("params %v", got.Params)
	}
	if tt, ok := got.Summary["time_to_target_s"].(float64); !ok || tt > 480 {
		t.Errorf("time to target %v", got.Summary["time_to_target_s"])
	}
}

func TestSimTapsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "taps.txt")
	var sb strings.Builder
	sb.WriteString("# recorded\n")
	for i := range 60 {
		sb.WriteString(strings.TrimRight(strings.TrimRight(formatSecs(3.3+float64(i)*4.1), "0"), ".") + "\n")
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runSim(t, "--taps-file", path, "--minutes", "3")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Summary struct {
			Natural float64 `json:"natural_bpm"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || got.Summary.Natural < 14.4 || got.Summary.Natural > 14.9 {
		t.Errorf("replayed taps every 4.1 s: natural %v (%v), want 14.6", got.Summary.Natural, err)
	}
}

func TestSimNewBreatherFlags(t *testing.T) {
	code, out, stderr := runSim(t, "--lag", "0.5", "--double", "0.1", "--fade", "90s", "--miss", "0.1", "--minutes", "5")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Params  map[string]any   `json:"params"`
		Breaths []map[string]any `json:"breaths"`
		Summary map[string]any   `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Params["lag_s"] != 0.5 || got.Params["double"] != 0.1 || got.Params["fade_s"] != 90.0 {
		t.Errorf("params %v", got.Params)
	}
	for _, k := range []string{"with_guide", "following", "offset"} {
		if _, ok := got.Breaths[0][k]; !ok {
			t.Errorf("breath lacks %q", k)
		}
	}
	for _, k := range []string{"false_lock_ratio", "missed_lock_ratio", "belief_accuracy"} {
		if _, ok := got.Summary[k]; !ok {
			t.Errorf("summary lacks %q", k)
		}
	}
}

func TestSimSweep(t *testing.T) {
	code, out, stderr := runSim(t, "sweep", "--family", "floored", "--count", "4", "--worst", "1")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(out, "floored ") || !strings.Contains(out, "/4 met the goal") || !strings.Contains(out, "judgement over all draws") {
		t.Errorf("sweep report:\n%s", out)
	}
	code, out, stderr = runSim(t, "sweep", "--count", "2", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Families []struct {
			Family string `json:"family"`
			Draws  int    `json:"draws"`
		} `json:"families"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Families) != 4 || got.Families[0].Draws != 2 {
		t.Errorf("sweep --json: %v, %+v", err, got)
	}
}

func formatSecs(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

func TestSimUsage(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.txt")
	if err := os.WriteFile(bad, []byte("1\nsoon\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--follow", "2"}, "follow"},
		{[]string{"--taps", "some"}, "taps"},
		{[]string{"--target", "12"}, "target"},
		{[]string{"--disturb", "soon"}, "--disturb"},
		{[]string{"--disturb", "30:+8/0"}, "--disturb"},
		{[]string{"--minutes", "0"}, "--minutes"},
		{[]string{"--rate", "0"}, "rate"},
		{[]string{"--taps-file", bad}, "line 2"},
		{[]string{"--lag", "5"}, "lag"},
		{[]string{"--double", "-0.1"}, "double"},
		{[]string{"--fade", "-3s"}, "fade"},
		{[]string{"--fade", "soon"}, "--fade"},
		{[]string{"sweep", "--family", "sleepy"}, "follower, non-follower, floored, fading"},
		{[]string{"sweep", "--count", "0"}, "--count"},
		{[]string{"extra"}, ""},
	}
	for _, tt := range tests {
		code, out, stderr := runSim(t, tt.args...)
		if code != exitUsage || out != "" || !strings.Contains(stderr, tt.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("sim %v: exit %d, stderr %q; want exit 2 and one line about %q", tt.args, code, stderr, tt.want)
		}
	}
	code, _, stderr := runSim(t, "--taps-file", filepath.Join(t.TempDir(), "none"))
	if code != exitError || !strings.Contains(stderr, "reading taps") {
		t.Errorf("missing taps file: exit %d, %q", code, stderr)
	}
}

func FuzzParseDisturb(f *testing.F) {
	for _, s := range []string{"300:+8", "0:-3", "10:+2/30", ":", "1:1/0", "NaN:+1", "5:Inf", "1e9:+1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDisturb(s)
		if err != nil {
			var ue usageError
			if !errors.As(err, &ue) {
				t.Fatalf("%q: error %v is not a usage error", s, err)
			}
			return
		}
		if d.At < 0 || d.At > 4*time.Hour || !(d.Delta >= -40 && d.Delta <= 40) || d.For < 0 || d.For > 10*time.Minute {
			t.Fatalf("%q accepted as %+v", s, d)
		}
	})
}
