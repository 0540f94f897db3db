package tui

import (
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// TestNextFrameMissesNothing checks that the picture does not change between
// a frame and the next one scheduled (unless frames are as close as allowed),
// and that while the orb moves the next frame is not needlessly early.
func TestNextFrameMissesNothing(t *testing.T) {
	for _, c := range []struct {
		name string
		opt  Options
		w, h int
	}{
		{"full", Options{}, 80, 24},
		{"compact", Options{}, 40, 12},
		{"still", Options{Still: true}, 80, 24},
		{"inline", Options{Inline: true, HideCount: true}, 80, 24},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := fixedSession(t)
			m := testModel(t, s, 0, c.w, c.h, c.opt)
			frames, changed := 0, 0
			for at := 3 * time.Second; at < 19*time.Second; {
				m.opt.Clock = func() time.Duration { return at }
				st := s.StateAt(at)
				d := m.nextFrame(st, at)
				k := m.key(st)
				if d > minFrame+time.Millisecond {
					for u := at + 5*time.Millisecond; u < at+d-2*time.Millisecond; u += 5 * time.Millisecond {
						if m.key(s.StateAt(u)) != k {
							t.Fatalf("at %v the next frame is %v away, but the picture changes at %v", at, d, u)
						}
					}
				}
				if m.key(s.StateAt(at+d)) != k {
					changed++
				}
				frames++
				at += d
			}
			if changed*10 < frames*7 {
				t.Fatalf("only %d of %d frames showed a change", changed, frames)
			}
		})
	}
}

var _ = pacing.Inhale
