package tui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/attune-breath/attune/heart"
)

// HeartSource is what the screen reads of a heart-rate strap: the beats so
// far, in session time, and the rate now (a heart.Tracker).
type HeartSource interface {
	Beats() []heart.Beat
	Len() int
	Now() (bpm float64, ok bool)
}

// Heart wave geometry.
const (
	waveLines = 2                // the heart's line and the breath's
	waveSpan  = 40 * time.Second // about the last few slow breaths
	waveMaxW  = 60               // cells
	waveMinHR = 6.0              // the least range of the wave's scale, beats/min
)

// heartKey is what the heart line and wave show: the beats so far, the
// rate shown (which a strap reporting only rates changes without beats;
// -1 for none) and the wave's time column.
type heartKey struct {
	w, n, rate, col int
}

// heartKeyAt is the heart's part of the frame at session time t; zero
// without a heart.
func (m Model) heartKeyAt(t time.Duration) heartKey {
	if m.opt.Heart == nil || (!m.shape.heart && m.shape.wave == 0) {
		return heartKey{}
	}
	k := heartKey{w: m.w, n: m.opt.Heart.Len(), rate: -1}
	if bpm, ok := m.opt.Heart.Now(); ok {
		k.rate = int(math.Round(bpm))
	}
	if m.shape.wave > 0 {
		k.col = int(t / (waveSpan / time.Duration(waveWidth(m.w))))
	}
	return k
}

// waveWidth is the wave's width in cells on a screen w wide.
func waveWidth(w int) int { return max(min(w-12, waveMaxW), 8) }

// heartLine is the quiet heart line at session time t: the rate now, the
// last breath's swing and the share of artefacts.
func (m Model) heartLine(t time.Duration) string {
	beats := m.opt.Heart.Beats()
	bpm, ok := m.opt.Heart.Now()
	if !ok {
		return m.styles.Quiet.Render("heart: waiting for beats")
	}
	parts := []string{fmt.Sprintf("heart %.0f bpm", bpm)}
	if s, ok := heart.LastSwing(beats, m.session.Cycles(t), t); ok {
		parts = append(parts, fmt.Sprintf("last breath swung %.1f", s.PeakToTrough))
	}
	if a := heart.ArtefactShare(beats); a > 0 {
		parts = append(parts, fmt.Sprintf("artefacts %.0f %%", 100*a))
	}
	return m.styles.Quiet.Render(strings.Join(parts, " · "))
}

// sparks are the eighths of a cell, lowest first.
var sparks = []rune("▁▂▃▄▅▆▇█")

// heartWave draws the heart rate over the last waveSpan before session time
// t (to its last beat) above the breath over the same span, each one line
// of sparks, labelled.
func (m Model) heartWave(t time.Duration) []string {
	n := waveWidth(m.w)
	col := waveSpan / time.Duration(n)
	from := t - waveSpan
	beats := heart.Between(clean(m.opt.Heart.Beats()), from-4*time.Second, t+time.Second)
	hr := make([]float64, n)
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range hr {
		hr[i] = rateAt(beats, from+time.Duration(i)*col)
		if !math.IsNaN(hr[i]) {
			lo, hi = min(lo, hr[i]), max(hi, hr[i])
		}
	}
	if hi-lo < waveMinHR {
		mid := (hi + lo) / 2
		lo, hi = mid-waveMinHR/2, mid+waveMinHR/2
	}
	var hb, bb strings.Builder
	for i, v := range hr {
		if math.IsNaN(v) {
			hb.WriteRune(' ')
		} else {
			hb.WriteRune(spark((v - lo) / (hi - lo)))
		}
		bb.WriteRune(spark(m.session.StateAt(from + time.Duration(i)*col).Fill))
	}
	s := m.styles
	return []string{
		center(m.w, s.Quiet.Render("heart  ")+s.Word.Render(hb.String())),
		center(m.w, s.Quiet.Render("breath ")+s.Quiet.Render(bb.String())),
	}
}

// spark is the spark for a share from 0 to 1.
func spark(f float64) rune {
	i := int(math.Round(f * float64(len(sparks)-1)))
	return sparks[max(0, min(i, len(sparks)-1))]
}

// clean is bs without its artefacts.
func clean(bs []heart.Beat) []heart.Beat {
	out := bs[:0:0]
	for _, b := range bs {
		if !b.Artefact {
			out = append(out, b)
		}
	}
	return out
}

// rateAt is the heart rate at t, linearly between the clean beats around
// it; NaN outside them or across a gap of more than 3 s.
func rateAt(bs []heart.Beat, t time.Duration) float64 {
	for i := 1; i < len(bs); i++ {
		a, b := bs[i-1], bs[i]
		if b.At < t {
			continue
		}
		if a.At > t || b.At-a.At > 3*time.Second {
			return math.NaN()
		}
		f := float64(t-a.At) / float64(b.At-a.At)
		return a.HR() + f*(b.HR()-a.HR())
	}
	return math.NaN()
}

// heartShape gives s the heart line (where the quiet line is) and, in the
// full form with room to spare, the wave, taken from the orb.
func heartShape(s shape) shape {
	if !s.status {
		return s
	}
	if s.orbH-1 < minOrbH {
		return s
	}
	s.heart = true
	s.orbH--
	if s.form == formFull && s.orbH-waveLines >= 8 {
		s.wave = waveLines
		s.orbH -= waveLines
	}
	return s
}

// heartLines are the heart's lines of the frame at session time t.
func (m Model) heartLines(t time.Duration) []string {
	var out []string
	if m.shape.wave > 0 {
		out = append(out, m.heartWave(t)...)
	}
	if m.shape.heart {
		out = append(out, center(m.w, m.heartLine(t)))
	}
	return out
}

// heartTime is the session time the heart is drawn at.
func (m Model) heartTime() time.Duration { return m.session.Active(m.opt.Clock()) }

// closingLines are the lines Options.Closing adds to the closing summary,
// after a blank one, each wrapped at words to fit the screen and centred;
// none without it.
func (m Model) closingLines() []string {
	if m.opt.Closing == nil {
		return nil
	}
	extra := m.opt.Closing()
	if len(extra) == 0 {
		return nil
	}
	out := []string{""}
	for _, l := range extra {
		for part := range strings.SplitSeq(ansi.Wordwrap(l, max(m.w-4, 8), ""), "\n") {
			out = append(out, center(m.w, m.styles.Quiet.Render(strings.TrimSpace(part))))
		}
	}
	return out
}
