// Package voice holds attune's calm spoken cues: short Ogg Vorbis clips
// (mono, 24 kHz) rendered offline from phrases.tsv by generate.sh and
// embedded in the binary.
//
// Each cue id (such as "in", "out" or "welcome") has one or more variants,
// numbered from 1, so that frequent cues need not sound the same every time.
package voice

import (
	"embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

//go:embed clips/*.ogg
var clips embed.FS

//go:embed phrases.tsv
var phrasesTSV string

// phrases maps each cue id to its variant texts; variant n is at index n-1.
var phrases map[string][]string

// ids is the sorted list of cue ids in phrases.
var ids []string

func init() {
	p, err := parsePhrases(phrasesTSV)
	if err != nil {
		panic("voice: phrases.tsv: " + err.Error())
	}
	phrases = p
	ids = make([]string, 0, len(p))
	for id := range p {
		ids = append(ids, id)
	}
	sort.Strings(ids)
}

// parsePhrases reads the phrase list: one clip per line,
// "<cue-id> TAB <variant> TAB <text>". Blank lines and lines starting with
// '#' are skipped. The variants of each id must be numbered 1, 2, ... with
// no gaps or repeats (in any order).
func parsePhrases(s string) (map[string][]string, error) {
	byID := map[string]map[int]string{}
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("line %d: want 3 tab-separated fields, have %d", i+1, len(f))
		}
		id, num, text := f[0], f[1], strings.TrimSpace(f[2])
		if !validID(id) {
			return nil, fmt.Errorf("line %d: bad cue id %q", i+1, id)
		}
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 || num != strconv.Itoa(n) {
			return nil, fmt.Errorf("line %d: bad variant number %q", i+1, num)
		}
		if text == "" {
			return nil, fmt.Errorf("line %d: empty text", i+1)
		}
		if byID[id] == nil {
			byID[id] = map[int]string{}
		}
		if _, dup := byID[id][n]; dup {
			return nil, fmt.Errorf("line %d: %s variant %d given twice", i+1, id, n)
		}
		byID[id][n] = text
	}
	out := make(map[string][]string, len(byID))
	for id, vs := range byID {
		texts := make([]string, len(vs))
		for n, t := range vs {
			if n > len(vs) {
				return nil, fmt.Errorf("%s: variants are not numbered 1..%d", id, len(vs))
			}
			texts[n-1] = t
		}
		out[id] = texts
	}
	return out, nil
}

// validID reports whether id is lower-case letters, digits and hyphens,
// starting with a letter (the form the clip file names rely on).
func validID(id string) bool {
	if id == "" || id[0] < 'a' || id[0] > 'z' {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// clipName is the embedded file name of variant n of cue id.
func clipName(id string, n int) string {
	return "clips/" + id + "-" + strconv.Itoa(n) + ".ogg"
}

// IDs returns the cue ids that have clips, sorted. The slice is the
// caller's to keep or change.
func IDs() []string {
	return append([]string(nil), ids...)
}

// Variants returns how many variants cue id has, numbered 1 to the result;
// it is 0 for an unknown id.
func Variants(id string) int {
	return len(phrases[id])
}

// Clip returns the Ogg Vorbis bytes of variant n (1-based) of cue id, and
// whether there is such a clip. The slice is a fresh copy.
func Clip(id string, n int) ([]byte, bool) {
	if n < 1 || n > Variants(id) {
		return nil, false
	}
	b, err := clips.ReadFile(clipName(id, n))
	if err != nil {
		return nil, false
	}
	return b, true
}

// Text returns the words spoken in variant n (1-based) of cue id, or ""
// if there is no such variant.
func Text(id string, n int) string {
	if n < 1 || n > Variants(id) {
		return ""
	}
	return phrases[id][n-1]
}

// Exhale reports whether cue id is spoken as a breath out begins: "out",
// and "letgo", which the session says in its place while it leads. These
// are the cues whose pitch should fall at the end.
func Exhale(id string) bool {
	return id == "out" || id == "letgo"
}
