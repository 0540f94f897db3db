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
	dir, count := t.TempDir(), 0
	for _, id := range voice.IDs() {
		for n := 1; n <= voice.Variants(id); n++ {
			b, _ := voice.Clip(id, n)
			name := filepath.Join(dir, fmt.Sprintf("%s-%d.ogg", id, n))
			if err := os.WriteFile(name, b, 0o644); err != nil {
				t.Fatal(err)
			}
			count++
		}
	}
	var out strings.Builder
	if err := run(&out, []string{"copy=" + dir}, true); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	want := fmt.Sprintf("| clips | %d |", count)
	for _, want := range []string{"| measure | copy |", want, "\nout-1 ", "| exhale cues falling at the end | 5/5 |"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	// The clip measured first is missing: one error naming it.
	first := fmt.Sprintf("%s-1", voice.IDs()[0])
	if err := os.Remove(filepath.Join(dir, first+".ogg")); err != nil {
		t.Fatal(err)
	}
	err := run(&out, []string{dir}, false)
	if err == nil || !strings.Contains(err.Error(), first) {
		t.Errorf("a missing clip: error %v, want one naming %s", err, first)
	}
}
