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
// real names and forms.
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

// parseFlags reads args as attune would into the settings a Plan
// holds, for a user whose config file's default pattern is cfgPattern:
// the pattern is the word given, else --pattern's value, else the
// config's, which --accompany sets aside (cmd/attune's patternName).
func parseFlags(t testing.TB, args []string, cfgPattern string) Plan {
	t.Helper()
	fs := rootFlags()
	if err := fs.Parse(args); err != nil {
		t.Fatalf("attune %s: %v", strings.Join(args, " "), err)
	}
	var p Plan
	word := ""
	for _, a := range fs.Args() {
		if slices.Contains(Patterns, a) {
			if word != "" || fs.Changed("pattern") {
				t.Fatalf("two patterns in %q", args)
			}
			word = a
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
	if fs.Changed("pattern") {
		cfgPattern, _ = fs.GetString("pattern")
		if acc {
			t.Fatalf("--pattern and --accompany in %q: one names the default session", args)
		}
	}
	p.Pattern = word
	if word == "" && !acc {
		p.Pattern = cfgPattern
	}
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

// TestFlagsRoundTrip: a plan's flags give back its settings, whether or
// not the user's config file names a default pattern.
func TestFlagsRoundTrip(t *testing.T) {
	for _, s := range []string{
		"I can't sleep, 10 minutes", "panic", "dizzy", "hrv at 5 breaths a minute for 90 seconds", "quiet focus in tmux",
		"motion makes me dizzy", "silent please, 1h30m", "hello", "in bed, 25 min", "box breathing at its own pace",
	} {
		p := Offline(s, testNow)
		for _, cfg := range []string{"", Box, P478} {
			if d := sameSettings(p, parseFlags(t, p.Flags(), cfg)); d != "" {
				t.Errorf("%q, config pattern %q: Flags %q differ in %s", s, cfg, p.Flags(), d)
			}
		}
	}
	for _, c := range []struct {
		p    Plan
		want []string
	}{
		{Plan{Pattern: P478, Lead: true, Target: 6, Minutes: 10, Sound: []string{"tones", "breath"}},
			[]string{"478", "10m", "--lead", "--sound", "tones,breath", "--no-count"}},
		{Plan{Pattern: Box, Target: 6, Minutes: 4, Sound: []string{}, ShowSeconds: true},
			[]string{"box", "4m", "--sound", "off"}},
		// Meet and lead (panic: no holds): an empty pattern, so that a
		// config's default pattern does not replace it.
		{Plan{Lead: true, Target: 6, Minutes: 5, Sound: []string{"voice", "tones"}, ShowSeconds: true},
			[]string{"5m", "--pattern=", "--sound", "voice,tones"}},
		{Plan{Lead: true, Target: 5, Minutes: 1.5, Sound: []string{"voice"}, ShowSeconds: true},
			[]string{"1m30s", "--pattern=", "--target", "5", "--sound", "voice"}},
		{Plan{Target: 6, Minutes: 5, Sound: []string{"voice", "tones"}, ShowSeconds: true},
			[]string{"5m", "--accompany", "--sound", "voice,tones"}},
	} {
		if got := c.p.Flags(); !slices.Equal(got, c.want) {
			t.Errorf("Flags = %q, want %q", got, c.want)
		}
	}
	p := Offline("I'm having a panic attack", testNow)
	if p.Pattern != "" || !p.Lead || !slices.Contains(p.Flags(), LeadFlag) {
		t.Errorf("panic: pattern %q lead %v, Flags %q; want meet and lead, with %s", p.Pattern, p.Lead, p.Flags(), LeadFlag)
	}
}
