package pacing

import (
	"math"
	"slices"
	"sort"
	"time"
)

// How the engine judges whether the breather is with the guide.
//
// A person's taps are noisy in four ways that the judgement has to see
// through: their breaths vary by 15–25 % from one to the next, they start
// late (or early) by a steady reaction delay, they miss taps and give some
// twice, and many stop tapping once they settle. So no single breath
// decides anything. The engine looks at the last AdherenceWindow guided
// breaths and, for each, at the tap nearest the guide's in-breath:
//
//   - Its phase is where that tap fell, as a share of the guide's cycle.
//     Phases are angles on a circle; their circular mean is the breather's
//     steady offset (a lag reads as a steady positive offset, not as being
//     out of step) and the length of their mean vector, the concentration,
//     says how steady it is: near 1 for a breather whose in-breath keeps to
//     the guide's at some steady offset however noisy, near 0 for one whose
//     phase wanders (another rate, or not following at all).
//   - A breath is judged in step when its tap lies within LockTolerance of
//     the guide's in-breath shifted by that offset, no other tap shares its
//     cycle, and the breather's own period around it (read over the taps of
//     the breaths either side) is within the same share of the guide's
//     cycle. A missed tap is no evidence either way; looking back, a breath
//     without a tap between two in step is judged by the onset the two
//     imply.
//   - More taps than guided breaths means breaths of one's own in between:
//     not following, however well some taps land. A rate of one's own
//     (the taps' robust period far from the guide's) is the same.
//
// Circular statistics over 8 breaths were chosen over a Kalman filter of
// period and phase: they need no model of how a person's breath drifts,
// read a steady lag for what it is, are unmoved by one wild breath, and
// the window is short enough (under a minute and a half at 6 breaths a
// minute) to notice within a few breaths that someone has gone their own
// way.
const (
	// AdherenceWindow is how many recent guided breaths the judgement
	// looks at.
	AdherenceWindow = 8
	// maxOffset is the largest steady offset read as a lag, as a share of
	// the cycle.
	maxOffset = 0.25
	// OffsetWindow is how many recent guided breaths the steady offset is
	// read from: a lag is steady over minutes, a wandering phase is not.
	OffsetWindow = 16
	// minOffsetTaps is the fewest taps an offset is read from.
	minOffsetTaps = 8
	// minConcentration is the concentration below which no steady offset
	// is read at all.
	minConcentration = 0.55
	// minLag and maxLag bound the offset read as a lag, in time: people
	// start late by up to a second or so and anticipate by less.
	minLag = -450 * time.Millisecond
	maxLag = 900 * time.Millisecond
	// judgeTolerance is how far, as a share of the cycle, a tap may lie
	// from the guide's in-breath for its breath to be judged in step, and
	// their period from the guide's cycle, while no steady offset has been
	// read (LockTolerance once it has): a little tighter, so that a tap's
	// own timing noise seldom counts a breath in step that was not.
	judgeTolerance = 0.14
	// strain is how much earlier than their steady offset, as a share of
	// the cycle, a breather's last few in-breaths come when they strain to
	// keep up with a slowing guide.
	strain = 0.1
	// silentShare is the share of the last tapped breaths that must have
	// been in step for the breaths after the taps stop to count in step.
	silentShare = 0.7
	// maxDrift is the most the phase may move per breath, on a line fitted
	// through the window, for an offset to be read as steady.
	maxDrift = 0.04
)

// Judgement is the engine's verdict on one guided breath, from the
// breather's taps around it.
type Judgement struct {
	Tapped bool    // a tap was found for the breath
	Phase  float64 // where the tap fell from the guide's in-breath, as a share of the cycle; 0 without one
	Offset float64 // the breather's steady offset as read there, as a share of the cycle
	InStep bool    // the breath was judged in step with the guide
}

// JudgeBreaths judges each guided cycle of cs (oldest first; listening
// cycles get a zero Judgement) from the breather's in-breath onsets (see
// Onsets). Each breath's offset is read from its own tap and those of the
// AdherenceWindow-1 guided breaths before it. With hindsight, a breath
// without a tap between two judged in step is judged in step too.
func JudgeBreaths(cs []Cycle, onsets []time.Duration) []Judgement {
	out := make([]Judgement, len(cs))
	raw := make([]rawTap, len(cs))
	for i, c := range cs {
		if c.Listen <= 0 {
			raw[i] = nearestTap(c, onsets, 0)
		}
	}
	guided := make([]int, 0, len(cs))
	xs := make([]int, 0, OffsetWindow)
	phases := make([]float64, 0, OffsetWindow)
	for i, c := range cs {
		if c.Listen > 0 {
			continue
		}
		guided = append(guided, i)
		from := max(len(guided)-OffsetWindow, 0)
		xs, phases = xs[:0], phases[:0]
		for k, j := range guided[from:] {
			if raw[j].ok {
				xs, phases = append(xs, k), append(phases, raw[j].phase)
			}
		}
		offset, steady := steadyOffset(xs, phases, c.Len())
		tol := judgeTolerance
		if steady {
			tol = LockTolerance
		}
		out[i] = judge(c, onsets, offset, tol)
		raw[i] = nearestTap(c, onsets, out[i].Offset)
	}
	fillUntapped(out, guided, cs, raw)
	return out
}

// fillUntapped judges, with hindsight, the guided breaths without a tap
// (indexes guided into out, raw their nearest taps). Between two tapped
// breaths judged in step, a breath is in step when the onset the two taps
// imply for it, spacing the breaths between them evenly, falls within
// judgeTolerance of the guide's in-breath (shifted by the offset). After
// the last tap (the breather stopped tapping), it is in step when most of
// the last AdherenceWindow tapped breaths were: silence is not a lost
// breather.
func fillUntapped(out []Judgement, guided []int, cs []Cycle, raw []rawTap) {
	var tapped []int // positions in guided
	for k, i := range guided {
		if out[i].Tapped {
			tapped = append(tapped, k)
		}
	}
	for t := 0; t+1 < len(tapped); t++ {
		a, b := tapped[t], tapped[t+1]
		ia, ib := guided[a], guided[b]
		if b-a < 2 || !out[ia].InStep || !out[ib].InStep {
			continue
		}
		for k := a + 1; k < b; k++ {
			i := guided[k]
			implied := raw[ia].at + (raw[ib].at-raw[ia].at)*time.Duration(k-a)/time.Duration(b-a)
			want := cs[i].Start + time.Duration(out[i].Offset*float64(cs[i].Len()))
			out[i].InStep = float64(abs(implied-want)) <= judgeTolerance*float64(cs[i].Len())
		}
	}
	if len(tapped) == 0 {
		return
	}
	last := tapped[len(tapped)-1]
	in, n := 0, 0
	for t := len(tapped) - 1; t >= 0 && n < AdherenceWindow; t-- {
		n++
		if out[guided[tapped[t]]].InStep {
			in++
		}
	}
	if float64(in) < silentShare*float64(n) {
		return
	}
	for _, i := range guided[last+1:] {
		out[i].InStep = true
	}
}

// rawTap is the tap nearest a guided in-breath.
type rawTap struct {
	at    time.Duration
	phase float64
	n     int // taps in the cycle's window
	ok    bool
}

// nearestTap finds the tap nearest cycle c's in-breath shifted by offset
// (a share of the cycle), within half a cycle either side, and counts the
// taps in that window.
func nearestTap(c Cycle, onsets []time.Duration, offset float64) rawTap {
	l := c.Len()
	centre := c.Start + time.Duration(offset*float64(l))
	lo, hi := centre-l/2, centre+l/2
	i := sort.Search(len(onsets), func(i int) bool { return onsets[i] >= lo })
	var r rawTap
	for ; i < len(onsets) && onsets[i] < hi; i++ {
		r.n++
		if !r.ok || abs(onsets[i]-centre) < abs(r.at-centre) {
			r.at, r.ok = onsets[i], true
		}
	}
	if r.ok {
		r.phase = float64(r.at-c.Start) / float64(l)
	}
	return r
}

// judge judges one guided cycle given the breather's steady offset.
func judge(c Cycle, onsets []time.Duration, offset, tol float64) Judgement {
	j := Judgement{Offset: offset}
	r := nearestTap(c, onsets, offset)
	if !r.ok {
		return j
	}
	j.Tapped, j.Phase = true, r.phase
	l := c.Len()
	if r.n > 1 || math.Abs(r.phase-offset) > tol {
		return j
	}
	// Their own period around this breath keeps to the guide's cycle.
	if p := localPeriod(onsets, r.at, l); p > 0 && math.Abs(p/l.Seconds()-1) > tol {
		return j
	}
	// And no breath of their own squeezed in just before.
	if i := sort.Search(len(onsets), func(i int) bool { return onsets[i] >= r.at }); i >= 1 {
		if d := float64(r.at-onsets[i-1]) / float64(l); d < 1-2*tol {
			return j
		}
	}
	j.InStep = true
	return j
}

// localPeriod estimates, in seconds, the breather's own period around the
// tap at, from the taps within four cycles of length l either side: the
// span from the first to the last over the breaths it holds (one a tap, or
// more where taps were missed). Over a span, the noise of single breaths
// mostly cancels. It is 0 with fewer than three taps.
func localPeriod(onsets []time.Duration, at, l time.Duration) float64 {
	lo := sort.Search(len(onsets), func(i int) bool { return onsets[i] >= at-4*l })
	hi := sort.Search(len(onsets), func(i int) bool { return onsets[i] > at+4*l })
	m := hi - lo - 1 // intervals
	if m < 2 {
		return 0
	}
	span := (onsets[hi-1] - onsets[lo]).Seconds()
	k := math.Round(span / l.Seconds())
	return span / max(float64(m), k)
}

// circular returns the circular mean of phases (shares of a cycle), in
// -0.5..0.5, and the length of their mean vector, 0..1.
func circular(phases []float64) (mean, concentration float64) {
	if len(phases) == 0 {
		return 0, 0
	}
	var x, y float64
	for _, p := range phases {
		x += math.Cos(2 * math.Pi * p)
		y += math.Sin(2 * math.Pi * p)
	}
	n := float64(len(phases))
	return math.Atan2(y, x) / (2 * math.Pi), math.Hypot(x, y) / n
}

// steadyOffset is the breather's steady offset read from the phases of
// up to OffsetWindow consecutive guided breaths (xs their positions,
// oldest first), for a cycle of length l: their circular mean when at
// least minOffsetTaps are concentrated enough (or four, very closely) and
// do not drift, within
// ±maxOffset of the cycle and minLag..maxLag (further off, it is no lag
// but a rhythm of their own), and ok; 0 and false otherwise.
func steadyOffset(xs []int, phases []float64, l time.Duration) (offset float64, ok bool) {
	if len(phases) < 4 {
		return 0, false
	}
	m, r := circular(phases)
	few := len(phases) < minOffsetTaps
	if few && r < 0.9 || r < minConcentration || drifting(xs, phases, m) {
		return 0, false
	}
	lo := max(-maxOffset, minLag.Seconds()/l.Seconds())
	hi := min(maxOffset, maxLag.Seconds()/l.Seconds())
	if m < lo || m > hi {
		return 0, false
	}
	return m, true
}

// drifting reports whether phases (around their circular mean m, at
// positions xs) move steadily one way: a rate of one's own a little off
// the guide's, which over a few breaths looks like a steady offset but is
// no lag. It fits a line and calls the phase drifting when the slope is
// both larger than maxDrift a breath and clearly more than the scatter
// around the line would give by chance.
func drifting(xs []int, phases []float64, m float64) bool {
	n := float64(len(phases))
	if n < 3 {
		return false
	}
	// Each phase unwrapped to lie within half a cycle of the mean.
	y := func(i int) float64 { return m + math.Remainder(phases[i]-m, 1) }
	var sx, sy float64
	for i := range phases {
		sx += float64(xs[i])
		sy += y(i)
	}
	var sxy, sxx float64
	for i := range phases {
		dx := float64(xs[i]) - sx/n
		sxy += dx * (y(i) - sy/n)
		sxx += dx * dx
	}
	if sxx == 0 {
		return false
	}
	slope := sxy / sxx
	var rss float64
	for i := range phases {
		r := y(i) - sy/n - slope*(float64(xs[i])-sx/n)
		rss += r * r
	}
	se := math.Sqrt(rss/max(n-2, 1)) / math.Sqrt(sxx)
	return math.Abs(slope) > maxDrift && math.Abs(slope) > 3*se
}

// Verdict is what the engine concludes from the recent breaths.
type Verdict int

// The verdicts.
const (
	Unknown   Verdict = iota // too few taps to say
	Following                // with the guide, however irregularly
	Doubtful                 // mixed evidence: neither lead nor repair
	Lost                     // consistently not with the guide
)

var verdictNames = [...]string{"unknown", "following", "doubtful", "lost"}

// String names the verdict in lower case.
func (v Verdict) String() string {
	if v < 0 || int(v) >= len(verdictNames) {
		return "unknown"
	}
	return verdictNames[v]
}

// Adherence sums up the last AdherenceWindow guided breaths.
type Adherence struct {
	Breaths int // guided breaths looked at
	Tapped  int // of those, with a tap
	InStep  int // of those, judged in step
	// Offset and Concentration are the circular mean of the taps' phases
	// and the length of their mean vector (see the package's note on
	// adherence).
	Offset, Concentration float64
	// Drifting is true when their phase moves steadily one way: a rate of
	// their own, a little off the guide's.
	Drifting bool
	// Straining is true when their last few in-breaths come clearly
	// earlier than their steady offset: they cannot stretch their breath
	// to the guide's any further.
	Straining bool
	// TapRatio is taps given over guided breaths in the span: under 1
	// with missed taps, over 1 with breaths of one's own in between.
	TapRatio float64
	// PeriodRatio is the taps' robust period over the guide's mean cycle
	// in the span; 0 when unknown.
	PeriodRatio float64
}

// Assess sums up how the breather kept with the last AdherenceWindow
// guided cycles of cs (oldest first), from their in-breath onsets.
func Assess(cs []Cycle, onsets []time.Duration) Adherence {
	// Judge enough breaths before the window for the offset to be read.
	var guided []Cycle
	for i := len(cs) - 1; i >= 0 && len(guided) < AdherenceWindow+OffsetWindow; i-- {
		if cs[i].Listen <= 0 {
			guided = append(guided, cs[i])
		}
	}
	var a Adherence
	if len(guided) == 0 {
		return a
	}
	slices.Reverse(guided)
	js := JudgeBreaths(guided, onsets)
	from := max(len(guided)-AdherenceWindow, 0)
	guided, js = guided[from:], js[from:]
	var xs []int
	var phases []float64
	for k, j := range js {
		a.Breaths++
		if j.Tapped {
			a.Tapped++
			xs, phases = append(xs, k), append(phases, j.Phase)
		}
		if j.Tapped && j.InStep {
			a.InStep++
		}
	}
	a.Offset, a.Concentration = circular(phases)
	if n := len(phases); n >= 4 {
		// Early by more than their phases scatter anyway: a noisy
		// breather's last two taps land early by chance quite often.
		off := js[len(js)-1].Offset
		sd := math.Sqrt(-2*math.Log(max(a.Concentration, 0.05))) / (2 * math.Pi)
		last4, _ := circular(phases[n-4:])
		last2, _ := circular(phases[n-2:])
		a.Straining = last4 < off-max(strain, sd) || last2 < off-max(1.5*strain, 1.4*sd)
	}
	a.Drifting = len(phases) >= 3 && drifting(xs, phases, a.Offset)
	first, last := guided[0], guided[len(guided)-1]
	lo, hi := first.Start-first.Len()/2, last.End()-last.Len()/2
	i := sort.Search(len(onsets), func(i int) bool { return onsets[i] >= lo })
	k := sort.Search(len(onsets), func(i int) bool { return onsets[i] >= hi })
	a.TapRatio = float64(k-i) / float64(len(guided))
	a.PeriodRatio = periodRatio(onsets[i:k], (hi-lo)/time.Duration(len(guided)))

	return a
}

// periodRatio is the median ratio of the intervals between onsets to the
// guide's mean cycle l, each interval taken as the whole number of cycles
// it is nearest (one, or more where taps were missed); 0 with fewer than
// three intervals.
func periodRatio(onsets []time.Duration, l time.Duration) float64 {
	var rs []float64
	for i := 1; i < len(onsets); i++ {
		d := float64(onsets[i]-onsets[i-1]) / float64(l)
		if k := math.Round(d); k >= 1 && k <= 3 {
			rs = append(rs, d/k)
		} else if k < 1 {
			rs = append(rs, d)
		}
	}
	if len(rs) < 3 {
		return 0
	}
	sort.Float64s(rs)
	if n := len(rs); n%2 == 0 {
		return (rs[n/2-1] + rs[n/2]) / 2
	}
	return rs[len(rs)/2]
}

// keepsPace reports whether the breather keeps the guide's pace: one tap a
// breath at most, their period within 8 % of the guide's and no strain,
// however each breath's phase falls.
func (a Adherence) keepsPace() bool {
	return a.Tapped >= 4 && a.TapRatio <= 1 && a.PeriodRatio >= 0.92 && a.PeriodRatio <= 1.08 && !a.Straining
}

// Verdict concludes from the sums: following when the taps keep to the
// guide's rate, no more than one a breath, their phase neither drifts nor
// strains early, and
// half land in step (or nearly so, with the phase concentrated); lost when they keep a rate of
// their own, add breaths between the guide's, or land anywhere; doubtful
// in between; and unknown with fewer than three taps.
func (a Adherence) Verdict() Verdict {
	if a.Tapped < 3 {
		return Unknown
	}
	share := float64(a.InStep) / float64(a.Tapped)
	rateOK := a.TapRatio <= 1 && (a.PeriodRatio == 0 || a.PeriodRatio >= 0.85 && a.PeriodRatio <= 1.18)
	switch {
	case rateOK && !a.Drifting && !a.Straining && (share >= 0.5 || share >= 0.3 && a.Concentration >= 0.5 && a.Offset >= -maxOffset/2 && a.Offset <= maxOffset):
		return Following
	case a.Tapped >= 4 && (a.TapRatio > 1.3 || a.PeriodRatio > 0 && (a.PeriodRatio < 0.77 || a.PeriodRatio > 1.3)):
		return Lost
	case a.Tapped >= 4 && share < 0.3 && a.Concentration < 0.3:
		return Lost
	case a.Tapped >= 6 && share <= 0.25 && (a.TapRatio > 1.1 || a.PeriodRatio > 0 && a.PeriodRatio < 0.9):
		return Lost // hardly a breath in step, and a little faster than the guide
	}
	return Doubtful
}
