package tui

import (
	"github.com/attune-breath/attune/heart"
)

// HeartSource is what the screen reads of a heart-rate strap: the beats so
// far and the rate now (a heart.Tracker).
type HeartSource interface {
	Beats() []heart.Beat
	Now() (bpm float64, ok bool)
}
