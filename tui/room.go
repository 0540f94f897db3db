package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/attune-breath/attune/pacing"
)

// TapMark is how long another member's tap stays marked on screen.
const TapMark = time.Second

// maxMarks is how many tapping members the room line names at once.
const maxMarks = 3

// RoomOptions configure a room member's screen.
type RoomOptions struct {
	// Options are the screen's own; Clock and Summary are set by NewRoom.
	Options
	// Room is the room's name and Self the member's own name, both made by
	// the server (never typed by another member).
	Room, Self string
	// Start is the instant the room's breath began (or begins), wall clock.
	Start time.Time
	// Present is how many members are present when the screen starts.
	Present int
	// Now is the wall clock; time.Now when nil.
	Now func() time.Time
	// Tap tells the room the member began an in-breath at; it must not
	// block. Nil for none.
	Tap func(at time.Time)
	// Idle is how long the screen waits for a key before it says goodbye;
	// Limit is the longest it stays. Zero for no limit.
	Idle, Limit time.Duration
	// SoundKeys keeps the sound keys (mute, voice, volume) working: the
	// room's sound is played here (attune together). Without them there
	// is no sound here (over SSH), and the word that asks to follow the
	// sound asks to follow the orb.
	SoundKeys bool
}

// RoomNoteMsg is a word about the member's link to the room, shown on the
// room line until the next ("" for none): "connection lost, trying again".
type RoomNoteMsg string

// RoomMsg is news of the room, as data: how many are present and who else
// began an in-breath since the last news.
type RoomMsg struct {
	Present int      // members present now; 0 leaves the count as it was
	Tapped  []string // the names of others who tapped
	// Unknown says the count is not known now (the link to the room is
	// down): the room line shows none until the next count.
	Unknown bool
}

// roomCheck is the moment to look whether the member has been idle or
// stayed too long; stale ones are harmless.
type roomCheck struct{}

// mark is another member's tap shown until until.
type mark struct {
	name  string
	until time.Time
}

// roomState is what the room line shows; shared by the copies of a Room.
type roomState struct {
	room, self string
	present    int
	marks      []mark
	now        func() time.Time
	start      time.Time
	bye        string // the goodbye line, once the screen ends by itself
	note       string // a word about the link to the room, or ""
}

// Room is the screen of a member of a room: the breathing screen of the
// room's shared session, with a line saying who is breathing here and
// marking others' taps. Pause, suspend and the sound keys do nothing in a
// room: its breath is everyone's.
type Room struct {
	m       Model
	rs      *roomState
	o       RoomOptions
	started time.Time // when the screen started, wall clock
	lastKey time.Time // the last key press, wall clock
}

// NewRoom makes a member's screen for session s, the room's shared
// session whose wall time 0 is o.Start.
func NewRoom(s *pacing.Session, o RoomOptions) Room {
	if o.Now == nil {
		o.Now = time.Now
	}
	now, start := o.Now, o.Start
	o.Clock = func() time.Duration { return max(now().Sub(start), 0) }
	o.Summary = false
	m := New(s, o.Options)
	rs := &roomState{room: o.Room, self: o.Self, present: o.Present, now: now, start: start}
	m.room = rs
	off := []*key.Binding{&m.keys.Pause, &m.keys.Suspend}
	if !o.SoundKeys {
		off = append(off, &m.keys.Mute, &m.keys.Voice, &m.keys.VolDown, &m.keys.VolUp)
	}
	for _, b := range off {
		b.SetEnabled(false)
	}
	m.layout()
	t := now()
	return Room{m: m, rs: rs, o: o, started: t, lastKey: t}
}

// Init starts the screen and the first look at idleness.
func (r Room) Init() tea.Cmd { return tea.Batch(r.m.Init(), r.check()) }

// Goodbye is the line to leave the member with when the screen ended by
// itself (idle, or too long), or "".
func (r Room) Goodbye() string { return r.rs.bye }

// Ending says how the screen ended, or Running.
func (r Room) Ending() Ending { return r.m.Ending() }

// Present is how many members the screen says are present.
func (r Room) Present() int { return r.rs.present }

// check is a look at idleness at the next instant it could be due.
func (r Room) check() tea.Cmd {
	var due time.Time
	if r.o.Idle > 0 {
		due = r.lastKey.Add(r.o.Idle)
	}
	if r.o.Limit > 0 && (due.IsZero() || r.started.Add(r.o.Limit).Before(due)) {
		due = r.started.Add(r.o.Limit)
	}
	if due.IsZero() {
		return nil
	}
	return tea.Tick(max(due.Sub(r.o.Now()), time.Millisecond), func(time.Time) tea.Msg { return roomCheck{} })
}

// Update handles the room's news and the member's keys, and passes the
// rest to the breathing screen.
func (r Room) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RoomMsg:
		r.news(msg)
		return r, nil
	case RoomNoteMsg:
		r.rs.note = string(msg)
		return r, nil
	case roomCheck:
		return r.onCheck()
	case tea.KeyPressMsg:
		r.lastKey = r.o.Now()
		if key.Matches(msg, r.m.keys.Tap) {
			return r.tap(msg)
		}
	case tea.KeyReleaseMsg:
		return r, nil
	}
	m, cmd := r.m.Update(msg)
	r.m = m.(Model)
	return r, cmd
}

// news takes the room's news in: the count, and a mark for each tap.
func (r Room) news(msg RoomMsg) {
	switch {
	case msg.Present > 0:
		r.rs.present = msg.Present
	case msg.Unknown:
		r.rs.present = 0
	}
	until := r.o.Now().Add(TapMark)
	for _, name := range msg.Tapped {
		marks := r.rs.marks[:0]
		for _, mk := range r.rs.marks {
			if mk.name != name {
				marks = append(marks, mk)
			}
		}
		r.rs.marks = append(marks, mark{name: name, until: until})
	}
	if n := len(r.rs.marks); n > maxMarks {
		r.rs.marks = append(r.rs.marks[:0], r.rs.marks[n-maxMarks:]...)
	}
}

// tap tells the room of an in-breath and acknowledges it on screen.
func (r Room) tap(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if msg.IsRepeat || r.m.summary {
		return r, nil
	}
	if r.o.Tap != nil {
		r.o.Tap(r.o.Now())
	}
	r.m.lastTap = r.m.opt.Clock()
	r.m.frame++
	return r, r.m.tick(0)
}

// onCheck ends the screen with a goodbye when the member has been idle or
// stayed the longest a member may, and otherwise looks again when due.
func (r Room) onCheck() (tea.Model, tea.Cmd) {
	now := r.o.Now()
	switch {
	case r.o.Limit > 0 && !now.Before(r.started.Add(r.o.Limit)):
		r.rs.bye = fmt.Sprintf("attune: %s in the room; time for a rest. Come back any time.", span(r.o.Limit))
	case r.o.Idle > 0 && !now.Before(r.lastKey.Add(r.o.Idle)):
		r.rs.bye = fmt.Sprintf("attune: %s without a key; the room breathes on. Come back any time.", span(r.o.Idle))
	default:
		return r, r.check()
	}
	r.m.ending = Stopped
	return r, tea.Quit
}

// span says a duration in words: "30 minutes", "4 hours".
func span(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return plural(int(d/time.Hour), "hour")
	case d >= time.Minute && d%time.Minute == 0:
		return plural(int(d/time.Minute), "minute")
	}
	return d.String()
}

// followOrb is what a screen says for the word that asks to follow the
// sound when the breather hears none (sound off or muted, or over SSH).
const followOrb = "follow the orb"

// View draws the room's breath now; before it begins, the first instant
// of it, saying "starting…".
func (r Room) View() tea.View {
	var content string
	if r.m.ending == Running {
		st := r.m.session.State(r.m.opt.Clock())
		if r.rs.now().Before(r.rs.start) {
			st.Text, st.PhaseLen = "starting…", 0
		}
		content = r.m.Render(st)
	}
	v := tea.NewView(content)
	v.AltScreen = true
	v.WindowTitle = "attune · " + r.rs.room
	return v
}

// line is the room line: the room, how many breathe here, others' taps
// marked for a moment, and the member's own name.
func (rs *roomState) line() string {
	parts := []string{rs.room}
	if c := rs.count(); c != "" {
		parts = append(parts, c)
	}
	if rs.note != "" {
		parts = append(parts, rs.note)
	}
	if marks := rs.active(); len(marks) > 0 {
		parts = append(parts, "◦ "+strings.Join(marks, " ◦ "))
	}
	parts = append(parts, "you are "+rs.self)
	return strings.Join(parts, " · ")
}

// count is how many breathe in the room, "" while that is not known.
func (rs *roomState) count() string {
	if rs.present <= 0 {
		return ""
	}
	return fmt.Sprintf("%d breathing here", rs.present)
}

// active is the names of the members whose taps are marked now.
func (rs *roomState) active() []string {
	now := rs.now()
	var names []string
	for _, mk := range rs.marks {
		if now.Before(mk.until) {
			names = append(names, mk.name)
		}
	}
	return names
}

// roomLine is the room line as drawn: quiet, others' taps marked.
func (m Model) roomLine() string {
	s, rs := m.styles, m.room
	line := s.Quiet.Render(rs.room)
	if c := rs.count(); c != "" {
		line += s.Quiet.Render(" · " + c)
	}
	if rs.note != "" {
		line += s.Quiet.Render(" · ") + s.Ack.Render(rs.note)
	}
	if marks := rs.active(); len(marks) > 0 {
		line += s.Quiet.Render(" · ") + s.Ack.Render("◦ "+strings.Join(marks, " ◦ "))
	}
	return line + s.Quiet.Render(" · you are "+rs.self)
}
