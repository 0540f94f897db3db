package serve

import (
	"context"
	"regexp"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/attune-breath/attune/together"
	"github.com/attune-breath/attune/tui"
)

// maxPending is how many taps a session keeps for its screen while the
// screen is busy; older ones are dropped.
const maxPending = 8

// memberName is the form of a name the screen may draw: the servers make
// names of this form, and nothing else is drawn.
var memberName = regexp.MustCompile(`^[a-z0-9-]{1,32}$`)

// news is a session's room news not yet given to its screen.
type news struct {
	mu      sync.Mutex
	present int
	tapped  []string
	ready   chan struct{} // holds one token while there is news
}

// add notes an event.
func (n *news) add(ev together.Event) {
	n.mu.Lock()
	switch ev.Kind {
	case together.Presence:
		n.present = ev.Present
	case together.Tapped:
		if memberName.MatchString(ev.Name) {
			n.tapped = append(n.tapped, ev.Name)
			if len(n.tapped) > maxPending {
				n.tapped = n.tapped[len(n.tapped)-maxPending:]
			}
		}
	}
	n.mu.Unlock()
	select {
	case n.ready <- struct{}{}:
	default:
	}
}

// take is the news so far, as a message for the screen.
func (n *news) take() tui.RoomMsg {
	n.mu.Lock()
	defer n.mu.Unlock()
	msg := tui.RoomMsg{Present: n.present, Tapped: n.tapped}
	n.present, n.tapped = 0, nil
	return msg
}

// relay gives a member's room events to its screen by send until ctx ends
// or events closes, and returns when both its goroutines have ended. One
// goroutine only reads events, so the room never waits for this session;
// the other hands the news on, however slowly the screen takes it,
// merged while it waits (the latest count, the last few taps).
func relay(ctx context.Context, events <-chan together.Event, send func(tea.Msg)) (wait func()) {
	n := &news{ready: make(chan struct{}, 1)}
	var wg sync.WaitGroup
	read := make(chan struct{})
	wg.Go(func() {
		defer close(read)
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-events:
				if !ok {
					return
				}
				n.add(ev)
			}
		}
	})
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-read:
				return
			case <-n.ready:
				send(n.take())
			}
		}
	})
	return wg.Wait
}
