package main

import (
	"reflect"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/attune-breath/attune/serve/client"
	"github.com/attune-breath/attune/serve/wire"
	"github.com/attune-breath/attune/tui"
)

// TestRoomNewsWhileLost: a lost link is said, and the count is no longer
// claimed; back in the same room, the note goes and the count returns; back
// in a room begun anew, the line says so.
func TestRoomNewsWhileLost(t *testing.T) {
	joined := wire.Message{Start: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), Pattern: "box"}
	anew := joined
	anew.Start = joined.Start.Add(time.Hour)
	for _, c := range []struct {
		name string
		ev   client.Event
		want []tea.Msg
	}{
		{"lost", client.Event{Kind: client.Lost, Retry: 2 * time.Second},
			[]tea.Msg{tui.RoomNoteMsg("connection lost, again in 2s"), tui.RoomMsg{Unknown: true}}},
		{"back", client.Event{Kind: client.Back, State: wire.Message{Start: joined.Start, Pattern: "box", Present: 3}},
			[]tea.Msg{tui.RoomNoteMsg(""), tui.RoomMsg{Present: 3}}},
		{"back anew", client.Event{Kind: client.Back, State: wire.Message{Start: anew.Start, Pattern: "box", Present: 1}},
			[]tea.Msg{tui.RoomNoteMsg("the room began anew: leave and join again to follow it"), tui.RoomMsg{Present: 1}}},
	} {
		var got []tea.Msg
		roomNews(c.ev, joined, func(m tea.Msg) { got = append(got, m) })
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: sent %#v; want %#v", c.name, got, c.want)
		}
	}
}
