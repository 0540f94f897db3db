//go:build !darwin && !windows

package audio

// On Linux and the BSDs sound goes to the PulseAudio native protocol,
// spoken in pure Go by jfreymuth/pulse: PulseAudio serves it, and so does
// PipeWire's pulse server, which covers nearly every desktop. It needs no
// cgo and no ALSA headers, never prints to the terminal, and fails with an
// error (rather than hanging) when there is no server.

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/gopxl/beep/v2"
	"github.com/jfreymuth/pulse"
	"github.com/jfreymuth/pulse/proto"
)

type pulseOut struct {
	client *pulse.Client
	stream *pulse.PlaybackStream
	rate   beep.SampleRate
}

// openOutput connects to the PulseAudio server and starts a stereo float32
// stream fed by src once ready returns, giving up after timeout.
func openOutput(o Options, rate beep.SampleRate, latency, timeout time.Duration, ready func(), src func([][2]float64)) (output, error) {
	type result struct {
		out *pulseOut
		err error
	}
	ch := make(chan result, 1)
	go func() {
		out, err := openPulse(o.Server, rate, latency, ready, src)
		ch <- result{out, err}
	}()
	select {
	case r := <-ch:
		return r.out, r.err
	case <-time.After(timeout):
		go func() {
			if r := <-ch; r.out != nil {
				r.out.close(0)
			}
		}()
		return nil, fmt.Errorf("the sound server did not answer within %s", timeout)
	}
}

func openPulse(server string, rate beep.SampleRate, latency time.Duration, ready func(), src func([][2]float64)) (*pulseOut, error) {
	opts := []pulse.ClientOption{pulse.ClientApplicationName("attune"), pulse.ClientApplicationIconName("attune")}
	if server != "" {
		opts = append(opts, pulse.ClientServerString(server))
	}
	c, err := pulse.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("no sound server (%s)", describeDialError(err))
	}
	var frames [][2]float64
	read := pulse.Float32Reader(func(buf []float32) (int, error) {
		n := len(buf) / 2
		if cap(frames) < n {
			frames = make([][2]float64, n)
		}
		f := frames[:n]
		src(f)
		toFloat32(buf, f)
		return 2 * n, nil
	})
	st, err := c.NewPlayback(read,
		pulse.PlaybackStereo,
		pulse.PlaybackSampleRate(int(rate)),
		pulse.PlaybackRawOption(func(r *proto.CreatePlaybackStream) { bufferAttr(r, rate, latency) }),
		pulse.PlaybackMediaName("attune"),
	)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("the sound server refused a stream: %w", err)
	}
	ready()
	st.Start() // fills the whole buffer at once, and plays
	return &pulseOut{client: c, stream: st, rate: rate}, nil
}

// defaultLatency is how far ahead of the speaker the player writes when
// Options.Latency is zero. Each request from the server wakes the process:
// with this, and the minimum request bufferAttr asks for, a PulseAudio
// null sink asks 12.5 times a second for 80 ms (with 100 ms and the
// server's own minimum request, 33 times a second for 30 ms), and what the
// listener changes (mute, voice, volume, pause) is heard 120-200 ms later.
const defaultLatency = 200 * time.Millisecond

// bufferAttr sets the stream's buffer: the server keeps latency of sound
// queued, counting the sink's own buffer (adjust-latency mode), and asks
// for no less than 30 % of it at a time. Asking for large requests keeps
// them few whatever else plays: a server that runs its sink in small steps
// for another program's sake (PipeWire's graph, say) still gathers them.
// The sink's buffer is then (latency - 2 × minimum request) / 2, a fifth of
// the latency. The options of the pulse package leave the minimum request
// to the server, which takes 20 ms.
func bufferAttr(r *proto.CreatePlaybackStream, rate beep.SampleRate, latency time.Duration) {
	const frame = 2 * 4 // stereo float32
	bytes := func(d time.Duration) uint32 { return uint32(rate.N(d)) * frame }
	r.BufferTargetLength = bytes(latency)
	r.BufferMaxLength = 2 * r.BufferTargetLength
	r.BufferMinimumRequest = bytes(latency * 3 / 10)
	r.AdjustLatency = true
}

// describeDialError shortens the pulse client's errors for a status line.
func describeDialError(err error) string {
	if errors.Is(err, os.ErrNotExist) {
		return "no server socket"
	}
	return err.Error()
}

func (p *pulseOut) timing() (int64, time.Duration, error) {
	var r proto.GetPlaybackLatencyReply
	now := time.Now()
	err := p.client.RawRequest(&proto.GetPlaybackLatency{
		StreamIndex: p.stream.StreamIndex(),
		Time:        proto.Time{Seconds: uint32(now.Unix()), Microseconds: uint32(now.Nanosecond() / 1000)},
	}, &r)
	if err != nil {
		return 0, 0, fmt.Errorf("the sound server went away (%v)", err)
	}
	if !r.Running {
		return -1, 0, nil
	}
	// The server has read up to ReadIndex; the sink plays it Latency later.
	return r.ReadIndex / 8, time.Duration(r.Latency) * time.Microsecond, nil
}

func (p *pulseOut) close(drain time.Duration) {
	// Let the queued sound (the fade out) reach the speakers, then hang up:
	// closing the connection ends the stream on the server, and the client
	// library then stops asking for samples (closing the stream first could
	// race with a request for more).
	time.Sleep(drain)
	p.client.Close()
}

func (p *pulseOut) describe() string {
	return fmt.Sprintf("pulse, %s, %d ms buffer", khz(p.rate), time.Duration(p.stream.BufferSize())*time.Second/time.Duration(p.rate)/time.Millisecond)
}
