package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attune-breath/attune/audio/voice"
)

func TestRunTables(t *testing.T) {
	dir := t.TempDir()
	for _, id := range voice.IDs() {
		for n := 1; n <= voice.Variants(id); n++ {
			b, _ := voice.Clip(id, n)
			name := filepath.Join(dir, fmt.Sprintf("%s-%d.ogg", id, n))
			if err := os.WriteFile(name, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var out strings.Builder
	if err := run(&out, []string{"", "copy=" + dir}, true); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"| measure | committed | copy |", "| clips | 32 | 32 |", "out-1 ", "exhale cues falling at the end"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	// The same clips measure the same in both columns.
	for _, line := range strings.Split(got, "\n") {
		if f := strings.Split(line, "|"); len(f) == 5 && !strings.Contains(line, "measure") && f[2] != f[3] {
			t.Errorf("the two columns differ: %s", line)
		}
	}
	if err := os.Remove(filepath.Join(dir, "out-1.ogg")); err != nil {
		t.Fatal(err)
	}
	err := run(&out, []string{dir}, false)
	if err == nil || !strings.Contains(err.Error(), "out-1") {
		t.Errorf("a missing clip: error %v, want one naming out-1", err)
	}
}
