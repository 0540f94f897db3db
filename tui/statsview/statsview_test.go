package statsview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/attune-breath/attune/internal/storetest"
	"github.com/attune-breath/attune/store"
)

func TestSimulatedWeek(t *testing.T) {
	recs, now := storetest.SimulatedWeek()
	st := store.ComputeStats(recs, now, now.Location())
	view := ansi.Strip(Render(st, 80, DefaultStyles(true)))
	for _, s := range []string{"7 sessions · 45 min · 6 completed", "3 days · longest 3 days", "natural 13.5 → 11.0 over 7 sessions · pace reached 6.0"} {
		if !strings.Contains(view, s) {
			t.Errorf("view lacks %q:\n%s", s, view)
		}
	}
}

func TestRenderGolden(t *testing.T) {
	recs, now := storetest.LongHistory()
	week, weekNow := storetest.SimulatedWeek()
	stay := storetest.At(weekNow.Add(-time.Hour))
	stay.Mode, stay.Source, stay.Pattern, stay.Actual = store.ModeTogether, store.TogetherSource("calm"), "", 12*time.Minute
	rooms := append(append([]store.Record(nil), week...), stay)
	tests := []struct {
		name    string
		recs    []store.Record
		now     time.Time
		skipped int
	}{
		{"long", recs, now, 0},
		{"week", week, weekNow, 2},
		{"rooms", rooms, weekNow, 0},
		{"empty", nil, now, 0},
		{"no_trend", []store.Record{storetest.At(now.Add(-time.Hour))}, now, 0},
	}
	for _, tt := range tests {
		for _, width := range []int{80, 40} {
			t.Run(fmt.Sprintf("%s_%d", tt.name, width), func(t *testing.T) {
				st := store.ComputeStats(tt.recs, tt.now, tt.now.Location())
				st.Skipped = tt.skipped
				styled := Render(st, width, DefaultStyles(true))
				view := ansi.Strip(styled)
				if plain := Render(st, width, PlainStyles()); plain != view {
					t.Errorf("plain styles differ from the stripped view:\n%s\n---\n%s", plain, view)
				}
				if strings.Contains(Render(st, width, PlainStyles()), "\x1b") {
					t.Errorf("plain view has escape codes")
				}
				for i, l := range strings.Split(view, "\n") {
					if w := ansi.StringWidth(l); w > width {
						t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, w, width, l)
					}
				}
				golden.RequireEqual(t, view)
			})
		}
	}
}

func TestRenderNarrowDoesNotPanic(t *testing.T) {
	recs, now := storetest.LongHistory()
	st := store.ComputeStats(recs, now, time.UTC)
	for w := -5; w <= 100; w++ {
		out := Render(st, w, PlainStyles())
		for _, l := range strings.Split(out, "\n") {
			if ansi.StringWidth(l) > max(w, minWidth) {
				t.Fatalf("width %d: line %q too wide", w, l)
			}
		}
	}
}

func BenchmarkRender(b *testing.B) {
	recs, now := storetest.LongHistory()
	st := store.ComputeStats(recs, now, time.UTC)
	s := DefaultStyles(true)
	for b.Loop() {
		Render(st, 80, s)
	}
}

// FuzzRender draws the stats of any history the reader accepts.
func FuzzRender(f *testing.F) {
	start := time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC)
	good, _ := json.Marshal(storetest.At(start))
	f.Add(append(good, '\n'))
	f.Add(append(append(good, '\n'), good[:30]...))
	f.Add([]byte("\n\n{}\nnull\n[1]\n"))
	f.Add([]byte(`{"v":1,"start":"2026-05-02T08:00:00Z","end":"2026-05-02T08:00:00Z","planned_s":1e308}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, _, err := store.ParseHistory(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		st := store.ComputeStats(recs, start, time.UTC)
		for _, w := range []int{40, 80} {
			for _, l := range strings.Split(Render(st, w, PlainStyles()), "\n") {
				if ansi.StringWidth(l) > w {
					t.Fatalf("line wider than %d: %q", w, l)
				}
			}
		}
	})
}
