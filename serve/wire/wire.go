// Package wire is the protocol of a room channel: what `attune together`
// and `attune serve` say to each other over an SSH session that has no
// terminal and whose command is exactly "attune-room ROOM".
//
// Each message is one line of JSON, at most MaxLine bytes. The server
// sends:
//
//	{"room":"calm","start_unix_ms":1700000000000,"pattern":"coherent","present":2,"you":"quiet-heron"}
//	{"tap":"calm-otter","at_unix_ms":1700000000123}
//	{"pong":1700000000000000000,"server_unix_ns":1700000000000500000}
//	{"cycle":{"start_ms":20000,"in_ms":2600,"out_ms":3200,"stage":"arrive","level":"words",…}}
//
// the room's state when the member joins and whenever it changes, another
// member's tap, the answer to a clock request, and, for a room without a
// pattern, each cycle its decider published (in room time, from the room's
// start), the ones already known before the first state line. The client sends:
//
//	{"ping":1700000000000000000}
//	{"tap":true}
//
// a clock request (its own clock, unix ns, echoed back in the pong) and a
// tap of its own in-breath (the server taps the room as that member, as
// for a screen session). Unknown fields are ignored; a line that is too
// long, not JSON, or none of these is refused with an error, and the
// reader goes on with the next line. Names, rooms and patterns are
// accepted only in attune's own forms, so nothing a peer sends is drawn
// as it was sent.
package wire

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/together"
)

// Command is the first word of a room channel's command; the second is
// the room.
const Command = "attune-room"

// MaxLine is the longest line either side reads, newline included.
const MaxLine = 1024

// Kind says what a message is.
type Kind int

// The messages of a room channel.
const (
	State  Kind = iota + 1 // server: the room's state
	Tapped                 // server: another member tapped
	Pong                   // server: the answer to a Ping
	Ping                   // client: a clock request
	Tap                    // client: its own tap
	Cycle                  // server: a cycle the room's decider published
)

// Message is one line of a room channel; which fields mean something
// depends on Kind.
type Message struct {
	Kind    Kind
	Room    string       // State
	Start   time.Time    // State: when the room's breath began, server clock
	Pattern string       // State
	Present int          // State
	You     string       // State: the member's own name
	Name    string       // Tapped: who tapped
	At      time.Time    // Tapped: when, server clock
	Ping    int64        // Ping, Pong: the client's clock, unix ns
	Server  int64        // Pong: the server's clock, unix ns
	Cycle   pacing.Cycle // Cycle: in room time, from the room's start
}

// line is every field a line may carry.
type line struct {
	Room    *string         `json:"room,omitempty"`
	Start   *int64          `json:"start_unix_ms,omitempty"`
	Pattern *string         `json:"pattern,omitempty"`
	Present *int            `json:"present,omitempty"`
	You     *string         `json:"you,omitempty"`
	Tap     json.RawMessage `json:"tap,omitempty"`
	At      *int64          `json:"at_unix_ms,omitempty"`
	Ping    *int64          `json:"ping,omitempty"`
	Pong    *int64          `json:"pong,omitempty"`
	Server  *int64          `json:"server_unix_ns,omitempty"`
	Cycle   json.RawMessage `json:"cycle,omitempty"`
}

// name is the form of a member's name.
var name = regexp.MustCompile(`^[a-z0-9-]{1,32}$`)

// ErrBadLine is a line that is too long, or not a message of the
// protocol: the reader goes on with the next.
var ErrBadLine = errors.New("a line not accepted")

// Encode is m as a line, newline included.
func Encode(m Message) []byte {
	var l line
	switch m.Kind {
	case State:
		ms := m.Start.UnixMilli()
		l = line{Room: &m.Room, Start: &ms, Pattern: &m.Pattern, Present: &m.Present, You: &m.You}
	case Tapped:
		at := m.At.UnixMilli()
		l = line{Tap: mustJSON(m.Name), At: &at}
	case Pong:
		l = line{Pong: &m.Ping, Server: &m.Server}
	case Ping:
		l = line{Ping: &m.Ping}
	case Tap:
		l = line{Tap: json.RawMessage("true")}
	case Cycle:
		l = line{Cycle: together.MarshalCycle(m.Cycle)}
	}
	b, _ := json.Marshal(l)
	return append(b, '\n')
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// Parse reads one line (without its newline), accepting only what the
// protocol says, in attune's own forms.
func Parse(b []byte) (Message, error) {
	if len(b) > MaxLine {
		return Message{}, fmt.Errorf("%w: too long", ErrBadLine)
	}
	m, err := parse(b)
	if err != nil {
		return Message{}, fmt.Errorf("%w: %v", ErrBadLine, err)
	}
	return m, nil
}

func parse(b []byte) (Message, error) {
	var l line
	if err := json.Unmarshal(b, &l); err != nil {
		return Message{}, errors.New("not JSON")
	}
	switch {
	case l.Room != nil:
		return parseState(l)
	case l.Cycle != nil:
		c, err := together.UnmarshalCycle(l.Cycle)
		if err != nil {
			return Message{}, err
		}
		return Message{Kind: Cycle, Cycle: c}, nil
	case l.Pong != nil && l.Server != nil:
		return Message{Kind: Pong, Ping: *l.Pong, Server: *l.Server}, nil
	case l.Ping != nil:
		return Message{Kind: Ping, Ping: *l.Ping}, nil
	case string(l.Tap) == "true":
		return Message{Kind: Tap}, nil
	case l.Tap != nil && l.At != nil:
		var who string
		if json.Unmarshal(l.Tap, &who) != nil || !name.MatchString(who) {
			return Message{}, errors.New("a tap by a name not accepted")
		}
		return Message{Kind: Tapped, Name: who, At: time.UnixMilli(*l.At)}, nil
	}
	return Message{}, errors.New("not a message of a room channel")
}

// parseState accepts a state line whose room, pattern and names are in
// attune's forms.
func parseState(l line) (Message, error) {
	if l.Start == nil || l.Pattern == nil {
		return Message{}, errors.New("a state without its start or pattern")
	}
	if err := together.ValidRoom(*l.Room); err != nil {
		return Message{}, errors.New("a state of a room not accepted")
	}
	pattern, err := ownPattern(*l.Pattern)
	if err != nil {
		return Message{}, err
	}
	m := Message{Kind: State, Room: *l.Room, Start: time.UnixMilli(*l.Start), Pattern: pattern}
	if l.Present != nil {
		m.Present = min(max(*l.Present, 0), 1_000_000)
	}
	if l.You != nil && name.MatchString(*l.You) {
		m.You = *l.You
	}
	return m, nil
}

// ownPattern is a pattern in attune's own form: a built-in's name, or its
// seconds as attune writes them; "" (the room's default) stays "".
func ownPattern(word string) (string, error) {
	if word == "" {
		return "", nil
	}
	p, err := pacing.ParsePattern(word)
	if err != nil || len(word) > 40 {
		return "", errors.New("a state with a pattern not accepted")
	}
	if b, ok := pacing.Builtin(word); ok {
		return b.Name, nil
	}
	return p.String(), nil
}

// Reader reads a room channel's lines, at most MaxLine bytes each.
type Reader struct{ r *bufio.Reader }

// NewReader reads lines from r.
func NewReader(r io.Reader) *Reader {
	return &Reader{r: bufio.NewReaderSize(r, MaxLine)}
}

// Next is the next message. A line that is too long or not accepted gives
// an error wrapping ErrBadLine, and the caller may go on with the next; any
// other error (io.EOF at the end) ends the channel.
func (r *Reader) Next() (Message, error) {
	b, err := r.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = r.r.ReadSlice('\n')
		}
		if err != nil {
			return Message{}, err
		}
		return Message{}, fmt.Errorf("%w: too long", ErrBadLine)
	}
	if err != nil {
		return Message{}, err
	}
	return Parse(b[:len(b)-1])
}
