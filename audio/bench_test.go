package audio

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkRender mixes a 10-minute session with every layer to a WAV file
// and reports the speed as a multiple of real time.
func BenchmarkRender(b *testing.B) {
	o := DefaultOptions()
	o.Layers = DefaultLayers.With(LayerBreath)
	o.Builtin = testVoice(b, 22050)
	path := filepath.Join(b.TempDir(), "s.wav")
	const length = 10 * time.Minute
	b.ResetTimer()
	for range b.N {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := Render(f, coherent(length), o); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	b.ReportMetric(float64(length)*float64(b.N)/float64(b.Elapsed()), "x_realtime")
}

// BenchmarkMix mixes every layer of a live session, a second of sound per
// iteration, and reports the speed as a multiple of real time.
func BenchmarkMix(b *testing.B) {
	o := DefaultOptions()
	o.Layers = DefaultLayers.With(LayerBreath)
	bk := newBank(o.rate())
	bk.load(o)
	ctl := &controls{layers: o.Layers, volume: o.Volume, master: o.Master}
	e := newEngine(coherent(24*time.Hour), o, bk, ctl)
	buf := make([][2]float64, 1024)
	perIter := o.rate().N(time.Second)
	var pos int64
	b.ResetTimer()
	for range b.N {
		for n := 0; n < perIter; n += len(buf) {
			e.mix(buf, pos)
			pos += int64(len(buf))
		}
	}
	b.ReportMetric(float64(time.Second)*float64(b.N)/float64(b.Elapsed()), "x_realtime")
}

// BenchmarkDecodeVoice decodes and resamples the whole built-in voice, and
// reports the memory the decoded clips take.
func BenchmarkDecodeVoice(b *testing.B) {
	o := DefaultOptions()
	var size int
	for range b.N {
		bk := newBank(o.rate())
		bk.load(o)
		size = bk.size()
	}
	b.ReportMetric(float64(size), "decoded_bytes")
}
