package serve

import (
	"context"
	"errors"
	"fmt"
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

// joinAs enters room as name, or, when another member of the room here has
// that name already (two keys can share one of the 1024 names, and one key
// can join twice), as name-2, name-3 … name-9. It returns the member and
// the name it took.
func joinAs(ctx context.Context, rooms Rooms, room, name, pattern string) (Member, string, error) {
	try := name
	for i := 2; ; i++ {
		m, err := rooms.Join(ctx, room, try, pattern)
		if err == nil || !errors.Is(err, together.ErrNameTaken) || i > 9 {
			return m, try, err
		}
		try = fmt.Sprintf("%s-%d", name, i)
	}
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
