//go:build !darwin && !windows

package audio

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/internal/e2e"
	"github.com/attune-breath/attune/pacing"
)

func TestPlayerWithoutServer(t *testing.T) {
	// A server that accepts the connection and then says nothing.
	mute := filepath.Join(t.TempDir(), "mute")
	l, err := net.Listen("unix", mute)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	tests := []struct {
		name   string
		server string
		within time.Duration
	}{
		{"no socket", "unix:" + filepath.Join(t.TempDir(), "nobody-here"), 500 * time.Millisecond},
		{"silent server", "unix:" + mute, 1500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("PULSE_SERVER", tt.server)
			s := coherent(time.Minute)
			start := time.Now()
			clock := func() time.Duration { return time.Since(start) }
			o := DefaultOptions()
			o.ConnectTimeout = 700 * time.Millisecond
			p := NewPlayer(s, clock, o)
			p.Start()
			for !strings.HasPrefix(p.Status(), "sound off:") {
				if time.Since(start) > tt.within {
					t.Fatalf("after %v status is %q; want sound off within %v", time.Since(start), p.Status(), tt.within)
				}
				time.Sleep(5 * time.Millisecond)
			}
			t.Logf("%v: %s", time.Since(start).Round(time.Millisecond), p.Status())
			// The session goes on, the keys still work, nothing hangs.
			if st := s.State(clock()); st.Done {
				t.Error("session over already")
			}
			p.ToggleMute()
			p.ToggleVoice()
			p.VolumeUp()
			closeWithin(t, p, 2*time.Second)
			if !strings.HasPrefix(p.Status(), "sound off:") {
				t.Errorf("status after close %q", p.Status())
			}
		})
	}
}

func TestPlayerOffNeverConnects(t *testing.T) {
	o := DefaultOptions()
	o.Layers = 0
	p := NewPlayer(coherent(time.Minute), func() time.Duration { return 0 }, o)
	p.Start()
	if got := p.Status(); got != "sound off: --sound off" {
		t.Errorf("status %q", got)
	}
	p.Close()
}

func TestPlayerEndToEnd(t *testing.T) {
	pa := e2e.StartPulse(t)
	t.Setenv("PULSE_SERVER", pa.Server)
	for _, layers := range []Layers{Layers(0).With(LayerTones), DefaultLayers.With(LayerBreath)} {
		t.Run(layers.String(), func(t *testing.T) {
			e2e.Twice(t, func(t *testing.T) e2e.Misses { return endToEnd(t, pa, layers) })
		})
	}
}

// endToEnd plays a short session with the layers through the private
// server and checks that the inhale and exhale cues sound on time; what
// it finds off or missing is its misses (a run that misses is played again
// once: e2e.Twice).
func endToEnd(t *testing.T, pa *e2e.Pulse, layers Layers) (miss e2e.Misses) {
	p, _ := pacing.Builtin("coherent")
	// A whole settling-in, as sessions have: the settle word, which sounds
	// as soon as the voice is decoded, is over before the first inhale.
	s := pacing.NewSession(pacing.Plan{Duration: 10500 * time.Millisecond, Settle: 3 * time.Second, Guide: pacing.FixedGuide{Pattern: p}})
	start := time.Now()
	clock := func() time.Duration { return time.Since(start) }
	rec := pa.Record(t, clock)
	o := DefaultOptions()
	o.Layers = layers
	pl := NewPlayer(s, clock, o)
	pl.Start()
	for !strings.HasPrefix(pl.Status(), "sound on") {
		if clock() > 1200*time.Millisecond || strings.HasPrefix(pl.Status(), "sound off") {
			t.Fatalf("status %q after %v; want sound on", pl.Status(), clock())
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("%s after %v", pl.Status(), clock().Round(time.Millisecond))
	cues := s.CuesAt(0, 10500*time.Millisecond)
	for clock() < 9500*time.Millisecond {
		time.Sleep(50 * time.Millisecond)
	}
	pl.Close()
	rec.Stop()

	samples, origin := rec.Samples()
	t.Logf("recorded %v, sample 0 at %v", e2e.SampleTime(len(samples)), origin)
	checked := 0
	for _, c := range cues {
		if c.Phase != pacing.Inhale && c.Phase != pacing.Exhale || c.At > 8500*time.Millisecond {
			continue
		}
		want := e2e.SampleAt(c.At - origin)
		// With the breath on, listen for the cue above the breath.
		threshold := 0.003
		if layers.Has(LayerBreath) {
			threshold = 0.06
		}
		got := e2e.Onset(samples, want-e2e.SinkRate/4, threshold)
		if got < 0 {
			miss.Add("%s at %v: no sound in the recording", c.Phase, c.At)
			continue
		}
		off := e2e.SampleTime(got - want)
		t.Logf("%s cue at %v: sound starts %+.1f ms off", c.Phase, c.At, float64(off)/float64(time.Millisecond))
		tol := e2e.CueTolerance()
		if layers != Layers(1<<LayerTones) {
			// The ±30 ms promise is held with tones alone, whose onsets
			// are sharp. With every layer on, the onset is found above the
			// breath at a higher threshold; once, on a heavily loaded
			// machine, a voiced inhale landed 50 ms late. Here the layers
			// must sound together, near their time.
			tol = max(tol, 100*time.Millisecond)
		}
		if off < -tol || off > tol {
			miss.Add("%s cue at %v: sound starts %v off; want within ±%v", c.Phase, c.At, off, tol)
		}
		end := min(got+e2e.SinkRate/2, len(samples))
		if r := e2e.RMS(samples[got:end]); r < 0.005 {
			miss.Add("%s cue: rms %.4f after the onset; want the tone", c.Phase, r)
		}
		checked++
	}
	if checked != 2 {
		t.Errorf("checked %d cues; want the inhale and the exhale", checked)
	}
	return miss
}

func TestPlayerServerGoesAway(t *testing.T) {
	if e2e.RaceDetector {
		// github.com/jfreymuth/pulse v0.1.1 writes a stream's state from its
		// reader goroutine without a lock when the server goes away; the
		// race detector reports the library, not attune. Without -race (as
		// CI also runs it) this test checks the behaviour.
		t.Skip("the pulse library's own unsynchronised state on disconnect trips -race")
	}
	pa := e2e.StartPulse(t)
	t.Setenv("PULSE_SERVER", pa.Server)
	s := coherent(time.Minute)
	start := time.Now()
	clock := func() time.Duration { return time.Since(start) }
	o := DefaultOptions()
	o.Layers = DefaultLayers.With(LayerBreath)
	p := NewPlayer(s, clock, o)
	p.Start()
	waitStatus(t, p, "sound on", 2*time.Second)
	time.Sleep(300 * time.Millisecond)
	pa.Stop()
	gone := clock()
	waitStatus(t, p, "sound off:", 2*time.Second)
	t.Logf("%v after the server went: %s", (clock() - gone).Round(time.Millisecond), p.Status())
	closeWithin(t, p, 2*time.Second)
}

// TestPlayerServerComesBack: when the sound server goes away and comes
// back (restarted, at the same address), the sound comes back by itself,
// with its cues in step with the session.
func TestPlayerServerComesBack(t *testing.T) {
	if e2e.RaceDetector {
		t.Skip("the pulse library's own unsynchronised state on disconnect trips -race")
	}
	pa := e2e.StartPulse(t)
	t.Setenv("PULSE_SERVER", pa.Server)
	box, _ := pacing.Builtin("box")
	s := pacing.NewSession(pacing.Plan{Duration: time.Minute, Guide: pacing.FixedGuide{Pattern: box}})
	start := time.Now()
	clock := func() time.Duration { return time.Since(start) }
	o := DefaultOptions()
	o.Layers = Layers(1 << LayerTones)
	p := NewPlayer(s, clock, o)
	p.Start()
	defer closeWithin(t, p, 2*time.Second)
	waitStatus(t, p, "sound on", 2*time.Second)
	time.Sleep(300 * time.Millisecond)
	pa.Stop()
	waitStatus(t, p, "sound off", 2*time.Second)
	pa.Restart(t)
	back := clock()
	waitStatus(t, p, "sound on", 10*time.Second)
	t.Logf("sound on again %v after the server", (clock() - back).Round(time.Millisecond))

	rec := pa.Record(t, clock)
	from := clock() + 500*time.Millisecond // the timing settles
	for clock() < from+9*time.Second {
		time.Sleep(50 * time.Millisecond)
	}
	rec.Stop()
	samples, origin := rec.Samples()
	checked := 0
	for _, c := range s.CuesAt(from, from+8*time.Second) {
		if c.Level == pacing.Silent {
			continue
		}
		want := e2e.SampleAt(c.At - origin)
		got := e2e.Onset(samples, want-e2e.SinkRate/4, 0.003)
		if got < 0 {
			t.Errorf("%s cue at %v: no sound after the server came back", c.Phase, c.At)
			continue
		}
		off := e2e.SampleTime(got - want)
		t.Logf("%s cue at %v: sound starts %+.1f ms off", c.Phase, c.At, float64(off)/float64(time.Millisecond))
		if tol := e2e.CueTolerance(); off < -tol || off > tol {
			t.Errorf("%s cue at %v: sound starts %v off; want within ±%v", c.Phase, c.At, off, tol)
		}
		checked++
	}
	if checked == 0 {
		t.Error("no cue sounded in the 8 s checked")
	}
}

// waitStatus waits until the player's status begins with prefix, and
// fails the test if that takes longer than within.
func waitStatus(t *testing.T, p *Player, prefix string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !strings.HasPrefix(p.Status(), prefix) {
		if time.Now().After(deadline) {
			t.Fatalf("status %q after %v; want %q", p.Status(), within, prefix)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// closeWithin closes the player and fails the test if that takes longer
// than d.
func closeWithin(t *testing.T, p *Player, d time.Duration) {
	t.Helper()
	done := make(chan struct{})
	go func() { p.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatal("Close hangs")
	}
}
