package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func TestEndingForms(t *testing.T) {
	for _, c := range []struct {
		name        string
		opt         Options
		wantSummary bool
	}{
		{"summary", Options{Summary: true, SummaryIdle: time.Millisecond}, true},
		{"inline leaves at once", Options{Summary: true, Inline: true}, false},
		{"no summary asked", Options{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := fixedSession(t)
			m := testModel(t, s, time.Hour, 80, 24, c.opt)
			mm, cmd := m.Update(frameMsg{id: m.frame})
			m = mm.(Model)
			if m.Ending() != Completed {
				t.Fatalf("ending %v, want Completed", m.Ending())
			}
			if m.summary != c.wantSummary {
				t.Fatalf("summary shown = %v, want %v", m.summary, c.wantSummary)
			}
			if !c.wantSummary {
				if !isQuit(cmd) {
					t.Fatal("the screen did not quit at the end")
				}
				if c.opt.Inline && m.View().Content != "" {
					t.Fatalf("inline leaves %q on screen, want nothing", m.View().Content)
				}
				return
			}
			if isQuit(cmd) {
				t.Fatal("the summary quit at once")
			}
			if _, cmd := m.Update(leaveMsg{id: m.frame - 1}); isQuit(cmd) {
				t.Fatal("a stale idle timer ended the summary")
			}
			if _, cmd := m.Update(leaveMsg{id: m.frame}); !isQuit(cmd) {
				t.Fatal("the summary did not leave when idle")
			}
			if _, cmd := m.Update(tea.KeyPressMsg{Code: 'x', Text: "x"}); !isQuit(cmd) {
				t.Fatal("a key did not leave the summary")
			}
		})
	}
}

func TestNoColorStaysMonochrome(t *testing.T) {
	s := fixedSession(t)
	m := New(s, Options{NoColor: true, Clock: func() time.Duration { return 5 * time.Second }})
	m.SetSize(80, 24)
	mm, _ := m.Update(tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
	mm, _ = mm.Update(tea.BackgroundColorMsg{Color: lipgloss.Color("#101318")})
	out := mm.(Model).Render(s.StateAt(5 * time.Second))
	if strings.Contains(out, "\x1b[3") || strings.Contains(out, "\x1b[4") || strings.Contains(out, "\x1b[9") {
		t.Fatalf("colour in a NO_COLOR screen: %q", out)
	}
	if !strings.Contains(out, "█") || !strings.Contains(out, "breathe in") {
		t.Fatalf("the monochrome screen lost its orb or words:\n%s", out)
	}
}
