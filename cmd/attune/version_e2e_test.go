package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

func TestVersionCommandAndFlagAgree(t *testing.T) {
	var a, b, errb bytes.Buffer
	if code := run(context.Background(), []string{"version"}, strings.NewReader(""), &a, &errb); code != exitOK {
		t.Fatalf("attune version: exit %d, stderr %q", code, errb.String())
	}
	if code := run(context.Background(), []string{"--version"}, strings.NewReader(""), &b, &errb); code != exitOK {
		t.Fatalf("attune --version: exit %d, stderr %q", code, errb.String())
	}
	if a.String() != b.String() {
		t.Errorf("attune version and attune --version differ:\n%s\n%s", a.String(), b.String())
	}
	checkVersionLines(t, a.String())
	errb.Reset()
	if code := run(context.Background(), []string{"version", "now"}, strings.NewReader(""), &a, &errb); code != exitUsage {
		t.Errorf("attune version now: exit %d, want %d", code, exitUsage)
	}
}

// checkVersionLines checks the four lines of attune version and returns
// them: none is empty and each has its label.
func checkVersionLines(t *testing.T, out string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	labels := []string{"attune ", "commit: ", "built:  ", "go:     "}
	if len(lines) != len(labels) {
		t.Fatalf("attune version printed %d lines, want %d:\n%s", len(lines), len(labels), out)
	}
	for i, l := range lines {
		if !strings.HasPrefix(l, labels[i]) || strings.TrimSpace(strings.TrimPrefix(l, labels[i])) == "" {
			t.Errorf("line %d %q: want %q and a value", i+1, l, labels[i])
		}
	}
	return lines
}

// buildAttune builds cmd/attune as 'go install' or 'go build' would, with
// extra flags, and returns the binary's path. Flags given here win over the
// machine's GOFLAGS (such as -buildvcs=false).
func buildAttune(t *testing.T, flags ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "attune")
	args := append([]string{"build", "-o", bin}, flags...)
	cmd := exec.Command("go", append(args, "./cmd/attune")...)
	cmd.Dir = repoRoot(t)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(cmd.Args[1:], " "), err, out)
	}
	return bin
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func TestVersionOfAPlainGoBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildAttune(t, "-buildvcs=auto") // go's default
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("attune version: %v\n%s", err, out)
	}
	lines := checkVersionLines(t, string(out))
	if !regexp.MustCompile(`^attune (\(devel\)|v\d+\.\d+\.\d+\S*)$`).MatchString(lines[0]) {
		t.Errorf("first line %q: want the module version or (devel)", lines[0])
	}
	if want := fmt.Sprintf("go:     %s %s/%s", runtime.Version(), runtime.GOOS, "amd64"); runtime.GOARCH == "amd64" && lines[3] != want {
		t.Errorf("last line %q, want %q", lines[3], want)
	}
	// Go records the commit of a clone (a .git folder), not of a linked
	// worktree (a .git file) nor of a tree without git.
	head, err := exec.Command("git", "-C", repoRoot(t), "rev-parse", "HEAD").Output()
	fi, statErr := os.Stat(filepath.Join(repoRoot(t), ".git"))
	if err != nil || statErr != nil || !fi.IsDir() {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI runs in a git clone, where the commit must be checked (git: %v, .git: %v)", err, statErr)
		}
		if lines[1] != "commit: unknown" {
			t.Errorf("outside a clone: %q, want commit: unknown", lines[1])
		}
		return
	}
	want := "commit: " + strings.TrimSpace(string(head))
	if lines[1] != want && lines[1] != want+" (with uncommitted changes)" {
		t.Errorf("built in a clone: %q, want %q", lines[1], want)
	}
	if !regexp.MustCompile(`^built:  \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`).MatchString(lines[2]) {
		t.Errorf("built in a clone: %q, want the commit's time", lines[2])
	}
}

func TestVersionOfAReleaseBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	const pkg = "github.com/attune-breath/attune/internal/version"
	bin := buildAttune(t, "-buildvcs=false", "-ldflags",
		"-s -w -X "+pkg+".Version=1.2.3 -X "+pkg+".Commit=0123456789abcdef -X "+pkg+".Date=2026-12-01T17:00:00Z")
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, err := exec.Command(bin, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("attune %s: %v\n%s", args[0], err, out)
		}
		want := fmt.Sprintf("attune 1.2.3\ncommit: 0123456789abcdef\nbuilt:  2026-12-01T17:00:00Z\ngo:     %s %s/%s\n",
			runtime.Version(), runtime.GOOS, runtime.GOARCH)
		if string(out) != want {
			t.Errorf("attune %s:\n%s\nwant\n%s", args[0], out, want)
		}
	}
}
