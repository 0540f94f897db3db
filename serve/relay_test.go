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
	sent := time.Now()
	for i := range 1000 {
		events <- together.Event{Kind: together.Presence, Present: i + 1}
		events <- together.Event{Kind: together.Tapped, Name: "calm-otter"}
	}
	events <- together.Event{Kind: together.Tapped, Name: "\x1b[2Jowned"}
	if d := time.Since(sent); d > time.Second {
		t.Fatalf("2001 events took %v to be read while the screen was busy", d)
	}
	close(release)
	var last tui.RoomMsg
	for timeout := time.After(2 * time.Second); last.Present != 1000; {
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
	case <-time.After(time.Second):
		t.Fatal("the relay outlived its session")
	}
}
