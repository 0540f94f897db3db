package pacing

import (
	"slices"
	"sort"
	"time"
)

// Limits the rate estimate works within.
const (
	// MinTapGap is the shortest plausible time between two in-breaths: taps
	// closer than this to the one before are one tap given twice.
	MinTapGap = 700 * time.Millisecond
	// MaxTapGap is the longest interval that still counts as one breath;
	// longer ones are pauses and are left out.
	MaxTapGap = 20 * time.Second
	// LockTolerance is how far, as a fraction of the guide's cycle, the
	// breather's in-breath may start from the guide's (shifted by their
	// steady lag) for the breath to be judged in step; see JudgeBreaths.
	LockTolerance = 0.15
)

// Onsets returns the times of the in-breath events, oldest first, with
// doubled taps (closer than MinTapGap to the one kept before) dropped.
func Onsets(events []Event) []time.Duration {
	var out []time.Duration
	for _, e := range events {
		if e.Kind != BreathIn {
			continue
		}
		if n := len(out); n > 0 && e.At-out[n-1] < MinTapGap {
			continue
		}
		out = append(out, e.At)
	}
	return out
}

// EstimatePeriod estimates a breath period from in-breath onsets (oldest
// first; see Onsets), robustly: intervals longer than MaxTapGap are pauses
// and left out; of the rest, those far from their median — a missed tap
// gives one about twice as long, a doubled tap that slipped through one much
// shorter — are dropped, and the mean of what remains is the estimate. When
// so many taps were missed that the median is a doubled interval (a quarter
// of the intervals are about half of it), the doubled ones count as two
// breaths. It
// returns the estimate and how many intervals it rests on; ok is false when
// fewer than need intervals are left.
func EstimatePeriod(onsets []time.Duration, need int) (period time.Duration, used int, ok bool) {
	return estimatePeriod(onsets, need, true)
}

// estimatePeriod is EstimatePeriod, splitting doubled intervals only when
// split is set. While a guide keeps time, a short interval is more often a
// breath taken early than a sign of missed taps.
func estimatePeriod(onsets []time.Duration, need int, split bool) (period time.Duration, used int, ok bool) {
	var iv []time.Duration
	for i := 1; i < len(onsets); i++ {
		d := onsets[i] - onsets[i-1]
		if d >= MinTapGap && d <= MaxTapGap {
			iv = append(iv, d)
		}
	}
	if len(iv) == 0 {
		return 0, 0, false
	}
	m := median(iv)
	// With many taps missed the median is itself a doubled interval;
	// breaths about half as long show it (a breath is never half the
	// next by chance). Then the doubled ones count as two breaths each.
	half := 0
	for _, d := range iv {
		if d >= m*3/8 && d <= m*2/3 {
			half++
		}
	}
	split = split && half >= max(2, len(iv)/4)
	if split {
		m /= 2
	}
	good := iv[:0:0]
	for _, d := range iv {
		switch {
		case d >= m*3/4 && d <= m*4/3:
			good = append(good, d)
		case split && d >= m*3/2 && d <= m*8/3:
			good = append(good, d/2, d-d/2)
		}
	}
	if len(good) == 0 {
		return 0, 0, false
	}
	var sum time.Duration
	for _, d := range good {
		sum += d
	}
	return sum / time.Duration(len(good)), len(good), len(good) >= max(need, 1)
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// InhaleShare estimates the share of the breath spent breathing in, from
// in- and out-events: for every in-breath followed by an out-event and then
// the next in-breath, the time to the out-event over the breath's length;
// the median of those. ok is false when no breath has both.
func InhaleShare(events []Event) (share float64, ok bool) {
	var shares []float64
	lastIn, lastOut := time.Duration(-1), time.Duration(-1)
	for _, e := range events {
		switch e.Kind {
		case BreathIn:
			if lastIn >= 0 && e.At-lastIn < MinTapGap {
				continue
			}
			if lastIn >= 0 && lastOut > lastIn && e.At > lastOut && e.At-lastIn <= MaxTapGap {
				shares = append(shares, float64(lastOut-lastIn)/float64(e.At-lastIn))
			}
			lastIn, lastOut = e.At, -1
		case BreathOut:
			if lastOut < 0 {
				lastOut = e.At
			}
		}
	}
	if len(shares) == 0 {
		return 0, false
	}
	sort.Float64s(shares)
	return shares[len(shares)/2], true
}

// PhaseError is where the breather's in-breath began relative to the guided
// cycle c's, as a fraction of c's length: negative when early. It uses the
// in-breath onset nearest c.Start within half a cycle either side; ok is
// false when there is none (a missed tap, or no taps at all) or c is a
// listening cycle.
func PhaseError(c Cycle, onsets []time.Duration) (float64, bool) {
	if c.Listen > 0 || c.Len() <= 0 {
		return 0, false
	}
	half := c.Len() / 2
	i := sort.Search(len(onsets), func(i int) bool { return onsets[i] >= c.Start-half })
	best, found := time.Duration(0), false
	for ; i < len(onsets) && onsets[i] <= c.Start+half; i++ {
		d := onsets[i] - c.Start
		if !found || abs(d) < abs(best) {
			best, found = d, true
		}
	}
	if !found {
		return 0, false
	}
	return float64(best) / float64(c.Len()), true
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
