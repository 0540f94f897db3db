package pacing

import (
	"strings"
	"testing"
	"time"
)

func TestParsePattern(t *testing.T) {
	s := func(f float64) time.Duration { return sec(f) }
	tests := []struct {
		in      string
		want    Pattern
		wantErr string
	}{
		{in: "4-7-8", want: Pattern{Inhale: s(4), HoldIn: s(7), Exhale: s(8)}},
		{in: "4-4-4-4", want: Pattern{Inhale: s(4), HoldIn: s(4), Exhale: s(4), HoldOut: s(4)}},
		{in: "5.5-0-5.5-0", want: Pattern{Inhale: s(5.5), Exhale: s(5.5)}},
		{in: " 4-0-6 ", want: Pattern{Inhale: s(4), Exhale: s(6)}},
		{in: "3+1-0-7", want: Pattern{Inhale: s(3), TopUp: s(1), Exhale: s(7)}},
		{in: "1-0-1", want: Pattern{Inhale: s(1), Exhale: s(1)}},
		{in: "30-30-30-30", want: Pattern{Inhale: s(30), HoldIn: s(30), Exhale: s(30), HoldOut: s(30)}},
		{in: "box", want: builtins[1]},
		{in: "BOX", want: builtins[1]},
		{in: "", wantErr: "empty"},
		{in: "4-7", wantErr: "needs 3 or 4 numbers"},
		{in: "4-7-8-1-2", wantErr: "needs 3 or 4 numbers"},
		{in: "4--8", wantErr: "a number is missing"},
		{in: "a-b-c", wantErr: `"a" is not a number`},
		{in: "4-7-8s", wantErr: `"8s" is not a number`},
		{in: "0.5-0-4", wantErr: "inhale of 0.5s is out of range: accepted 1 to 30 seconds"},
		{in: "4-0-31", wantErr: "exhale of 31s is out of range"},
		{in: "4-31-4", wantErr: "hold of 31s is out of range"},
		{in: "4-0-4-40", wantErr: "hold after exhale of 40s is out of range"},
		{in: "4+9-0-4", wantErr: "top-up of 9s is out of range"},
		{in: "1e3-0-4", wantErr: "is not a number"},
		{in: "99999999-0-4", wantErr: "too long"},
		{in: "-4-0-4", wantErr: "a number is missing"},
		{in: "nope", wantErr: "needs 3 or 4 numbers"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePattern(tt.in)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("ParsePattern(%q) = %+v, want error containing %q", tt.in, got, tt.wantErr)
				}
				msg := err.Error()
				if !strings.Contains(msg, tt.wantErr) {
					t.Fatalf("error %q does not contain %q", msg, tt.wantErr)
				}
				if !strings.Contains(msg, `"`+tt.in+`"`) || !strings.Contains(msg, "accepted") {
					t.Fatalf("error %q must quote the input and say what is accepted", msg)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePattern(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Fatalf("ParsePattern(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestPatternStringRoundTrip(t *testing.T) {
	for _, in := range []string{"4-7-8", "4-4-4-4", "5.5-0-5.5", "3+1-0-7", "2.25-1-6-0.5"} {
		p, err := ParsePattern(in)
		if err != nil {
			t.Fatal(err)
		}
		q, err := ParsePattern(p.String())
		if err != nil || q != p {
			t.Fatalf("%q → %q → %+v (%v), want %+v", in, p.String(), q, err, p)
		}
	}
}

func TestBuiltins(t *testing.T) {
	want := map[string]float64{"coherent": 60.0 / 11, "box": 60.0 / 16, "478": 60.0 / 19, "sigh": 60.0 / 11, "extended": 5}
	if len(Builtins()) != len(want) {
		t.Fatalf("%d built-ins, want %d", len(Builtins()), len(want))
	}
	for _, p := range Builtins() {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
		if p.Description == "" {
			t.Errorf("%s has no description", p.Name)
		}
		if got := p.BPM(); got-want[p.Name] > 1e-9 || want[p.Name]-got > 1e-9 {
			t.Errorf("%s: %.3f breaths/min, want %.3f", p.Name, got, want[p.Name])
		}
	}
	c, _ := Builtin("coherent")
	if c.Exhale <= c.Inhale {
		t.Errorf("coherent must breathe out longer than in: %v", c)
	}
	s, _ := Builtin("sigh")
	if s.TopUp <= 0 || s.Exhale < 2*s.Inhale {
		t.Errorf("sigh needs a top-up and an exhale about twice the inhale: %v", s)
	}
}

func FuzzParsePattern(f *testing.F) {
	for _, s := range []string{"4-7-8", "4-4-4-4", "5.5-0-5.5-0", "3+1-0-7", "box", "", "-", "1e9-0-1", "NaN-0-1", "4-+-4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePattern(s)
		if err != nil {
			return
		}
		if verr := p.Validate(); verr != nil {
			t.Fatalf("ParsePattern(%q) accepted an invalid pattern: %v", s, verr)
		}
		if p.Period() <= 0 {
			t.Fatalf("ParsePattern(%q) gave an empty cycle", s)
		}
	})
}
