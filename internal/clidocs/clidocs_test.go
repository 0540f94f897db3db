package clidocs

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// tree is a small command tree like attune's: a root with flags, a
// subcommand with a laid-out help paragraph, and a hidden one.
func tree() *cobra.Command {
	root := &cobra.Command{Use: "attune", Short: "A terminal breathing companion",
		Long: "attune breathes with you.\n\nPatterns: in-hold-out[-hold], such as 4-7-8; a *star* and a_word.",
		Run:  func(*cobra.Command, []string) {}}
	root.Flags().String("config", "", "config file (default /home/me/.config/attune/config.toml)")
	serve := &cobra.Command{Use: "serve", Short: "Breathe together over SSH",
		Long: "attune serve is an SSH server.\n\n  ssh -p 2222 host        the room lobby\n  ssh -p 2222 calm@host   the room calm",
		Run:  func(*cobra.Command, []string) {}}
	hidden := &cobra.Command{Use: "docs", Hidden: true, Run: func(*cobra.Command, []string) {}}
	root.AddCommand(serve, hidden)
	return root
}

func write(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := Write(tree(), Options{Dir: dir, Source: "attune 1.2.0", Date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Replace: map[string]string{"/home/me/.config": "$XDG_CONFIG_HOME"}})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func gunzip(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return string(b)
}

func TestWriteManPages(t *testing.T) {
	dir := write(t)
	names, err := filepath.Glob(filepath.Join(dir, "man", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range names {
		got = append(got, filepath.Base(n))
	}
	// cobra adds the completion command and its shells; the hidden command
	// has no page.
	want := "attune-completion-bash.1.gz attune-completion-fish.1.gz attune-completion-powershell.1.gz attune-completion-zsh.1.gz attune-completion.1.gz attune-serve.1.gz attune.1.gz"
	if strings.Join(got, " ") != want {
		t.Fatalf("man pages:\n %s\nwant\n %s", strings.Join(got, " "), want)
	}
	root := gunzip(t, filepath.Join(dir, "man", "attune.1.gz"))
	for _, s := range []string{
		`.TH "ATTUNE" "1" "Dec 2026" "attune 1.2.0" "attune manual"`,
		"attune - A terminal breathing companion",
		"$XDG_CONFIG_HOME/attune/config.toml",
		`a *star* and a_word`,
		"attune-serve(1)",
	} {
		if !strings.Contains(root, s) {
			t.Errorf("attune.1 lacks %q:\n%s", s, root)
		}
	}
	for _, s := range []string{"/home/me", "Auto generated", "docs"} {
		if strings.Contains(root, s) {
			t.Errorf("attune.1 has %q:\n%s", s, root)
		}
	}
	serve := gunzip(t, filepath.Join(dir, "man", "attune-serve.1.gz"))
	// The laid-out lines keep their line breaks (a no-fill block).
	if !strings.Contains(serve, ".EX\n  ssh -p 2222 host        the room lobby\n  ssh -p 2222 calm@host   the room calm\n.EE") {
		t.Errorf("attune-serve.1 does not keep the laid-out lines:\n%s", serve)
	}
}

func TestWriteIsReproducible(t *testing.T) {
	a, b := write(t), write(t)
	for _, name := range []string{"man/attune.1.gz", "man/attune-serve.1.gz", "completions/attune.bash"} {
		x, err := os.ReadFile(filepath.Join(a, name))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

func TestWriteCompletions(t *testing.T) {
	dir := write(t)
	for file, want := range map[string]string{
		"attune.bash": "complete -o default -F __start_attune attune",
		"attune.zsh":  "#compdef attune",
		"attune.fish": "complete -c attune",
	} {
		b, err := os.ReadFile(filepath.Join(dir, "completions", file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %q", file, want)
		}
	}
}

func TestMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words", "plain words"},
		{"a *b* c_d [e] `f` #g <h> \\i", `a \*b\* c\_d \[e] \` + "`f\\`" + ` \#g \<h> \\i`},
		{"one\n\n  laid out\n  lines\n\nafter", "one\n\n```\n  laid out\n  lines\n```\n\nafter"},
		{"\n\ntrimmed\n\n", "trimmed"},
	}
	for _, tt := range tests {
		if got := Markdown(tt.in); got != tt.want {
			t.Errorf("Markdown(%q) =\n%q\nwant\n%q", tt.in, got, tt.want)
		}
	}
}
