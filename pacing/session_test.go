package pacing

import (
	"math"
	"reflect"
	"testing"
	"time"
)

func fixed(t testing.TB, pattern string, d time.Duration) *Session {
	t.Helper()
	p, err := ParsePattern(pattern)
	if err != nil {
		t.Fatal(err)
	}
	return NewSession(Plan{Duration: d, Guide: FixedGuide{Pattern: p}, Label: p.Label()})
}

func TestStateTimeline(t *testing.T) {
	s := fixed(t, "4-2-6-0", 2*time.Minute)
	tests := []struct {
		at    time.Duration
		phase Phase
		start time.Duration
		left  time.Duration
		fill  float64
		n     int
	}{
		{0, Settle, 0, 3 * time.Second, 0, 0},
		{3 * time.Second, Inhale, 3 * time.Second, 4 * time.Second, 0, 1},
		{5 * time.Second, Inhale, 3 * time.Second, 2 * time.Second, 0.5, 1},
		{7 * time.Second, HoldIn, 7 * time.Second, 2 * time.Second, 1, 1},
		{12 * time.Second, Exhale, 9 * time.Second, 3 * time.Second, 0.5, 1},
		{15 * time.Second, Inhale, 15 * time.Second, 4 * time.Second, 0, 2},
	}
	for _, tt := range tests {
		st := s.State(tt.at)
		if st.Phase != tt.phase || st.PhaseStart != tt.start || st.Left != tt.left || st.Breath != tt.n || math.Abs(st.Fill-tt.fill) > 1e-9 {
			t.Errorf("at %v: %v from %v, %v left, fill %.3f, breath %d; want %v from %v, %v left, fill %.3f, breath %d",
				tt.at, st.Phase, st.PhaseStart, st.Left, st.Fill, st.Breath, tt.phase, tt.start, tt.left, tt.fill, tt.n)
		}
	}
}

// TestNoDrift checks that phase boundaries a day in are where arithmetic puts
// them, to the nanosecond.
func TestNoDrift(t *testing.T) {
	s := fixed(t, "5.5-0-5.5-0", 4*time.Hour)
	s.plan.Duration = 25 * time.Hour // past the flag's limit, to test the engine
	period := 11 * time.Second
	k := int64(24*time.Hour/period) + 1
	boundary := SettleTime + time.Duration(k)*period
	if st := s.State(boundary - time.Nanosecond); st.Phase != Exhale || st.Left != time.Nanosecond {
		t.Fatalf("1ns before boundary %v: %v with %v left", boundary, st.Phase, st.Left)
	}
	st := s.State(boundary)
	if st.Phase != Inhale || st.PhaseStart != boundary || st.Fill != 0 || st.Breath != int(k)+1 {
		t.Fatalf("at boundary %v: %+v", boundary, st)
	}
	mid := s.State(boundary + 5500*time.Millisecond)
	if mid.Phase != Exhale || mid.PhaseStart != boundary+5500*time.Millisecond {
		t.Fatalf("exhale boundary drifted: %+v", mid)
	}
}

// TestHold: a hold pauses a running session and its release resumes it
// where it was; a session the breather paused stays paused after a hold
// and its release.
func TestHold(t *testing.T) {
	s := fixed(t, "coherent", 3*time.Minute)
	release := s.Hold(10 * time.Second)
	if !s.Paused() {
		t.Fatal("Hold did not pause a running session")
	}
	release(70 * time.Second)
	if s.Paused() || s.Active(70*time.Second) != 10*time.Second {
		t.Fatalf("after the release: paused %v, session time %v; want running from 10s", s.Paused(), s.Active(70*time.Second))
	}

	s.Pause(80 * time.Second)
	release = s.Hold(90 * time.Second)
	release(100 * time.Second)
	if !s.Paused() {
		t.Fatal("releasing a hold resumed a session the breather had paused")
	}
}

func TestPauseResumeContinuity(t *testing.T) {
	s := fixed(t, "coherent", 3*time.Minute)
	before := s.State(10 * time.Second)
	s.Pause(10 * time.Second)
	during := s.State(40 * time.Second)
	if !during.Paused || during.At != before.At || during.Fill != before.Fill || during.Phase != before.Phase {
		t.Fatalf("paused state moved: before %+v, during %+v", before, during)
	}
	if cues := s.Cues(10*time.Second, 40*time.Second); len(cues) != 0 {
		t.Fatalf("cues while paused: %+v", cues)
	}
	s.Resume(70 * time.Second) // one minute paused
	after := s.State(70 * time.Second)
	if after.Paused || after.At != before.At || after.Fill != before.Fill {
		t.Fatalf("resume did not continue where it was: before %+v, after %+v", before, after)
	}
	later := s.State(71 * time.Second)
	if want := s.StateAt(11 * time.Second); later.Fill != want.Fill || later.Phase != want.Phase {
		t.Fatalf("one second after resume: %+v, want %+v", later, want)
	}
	// Cues after the pause are shifted by the pause.
	got := s.Cues(70*time.Second, 90*time.Second)
	want := s.CuesAt(10*time.Second, 30*time.Second)
	if len(got) == 0 || len(got) != len(want) {
		t.Fatalf("cues after resume: %d, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].At != want[i].At+time.Minute || got[i].ID != want[i].ID {
			t.Fatalf("cue %d after resume at %v %s, want %v %s", i, got[i].At, got[i].ID, want[i].At+time.Minute, want[i].ID)
		}
	}
	// Pausing twice, resuming twice: harmless.
	s.Pause(80 * time.Second)
	s.Pause(85 * time.Second)
	s.Resume(90 * time.Second)
	s.Resume(95 * time.Second)
	if got := s.Active(100 * time.Second); got != 30*time.Second {
		t.Fatalf("active time after two pauses = %v, want 30s", got)
	}
	if sum := s.Summary(100 * time.Second); sum.Elapsed != 30*time.Second {
		t.Fatalf("summary counts paused time: %v", sum.Elapsed)
	}
}

func TestEndsAfterFullExhale(t *testing.T) {
	for _, tt := range []struct {
		pattern string
		d       time.Duration
	}{{"coherent", 3 * time.Minute}, {"box", time.Minute}, {"478", 10 * time.Second}, {"sigh", 90 * time.Second}, {"4-0-8", 37 * time.Second}} {
		s := fixed(t, tt.pattern, tt.d)
		var end time.Duration
		for at := time.Duration(0); at < tt.d+time.Minute; at += 10 * time.Millisecond {
			if st := s.StateAt(at); st.Done {
				end = at
				break
			}
		}
		if end == 0 {
			t.Fatalf("%s %v never ended", tt.pattern, tt.d)
		}
		last := s.StateAt(end - 10*time.Millisecond)
		if last.Phase != Exhale || last.Fill > 0.01 {
			t.Errorf("%s %v: ended in %v at fill %.2f, want the end of an exhale", tt.pattern, tt.d, last.Phase, last.Fill)
		}
		p, _ := ParsePattern(tt.pattern)
		if diff := end - tt.d; diff > p.Period()/2+10*time.Millisecond || -diff > p.Period()/2+10*time.Millisecond {
			if s.StateAt(end).Breath > 1 {
				t.Errorf("%s %v: ended at %v, more than half a breath from plan", tt.pattern, tt.d, end)
			}
		}
		if st := s.StateAt(end); !st.Done || st.Remaining != 0 || st.SessionProgress() != 1 {
			t.Errorf("%s: end state %+v", tt.pattern, st)
		}
	}
}

// stepGuide changes pattern every cycle, to test pace changes.
type stepGuide struct{}

func (stepGuide) Next(start time.Duration, past []Cycle, _ []Event) Cycle {
	n := len(past)
	return Cycle{Breath: Pattern{Inhale: time.Duration(2+n%5) * time.Second, HoldIn: time.Duration(n%2) * time.Second, Exhale: time.Duration(3+n%7) * time.Second, HoldOut: time.Duration(n%3) * 500 * time.Millisecond}}
}

func TestFillContinuousAcrossPaceChanges(t *testing.T) {
	s := NewSession(Plan{Duration: 5 * time.Minute, Guide: stepGuide{}})
	const dt = 5 * time.Millisecond
	prev := s.StateAt(0).Fill
	maxStep := 0.0
	for at := dt; at < 5*time.Minute; at += dt {
		f := s.StateAt(at).Fill
		maxStep = math.Max(maxStep, math.Abs(f-prev))
		prev = f
	}
	// The steepest a 2 s cosine ease gets in 5 ms is π/2 · 5ms/2s ≈ 0.004.
	if maxStep > 0.005 {
		t.Fatalf("lung fill jumped by %.4f in %v", maxStep, dt)
	}
}

func TestCuesWindowsAgree(t *testing.T) {
	s := fixed(t, "box", 2*time.Minute)
	whole := s.CuesAt(0, 3*time.Minute)
	var pieces []Cue
	for from := time.Duration(0); from < 3*time.Minute; from += 137 * time.Millisecond {
		pieces = append(pieces, s.CuesAt(from, from+137*time.Millisecond)...)
	}
	if !reflect.DeepEqual(whole, pieces) {
		t.Fatalf("cues asked in pieces differ from cues asked whole: %d vs %d", len(pieces), len(whole))
	}
	if whole[0].Phase != Settle || whole[len(whole)-1].Phase != Done {
		t.Fatalf("cues should open with settling and close with done: %v … %v", whole[0], whole[len(whole)-1])
	}
	// Four phases a cycle, nothing spoken after the end.
	phases := 0
	for _, c := range whole {
		if c.Kind == CuePhase && c.Phase >= Inhale && c.Phase <= HoldOut {
			phases++
		}
	}
	if sum := s.Summary(3 * time.Minute); phases != 4*sum.Breaths-1 {
		t.Fatalf("%d phase cues for %d breaths of box (ending after an exhale)", phases, sum.Breaths)
	}
}

func TestObserve(t *testing.T) {
	s := fixed(t, "coherent", time.Minute)
	s.Observe(Event{BreathIn, 5 * time.Second})
	s.Observe(Event{BreathIn, 4 * time.Second}) // out of order: ignored
	s.Pause(6 * time.Second)
	s.Observe(Event{BreathIn, 7 * time.Second}) // paused: ignored
	s.Resume(10 * time.Second)
	s.Observe(Event{BreathOut, 11 * time.Second})
	got := s.Events()
	want := []Event{{BreathIn, 5 * time.Second}, {BreathOut, 7 * time.Second}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
}

func TestSummaryLine(t *testing.T) {
	s := fixed(t, "coherent", 3*time.Minute)
	if got, want := s.Summary(time.Hour).Line(), "2m59s · 16 breaths · 5.5 breaths/min · coherent"; got != want {
		t.Fatalf("summary %q, want %q", got, want)
	}
	if got := s.Summary(20 * time.Second).Line(); got != "0m20s · 2 breaths · 5.5 breaths/min · coherent · ended early" {
		t.Fatalf("early summary %q", got)
	}
}

func BenchmarkState(b *testing.B) {
	s := fixed(b, "coherent", 4*time.Hour)
	s.StateAt(4 * time.Hour)
	var at time.Duration
	for b.Loop() {
		at = (at + 16*time.Millisecond) % (4 * time.Hour)
		s.State(at)
	}
}

func BenchmarkCues(b *testing.B) {
	s := fixed(b, "coherent", 4*time.Hour)
	s.StateAt(4 * time.Hour)
	var at time.Duration
	for b.Loop() {
		at = (at + 20*time.Millisecond) % (4 * time.Hour)
		s.Cues(at, at+200*time.Millisecond)
	}
}

func TestGuided(t *testing.T) {
	cs := []Cycle{
		{Start: 0, Listen: 10 * time.Second},
		{Start: 10 * time.Second, Breath: Pattern{Inhale: 4 * time.Second, Exhale: 6 * time.Second}},
		{Start: 20 * time.Second, Listen: 5 * time.Second},
		{Start: 25 * time.Second, Breath: Pattern{Inhale: 5 * time.Second, Exhale: 5 * time.Second}},
	}
	got := Guided(cs)
	if len(got) != 2 || got[0].Start != 10*time.Second || got[1].Start != 25*time.Second {
		t.Errorf("Guided = %+v, want the breaths at 10s and 25s", got)
	}
	if Guided(cs[:1]) != nil {
		t.Error("a listening cycle alone has no guided breath")
	}
}
