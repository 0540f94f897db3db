package serve

import (
	"strings"
	"testing"
	"time"
	"unicode"
)

func TestParseTarget(t *testing.T) {
	for _, tc := range []struct {
		user    string
		command []string
		want    Target
		err     string
	}{
		{"", nil, Target{Room: "lobby"}, ""},
		{"calm", nil, Target{Room: "calm"}, ""},
		{"alice", []string{"night-owls"}, Target{Room: "night-owls"}, ""},
		{"x", []string{"calm", "box"}, Target{Room: "calm", Pattern: "box"}, ""},
		{"x", []string{"calm", "BOX"}, Target{Room: "calm", Pattern: "box"}, ""},
		{"x", []string{"calm", "4-7-8"}, Target{Room: "calm", Pattern: "4-7-8"}, ""},
		{"x", []string{"calm", "4.0-7-8.00"}, Target{Room: "calm", Pattern: "4-7-8"}, ""},
		{"x", []string{"calm", "bogus"}, Target{}, `pattern "bogus"`},
		{"x", []string{"calm", "box", "more"}, Target{}, `duration "more" not accepted: 10s to 4h`},
		{"x", []string{"calm", "box", "5m"}, Target{Room: "calm", Pattern: "box", Length: 5 * time.Minute}, ""},
		{"x", []string{"calm", "4-7-8", "1h30m"}, Target{Room: "calm", Pattern: "4-7-8", Length: 90 * time.Minute}, ""},
		{"x", []string{"calm", "90s"}, Target{Room: "calm", Length: 90 * time.Second}, ""},
		{"x", []string{"calm", "10"}, Target{Room: "calm", Length: 10 * time.Minute}, ""},
		{"x", []string{"calm", "478", "2.5"}, Target{Room: "calm", Pattern: "478", Length: 150 * time.Second}, ""},
		{"x", []string{"calm", "5s"}, Target{}, `duration "5s" not accepted: 10s to 4h`},
		{"x", []string{"calm", "box", "5h"}, Target{}, `duration "5h" not accepted`},
		{"x", []string{"calm", "box", "5x"}, Target{}, `duration "5x" not accepted`},
		{"x", []string{"calm", "box", "-5m"}, Target{}, `duration "-5m" not accepted`},
		{"x", []string{"calm", "5m", "box"}, Target{}, "too many words"},
		{"x", []string{"calm", "box", "5m", "more"}, Target{}, "too many words"},
		{"x", []string{"calm", "box", "9\x1b[2J"}, Target{}, `duration "9\x1b[2J" not accepted`},
		{"x", []string{"calm", "box", "9\x1b[2J" + strings.Repeat("9", 60)}, Target{}, `duration "9\x1b[2J999`},
		{"Alice", nil, Target{}, `room "Alice" not accepted: 1 to 32 of a-z, 0-9 and -`},
		{"x", []string{"room!"}, Target{}, `room "room!" not accepted`},
		{"x", []string{""}, Target{}, `room "" not accepted`},
		{"x", []string{"\x1b[2J\x1b]0;owned\x07"}, Target{}, `room "\x1b[2J\x1b]0;owned\a" not accepted`},
		{"x", []string{strings.Repeat("a", 33)}, Target{}, "is too long (33 characters)"},
		{strings.Repeat("b", 5000), nil, Target{}, `room "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"… is too long (5000 characters)`},
		{"x", []string{"calm", strings.Repeat("4", 100)}, Target{}, "duration \"4444"},
		{"x", []string{"calm", "b" + strings.Repeat("4", 100)}, Target{}, "pattern \"b444"},
	} {
		got, err := ParseTarget(tc.user, tc.command)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("ParseTarget(%q, %q): %v", tc.user, tc.command, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("ParseTarget(%q, %q) error %v, want one saying %s", tc.user, tc.command, err, tc.err)
		case got != tc.want:
			t.Errorf("ParseTarget(%q, %q) = %+v, want %+v", tc.user, tc.command, got, tc.want)
		}
		if err != nil {
			for _, r := range err.Error() {
				if !unicode.IsPrint(r) || len(err.Error()) > 400 {
					t.Errorf("ParseTarget(%q…) error is not one printable line: %q", tc.user[:min(len(tc.user), 10)], err)
					break
				}
			}
		}
	}
}

func TestStay(t *testing.T) {
	for _, tc := range []struct{ limit, asked, want time.Duration }{
		{4 * time.Hour, 0, 4 * time.Hour},
		{4 * time.Hour, 5 * time.Minute, 5 * time.Minute},
		{time.Hour, 2 * time.Hour, time.Hour},
		{0, 5 * time.Minute, 5 * time.Minute},
		{0, 0, 0},
	} {
		if got := stay(tc.limit, tc.asked); got != tc.want {
			t.Errorf("stay(%v, %v) = %v, want %v", tc.limit, tc.asked, got, tc.want)
		}
	}
}

func TestNameStableAndPrintable(t *testing.T) {
	seen := map[string]bool{}
	for i := range 2000 {
		id := "SHA256:" + strings.Repeat("k", i%7) + string(rune('a'+i%26)) + strings.Repeat("z", i/26)
		n := Name(id)
		if n != Name(id) {
			t.Fatalf("Name(%q) changed between calls", id)
		}
		if !memberName.MatchString(n) || strings.Count(n, "-") != 1 {
			t.Fatalf("Name(%q) = %q, not a plain name", id, n)
		}
		seen[n] = true
	}
	if len(seen) < 500 {
		t.Fatalf("2000 keys gave only %d names", len(seen))
	}
	if Name("SHA256:abc") == Name("session abc") {
		t.Fatal("different ids gave the same name")
	}
}
