package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/attune-breath/attune/pacing"
)

// roomClock is a wall clock a test moves by hand.
type roomClock struct{ t time.Time }

func (c *roomClock) now() time.Time { return c.t }

// roomSession is a room's shared session breathing box.
func roomSession(t *testing.T) *pacing.Session {
	t.Helper()
	p, err := pacing.ParsePattern("box")
	if err != nil {
		t.Fatal(err)
	}
	return pacing.NewSession(pacing.Plan{Duration: 4 * time.Hour, Settle: -1, Guide: pacing.FixedGuide{Pattern: p}, Label: "calm"})
}

func newTestRoom(t *testing.T, c *roomClock, o RoomOptions) Room {
	t.Helper()
	o.Now = c.now
	o.Room, o.Self = "calm", "quiet-heron"
	r := NewRoom(roomSession(t), o)
	m, _ := r.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	return m.(Room)
}

func (r Room) send(msg tea.Msg) (Room, tea.Cmd) {
	m, cmd := r.Update(msg)
	return m.(Room), cmd
}

func screenOf(r Room) string { return ansi.Strip(r.View().Content) }

func TestRoomShowsPresenceAndTaps(t *testing.T) {
	c := &roomClock{time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	r := newTestRoom(t, c, RoomOptions{Start: c.t.Add(-5 * time.Second), Present: 1})
	s := screenOf(r)
	for _, want := range []string{"calm · 1 breathing here · you are quiet-heron", "hold"} {
		if !strings.Contains(s, want) {
			t.Fatalf("screen lacks %q:\n%s", want, s)
		}
	}
	r, _ = r.send(RoomMsg{Present: 2, Tapped: []string{"calm-otter"}})
	s = screenOf(r)
	if !strings.Contains(s, "calm · 2 breathing here · ◦ calm-otter · you are quiet-heron") {
		t.Fatalf("no presence or tap mark after the room's news:\n%s", s)
	}
	r, _ = r.send(RoomMsg{Tapped: []string{"bold-wren", "calm-otter"}})
	if s = screenOf(r); !strings.Contains(s, "2 breathing here · ◦ bold-wren ◦ calm-otter ·") {
		t.Fatalf("a count of 0 changed the count, or marks are missing:\n%s", s)
	}
	c.t = c.t.Add(TapMark + time.Millisecond)
	if s = screenOf(r); strings.Contains(s, "◦") || !strings.Contains(s, "2 breathing here") {
		t.Fatalf("the tap marks outlived TapMark, or the count went:\n%s", s)
	}
}

func TestRoomStartingAndKeys(t *testing.T) {
	c := &roomClock{time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	var taps []time.Time
	r := newTestRoom(t, c, RoomOptions{Start: c.t.Add(2 * time.Second), Present: 1, Tap: func(at time.Time) { taps = append(taps, at) }})
	if s := screenOf(r); !strings.Contains(s, "starting…") {
		t.Fatalf("before the room's start the screen should say starting…:\n%s", s)
	}
	c.t = c.t.Add(3 * time.Second)
	r, _ = r.send(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	if len(taps) != 1 || !taps[0].Equal(c.t) {
		t.Fatalf("space should tap the room once, now: %v", taps)
	}
	s := screenOf(r)
	if !strings.Contains(s, "• breathe in •") || strings.Contains(s, "listening") {
		t.Fatalf("a tap should be acknowledged without judging the pace:\n%s", s)
	}
	r, _ = r.send(tea.KeyPressMsg{Code: 'p', Text: "p"})
	if s := screenOf(r); strings.Contains(s, "paused") {
		t.Fatalf("p paused a room's shared breath:\n%s", s)
	}
	if s := screenOf(r); !strings.Contains(s, "space breath") || strings.Contains(s, "pause") {
		t.Fatalf("the help should offer only the room's keys:\n%s", s)
	}
	r, cmd := r.send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	if r.Ending() != Quit || cmd == nil {
		t.Fatalf("q should leave: ending %v", r.Ending())
	}
}

func TestRoomGoodbye(t *testing.T) {
	for _, tc := range []struct {
		name        string
		idle, limit time.Duration
		after       time.Duration
		want        string
	}{
		{"idle", 30 * time.Minute, 4 * time.Hour, 30 * time.Minute, "30 minutes without a key"},
		{"limit", time.Hour, 4 * time.Hour, 4 * time.Hour, "4 hours in the room"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &roomClock{time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
			r := newTestRoom(t, c, RoomOptions{Start: c.t, Idle: tc.idle, Limit: tc.limit})
			if tc.name == "limit" {
				// Keys keep the member from being idle, not from staying too long.
				for range 4 {
					c.t = c.t.Add(59 * time.Minute)
					r, _ = r.send(tea.KeyPressMsg{Code: 'x', Text: "x"})
				}
				c.t = c.t.Add(4 * time.Minute)
			} else {
				c.t = c.t.Add(tc.after - time.Second)
				r, _ = r.send(roomCheck{})
				if r.Goodbye() != "" {
					t.Fatalf("goodbye before the member was idle: %q", r.Goodbye())
				}
				c.t = c.t.Add(time.Second)
			}
			r, cmd := r.send(roomCheck{})
			if !strings.Contains(r.Goodbye(), tc.want) || cmd == nil {
				t.Fatalf("goodbye %q, want it to say %q and quit", r.Goodbye(), tc.want)
			}
		})
	}
}

func TestRoomNoteAndSoundKeys(t *testing.T) {
	c := &roomClock{time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	snd := &countSound{}
	r := newTestRoom(t, c, RoomOptions{Start: c.t.Add(-5 * time.Second), Present: 1, SoundKeys: true, Options: Options{Sound: snd}})
	r, _ = r.send(RoomNoteMsg("connection lost, again in 2s"))
	if s := screenOf(r); !strings.Contains(s, "calm · 1 breathing here · connection lost, again in 2s · you are quiet-heron") {
		t.Fatalf("no note on the room line:\n%s", s)
	}
	r, _ = r.send(RoomMsg{Unknown: true})
	if s := screenOf(r); !strings.Contains(s, "calm · connection lost, again in 2s · you are quiet-heron") {
		t.Fatalf("a count while the link is down:\n%s", s)
	}
	r, _ = r.send(RoomNoteMsg(""))
	r, _ = r.send(RoomMsg{Present: 1})
	if s := screenOf(r); !strings.Contains(s, "calm · 1 breathing here · you are quiet-heron") {
		t.Fatalf("the note stayed, or the count did not come back:\n%s", s)
	}
	_, _ = r.send(tea.KeyPressMsg{Code: 'm', Text: "m"})
	if snd.muted != 1 {
		t.Fatalf("m with the room's sound here: %d mutes, want 1", snd.muted)
	}
}

// countSound counts the mutes asked of it.
type countSound struct{ muted int }

func (s *countSound) ToggleMute()          { s.muted++ }
func (s *countSound) ToggleVoice()         {}
func (s *countSound) AdjustVolume(float64) {}
func (s *countSound) Status() string       { return "" }

// groupGuide is a room without a pattern, as pacing's group pacer leads
// it with nobody tapping.
type groupGuide struct{}

func (groupGuide) Next(start time.Duration, past []pacing.Cycle, _ []pacing.Event) pacing.Cycle {
	return pacing.Group{}.Next(start, past, nil)
}

// TestRoomWithoutSoundFollowsTheOrb: the group pacer's first breath asks
// to follow the sound; a screen with no sound (over SSH) asks to follow
// the orb instead, one with the room's sound (attune together) keeps it.
func TestRoomWithoutSoundFollowsTheOrb(t *testing.T) {
	for _, sound := range []bool{false, true} {
		c := &roomClock{time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		o := RoomOptions{Start: c.t, Present: 1, SoundKeys: sound, Now: c.now}
		if sound {
			o.Sound = &countSound{}
		}
		o.Room, o.Self = "calm", "quiet-heron"
		r := NewRoom(pacing.NewSession(pacing.Plan{Duration: time.Hour, Settle: -1, Guide: groupGuide{}, Label: "calm"}), o)
		m, _ := r.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		r = m.(Room)
		seen := map[string]bool{}
		for at := pacing.GroupArrive; at < pacing.GroupArrive+12*time.Second; at += 100 * time.Millisecond {
			c.t = o.Start.Add(at)
			s := screenOf(r)
			seen[pacing.WordText("follow")] = seen[pacing.WordText("follow")] || strings.Contains(s, pacing.WordText("follow"))
			seen[followOrb] = seen[followOrb] || strings.Contains(s, followOrb)
		}
		if sound && (!seen[pacing.WordText("follow")] || seen[followOrb]) {
			t.Errorf("with the room's sound: %v; want the word as it is", seen)
		}
		if !sound && (seen[pacing.WordText("follow")] || !seen[followOrb]) {
			t.Errorf("without sound: %v; want %q instead", seen, followOrb)
		}
	}
}
