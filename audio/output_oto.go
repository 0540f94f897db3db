//go:build darwin || windows

package audio

// On macOS and Windows sound goes through oto, whose Core Audio and WASAPI
// backends are pure Go there (no cgo), so the usual go install works.

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ebitengine/oto/v3"
	"github.com/gopxl/beep/v2"
)

var (
	otoOnce sync.Once
	otoCtx  *oto.Context
	otoErr  error
)

// defaultLatency is the buffer oto's player, and the device under it, are
// each given when Options.Latency is zero.
const defaultLatency = 100 * time.Millisecond

type otoOut struct {
	player *oto.Player
	rate   beep.SampleRate
	read   atomic.Int64 // frames handed to oto
	buffer time.Duration
	stop   atomic.Bool
}

type otoReader struct {
	o      *otoOut
	src    func([][2]float64)
	frames [][2]float64
	f32    []float32
}

func (r *otoReader) Read(b []byte) (int, error) {
	if r.o.stop.Load() {
		clear(b)
		return len(b), nil
	}
	n := len(b) / 8
	if cap(r.frames) < n {
		r.frames = make([][2]float64, n)
		r.f32 = make([]float32, 2*n)
	}
	r.src(r.frames[:n])
	toFloat32(r.f32[:2*n], r.frames[:n])
	for i, v := range r.f32[:2*n] {
		u := math.Float32bits(v)
		b[4*i], b[4*i+1], b[4*i+2], b[4*i+3] = byte(u), byte(u>>8), byte(u>>16), byte(u>>24)
	}
	r.o.read.Add(int64(n))
	return 8 * n, nil
}

// openOutput opens the system's audio device through oto and starts a
// stereo float32 player fed by src once ready returns, giving up after
// timeout.
func openOutput(o Options, rate beep.SampleRate, latency, timeout time.Duration, ready func(), src func([][2]float64)) (output, error) {
	otoOnce.Do(func() {
		var ready chan struct{}
		otoCtx, ready, otoErr = oto.NewContext(&oto.NewContextOptions{
			SampleRate:   int(rate),
			ChannelCount: 2,
			Format:       oto.FormatFloat32LE,
			BufferSize:   latency,
		})
		if otoErr != nil {
			return
		}
		select {
		case <-ready:
		case <-time.After(timeout):
			otoErr = fmt.Errorf("the audio device did not answer within %s", timeout)
		}
	})
	if otoErr != nil {
		return nil, fmt.Errorf("no audio device (%v)", otoErr)
	}
	out := &otoOut{rate: rate, buffer: latency}
	out.player = otoCtx.NewPlayer(&otoReader{o: out, src: src})
	out.player.SetBufferSize(int(rate.N(latency)) * 8)
	ready()
	out.player.Play()
	return out, nil
}

func (o *otoOut) timing() (int64, time.Duration, error) {
	if err := otoCtx.Err(); err != nil {
		return 0, 0, fmt.Errorf("the audio device failed (%v)", err)
	}
	if !o.player.IsPlaying() {
		return 0, 0, errors.New("the audio device stopped")
	}
	// The next frame oto reads is heard after what it has buffered and the
	// device's own buffer.
	buffered := time.Duration(o.player.BufferedSize()/8) * time.Second / time.Duration(o.rate)
	return o.read.Load(), buffered + o.buffer, nil
}

func (o *otoOut) close(drain time.Duration) {
	time.Sleep(drain)
	o.stop.Store(true)
	o.player.Pause()
	_ = o.player.Close()
}

func (o *otoOut) describe() string {
	return fmt.Sprintf("system audio, %s, %d ms buffer", khz(o.rate), o.buffer/time.Millisecond)
}
