package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// BenchmarkRender draws consecutive frames of a breath at 80x24, as the
// screen would (mostly cached pictures after the first breath).
func BenchmarkRender(b *testing.B) {
	s := fixedSession(b)
	m := testModel(b, s, 0, 80, 24, Options{})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		t := 3*time.Second + time.Duration(i%480)*(time.Second/30)
		_ = m.Render(s.StateAt(t))
		i++
	}
}

// BenchmarkRenderUncached draws a fresh picture every time.
func BenchmarkRenderUncached(b *testing.B) {
	s := fixedSession(b)
	m := testModel(b, s, 0, 80, 24, Options{})
	st := s.StateAt(5 * time.Second)
	b.ReportAllocs()
	for b.Loop() {
		m.fc = &frameCache{}
		clear(m.orb.cache)
		pictures.mu.Lock()
		clear(pictures.m)
		pictures.mu.Unlock()
		_ = m.Render(st)
	}
}

// BenchmarkView is one frame as Bubble Tea asks for it: the state now, an
// unchanged picture (the common case between steps).
func BenchmarkView(b *testing.B) {
	s := fixedSession(b)
	m := testModel(b, s, 5*time.Second, 80, 24, Options{})
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkFrame is one scheduled frame: Update on a frame message, which
// reads the state and finds when the picture next changes.
func BenchmarkFrame(b *testing.B) {
	s := fixedSession(b)
	m := testModel(b, s, 5*time.Second, 80, 24, Options{})
	b.ReportAllocs()
	for b.Loop() {
		_, _ = m.Update(frameMsg{id: m.frame})
	}
}

var _ tea.Model = Model{}
