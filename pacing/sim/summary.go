package sim

import (
	"sort"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// Breath is one guided breath as the run saw it.
type Breath struct {
	T          float64 `json:"t"`
	GuideBPM   float64 `json:"guide_bpm"`
	Inhale     float64 `json:"inhale_s"`
	HoldIn     float64 `json:"hold_in_s"`
	Exhale     float64 `json:"exhale_s"`
	HoldOut    float64 `json:"hold_out_s"`
	UserBPM    float64 `json:"user_bpm"`
	PhaseError float64 `json:"phase_error"`
	// Offset is the breather's steady offset (lag) as the engine read it
	// there, as a share of the cycle.
	Offset float64 `json:"offset"`
	// Locked is the engine's judgement of this breath from the taps around
	// it (see pacing.JudgeBreaths); Following is whether it believed the
	// breather was following when it decided the breath.
	Locked    bool `json:"locked"`
	Following bool `json:"following"`
	// WithGuide is the truth: the breather really was with the guide on
	// this breath (see the package doc).
	WithGuide bool   `json:"with_guide"`
	Stage     string `json:"stage"`
}

// Summary sums a run up.
type Summary struct {
	// TimeToTarget is the first breath's time with the guide within half a
	// breath/min of the target; nil when never.
	TimeToTarget  *float64 `json:"time_to_target_s"`
	FinalGuideBPM float64  `json:"final_guide_bpm"`
	FinalUserBPM  float64  `json:"final_user_bpm"`
	// LockRatio is the share of guided breaths the engine judged in step.
	LockRatio float64 `json:"lock_ratio"`
	// FalseLockRatio is the share of guided breaths judged in step while
	// the breather was not with the guide, MissedLockRatio the share
	// judged out of step while they were, and BeliefAccuracy the share
	// where judgement and truth agree; all over the breaths from the
	// breather's first tap on, and 0 when they never tapped.
	FalseLockRatio  float64 `json:"false_lock_ratio"`
	MissedLockRatio float64 `json:"missed_lock_ratio"`
	BeliefAccuracy  float64 `json:"belief_accuracy"`
	// MaxGap is the largest user_bpm − guide_bpm over breaths after the
	// first minute.
	MaxGap float64 `json:"max_gap_bpm"`
	// MaxSlowdown is the largest drop of guide_bpm within any 60 s.
	MaxSlowdown float64 `json:"max_slowdown_bpm_per_min"`
	MinGuideBPM float64 `json:"min_guide_bpm"`
	MaxGuideBPM float64 `json:"max_guide_bpm"`
	StartBPM    float64 `json:"start_guide_bpm"`
	NaturalBPM  float64 `json:"natural_bpm"`

	// judged, falsely and missed are the counts behind the ratios, for
	// sums over many runs.
	judged, falsely, missed int
}

// outcome is what a run leaves for its summary: the breather's true onsets,
// its rate over time and its steady lag.
type outcome struct {
	onsets []time.Duration
	hist   []rateAt
	lag    time.Duration
}

// userAt is the breather's own rate at t seconds.
func (r outcome) userAt(t float64) float64 {
	if len(r.hist) == 0 {
		return 0
	}
	i := sort.Search(len(r.hist), func(i int) bool { return r.hist[i].at > t }) - 1
	return r.hist[max(i, 0)].bpm
}

// withGuide reports the truth for guided cycle c: the breather's own
// breath nearest it begins, less the lag, within TruthTolerance of the
// cycle of the guide's in-breath, and its period (the one the breather
// meant, before the breath's own jitter) is within TruthTolerance of the
// cycle's length.
func (r outcome) withGuide(c pacing.Cycle) bool {
	l := c.Len()
	want := c.Start + r.lag
	i := sort.Search(len(r.onsets), func(i int) bool { return r.onsets[i] >= want-l/2 })
	best := -1
	for ; i < len(r.onsets) && r.onsets[i] < want+l/2; i++ {
		if best < 0 || absd(r.onsets[i]-want) < absd(r.onsets[best]-want) {
			best = i
		}
	}
	tol := TruthTolerance * l.Seconds()
	if best < 0 || absd(r.onsets[best]-want).Seconds() > tol {
		return false
	}
	bpm := r.userAt(r.onsets[best].Seconds())
	return bpm > 0 && abs(60/bpm-l.Seconds()) <= tol
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func absd(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// summarize turns the session's cycles and the breather's history into
// per-breath records and the run's summary.
func summarize(sess *pacing.Session, r outcome, cfg Config) ([]Breath, Summary) {
	var out []Breath
	var sum Summary
	cycles := sess.Cycles(cfg.Duration + time.Hour)
	judged := pacing.JudgeBreaths(cycles, pacing.Onsets(sess.Events()))
	for i, c := range cycles {
		if c.Natural > 0 {
			sum.NaturalBPM = round3(c.Natural)
		}
		if c.Listen > 0 {
			continue
		}
		t := c.Start.Seconds()
		pe, _ := pacing.PhaseError(c, r.onsets)
		out = append(out, Breath{
			T: round3(t), GuideBPM: round3(c.BPM()),
			Inhale: round3((c.Breath.Inhale + c.Breath.TopUp).Seconds()), HoldIn: round3(c.Breath.HoldIn.Seconds()),
			Exhale: round3(c.Breath.Exhale.Seconds()), HoldOut: round3(c.Breath.HoldOut.Seconds()),
			UserBPM: round3(r.userAt(t)), PhaseError: round3(pe), Offset: round3(judged[i].Offset),
			Locked: judged[i].InStep, Following: c.Locked, WithGuide: r.withGuide(c), Stage: c.Stage.String(),
		})
	}
	if len(out) == 0 {
		return out, sum
	}
	first := -1.0 // the first tap, seconds; before it the engine cannot judge
	if ev := sess.Events(); len(ev) > 0 {
		first = ev[0].At.Seconds()
	}
	sum.ratios(out, first)
	sum.paces(out, cfg.Target)
	sum.FinalUserBPM = round3(r.userAt(cfg.Duration.Seconds()))
	return out, sum
}

// ratios counts the judgements against the truth, over the breaths from
// the first tap on (first, in seconds; below 0 without taps: then the
// engine judged nothing and the ratios stay 0). The lock ratio is over all
// breaths.
func (s *Summary) ratios(out []Breath, first float64) {
	var locked, falsely, missed, judged int
	for _, b := range out {
		if b.Locked {
			locked++
		}
		if first < 0 || b.T+60/max(b.GuideBPM, 1) < first {
			continue
		}
		judged++
		switch {
		case b.Locked && !b.WithGuide:
			falsely++
		case !b.Locked && b.WithGuide:
			missed++
		}
	}
	s.LockRatio = round3(float64(locked) / float64(len(out)))
	s.judged, s.falsely, s.missed = judged, falsely, missed
	if judged > 0 {
		n := float64(judged)
		s.FalseLockRatio = round3(float64(falsely) / n)
		s.MissedLockRatio = round3(float64(missed) / n)
		s.BeliefAccuracy = round3(1 - float64(falsely+missed)/n)
	}
}

// paces sums up the guide's paces.
func (s *Summary) paces(out []Breath, target float64) {
	s.StartBPM = out[0].GuideBPM
	s.MinGuideBPM, s.MaxGuideBPM = out[0].GuideBPM, out[0].GuideBPM
	for i, b := range out {
		if s.TimeToTarget == nil && b.GuideBPM <= target+0.5 {
			t := b.T
			s.TimeToTarget = &t
		}
		s.MinGuideBPM = min(s.MinGuideBPM, b.GuideBPM)
		s.MaxGuideBPM = max(s.MaxGuideBPM, b.GuideBPM)
		if b.T >= 60 {
			s.MaxGap = max(s.MaxGap, round3(b.UserBPM-b.GuideBPM))
		}
		for j := i + 1; j < len(out) && out[j].T-b.T <= 60; j++ {
			s.MaxSlowdown = max(s.MaxSlowdown, round3(b.GuideBPM-out[j].GuideBPM))
		}
	}
	s.FinalGuideBPM = out[len(out)-1].GuideBPM
}
