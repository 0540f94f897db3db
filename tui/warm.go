package tui

import (
	"sync"

	"github.com/charmbracelet/x/ansi"
)

var warmOnce sync.Once

// Warm builds, in the background, what Bubble Tea's renderer otherwise
// builds while drawing the first frame: the first glyph it measures outside
// ASCII (the orb's blocks) makes the width tables for all of Unicode, tens
// of milliseconds of work. Call it as early as the screen is known to be
// wanted; the renderer's first tick comes later, so the first frame no
// longer waits for the tables. Calling it again does nothing.
func Warm() {
	warmOnce.Do(func() {
		go ansi.WcWidth.StringWidth(quadrants[15] + quadrants[8])
	})
}
