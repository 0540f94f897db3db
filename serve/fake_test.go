package serve

import (
	"context"
	"sync"
	"time"

	"github.com/attune-breath/attune/together"
)

// memRooms is an in-memory stand-in for together's rooms.
type memRooms struct {
	mu    sync.Mutex
	start time.Time
	rooms map[string][]*memMember
}

func newMemRooms(start time.Time) *memRooms {
	return &memRooms{start: start, rooms: map[string][]*memMember{}}
}

type memMember struct {
	r      *memRooms
	room   together.Room
	name   string
	events chan together.Event
	left   bool
}

func (r *memRooms) Join(_ context.Context, room, name, pattern string) (Member, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := &memMember{r: r, room: together.Room{Name: room, Start: r.start, Pattern: pattern}, name: name, events: make(chan together.Event, 16)}
	r.rooms[room] = append(r.rooms[room], m)
	r.broadcastLocked(room, together.Event{Kind: together.Presence, Present: len(r.rooms[room])}, nil)
	return m, nil
}

// broadcastLocked gives ev to the room's members but skip, never waiting.
func (r *memRooms) broadcastLocked(room string, ev together.Event, skip *memMember) {
	for _, m := range r.rooms[room] {
		if m == skip {
			continue
		}
		select {
		case m.events <- ev:
		default:
		}
	}
}

func (r *memRooms) present(room string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.rooms[room])
}

func (m *memMember) Room() together.Room { return m.room }

func (m *memMember) Present() int { return m.r.present(m.room.Name) }

func (m *memMember) Tap(at time.Time) error {
	m.r.mu.Lock()
	defer m.r.mu.Unlock()
	m.r.broadcastLocked(m.room.Name, together.Event{Kind: together.Tapped, Name: m.name, At: at}, m)
	return nil
}

func (m *memMember) Events() <-chan together.Event { return m.events }

func (m *memMember) Leave() error {
	m.r.mu.Lock()
	defer m.r.mu.Unlock()
	if m.left {
		return nil
	}
	m.left = true
	ms := m.r.rooms[m.room.Name]
	for i, o := range ms {
		if o == m {
			m.r.rooms[m.room.Name] = append(ms[:i:i], ms[i+1:]...)
			break
		}
	}
	close(m.events)
	m.r.broadcastLocked(m.room.Name, together.Event{Kind: together.Presence, Present: len(m.r.rooms[m.room.Name])}, nil)
	return nil
}

// names lists the rooms with members.
func (r *memRooms) names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for n, ms := range r.rooms {
		if len(ms) > 0 {
			out = append(out, n)
		}
	}
	return out
}
