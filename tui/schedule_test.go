package tui

import (
	"testing"
	"time"

	"charm.land/lipgloss/v2"

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
		look Look
	}{
		{"full", Options{}, 80, 24, LookFull},
		{"compact", Options{}, 40, 12, LookFull},
		{"still", Options{Still: true}, 80, 24, LookFull},
		{"inline", Options{Inline: true, HideCount: true}, 80, 24, LookFull},
		{"full-truecolor", Options{}, 80, 24, LookTrue},
		{"compact-truecolor", Options{}, 40, 12, LookTrue},
		{"still-truecolor", Options{Still: true}, 80, 24, LookTrue},
		{"full-16", Options{}, 80, 24, LookFlat},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := fixedSession(t)
			m := testModel(t, s, 0, c.w, c.h, c.opt)
			m.SetLook(lipgloss.Color("#101318"), true, c.look)
			frames, changed := 0, 0
			for at := 3 * time.Second; at < 19*time.Second; {
				m.opt.Clock = func() time.Duration { return at }
				st := s.StateAt(at)
				d := m.nextFrame(st, at)
				k := m.frameKey(st)
				if d > minFrame+time.Millisecond {
					for u := at + 5*time.Millisecond; u < at+d-2*time.Millisecond; u += 5 * time.Millisecond {
						if m.frameKey(s.StateAt(u)) != k {
							t.Fatalf("at %v the next frame is %v away, but the picture changes at %v", at, d, u)
						}
					}
				}
				if m.frameKey(s.StateAt(at+d)) != k {
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

func TestFrameAtTicks(t *testing.T) {
	ms := time.Millisecond
	tk := &ticks{}
	if _, ok := tk.frameAt(0, 10*ms); ok {
		t.Fatal("frameAt before the ticks are known should say so")
	}
	tk.start(1000*ms, 100*ms) // ticks at 1100, 1200, ...
	for _, c := range []struct {
		now, d, want time.Duration
	}{
		{1000 * ms, 0, 1100 * ms},       // the first tick
		{1100 * ms, 0, 1200 * ms},       // on a tick: the next one
		{1103 * ms, 20 * ms, 1200 * ms}, // a change before the next tick
		{1103 * ms, 97 * ms, 1300 * ms}, // a change just after it
		{1150 * ms, 49 * ms, 1200 * ms}, // a change 1 ms before it
		{1150 * ms, 149 * ms, 1300 * ms},
		{1150 * ms, 500 * ms, 1700 * ms},
	} {
		got, ok := tk.frameAt(c.now, c.d)
		if !ok || got != c.want {
			t.Errorf("frameAt(%v, %v) = %v, %v; want %v", c.now, c.d, got, ok, c.want)
		}
	}
}

// TestTickedFramesMissNothing follows frames timed to the renderer's ticks
// through a breath: every tick at which the picture differs from the last
// one sent gets a frame.
func TestTickedFramesMissNothing(t *testing.T) {
	s := fixedSession(t)
	m := testModel(t, s, 0, 80, 24, Options{})
	tk := &ticks{}
	period := time.Second / MaxFPS
	tk.start(0, period)
	at := 45 * period // a tick, about 3 s in
	shown := m.frameKey(s.StateAt(at))
	frames := 0
	for tick := at + period; tick < 19*time.Second; tick += period {
		next, _ := tk.frameAt(at, m.changeIn(s.StateAt(at), at))
		if next < tick {
			t.Fatalf("a frame at %v, between ticks", next)
		}
		k := m.frameKey(s.StateAt(tick))
		if next > tick {
			if k != shown {
				t.Fatalf("the picture changes by the tick at %v, but the next frame is at %v", tick, next)
			}
			continue
		}
		shown, at = k, tick
		frames++
	}
	if frames < 50 {
		t.Fatalf("only %d frames in 16 s", frames)
	}
}
