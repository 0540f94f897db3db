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

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/pflag"

	"github.com/attune-breath/attune/store"
)

func runAttune(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestConfigCommand(t *testing.T) {
	path := writeFile(t, "config.toml", "duration = \"10m\"\nthem = \"dark\"\n[patterns.evening]\ndescription = \"wind down\"\ninhale = 4\nexhale = 8\n")
	code, out, errs := runAttune(t, "config", "--config", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"# config file: " + path + " (found)",
		"duration       = 10m0s",
		"# file",
		"theme          = \"auto\"",
		"patterns.evening = 4-0-8  # file: wind down",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, `config.toml:2:8: unknown key "them" ignored (did you mean "theme"?)`) {
		t.Errorf("warning missing: %q", errs)
	}
}

func TestConfigCommandFlags(t *testing.T) {
	path := writeFile(t, "config.toml", "duration = \"10m\"\ntheme = \"dark\"\n[patterns.evening]\ninhale = 4\nexhale = 8\n")
	code, out, errs := runAttune(t, "config", "--config", path, "--duration", "5m", "--pattern", "evening", "--no-history")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"duration       = 5m0s                          # flag",
		`pattern        = "evening"                     # flag`,
		`theme          = "dark"                        # file`,
		"history        = false                         # flag",
		"target         = 6                             # default",
	} {
		if !strings.Contains(squeeze(out), squeeze(want)) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, _, errs = runAttune(t, "config", "--config", path, "--pattern", "dusk")
	if code != exitUsage || !strings.Contains(errs, "--pattern") {
		t.Errorf("bad flag: exit %d, %q", code, errs)
	}
}

func TestConfigCommandErrors(t *testing.T) {
	tests := []struct {
		name string
		args func(t *testing.T) []string
		want string
	}{
		{"bad value", func(t *testing.T) []string {
			return []string{"config", "--config", writeFile(t, "c.toml", "\ntarget = 40\n")}
		}, "c.toml:2:10: target: 40 breaths per minute is out of range; accepted: a number of breaths per minute from 4 to 10"},
		{"syntax", func(t *testing.T) []string {
			return []string{"config", "--config", writeFile(t, "c.toml", "duration = \n")}
		}, "c.toml:1:"},
		{"clash with built-in", func(t *testing.T) []string {
			return []string{"patterns", "--config", writeFile(t, "c.toml", "[patterns.box]\ninhale = 4\nexhale = 4\n")}
		}, `patterns.box: "box" is the name of a built-in pattern`},
		{"missing explicit file", func(t *testing.T) []string {
			return []string{"stats", "--config", filepath.Join(t.TempDir(), "none.toml")}
		}, "does not exist"},
		{"negative width", func(t *testing.T) []string { return []string{"stats", "--width", "-3"} }, "--width -3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runAttune(t, tt.args(t)...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(errs, tt.want) || strings.Count(errs, "\n") != 1 {
				t.Errorf("stderr = %q, want one line with %q", errs, tt.want)
			}
		})
	}
}

func TestConfigInit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "attune", "config.toml")
	if code, out, errs := runAttune(t, "config", "init", "--config", path); code != exitOK || !strings.Contains(out, path) {
		t.Fatalf("init: %d %q %q", code, out, errs)
	}
	if code, _, errs := runAttune(t, "config", "init", "--config", path); code != exitUsage || !strings.Contains(errs, "--force") {
		t.Fatalf("second init: %d %q", code, errs)
	}
	if code, _, errs := runAttune(t, "config", "init", "--config", path, "--force"); code != exitOK {
		t.Fatalf("forced init: %d %q", code, errs)
	}
	if code, _, errs := runAttune(t, "config", "--config", path); code != exitOK || errs != "" {
		t.Fatalf("the written file does not load cleanly: %d %q", code, errs)
	}
}

func TestApplyFlags(t *testing.T) {
	fs := pflag.NewFlagSet("attune", pflag.ContinueOnError)
	fs.Duration("duration", 0, "")
	fs.String("theme", "", "")
	fs.Bool("no-history", false, "")
	fs.StringSlice("sound", nil, "")
	fs.Float64("target", 0, "")
	if err := fs.Parse([]string{"--duration", "7m", "--no-history", "--sound", "tones,breath"}); err != nil {
		t.Fatal(err)
	}
	cfg, src, _, err := store.ParseConfig("c.toml", []byte("duration = \"10m\"\ntheme = \"light\"\nhistory = true\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := applyFlags(fs, &cfg, src); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		key, value string
		from       store.Source
	}{
		{store.KeyDuration, "7m0s", store.FromFlag},
		{store.KeyTheme, `"light"`, store.FromFile},
		{store.KeyHistory, "false", store.FromFlag},
		{store.KeySound, `["tones", "breath"]`, store.FromFlag},
		{store.KeyTarget, "6", store.FromDefault},
	}
	for _, c := range checks {
		if got := cfg.Value(c.key); got != c.value || src.Of(c.key) != c.from {
			t.Errorf("%s = %s from %v, want %s from %v", c.key, got, src.Of(c.key), c.value, c.from)
		}
	}
	bad := pflag.NewFlagSet("attune", pflag.ContinueOnError)
	bad.Float64("target", 0, "")
	_ = bad.Parse([]string{"--target", "50"})
	if err := applyFlags(bad, &cfg, src); err == nil || !strings.Contains(err.Error(), "--target") {
		t.Errorf("bad flag value: %v", err)
	}
}

func TestPatternsCommand(t *testing.T) {
	path := writeFile(t, "config.toml", "[patterns.evening]\ndescription = \"wind down\"\ninhale = 4\nexhale = 8\n")
	code, out, errs := runAttune(t, "patterns", "--config", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"  coherent  5-0-6", "  478       4-7-8    3.2/min  4 in, 7 hold", "Your patterns (*)", "* evening   4-0-8    5.0/min  wind down"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestStatsCommand(t *testing.T) {
	hist := filepath.Join(t.TempDir(), "history.jsonl")
	cfg := writeFile(t, "config.toml", "")

	code, out, errs := runAttune(t, "stats", "--config", cfg, "--history-file", hist)
	if code != exitOK || !strings.Contains(out, "No sessions yet.") {
		t.Fatalf("empty history: %d %q %q", code, out, errs)
	}

	now := time.Now()
	for i := range 5 {
		start := now.AddDate(0, 0, -i).Add(-time.Minute)
		r := store.Record{Start: start, End: start.Add(time.Minute), Planned: 5 * time.Minute, Actual: 5 * time.Minute,
			Breaths: 30, NaturalBPM: 12 - float64(i), EndBPM: 6, Lock: -1, Ended: store.Completed}
		if err := store.Append(hist, r); err != nil {
			t.Fatal(err)
		}
	}
	f, _ := os.OpenFile(hist, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"v":1,"torn`)
	f.Close()

	for _, width := range []string{"80", "40"} {
		code, out, errs = runAttune(t, "stats", "--config", cfg, "--history-file", hist, "--width", width)
		if code != exitOK {
			t.Fatalf("stats: %d %q", code, errs)
		}
		if strings.Contains(out, "\x1b") {
			t.Errorf("escape codes written to a pipe")
		}
		for _, l := range strings.Split(out, "\n") {
			if ansi.StringWidth(l) > map[string]int{"80": 80, "40": 40}[width] {
				t.Errorf("line wider than %s: %q", width, l)
			}
		}
		if !strings.Contains(out, "skipped") {
			t.Errorf("skipped line not reported:\n%s", out)
		}
	}

	code, out, _ = runAttune(t, "stats", "--config", cfg, "--history-file", hist, "--json")
	var st store.Stats
	if code != exitOK || json.Unmarshal([]byte(out), &st) != nil {
		t.Fatalf("json: %d %q", code, out)
	}
	if st.Sessions != 5 || st.CurrentStreak != 5 || st.Skipped != 1 || len(st.Trend) != 5 {
		t.Errorf("json stats: %d sessions, streak %d, %d skipped, %d trend points", st.Sessions, st.CurrentStreak, st.Skipped, len(st.Trend))
	}
}

func TestResolvePatternForRoot(t *testing.T) {
	cfg, _, _, err := store.ParseConfig("c.toml", []byte("[patterns.evening]\ninhale = 4\nexhale = 8\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"evening", "box", "4-7-8"} {
		if _, err := resolvePattern(cfg, name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err = resolvePattern(cfg, "dusk")
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "sigh, evening") {
		t.Errorf("unknown pattern: %v", err)
	}
}

// squeeze folds runs of spaces, so column widths do not matter.
func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }
