// Package together keeps attune's rooms: a room's state (when its breath
// began and what it breathes), who is present, and the taps of its members,
// all on NATS — an embedded server in the same process by default, or a
// cluster by URL, so that several attune servers serve the same rooms. It
// draws nothing and knows nothing of SSH.
//
// A room's breath is a pure function of its state and the clock, exactly as
// a solo session's is: every member builds the same pacing.Session from the
// room's state (see Room.Session) and asks it for the state at an instant.
// A room given a pattern breathes it; a room without one breathes the
// cycles its decider publishes (pacing.Group, from every member's taps).
//
// # NATS layout
//
// Every attune server on one NATS shares:
//
//   - KV bucket attune_rooms (memory, history 1, TTL 24 h): key <room>,
//     value {"start": unix ms, "pattern": "..."} ("" for the group
//     pacer). Made by compare-and-set
//     (create, or update at the revision read), so servers joining at once
//     agree on one Start: the second after the next whole second. A server
//     with members in the room rewrites it unchanged every minute; a room
//     with nobody present and not rewritten for 3 minutes is begun afresh
//     by its next joiner.
//   - KV bucket attune_presence (memory, history 1, TTL 10 s): key
//     <room>.<member>, value the unix ms it was written, rewritten every
//     3 s and deleted on Leave. A room's count is the keys under <room>.;
//     each server watches them once per room (metadata only) and forgets a
//     key not rewritten for 10 s.
//   - KV bucket attune_cycles (memory, history 1, TTL 24 h): key <room>,
//     value {"start": unix ms, "cycles": [...]}: the latest decided cycles
//     of a room without a pattern (see Decide), written by compare-and-set
//     by the room's decider and watched by every server with members in
//     the room.
//   - KV bucket attune_leases (memory, history 1, TTL 4 s): key <room>,
//     value the id of the server that decides the room's cycles. Taken by
//     create when absent, renewed every second by update at the revision
//     held, deleted when that server's last member leaves.
//   - Subject attune.room.<room>.tap (core NATS): {"name": member,
//     "at": unix ms}. At most 5 a second from a member, 100 a second heard
//     per room per server; names are cleaned to a-z, 0-9 and - (at most 32)
//     before a member hears them, and a member never hears its own.
package together

import (
	"fmt"
	"regexp"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// RoomForm is the accepted form of a room name, for messages.
const RoomForm = "1 to 32 of a-z, 0-9 and -"

var roomName = regexp.MustCompile(`^[a-z0-9-]{1,32}$`)

// ValidRoom reports whether name is an accepted room name, with an error
// that says what is accepted when it is not.
func ValidRoom(name string) error {
	if !roomName.MatchString(name) {
		return fmt.Errorf("room %q not accepted: %s", name, RoomForm)
	}
	return nil
}

// Options says which NATS to use.
type Options struct {
	// URL is a NATS server or cluster to use; empty starts an embedded
	// server in this process (not listening, JetStream in memory).
	URL string
}

// Room is a room's state: when its breath began and what it breathes.
type Room struct {
	Name string
	// Start is the instant the room's breath began, wall clock.
	Start time.Time
	// Pattern is the built-in or numeric pattern the room breathes; ""
	// for the group pacer.
	Pattern string
	// Book holds the cycles the group pacer decided, for a room without a
	// pattern; nil otherwise.
	Book *Book
}

// Session is the room's breath as a pacing session whose wall time 0 is
// Start: every member builds the same one and asks it for the state at
// time.Since(Start).
//
// A room with a pattern breathes it; one without breathes the cycles its
// decider publishes (Book).
func (r Room) Session() *pacing.Session {
	var g pacing.Guide
	if p, err := pacing.ParsePattern(r.Pattern); err == nil && r.Pattern != "" {
		g = pacing.FixedGuide{Pattern: p}
	} else if r.Book != nil {
		g = r.Book
	} else {
		g = NewBook()
	}
	return pacing.NewSession(pacing.Plan{Duration: 4 * time.Hour, Settle: -1, Guide: g, Label: r.Name})
}

// EventKind says what happened in a room.
type EventKind int

// The room events a member hears.
const (
	Presence EventKind = iota // who is present changed: Present is the count
	Tapped                    // another member tapped an in-breath
)

// Event is something that happened in a member's room.
type Event struct {
	Kind    EventKind
	Name    string    // the member it concerns (for Tapped)
	At      time.Time // when
	Present int       // members present (for Presence)
}
