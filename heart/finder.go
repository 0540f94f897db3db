package heart

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// The finder's rules.
const (
	// MaxArtefacts is the largest share of artefacts a step may have and
	// still count.
	MaxArtefacts = 0.05
	// MinSwings is the fewest breaths with a readable swing a step needs.
	MinSwings = 3
	// Bootstraps is how many resamples make a step's interval.
	Bootstraps = 2000
	// Coverage is the bootstrap interval's coverage.
	Coverage = 0.90
	// MinCounted is the fewest paces that must count for a result: one
	// pace alone has nothing to be compared with.
	MinCounted = 2
)

// Step is one step of the assessment as breathed: its pace, its guided
// cycles, whether the breather followed it and which attempt it was.
type Step struct {
	Pace     float64
	Attempt  int // 1, or 2 for a repeat
	Cycles   []pacing.Cycle
	Followed bool
	// Verdict is the adherence verdict on the step (see pacing.Verdict).
	Verdict string
}

// StepResult is what one step showed.
type StepResult struct {
	Pace    float64 `json:"pace"`
	Attempt int     `json:"attempt"`
	Valid   bool    `json:"valid"`
	// Why says why a step does not count; empty when it does.
	Why      string  `json:"why,omitempty"`
	Verdict  string  `json:"adherence"`
	Breaths  int     `json:"breaths"`
	Beats    int     `json:"beats"`
	Artefact float64 `json:"artefact_share"`
	// Swing is the median per-breath peak-to-trough, beats/min, and Lo
	// and Hi its bootstrap interval.
	Swing  float64 `json:"swing_bpm"`
	Lo     float64 `json:"swing_lo"`
	Hi     float64 `json:"swing_hi"`
	MeanHR float64 `json:"mean_hr"`
	// LF is the low-frequency power (0.04–0.15 Hz), (beats/min)².
	LF float64 `json:"lf_power"`
	// PeakAt is where in the breath the heart rate peaks, a share of the
	// cycle from the in-breath; Smoothness the share of the rate's variance
	// that follows the breath.
	PeakAt     float64 `json:"hr_peak_at"`
	Smoothness float64 `json:"smoothness"`
}

// Analyze reads one step from the beats: its swings, their median and
// bootstrap interval, and the secondary figures. The first breath of the
// step is left out while the heart settles into the new pace. A step counts
// (Valid) when the breather followed it, artefacts stay under MaxArtefacts
// and at least MinSwings breaths have a readable swing.
func Analyze(bs []Beat, st Step) StepResult {
	r := StepResult{Pace: round2(st.Pace), Attempt: st.Attempt, Verdict: st.Verdict}
	cs := pacing.Guided(st.Cycles)
	if len(cs) == 0 {
		r.Why = "no breaths"
		return r
	}
	from, to := cs[0].Start, cs[len(cs)-1].End()
	in := Between(bs, from, to)
	r.Beats, r.Artefact = len(in), round3(ArtefactShare(in))
	if len(cs) > 2 {
		cs = cs[1:]
	}
	sw := Swings(bs, cs)
	r.Breaths = len(sw)
	vals := make([]float64, len(sw))
	var hr float64
	for i, s := range sw {
		vals[i] = s.PeakToTrough
		hr += s.MeanHR
	}
	if len(sw) > 0 {
		r.MeanHR = round2(hr / float64(len(sw)))
		r.Swing = round2(median(slices.Clone(vals)))
		lo, hi := bootstrap(vals, st.Pace)
		r.Lo, r.Hi = round2(lo), round2(hi)
	}
	if p, ok := LFPower(bs, cs[0].Start, to); ok {
		r.LF = round2(p)
	}
	if rh, ok := BreathRhythm(bs, cs); ok {
		r.PeakAt, r.Smoothness = round3(rh.PeakAt), round3(rh.Smoothness)
	}
	switch {
	case !st.Followed && st.Verdict == pacing.Unknown.String():
		r.Why = "not judged: too few breaths tapped to tell whether it was followed"
	case !st.Followed:
		r.Why = "not followed (" + st.Verdict + ")"
	case len(in) == 0:
		r.Why = "no heartbeats"
	case r.Artefact >= MaxArtefacts:
		r.Why = fmt.Sprintf("artefacts %.0f %%", 100*r.Artefact)
	case r.Breaths < MinSwings:
		r.Why = fmt.Sprintf("%d breaths with a readable swing, need %d", r.Breaths, MinSwings)
	default:
		r.Valid = true
	}
	return r
}

// bootstrap is the Coverage percentile interval of the median of xs over
// Bootstraps resamples, seeded from the pace so the same data always gives
// the same interval.
func bootstrap(xs []float64, pace float64) (lo, hi float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	rng := rand.New(rand.NewPCG(math.Float64bits(pace), uint64(len(xs))))
	meds := make([]float64, Bootstraps)
	buf := make([]float64, len(xs))
	for b := range meds {
		for i := range buf {
			buf[i] = xs[rng.IntN(len(xs))]
		}
		meds[b] = median(buf)
	}
	slices.Sort(meds)
	tail := (1 - Coverage) / 2
	return meds[int(tail*float64(len(meds)))], meds[min(int((1-tail)*float64(len(meds))), len(meds)-1)]
}

// Result is the finder's conclusion.
type Result struct {
	// Best is the pace whose median swing was largest among the steps that
	// count; 0 when none counts.
	Best float64 `json:"best"`
	// Tied holds every pace whose interval overlaps Best's, Best included,
	// ascending.
	Tied  []float64    `json:"tied"`
	Valid bool         `json:"valid"`
	Steps []StepResult `json:"steps"`
}

// Decide names the best pace and the paces tied with it. Of the steps
// that count (a repeated pace is judged by its last valid attempt), the
// best has the largest median swing; a pace is tied with it when its
// bootstrap interval overlaps the best's. With fewer than MinCounted paces
// that count, the result is not valid: a pace alone is no finding.
func Decide(steps []StepResult) Result {
	res := Result{Steps: steps, Tied: []float64{}}
	last := map[float64]StepResult{}
	for _, s := range steps {
		if s.Valid {
			last[s.Pace] = s
		}
	}
	if len(last) < MinCounted {
		return res
	}
	var best StepResult
	for _, s := range last {
		if !res.Valid || s.Swing > best.Swing || s.Swing == best.Swing && s.Pace < best.Pace {
			best, res.Valid = s, true
		}
	}
	if !res.Valid {
		return res
	}
	res.Best = best.Pace
	for p, s := range last {
		if s.Hi >= best.Lo && s.Lo <= best.Hi {
			res.Tied = append(res.Tied, p)
		}
	}
	slices.Sort(res.Tied)
	return res
}

// Sentence says the result in words, such as "5.0–5.5 breaths/min, about
// equal: the pace where your heart rate swung most today".
// Paces that did not count are named after it, since the result says
// nothing of them.
func (r Result) Sentence() string {
	counted, uncounted := r.counted()
	if !r.Valid {
		if len(counted) == 1 {
			return fmt.Sprintf("only %s breaths/min counted, with nothing to compare it with: no pace found today", pace(counted[0]))
		}
		return "no step counted: no pace found today"
	}
	const today = "the pace where your heart rate swung most today"
	var s string
	if len(r.Tied) <= 1 {
		s = fmt.Sprintf("%s breaths/min: %s", pace(r.Best), today)
	} else {
		span := paceList(r.Tied, ", ")
		if r.contiguous() {
			span = pace(r.Tied[0]) + "–" + pace(r.Tied[len(r.Tied)-1])
		}
		s = fmt.Sprintf("%s breaths/min, about equal (most at %s): %s", span, pace(r.Best), today)
	}
	if len(uncounted) > 0 {
		s += "; " + paceList(uncounted, ", ") + " did not count"
	}
	return s
}

// counted gives the paces assessed with a step that counts and those
// without one, each ascending.
func (r Result) counted() (counted, uncounted []float64) {
	ok := map[float64]bool{}
	for _, s := range r.Steps {
		ok[s.Pace] = ok[s.Pace] || s.Valid
	}
	for p, v := range ok {
		if v {
			counted = append(counted, p)
		} else {
			uncounted = append(uncounted, p)
		}
	}
	slices.Sort(counted)
	slices.Sort(uncounted)
	return counted, uncounted
}

// paceList writes paces one decimal each, joined by sep.
func paceList(ps []float64, sep string) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = pace(p)
	}
	return strings.Join(parts, sep)
}

// contiguous reports whether the tied paces are neighbours among the
// paces assessed: no assessed pace lies between two of them untied.
func (r Result) contiguous() bool {
	if len(r.Tied) == 0 {
		return false
	}
	lo, hi := r.Tied[0], r.Tied[len(r.Tied)-1]
	for _, s := range r.Steps {
		if s.Pace > lo && s.Pace < hi && !slices.Contains(r.Tied, s.Pace) {
			return false
		}
	}
	return true
}

func pace(p float64) string { return fmt.Sprintf("%.1f", p) }

// Lengths of the assessment.
const (
	// DefaultStep is how long each pace is breathed.
	DefaultStep = 2 * time.Minute
	// DefaultRest is the short rest between steps.
	DefaultRest = 20 * time.Second
)

// DefaultPaces are the assessment's paces, breaths/min, in order.
func DefaultPaces() []float64 { return []float64{6.5, 6.0, 5.5, 5.0, 4.5} }

func round2(x float64) float64 { return math.Round(x*100) / 100 }
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// AnalyzeRuns reads every step run of the assessment g from the beats
// (see Analyze).
func AnalyzeRuns(beats []Beat, g pacing.StepGuide, runs []pacing.StepRun) []StepResult {
	out := make([]StepResult, 0, len(runs))
	for _, r := range runs {
		out = append(out, Analyze(beats, Step{
			Pace: g.Steps[r.Step].BPM(), Attempt: r.Attempt, Cycles: r.Cycles,
			Followed: r.Followed, Verdict: r.Verdict.String(),
		}))
	}
	return out
}
