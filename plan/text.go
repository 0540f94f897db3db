package plan

import (
	"strings"
	"unicode"
)

// boundary is the token that stands for the end of a clause (a full stop,
// a comma, "but"): negation and intensity never reach across it.
const boundary = "."

// tokenize lowercases text and splits it into words, numbers and clause
// boundaries: apostrophes vanish ("can't" is "cant"), digits and letters
// part ("10min" is "10 min"), a clock time stays whole ("3:30"), a decimal
// stays whole ("1.5"), and a range of numbers reads "10 to 15". Casual
// spellings then become the lexicon's words, and "but" and its like
// clause boundaries.
func tokenize(text string) []string {
	var s scanner
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		s.scan(unicode.ToLower(rs[i]), next)
	}
	s.flush()
	toks := uncasual(s.toks)
	// "but" and "though" start a new clause too.
	for i, t := range toks {
		if t == "but" || t == "though" || t == "although" || t == "however" {
			toks[i] = boundary
		}
	}
	return toks
}

// Kinds of token a scanner is in the middle of.
const (
	inNothing = iota
	inLetters
	inDigits
)

// scanner splits text into tokens a rune at a time.
type scanner struct {
	toks []string
	cur  []rune // the token being read
	kind int    // what cur holds: inNothing, inLetters or inDigits
}

// flush ends the token being read.
func (s *scanner) flush() {
	if len(s.cur) > 0 {
		s.toks = append(s.toks, string(s.cur))
		s.cur = s.cur[:0]
	}
	s.kind = inNothing
}

// push ends the token being read and adds t; a boundary at the start or
// after another is dropped.
func (s *scanner) push(t string) {
	s.flush()
	if t == boundary && (len(s.toks) == 0 || s.toks[len(s.toks)-1] == boundary) {
		return
	}
	s.toks = append(s.toks, t)
}

// add adds r, of kind k, to the token being read, ending it first when it
// is of another kind.
func (s *scanner) add(r rune, k int) {
	if s.kind != k {
		s.flush()
	}
	s.kind = k
	s.cur = append(s.cur, r)
}

// scan reads r, lowercased, with the rune next after it (0 at the end).
func (s *scanner) scan(r, next rune) {
	switch {
	case r == '\'' || r == '’' || r == '‘' || r == '`':
		// can't → cant; a quote between words joins them.
	case unicode.IsLetter(r):
		s.add(r, inLetters)
	case unicode.IsDigit(r):
		s.add(r, inDigits)
	case (r == ':' || r == '.') && s.kind == inDigits && unicode.IsDigit(next):
		s.cur = append(s.cur, r)
	case r == '-' || r == '–' || r == '—':
		switch {
		case s.kind == inDigits && unicode.IsDigit(next):
			s.flush()
			s.toks = append(s.toks, "to")
		case s.kind == inLetters && unicode.IsLetter(next):
			s.flush() // self-harm → self harm
		default:
			s.push(boundary)
		}
	case r == '!':
		s.push("!")
	case r == ',' || r == '.' || r == ';' || r == '?' || r == '(' || r == ')' || r == '\n' || r == ':':
		s.push(boundary)
	case r == '&' || r == '+':
		s.flush()
		s.toks = append(s.toks, "and")
	case r == '/':
		s.flush()
		s.toks = append(s.toks, "or")
	default:
		s.flush()
	}
}

// uncasual gives toks with casual spellings replaced by the words they
// stand for (see casual).
func uncasual(toks []string) []string {
	out := toks[:0:0]
	for _, t := range toks {
		if c, ok := casual[t]; ok {
			out = append(out, strings.Fields(c)...)
			continue
		}
		out = append(out, t)
	}
	return out
}

// casual maps casual spellings and common slips to the word the lexicon
// knows. Typos at large are caught by near (below); these are the short
// or idiomatic ones it must not guess at.
var casual = map[string]string{
	"cannot": "cant", "couldnt": "cant", "unable": "cant", "cnat": "cant", "can't": "cant",
	"dont": "dont", "doesnt": "dont", "didnt": "didnt", "dnt": "dont",
	"im": "im", "ive": "ive", "i'm": "im",
	"u": "you", "ur": "your", "pls": "please", "plz": "please",
	"rn": "now", "tn": "tonight", "tonite": "tonight", "nite": "night",
	"min": "min", "mins": "min", "minute": "min", "minutes": "min", "minuts": "min", "minits": "min", "mns": "min", "mn": "min", "minz": "min", "minutess": "min",
	"sec": "sec", "secs": "sec", "second": "sec", "seconds": "sec",
	"hr": "hour", "hrs": "hour", "hours": "hour", "hour": "hour", "hous": "hour", "h": "hour",
	"m": "min", "s": "sec",
	"wanna": "want to", "gonna": "going to", "gotta": "have to", "tryna": "trying to", "kms": "kill myself", "kinda": "kind", "sorta": "sort",
	"v": "very", "soo": "so", "sooo": "so", "soooo": "so", "sooooo": "so", "realy": "really", "rly": "really", "reallly": "really",
	"super": "very", "extremely": "very", "incredibly": "very", "totally": "very", "completely": "very", "insanely": "very", "absolutely": "very", "freaking": "very", "fucking": "very", "effing": "very",
	"tmrw": "tomorrow", "tmr": "tomorrow", "2moro": "tomorrow",
	"bc": "because", "cuz": "because", "coz": "because",
	"w": "with", "wo": "without", "w/o": "without",
	"nervus": "nervous", "nerveous": "nervous", "anxous": "anxious", "anxios": "anxious", "axious": "anxious", "anxius": "anxious",
	"stresed": "stressed", "streesed": "stressed", "sleap": "sleep", "slep": "sleep", "seep": "sleep",
	"tierd": "tired", "tird": "tired", "exausted": "exhausted", "exhuasted": "exhausted",
	"angy": "angry", "panik": "panic", "focs": "focus", "focuss": "focus",
}

// near reports whether word w is the lexicon word target or a likely
// misspelling of it: one slip (a letter wrong, missing, extra or two
// swapped) in words of 5 letters or more, two in words of 9 or more.
// Common words that happen to be one slip away ("tried" for "tired") are
// never taken for another.
func near(w, target string) bool {
	if w == target {
		return true
	}
	if len(target) < 5 || len(w) < 4 || notTypo[w] {
		return false
	}
	d := len(w) - len(target)
	if d < -2 || d > 2 || w[0] != target[0] {
		return false
	}
	max := 1
	if len(target) >= 9 {
		max = 2
	}
	return osa(w, target, max) <= max
}

// notTypo are real words one slip from a lexicon word.
var notTypo = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`tried steep sheep sleek slept sleet angel angle pained painter sense dense page range claim heart hearts bread breath breathe breaths panel planet plane later sleeve sweep speed tires tiles timed tiled hunger danger ranger finger linger driven trained stranded fired hired wider weird mired sturdy best text forced fought choice said dawn gown town pride price prize manic quite fight sacred tasks boots shirt sport shore shoot spilt spit jumps shake shady shaping dream dreams dreamt dreamy melting sorry stage stalk tales tables walks`) {
		notTypo[w] = true
	}
}

// osa is the optimal string alignment distance between a and b (edits,
// with two swapped neighbours one edit), giving up above max.
func osa(a, b string, max int) int {
	if strings.EqualFold(a, b) {
		return 0
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 24 || len(rb) > 24 {
		return max + 1
	}
	var d [26][26]int
	for i := 0; i <= len(ra); i++ {
		d[i][0] = i
	}
	for j := 0; j <= len(rb); j++ {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		best := max + 1
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, d[i-2][j-2]+1)
			}
			d[i][j] = v
			best = min(best, v)
		}
		if best > max {
			return max + 1
		}
	}
	return d[len(ra)][len(rb)]
}
