package client

import (
	"testing"
	"time"
)

func TestEstimateTakesTheShortestRoundTrip(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	skew := 3*time.Second + 250*time.Millisecond // the server is ahead
	// Each request takes out one way and back the other; the server's
	// clock reads the local one plus skew when it answers.
	mk := func(at, out, back time.Duration) Sample {
		sent := t0.Add(at)
		return Sample{Sent: sent, Server: sent.Add(out + skew), Received: sent.Add(out + back)}
	}
	samples := []Sample{
		mk(0, 40*time.Millisecond, 2*time.Millisecond),           // delayed out: offset off by 19 ms
		mk(time.Second, 1*time.Millisecond, 60*time.Millisecond), // delayed back
		mk(2*time.Second, 2*time.Millisecond, 3*time.Millisecond),
		mk(3*time.Second, 15*time.Millisecond, 15*time.Millisecond),
		{Sent: t0, Received: t0.Add(-time.Second), Server: t0}, // nonsense: ignored
	}
	off, rtt, ok := Estimate(samples)
	if !ok || rtt != 5*time.Millisecond {
		t.Fatalf("rtt %v, ok %v; want the 5ms sample", rtt, ok)
	}
	if d := (off - skew).Abs(); d > 2*time.Millisecond {
		t.Fatalf("offset %v, want %v within 2ms (off by %v)", off, skew, d)
	}
	if _, _, ok := Estimate(nil); ok {
		t.Fatal("an estimate from no samples")
	}
}
