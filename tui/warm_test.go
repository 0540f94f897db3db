package tui

import (
	"sync"
	"testing"
)

// TestWarmWhileDrawing warms the width tables while frames are drawn as
// Bubble Tea's renderer draws them, as happens when the first tick comes
// early; the race detector checks they share nothing unsafely, and the
// frames must come out the same as on a warm screen.
func TestWarmWhileDrawing(t *testing.T) {
	frames := breathFrames(t, Options{}, LookFull)[:8]
	want := make([]int, len(frames))
	ref := newScreen(80, 24)
	var wg sync.WaitGroup
	got := make([]int, len(frames))
	wg.Go(func() {
		s := newScreen(80, 24)
		for i, f := range frames {
			got[i] = s.draw(f)
		}
	})
	Warm()
	Warm() // again: nothing more
	wg.Wait()
	for i, f := range frames {
		want[i] = ref.draw(f)
	}
	for i := range frames {
		if got[i] != want[i] {
			t.Fatalf("frame %d sent %d bytes while warming, %d after", i, got[i], want[i])
		}
	}
}
