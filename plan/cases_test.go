package plan

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

// planCase is a request and the plans a careful teacher would accept.
type planCase struct {
	Text     string   `json:"text"`
	Patterns []string `json:"patterns"` // accepted patterns
	Minutes  float64  `json:"minutes"`
	Crisis   bool     `json:"crisis"`
	NoHolds  bool     `json:"no_holds"`
	NoLead   bool     `json:"no_lead"`
	Note     bool     `json:"note"`
	Sound    []string `json:"sound"`
	Still    bool     `json:"still"`
	Inline   bool     `json:"inline"`
}

// TestCases scores the planner on testdata/cases.json: the pattern among
// the accepted ones in at least 90 % of cases, the minutes exact in at
// least 95 %, and every safety expectation, always.
func TestCases(t *testing.T) {
	data, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []planCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 40 {
		t.Fatalf("%d cases, want at least 40", len(cases))
	}
	var scored, patOK, minOK int
	for _, c := range cases {
		p := Offline(c.Text, testNow)
		if err := valid(p); err != nil {
			t.Errorf("%q: %v", c.Text, err)
		}
		if c.Crisis != p.Crisis {
			t.Errorf("%q: crisis %v, want %v", c.Text, p.Crisis, c.Crisis)
			continue
		}
		if c.Crisis {
			continue
		}
		if c.NoHolds && hasHolds(p.Pattern) {
			t.Errorf("%q: pattern %s holds the breath", c.Text, p.Pattern)
		}
		if c.NoLead && (p.Lead || p.Pattern != "") {
			t.Errorf("%q: leads (pattern %q, lead %v)", c.Text, p.Pattern, p.Lead)
		}
		if c.Note && len(p.Notes) != 1 {
			t.Errorf("%q: notes %q, want one", c.Text, p.Notes)
		}
		if c.Sound != nil && strings.Join(c.Sound, ",") != strings.Join(p.Sound, ",") {
			t.Errorf("%q: sound %q, want %q", c.Text, p.Sound, c.Sound)
		}
		if c.Still && !p.Still || c.Inline && !p.Inline {
			t.Errorf("%q: still %v inline %v", c.Text, p.Still, p.Inline)
		}
		scored++
		if slices.Contains(c.Patterns, p.Pattern) {
			patOK++
		} else {
			t.Logf("pattern miss: %q → %q (accepted %q) %s", c.Text, p.Pattern, c.Patterns, p.Line())
		}
		if math.Abs(p.Minutes-c.Minutes) < 1e-9 {
			minOK++
		} else {
			t.Logf("minutes miss: %q → %g, want %g", c.Text, p.Minutes, c.Minutes)
		}
	}
	pat, min := float64(patOK)/float64(scored), float64(minOK)/float64(scored)
	t.Logf("%d cases (%d with a session): pattern accepted %.1f %%, minutes exact %.1f %%", len(cases), scored, 100*pat, 100*min)
	if pat < 0.90 {
		t.Errorf("pattern accepted in %.1f %% of cases, want at least 90 %%", 100*pat)
	}
	if min < 0.95 {
		t.Errorf("minutes exact in %.1f %% of cases, want at least 95 %%", 100*min)
	}
}
