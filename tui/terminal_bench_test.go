package tui

import (
	"bytes"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
)

// screen does what Bubble Tea's renderer does with each changed frame: parse
// the picture into a cell buffer and write the difference from the last one.
type screen struct {
	out  bytes.Buffer
	scr  *uv.TerminalRenderer
	cell uv.ScreenBuffer
}

func newScreen(w, h int) *screen {
	s := &screen{cell: uv.NewScreenBuffer(w, h)}
	s.scr = uv.NewTerminalRenderer(&s.out, []string{"TERM=xterm-256color"})
	s.scr.SetColorProfile(colorprofile.ANSI256)
	s.scr.SetTabStops(-1)
	s.scr.SetScrollOptim(true)
	s.scr.SetFullscreen(true)
	s.scr.SetRelativeCursor(false)
	s.scr.Erase()
	return s
}

// draw puts one frame on the screen and returns the bytes it sent.
func (s *screen) draw(content string) int {
	s.cell.Clear()
	uv.NewStyledString(content).Draw(s.cell, s.cell.Bounds())
	s.scr.Render(s.cell.RenderBuffer)
	_ = s.scr.Flush()
	n := s.out.Len()
	s.out.Reset()
	return n
}

// breathFrames are the pictures of one breath at 80x24 in look lk, as
// scheduled.
func breathFrames(tb testing.TB, opt Options, lk Look) []string {
	s := fixedSession(tb)
	m := testModel(tb, s, 0, 80, 24, opt)
	m.SetLook(defaultBG(true), true, lk)
	var frames []string
	for at := 3 * time.Second; at < 19*time.Second; {
		st := s.StateAt(at)
		frames = append(frames, m.Render(st))
		at += m.nextFrame(st, at)
	}
	return frames
}

// BenchmarkTerminal is the renderer's work for each changed frame of a
// breath at 80x24 (parsing the picture, finding and writing the changes).
func BenchmarkTerminal(b *testing.B) {
	frames := breathFrames(b, Options{}, LookFull)
	s := newScreen(80, 24)
	s.draw(frames[0])
	b.ReportAllocs()
	i, sent := 0, 0
	for b.Loop() {
		sent += s.draw(frames[i%len(frames)])
		i++
	}
	b.ReportMetric(float64(sent)/float64(i), "B/frame")
}

// BenchmarkTerminalTrueColor is BenchmarkTerminal in true colour.
func BenchmarkTerminalTrueColor(b *testing.B) {
	frames := breathFrames(b, Options{}, LookTrue)
	s := newScreen(80, 24)
	s.scr.SetColorProfile(colorprofile.TrueColor)
	s.draw(frames[0])
	b.ReportAllocs()
	i, sent := 0, 0
	for b.Loop() {
		sent += s.draw(frames[i%len(frames)])
		i++
	}
	b.ReportMetric(float64(sent)/float64(i), "B/frame")
}
