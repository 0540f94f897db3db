package audio

import (
	"bytes"
	"errors"
	"io"
	"math"
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/wav"
)

const testRate = beep.SampleRate(48000)

// memFile is an in-memory io.WriteSeeker.
type memFile struct {
	buf []byte
	pos int
}

func (m *memFile) Write(p []byte) (int, error) {
	if end := m.pos + len(p); end > len(m.buf) {
		m.buf = append(m.buf, make([]byte, end-len(m.buf))...)
	}
	copy(m.buf[m.pos:], p)
	m.pos += len(p)
	return len(p), nil
}

func (m *memFile) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		off += int64(m.pos)
	case io.SeekEnd:
		off += int64(len(m.buf))
	}
	if off < 0 {
		return 0, errors.New("negative seek")
	}
	m.pos = int(off)
	return off, nil
}

// collect streams s to the end, or max samples.
func collect(s beep.Streamer, max int) [][2]float64 {
	var out [][2]float64
	buf := make([][2]float64, 333)
	for len(out) < max {
		n, ok := s.Stream(buf)
		out = append(out, buf[:n]...)
		if !ok {
			break
		}
	}
	return out
}

func peak(s [][2]float64) float64 {
	p := 0.0
	for _, v := range s {
		p = max(p, math.Abs(v[0]), math.Abs(v[1]))
	}
	return p
}

func rms(s [][2]float64) float64 {
	if len(s) == 0 {
		return 0
	}
	sum := 0.0
	for _, v := range s {
		sum += v[0]*v[0] + v[1]*v[1]
	}
	return math.Sqrt(sum / float64(2*len(s)))
}

func dBFS(x float64) float64 { return 20 * math.Log10(x) }

// dominant is the frequency between lo and hi Hz (5 Hz steps) with the most
// energy in s.
func dominant(s [][2]float64, rate beep.SampleRate, lo, hi float64) float64 {
	best, bestP := 0.0, -1.0
	for f := lo; f <= hi; f += 5 {
		w := 2 * math.Pi * f / float64(rate)
		var re, im float64
		for i, v := range s {
			re += v[0] * math.Cos(w*float64(i))
			im += v[0] * math.Sin(w*float64(i))
		}
		if p := re*re + im*im; p > bestP {
			best, bestP = f, p
		}
	}
	return best
}

// sineWAV is a WAV clip: a sine at hz, amp, d long, at rate, with short
// fades, for a synthesized test voice.
func sineWAV(t testing.TB, hz, amp float64, d time.Duration, rate beep.SampleRate) []byte {
	t.Helper()
	n := rate.N(d)
	s := &Fade{Streamer: beep.StreamerFunc(func(samples [][2]float64) (int, bool) {
		return len(samples), true
	}), Len: n, In: rate.N(5 * time.Millisecond), Out: rate.N(5 * time.Millisecond)}
	pos := 0
	src := beep.Take(n, beep.StreamerFunc(func(samples [][2]float64) (int, bool) {
		for i := range samples {
			v := amp * math.Sin(2*math.Pi*hz*float64(pos+i)/float64(rate))
			samples[i] = [2]float64{v, v}
		}
		pos += len(samples)
		return len(samples), true
	}))
	s.Streamer = src
	var m memFile
	if err := wav.Encode(&m, s, beep.Format{SampleRate: rate, NumChannels: 1, Precision: 2}); err != nil {
		t.Fatal(err)
	}
	return m.buf
}

// fakeVoice is a built-in voice made of test clips.
type fakeVoice map[string][][]byte

func (f fakeVoice) IDs() []string {
	var ids []string
	for id := range f {
		ids = append(ids, id)
	}
	return ids
}
func (f fakeVoice) Variants(id string) int { return len(f[id]) }
func (f fakeVoice) Clip(id string, n int) ([]byte, bool) {
	if n < 1 || n > len(f[id]) {
		return nil, false
	}
	return f[id][n-1], true
}

// testVoice speaks every phase cue as a short sine, each at its own pitch.
func testVoice(t testing.TB, rate beep.SampleRate) fakeVoice {
	v := fakeVoice{}
	for i, id := range []string{"settle", "in", "out", "hold", "topup", "closing"} {
		v[id] = [][]byte{sineWAV(t, 200+50*float64(i), 0.5, 700*time.Millisecond, rate), sineWAV(t, 210+50*float64(i), 0.5, 600*time.Millisecond, rate)}
	}
	return v
}

func coherent(d time.Duration) *pacing.Session {
	p, _ := pacing.Builtin("coherent")
	return pacing.NewSession(pacing.Plan{Duration: d, Guide: pacing.FixedGuide{Pattern: p}, Label: "coherent"})
}

// renderSamples renders s and decodes the WAV back to samples.
func renderSamples(t testing.TB, s *pacing.Session, o Options) [][2]float64 {
	t.Helper()
	var m memFile
	if err := Render(&m, s, o); err != nil {
		t.Fatal(err)
	}
	d, f, err := wav.Decode(bytes.NewReader(m.buf))
	if err != nil {
		t.Fatal(err)
	}
	if f.SampleRate != o.rate() {
		t.Fatalf("rate %d, want %d", f.SampleRate, o.rate())
	}
	return collect(d, math.MaxInt)
}
