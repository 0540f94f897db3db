package store

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from golden file:\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

func TestConfigErrorsGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "config", "*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no config cases: %v", err)
	}
	for _, file := range files {
		base := filepath.Base(file)
		t.Run(strings.TrimSuffix(base, ".toml"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cfg, src, _, err := ParseConfig(base, data)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error = %v, want a *ConfigError", err)
			}
			if ce.Line < 1 || ce.Col < 1 {
				t.Errorf("error has no position: %+v", ce)
			}
			if ce.Msg == "" || ce.Accepted == "" {
				t.Errorf("error must say what was wrong and what is accepted: %+v", ce)
			}
			if !reflect.DeepEqual(cfg, Default()) || len(src) != 0 {
				t.Errorf("a bad file must give the defaults, got %+v %v", cfg, src)
			}
			if strings.Contains(ce.Error(), "\n") {
				t.Errorf("error is not one line: %q", ce.Error())
			}
			golden(t, filepath.Join("config", strings.TrimSuffix(base, ".toml")+".golden"), ce.Error()+"\n")
		})
	}
}

func TestConfigTooBig(t *testing.T) {
	data := []byte("# " + strings.Repeat("x", maxConfigSize) + "\n")
	_, _, _, err := ParseConfig("big.toml", data)
	var ce *ConfigError
	if !errors.As(err, &ce) || !strings.Contains(ce.Error(), "at most") {
		t.Fatalf("error = %v, want a size complaint", err)
	}
}

func TestConfigErrorPosition(t *testing.T) {
	tests := []struct {
		data      string
		key       string
		line, col int
	}{
		{"duration = true\n", "duration", 1, 12},
		{"\n\n  theme = 'x'\n", "theme", 3, 11},
		{"[volume]\nvoice = 0.1\ntones = 7\n", "volume.tones", 3, 9},
		{"[patterns.evening]\ninhale = 4\nexhale = 40\n", "patterns.evening", 1, 1},
		{"volume = { voice = 3 }\n", "volume.voice", 1, 12},
	}
	for _, tt := range tests {
		_, _, _, err := ParseConfig("c.toml", []byte(tt.data))
		var ce *ConfigError
		if !errors.As(err, &ce) {
			t.Fatalf("%q: error = %v", tt.data, err)
		}
		if ce.Key != tt.key || ce.Line != tt.line || ce.Col != tt.col {
			t.Errorf("%q: got %s at %d:%d, want %s at %d:%d", tt.data, ce.Key, ce.Line, ce.Col, tt.key, tt.line, tt.col)
		}
	}
}

func TestConfigWarnings(t *testing.T) {
	data := "durration = \"5m\"\ntheme = \"dark\"\ncolour = \"blue\"\n[volume]\nvoices = 0.2\n[patterns.evening]\ninhale = 4\nexale = 8\nexhale = 8\n"
	cfg, src, warns, err := ParseConfig("c.toml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Duration != Default().Duration || src.Of(KeyDuration) != FromDefault {
		t.Errorf("a misspelt key must not set anything: %v from %v", cfg.Duration, src.Of(KeyDuration))
	}
	if cfg.Theme != "dark" || src.Of(KeyTheme) != FromFile {
		t.Errorf("theme = %q from %v", cfg.Theme, src.Of(KeyTheme))
	}
	var got []string
	for _, w := range warns {
		got = append(got, w.String())
	}
	want := []string{
		`c.toml:1:13: unknown key "durration" ignored (did you mean "duration"?)`,
		`c.toml:3:10: unknown key "colour" ignored`,
		`c.toml:5:10: unknown key "volume.voices" ignored (did you mean "volume.voice"?)`,
		`c.toml:8:9: unknown key "patterns.evening.exale" ignored (did you mean "patterns.evening.exhale"?)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings:\n got %q\nwant %q", got, want)
	}
}

func TestConfigManyWarnings(t *testing.T) {
	var b strings.Builder
	for i := range 50 {
		fmt.Fprintf(&b, "k%d = %d\n", i, i)
	}
	_, _, warns, err := ParseConfig("c.toml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != maxWarnings+1 || warns[maxWarnings].String() != "c.toml: 30 more unknown keys ignored" {
		t.Fatalf("%d warnings, last %v", len(warns), warns[len(warns)-1])
	}
}

func TestConfigPrecedence(t *testing.T) {
	file := `
duration = "10m"
target = 5.5
lead = false
sound = ["tones"]
show_seconds = true
[volume]
tones = 0.2
[patterns.evening]
description = "wind down"
inhale = 4
exhale = 8
`
	type flagSet struct{ key, value string }
	tests := []struct {
		name  string
		file  string
		flags []flagSet
		key   string
		want  string
		from  Source
	}{
		{"default", "", nil, KeyDuration, "3m0s", FromDefault},
		{"file beats default", file, nil, KeyDuration, "10m0s", FromFile},
		{"flag beats file", file, []flagSet{{KeyDuration, "2m"}}, KeyDuration, "2m0s", FromFlag},
		{"flag beats default", "", []flagSet{{KeyTheme, "light"}}, KeyTheme, `"light"`, FromFlag},
		{"file target", file, nil, KeyTarget, "5.5", FromFile},
		{"flag target", file, []flagSet{{KeyTarget, "6.5"}}, KeyTarget, "6.5", FromFlag},
		{"lead unset is auto", "", nil, KeyLead, "auto", FromDefault},
		{"lead from file", file, nil, KeyLead, "false", FromFile},
		{"lead flag", file, []flagSet{{KeyLead, "true"}}, KeyLead, "true", FromFlag},
		{"sound from file", file, nil, KeySound, `["tones"]`, FromFile},
		{"sound none by flag", file, []flagSet{{KeySound, "none"}}, KeySound, `[]`, FromFlag},
		{"volume from file", file, nil, KeyVolumeTones, "0.2", FromFile},
		{"other volume default", file, nil, KeyVolumeVoice, "0.9", FromDefault},
		{"history off by flag", file, []flagSet{{KeyHistory, "false"}}, KeyHistory, "false", FromFlag},
		{"named pattern by flag", file, []flagSet{{KeyPattern, "evening"}}, KeyPattern, `"evening"`, FromFlag},
		{"show seconds from file", file, nil, KeyShowSeconds, "true", FromFile},
		{"summary by default", "", nil, KeySummary, "true", FromDefault},
		{"summary off in file", "summary = false\n", nil, KeySummary, "false", FromFile},
		{"summary by flag", "summary = false\n", []flagSet{{KeySummary, "true"}}, KeySummary, "true", FromFlag},
		{"no plan model by default", "", nil, KeyPlanURL, `""`, FromDefault},
		{"plan url from file", planFile, nil, KeyPlanURL, `"http://localhost:11434/v1"`, FromFile},
		{"plan model from file", planFile, nil, KeyPlanModel, `"llama3.2"`, FromFile},
		{"plan model by flag", planFile, []flagSet{{KeyPlanModel, "qwen2.5:3b"}}, KeyPlanModel, `"qwen2.5:3b"`, FromFlag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, src, warns, err := ParseConfig("c.toml", []byte(tt.file))
			if err != nil || len(warns) > 0 {
				t.Fatalf("parse: %v %v", err, warns)
			}
			for _, f := range tt.flags {
				if err := cfg.Set(f.key, f.value, src, FromFlag); err != nil {
					t.Fatal(err)
				}
			}
			if got := cfg.Value(tt.key); got != tt.want {
				t.Errorf("%s = %s, want %s", tt.key, got, tt.want)
			}
			if got := src.Of(tt.key); got != tt.from {
				t.Errorf("%s from %v, want %v", tt.key, got, tt.from)
			}
		})
	}
}

// planFile sets the model attune plan asks.
const planFile = "[plan]\nurl = \"http://localhost:11434/v1\"\nmodel = \"llama3.2\"\n"

func TestConfigSetRejects(t *testing.T) {
	tests := []struct{ key, value, want string }{
		{KeyDuration, "forever", "accepted: a duration"},
		{KeyDuration, "5s", "out of range"},
		{KeyPattern, "9-9", "accepted: a built-in"},
		{KeyTarget, "30", "accepted: a number of breaths"},
		{KeyLead, "maybe", "true or false"},
		{KeySound, "voice,rain", `"rain" is not a sound layer`},
		{KeyVolumeVoice, "2", "from 0 (silent) to 1"},
		{KeyVoice, "../x", "voice pack name"},
		{KeyTheme, "pink", `"auto", "dark" or "light"`},
		{KeyHistory, "nah", "true or false"},
		{KeySummary, "quiet", "true or false"},
		{KeyPlanURL, "localhost:11434", "not an http or https address"},
		{KeyPlanURL, "ftp://example.org/v1", "not an http or https address"},
		{KeyPlanModel, "llama\x00", "not a model's name"},
		{"colour", "red", "unknown setting"},
	}
	for _, tt := range tests {
		cfg, src := Default(), Sources{}
		err := cfg.Set(tt.key, tt.value, src, FromFlag)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Set(%s, %q) = %v, want it to mention %q", tt.key, tt.value, err, tt.want)
		}
		if !reflect.DeepEqual(cfg, Default()) || len(src) != 0 {
			t.Errorf("Set(%s, %q) changed the config on error", tt.key, tt.value)
		}
	}
}

func TestLoadConfigMissingFileIsDefaults(t *testing.T) {
	cfg, src, warns, err := LoadConfig(filepath.Join(t.TempDir(), "nope", "config.toml"))
	if err != nil || len(warns) > 0 || len(src) > 0 {
		t.Fatalf("missing file: %v %v %v", err, warns, src)
	}
	if !reflect.DeepEqual(cfg, Default()) {
		t.Errorf("missing file gave %+v", cfg)
	}
}

func TestLoadConfigNamedPatterns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	data := `pattern = "evening"
[patterns.evening]
description = "wind down"
inhale = 4
hold_in = 1.5
exhale = 8
hold_out = 2
[patterns.morning-sigh]
inhale = 3
top_up = 1
exhale = 6
`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, src, warns, err := LoadConfig(path)
	if err != nil || len(warns) > 0 {
		t.Fatal(err, warns)
	}
	want := pacing.Pattern{Name: "evening", Description: "wind down", Inhale: 4 * time.Second,
		HoldIn: 1500 * time.Millisecond, Exhale: 8 * time.Second, HoldOut: 2 * time.Second}
	if cfg.Patterns["evening"] != want {
		t.Errorf("evening = %+v, want %+v", cfg.Patterns["evening"], want)
	}
	if src.Of(KeyPattern) != FromFile || cfg.Pattern != "evening" {
		t.Errorf("pattern = %q from %v", cfg.Pattern, src.Of(KeyPattern))
	}
	if got := cfg.PatternNames(); !reflect.DeepEqual(got, []string{"evening", "morning-sigh"}) {
		t.Errorf("names = %v", got)
	}
	resolve := []struct {
		name string
		want string
		ok   bool
	}{
		{"evening", "4-1.5-8-2", true},
		{"Evening", "4-1.5-8-2", true},
		{"morning-sigh", "3+1-0-6", true},
		{"box", "4-4-4-4", true},
		{"4-7-8", "4-7-8", true},
		{"dusk", "", false},
		{"", "", false},
	}
	for _, r := range resolve {
		p, ok := ResolvePattern(r.name, cfg)
		if ok != r.ok || (ok && p.String() != r.want) {
			t.Errorf("ResolvePattern(%q) = %v %v, want %v %v", r.name, p, ok, r.want, r.ok)
		}
	}
}

func TestConfigTemplate(t *testing.T) {
	cfg, src, warns, err := ParseConfig("template", []byte(ConfigTemplate))
	if err != nil || len(warns) > 0 || len(src) > 0 {
		t.Fatalf("template: %v %v %v", err, warns, src)
	}
	if !reflect.DeepEqual(cfg, Default()) {
		t.Errorf("template is not the defaults: %+v", cfg)
	}
	// Uncommenting every example must give a valid file with the values the
	// comments claim are the defaults.
	setting := regexp.MustCompile(`^# ?((\[|[a-z_]+ = ).*)$`)
	var lines []string
	for _, l := range strings.Split(ConfigTemplate, "\n") {
		if m := setting.FindStringSubmatch(l); m != nil {
			l = m[1]
		}
		lines = append(lines, l)
	}
	cfg, src, warns, err = ParseConfig("uncommented", []byte(strings.Join(lines, "\n")))
	if err != nil || len(warns) > 0 {
		t.Fatalf("uncommented template: %v %v", err, warns)
	}
	for _, k := range Keys() {
		if k == KeyLead {
			continue // the template shows what auto amounts to
		}
		if src.Of(k) != FromFile {
			t.Errorf("template does not show %s", k)
		}
		if got, want := cfg.Value(k), Default().Value(k); got != want {
			t.Errorf("template shows %s = %s, but the default is %s", k, got, want)
		}
	}
	if _, ok := cfg.Patterns["evening"]; !ok {
		t.Errorf("template's example pattern did not parse")
	}
}

func TestWriteConfigTemplate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "attune", "config.toml")
	if err := WriteConfigTemplate(path, false); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("theme = \"dark\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteConfigTemplate(path, false); !errors.Is(err, ErrConfigExists) {
		t.Fatalf("overwrite without force: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "theme = \"dark\"\n" {
		t.Fatalf("file was changed without force: %q", b)
	}
	if err := WriteConfigTemplate(path, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != ConfigTemplate {
		t.Fatalf("force did not write the template")
	}
}

func TestNearest(t *testing.T) {
	tests := []struct{ in, want string }{
		{"durration", "duration"},
		{"theem", "theme"},
		{"showseconds", "show_seconds"},
		{"reduce_motion", "reduced_motion"},
		{"xyzzy", ""},
		{strings.Repeat("a", 100), ""},
	}
	for _, tt := range tests {
		if got := nearest(tt.in, topKeys); got != tt.want {
			t.Errorf("nearest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(ConfigTemplate))
	f.Add([]byte("duration = \"5m\"\npattern = \"evening\"\n[patterns.evening]\ninhale = 4\nexhale = 8\n"))
	f.Add([]byte("volume = { voice = 3 }\n"))
	f.Add([]byte("[[patterns]]\nx = 1\n"))
	f.Add([]byte("a.b.c = 1\n\"\" = 2\n"))
	files, _ := filepath.Glob(filepath.Join("testdata", "config", "*.toml"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, _, warns, err := ParseConfig("fuzz.toml", data)
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error is not a *ConfigError: %v", err)
			}
			return
		}
		for _, w := range warns {
			if w.Msg == "" {
				t.Fatalf("empty warning")
			}
		}
		if cfg.Duration < MinDuration || cfg.Duration > MaxDuration {
			t.Fatalf("duration %v accepted", cfg.Duration)
		}
		if cfg.Target < MinTarget || cfg.Target > MaxTarget {
			t.Fatalf("target %v accepted", cfg.Target)
		}
		for name, p := range cfg.Patterns {
			if err := p.Validate(); err != nil {
				t.Fatalf("pattern %s accepted: %v", name, err)
			}
			if _, clash := pacing.Builtin(name); clash {
				t.Fatalf("pattern %s clashes with a built-in", name)
			}
		}
		if cfg.Pattern != "" {
			if _, ok := ResolvePattern(cfg.Pattern, cfg); !ok {
				t.Fatalf("default pattern %q accepted but does not resolve", cfg.Pattern)
			}
		}
	})
}

func TestConfigQuotedDottedKey(t *testing.T) {
	cfg, src, warns, err := ParseConfig("c.toml", []byte("\"volume.voice\" = 0.2\n"))
	if err != nil || len(warns) != 1 || cfg.Volumes.Voice != Default().Volumes.Voice || len(src) != 0 {
		t.Errorf("a quoted dotted key set a setting: %v %v %+v %v", err, warns, cfg.Volumes, src)
	}
}
