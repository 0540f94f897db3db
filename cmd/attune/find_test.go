package main

import (
	"encoding/json"
	"strings"
	"testing"
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

func TestFindMistakes(t *testing.T) {
	for _, args := range [][]string{
		{"find"},
		{"find", "--sim", "--paces", "6,6"},
		{"find", "--sim", "--paces", "6,12"},
		{"find", "--sim", "--ratio", "1:9"},
		{"find", "--sim", "--step", "5s"},
		{"find", "--sim", "--resonance", "20"},
		{"find", "--heart-delay", "-1s", "--heart", "x"},
		{"find", "--heart", "/nonexistent/heart"},
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
