package plan

import (
	"strings"
)

// vocab numbers the distinct lexicon words; each entry's words are kept as
// these numbers so a sentence's words are compared with the lexicon once.
var vocab, entryIDs = buildVocab()

type vword struct {
	text   string
	prefix bool // a stem: "stress*" matches "stressed"
}

func buildVocab() ([]vword, [][]int) {
	idx := map[string]int{}
	var vs []vword
	ids := make([][]int, len(lexicon))
	for i, e := range lexicon {
		for _, w := range e.words {
			id, ok := idx[w]
			if !ok {
				id = len(vs)
				idx[w] = id
				vs = append(vs, vword{text: strings.TrimSuffix(w, "*"), prefix: strings.HasSuffix(w, "*")})
			}
			ids[i] = append(ids[i], id)
		}
	}
	return vs, ids
}

// matches reports whether token t is vocabulary word v, a slip allowed.
func (v vword) matches(t string) bool {
	if !v.prefix {
		return near(t, v.text)
	}
	if strings.HasPrefix(t, v.text) {
		return true
	}
	n := len(v.text)
	if n < 6 || notTypo[t] || len(t) < n {
		return false
	}
	for _, k := range []int{n - 1, n, n + 1} {
		if k <= len(t) && osa(t[:k], v.text, 1) <= 1 && t[0] == v.text[0] {
			return true
		}
	}
	return false
}

// hit is one lexicon phrase found in the sentence.
type hit struct {
	meaning    string
	start, end int // tokens [start, end)
	negated    bool
	weight     float64 // 1, more when intensified, less when softened
}

// negators turn the meaning of what follows within a few words.
var negators = map[string]bool{
	"not": true, "no": true, "never": true, "dont": true, "didnt": true, "isnt": true, "arent": true, "wasnt": true,
	"werent": true, "without": true, "nor": true, "neither": true, "hardly": true, "aint": true, "nothing": true,
	"havent": true, "hasnt": true, "wont": true, "none": true, "zero": true, "instead": true, "rather": true,
}

// intensifiers and softeners scale how strongly a need is felt.
var intensifiers = map[string]bool{
	"really": true, "so": true, "very": true, "too": true, "such": true, "seriously": true, "majorly": true,
	"terribly": true, "awfully": true, "badly": true, "massively": true, "hugely": true, "deeply": true, "!": true,
	"mega": true, "properly": true, "crazy": true, "utterly": true, "unbearably": true, "severely": true, "bad": true,
}

var softeners = map[string]bool{
	"bit": true, "little": true, "slightly": true, "kind": true, "sort": true, "somewhat": true, "mildly": true,
	"tad": true, "bit of": true, "maybe": true, "lil": true, "touch": true, "mild": true, "abit": true,
}

// read finds the lexicon's phrases in toks, longest first, left to right,
// with whether each is negated and how strongly it is meant.
func read(toks []string) []hit {
	// Which vocabulary words each token is.
	is := make([][]bool, len(toks))
	for i, t := range toks {
		if t == boundary || t == "!" {
			continue
		}
		row := make([]bool, len(vocab))
		for id, v := range vocab {
			row[id] = v.matches(t)
		}
		is[i] = row
	}
	var hits []hit
	for i := 0; i < len(toks); {
		best := 0
		for k, e := range lexicon {
			n := len(e.words)
			if n < best {
				break // the lexicon is sorted longest first
			}
			if i+n > len(toks) || !matchAt(is, i, entryIDs[k]) {
				continue
			}
			best = n
			h := hit{meaning: e.meaning, start: i, end: i + n, weight: 1}
			if !e.firm {
				h.negated = negatedAt(toks, i)
			}
			h.weight = strength(toks, i, i+n)
			hits = append(hits, h)
		}
		if best == 0 {
			best = 1
		}
		i += best
	}
	return hits
}

func matchAt(is [][]bool, i int, ids []int) bool {
	for k, id := range ids {
		row := is[i+k]
		if row == nil || !row[id] {
			return false
		}
	}
	return true
}

// negatedAt reports whether a negator stands within three words before
// token i, in the same clause.
func negatedAt(toks []string, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		t := toks[j]
		if t == boundary || t == "just" || t == "only" || t == "and" || t == "or" {
			return false
		}
		if negators[t] {
			return true
		}
	}
	return false
}

// strength is how strongly the phrase at [start, end) is meant: an
// intensifier just before it or an exclamation mark after it in its clause
// add to it; a softener takes from it.
func strength(toks []string, start, end int) float64 {
	w := 1.0
	for j := start - 1; j >= 0 && j >= start-3; j-- {
		t := toks[j]
		if t == boundary {
			break
		}
		if intensifiers[t] {
			w += 0.5
		}
		if softeners[t] {
			w -= 0.4
		}
	}
	for j := end; j < len(toks) && toks[j] != boundary; j++ {
		if toks[j] == "!" {
			w += 0.25
			break
		}
	}
	return w
}
