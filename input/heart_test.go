package input

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/heart"
)

func TestReadHeart(t *testing.T) {
	text := strings.Join([]string{
		"rr 812",
		"# a comment",
		"",
		"hr 66 " + itoa(start.Add(2*time.Second).UnixMilli()),
		"hr 66 " + itoa(start.Add(-2*time.Second).UnixMilli()), // before the session
		"900",
		"InterBeatInterval,910,2026-01-01T00:00:01Z",
		"HR:  67 bpm | contact: ok | RR: 926.8 ms, 930 ms",
		`{"rr_ms": [812, 830]}`,
		"nonsense",
		"rr 99999",
		strings.Repeat("9", MaxLine+10),
	}, "\n") + "\n"
	var forms []heart.Form
	var stamps []time.Duration
	var tr heart.Tracker
	bad, err := ReadHeart(context.Background(), strings.NewReader(text), func() time.Duration { return 10 * time.Second }, start,
		func(r heart.Reading, at time.Duration, stamp *time.Duration) {
			forms = append(forms, r.Form)
			if stamp != nil {
				stamps = append(stamps, *stamp)
			}
			tr.Add(r, at, stamp)
		})
	if err != nil {
		t.Fatal(err)
	}
	if bad != 3 {
		t.Errorf("malformed = %d, want 3", bad)
	}
	want := []heart.Form{heart.FormRR, heart.FormHR, heart.FormBare, heart.FormOpenHRV, heart.FormPulse, heart.FormJSON}
	if len(forms) != len(want) {
		t.Fatalf("forms %v, want %v", forms, want)
	}
	for i := range want {
		if forms[i] != want[i] {
			t.Errorf("forms %v, want %v", forms, want)
		}
	}
	if len(stamps) != 2 || stamps[0] != 2*time.Second || stamps[1] != time.Second {
		t.Errorf("stamps %v, want 2s and 1s", stamps)
	}
	if n := len(tr.Beats()); n != 7 {
		t.Errorf("%d beats, want 7", n)
	}
}
