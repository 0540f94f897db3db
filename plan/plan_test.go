package plan

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

func TestCrisisHasNoSession(t *testing.T) {
	for _, s := range []string{"I want to kill myself", "thinking about suicide", "i wanna die", "I've been self-harming again", "I don't want to be alive anymore"} {
		p := Offline(s, testNow)
		if !p.Crisis || p.Minutes != 0 || len(p.Flags()) != 0 || p.Reason == "" {
			t.Errorf("%q: %+v, want a crisis answer", s, p)
		}
	}
	if p := Offline("I'm not suicidal, just stressed", testNow); p.Crisis {
		t.Errorf("a negated crisis word is not a crisis: %+v", p)
	}
}

func BenchmarkOffline(b *testing.B) {
	for b.Loop() {
		Offline("I can't sleep, my mind is racing and my talk is at 9am tomorrow, maybe 15 minutes, no holds please", testNow)
	}
}

// valid reports what is wrong with a plan Offline gave, nil when nothing.
func valid(p Plan) error {
	if p.Crisis {
		if p.Minutes != 0 || p.Pattern != "" || len(p.Flags()) != 0 || p.Reason == "" || len(p.Notes) != 0 || len(p.Needs) != 0 {
			return fmt.Errorf("a crisis answer with more than a reason: %+v", p)
		}
		return nil
	}
	q, err := Check(p)
	if err != nil {
		return err
	}
	if q.Minutes != p.Minutes || q.Target != p.Target || q.UnguidedMinutes != p.UnguidedMinutes || strings.Join(q.Sound, ",") != strings.Join(p.Sound, ",") {
		return fmt.Errorf("out of bounds: %+v", p)
	}
	if len(p.Notes) > 1 || p.Reason == "" || strings.Contains(p.Reason, "\n") || p.Source != "offline" {
		return fmt.Errorf("notes, reason or source wrong: %+v", p)
	}
	if p.UnguidedMinutes >= p.Minutes && p.UnguidedMinutes > 0 {
		return fmt.Errorf("unguided %g of %g", p.UnguidedMinutes, p.Minutes)
	}
	return nil
}

func FuzzOffline(f *testing.F) {
	for _, s := range []string{"", "I can't sleep, 10 minutes", "not anxious, just tired", "kill myself", "dizzy",
		"my talk is in 3 minutes", "before my 3pm meeting", "1h30m of box", "4-7-8 for 0.01 seconds", "999999999 hours",
		"an hour and a half and a half", "at 25:99", "—–‘’!!!", "half an hour of 2 breaths a minute", "in bed, quiet, tmux"} {
		f.Add(s, int64(0))
	}
	f.Fuzz(func(t *testing.T, s string, offset int64) {
		now := testNow.Add(time.Duration(offset%(48*3600)) * time.Second)
		p := Offline(s, now)
		if err := valid(p); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if p.Crisis {
			return
		}
		for _, cfg := range []string{"", Box} {
			if d := sameSettings(p, parseFlags(t, p.Flags(), cfg)); d != "" {
				t.Fatalf("%q, config pattern %q: Flags %q differ in %s", s, cfg, p.Flags(), d)
			}
		}
	})
}

// modelFunc is a Model that answers with a function.
type modelFunc func(text string, offline Plan) (Plan, error)

func (m modelFunc) Plan(_ context.Context, text string, offline Plan) (Plan, error) {
	return m(text, offline)
}

// TestJSONListsNeverNull: in the JSON form needs, notes and sound are
// lists, [] when empty, never null: offline plans, crisis answers and a
// model's answers, checked or refined.
func TestJSONListsNeverNull(t *testing.T) {
	var plans []Plan
	for _, s := range []string{"", "hello", "silent please", "I can't sleep", "dizzy", "I want to kill myself", "box 4"} {
		plans = append(plans, Offline(s, testNow))
	}
	bare := modelFunc(func(string, Plan) (Plan, error) { return Plan{Pattern: Box, Minutes: 4}, nil })
	crisis := modelFunc(func(string, Plan) (Plan, error) { return Plan{Crisis: true}, nil })
	for _, m := range []Model{bare, crisis} {
		for _, s := range []string{"hello", "need to focus"} {
			p, _ := Refine(context.Background(), m, s, testNow)
			plans = append(plans, p)
		}
	}
	for _, q := range []Plan{{Pattern: Box, Minutes: 4}, {Crisis: true}, {Minutes: 2, Sound: []string{}, Needs: []string{}}} {
		p, err := Check(q)
		if err != nil {
			t.Fatalf("Check(%+v): %v", q, err)
		}
		plans = append(plans, p)
	}
	for _, p := range plans {
		data, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"needs", "notes", "sound"} {
			if _, ok := m[k].([]any); !ok {
				t.Errorf("%s: %s is %v, want a list", data, k, m[k])
			}
		}
	}
}
