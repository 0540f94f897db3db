// Command pulsereq shows what a PulseAudio server makes of a playback
// stream's buffer settings: the buffer it grants, how often it asks for
// samples and how many at a time, and how far ahead of the speaker the
// samples are written (the delay with which a change in the mix is heard).
//
// Usage: go run ./scripts/pulsereq [-latency 100ms] [-minreq 0] [-adjust] [-for 5s]
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/jfreymuth/pulse"
	"github.com/jfreymuth/pulse/proto"
)

func main() {
	latency := flag.Duration("latency", 100*time.Millisecond, "target length (tlength)")
	minreq := flag.Duration("minreq", 0, "minimum request (0: the server's choice)")
	adjust := flag.Bool("adjust", true, "adjust-latency mode")
	dur := flag.Duration("for", 5*time.Second, "how long to play")
	flag.Parse()
	if err := run(*latency, *minreq, *adjust, *dur); err != nil {
		fmt.Fprintln(os.Stderr, "pulsereq:", err)
		os.Exit(1)
	}
}

func run(latency, minreq time.Duration, adjust bool, dur time.Duration) error {
	const rate, frame = 48000, 8
	c, err := pulse.NewClient()
	if err != nil {
		return err
	}
	defer c.Close()
	var mu sync.Mutex
	var sizes []int
	var times []time.Time
	var pos int64
	start := time.Now()
	read := pulse.Float32Reader(func(buf []float32) (int, error) {
		mu.Lock()
		sizes = append(sizes, len(buf)*4)
		times = append(times, time.Now())
		pos += int64(len(buf) / 2)
		mu.Unlock()
		clear(buf)
		return len(buf), nil
	})
	bytes := func(d time.Duration) uint32 { return uint32(d.Seconds()*rate) * frame }
	st, err := c.NewPlayback(read, pulse.PlaybackStereo, pulse.PlaybackSampleRate(rate),
		pulse.PlaybackRawOption(func(r *proto.CreatePlaybackStream) {
			r.BufferTargetLength = bytes(latency)
			r.BufferMaxLength = 2 * r.BufferTargetLength
			r.AdjustLatency = adjust
			if minreq > 0 {
				r.BufferMinimumRequest = bytes(minreq)
			}
		}))
	if err != nil {
		return err
	}
	st.Start()
	// Sample how far ahead of the speaker the written samples are.
	var ahead []time.Duration
	for time.Since(start) < dur {
		time.Sleep(97 * time.Millisecond)
		var r proto.GetPlaybackLatencyReply
		now := time.Now()
		if err := c.RawRequest(&proto.GetPlaybackLatency{StreamIndex: st.StreamIndex(),
			Time: proto.Time{Seconds: uint32(now.Unix()), Microseconds: uint32(now.Nanosecond() / 1000)}}, &r); err != nil {
			return err
		}
		if time.Since(start) > time.Second {
			queued := time.Duration((r.WriteIndex - r.ReadIndex) / frame * int64(time.Second) / rate)
			ahead = append(ahead, queued+time.Duration(r.Latency)*time.Microsecond)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	var steady []int
	var t0 time.Time
	for i, s := range sizes {
		if times[i].Sub(start) > time.Second {
			if t0.IsZero() {
				t0 = times[i]
			}
			steady = append(steady, s)
		}
	}
	slices.Sort(steady)
	slices.Sort(ahead)
	secs := times[len(times)-1].Sub(t0).Seconds()
	fmt.Printf("tlength %v minreq %v adjust %v: buffer %d samples; %.1f requests/s, median %d bytes (%.1f ms), min %d max %d; written ahead of the speaker %v..%v\n",
		latency, minreq, adjust, st.BufferSize(), float64(len(steady)-1)/secs, steady[len(steady)/2],
		float64(steady[len(steady)/2])/frame/rate*1000, steady[0], steady[len(steady)-1], ahead[0], ahead[len(ahead)-1])
	return nil
}
