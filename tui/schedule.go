package tui

import (
	"time"

	"github.com/attune-breath/attune/pacing"
)

// nextFrame is how long after wall time now, with the session in state st,
// the next frame is due: just after the picture next changes (changeIn),
// never sooner than minFrame.
func (m Model) nextFrame(st pacing.State, now time.Duration) time.Duration {
	return max(m.changeIn(st, now), minFrame) + time.Millisecond
}

// changeIn is how long after wall time now, with the session in state st,
// the picture next changes: the next whole second of a count, the end of
// the phase, the end of a tap's acknowledgement, or the instant the lung
// fill crosses the next step the orb can show, found by inverting the fill
// curve (asking the session for its state at later instants; fill is
// monotonic within a phase). Never later than idleFrame.
func (m Model) changeIn(st pacing.State, now time.Duration) time.Duration {
	d := idleFrame
	if st.PhaseLen > 0 && st.Left > 0 {
		d = min(d, st.Left)
		if frac := st.Left % time.Second; frac > 0 && !m.opt.HideCount {
			d = min(d, frac)
		}
	}
	if frac := st.Remaining % time.Second; frac > 0 {
		d = min(d, frac)
	}
	if n := m.shape.progW; m.shape.progress && n > 0 {
		// The progress bar's next half cell.
		total := st.At + st.Remaining
		k := int(st.SessionProgress()*float64(2*n)) + 1
		if next := time.Duration(float64(total)*float64(k)/float64(2*n)) - st.At; next > 0 {
			d = min(d, next)
		}
	}
	if m.lastTap >= 0 {
		if left := m.lastTap + tapAck - now; left > 0 {
			d = min(d, left)
		}
	}
	if e, ok := m.fillEdge(st); ok {
		d = min(d, e)
	}
	return max(d, 0)
}

// ticks are the instants Bubble Tea's renderer draws: every period from
// origin (wall time).
type ticks struct {
	origin, period time.Duration
}

// start records that the renderer ticks every period from wall time at.
func (t *ticks) start(at, period time.Duration) {
	t.origin, t.period = at, period
}

// frameAt is the wall time of the frame for a change due in d from wall
// time now: the first tick at or after the change (the renderer shows
// nothing sooner), and at least the tick after now, so frames come once a
// tick at most. The frame is then worked out in the same wake-up as the
// tick, just before the renderer sends it. ok is false while the ticks are
// unknown.
func (t *ticks) frameAt(now, d time.Duration) (at time.Duration, ok bool) {
	if t.period <= 0 {
		return 0, false
	}
	next := t.origin + ((now-t.origin)/t.period+1)*t.period
	due := now + d + time.Millisecond
	if due > next {
		k := (due - t.origin + t.period - 1) / t.period
		next = t.origin + k*t.period
	}
	return next, true
}

// quantiser is what draws the breath: the orb or the bar.
type quantiser interface {
	Quantum(f float64) int
	FillFor(q int) float64
}

// fillEdge is how long until the lung fill next crosses a step the picture
// shows (a radius or brightness step, or a colour band), within the current
// phase; ok is false when the fill does not change in this phase.
func (m Model) fillEdge(st pacing.State) (time.Duration, bool) {
	var rising bool
	switch st.Phase {
	case pacing.Inhale, pacing.TopUp:
		rising = true
	case pacing.Exhale:
	default:
		return 0, false
	}
	if st.Left <= 0 {
		return 0, false
	}
	var qz quantiser = m.bar
	if m.shape.orbH > 0 {
		qz = m.orb
	}
	q, b := qz.Quantum(st.Fill), band(st.Fill)
	var edge float64
	if rising {
		edge = qz.FillFor(q + 1)
		if b < Bands-1 {
			edge = min(edge, float64(b+1)/Bands)
		}
	} else {
		edge = qz.FillFor(q)
		edge = max(edge, float64(b)/Bands)
	}
	crossed := func(dt time.Duration) bool {
		f := m.session.StateAt(st.At + dt).Fill
		if rising {
			return f >= edge
		}
		return f < edge
	}
	hi := st.Left - time.Microsecond
	if hi <= 0 || !crossed(hi) {
		return st.Left, true
	}
	lo := time.Duration(0)
	for hi-lo > time.Millisecond {
		mid := (lo + hi) / 2
		if crossed(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, true
}
