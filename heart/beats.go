package heart

import (
	"cmp"
	"slices"
	"sync"
	"time"
)

// Beat is one heartbeat: when it came, in session time, and the interval
// that ended with it.
type Beat struct {
	At time.Duration
	RR float64 // ms
	// Artefact is true when the interval is implausible (see Artefacts).
	Artefact bool
}

// HR is the beat's instantaneous heart rate, beats/min.
func (b Beat) HR() float64 { return 60000 / b.RR }

// Artefact limits: an interval outside MinRR to MaxRR, or further than
// MaxJump from the median of its neighbours, is rejected.
const (
	MinRR   = 300.0  // ms (200 beats/min)
	MaxRR   = 2000.0 // ms (30 beats/min)
	MaxJump = 0.25   // share of the neighbours' median
	// neighbours is how many intervals on each side make the median.
	neighbours = 2
)

// Reanchor is how far the running sum of intervals may drift from the
// clock before the beats are anchored to it again: more beats lost than a
// strap's delivery could explain (a dropout, a reconnect).
const Reanchor = 5 * time.Second

// Tracker places beat intervals on the session's clock. Straps deliver
// intervals late and in batches, so a beat's time is never its arrival:
// beats follow one another by their intervals (the running sum), and the
// sum is anchored to the clock by the earliest any batch could have been
// delivered (the smallest lag seen), less the device's known Delay. When
// the sum drifts further than Reanchor from the clock (beats were lost),
// the beats after the gap are anchored afresh.
//
// A Tracker is safe for use by several goroutines.
type Tracker struct {
	// Delay is the device's known delay between a beat and its report.
	Delay time.Duration

	mu     sync.Mutex
	beats  []Beat // times are sum-based, before the offset of their run
	runs   []run  // each run of beats anchored together
	hr     float64
	hrAt   time.Duration
	clean  []Beat // beats with artefacts marked, up to date when !dirty
	dirty  bool
	readAt time.Duration // the last reading's arrival
}

// run is a stretch of beats anchored together: beats from index from on,
// at their sum-based time plus offset.
type run struct {
	from   int
	offset time.Duration
}

// Add takes one reading that arrived at session time arrived; stamp, when
// the reading carries a time, is that time as session time (and is used
// instead of the arrival). Intervals extend the beats; a heart rate without
// intervals is kept as the rate now.
func (t *Tracker) Add(r Reading, arrived time.Duration, stamp *time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	ref := arrived
	if stamp != nil {
		ref = min(*stamp, arrived)
	}
	ref -= t.Delay
	t.readAt = arrived
	if r.HR > 0 {
		t.hr, t.hrAt = r.HR, ref
	}
	if len(r.RR) == 0 {
		return
	}
	var sum time.Duration
	for _, v := range r.RR {
		sum += ms(v)
	}
	n := len(t.beats)
	if n == 0 {
		t.runs = append(t.runs, run{from: 0, offset: ref - sum})
		t.appendLocked(r.RR, 0)
		return
	}
	cur := &t.runs[len(t.runs)-1]
	end := t.beats[n-1].At + sum // sum-based time of the batch's last beat
	lag := ref - (end + cur.offset)
	switch {
	case lag > Reanchor:
		start := ref - sum - t.beats[n-1].At // sum-based, the new run's offset
		t.runs = append(t.runs, run{from: n, offset: start})
	case lag < 0:
		cur.offset += lag // delivered sooner than any before: the lag was smaller
	}
	t.appendLocked(r.RR, t.beats[n-1].At)
}

// appendLocked appends the intervals after a beat at sum-based time at.
func (t *Tracker) appendLocked(rrs []float64, at time.Duration) {
	for _, v := range rrs {
		at += ms(v)
		t.beats = append(t.beats, Beat{At: at, RR: v})
	}
	t.dirty = true
}

// Beats returns the beats so far in session time, oldest first, with
// artefacts marked.
func (t *Tracker) Beats() []Beat {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.beatsLocked())
}

func (t *Tracker) beatsLocked() []Beat {
	if !t.dirty && len(t.clean) == len(t.beats) {
		return t.clean
	}
	out := make([]Beat, len(t.beats))
	for i, r := range t.runs {
		to := len(t.beats)
		if i+1 < len(t.runs) {
			to = t.runs[i+1].from
		}
		for k := r.from; k < to; k++ {
			out[k] = t.beats[k]
			out[k].At += r.offset
			if k > 0 && out[k].At < out[k-1].At {
				out[k].At = out[k-1].At // a run moved earlier never overtakes the one before
			}
		}
	}
	MarkArtefacts(out)
	t.clean, t.dirty = out, false
	return out
}

// Len is how many beats there are so far.
func (t *Tracker) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.beats)
}

// Now is what the heart shows at session time now: the heart rate (from
// the last few clean beats, or the last rate reported) and whether there
// is any.
func (t *Tracker) Now() (bpm float64, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	bs := t.beatsLocked()
	var sum float64
	n := 0
	for i := len(bs) - 1; i >= 0 && n < 5; i-- {
		if !bs[i].Artefact {
			sum += bs[i].RR
			n++
		}
	}
	if n > 0 {
		return 60000 * float64(n) / sum, true
	}
	return t.hr, t.hr > 0
}

// MarkArtefacts marks each beat whose interval is outside MinRR to MaxRR,
// or differs by more than MaxJump from the median of its nearest
// 2·neighbours plausible intervals (as many on each side as there are, the
// rest from the other side at an end), as an artefact: an ectopic beat, a
// missed or doubled detection. The neighbours are near enough that the
// heart's own swing with the breath, a few per cent a beat, is no jump.
func MarkArtefacts(bs []Beat) {
	ok := func(k int) bool { return bs[k].RR >= MinRR && bs[k].RR <= MaxRR }
	around := make([]float64, 0, 2*neighbours)
	for i := range bs {
		v := bs[i].RR
		if !ok(i) {
			bs[i].Artefact = true
			continue
		}
		around = around[:0]
		lo, hi := i-1, i+1
		for len(around) < 2*neighbours && (lo >= 0 || hi < len(bs)) {
			if lo >= 0 {
				if ok(lo) {
					around = append(around, bs[lo].RR)
				}
				lo--
			}
			if hi < len(bs) && len(around) < 2*neighbours {
				if ok(hi) {
					around = append(around, bs[hi].RR)
				}
				hi++
			}
		}
		if len(around) < 2 {
			bs[i].Artefact = false
			continue
		}
		m := median(around)
		bs[i].Artefact = v < m*(1-MaxJump) || v > m*(1+MaxJump)
	}
}

// ArtefactShare is the share of bs marked as artefacts, 0 for none.
func ArtefactShare(bs []Beat) float64 {
	if len(bs) == 0 {
		return 0
	}
	n := 0
	for _, b := range bs {
		if b.Artefact {
			n++
		}
	}
	return float64(n) / float64(len(bs))
}

// Between returns the beats of bs (ascending) at times in [from, to).
func Between(bs []Beat, from, to time.Duration) []Beat {
	i, _ := slices.BinarySearchFunc(bs, from, func(b Beat, t time.Duration) int { return cmp.Compare(b.At, t) })
	k, _ := slices.BinarySearchFunc(bs, to, func(b Beat, t time.Duration) int { return cmp.Compare(b.At, t) })
	return bs[i:k]
}

// ms converts milliseconds to a duration, to the microsecond.
func ms(v float64) time.Duration { return time.Duration(v*1000) * time.Microsecond }

// median is the median of xs (which it sorts); 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 0 {
		return (xs[n/2-1] + xs[n/2]) / 2
	}
	return xs[n/2]
}
