package input

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/attune-breath/attune/pacing"
)

var start = time.UnixMilli(1_767_225_600_000)

func collect(t *testing.T, text string, now time.Duration) ([]pacing.Event, int, error) {
	t.Helper()
	var got []pacing.Event
	bad, err := Read(context.Background(), strings.NewReader(text), func() time.Duration { return now }, start, func(e pacing.Event) { got = append(got, e) })
	return got, bad, err
}

func TestRead(t *testing.T) {
	ms := func(d time.Duration) string { return itoa(start.Add(d).UnixMilli()) }
	tests := []struct {
		name string
		text string
		want []pacing.Event
		bad  int
	}{
		{"untimed lines take now", "in\nout\n", []pacing.Event{{Kind: pacing.BreathIn, At: 10 * time.Second}, {Kind: pacing.BreathOut, At: 10 * time.Second}}, 0},
		{"stamped lines take their stamp", "in " + ms(2*time.Second) + "\nout " + ms(3500*time.Millisecond) + "\n",
			[]pacing.Event{{Kind: pacing.BreathIn, At: 2 * time.Second}, {Kind: pacing.BreathOut, At: 3500 * time.Millisecond}}, 0},
		{"stamps from the future count as now", "in " + ms(time.Hour) + "\n", []pacing.Event{{Kind: pacing.BreathIn, At: 10 * time.Second}}, 0},
		{"stamps from before the start are dropped", "in " + ms(-time.Second) + "\nin\n", []pacing.Event{{Kind: pacing.BreathIn, At: 10 * time.Second}}, 0},
		{"malformed lines are counted and skipped", "in\nbreathe\n\n# note\nout 12x\nOUT\r\n", []pacing.Event{{Kind: pacing.BreathIn, At: 10 * time.Second}, {Kind: pacing.BreathOut, At: 10 * time.Second}}, 2},
		{"a last line without newline counts", "in\nout", []pacing.Event{{Kind: pacing.BreathIn, At: 10 * time.Second}, {Kind: pacing.BreathOut, At: 10 * time.Second}}, 0},
		{"an over-long line is one malformed line", "in\n" + strings.Repeat("x", 3*MaxLine) + "\nout\n", []pacing.Event{{Kind: pacing.BreathIn, At: 10 * time.Second}, {Kind: pacing.BreathOut, At: 10 * time.Second}}, 1},
		{"binary junk is malformed, not fatal", "\x00\xff\xfe\nin\n", []pacing.Event{{Kind: pacing.BreathIn, At: 10 * time.Second}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad, err := collect(t, tt.text, 10*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if bad != tt.bad {
				t.Errorf("malformed = %d, want %d", bad, tt.bad)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("events = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("event %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, strings.NewReader("in\n"), func() time.Duration { return 0 }, start, func(pacing.Event) {}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
	boom := errors.New("boom")
	n := 0
	_, err := Read(context.Background(), iotest.DataErrReader(iotest.ErrReader(boom)), func() time.Duration { return 0 }, start, func(pacing.Event) { n++ })
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "breath input") {
		t.Errorf("read error: err = %v", err)
	}
}

func itoa(n int64) string { return formatInt(n) }

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }

// FuzzRead feeds Read arbitrary bytes: it never fails on content, every
// event it emits is well formed, and malformed lines are never more than
// the lines there are.
func FuzzRead(f *testing.F) {
	for _, s := range []string{"in\nout\n", "in 1767225600500\n", "x\n\n#\nOUT", strings.Repeat("i", MaxLine+3) + "\nin\n", "\x00\r\n\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		bad, err := Read(context.Background(), bytes.NewReader(data), func() time.Duration { return 7 * time.Second }, start, func(e pacing.Event) {
			n++
			if e.At < 0 || e.At > 7*time.Second || (e.Kind != pacing.BreathIn && e.Kind != pacing.BreathOut) {
				t.Fatalf("event %+v", e)
			}
		})
		if err != nil {
			t.Fatalf("content made Read fail: %v", err)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		if bad < 0 || bad+n > lines {
			t.Fatalf("%d malformed and %d events from %d lines", bad, n, lines)
		}
	})
}
