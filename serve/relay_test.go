package serve

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/attune-breath/attune/together"
	"github.com/attune-breath/attune/tui"
)

// TestRelayNeverHoldsTheRoom gives a session's relay a screen that takes
// nothing: the room's events are still all read at once, the news kept is
// the latest count and the last few taps, names not of the servers' form
// are never passed on, and the relay ends with its session.
func TestRelayNeverHoldsTheRoom(t *testing.T) {
	events := make(chan together.Event)
	got := make(chan tea.Msg)
	release := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wait := relay(ctx, events, func(m tea.Msg) {
		select {
		case <-release:
			// The test stops reading once the latest count came: a
			// send after that must end with the session, as Bubble
			// Tea's Send does when its program ends.
			select {
			case got <- m:
			case <-ctx.Done():
			}
		case <-ctx.Done():
		}
	})
	// The room's events are sent unbuffered: each is taken only when the
	// relay reads it. A relay that waited for the screen would never take
	// the second (10 s is only a guard against hanging on it).
	guard := time.After(10 * time.Second)
	give := func(ev together.Event) {
		t.Helper()
		select {
		case events <- ev:
		case <-guard:
			t.Fatalf("the relay stopped reading the room's events while the screen was busy (at %+v)", ev)
		}
	}
	for i := range 1000 {
		give(together.Event{Kind: together.Presence, Present: i + 1})
		give(together.Event{Kind: together.Tapped, Name: "calm-otter"})
	}
	give(together.Event{Kind: together.Tapped, Name: "\x1b[2Jowned"})
	close(release)
	var last tui.RoomMsg
	for timeout := time.After(10 * time.Second); last.Present != 1000; {
		select {
		case m := <-got:
			last = m.(tui.RoomMsg)
			if len(last.Tapped) > maxPending {
				t.Fatalf("%d taps kept for a busy screen", len(last.Tapped))
			}
			for _, n := range last.Tapped {
				if n != "calm-otter" {
					t.Fatalf("a name not made by a server was passed on: %q", n)
				}
			}
		case <-timeout:
			t.Fatalf("the latest count never came; last news %+v", last)
		}
	}
	cancel()
	done := make(chan struct{})
	go func() { wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the relay outlived its session")
	}
}
