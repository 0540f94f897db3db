package store_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/internal/storetest"
	"github.com/attune-breath/attune/store"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("time zone %s not available: %v", name, err)
	}
	return loc
}

func quit(t time.Time) store.Record {
	r := storetest.At(t)
	r.Ended = store.Quit
	return r
}

func TestStreaks(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	tokyo := time.FixedZone("JST", 9*3600)
	la := time.FixedZone("PDT", -7*3600)
	d := func(loc *time.Location, mo time.Month, day, h, m int) time.Time {
		return time.Date(2026, mo, day, h, m, 0, 0, loc)
	}
	tests := []struct {
		name             string
		recs             []store.Record
		now              time.Time
		loc              *time.Location
		current, longest int
	}{
		{"empty", nil, d(time.UTC, 5, 10, 12, 0), time.UTC, 0, 0},
		{"today only", []store.Record{storetest.At(d(time.UTC, 5, 10, 9, 0))}, d(time.UTC, 5, 10, 12, 0), time.UTC, 1, 1},
		{"two a day count once", []store.Record{storetest.At(d(time.UTC, 5, 10, 9, 0)), storetest.At(d(time.UTC, 5, 10, 21, 0))}, d(time.UTC, 5, 10, 22, 0), time.UTC, 1, 1},
		{"across midnight", []store.Record{storetest.At(d(time.UTC, 5, 9, 23, 59)), storetest.At(d(time.UTC, 5, 10, 0, 1))}, d(time.UTC, 5, 10, 12, 0), time.UTC, 2, 2},
		{"just before midnight then just after", []store.Record{storetest.At(d(time.UTC, 5, 8, 23, 59)), storetest.At(d(time.UTC, 5, 9, 23, 59))}, d(time.UTC, 5, 10, 0, 0), time.UTC, 2, 2},
		{"yesterday keeps the streak alive", []store.Record{storetest.At(d(time.UTC, 5, 8, 9, 0)), storetest.At(d(time.UTC, 5, 9, 9, 0))}, d(time.UTC, 5, 10, 23, 59), time.UTC, 2, 2},
		{"two days ago breaks it", []store.Record{storetest.At(d(time.UTC, 5, 7, 9, 0)), storetest.At(d(time.UTC, 5, 8, 9, 0))}, d(time.UTC, 5, 10, 0, 0), time.UTC, 0, 2},
		{"quit sessions do not count", []store.Record{storetest.At(d(time.UTC, 5, 8, 9, 0)), quit(d(time.UTC, 5, 9, 9, 0)), storetest.At(d(time.UTC, 5, 10, 9, 0))}, d(time.UTC, 5, 10, 10, 0), time.UTC, 1, 1},
		{"longest in the past", []store.Record{
			storetest.At(d(time.UTC, 4, 1, 9, 0)), storetest.At(d(time.UTC, 4, 2, 9, 0)), storetest.At(d(time.UTC, 4, 3, 9, 0)), storetest.At(d(time.UTC, 4, 4, 9, 0)),
			storetest.At(d(time.UTC, 5, 9, 9, 0)), storetest.At(d(time.UTC, 5, 10, 9, 0)),
		}, d(time.UTC, 5, 10, 10, 0), time.UTC, 2, 4},
		{"month and year boundary", []store.Record{storetest.At(time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC)), storetest.At(time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC))}, time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC), time.UTC, 2, 2},
		{"unsorted input", []store.Record{storetest.At(d(time.UTC, 5, 10, 9, 0)), storetest.At(d(time.UTC, 5, 8, 9, 0)), storetest.At(d(time.UTC, 5, 9, 9, 0))}, d(time.UTC, 5, 10, 10, 0), time.UTC, 3, 3},
		// DST: 2026-03-08 has 23 hours in New York, 2026-11-01 has 25.
		{"spring forward", []store.Record{storetest.At(d(ny, 3, 7, 23, 30)), storetest.At(d(ny, 3, 8, 23, 30)), storetest.At(d(ny, 3, 9, 0, 15))}, d(ny, 3, 9, 12, 0), ny, 3, 3},
		{"fall back repeated hour", []store.Record{storetest.At(d(ny, 10, 31, 22, 0)), storetest.At(time.Date(2026, 11, 1, 1, 30, 0, 0, ny)), storetest.At(time.Date(2026, 11, 1, 1, 30, 0, 0, ny).Add(time.Hour))}, d(ny, 11, 1, 23, 0), ny, 2, 2},
		{"fall back late evening", []store.Record{storetest.At(d(ny, 10, 31, 23, 50)), storetest.At(d(ny, 11, 1, 23, 50)), storetest.At(d(ny, 11, 2, 0, 10))}, d(ny, 11, 2, 8, 0), ny, 3, 3},
		// Time-zone change: a session counts on the day it was lived.
		{"flew west", []store.Record{storetest.At(d(tokyo, 5, 9, 8, 0)), storetest.At(d(la, 5, 9, 20, 0)), storetest.At(d(la, 5, 10, 7, 0))}, d(la, 5, 10, 8, 0), la, 2, 2},
		{"flew east over a day", []store.Record{storetest.At(d(la, 5, 8, 21, 0)), storetest.At(d(tokyo, 5, 10, 7, 0))}, d(tokyo, 5, 10, 8, 0), tokyo, 1, 1},
		{"viewer zone decides today", []store.Record{storetest.At(d(tokyo, 5, 10, 7, 0))}, d(tokyo, 5, 10, 8, 0).In(la), la, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := store.ComputeStats(tt.recs, tt.now, tt.loc)
			if st.CurrentStreak != tt.current || st.LongestStreak != tt.longest {
				t.Errorf("streak = %d (longest %d), want %d (longest %d)", st.CurrentStreak, st.LongestStreak, tt.current, tt.longest)
			}
		})
	}
}

func TestWeeksAndHeatMap(t *testing.T) {
	// Wednesday 2026-05-13.
	now := time.Date(2026, 5, 13, 18, 0, 0, 0, time.UTC)
	r := func(day, mins int) store.Record {
		x := storetest.At(time.Date(2026, 5, day, 9, 0, 0, 0, time.UTC))
		x.Actual = time.Duration(mins) * time.Minute
		return x
	}
	recs := []store.Record{r(4, 2), r(10, 5), r(11, 10), r(11, 10), r(13, 4)}
	st := store.ComputeStats(recs, now, time.UTC)
	if st.Sessions != 5 || st.Minutes != 31 {
		t.Errorf("totals = %d sessions, %v min", st.Sessions, st.Minutes)
	}
	if st.ThisWeek != (store.Period{Sessions: 3, Minutes: 24}) {
		t.Errorf("this week = %+v", st.ThisWeek)
	}
	if st.LastWeek != (store.Period{Sessions: 2, Minutes: 7}) {
		t.Errorf("last week = %+v", st.LastWeek)
	}
	if len(st.Days) != store.HeatWeeks*7 {
		t.Fatalf("%d days", len(st.Days))
	}
	last := st.Days[len(st.Days)-7:]
	if last[0].Date != "2026-05-11" || last[6].Date != "2026-05-17" {
		t.Errorf("last week of the map is %s to %s", last[0].Date, last[6].Date)
	}
	wantLevels := []int{4, 0, 2, -1, -1, -1, -1}
	for i, d := range last {
		if d.Level != wantLevels[i] {
			t.Errorf("%s level %d, want %d", d.Date, d.Level, wantLevels[i])
		}
	}
	if st.Days[0].Date != "2025-11-17" {
		t.Errorf("map starts %s", st.Days[0].Date)
	}
}

func TestRecentNaturalRate(t *testing.T) {
	now := time.Date(2026, 5, 13, 18, 0, 0, 0, time.UTC)
	nat := func(daysAgo float64, bpm float64) store.Record {
		r := storetest.At(now.Add(-time.Duration(daysAgo * 24 * float64(time.Hour))))
		r.NaturalBPM = bpm
		return r
	}
	var twelve []store.Record
	for i := 0; i < 12; i++ {
		twelve = append(twelve, nat(float64(i), float64(20-i))) // newest is 20
	}
	tests := []struct {
		name string
		recs []store.Record
		want float64
		ok   bool
	}{
		{"none", nil, 0, false},
		{"no taps", []store.Record{storetest.At(now.Add(-time.Hour))}, 0, false},
		{"one", []store.Record{nat(1, 12)}, 12, true},
		{"median odd", []store.Record{nat(1, 12), nat(2, 9), nat(3, 15)}, 12, true},
		{"median even", []store.Record{nat(1, 12), nat(2, 10)}, 11, true},
		{"too old", []store.Record{nat(61, 12)}, 0, false},
		{"old ones ignored", []store.Record{nat(61, 30), nat(1, 10)}, 10, true},
		{"future ignored", []store.Record{nat(-1, 30), nat(1, 10)}, 10, true},
		{"ten most recent", twelve, 15.5, true},
	}
	for _, tt := range tests {
		got, ok := store.RecentNaturalRate(tt.recs, now)
		if ok != tt.ok || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: got %v %v, want %v %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSimulatedWeek(t *testing.T) {
	recs, now := storetest.SimulatedWeek()
	st := store.ComputeStats(recs, now, now.Location())
	if st.Sessions != 7 || st.Completed != 6 || st.Minutes != 45 {
		t.Errorf("totals: %d sessions, %d completed, %v min", st.Sessions, st.Completed, st.Minutes)
	}
	if st.CurrentStreak != 3 || st.LongestStreak != 3 {
		t.Errorf("streak %d longest %d, want 3 and 3", st.CurrentStreak, st.LongestStreak)
	}
	if st.ThisWeek.Sessions != 7 || st.LastWeek.Sessions != 0 {
		t.Errorf("weeks: %+v %+v", st.ThisWeek, st.LastWeek)
	}
	week := st.Days[len(st.Days)-7:]
	want := []struct {
		date  string
		level int
	}{{"2026-05-11", 2}, {"2026-05-12", 2}, {"2026-05-13", 0}, {"2026-05-14", 1}, {"2026-05-15", 3}, {"2026-05-16", 4}, {"2026-05-17", 2}}
	for i, w := range want {
		if week[i].Date != w.date || week[i].Level != w.level {
			t.Errorf("day %d = %s level %d, want %s level %d", i, week[i].Date, week[i].Level, w.date, w.level)
		}
	}
	if len(st.Trend) != 7 || st.Trend[0].NaturalBPM != 14 || st.Trend[6].NaturalBPM != 10 || st.Trend[6].ReachedBPM != 6 {
		t.Errorf("trend = %+v", st.Trend)
	}
	if st.RecentNatural != 12 {
		t.Errorf("recent natural = %v, want 12", st.RecentNatural)
	}
}

func TestStatsJSON(t *testing.T) {
	recs, now := storetest.SimulatedWeek()
	b, err := json.Marshal(store.ComputeStats(recs, now, now.Location()))
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"sessions", "minutes", "this_week", "last_week", "current_streak", "longest_streak", "days", "trend"} {
		if _, ok := back[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	empty, _ := json.Marshal(store.ComputeStats(nil, now, nil))
	if !strings.Contains(string(empty), `"trend":[]`) || !strings.Contains(string(empty), `"sessions":0`) {
		t.Errorf("empty stats JSON: %s", empty)
	}
}

// TestStatsTogether: stays in rooms count as sessions and are summed
// apart as well, old stays among them.
func TestStatsTogether(t *testing.T) {
	recs, now := storetest.SimulatedWeek()
	st := store.ComputeStats(recs, now, now.Location())
	if st.Together != (store.Period{}) {
		t.Fatalf("a week alone has time together: %+v", st.Together)
	}
	stay := storetest.At(now.Add(-time.Hour))
	stay.Mode, stay.Source, stay.Pattern, stay.Actual = store.ModeTogether, store.TogetherSource("calm"), "", 6*time.Minute
	var old store.Record
	line := `{"v":1,"id":"o","start":"` + now.Add(-2*time.Hour).Format(time.RFC3339) + `","end":"` + now.Add(-time.Hour).Format(time.RFC3339) +
		`","planned_s":240,"actual_s":240,"mode":"pattern","pattern":"group","breaths":30,"ended":"quit","source":"together/lobby"}`
	if err := json.Unmarshal([]byte(line), &old); err != nil {
		t.Fatal(err)
	}
	with := store.ComputeStats(append(recs, stay, old), now, now.Location())
	if with.Together.Sessions != 2 || with.Together.Minutes != 10 || with.Sessions != st.Sessions+2 || with.Minutes != st.Minutes+10 {
		t.Errorf("with two stays: together %+v, %d sessions %g min (alone %d, %g)", with.Together, with.Sessions, with.Minutes, st.Sessions, st.Minutes)
	}
	if b, _ := json.Marshal(with); !strings.Contains(string(b), `"together":{"sessions":2,"minutes":10}`) {
		t.Errorf("JSON: %s", b)
	}
}

func BenchmarkComputeStats(b *testing.B) {
	recs, now := storetest.LongHistory()
	for range 5 {
		recs = append(recs, recs...)
	}
	b.ResetTimer()
	for b.Loop() {
		store.ComputeStats(recs, now, time.UTC)
	}
}

func TestLatestFound(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	recs := []store.Record{
		{Start: now.Add(-48 * time.Hour), Found: &store.Found{Best: 5.5, Tied: []float64{5.5}}},
		{Start: now.Add(-24 * time.Hour), Found: &store.Found{Best: 5, Tied: []float64{5, 5.5}}},
		{Start: now.Add(-12 * time.Hour), Found: &store.Found{}}, // no step counted
		{Start: now.Add(-6 * time.Hour)},
		{Start: now.Add(time.Hour), Found: &store.Found{Best: 6.5}}, // in the future
	}
	bpm, at, ok := store.LatestFound(recs, now)
	if !ok || bpm != 5 || !at.Equal(now.Add(-24*time.Hour)) {
		t.Errorf("LatestFound = %g %v %v, want 5 from yesterday", bpm, at, ok)
	}
	if _, _, ok := store.LatestFound(recs[3:4], now); ok {
		t.Error("a history without an assessment gave a pace")
	}
}
