package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/plan"
	"github.com/attune-breath/attune/store"
)

// planSentences are sentences the plan tests plan.
var planSentences = []string{
	"I can't sleep and my mind is racing, 10 minutes",
	"quick break before my talk",
	"box breathing for 2 minutes",
	"I'm panicking",
	"wind down after work, no sound, nothing moving",
}

// planArgs are attune plan's arguments with an empty config file and a
// history file of their own, which the test can look for.
func planArgs(t *testing.T, args ...string) (all []string, history string) {
	t.Helper()
	cfg := writeFile(t, "config.toml", "")
	history = filepath.Join(t.TempDir(), "history.jsonl")
	return append([]string{"plan", "--config", cfg, "--history-file", history}, args...), history
}

// noHistory fails the test when a session was recorded at history.
func noHistory(t *testing.T, history string) {
	t.Helper()
	if _, err := os.Stat(history); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a session was recorded (%v): nothing should have started", err)
	}
}

// withPlan makes attune plan plan p, whatever the sentence, for the test.
func withPlan(t *testing.T, p plan.Plan, note string) {
	t.Helper()
	old := planNow
	planNow = func(context.Context, store.PlanModel, string, time.Time) (plan.Plan, string) { return p, note }
	t.Cleanup(func() { planNow = old })
}

func TestPlanJSON(t *testing.T) {
	args, history := planArgs(t, "--json", "quick break before my talk")
	code, out, errs := runAttune(t, args...)
	if code != exitOK || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var fields map[string]any
	if err := json.Unmarshal([]byte(out), &fields); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"pattern", "lead", "target", "minutes", "sound", "show_seconds", "still", "inline",
		"unguided_minutes", "needs", "notes", "reason", "crisis", "source"} {
		if _, ok := fields[k]; !ok {
			t.Errorf("the JSON lacks %q:\n%s", k, out)
		}
	}
	var p plan.Plan
	if err := json.Unmarshal([]byte(out), &p); err != nil || p.Reason == "" || p.Minutes <= 0 || p.Source != "offline" {
		t.Errorf("the plan read back: %+v, %v", p, err)
	}
	noHistory(t, history)
}

func TestPlanPrintFlags(t *testing.T) {
	for _, text := range planSentences {
		args, history := planArgs(t, "--print-flags", text)
		code, out, errs := runAttune(t, args...)
		if code != exitOK || errs != "" {
			t.Fatalf("%q: exit %d: %s", text, code, errs)
		}
		want := commandLine(plan.Offline(text, time.Now()).Flags()) + "\n"
		if out != want || !strings.HasPrefix(out, "attune") {
			t.Errorf("%q: printed %q, want %q", text, out, want)
		}
		noHistory(t, history)
	}
}

func TestCommandLine(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "attune"},
		{[]string{"478", "10m", "--lead", "--sound", "tones,breath", "--no-count"}, "attune 478 10m --lead --sound tones,breath --no-count"},
		{[]string{"--target=5.5", "--unguided", "1m30s"}, "attune --target=5.5 --unguided 1m30s"},
		{[]string{"a b", "it's", ""}, `attune 'a b' 'it'\''s' ''`},
	} {
		if got := commandLine(tt.args); got != tt.want {
			t.Errorf("commandLine(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

// TestPlanNotOnTerminal: with input that is not a terminal, attune plan
// shows the plan and says how to start it, and starts nothing.
func TestPlanNotOnTerminal(t *testing.T) {
	withPlan(t, plan.Plan{Pattern: "478", Lead: true, Target: 6, Minutes: 10, Reason: "4-7-8 for sleep",
		Notes: []string{"hold gently", "a second note"}, Source: "offline"}, "")
	args, history := planArgs(t, "I can't sleep")
	code, out, errs := runAttune(t, args...)
	if code != exitOK || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 || lines[0] != "4-7-8 for sleep" || lines[1] != "hold gently" ||
		!strings.HasPrefix(lines[2], "not started; to start it: attune plan --yes 'I can'\\''t sleep' (or: attune") {
		t.Errorf("output:\n%s", out)
	}
	noHistory(t, history)
}

// TestPlanCrisis: a crisis answer prints its one line and starts nothing,
// even with --yes.
func TestPlanCrisis(t *testing.T) {
	const help = "You deserve support now: please call or text a crisis line."
	withPlan(t, plan.Plan{Crisis: true, Reason: help, Notes: []string{"not shown"}, Source: "offline"}, "")
	for _, flags := range [][]string{nil, {"--yes"}, {"--print-flags"}} {
		args, history := planArgs(t, append(flags, "some words")...)
		code, out, errs := runAttune(t, args...)
		if code != exitOK || errs != "" || out != help+"\n" {
			t.Errorf("%v: exit %d, printed %q (%s); want only %q", flags, code, out, errs, help)
		}
		noHistory(t, history)
	}
}

// TestPlanCrisisOffline: the offline planner's crisis answer, once it
// gives one, is one line.
func TestPlanCrisisOffline(t *testing.T) {
	const text = "I want to kill myself"
	if !plan.Offline(text, time.Now()).Crisis {
		t.Skip("the offline planner gives no crisis answer yet")
	}
	args, history := planArgs(t, "--yes", text)
	code, out, errs := runAttune(t, args...)
	if code != exitOK || errs != "" || strings.Count(out, "\n") != 1 {
		t.Errorf("exit %d, printed %q (%s); want one line", code, out, errs)
	}
	noHistory(t, history)
}

func TestPlanUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "plan needs a sentence"},
		{[]string{"  "}, "plan needs a sentence"},
		{[]string{"--json"}, "plan needs a sentence"},
		{[]string{"--bogus", "x"}, "unknown flag: --bogus (see attune plan --help)"},
		{[]string{"--config", "/nonexistent/attune.toml", "x"}, "does not exist"},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), append([]string{"plan"}, tt.args...), strings.NewReader(""), &out, &errb)
		msg := errb.String()
		if code != exitUsage || strings.Count(msg, "\n") != 1 || !strings.Contains(msg, tt.want) || out.Len() != 0 {
			t.Errorf("%q: exit %d, stderr %q, stdout %q; want exit 2 and one line saying %q", tt.args, code, msg, out.String(), tt.want)
		}
	}
}

func TestPlanHelp(t *testing.T) {
	code, out, _ := runAttune(t, "plan", "--help")
	for _, want := range []string{`attune plan "I can't sleep and my mind is racing, 10 minutes"`, `attune plan --json "quick break before my talk"`, "--print-flags", "--yes", "[plan]"} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("attune plan --help lacks %q", want)
		}
	}
	if _, out, _ := runAttune(t, "--help"); !strings.Contains(out, "attune plan") {
		t.Error("attune --help does not mention attune plan")
	}
}

// TestPlanSessionIsTheFlags: the session a plan runs is the one its flags
// give the root command: the same session, settings, mode and sound.
func TestPlanSessionIsTheFlags(t *testing.T) {
	for _, text := range planSentences {
		p := plan.Offline(text, time.Now())
		cfg := writeFile(t, "config.toml", "")
		cmd := newPlanCmd()
		if err := cmd.ParseFlags([]string{"--config", cfg, "--no-history"}); err != nil {
			t.Fatal(err)
		}
		cmd.SetContext(context.Background())
		root, err := planRoot(cmd, p)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		got, err := newSetup(root, root.Flags().Args())
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		want, wantCmd, err := setupCmd(t, p.Flags()...)
		if err != nil {
			t.Fatalf("%q: the flags %q: %v", text, p.Flags(), err)
		}
		if !reflect.DeepEqual(got.sess, want.sess) || !reflect.DeepEqual(got.cfg, want.cfg) || got.mode != want.mode || got.pattern != want.pattern {
			t.Errorf("%q: the plan's session differs from attune %s's", text, strings.Join(p.Flags(), " "))
		}
		if a, b := soundOf(t, root, got), soundOf(t, wantCmd, want); a != b {
			t.Errorf("%q: sound %s, the flags give %s", text, a, b)
		}
		for _, name := range []string{"inline", "plain", "breath-input"} {
			if a, b := root.Flags().Lookup(name).Value.String(), wantCmd.Flags().Lookup(name).Value.String(); a != b {
				t.Errorf("%q: --%s %s, the flags give %s", text, name, a, b)
			}
		}
	}
}

// soundOf is the sound a session set up by cmd plays, in words.
func soundOf(t *testing.T, cmd *cobra.Command, su *setup) string {
	t.Helper()
	o, err := soundFromConfig(cmd, su.cfg)
	if err != nil {
		t.Fatal(err)
	}
	return o.Layers.String()
}

// TestPlanRecordsSource runs a plan with --yes as plain lines for a moment:
// the history says the session came from a plan, offline or refined by a
// model.
func TestPlanRecordsSource(t *testing.T) {
	t.Setenv("PULSE_SERVER", "unix:"+filepath.Join(t.TempDir(), "no-sound"))
	for _, tt := range []struct{ source, want string }{{"offline", "plan"}, {"model", "plan/model"}} {
		p := plan.Offline("quick break", time.Now())
		p.Source = tt.source
		withPlan(t, p, "")
		args, history := planArgs(t, "--yes", "--plain", "quick break")
		ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
		var out, errb bytes.Buffer
		code := run(ctx, args, strings.NewReader(""), &out, &errb)
		cancel()
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		if !strings.Contains(out.String(), "get comfortable") {
			t.Errorf("no session ran:\n%s", out.String())
		}
		recs, _, err := store.ReadHistory(history)
		if err != nil || len(recs) != 1 || recs[0].Source != tt.want {
			t.Fatalf("history %+v (%v); want one record from %q", recs, err, tt.want)
		}
	}
}
