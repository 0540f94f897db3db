package pacing

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// Summary is what a session amounted to, for the closing line and history.
type Summary struct {
	Label    string
	Planned  time.Duration
	Elapsed  time.Duration // session time breathed, pauses excluded
	Breaths  int           // guided breaths completed or under way
	AvgBPM   float64       // breaths per minute over the guided part
	StartBPM float64       // the guide's first pace
	EndBPM   float64       // the guide's last pace
	Taps     int           // in-breaths the breather marked
	Complete bool          // the session reached its end

	Natural   float64 // the breather's own pace as estimated on arrival; 0 when unknown
	TargetBPM float64 // the pace the guide led toward; 0 when it had none
	// LockRatio is the share of guided breaths judged in step with the
	// guide from the breather's taps (see JudgeBreaths),
	// 0..1; 0 without taps.
	LockRatio float64
	// UnguidedBPM is the breather's median pace while breathing on their
	// own (Stage Unguided), from their taps; 0 when unknown.
	UnguidedBPM float64
	// UnguidedGap is how far, on average, their pace on their own stayed
	// from the target, in breaths per minute; meaningful when UnguidedBPM
	// is not 0.
	UnguidedGap float64
}

// Summary sums up the session as it stands at wall time now.
func (s *Session) Summary(now time.Duration) Summary {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.activeLocked(now)
	st := s.stateAtLocked(t)
	sum := Summary{Label: s.plan.Label, Planned: s.plan.Duration, Elapsed: t, Complete: st.Done}
	if st.Done {
		sum.Elapsed = s.end
	}
	var guided time.Duration
	var alone []Cycle
	n := sort.Search(len(s.cycles), func(i int) bool { return s.cycles[i].Start > t })
	for _, c := range s.cycles[:n] {
		if c.Natural > 0 && sum.Natural == 0 {
			sum.Natural = c.Natural
		}
		if c.Toward > 0 {
			sum.TargetBPM = c.Toward
		}
		if c.Listen > 0 {
			continue
		}
		if c.Stage == StageUnguided {
			alone = append(alone, c)
		}
		sum.Breaths++
		if sum.StartBPM == 0 {
			sum.StartBPM = c.BPM()
		}
		sum.EndBPM = c.BPM()
		guided += min(c.End(), sum.Elapsed) - c.Start
	}
	if guided > 0 {
		sum.AvgBPM = float64(sum.Breaths) / guided.Minutes()
	}
	for _, e := range s.events {
		if e.Kind == BreathIn && e.At <= t {
			sum.Taps++
		}
	}
	if sum.Taps > 0 && sum.Breaths > 0 {
		sum.LockRatio = s.inStepLocked(s.cycles[:n], t) / float64(sum.Breaths)
	}
	sum.UnguidedBPM, sum.UnguidedGap = s.aloneLocked(alone, sum.TargetBPM)
	return sum
}

// inStepLocked counts the guided breaths of cs judged in step from the
// taps up to session time t (see JudgeBreaths).
func (s *Session) inStepLocked(cs []Cycle, t time.Duration) float64 {
	var ons []time.Duration
	for _, o := range Onsets(s.events) {
		if o <= t {
			ons = append(ons, o)
		}
	}
	n := 0
	for _, j := range JudgeBreaths(cs, ons) {
		if j.InStep {
			n++
		}
	}
	return float64(n)
}

// aloneLocked measures the breather's pace over the unguided cycles cs from
// their taps: the median pace, and the mean distance of each breath's pace
// from target.
func (s *Session) aloneLocked(cs []Cycle, target float64) (bpm, gap float64) {
	if len(cs) == 0 {
		return 0, 0
	}
	from, to := cs[0].Start, cs[len(cs)-1].End()
	var ons []time.Duration
	for _, o := range Onsets(s.events) {
		if o >= from && o <= to {
			ons = append(ons, o)
		}
	}
	p, _, ok := EstimatePeriod(ons, 1)
	if !ok {
		return 0, 0
	}
	n := 0
	for i := 1; i < len(ons); i++ {
		if d := ons[i] - ons[i-1]; d >= MinTapGap && d <= MaxTapGap {
			gap += math.Abs(60/d.Seconds() - target)
			n++
		}
	}
	return 60 / p.Seconds(), gap / float64(n)
}

// Line is the one-line summary printed when a session ends, such as
// "3m00s · 16 breaths · 5.5 breaths/min · coherent".
func (m Summary) Line() string {
	parts := []string{FormatClock(m.Elapsed), fmt.Sprintf("%d breaths", m.Breaths)}
	if m.Breaths == 1 {
		parts[1] = "1 breath"
	}
	if m.StartBPM > 0 && math.Abs(m.StartBPM-m.EndBPM) >= 0.05 {
		parts = append(parts, fmt.Sprintf("%.1f → %.1f breaths/min", m.StartBPM, m.EndBPM))
	} else if m.EndBPM > 0 {
		parts = append(parts, fmt.Sprintf("%.1f breaths/min", m.EndBPM))
	}
	if m.UnguidedBPM > 0 {
		parts = append(parts, fmt.Sprintf("%.1f breaths/min on your own", m.UnguidedBPM))
	}
	if m.Label != "" {
		parts = append(parts, m.Label)
	}
	if !m.Complete {
		parts = append(parts, "ended early")
	}
	return strings.Join(parts, " · ")
}

// FormatClock formats d as minutes and seconds, e.g. "3m00s", or with hours
// when it has them, e.g. "1h05m00s".
func FormatClock(d time.Duration) string {
	d = max(d, 0).Round(time.Second)
	h, m, s := int(d/time.Hour), int(d/time.Minute)%60, int(d/time.Second)%60
	if h > 0 {
		return fmt.Sprintf("%dh%02dm%02ds", h, m, s)
	}
	return fmt.Sprintf("%dm%02ds", m, s)
}
