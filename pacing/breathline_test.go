package pacing

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseBreathLine(t *testing.T) {
	tests := []struct {
		line    string
		kind    EventKind
		ms      int64
		hasTime bool
		err     string // "" ok, "blank" ErrBlankLine, else a substring
	}{
		{"in", BreathIn, 0, false, ""},
		{"out", BreathOut, 0, false, ""},
		{"  IN\r", BreathIn, 0, false, ""},
		{"Out\t", BreathOut, 0, false, ""},
		{"in 1767225600000", BreathIn, 1767225600000, true, ""},
		{"out\t1767225600123", BreathOut, 1767225600123, true, ""},
		{"in 0", BreathIn, 0, true, ""},
		{"", 0, 0, false, "blank"},
		{"   ", 0, 0, false, "blank"},
		{"# a comment", 0, 0, false, "blank"},
		{"inhale", 0, 0, false, "starts with"},
		{"breath in", 0, 0, false, "starts with"},
		{"in -5", 0, 0, false, "not a Unix time"},
		{"in 12.5", 0, 0, false, "not a Unix time"},
		{"in 1e9", 0, 0, false, "not a Unix time"},
		{"in 99999999999999999999", 0, 0, false, "out of range"},
		{"in 253402300800000", 0, 0, false, "out of range"},
		{"in 5 6", 0, 0, false, "too many fields"},
	}
	for _, tt := range tests {
		kind, ms, has, err := ParseBreathLine(tt.line)
		switch {
		case tt.err == "":
			if err != nil || kind != tt.kind || ms != tt.ms || has != tt.hasTime {
				t.Errorf("ParseBreathLine(%q) = %v, %d, %v, %v; want %v, %d, %v, nil", tt.line, kind, ms, has, err, tt.kind, tt.ms, tt.hasTime)
			}
		case tt.err == "blank":
			if !errors.Is(err, ErrBlankLine) {
				t.Errorf("ParseBreathLine(%q) error = %v, want ErrBlankLine", tt.line, err)
			}
		default:
			if err == nil || !strings.Contains(err.Error(), tt.err) || errors.Is(err, ErrBlankLine) {
				t.Errorf("ParseBreathLine(%q) error = %v, want one containing %q", tt.line, err, tt.err)
			}
		}
	}
}

func FuzzParseBreathLine(f *testing.F) {
	for _, s := range []string{"in", "out", "in 1767225600000", " OUT 12 ", "", "#", "in -1", "in 1 2", "ïn", "in \u00a0 5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		kind, ms, has, err := ParseBreathLine(line)
		if err != nil {
			if utf8.ValidString(line) && !utf8.ValidString(err.Error()) {
				t.Fatalf("error for valid UTF-8 input is not valid UTF-8: %q", err)
			}
			if kind != 0 || ms != 0 || has {
				t.Fatalf("error %v came with values %v %d %v", err, kind, ms, has)
			}
			return
		}
		if kind != BreathIn && kind != BreathOut {
			t.Fatalf("kind %d", kind)
		}
		if ms < 0 || ms > maxUnixMS || (!has && ms != 0) {
			t.Fatalf("time %d (has %v)", ms, has)
		}
		// What parses reads back the same when written in canonical form.
		canon := kind.String()
		if has {
			canon += " " + strconv.FormatInt(ms, 10)
		}
		k2, ms2, has2, err2 := ParseBreathLine(canon)
		if err2 != nil || k2 != kind || ms2 != ms || has2 != has {
			t.Fatalf("%q parsed as %v %d %v but its canonical %q as %v %d %v %v", line, kind, ms, has, canon, k2, ms2, has2, err2)
		}
	})
}
