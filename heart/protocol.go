package heart

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// PacesForm describes the accepted list of paces, for messages. A pace is
// one attune can lead toward (pacing.MinTarget to pacing.MaxTarget), so
// that whichever pace is found, --target found can lead toward it.
var PacesForm = fmt.Sprintf("a comma-separated list of 2 to 10 different paces from %g to %g breaths/min, such as 6.5,6,5.5,5,4.5", pacing.MinTarget, pacing.MaxTarget)

// ParsePaces reads a list of paces such as "6.5,6,5.5,5,4.5".
func ParsePaces(s string) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) > 10 {
		return nil, fmt.Errorf("paces %q: %d given; accepted: %s", clip(s), len(parts), PacesForm)
	}
	seen := map[float64]bool{}
	var out []float64
	for _, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || !(v >= pacing.MinTarget && v <= pacing.MaxTarget) {
			return nil, fmt.Errorf("pace %q is not a pace from %g to %g breaths/min; accepted: %s", clip(p), pacing.MinTarget, pacing.MaxTarget, PacesForm)
		}
		if seen[v] {
			return nil, fmt.Errorf("pace %g given twice; accepted: %s", v, PacesForm)
		}
		seen[v] = true
		out = append(out, v)
	}
	if len(out) < 2 {
		return nil, fmt.Errorf("paces %q: only one given; accepted: %s", clip(s), PacesForm)
	}
	return out, nil
}

// RatioForm describes the accepted in:out ratio, for messages.
const RatioForm = "in:out, two numbers between 1:4 and 4:1, such as 1:1 or 4:6"

// ParseRatio reads an in:out ratio such as "4:6".
func ParseRatio(s string) (in, out float64, err error) {
	a, b, ok := strings.Cut(s, ":")
	if ok {
		in, err = strconv.ParseFloat(strings.TrimSpace(a), 64)
		if err == nil {
			out, err = strconv.ParseFloat(strings.TrimSpace(b), 64)
		}
	}
	if !ok || err != nil || !(in > 0 && out > 0 && in/out >= 0.25 && in/out <= 4) {
		return 0, 0, fmt.Errorf("ratio %q not understood; accepted: %s", clip(s), RatioForm)
	}
	return in, out, nil
}

// CheckSteps reports a step of g too short ever to count. A step's first
// breath is left out while the heart settles, and MinSwings more must have
// a readable swing, so each step needs MinSwings+1 breaths at its pace;
// a step of g.For holds as many of its pace's breaths as the guide fits in
// (pacing.StepGuide: the last may overrun by under half a breath).
func CheckSteps(g pacing.StepGuide) error {
	need := time.Duration(MinSwings + 1)
	var least time.Duration
	var short []string
	for _, p := range g.Steps {
		per := p.Period()
		if per <= 0 {
			continue
		}
		least = max(least, (2*need-1)*per/2)
		if (2*g.For+per)/(2*per) < need {
			short = append(short, p.Name)
		}
	}
	if len(short) == 0 {
		return nil
	}
	return fmt.Errorf("a step of %v is too short ever to count at %s (a step needs %d breaths at its pace); accepted: at least %v for these paces",
		g.For, strings.Join(short, ", "), need, (least + time.Second - 1).Truncate(time.Second))
}
