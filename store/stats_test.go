package store

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("time zone %s not available: %v", name, err)
	}
	return loc
}

// at makes a completed five-minute session starting at t.
func at(t time.Time) Record {
	return Record{Version: 1, ID: t.String(), Start: t, End: t.Add(5 * time.Minute),
		Planned: 5 * time.Minute, Actual: 5 * time.Minute, Breaths: 30, Lock: -1, Ended: Completed}
}

func quit(t time.Time) Record {
	r := at(t)
	r.Ended = Quit
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
		recs             []Record
		now              time.Time
		loc              *time.Location
		current, longest int
	}{
		{"empty", nil, d(time.UTC, 5, 10, 12, 0), time.UTC, 0, 0},
		{"today only", []Record{at(d(time.UTC, 5, 10, 9, 0))}, d(time.UTC, 5, 10, 12, 0), time.UTC, 1, 1},
		{"two a day count once", []Record{at(d(time.UTC, 5, 10, 9, 0)), at(d(time.UTC, 5, 10, 21, 0))}, d(time.UTC, 5, 10, 22, 0), time.UTC, 1, 1},
		{"across midnight", []Record{at(d(time.UTC, 5, 9, 23, 59)), at(d(time.UTC, 5, 10, 0, 1))}, d(time.UTC, 5, 10, 12, 0), time.UTC, 2, 2},
		{"just before midnight then just after", []Record{at(d(time.UTC, 5, 8, 23, 59)), at(d(time.UTC, 5, 9, 23, 59))}, d(time.UTC, 5, 10, 0, 0), time.UTC, 2, 2},
		{"yesterday keeps the streak alive", []Record{at(d(time.UTC, 5, 8, 9, 0)), at(d(time.UTC, 5, 9, 9, 0))}, d(time.UTC, 5, 10, 23, 59), time.UTC, 2, 2},
		{"two days ago breaks it", []Record{at(d(time.UTC, 5, 7, 9, 0)), at(d(time.UTC, 5, 8, 9, 0))}, d(time.UTC, 5, 10, 0, 0), time.UTC, 0, 2},
		{"quit sessions do not count", []Record{at(d(time.UTC, 5, 8, 9, 0)), quit(d(time.UTC, 5, 9, 9, 0)), at(d(time.UTC, 5, 10, 9, 0))}, d(time.UTC, 5, 10, 10, 0), time.UTC, 1, 1},
		{"longest in the past", []Record{
			at(d(time.UTC, 4, 1, 9, 0)), at(d(time.UTC, 4, 2, 9, 0)), at(d(time.UTC, 4, 3, 9, 0)), at(d(time.UTC, 4, 4, 9, 0)),
			at(d(time.UTC, 5, 9, 9, 0)), at(d(time.UTC, 5, 10, 9, 0)),
		}, d(time.UTC, 5, 10, 10, 0), time.UTC, 2, 4},
		{"month and year boundary", []Record{at(time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC)), at(time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC))}, time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC), time.UTC, 2, 2},
		{"unsorted input", []Record{at(d(time.UTC, 5, 10, 9, 0)), at(d(time.UTC, 5, 8, 9, 0)), at(d(time.UTC, 5, 9, 9, 0))}, d(time.UTC, 5, 10, 10, 0), time.UTC, 3, 3},
		// DST: 2026-03-08 has 23 hours in New York, 2026-11-01 has 25.
		{"spring forward", []Record{at(d(ny, 3, 7, 23, 30)), at(d(ny, 3, 8, 23, 30)), at(d(ny, 3, 9, 0, 15))}, d(ny, 3, 9, 12, 0), ny, 3, 3},
		{"fall back repeated hour", []Record{at(d(ny, 10, 31, 22, 0)), at(time.Date(2026, 11, 1, 1, 30, 0, 0, ny)), at(time.Date(2026, 11, 1, 1, 30, 0, 0, ny).Add(time.Hour))}, d(ny, 11, 1, 23, 0), ny, 2, 2},
		{"fall back late evening", []Record{at(d(ny, 10, 31, 23, 50)), at(d(ny, 11, 1, 23, 50)), at(d(ny, 11, 2, 0, 10))}, d(ny, 11, 2, 8, 0), ny, 3, 3},
		// Time-zone change: a session counts on the day it was lived.
		{"flew west", []Record{at(d(tokyo, 5, 9, 8, 0)), at(d(la, 5, 9, 20, 0)), at(d(la, 5, 10, 7, 0))}, d(la, 5, 10, 8, 0), la, 2, 2},
		{"flew east over a day", []Record{at(d(la, 5, 8, 21, 0)), at(d(tokyo, 5, 10, 7, 0))}, d(tokyo, 5, 10, 8, 0), tokyo, 1, 1},
		{"viewer zone decides today", []Record{at(d(tokyo, 5, 10, 7, 0))}, d(tokyo, 5, 10, 8, 0).In(la), la, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := ComputeStats(tt.recs, tt.now, tt.loc)
			if st.CurrentStreak != tt.current || st.LongestStreak != tt.longest {
				t.Errorf("streak = %d (longest %d), want %d (longest %d)", st.CurrentStreak, st.LongestStreak, tt.current, tt.longest)
			}
		})
	}
}

func TestWeeksAndHeatMap(t *testing.T) {
	// Wednesday 2026-05-13.
	now := time.Date(2026, 5, 13, 18, 0, 0, 0, time.UTC)
	r := func(day, mins int) Record {
		x := at(time.Date(2026, 5, day, 9, 0, 0, 0, time.UTC))
		x.Actual = time.Duration(mins) * time.Minute
		return x
	}
	recs := []Record{r(4, 2), r(10, 5), r(11, 10), r(11, 10), r(13, 4)}
	st := ComputeStats(recs, now, time.UTC)
	if st.Sessions != 5 || st.Minutes != 31 {
		t.Errorf("totals = %d sessions, %v min", st.Sessions, st.Minutes)
	}
	if st.ThisWeek != (Period{Sessions: 3, Minutes: 24}) {
		t.Errorf("this week = %+v", st.ThisWeek)
	}
	if st.LastWeek != (Period{Sessions: 2, Minutes: 7}) {
		t.Errorf("last week = %+v", st.LastWeek)
	}
	if len(st.Days) != HeatWeeks*7 {
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
	nat := func(daysAgo float64, bpm float64) Record {
		r := at(now.Add(-time.Duration(daysAgo * 24 * float64(time.Hour))))
		r.NaturalBPM = bpm
		return r
	}
	var twelve []Record
	for i := 0; i < 12; i++ {
		twelve = append(twelve, nat(float64(i), float64(20-i))) // newest is 20
	}
	tests := []struct {
		name string
		recs []Record
		want float64
		ok   bool
	}{
		{"none", nil, 0, false},
		{"no taps", []Record{at(now.Add(-time.Hour))}, 0, false},
		{"one", []Record{nat(1, 12)}, 12, true},
		{"median odd", []Record{nat(1, 12), nat(2, 9), nat(3, 15)}, 12, true},
		{"median even", []Record{nat(1, 12), nat(2, 10)}, 11, true},
		{"too old", []Record{nat(61, 12)}, 0, false},
		{"old ones ignored", []Record{nat(61, 30), nat(1, 10)}, 10, true},
		{"future ignored", []Record{nat(-1, 30), nat(1, 10)}, 10, true},
		{"ten most recent", twelve, 15.5, true},
	}
	for _, tt := range tests {
		got, ok := RecentNaturalRate(tt.recs, now)
		if ok != tt.ok || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: got %v %v, want %v %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

// simulatedWeek is a week of practice ending on Sunday 2026-05-17 evening:
// one session a day except Wednesday, two on Saturday, a quit on Thursday,
// natural rate easing from 14 to 10.
func simulatedWeek() ([]Record, time.Time) {
	loc := time.FixedZone("CEST", 2*3600)
	now := time.Date(2026, 5, 17, 21, 0, 0, 0, loc)
	var recs []Record
	add := func(day, hour int, mins float64, nat, reached float64, ended Ending) {
		start := time.Date(2026, 5, day, hour, 0, 0, 0, loc)
		d := time.Duration(mins * float64(time.Minute))
		recs = append(recs, Record{Version: 1, ID: fmt.Sprintf("%d-%d", day, hour), Start: start, End: start.Add(d),
			Planned: d, Actual: d, Mode: "lead", Breaths: int(mins * 7), NaturalBPM: nat,
			StartBPM: nat, EndBPM: reached, Lock: 0.8, Ended: ended})
	}
	add(11, 7, 3, 14, 8, Completed)
	add(12, 22, 5, 13.5, 7, Completed)
	add(14, 8, 2, 13, 9, Quit)
	add(15, 23, 10, 12, 6.5, Completed)
	add(16, 7, 5, 11.5, 6.2, Completed)
	add(16, 21, 15, 11, 6, Completed)
	add(17, 6, 5, 10, 6, Completed)
	return recs, now
}

func TestSimulatedWeek(t *testing.T) {
	recs, now := simulatedWeek()
	st := ComputeStats(recs, now, now.Location())
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
	recs, now := simulatedWeek()
	b, err := json.Marshal(ComputeStats(recs, now, now.Location()))
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
	empty, _ := json.Marshal(ComputeStats(nil, now, nil))
	if !strings.Contains(string(empty), `"trend":[]`) || !strings.Contains(string(empty), `"sessions":0`) {
		t.Errorf("empty stats JSON: %s", empty)
	}
}

// longHistory is half a year of practice with gaps, for the views.
func longHistory() ([]Record, time.Time) {
	loc := time.UTC
	now := time.Date(2026, 5, 13, 20, 0, 0, 0, loc)
	var recs []Record
	for i := 180; i >= 0; i-- {
		day := now.AddDate(0, 0, -i)
		if i%7 == 3 || i%11 == 5 || (i > 60 && i < 75) {
			continue
		}
		mins := float64(1 + (i*7)%14)
		start := time.Date(day.Year(), day.Month(), day.Day(), 7, 30, 0, 0, loc)
		d := time.Duration(mins * float64(time.Minute))
		r := Record{Version: 1, Start: start, End: start.Add(d), Planned: d, Actual: d, Lock: -1, Ended: Completed}
		if i%3 == 0 {
			r.NaturalBPM = 9 + 5*float64(i)/180 + float64(i%5)*0.3
			r.EndBPM = 6 + float64(i%4)*0.4
		}
		if i%13 == 0 {
			r.Ended = Quit
		}
		recs = append(recs, r)
	}
	return recs, now
}

func BenchmarkComputeStats(b *testing.B) {
	recs, now := longHistory()
	for range 5 {
		recs = append(recs, recs...)
	}
	b.ResetTimer()
	for b.Loop() {
		ComputeStats(recs, now, time.UTC)
	}
}
