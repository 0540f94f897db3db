package serve

import (
	"strings"
	"testing"
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
		{"x", []string{"calm", "box", "more"}, Target{}, "too many words"},
		{"Alice", nil, Target{}, `room "Alice" not accepted: 1 to 32 of a-z, 0-9 and -`},
		{"x", []string{"room!"}, Target{}, `room "room!" not accepted`},
		{"x", []string{""}, Target{}, `room "" not accepted`},
		{"x", []string{"\x1b[2J\x1b]0;owned\x07"}, Target{}, `room "\x1b[2J\x1b]0;owned\a" not accepted`},
		{"x", []string{strings.Repeat("a", 33)}, Target{}, "is too long (33 characters)"},
		{strings.Repeat("b", 5000), nil, Target{}, `room "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"… is too long (5000 characters)`},
		{"x", []string{"calm", strings.Repeat("4", 100)}, Target{}, "pattern \"4444"},
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
