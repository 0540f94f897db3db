// Package storetest holds test fixtures for the consumers of package store:
// histories of practice to compute stats from and draw. Only tests may import
// it; non-test code must not.
package storetest

import (
	"fmt"
	"time"

	"github.com/attune-breath/attune/store"
)

// At makes a completed five-minute session starting at t.
func At(t time.Time) store.Record {
	return store.Record{Version: 1, ID: t.String(), Start: t, End: t.Add(5 * time.Minute),
		Planned: 5 * time.Minute, Actual: 5 * time.Minute, Breaths: 30, Lock: -1, Ended: store.Completed}
}

// SimulatedWeek is a week of practice ending on Sunday 2026-05-17 evening:
// one session a day except Wednesday, two on Saturday, a quit on Thursday,
// natural rate easing from 14 to 10. It returns the records and the moment
// they are seen from.
func SimulatedWeek() ([]store.Record, time.Time) {
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

// LongHistory is half a year of practice with gaps, for the views. It returns
// the records and the moment they are seen from.
func LongHistory() ([]store.Record, time.Time) {
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
