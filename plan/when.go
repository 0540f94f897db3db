package plan

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Limits of a session's length, in minutes: attune's 10 s to 4 h.
const (
	MinMinutes = 1.0 / 6
	MaxMinutes = 240.0
)

// Limits of the pace to lead toward, breaths/min.
const (
	MinTarget     = 4.0
	MaxTarget     = 10.0
	DefaultTarget = 6.0
)

// timing is what a sentence says about how long: a length asked for, a
// deadline the session must end before, a pace asked for.
type timing struct {
	minutes  float64 // asked for; 0 when not said
	deadline float64 // minutes until something starts; 0 when none
	target   float64 // breaths/min asked for; 0 when not said
}

var wordNumbers = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
	"ninety": 90, "a": 1, "an": 1, "couple": 2, "few": 3, "several": 5, "half": 0.5, "quarter": 0.25,
}

// number reads toks[i] (and a following unit word, as in "twenty five")
// as a number; n is how many tokens it took.
func number(toks []string, i int) (v float64, n int, ok bool) {
	t := toks[i]
	if t != "" && (t[0] >= '0' && t[0] <= '9') && !strings.Contains(t, ":") {
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, 0, false
		}
		return f, 1, true
	}
	w, ok := wordNumbers[t]
	if !ok {
		return 0, 0, false
	}
	if w >= 20 && w < 100 && i+1 < len(toks) {
		if u, ok := wordNumbers[toks[i+1]]; ok && u >= 1 && u <= 9 && toks[i+1] != "a" && toks[i+1] != "an" {
			return w + u, 2, true
		}
	}
	return w, 1, true
}

// unitAt is the unit at toks[i] in minutes per unit: min, hour, sec.
func unitAt(toks []string, i int) float64 {
	if i >= len(toks) {
		return 0
	}
	switch toks[i] {
	case "min":
		return 1
	case "hour":
		return 60
	case "sec":
		return 1.0 / 60
	}
	return 0
}

// skip are the little words that may stand between a number and its unit
// ("a couple of minutes", "half an hour", "10 more minutes").
func skippable(t string) bool {
	switch t {
	case "of", "an", "a", "more", "or", "so", "full", "whole", "good", "solid", "quick", "short":
		return true
	}
	return false
}

// readTiming finds lengths, deadlines and paces in toks, as of now.
func readTiming(toks []string, now time.Time, hasEvent bool) timing {
	var tm timing
	for i := 0; i < len(toks); i++ {
		if _, _, ok := number(toks, i); ok {
			i = tm.readNumber(toks, i, hasEvent)
		}
	}
	if d := clockDeadline(toks, now); d > 0 && (tm.deadline == 0 || d < tm.deadline) {
		tm.deadline = d
	}
	return tm
}

// readNumber reads the number at toks[i], with the words after it, as a
// length asked for, a deadline or a pace, into tm, and gives the index of
// the last token it took (i when it took only what is to be read again).
func (tm *timing) readNumber(toks []string, i int, hasEvent bool) int {
	v, n, _ := number(toks, i)
	start := i
	j := i + n
	// A range, "10 to 15 minutes": the shorter.
	if j+1 < len(toks) && toks[j] == "to" {
		if _, n2, ok := number(toks, j+1); ok {
			j += 1 + n2
		}
	}
	// "an hour and a half", "2 and a half hours".
	half := false
	if j+2 < len(toks) && toks[j] == "and" && toks[j+1] == "a" && toks[j+2] == "half" {
		half = true
		j += 3
	}
	k := j
	for k < len(toks) && k < j+3 && unitAt(toks, k) == 0 && skippable(toks[k]) {
		k++
	}
	unit := unitAt(toks, k)
	if unit == 0 && bareMinutes(toks, start, j) {
		if tm.minutes == 0 && v > 0 {
			tm.minutes = v
		}
		return j - 1
	}
	if unit == 0 {
		// A pace: "6 breaths a minute", "5 bpm".
		if k < len(toks) && (strings.HasPrefix(toks[k], "breath") || toks[k] == "bpm") && v >= MinTarget && v <= MaxTarget {
			tm.target = v
			return k
		}
		return i
	}
	if (toks[start] == "a" || toks[start] == "an") && start > 0 &&
		(strings.HasPrefix(toks[start-1], "breath") || toks[start-1] == "per" || toks[start-1] == "times") {
		return k // "a minute" after "breaths" is a pace's unit, not a length
	}
	mins, k := lengthOf(toks, start, k, v, unit, half)
	if isDeadline(toks, start, k, hasEvent) {
		if tm.deadline == 0 || mins < tm.deadline {
			tm.deadline = mins
		}
	} else if tm.minutes == 0 {
		tm.minutes = mins
	}
	return k
}

// lengthOf is the length in minutes of v units (unit minutes each) whose
// unit word is toks[k], with what follows it ("and a half", "1 hour 30");
// half says "and a half" came before the unit. It gives the index of the
// length's last token.
func lengthOf(toks []string, start, k int, v, unit float64, half bool) (float64, int) {
	mins := v * unit
	if half {
		mins += unit / 2
	}
	if !half && k+3 < len(toks) && toks[k+1] == "and" && toks[k+2] == "a" && toks[k+3] == "half" {
		mins += unit / 2
		k += 3
	} else if unit == 60 && k+1 < len(toks) {
		// "1 hour 30", "1h30m", "an hour and 20 minutes".
		m := k + 1
		if toks[m] == "and" && m+1 < len(toks) {
			m++
		}
		if v2, n2, ok := number(toks, m); ok && toks[m] != "a" && toks[m] != "an" && v2 < 60 {
			if unitAt(toks, m+n2) == 1 || unitAt(toks, m+n2) == 0 {
				mins += v2
				k = m + n2 - 1
				if unitAt(toks, m+n2) == 1 {
					k++
				}
			}
		}
	}
	if toks[start] == "half" && k+1 < len(toks) && toks[k] == "hour" {
		mins = 30
	}
	return mins, k
}

// bareMinutes reports whether the number at toks[start:end], with no
// unit, is a length in minutes as attune's own argument is: "box 4",
// "coherent breathing 10", "for 10".
func bareMinutes(toks []string, start, end int) bool {
	if start == 0 || strings.Contains(toks[start], ":") || (end < len(toks) && toks[end] != boundary && toks[end] != "!" && toks[end] != "please") {
		return false
	}
	switch toks[start-1] {
	case "for", "breathing", "box", "478", "coherent", "sigh", "sighing", "extended", "session":
		return true
	}
	return false
}

// isDeadline reports whether the length at toks[start..end] is time until
// something ("my talk is in 20 minutes", "15 minutes until my interview")
// rather than a length asked for.
func isDeadline(toks []string, start, end int, hasEvent bool) bool {
	after := ""
	if end+1 < len(toks) {
		after = toks[end+1]
	}
	if (after == "before" || after == "till" || after == "until") && clauseHas(toks, start, "have", "got", "only", "left") {
		return true
	}
	switch after {
	case "until", "till", "til", "left", "away", "to go", "from now":
		return true
	case "to":
		if end+2 < len(toks) && toks[end+2] == "go" {
			return true
		}
	}
	b := start - 1
	for b >= 0 && (toks[b] == "about" || toks[b] == "around" || toks[b] == "like" || toks[b] == "roughly" ||
		toks[b] == "just" || toks[b] == "only" || toks[b] == "under" || toks[b] == "less" || toks[b] == "than" || toks[b] == "approx") {
		b--
	}
	if b < 0 {
		return false
	}
	switch toks[b] {
	case "within":
		return true
	case "in":
		return hasEvent || clauseHas(toks, start, "starts", "start", "begins", "begin", "due", "leave", "leaving", "on", "up", "is", "have", "got")
	}
	return false
}

// clauseHas reports whether the clause around toks[i] has one of words.
func clauseHas(toks []string, i int, words ...string) bool {
	lo, hi := i, i
	for lo > 0 && toks[lo-1] != boundary {
		lo--
	}
	for hi < len(toks) && toks[hi] != boundary {
		hi++
	}
	for _, t := range toks[lo:hi] {
		for _, w := range words {
			if t == w {
				return true
			}
		}
	}
	return false
}

// clockDeadline finds a time of day something starts ("before my 3pm
// meeting", "interview at 14:30", "by noon") and gives the minutes from
// now until it, or 0. A time at which something happened, or that is
// more than 12 hours away, is not a deadline.
func clockDeadline(toks []string, now time.Time) float64 {
	best := 0.0
	for i, t := range toks {
		h, m := -1, 0
		ampm := ""
		if i+1 < len(toks) && (toks[i+1] == "am" || toks[i+1] == "pm") {
			ampm = toks[i+1]
		}
		switch {
		case t == "noon" || t == "midday":
			h = 12
			ampm = "x"
		case strings.Contains(t, ":"):
			a, b, _ := strings.Cut(t, ":")
			hh, err1 := strconv.Atoi(a)
			mm, err2 := strconv.Atoi(b)
			if err1 != nil || err2 != nil || hh > 23 || mm > 59 || len(b) != 2 {
				continue
			}
			h, m = hh, mm
		default:
			hh, err := strconv.Atoi(t)
			if err != nil || hh < 1 || hh > 12 {
				continue
			}
			h = hh
		}
		prev := ""
		if i > 0 {
			prev = toks[i-1]
		}
		if i > 1 && (prev == "my" || prev == "the" || prev == "a") {
			prev = toks[i-2]
		}
		cue := prev == "at" || prev == "before" || prev == "by" || prev == "until" || prev == "till" || prev == "til"
		nx := i + 1
		if ampm == "am" || ampm == "pm" {
			nx++
		}
		evAfter := nx < len(toks) && eventWord(toks[nx])
		if !cue && (!evAfter || ampm == "" && !strings.Contains(t, ":")) {
			continue // "it's 2am", "3 meetings": nothing due at a time
		}
		var cands []time.Time
		day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
		for d := 0; d < 2; d++ {
			base := day.AddDate(0, 0, d)
			switch ampm {
			case "am":
				cands = append(cands, base.Add(time.Duration(h%12)*time.Hour+time.Duration(m)*time.Minute))
			case "pm":
				cands = append(cands, base.Add(time.Duration(h%12+12)*time.Hour+time.Duration(m)*time.Minute))
			default:
				cands = append(cands, base.Add(time.Duration(h)*time.Hour+time.Duration(m)*time.Minute))
				if h < 12 && ampm == "" {
					cands = append(cands, base.Add(time.Duration(h+12)*time.Hour+time.Duration(m)*time.Minute))
				}
			}
		}
		for _, c := range cands {
			if d := c.Sub(now).Minutes(); d > 0 && d <= 12*60 {
				if best == 0 || d < best {
					best = d
				}
				break
			}
		}
	}
	return best
}

// eventWord reports whether t names something that starts at a time.
func eventWord(t string) bool {
	switch t {
	case "meeting", "meetings", "talk", "call", "interview", "exam", "presentation", "class", "lecture", "appointment",
		"standup", "flight", "train", "shift", "test", "demo", "pitch", "speech", "session", "review", "game", "match",
		"date", "gig", "show", "performance", "audition", "deadline", "start", "sync":
		return true
	}
	return false
}

// capFor is the longest session that ends, with a margin, before a
// deadline so many minutes away: 2 minutes of margin when there are 4
// or more, otherwise half the time.
func capFor(deadline float64) float64 {
	if deadline >= 4 {
		return math.Floor(deadline - 2)
	}
	return deadline / 2
}
