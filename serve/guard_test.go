package serve

import (
	"testing"
	"time"
)

// stuckWriter is a client that stopped reading: a write waits until let go.
type stuckWriter struct{ free chan struct{} }

func (w stuckWriter) Write(b []byte) (int, error) { <-w.free; return len(b), nil }

func TestGuardDropsAClientThatStoppedReading(t *testing.T) {
	w := stuckWriter{free: make(chan struct{})}
	dropped := make(chan struct{})
	g := stallGuard(w, 50*time.Millisecond, func() { close(dropped); close(w.free) })
	defer g.stop()
	go func() { _, _ = g.Write([]byte("frame")) }()
	select {
	case <-dropped:
	case <-time.After(10 * time.Second):
		t.Fatal("a client that stopped reading was kept")
	}
	// A write that returns at once is never taken for a stall, nor is the
	// time after it. The stall here is long enough that no pause of a
	// loaded machine between a write's start and its end comes near it.
	quick := stallGuard(discard{}, 500*time.Millisecond, func() { t.Error("a reading client was dropped") })
	for range 5 {
		_, _ = quick.Write([]byte("frame"))
	}
	time.Sleep(time.Second)
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }
