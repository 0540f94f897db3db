package tui

import (
	"bytes"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/attune-breath/attune/pacing"
)

// fakeClock is a wall clock the test moves by hand.
type fakeClock struct{ ns atomic.Int64 }

func (c *fakeClock) now() time.Duration          { return time.Duration(c.ns.Load()) }
func (c *fakeClock) set(d time.Duration)         { c.ns.Store(int64(d)) }
func (c *fakeClock) clock() func() time.Duration { return c.now }

func waitFor(t *testing.T, tm *teatest.TestModel, what string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func TestFlowStartTapPauseResumeQuit(t *testing.T) {
	p, _ := pacing.Builtin("coherent")
	s := pacing.NewSession(pacing.Plan{Duration: time.Minute, Guide: pacing.FixedGuide{Pattern: p}, Label: "coherent"})
	var c fakeClock
	tm := teatest.NewTestModel(t, New(s, Options{Clock: c.clock()}), teatest.WithInitialTermSize(80, 24))

	waitFor(t, tm, "get comfortable")
	c.set(4 * time.Second)
	tm.Send(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	waitFor(t, tm, "•") // the tap is acknowledged on screen

	tm.Send(tea.KeyPressMsg{Code: 'p', Text: "p"})
	waitFor(t, tm, "paused")
	if !s.Paused() {
		t.Fatal("p did not pause the session")
	}
	c.set(30 * time.Second)
	tm.Send(tea.KeyPressMsg{Code: 'p', Text: "p"})
	waitFor(t, tm, "breathe in")
	if s.Paused() {
		t.Fatal("p did not resume the session")
	}
	if got := s.Active(30 * time.Second); got < 4*time.Second || got > 5*time.Second {
		t.Fatalf("session time after a pause = %v, want where it paused", got)
	}

	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if final.Ending() != Quit {
		t.Fatalf("ending %v, want Quit", final.Ending())
	}
	if ev := s.Events(); len(ev) != 1 || ev[0].Kind != pacing.BreathIn || ev[0].At != 4*time.Second {
		t.Fatalf("events %v, want one in-breath at 4s", ev)
	}
}

func TestFlowCompletes(t *testing.T) {
	p, _ := pacing.ParsePattern("1-0-1")
	s := pacing.NewSession(pacing.Plan{Duration: 10 * time.Second, Guide: pacing.FixedGuide{Pattern: p}})
	var c fakeClock
	tm := teatest.NewTestModel(t, New(s, Options{Clock: c.clock()}), teatest.WithInitialTermSize(40, 12))
	waitFor(t, tm, "get comfortable")
	c.set(time.Hour)
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if final.Ending() != Completed {
		t.Fatalf("ending %v, want Completed", final.Ending())
	}
}

func TestHoldModeSendsOutBreath(t *testing.T) {
	p, _ := pacing.Builtin("coherent")
	s := pacing.NewSession(pacing.Plan{Duration: time.Minute, Guide: pacing.FixedGuide{Pattern: p}})
	var c fakeClock
	m := New(s, Options{Clock: c.clock()})
	m.SetSize(80, 24)
	var mm tea.Model = m
	mm, _ = mm.Update(tea.KeyboardEnhancementsMsg{Flags: 1 | 2})
	c.set(4 * time.Second)
	mm, _ = mm.Update(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	c.set(5 * time.Second)
	mm, _ = mm.Update(tea.KeyPressMsg{Code: tea.KeySpace, Text: " ", IsRepeat: true})
	c.set(8 * time.Second)
	mm, _ = mm.Update(tea.KeyReleaseMsg{Code: tea.KeySpace, Text: " "})
	want := []pacing.Event{{Kind: pacing.BreathIn, At: 4 * time.Second}, {Kind: pacing.BreathOut, At: 8 * time.Second}}
	if got := s.Events(); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("events %v, want %v", got, want)
	}
	if !bytes.Contains([]byte(mm.(Model).Render(s.StateAt(time.Second))), []byte("hold space while breathing in")) {
		t.Fatal("the screen should say that holding space is the mode")
	}
}

// TestStopMsg: a session stopped from outside ends at once, without the
// summary screen, and inline it leaves nothing drawn behind.
func TestStopMsg(t *testing.T) {
	for _, inline := range []bool{false, true} {
		s := fixedSession(t)
		var c fakeClock
		m := New(s, Options{Clock: c.clock(), Inline: inline, Summary: true})
		m.SetSize(80, 24)
		c.set(5 * time.Second)
		mm, cmd := m.Update(StopMsg{})
		m = mm.(Model)
		if cmd == nil {
			t.Fatalf("inline=%v: StopMsg gave no command, want quit", inline)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Fatalf("inline=%v: StopMsg did not quit", inline)
		}
		if m.Ending() != Stopped {
			t.Fatalf("inline=%v: ending %v, want Stopped", inline, m.Ending())
		}
		if v := m.View().Content; inline && v != "" {
			t.Fatalf("inline view after a stop = %q, want nothing", v)
		}
	}
}

// TestSuspendPausesSession: ctrl+z suspends the program with the session
// paused, and bringing it back goes on where it was; a session the
// breather had paused stays paused.
func TestSuspendPausesSession(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no job control")
	}
	for _, pausedFirst := range []bool{false, true} {
		s := fixedSession(t)
		var c fakeClock
		m := New(s, Options{Clock: c.clock()})
		m.SetSize(80, 24)
		c.set(4 * time.Second)
		if pausedFirst {
			mm, _ := m.Update(tea.KeyPressMsg{Code: 'p', Text: "p"})
			m = mm.(Model)
		}
		mm, cmd := m.Update(tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl})
		m = mm.(Model)
		if cmd == nil {
			t.Fatal("ctrl+z gave no command")
		}
		if _, ok := cmd().(tea.SuspendMsg); !ok {
			t.Fatal("ctrl+z did not suspend")
		}
		if !s.Paused() {
			t.Fatal("the session runs on while suspended")
		}
		inl := m
		inl.opt.Inline = true
		if v := inl.View().Content; v != "" {
			t.Fatalf("inline view while suspended = %q, want nothing under the prompt", v)
		}
		c.set(64 * time.Second) // a minute in the background
		mm, _ = m.Update(tea.ResumeMsg{})
		m = mm.(Model)
		if s.Paused() != pausedFirst {
			t.Fatalf("paused before=%v: paused after resuming = %v", pausedFirst, s.Paused())
		}
		if got := s.Active(64 * time.Second); got != 4*time.Second {
			t.Fatalf("session time after a minute suspended = %v, want 4s (where it stopped)", got)
		}
		if m.Ending() != Running {
			t.Fatalf("ending %v after resuming", m.Ending())
		}
	}
}
