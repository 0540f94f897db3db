package serve

import (
	"context"
	"time"

	"github.com/attune-breath/attune/together"
)

// Rooms is what the server asks of the rooms: together's Hub (see Hub), or
// a stand-in in tests.
type Rooms interface {
	// Join enters room as member name; see together.Hub.Join.
	Join(ctx context.Context, room, name, pattern string) (Member, error)
}

// Member is one member's presence in a room; see together.Member.
type Member interface {
	Room() together.Room
	Present() int
	Tap(at time.Time) error
	Events() <-chan together.Event
	Leave() error
}

// Hub is the rooms kept by h.
func Hub(h *together.Hub) Rooms { return hubRooms{h} }

type hubRooms struct{ h *together.Hub }

func (r hubRooms) Join(ctx context.Context, room, name, pattern string) (Member, error) {
	m, err := r.h.Join(ctx, room, name, pattern)
	if err != nil {
		return nil, err
	}
	return m, nil
}
