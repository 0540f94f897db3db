package heart

import (
	"math"
	"strconv"
	"testing"
	"time"
)

func rrLine(t *testing.T, v float64) Reading {
	t.Helper()
	r, err := ParseLine("rr " + strconv.FormatFloat(v, 'f', 3, 64))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestTrackerBatchedLate delivers a steady run of beats in batches, each
// late by a different amount: the beats land on their true times (less
// the smallest lag), spaced by their intervals, never by arrival.
func TestTrackerBatchedLate(t *testing.T) {
	var truth []time.Duration
	at := 10 * time.Second
	var rrs []float64
	for i := range 40 {
		v := 800 + 100*math.Sin(float64(i)/3)
		at += ms(v)
		truth = append(truth, at)
		rrs = append(rrs, v)
	}
	lags := []time.Duration{1500, 400, 2600, 900, 2000, 700, 1200, 2500}
	var tr Tracker
	for b, k := 0, 0; k < len(rrs); b++ {
		n := 1 + b%4
		if k+n > len(rrs) {
			n = len(rrs) - k
		}
		arrive := truth[k+n-1] + lags[b%len(lags)]*time.Millisecond
		for _, v := range rrs[k : k+n] {
			tr.Add(rrLine(t, v), arrive, nil)
		}
		k += n
	}
	got := tr.Beats()
	if len(got) != len(truth) {
		t.Fatalf("%d beats, want %d", len(got), len(truth))
	}
	for i, b := range got {
		if d := b.At - truth[i]; d < 0 || d > 400*time.Millisecond+time.Millisecond {
			t.Errorf("beat %d at %v, true %v: off by %v, want within the smallest lag (400ms)", i, b.At, truth[i], d)
		}
		if b.Artefact {
			t.Errorf("beat %d (%v ms) marked an artefact", i, b.RR)
		}
	}
	for i := 1; i < len(got); i++ {
		if d := got[i].At - got[i-1].At; (d - ms(got[i].RR)).Abs() > time.Microsecond {
			t.Errorf("beats %d and %d are %v apart, interval %v ms", i-1, i, d, got[i].RR)
		}
	}
}

func TestTrackerStampAndDelay(t *testing.T) {
	tr := Tracker{Delay: 300 * time.Millisecond}
	stamp := 5 * time.Second
	tr.Add(Reading{Form: FormRR, RR: []float64{1000}}, 7*time.Second, &stamp)
	tr.Add(Reading{Form: FormRR, RR: []float64{1000}}, 9*time.Second, nil)
	got := tr.Beats()
	if len(got) != 2 || got[0].At != 4700*time.Millisecond || got[1].At != 5700*time.Millisecond {
		t.Errorf("beats %+v, want at 4.7s and 5.7s (the stamp less the delay)", got)
	}
}

// TestTrackerGap anchors the beats afresh after a dropout longer than the
// strap's delivery could explain.
func TestTrackerGap(t *testing.T) {
	var tr Tracker
	for i := 1; i <= 5; i++ {
		tr.Add(Reading{Form: FormRR, RR: []float64{1000}}, time.Duration(i)*time.Second, nil)
	}
	for i := 20; i <= 22; i++ {
		tr.Add(Reading{Form: FormRR, RR: []float64{1000}}, time.Duration(i)*time.Second, nil)
	}
	got := tr.Beats()
	if got[4].At != 5*time.Second || got[5].At != 20*time.Second || got[7].At != 22*time.Second {
		t.Errorf("beats %+v: want 1..5s, then 20..22s", got)
	}
}

func TestTrackerNow(t *testing.T) {
	var tr Tracker
	if _, ok := tr.Now(); ok {
		t.Error("a tracker with nothing says a rate")
	}
	tr.Add(Reading{Form: FormHR, HR: 71}, time.Second, nil)
	if hr, ok := tr.Now(); !ok || hr != 71 {
		t.Errorf("Now = %g %v, want the reported 71", hr, ok)
	}
	for range 6 {
		tr.Add(Reading{Form: FormRR, RR: []float64{1000}}, 2*time.Second, nil)
	}
	if hr, ok := tr.Now(); !ok || hr != 60 {
		t.Errorf("Now = %g %v, want 60 from the beats", hr, ok)
	}
}

func TestMarkArtefacts(t *testing.T) {
	rrs := []float64{900, 910, 905, 600, 1210, 900, 895, 2400, 905, 910, 250, 900, 1800, 905, 900}
	want := map[int]bool{3: true, 4: true, 7: true, 10: true, 12: true}
	bs := make([]Beat, len(rrs))
	for i, v := range rrs {
		bs[i] = Beat{RR: v, At: time.Duration(i) * time.Second}
	}
	MarkArtefacts(bs)
	for i, b := range bs {
		if b.Artefact != want[i] {
			t.Errorf("interval %d (%g ms): artefact %v, want %v", i, b.RR, b.Artefact, want[i])
		}
	}
	if s := ArtefactShare(bs); s != 5.0/15 {
		t.Errorf("share %g, want 1/3", s)
	}
	// The heart's own swing with a slow breath, ±28 % over ten beats, is
	// no artefact.
	bs = bs[:0]
	for i := range 60 {
		bs = append(bs, Beat{RR: 1000 + 280*math.Sin(2*math.Pi*float64(i)/10)})
	}
	MarkArtefacts(bs)
	if s := ArtefactShare(bs); s != 0 {
		t.Errorf("a breathing heart's swing: artefact share %g, want 0", s)
	}
}

// BenchmarkTrackerBeats adds one beat to an hour's beats and reads them
// all back, as the screen does when a beat arrives.
func BenchmarkTrackerBeats(b *testing.B) {
	var tr Tracker
	for i := range 4000 {
		tr.Add(Reading{Form: FormRR, RR: []float64{900 + 50*math.Sin(float64(i)/2)}}, time.Duration(i)*900*time.Millisecond, nil)
	}
	for b.Loop() {
		tr.Add(Reading{Form: FormRR, RR: []float64{900}}, time.Hour, nil)
		_ = tr.Beats()
	}
}

// FuzzTracker feeds the tracker readings of any intervals at any arrival
// times (some stamped): it never panics, and its beats stay in time order
// with their intervals as given.
func FuzzTracker(f *testing.F) {
	f.Add([]byte{10, 200, 3, 10, 220, 0, 255, 1, 2})
	f.Add([]byte{0, 0, 0, 255, 255, 255})
	f.Fuzz(func(t *testing.T, b []byte) {
		var tr Tracker
		at := time.Duration(0)
		var n int
		for i := 0; i+2 < len(b); i += 3 {
			rr := float64(b[i])*8 + 1
			at += time.Duration(b[i+1]) * 50 * time.Millisecond
			r := Reading{Form: FormRR, RR: []float64{rr}}
			if b[i+2]%3 == 0 {
				r.RR = append(r.RR, rr+1)
			}
			if b[i+2]%5 == 0 {
				stamp := at - time.Duration(b[i+2])*10*time.Millisecond
				tr.Add(r, at, &stamp)
			} else {
				tr.Add(r, at, nil)
			}
			n += len(r.RR)
		}
		bs := tr.Beats()
		if len(bs) != n {
			t.Fatalf("%d beats from %d intervals", len(bs), n)
		}
		for i := 1; i < len(bs); i++ {
			if bs[i].At < bs[i-1].At {
				t.Fatalf("beat %d at %v before beat %d at %v", i, bs[i].At, i-1, bs[i-1].At)
			}
		}
		_, _ = tr.Now()
	})
}
