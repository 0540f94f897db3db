package serve

import (
	"errors"
	"fmt"
	"os/user"
	"strings"
	"time"

	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/store"
	"github.com/attune-breath/attune/together"
)

// DefaultRoom is the room of a session that names none.
const DefaultRoom = "lobby"

// IsLocalLogin reports whether name is an account on this machine (root
// always is). The SSH client sends the local login name when the user names
// none, so such a name is read as no room at all: ssh host, run as root or
// as anyone with an account here, joins the lobby rather than a room of its
// own. A room whose name is such an account is named after the host
// instead (ssh -t host NAME).
func IsLocalLogin(name string) bool {
	if name == "root" {
		return true
	}
	_, err := user.Lookup(name)
	return err == nil
}

// maxShown is the most characters of a refused word a message repeats.
const maxShown = 40

// Target is where a session goes: its room, for a room it creates the
// pattern the room breathes ("" for the room's default), and how long the
// member means to stay (0: until they leave).
type Target struct {
	Room    string
	Pattern string
	Length  time.Duration
}

// tooMany refuses more words than a room, a pattern and a length.
const tooMany = "too many words after the host: give a room and, optionally, a pattern and a length (ssh -t host ROOM [pattern] [duration])"

// ParseTarget reads where a session goes from its SSH user name and command
// words, ROOM [pattern] [duration]. The command's first word names the
// room; a word after it is the pattern of a room being created (a built-in
// name or in-hold-out[-hold] seconds) or, when it reads as one, the length
// of the stay (as a solo session's: 90s, 5m, 1h30m or a number of minutes,
// 10s to 4h), and a third word the length after a pattern. Without command
// words the user name names the room, and with neither the room is
// DefaultRoom. A refusal says what was wrong and what is accepted, quoting
// what was sent safely.
func ParseTarget(user string, command []string) (Target, error) {
	var t Target
	switch {
	case len(command) > 3:
		return t, errors.New(tooMany)
	case len(command) > 0:
		t.Room = command[0]
	case user != "":
		t.Room = user
	default:
		t.Room = DefaultRoom
	}
	if err := checkRoom(t.Room); err != nil {
		return Target{}, err
	}
	rest := command[min(len(command), 1):]
	if len(rest) > 0 && !store.LooksLikeDuration(rest[0]) {
		p, err := checkPattern(rest[0])
		if err != nil {
			return Target{}, err
		}
		t.Pattern, rest = p, rest[1:]
	}
	switch len(rest) {
	case 0:
	case 1:
		d, err := store.ParseDuration(rest[0])
		if err != nil || !store.LooksLikeDuration(rest[0]) {
			return Target{}, fmt.Errorf("duration %s not accepted: 10s to 4h, such as 90s, 5m, 1h30m, or a number of minutes (ssh -t host ROOM [pattern] [duration])", shown(rest[0]))
		}
		t.Length = d
	default:
		return Target{}, errors.New(tooMany)
	}
	return t, nil
}

// checkRoom accepts a room name of together's form.
func checkRoom(name string) error {
	if len(name) > 32 {
		return fmt.Errorf("room %s is too long (%d characters): %s", shown(name), len(name), together.RoomForm)
	}
	if together.ValidRoom(name) != nil {
		return fmt.Errorf("room %s not accepted: %s (the user before @, or the first word after the host, names the room: lobby@host)", shown(name), together.RoomForm)
	}
	return nil
}

// checkPattern accepts a pattern word and gives it in its own form: a
// built-in's name, or its seconds as attune writes them, never the bytes a
// client sent.
func checkPattern(word string) (string, error) {
	if len(word) > maxShown {
		return "", fmt.Errorf("pattern %s is too long: a name (%s) or in-hold-out[-hold] seconds such as 4-7-8", shown(word), strings.Join(pacing.BuiltinNames(), ", "))
	}
	p, err := pacing.ParsePattern(word)
	if err != nil {
		return "", err
	}
	if b, ok := pacing.Builtin(word); ok {
		return b.Name, nil
	}
	return p.String(), nil
}

// shown is a word as a message may repeat it: quoted, with control
// characters escaped, and cut when long.
func shown(word string) string {
	if len(word) > maxShown {
		return fmt.Sprintf("%q…", word[:maxShown])
	}
	return fmt.Sprintf("%q", word)
}
