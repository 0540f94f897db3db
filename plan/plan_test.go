package plan

import (
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
