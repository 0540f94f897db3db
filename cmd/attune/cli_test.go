package main

import (
	"bytes"
	"context"
	"github.com/attune-breath/attune/audio"
	"github.com/spf13/cobra"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "unknown flag: --bogus"},
		{[]string{"4-7"}, `pattern "4-7": needs 3 or 4 numbers`},
		{[]string{"--pattern", "zen"}, `pattern "zen"`},
		{[]string{"0.2-0-4"}, "inhale of 0.2s is out of range: accepted 1 to 30 seconds"},
		{[]string{"5x"}, `duration "5x": "5x" is not a duration; accepted: 10s to 4h`},
		{[]string{"5s"}, `duration "5s": 5s is out of range; accepted: 10s to 4h`},
		{[]string{"--duration", "5h"}, `--duration: duration "5h": 5h0m0s is out of range; accepted: a duration from 10s to 4h`},
		{[]string{"--target", "30"}, "target"},
		{[]string{"--sound", "loud"}, "sound"},
		{[]string{"--volume-voice", "300"}, "volume-voice"},
		{[]string{"--unguided", "soon"}, `--unguided "soon" is not a duration`},
		{[]string{"1m", "--unguided", "2m"}, "as long as the session"},
		{[]string{"--theme", "pink"}, "theme"},
		{[]string{"--config", "/nonexistent/attune.toml"}, "does not exist"},
		{[]string{"--breath-input", "/nonexistent/fifo"}, "--breath-input /nonexistent/fifo"},
		{[]string{"-d", "-3"}, `duration "-3"`},
		{[]string{"box", "478"}, "two patterns given"},
		{[]string{"1m", "2m"}, "two durations given"},
		{[]string{"box", "1m", "x"}, "accepts at most 2 arg(s)"},
		{[]string{"--duration"}, "flag needs an argument"},
		{[]string{"box", "--accompany"}, "--accompany keeps you company at your own pace: accepted without a pattern"},
		{[]string{"--accompany", "--no-lead"}, "--accompany"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), tt.args, strings.NewReader(""), &out, &errb)
			if code != exitUsage {
				t.Fatalf("exit code %d, want %d (stderr %q)", code, exitUsage, errb.String())
			}
			msg := errb.String()
			if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "attune: ") {
				t.Fatalf("want one line starting with 'attune: ', got %q", msg)
			}
			if !strings.Contains(msg, tt.want) {
				t.Fatalf("stderr %q does not say %q", msg, tt.want)
			}
			if out.Len() != 0 {
				t.Fatalf("nothing should reach stdout, got %q", out.String())
			}
		})
	}
}

func TestHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"--help"}, nil, &out, &errb); code != 0 {
		t.Fatalf("--help exit %d", code)
	}
	for _, want := range []string{"attune box 2m", "tmux display-popup -E attune 1m", "--pattern", "--duration", "--plain", "10s to 4h"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

// setupFor builds the session the words and flags args ask for, with an
// empty config file and no history.
func setupFor(t *testing.T, args ...string) (*setup, error) {
	t.Helper()
	su, _, err := setupCmd(t, args...)
	return su, err
}

// setupCmd is setupFor that also gives the command, for reading its flags.
func setupCmd(t *testing.T, args ...string) (*setup, *cobra.Command, error) {
	t.Helper()
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := newRootCmd()
	if err := cmd.ParseFlags(append([]string{"--config", cfg, "--no-history"}, args...)); err != nil {
		return nil, cmd, err
	}
	su, err := newSetup(cmd, cmd.Flags().Args())
	return su, cmd, err
}

func TestSoundFromFlags(t *testing.T) {
	tests := []struct {
		args   []string
		layers string
		voice  float64
	}{
		{nil, "voice,tones", 0.9},
		{[]string{"--sound", "off"}, "off", 0.9},
		{[]string{"--sound", "none"}, "off", 0.9},
		{[]string{"--sound", "voice,breath", "--volume-voice", "50"}, "voice,breath", 0.5},
	}
	for _, tt := range tests {
		su, cmd, err := setupCmd(t, tt.args...)
		if err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		o, err := soundFromConfig(cmd, su.cfg)
		if err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		if o.Layers.String() != tt.layers || o.Volume[audio.LayerVoice] != tt.voice {
			t.Errorf("%v: layers %s, voice volume %v; want %s, %v", tt.args, o.Layers, o.Volume[audio.LayerVoice], tt.layers, tt.voice)
		}
	}
}

func TestSessionFromWords(t *testing.T) {
	tests := []struct {
		args     []string
		label    string
		duration time.Duration
		mode     string
	}{
		{nil, "attuned", 3 * time.Minute, "lead"},
		{[]string{"5m"}, "attuned", 5 * time.Minute, "lead"},
		{[]string{"box"}, "box", 3 * time.Minute, "pattern"},
		{[]string{"box", "2m"}, "box", 2 * time.Minute, "pattern"},
		{[]string{"2m", "box"}, "box", 2 * time.Minute, "pattern"},
		{[]string{"4-7-8", "90s"}, "4-7-8", 90 * time.Second, "pattern"},
		{[]string{"478"}, "478", 3 * time.Minute, "pattern"},
		{[]string{"10"}, "attuned", 10 * time.Minute, "lead"},
		{[]string{"1h30m"}, "attuned", 90 * time.Minute, "lead"},
		{[]string{"--pattern", "478", "--duration", "90s"}, "478", 90 * time.Second, "pattern"},
		{[]string{"--no-lead"}, "", 3 * time.Minute, "follow"},
		{[]string{"box", "--lead"}, "", 3 * time.Minute, "lead"},
		{[]string{"--accompany", "10m"}, "accompanied", 10 * time.Minute, "follow"},
	}
	for _, tt := range tests {
		su, err := setupFor(t, tt.args...)
		if err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		p := su.sess.Plan()
		if (tt.label != "" && p.Label != tt.label) || p.Duration != tt.duration || su.mode != tt.mode {
			t.Errorf("%v: %q for %v (%s), want %q for %v (%s)", tt.args, p.Label, p.Duration, su.mode, tt.label, tt.duration, tt.mode)
		}
	}
}

// virtual is a clock that moves only when waited on.
type virtual struct{ now time.Duration }

func (v *virtual) clock() time.Duration { return v.now }
func (v *virtual) wait(_ context.Context, d time.Duration) bool {
	v.now += d
	return true
}

func TestPlainOutput(t *testing.T) {
	su, err := setupFor(t, "4-2-6", "30s")
	if err != nil {
		t.Fatal(err)
	}
	s := su.sess
	var out bytes.Buffer
	v := &virtual{}
	if err := runPlain(context.Background(), s, &out, v.clock, v.wait); err != nil {
		t.Fatal(err)
	}
	want := `00:00 get comfortable… (3s)
00:03 breathe in (4s)
00:07 hold (2s)
00:09 breathe out (6s)
00:15 breathe in (4s)
00:19 hold (2s)
00:21 breathe out (6s)
00:27 well done
`
	if out.String() != want {
		t.Fatalf("plain output:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestPlainInterrupted(t *testing.T) {
	su, err := setupFor(t, "coherent")
	if err != nil {
		t.Fatal(err)
	}
	s := su.sess
	var out bytes.Buffer
	v := &virtual{}
	n := 0
	wait := func(ctx context.Context, d time.Duration) bool {
		n++
		if n == 3 {
			return false // as if ctrl+c arrived
		}
		return v.wait(ctx, d)
	}
	if err := runPlain(context.Background(), s, &out, v.clock, wait); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[2], "breathe out") {
		t.Fatalf("interrupted plain output:\n%s", out.String())
	}
}

func TestPlainListensOnce(t *testing.T) {
	su, err := setupFor(t, "30s")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	v := &virtual{}
	if err := runPlain(context.Background(), su.sess, &out, v.clock, v.wait); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if n := strings.Count(got, "breathe at your own pace"); n != 1 {
		t.Fatalf("listening printed %d times:\n%s", n, got)
	}
	if !strings.HasPrefix(got, "00:00 get comfortable… (3s)\n00:03 breathe at your own pace\n") || !strings.Contains(got, "breathe in (") {
		t.Fatalf("plain output of a default session:\n%s", got)
	}
}

func TestSummarySetting(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want bool
	}{
		{[]string{"30s"}, true},
		{[]string{"30s", "--no-summary"}, false},
	} {
		su, err := setupFor(t, tt.args...)
		if err != nil {
			t.Fatal(err)
		}
		if su.cfg.Summary != tt.want {
			t.Errorf("%v: summary %v, want %v", tt.args, su.cfg.Summary, tt.want)
		}
	}
}

// TestAccompanyOverConfig: --accompany sets aside the config file's
// default pattern and its lead.
func TestAccompanyOverConfig(t *testing.T) {
	cfg := writeFile(t, "config.toml", "pattern = \"box\"\nlead = true\n")
	cmd := newRootCmd()
	if err := cmd.ParseFlags([]string{"--config", cfg, "--no-history", "--accompany"}); err != nil {
		t.Fatal(err)
	}
	su, err := newSetup(cmd, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p := su.sess.Plan(); p.Label != "accompanied" || su.mode != "follow" || su.pattern != "" {
		t.Errorf("%q (%s, pattern %q); want accompanied, follow, no pattern", p.Label, su.mode, su.pattern)
	}
}
