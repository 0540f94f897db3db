package pacing

import (
	"testing"
	"time"
)

func TestGroupListensFirst(t *testing.T) {
	c := Group{}.Next(0, nil, nil)
	if c.Listen != GroupArrive || c.Stage != StageArrive || c.Toward != DefaultTarget {
		t.Fatalf("a new room's first cycle is %+v, want listening %v toward %v", c, GroupArrive, DefaultTarget)
	}
	if c := (Group{Arrive: 5 * time.Second, Target: 5}).Next(0, nil, nil); c.Listen != 5*time.Second || c.Toward != 5 {
		t.Fatalf("settings not kept: %+v", c)
	}
}

// every returns onsets every period from from to to.
func every(from, to, period time.Duration) []time.Duration {
	var out []time.Duration
	for t := from; t < to; t += period {
		out = append(out, t)
	}
	return out
}

func TestGroupMeetsTheMedianPace(t *testing.T) {
	g := Group{}
	past := []Cycle{g.Next(0, nil, nil)}
	start := GroupArrive
	members := [][]time.Duration{
		every(time.Second, start, 5*time.Second),                          // 12/min
		every(2*time.Second, start, 4*time.Second),                        // 15/min
		every(500*time.Millisecond, start, 6*time.Second),                 // 10/min
		every(start-100*time.Millisecond, start+time.Second, time.Second), // only after the cut: not heard
	}
	c := g.Next(start, past, members)
	if c.Natural < 11.9 || c.Natural > 12.1 {
		t.Fatalf("heard the room at %.2f, want the median 12", c.Natural)
	}
	if d := c.Breath.Period().Seconds() - 60/c.Pace; c.Pace >= c.Natural || c.Pace < 0.9*c.Natural || d > 0.01 || d < -0.01 {
		t.Fatalf("met the room at %.2f, want a little slower than %.2f", c.Pace, c.Natural)
	}
	if c.Listen != 0 || c.Level != Words || len(c.Words) != 1 {
		t.Fatalf("the first guided breath is %+v", c)
	}
}

func TestRepeatKeepsTheBreathQuietly(t *testing.T) {
	prev := Cycle{Start: 10 * time.Second, Breath: Pattern{Inhale: 4 * time.Second, Exhale: 6 * time.Second}, Level: Words, Words: []Word{{ID: "follow"}}, Pace: 6, Last: true}
	c := Repeat(prev, prev.End())
	if c.Start != 20*time.Second || c.Breath != prev.Breath || c.Pace != 6 {
		t.Fatalf("repeat is %+v", c)
	}
	if c.Words != nil || c.Level != Tones || c.Last {
		t.Fatalf("a repeat says no words, sounds tones at most and never ends the session: %+v", c)
	}
}

func TestStretchKeepsProportions(t *testing.T) {
	c := Cycle{Start: time.Second, Breath: Pattern{Inhale: 4 * time.Second, HoldIn: 2 * time.Second, Exhale: 6 * time.Second}}
	s := Stretch(c, 6*time.Second)
	if s.Len() != 6*time.Second || s.Start != c.Start {
		t.Fatalf("stretched to %v at %v, want 6s at %v", s.Len(), s.Start, c.Start)
	}
	if s.Breath.Inhale != 2*time.Second || s.Breath.HoldIn != time.Second || s.Breath.Exhale != 3*time.Second {
		t.Fatalf("phases %v, want 2-1-3", s.Breath)
	}
	if l := Stretch(Cycle{Listen: time.Second}, 3*time.Second); l.Listen != 3*time.Second {
		t.Fatalf("a listening stretch of %v, want 3s", l.Listen)
	}
}
