package pacing

import (
	"testing"
	"time"
)

func at(ss ...float64) []time.Duration {
	out := make([]time.Duration, len(ss))
	for i, s := range ss {
		out[i] = sec(s)
	}
	return out
}

func TestEstimatePeriod(t *testing.T) {
	tests := []struct {
		name   string
		onsets []time.Duration
		need   int
		want   time.Duration
		used   int
		ok     bool
	}{
		{"steady", at(0, 4, 8, 12), 3, sec(4), 3, true},
		{"too few", at(0, 4, 8), 3, sec(4), 2, false},
		{"none", nil, 1, 0, 0, false},
		{"one tap", at(5), 1, 0, 0, false},
		{"a missed tap", at(0, 4, 12, 16, 20), 3, sec(4), 3, true},
		{"a long pause", at(0, 4, 8, 40, 44), 3, sec(4), 3, true},
		{"an early tap", at(0, 4, 8, 10.5, 16, 20), 3, sec(4), 3, true},
		{"jitter is averaged", at(0, 3.8, 8, 11.9, 16.1), 3, sec(4.025), 4, true},
		{"implausibly fast taps", at(0, 0.3, 0.6, 0.9), 1, 0, 0, false},
		// Every other tap missed but two: the doubled intervals are the
		// median; the short ones show the breath.
		{"most taps missed", at(0, 6, 12, 15, 21, 24, 30), 3, sec(3), 10, true},
		// One breath taken early is no sign of missed taps.
		{"one short breath", at(0, 6, 9.5, 15.5, 21.5, 27.5), 3, sec(6), 4, true},
	}
	for _, tt := range tests {
		got, used, ok := EstimatePeriod(tt.onsets, tt.need)
		if ok != tt.ok || used != tt.used || (tt.want != 0 && absDiff(got, tt.want) > ms(1)) {
			t.Errorf("%s: EstimatePeriod = %v, %d, %v; want %v, %d, %v", tt.name, got, used, ok, tt.want, tt.used, tt.ok)
		}
	}
}

func absDiff(a, b time.Duration) time.Duration { return abs(a - b) }

func TestOnsetsDropDoubledTaps(t *testing.T) {
	evs := []Event{{BreathIn, sec(1)}, {BreathIn, sec(1.2)}, {BreathOut, sec(2)}, {BreathIn, sec(5)}, {BreathIn, sec(5.69)}, {BreathIn, sec(9)}}
	got := Onsets(evs)
	want := at(1, 5, 9)
	if len(got) != len(want) {
		t.Fatalf("Onsets = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Onsets = %v, want %v", got, want)
		}
	}
}

func TestInhaleShare(t *testing.T) {
	evs := []Event{
		{BreathIn, sec(0)}, {BreathOut, sec(1.6)},
		{BreathIn, sec(4)}, {BreathOut, sec(5.6)},
		{BreathIn, sec(8)}, {BreathOut, sec(10)}, // a longer one
		{BreathIn, sec(12)}, {BreathOut, sec(13.6)},
		{BreathIn, sec(16)},
	}
	if got, ok := InhaleShare(evs); !ok || got < 0.399 || got > 0.401 {
		t.Errorf("InhaleShare = %v, %v; want 0.4", got, ok)
	}
	if _, ok := InhaleShare(regular(0, sec(4), 5)); ok {
		t.Error("InhaleShare without releases reported a share")
	}
}

func TestPhaseError(t *testing.T) {
	c := Cycle{Start: sec(100), Breath: Pattern{Inhale: sec(4), Exhale: sec(6)}} // 10 s
	tests := []struct {
		name   string
		onsets []time.Duration
		err    float64
		found  bool
	}{
		{"on time", at(90, 100, 110), 0, true},
		{"a little late", at(101.4), 0.14, true},
		{"early", at(98.4), -0.16, true},
		{"missed", at(90, 110), 0, false},
		{"doubled: the nearer counts", at(99.8, 100.3), -0.02, true},
		{"far off", at(94), 0, false},
	}
	for _, tt := range tests {
		e, ok := PhaseError(c, tt.onsets)
		if ok != tt.found || (ok && (e < tt.err-1e-9 || e > tt.err+1e-9)) {
			t.Errorf("%s: PhaseError = %.3f, %v; want %.3f, %v", tt.name, e, ok, tt.err, tt.found)
		}
	}
	if _, ok := PhaseError(Cycle{Listen: sec(1)}, at(0)); ok {
		t.Error("a listening cycle has a phase error")
	}
}
