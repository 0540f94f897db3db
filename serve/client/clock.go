package client

import (
	"slices"
	"time"
)

// Sample is one clock request and its answer: when the request left and
// the answer came, on the local clock, and the server's clock when it
// answered.
type Sample struct {
	Sent, Received time.Time
	Server         time.Time
}

// RTT is the sample's round trip.
func (s Sample) RTT() time.Duration { return s.Received.Sub(s.Sent) }

// Offset is how far the server's clock is ahead of the local one, by this
// sample: the server answered, as best as can be known, halfway through
// the round trip.
func (s Sample) Offset() time.Duration {
	return s.Server.Sub(s.Sent.Add(s.RTT() / 2))
}

// Estimate is the server's clock offset by the sample with the shortest
// round trip (the one least delayed one way and not the other), and that
// round trip; ok is false without a usable sample.
func Estimate(samples []Sample) (offset, rtt time.Duration, ok bool) {
	usable := slices.DeleteFunc(slices.Clone(samples), func(s Sample) bool { return s.RTT() < 0 })
	if len(usable) == 0 {
		return 0, 0, false
	}
	best := slices.MinFunc(usable, func(a, b Sample) int { return int(a.RTT() - b.RTT()) })
	return best.Offset(), best.RTT(), true
}
