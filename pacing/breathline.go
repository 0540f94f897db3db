package pacing

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrBlankLine is what ParseBreathLine returns for a line with nothing on
// it (or only a # comment): not a mistake, just nothing to do.
var ErrBlankLine = errors.New("blank line")

// BreathLineForm describes the breath-input line format, for messages.
const BreathLineForm = `"in" or "out", optionally followed by a Unix time in milliseconds, such as "in 1767225600000"`

// maxUnixMS is the latest time a breath line may carry: the year 9999.
const maxUnixMS = 253402300799999

// ParseBreathLine reads one line of breath input: "in" or "out" (any case),
// optionally followed by whitespace and the Unix time of the event in
// milliseconds. Surrounding space is ignored, and so is a line that is
// blank or starts with '#' (ErrBlankLine). Anything else is an error that
// says what was wrong.
func ParseBreathLine(line string) (kind EventKind, unixMS int64, hasTime bool, err error) {
	s := strings.TrimSpace(line)
	if s == "" || strings.HasPrefix(s, "#") {
		return 0, 0, false, ErrBlankLine
	}
	fields := strings.Fields(s)
	switch strings.ToLower(fields[0]) {
	case "in":
		kind = BreathIn
	case "out":
		kind = BreathOut
	default:
		return 0, 0, false, fmt.Errorf("breath line %q: starts with %q; accepted: %s", clip(line), clip(fields[0]), BreathLineForm)
	}
	switch len(fields) {
	case 1:
		return kind, 0, false, nil
	case 2:
		f := fields[1]
		for _, r := range f {
			if r < '0' || r > '9' {
				return 0, 0, false, fmt.Errorf("breath line %q: %q is not a Unix time in milliseconds; accepted: %s", clip(line), clip(f), BreathLineForm)
			}
		}
		ms, err := strconv.ParseInt(f, 10, 64)
		if err != nil || ms > maxUnixMS {
			return 0, 0, false, fmt.Errorf("breath line %q: time %q is out of range; accepted: %s", clip(line), clip(f), BreathLineForm)
		}
		return kind, ms, true, nil
	}
	return 0, 0, false, fmt.Errorf("breath line %q: too many fields; accepted: %s", clip(line), BreathLineForm)
}

// clip shortens s for an error message.
func clip(s string) string {
	const n = 40
	if len(s) <= n {
		return s
	}
	for i := n; i > 0; i-- {
		if !isContinuation(s[i]) {
			return s[:i] + "…"
		}
	}
	return s[:n] + "…"
}

func isContinuation(b byte) bool { return b&0xC0 == 0x80 }
