package analysis

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/vorbis"
	"github.com/gopxl/beep/v2/wav"
)

// Decode decodes an Ogg Vorbis or WAV clip (told apart by their first bytes)
// to mono samples, the mean of its channels, and returns them with the
// clip's sample rate.
func Decode(data []byte) (samples []float64, rate int, err error) {
	rc := io.NopCloser(bytes.NewReader(data))
	var (
		s beep.StreamSeekCloser
		f beep.Format
	)
	switch {
	case bytes.HasPrefix(data, []byte("OggS")):
		s, f, err = vorbis.Decode(rc)
	case bytes.HasPrefix(data, []byte("RIFF")):
		s, f, err = wav.Decode(rc)
	default:
		return nil, 0, errors.New("not an Ogg Vorbis or WAV file")
	}
	if err != nil {
		return nil, 0, fmt.Errorf("decoding clip: %w", err)
	}
	defer s.Close()
	buf := make([][2]float64, 1024)
	for {
		n, ok := s.Stream(buf)
		for _, v := range buf[:n] {
			if f.NumChannels == 1 {
				samples = append(samples, v[0])
			} else {
				samples = append(samples, (v[0]+v[1])/2)
			}
		}
		if !ok {
			break
		}
	}
	if err := s.Err(); err != nil {
		return nil, 0, fmt.Errorf("decoding clip: %w", err)
	}
	return samples, int(f.SampleRate), nil
}
