package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPaintedTermLeaves: the screen is given back exactly when Bubble
// Tea's own writes left the cursor hidden (it never drew).
func TestPaintedTermLeaves(t *testing.T) {
	cases := []struct {
		name   string
		writes []string
		undo   bool
	}{
		{"stopped before writing", nil, true},
		{"only queries written", []string{"\x1b[?2026$p\x1b]11;?\a"}, true},
		{"drew, then stopped without giving back", []string{"\x1b[>4m\x1b[?1049h\x1b[?25lframe"}, true},
		{"drew and gave back", []string{"\x1b[?1049h\x1b[?25lframe", "\x1b[?1049l\x1b[?25h"}, false},
		{"drew inline and gave back", []string{"\x1b[?25lline", "\r\x1b[J\x1b[?25h"}, false},
		{"gave back in the same write", []string{"\x1b[?25lframe\x1b[?25h"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "term")
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			pt := &paintedTerm{File: f, undo: "UNDO", hidden: true}
			for _, w := range c.writes {
				if _, err := pt.Write([]byte(w)); err != nil {
					t.Fatal(err)
				}
			}
			written := len(strings.Join(c.writes, ""))
			pt.leave()
			pt.leave() // a second call writes nothing more
			b, _ := os.ReadFile(path)
			got, want := string(b[written:]), ""
			if c.undo {
				want = "UNDO"
			}
			if got != want {
				t.Fatalf("leave wrote %q, want %q", got, want)
			}
		})
	}
}
