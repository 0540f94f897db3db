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
