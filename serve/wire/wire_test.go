package wire

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
)

func TestRoundTrip(t *testing.T) {
	start := time.UnixMilli(1_700_000_000_000)
	for _, m := range []Message{
		{Kind: State, Room: "calm", Start: start, Pattern: "box", Present: 3, You: "quiet-heron"},
		{Kind: State, Room: "a-1", Start: start, Pattern: "4-7-8"},
		{Kind: Tapped, Name: "calm-otter", At: start.Add(123 * time.Millisecond)},
		{Kind: Pong, Ping: 42, Server: 1_700_000_000_000_000_001},
		{Kind: Ping, Ping: 1_700_000_000_000_000_000},
		{Kind: Tap},
		{Kind: Cycle, Cycle: pacing.Cycle{Start: 20 * time.Second, Breath: pacing.Pattern{Inhale: 2600 * time.Millisecond, Exhale: 3200 * time.Millisecond},
			Stage: pacing.StageArrive, Level: pacing.Words, Pace: 10.344, From: 10.344, Toward: 6, Natural: 10.664,
			Words: []pacing.Word{{Offset: 3400 * time.Millisecond, ID: "follow", Text: pacing.WordText("follow")}}}},
	} {
		b := Encode(m)
		if b[len(b)-1] != '\n' || strings.Count(string(b), "\n") != 1 {
			t.Fatalf("%+v encoded as %q: want one line", m, b)
		}
		got, err := Parse(b[:len(b)-1])
		if err != nil {
			t.Fatalf("%q: %v", b, err)
		}
		if !got.Start.Equal(m.Start) || !got.At.Equal(m.At) {
			t.Fatalf("%q read as %+v, want %+v", b, got, m)
		}
		got.Start, got.At, m.Start, m.At = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("%q read as %+v, want %+v", b, got, m)
		}
	}
}

func TestHostileLines(t *testing.T) {
	for _, line := range []string{
		``, `null`, `[]`, `"tap"`, `{}`, `{"unknown":1}`, `not json`,
		`{"room":"Calm","start_unix_ms":1,"pattern":"box"}`,
		`{"room":"calm\u001b[2J","start_unix_ms":1,"pattern":"box"}`,
		`{"room":"calm","pattern":"box"}`,
		`{"room":"calm","start_unix_ms":1,"pattern":"nonsense"}`,
		`{"tap":"\u001b[31mred","at_unix_ms":1}`,
		`{"tap":"Bad Name","at_unix_ms":1}`,
		`{"tap":"calm-otter"}`,
		`{"tap":false}`,
		`{"pong":1}`,
		`{"ping":"soon"}`,
		`{"cycle":{"start_ms":0,"in_ms":4000,"out_ms":6000,"stage":"\u001b[2J","level":"tones"}}`,
		`{"cycle":{"start_ms":0,"in_ms":4000,"out_ms":6000,"stage":"lead","level":"tones","words":[{"id":"\u001b[31m","at_ms":1}]}}`,
		`{"cycle":"soon"}`,
		`{"room":"` + strings.Repeat("a", 2000) + `","start_unix_ms":1,"pattern":"box"}`,
	} {
		if m, err := Parse([]byte(line)); !errors.Is(err, ErrBadLine) {
			t.Errorf("%.60q read as %+v, %v; want refused", line, m, err)
		}
	}
	// Unknown fields are ignored, and what is drawn is attune's own form.
	m, err := Parse([]byte(`{"room":"calm","start_unix_ms":5,"pattern":"BOX","present":-4,"you":"x\u0007","extra":[1,2]}`))
	if err != nil || m.Pattern != "box" || m.Present != 0 || m.You != "" {
		t.Fatalf("got %+v, %v", m, err)
	}
}

func TestReaderGoesOn(t *testing.T) {
	in := strings.Repeat("x", 5000) + "\n" + "garbage\n" + string(Encode(Message{Kind: Ping, Ping: 7}))
	r := NewReader(strings.NewReader(in))
	var bad int
	for {
		m, err := r.Next()
		if errors.Is(err, ErrBadLine) {
			bad++
			continue
		}
		if err != nil {
			t.Fatalf("error %v before the ping", err)
		}
		if m.Kind != Ping || m.Ping != 7 || bad != 2 {
			t.Fatalf("got %+v after %d bad lines; want the ping after 2", m, bad)
		}
		break
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("at the end: %v, want EOF", err)
	}
}
