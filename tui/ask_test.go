package tui

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// typeText sends each rune of s as a key press.
func typeText(m tea.Model, s string) tea.Model {
	for _, r := range s {
		m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func TestAskAnswer(t *testing.T) {
	var m tea.Model = NewAsk("What do you need?", "such as: I can't sleep")
	m, _ = m.Update(tea.WindowSizeMsg{Width: 60, Height: 10})
	if v := ansi.Strip(m.View().Content); !strings.Contains(v, "What do you need?") || !strings.Contains(v, "such as: I can't sleep") || !strings.Contains(v, "esc cancel") {
		t.Fatalf("the empty question:\n%s", v)
	}
	m, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if a := m.(AskModel); a.Answered() || a.Cancelled() || cmd != nil {
		t.Fatalf("enter on an empty field should wait for text")
	}
	m = typeText(m, "  a quick break ")
	m, cmd = m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	a := m.(AskModel)
	if !a.Answered() || a.Cancelled() || a.Answer() != "a quick break" {
		t.Fatalf("after enter: answered %v, cancelled %v, %q", a.Answered(), a.Cancelled(), a.Answer())
	}
	if cmd == nil {
		t.Fatal("enter should end the program")
	}
	if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Fatal("enter should quit")
	}
	if v := a.View().Content; v != "What do you need? a quick break\n" {
		t.Errorf("the answered question leaves %q", v)
	}
}

func TestAskCancel(t *testing.T) {
	for _, k := range []tea.KeyPressMsg{{Code: tea.KeyEscape}, {Code: 'c', Mod: tea.ModCtrl}} {
		m := typeText(NewAsk("What do you need?", ""), "never mind")
		m, cmd := m.Update(k)
		a := m.(AskModel)
		if !a.Cancelled() || a.Answered() || cmd == nil {
			t.Errorf("%s: cancelled %v, answered %v", k, a.Cancelled(), a.Answered())
		}
		if v := a.View().Content; v != "" {
			t.Errorf("%s: a cancelled question leaves %q", k, v)
		}
	}
}

// TestAskProgram runs Ask on keys from a pipe: the line typed comes back,
// and esc gives nothing.
func TestAskProgram(t *testing.T) {
	for _, tt := range []struct {
		keys, want string
		ok         bool
	}{
		{"quick break before my talk\r", "quick break before my talk", true},
		{"never mind\x1b", "", false},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		pr, pw := io.Pipe()
		go func() { _, _ = pw.Write([]byte(tt.keys)) }()
		var out bytes.Buffer
		got, ok, err := Ask(ctx, pr, &out, "What do you need?", "")
		cancel()
		pw.Close()
		if err != nil || ok != tt.ok || got != tt.want {
			t.Errorf("%q: %q, %v, %v; want %q, %v", tt.keys, got, ok, err, tt.want, tt.ok)
		}
	}
}
