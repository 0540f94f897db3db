package tui

import (
	"context"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// fakeProgram records what stopScreen asked of it; it stops (closes ran)
// on StopMsg when obeys.
type fakeProgram struct {
	mu     sync.Mutex
	sent   []tea.Msg
	killed bool
	obeys  bool
	ran    chan struct{}
}

func (p *fakeProgram) Send(m tea.Msg) {
	p.mu.Lock()
	p.sent = append(p.sent, m)
	p.mu.Unlock()
	if p.obeys {
		close(p.ran)
	}
}

func (p *fakeProgram) Kill() {
	p.mu.Lock()
	p.killed = true
	p.mu.Unlock()
	close(p.ran)
}

// TestStopScreen: when the session's context ends the screen is asked to
// stop (so it draws its last frame), and killed only if it does not stop
// within the grace; a screen that ended by itself is left alone.
func TestStopScreen(t *testing.T) {
	t.Run("obeys", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		p := &fakeProgram{obeys: true, ran: make(chan struct{})}
		done := stopScreen(ctx, p, p.ran, time.Hour)
		cancel()
		<-done
		if len(p.sent) != 1 || p.sent[0] != (StopMsg{}) || p.killed {
			t.Fatalf("sent %v, killed %v; want one StopMsg and no kill", p.sent, p.killed)
		}
	})
	t.Run("hangs", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		p := &fakeProgram{ran: make(chan struct{})}
		done := stopScreen(ctx, p, p.ran, 10*time.Millisecond)
		cancel()
		<-done
		if !p.killed {
			t.Fatal("a screen that did not stop within the grace was not killed")
		}
	})
	t.Run("ended by itself", func(t *testing.T) {
		p := &fakeProgram{ran: make(chan struct{})}
		done := stopScreen(context.Background(), p, p.ran, time.Millisecond)
		close(p.ran)
		<-done
		if len(p.sent) != 0 || p.killed {
			t.Fatalf("sent %v, killed %v to a screen that ended by itself", p.sent, p.killed)
		}
	})
}
