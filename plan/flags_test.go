package plan

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

// rootFlags is attune's root command's flag set as cmd/attune/root.go
// (and sound.go) define it, copied here so Flags is checked against the
// real names and forms; --accompany is the one flag Flags needs that the
// command does not have yet (see AccompanyFlag).
func rootFlags() *pflag.FlagSet {
	fs := pflag.NewFlagSet("attune", pflag.ContinueOnError)
	fs.StringP("pattern", "p", "", "")
	fs.StringP("duration", "d", "", "")
	fs.Float64("target", 6, "")
	fs.Bool("lead", false, "")
	fs.Bool("no-lead", false, "")
	fs.String("unguided", "", "")
	fs.String("config", "", "")
	fs.String("breath-input", "", "")
	fs.Bool("plain", false, "")
	fs.Bool("inline", false, "")
	fs.Bool("still", false, "")
	fs.Bool("no-count", false, "")
	fs.String("theme", "auto", "")
	fs.Bool("no-history", false, "")
	fs.Bool("no-summary", false, "")
	fs.String("sound", "voice,tones", "")
	fs.String("voice", "", "")
	fs.Int("volume", 100, "")
	fs.Int("volume-voice", 90, "")
	fs.Int("volume-tones", 70, "")
	fs.Int("volume-breath", 60, "")
	fs.Bool(strings.TrimPrefix(AccompanyFlag, "--"), false, "")
	return fs
}

// parseFlags reads args as attune would into the settings a Plan holds.
func parseFlags(t testing.TB, args []string) Plan {
	t.Helper()
	fs := rootFlags()
	if err := fs.Parse(args); err != nil {
		t.Fatalf("attune %s: %v", strings.Join(args, " "), err)
	}
	var p Plan
	for _, a := range fs.Args() {
		if slices.Contains(Patterns, a) {
			if p.Pattern != "" {
				t.Fatalf("two patterns in %q", args)
			}
			p.Pattern = a
			continue
		}
		d, err := time.ParseDuration(a)
		if err != nil || p.Minutes != 0 {
			t.Fatalf("attune %s: %q is neither a pattern nor a single duration", strings.Join(args, " "), a)
		}
		if d < 10*time.Second || d > 4*time.Hour {
			t.Fatalf("duration %s out of attune's range", d)
		}
		p.Minutes = d.Minutes()
	}
	lead, _ := fs.GetBool("lead")
	acc, _ := fs.GetBool("accompany")
	noLead, _ := fs.GetBool("no-lead")
	if noLead {
		t.Fatalf("Flags gives --no-lead, a steady pace at the target, never what a plan means")
	}
	if p.Pattern != "" {
		p.Lead = lead
		if acc {
			t.Fatalf("--accompany with a pattern in %q", args)
		}
	} else {
		p.Lead = !acc
		if lead {
			t.Fatalf("--lead without a pattern in %q", args)
		}
	}
	p.Target, _ = fs.GetFloat64("target")
	snd, _ := fs.GetString("sound")
	if snd != "off" {
		p.Sound = strings.Split(snd, ",")
	}
	noCount, _ := fs.GetBool("no-count")
	p.ShowSeconds = !noCount
	p.Still, _ = fs.GetBool("still")
	p.Inline, _ = fs.GetBool("inline")
	if u, _ := fs.GetString("unguided"); u != "" {
		d, err := time.ParseDuration(u)
		if err != nil || d <= 0 {
			t.Fatalf("--unguided %q", u)
		}
		p.UnguidedMinutes = d.Minutes()
	}
	return p
}

// sameSettings reports how the settings of a plan and of its parsed flags
// differ, "" when they agree.
func sameSettings(p, q Plan) string {
	var diff []string
	if p.Pattern != q.Pattern {
		diff = append(diff, "pattern")
	}
	if p.Lead != q.Lead {
		diff = append(diff, "lead")
	}
	if p.Pattern == "" && p.Lead && p.Target != q.Target {
		diff = append(diff, "target")
	}
	if math.Abs(p.Minutes-q.Minutes) > 1e-9 {
		diff = append(diff, "minutes")
	}
	if strings.Join(p.Sound, ",") != strings.Join(q.Sound, ",") {
		diff = append(diff, "sound")
	}
	if p.ShowSeconds != q.ShowSeconds || p.Still != q.Still || p.Inline != q.Inline {
		diff = append(diff, "view")
	}
	if math.Abs(p.UnguidedMinutes-q.UnguidedMinutes) > 1e-9 {
		diff = append(diff, "unguided")
	}
	return strings.Join(diff, ", ")
}

func TestFlagsRoundTrip(t *testing.T) {
	for _, s := range []string{
		"I can't sleep, 10 minutes", "panic", "dizzy", "hrv at 5 breaths a minute for 90 seconds", "quiet focus in tmux",
		"motion makes me dizzy", "silent please, 1h30m", "hello", "in bed, 25 min",
	} {
		p := Offline(s, testNow)
		if d := sameSettings(p, parseFlags(t, p.Flags())); d != "" {
			t.Errorf("%q: Flags %q differ in %s", s, p.Flags(), d)
		}
	}
	p := Plan{Pattern: P478, Lead: true, Target: 6, Minutes: 10, Sound: []string{"tones", "breath"}}
	want := []string{"478", "10m", "--lead", "--sound", "tones,breath", "--no-count"}
	if got := p.Flags(); !slices.Equal(got, want) {
		t.Errorf("Flags = %q, want %q", got, want)
	}
}
