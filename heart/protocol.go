package heart

import (
	"fmt"
	"strconv"
	"strings"

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
