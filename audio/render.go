package audio

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/attune-breath/attune/pacing"
	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/wav"
)

// renderTail is how long a render keeps going after the session ends, so
// the last sounds ring out.
const renderTail = 500 * time.Millisecond

// maxRender bounds a render, whatever the session says.
const maxRender = 12 * time.Hour

// Render writes the whole session's sound to w as a 16-bit stereo WAV at
// opts.Rate. It runs on virtual time, as fast as it can mix: session time
// and the file's time are the same, with sample 0 at session start. Breath
// events already observed by s are honoured; none arrive during the render.
func Render(w io.WriteSeeker, s *pacing.Session, opts Options) error {
	if s == nil {
		return errors.New("rendering: no session")
	}
	rate := opts.rate()
	b := newBank(rate)
	b.load(opts)
	ctl := &controls{layers: opts.Layers, volume: opts.Volume, master: opts.Master}
	e := newEngine(s, opts, b, ctl)
	// Stop after the session is over and its sounds have rung out.
	var pos int64
	tail := rate.N(renderTail)
	limitN := int64(rate.N(maxRender))
	src := beep.StreamerFunc(func(samples [][2]float64) (int, bool) {
		if e.done {
			if tail <= 0 {
				return 0, false
			}
			n := min(len(samples), tail)
			clear(samples[:n])
			tail -= n
			return n, true
		}
		if pos >= limitN {
			return 0, false
		}
		n := min(len(samples), blockLen)
		e.mix(samples[:n], pos)
		pos += int64(n)
		return n, true
	})
	if err := wav.Encode(w, src, beep.Format{SampleRate: rate, NumChannels: 2, Precision: 2}); err != nil {
		return fmt.Errorf("writing WAV: %w", err)
	}
	return nil
}
