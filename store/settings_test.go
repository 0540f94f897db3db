package store

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The README's table of settings lies between these lines.
const (
	readmeBegin = "<!-- settings: made from store/settings.go; go test ./store -update rewrites it -->"
	readmeEnd   = "<!-- settings: end -->"
)

// settingsMarkdown is the README's table of settings.
func settingsMarkdown() string {
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	def := Default()
	var b strings.Builder
	b.WriteString("| key | default | what it does | accepted |\n|---|---|---|---|\n")
	for _, s := range settings {
		lit, set := s.kind.literal(&def)
		lit = "`" + lit + "`"
		if !set {
			lit = "unset"
		}
		b.WriteString("| `" + s.key + "` | " + lit + " | " + cell(s.doc) + " | " + cell(s.kind.accepted()) + " |\n")
	}
	for _, g := range groups {
		b.WriteString("| `[" + g.name + "]` | | " + cell(g.doc) + " | " + cell(g.accepted) + " |\n")
	}
	b.WriteString("| `[patterns.NAME]` | | " + cell(patternsDoc) + " | " + cell(patternsAccepted) + ", an optional top_up and a description; " + phaseRanges + " |\n")
	return "\n" + b.String() + "\n"
}

func TestReadmeSettings(t *testing.T) {
	path := filepath.Join("..", "README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	i, j := strings.Index(readme, readmeBegin), strings.Index(readme, readmeEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the lines %q and %q around its table of settings", readmeBegin, readmeEnd)
	}
	i += len(readmeBegin) + 1
	want := settingsMarkdown()
	if *update {
		if err := os.WriteFile(path, []byte(readme[:i]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := readme[i:j]; got != want {
		t.Errorf("README.md's table of settings is not the settings table (go test ./store -update rewrites it):\n--- README ---\n%s--- settings ---\n%s", got, want)
	}
}

func TestSettingsTable(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range settings {
		if seen[s.key] {
			t.Errorf("%s is declared twice", s.key)
		}
		seen[s.key] = true
		var c Config
		if err := s.kind.fromText(&c, s.def); err != nil {
			t.Errorf("%s: the default %q does not parse: %v", s.key, s.def, err)
		}
		if !strings.HasSuffix(s.doc, ".") || s.kind.accepted() == "" {
			t.Errorf("%s: needs a doc sentence and what it accepts", s.key)
		}
		if g := groupOf(s.key); g != "" {
			if _, ok := groupNamed(g); !ok {
				t.Errorf("%s: no table %q in groups", s.key, g)
			}
		}
	}
}

// TestSettingsRoundTrip writes each setting's default as the file would and
// reads it back.
func TestSettingsRoundTrip(t *testing.T) {
	def := Default()
	for _, s := range settings {
		lit, set := s.kind.literal(&def)
		if !set {
			continue
		}
		line := s.key + " = " + lit + "\n"
		if g := groupOf(s.key); g != "" {
			line = "[" + g + "]\n" + strings.TrimPrefix(line, g+".")
		}
		cfg, src, warns, err := ParseConfig("c.toml", []byte(line))
		if err != nil || len(warns) > 0 {
			t.Errorf("%q: %v %v", line, err, warns)
			continue
		}
		if src.Of(s.key) != FromFile || !reflect.DeepEqual(cfg, def) {
			t.Errorf("%q read back as %s from %v", line, cfg.Value(s.key), src.Of(s.key))
		}
	}
}
