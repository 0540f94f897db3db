package audio

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeOut is an output whose sample 0 is heard at wall time origin, on a
// sample clock that runs at rate; it counts the timing polls.
type fakeOut struct {
	clock func() time.Duration
	rate  int64

	mu     sync.Mutex
	origin time.Duration
	polls  []time.Duration
}

func (f *fakeOut) timing() (int64, time.Duration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.clock()
	f.polls = append(f.polls, now)
	const delay = 40 * time.Millisecond
	frame := int64(now+delay-f.origin) * f.rate / int64(time.Second)
	return max(frame, 0), delay, nil
}

func (f *fakeOut) close(time.Duration) {}
func (f *fakeOut) describe() string    { return "fake" }

func (f *fakeOut) setOrigin(o time.Duration) {
	f.mu.Lock()
	f.origin = o
	f.mu.Unlock()
}

// pollsIn counts the polls made in [from, to).
func (f *fakeOut) pollsIn(from, to time.Duration) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, at := range f.polls {
		if at >= from && at < to {
			n++
		}
	}
	return n
}

// TestTimingPoll checks that the player asks the output for its timing
// often while the estimate settles, about once a second once it has, and
// often again when the sound's timing moves, following it. Time is the
// test's own: each wait the player asks for before a poll passes at once
// and exactly, so the answers are exact and the polls' times are known,
// however busy the machine.
func TestTimingPoll(t *testing.T) {
	var now atomic.Int64 // the test's clock
	clock := func() time.Duration { return time.Duration(now.Load()) }
	o := DefaultOptions()
	p := NewPlayer(coherent(time.Minute), clock, o)
	type wait struct {
		d    time.Duration
		done chan time.Time
	}
	waits := make(chan wait)
	p.pollWait = func(d time.Duration) <-chan time.Time {
		w := wait{d, make(chan time.Time, 1)}
		select {
		case waits <- w:
		case <-p.stop:
		}
		return w.done
	}
	f := &fakeOut{clock: clock, rate: int64(o.rate()), origin: 150 * time.Millisecond}
	done := make(chan struct{})
	go func() { p.follow(f); close(done) }()
	defer func() { close(p.stop); <-done }()

	// sleepUntil lets the player's waits pass until the next would end
	// after d. When it returns, every poll up to d is done: the player is
	// waiting for its next.
	next := <-waits
	sleepUntil := func(d time.Duration) {
		for clock()+next.d <= d {
			now.Add(int64(next.d))
			next.done <- time.Time{}
			next = <-waits
		}
	}
	origin := func() time.Duration { return time.Duration(p.eng.origin.Load()) }
	near := func(got, want time.Duration) bool {
		return got-want < 2*time.Millisecond && want-got < 2*time.Millisecond
	}

	sleepUntil(900 * time.Millisecond)
	if n := f.pollsIn(0, 900*time.Millisecond); n < 8 {
		t.Errorf("%d polls in the first 0.9 s; want the fast start (every %v)", n, pollFast)
	}
	if got := origin(); !near(got, 150*time.Millisecond) {
		t.Errorf("after settling, sample 0 is heard at %v; want 150ms", got)
	}
	sleepUntil(3200 * time.Millisecond)
	if n := f.pollsIn(1200*time.Millisecond, 3200*time.Millisecond); n < 1 || n > 3 {
		t.Errorf("%d polls from 1.2 s to 3.2 s; want about one a second once settled", n)
	}
	// The sound jumps 30 ms later (an underrun, a new device).
	f.setOrigin(180 * time.Millisecond)
	sleepUntil(4800 * time.Millisecond)
	if got := origin(); !near(got, 180*time.Millisecond) {
		t.Errorf("1.6 s after the sound moved 30 ms, sample 0 is heard at %v; want 180ms", got)
	}
	if n := f.pollsIn(3200*time.Millisecond, 4800*time.Millisecond); n < 6 {
		t.Errorf("%d polls in the 1.6 s after the sound moved; want the fast polling back", n)
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []time.Duration
		want time.Duration
	}{
		{[]time.Duration{7}, 7},
		{[]time.Duration{3, 1}, 3},
		{[]time.Duration{5, -2, 9}, 5},
		{[]time.Duration{4, 100, 3, 2}, 4},
		{[]time.Duration{10, 11, 9, 500, -400}, 10},
	}
	for _, tt := range tests {
		in := append([]time.Duration(nil), tt.in...)
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v; want %v", tt.in, got, tt.want)
		}
		for i := range in {
			if in[i] != tt.in[i] {
				t.Errorf("median reordered its input: %v", tt.in)
				break
			}
		}
	}
}

// TestTrouble: the screen hears of the sound only when it is muted or off.
func TestTrouble(t *testing.T) {
	p := NewPlayer(coherent(time.Minute), func() time.Duration { return 0 }, DefaultOptions())
	if got, want := p.Trouble(), "sound off: not started"; got != want {
		t.Errorf("before Start: %q, want %q", got, want)
	}
	p.status = "sound: connecting"
	if got := p.Trouble(); got != "" {
		t.Errorf("connecting: %q, want nothing", got)
	}
	p.out, p.status = &fakeOut{}, "sound on: fake"
	if got := p.Trouble(); got != "" {
		t.Errorf("playing: %q, want nothing", got)
	}
	p.ToggleMute()
	if got, want := p.Trouble(), "sound muted"; got != want {
		t.Errorf("muted: %q, want %q", got, want)
	}
	p.ToggleMute()
	p.out, p.status = nil, "sound off: no sound server"
	if got, want := p.Trouble(), "sound off: no sound server"; got != want {
		t.Errorf("off: %q, want %q", got, want)
	}
	if got, want := NewPlayer(coherent(time.Minute), nil, Options{}).Trouble(), "sound off: --sound off"; got != want {
		t.Errorf("no layers: %q, want %q", got, want)
	}
}
