package pacing

import "math"

// Phase is a part of the breath cycle, or of the session around it.
type Phase int

// The phases, in the order they occur.
const (
	Settle  Phase = iota // getting comfortable before the first breath
	Listen               // the guide listens to the breather's own rhythm
	Inhale               // breathing in
	TopUp                // a short second inhale on top of the first (the cyclic sigh)
	HoldIn               // holding with full lungs
	Exhale               // breathing out
	HoldOut              // resting with empty lungs
	Done                 // the session is over
)

var phaseNames = [...]string{"settle", "listen", "inhale", "top-up", "hold", "exhale", "rest", "done"}

// String names the phase in lower case, e.g. "inhale".
func (p Phase) String() string {
	if p < 0 || int(p) >= len(phaseNames) {
		return "unknown"
	}
	return phaseNames[p]
}

// Words is what the screen says during the phase, e.g. "breathe in".
func (p Phase) Words() string {
	switch p {
	case Settle:
		return "get comfortable…"
	case Listen:
		return "breathe at your own pace"
	case Inhale:
		return "breathe in"
	case TopUp:
		return "a little more"
	case HoldIn, HoldOut:
		return "hold"
	case Exhale:
		return "breathe out"
	case Done:
		return "well done"
	}
	return ""
}

// TopUpLevel is the lung fill reached by the first inhale of a pattern with a
// top-up inhale; the top-up fills the rest.
const TopUpLevel = 0.8

// ease is a smooth step from 0 to 1 on [0,1] whose slope is zero at both
// ends, so joining it to a flat hold or to another ease keeps both the value
// and the slope of the breath curve continuous.
func ease(x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	return (1 - math.Cos(math.Pi*x)) / 2
}

// Fill is the lung fill, 0 (empty) to 1 (full), at progress x (0..1) through
// phase p. hasTopUp says whether the cycle has a top-up inhale, which makes the
// first inhale stop at TopUpLevel.
func Fill(p Phase, x float64, hasTopUp bool) float64 {
	switch p {
	case Inhale:
		top := 1.0
		if hasTopUp {
			top = TopUpLevel
		}
		return top * ease(x)
	case TopUp:
		return TopUpLevel + (1-TopUpLevel)*ease(x)
	case HoldIn:
		return 1
	case Exhale:
		return 1 - ease(x)
	}
	return 0
}
