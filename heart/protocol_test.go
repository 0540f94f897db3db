package heart

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
)

func TestParsePaces(t *testing.T) {
	got, err := ParsePaces("6.5, 6,5.5,5,4.5")
	if err != nil || !slices.Equal(got, DefaultPaces()) {
		t.Errorf("ParsePaces = %v, %v", got, err)
	}
	for s, want := range map[string]string{"abc": `pace "abc" is not a pace`, "6": "only one given", "": `pace "" is not`} {
		if _, err := ParsePaces(s); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParsePaces(%q): %v, want %q", s, err, want)
		}
	}
	if got, err := ParsePaces("4,10"); err != nil || !slices.Equal(got, []float64{4, 10}) {
		t.Errorf("ParsePaces(4,10) = %v, %v: the paces a session leads toward are accepted", got, err)
	}
	for _, s := range []string{"", "6", "6,6", "6,11", "6,x", "6,,5", "1,2,3,4,5,6,7,8,9,10,3.5", "3.5,3", "6,3.9", "10.5,6"} {
		if _, err := ParsePaces(s); err == nil {
			t.Errorf("ParsePaces(%q): no error", s)
		}
	}
}

func TestParseRatio(t *testing.T) {
	for s, want := range map[string][2]float64{"1:1": {1, 1}, "4:6": {4, 6}, " 2 : 3 ": {2, 3}} {
		in, out, err := ParseRatio(s)
		if err != nil || in != want[0] || out != want[1] {
			t.Errorf("ParseRatio(%q) = %g %g %v", s, in, out, err)
		}
	}
	for _, s := range []string{"", "1", "1:0", "0:1", "1:5", "a:b", "-1:1", "NaN:1"} {
		if _, _, err := ParseRatio(s); err == nil {
			t.Errorf("ParseRatio(%q): no error", s)
		}
	}
}

// TestCheckSteps: a step too short for MinSwings+1 breaths at any of its
// paces is refused, and exactly those the guide breathes too few breaths in.
func TestCheckSteps(t *testing.T) {
	for _, tt := range []struct {
		paces []float64
		step  time.Duration
		ok    bool
	}{
		{[]float64{7, 6}, 40 * time.Second, true},
		{[]float64{6, 5}, 40 * time.Second, false},
		{[]float64{6, 5}, 42 * time.Second, true},
		{DefaultPaces(), 46 * time.Second, false},
		{DefaultPaces(), 47 * time.Second, true},
		{DefaultPaces(), DefaultStep, true},
		{[]float64{10, 4}, 20 * time.Second, false},
	} {
		g, err := pacing.NewStepGuide(tt.paces, tt.step, 0, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		err = CheckSteps(g)
		if (err == nil) != tt.ok {
			t.Errorf("%v, %v: %v, want ok %v", tt.paces, tt.step, err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "accepted: at least") {
			t.Errorf("%v, %v: %v does not say what is accepted", tt.paces, tt.step, err)
		}
		// The rule is the guide's own: count the breaths of each step.
		s := pacing.NewSession(pacing.Plan{Duration: g.Longest(), Guide: g})
		short := false
		for _, r := range g.Runs(s.Cycles(g.Longest()), nil) {
			short = short || len(r.Cycles) < MinSwings+1
		}
		if short == tt.ok {
			t.Errorf("%v, %v: the guide breathes too few breaths in a step: %v, CheckSteps: %v", tt.paces, tt.step, short, err)
		}
	}
}
