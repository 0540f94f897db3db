package statsview

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/attune-breath/attune/store"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from golden file:\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

// at makes a completed five-minute session starting at t.
func at(t time.Time) store.Record {
	return store.Record{Version: 1, ID: t.String(), Start: t, End: t.Add(5 * time.Minute),
		Planned: 5 * time.Minute, Actual: 5 * time.Minute, Breaths: 30, Lock: -1, Ended: store.Completed}
}

// simulatedWeek is a week of practice ending on Sunday 2026-05-17 evening:
// one session a day except Wednesday, two on Saturday, a quit on Thursday,
// natural rate easing from 14 to 10.
func simulatedWeek() ([]store.Record, time.Time) {
	loc := time.FixedZone("CEST", 2*3600)
	now := time.Date(2026, 5, 17, 21, 0, 0, 0, loc)
	var recs []store.Record
	add := func(day, hour int, mins float64, nat, reached float64, ended store.Ending) {
		start := time.Date(2026, 5, day, hour, 0, 0, 0, loc)
		d := time.Duration(mins * float64(time.Minute))
		recs = append(recs, store.Record{Version: 1, ID: fmt.Sprintf("%d-%d", day, hour), Start: start, End: start.Add(d),
			Planned: d, Actual: d, Mode: "lead", Breaths: int(mins * 7), NaturalBPM: nat,
			StartBPM: nat, EndBPM: reached, Lock: 0.8, Ended: ended})
	}
	add(11, 7, 3, 14, 8, store.Completed)
	add(12, 22, 5, 13.5, 7, store.Completed)
	add(14, 8, 2, 13, 9, store.Quit)
	add(15, 23, 10, 12, 6.5, store.Completed)
	add(16, 7, 5, 11.5, 6.2, store.Completed)
	add(16, 21, 15, 11, 6, store.Completed)
	add(17, 6, 5, 10, 6, store.Completed)
	return recs, now
}

// longHistory is half a year of practice with gaps, for the views.
func longHistory() ([]store.Record, time.Time) {
	loc := time.UTC
	now := time.Date(2026, 5, 13, 20, 0, 0, 0, loc)
	var recs []store.Record
	for i := 180; i >= 0; i-- {
		day := now.AddDate(0, 0, -i)
		if i%7 == 3 || i%11 == 5 || (i > 60 && i < 75) {
			continue
		}
		mins := float64(1 + (i*7)%14)
		start := time.Date(day.Year(), day.Month(), day.Day(), 7, 30, 0, 0, loc)
		d := time.Duration(mins * float64(time.Minute))
		r := store.Record{Version: 1, Start: start, End: start.Add(d), Planned: d, Actual: d, Lock: -1, Ended: store.Completed}
		if i%3 == 0 {
			r.NaturalBPM = 9 + 5*float64(i)/180 + float64(i%5)*0.3
			r.EndBPM = 6 + float64(i%4)*0.4
		}
		if i%13 == 0 {
			r.Ended = store.Quit
		}
		recs = append(recs, r)
	}
	return recs, now
}

func TestSimulatedWeek(t *testing.T) {
	recs, now := simulatedWeek()
	st := store.ComputeStats(recs, now, now.Location())
	view := ansi.Strip(Render(st, 80, DefaultStyles(true)))
	for _, s := range []string{"7 sessions · 45 min · 6 completed", "3 days · longest 3 days", "natural 13.5 → 11.0 over 7 sessions · pace reached 6.0"} {
		if !strings.Contains(view, s) {
			t.Errorf("view lacks %q:\n%s", s, view)
		}
	}
}

func TestRenderGolden(t *testing.T) {
	recs, now := longHistory()
	week, weekNow := simulatedWeek()
	tests := []struct {
		name    string
		recs    []store.Record
		now     time.Time
		skipped int
	}{
		{"long", recs, now, 0},
		{"week", week, weekNow, 2},
		{"empty", nil, now, 0},
		{"no_trend", []store.Record{at(now.Add(-time.Hour))}, now, 0},
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
				golden(t, fmt.Sprintf("stats/%s_%d.golden", tt.name, width), view)
			})
		}
	}
}

func TestRenderNarrowDoesNotPanic(t *testing.T) {
	recs, now := longHistory()
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
	recs, now := longHistory()
	st := store.ComputeStats(recs, now, time.UTC)
	s := DefaultStyles(true)
	for b.Loop() {
		Render(st, 80, s)
	}
}

// FuzzRender draws the stats of any history the reader accepts.
func FuzzRender(f *testing.F) {
	start := time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC)
	good, _ := json.Marshal(at(start))
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
