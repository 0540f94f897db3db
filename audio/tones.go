package audio

import (
	"time"

	"github.com/attune-breath/attune/pacing"
	"github.com/gopxl/beep/v2"
)

// The tone's notes, in Hz: a calm, open fifth-and-octave palette.
const (
	noteLow  = 392.00 // G4
	noteHigh = 587.33 // D5
	noteTop  = 783.99 // G5
	noteHold = 293.66 // D4
)

// softBell is a bell at hz with partials that decay gently, the upper ones
// sooner, the way a small singing bowl sounds when touched lightly.
func softBell(rate beep.SampleRate, hz, amp float64, ring time.Duration) *Bell {
	n := rate.N(ring)
	return &Bell{
		Freq: hz / float64(rate),
		Partials: []Partial{
			{Ratio: 1, Amp: amp, Decay: n / 4},
			{Ratio: 2.01, Amp: amp * 0.28, Decay: n / 8},
			{Ratio: 3.02, Amp: amp * 0.10, Decay: n / 14},
			{Ratio: 4.17, Amp: amp * 0.04, Decay: n / 20},
		},
		Attack:  rate.N(6 * time.Millisecond),
		Release: rate.N(120 * time.Millisecond),
		Len:     n,
	}
}

// Tone returns the soft tone for the start of phase, at the given sample
// rate, or nil when the phase has none. In and out are two-note chimes, the
// inhale rising and the exhale falling, so they can be told apart with eyes
// closed; holds are a low swell; the top-up is a single high touch.
func Tone(phase pacing.Phase, rate beep.SampleRate) beep.Streamer {
	gap := rate.N(170 * time.Millisecond)
	chime := func(first, second float64) beep.Streamer {
		return beep.Mix(
			softBell(rate, first, 0.16, 600*time.Millisecond),
			&Delay{Streamer: softBell(rate, second, 0.22, 2200*time.Millisecond), Wait: gap},
		)
	}
	switch phase {
	case pacing.Inhale:
		return chime(noteLow, noteHigh)
	case pacing.Exhale:
		return chime(noteHigh, noteLow)
	case pacing.TopUp:
		return softBell(rate, noteTop, 0.14, 900*time.Millisecond)
	case pacing.HoldIn, pacing.HoldOut:
		return &Swell{Freq: noteHold / float64(rate), Amp: 0.12, Attack: rate.N(25 * time.Millisecond), Len: rate.N(1400 * time.Millisecond)}
	case pacing.Done:
		return beep.Mix(
			softBell(rate, noteHigh, 0.18, 2*time.Second),
			&Delay{Streamer: softBell(rate, noteLow, 0.18, 2500*time.Millisecond), Wait: 2 * gap},
			&Delay{Streamer: softBell(rate, noteHold, 0.18, 3500*time.Millisecond), Wait: 4 * gap},
		)
	}
	return nil
}
