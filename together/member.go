package together

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// Member is one member's presence in a room.
type Member struct {
	room   *room
	name   string
	key    string // its presence key
	events chan Event

	tapMu sync.Mutex
	taps  window // its taps in the last second

	mu      sync.Mutex // guards sends on events and its closing
	closed  bool
	pending bool // a presence event found events full

	beatMu sync.Mutex // orders heartbeats before the leaving delete
	left   bool

	once     sync.Once
	leaveErr error
}

// Room is the member's room's state.
func (m *Member) Room() Room { return m.room.state }

// Present is how many members are present in the room now.
func (m *Member) Present() int { return int(m.room.present.Load()) }

// Tap tells the room the member began an in-breath at; more than a few a
// second are dropped.
func (m *Member) Tap(at time.Time) error {
	m.mu.Lock()
	closed := m.closed
	m.mu.Unlock()
	if closed {
		return ErrClosed
	}
	m.tapMu.Lock()
	ok := m.taps.allow(m.room.hub.now())
	m.tapMu.Unlock()
	if !ok {
		return nil
	}
	b, err := json.Marshal(tapMsg{Name: m.name, At: at.UnixMilli()})
	if err != nil {
		return err
	}
	if err := m.room.hub.nc.Publish(m.room.subject, b); err != nil {
		return fmt.Errorf("tapping in room %s: %w", m.room.name, err)
	}
	return nil
}

// Events delivers presence changes and others' taps; it is closed by Leave.
// A member that does not keep up loses taps, and hears the latest count
// rather than every change.
func (m *Member) Events() <-chan Event { return m.events }

// Leave ends the membership: presence removed, events closed.
func (m *Member) Leave() error {
	m.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		m.leaveErr = m.end(ctx)
		m.room.hub.release(m.room)
	})
	return m.leaveErr
}

// end stops the heartbeat, takes the member out of the count, closes its
// events and deletes its presence.
func (m *Member) end(ctx context.Context) error {
	m.beatMu.Lock()
	m.left = true
	m.beatMu.Unlock()
	m.room.leave(m)
	m.mu.Lock()
	m.closed = true
	close(m.events)
	m.mu.Unlock()
	if err := m.room.hub.presence.Delete(ctx, m.key); err != nil {
		return fmt.Errorf("leaving room %s: %w", m.room.name, err)
	}
	return nil
}

// beat rewrites the member's presence, unless it has left.
func (m *Member) beat(ctx context.Context) {
	m.beatMu.Lock()
	defer m.beatMu.Unlock()
	if m.left {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	m.room.hub.presence.Put(ctx, m.key, presenceValue())
}

// send delivers ev unless the member's events are full or closed.
func (m *Member) send(ev Event) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return true
	}
	select {
	case m.events <- ev:
		return true
	default:
		return false
	}
}

// presence delivers the count n, or remembers to when there is room.
func (m *Member) presence(n int, at time.Time) {
	ok := m.send(Event{Kind: Presence, At: at, Present: n})
	m.mu.Lock()
	m.pending = !ok
	m.mu.Unlock()
}

// retryPresence delivers the latest count if an earlier one was dropped.
func (m *Member) retryPresence() {
	m.mu.Lock()
	pending := m.pending
	m.mu.Unlock()
	if pending {
		m.presence(m.Present(), time.Now())
	}
}
