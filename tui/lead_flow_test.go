package tui

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/attune-breath/attune/pacing"
)

// TestFlowTapAlongPaceMoves taps space along with the guide, as a breather
// who follows would, and watches the pace line slow toward the target.
func TestFlowTapAlongPaceMoves(t *testing.T) {
	g, label, err := pacing.GuideFor(pacing.GuideOptions{Planned: 8 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	s := pacing.NewSession(pacing.Plan{Duration: 8 * time.Minute, Guide: g, Label: label})
	var clock fakeClock
	tm := teatest.NewTestModel(t, New(s, Options{Clock: clock.clock()}), teatest.WithInitialTermSize(80, 24))
	waitFor(t, tm, "get comfortable")

	tap := func(at time.Duration) {
		t.Helper()
		clock.set(at)
		n := len(s.Events())
		tm.Send(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
		deadline := time.Now().Add(5 * time.Second)
		for len(s.Events()) == n {
			if time.Now().After(deadline) {
				t.Fatalf("the tap at %v never reached the session", at)
			}
			time.Sleep(time.Millisecond)
		}
	}
	width := 80
	// see forces a full repaint (a resize) and waits for the pace line that
	// the state at the clock's time should show.
	see := func() float64 {
		t.Helper()
		st := s.State(clock.now())
		if st.BPM == 0 {
			t.Fatalf("no guided pace at %v (stage %v)", clock.now(), st.Stage)
		}
		width = 161 - width // 80 ↔ 81
		tm.Send(tea.WindowSizeMsg{Width: width, Height: 24})
		// The line shows the pace now and the target; the renderer may
		// draw a frame a moment later than st, so allow a little slowing.
		re := regexp.MustCompile(fmt.Sprintf(`(\d+\.\d) → %.1f breaths/min`, st.TargetBPM))
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			for _, m := range re.FindAllSubmatch(b, -1) {
				if v, err := strconv.ParseFloat(string(m[1]), 64); err == nil && math.Abs(v-st.BPM) <= 0.5 {
					return true
				}
			}
			return false
		}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
		return st.BPM
	}

	// Arrive: the breather's own pace, 15 breaths/min.
	at := 4 * time.Second
	for range 4 {
		tap(at)
		at += 4 * time.Second
	}
	// Follow: tap as each guided in-breath begins, for five minutes.
	var paces []float64
	check := time.Minute
	for at < 5*time.Minute {
		cs := s.Cycles(at)
		c := cs[len(cs)-1]
		if c.Listen > 0 || c.Start != at {
			at = c.End() // wait for the next guided breath
			continue
		}
		tap(at + 100*time.Millisecond)
		at = c.End()
		if at >= check {
			clock.set(at + time.Second)
			paces = append(paces, see())
			check += time.Minute
		}
	}
	if len(paces) < 4 {
		t.Fatalf("saw %d pace lines", len(paces))
	}
	for i := 1; i < len(paces); i++ {
		if paces[i] > paces[i-1] {
			t.Fatalf("the pace rose while the breather followed: %v", paces)
		}
	}
	if paces[0]-paces[len(paces)-1] < 3 {
		t.Fatalf("the pace hardly moved in four minutes of following: %v", paces)
	}
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
