package store

import (
	"math"
	"slices"
	"sort"
	"time"
)

// HeatWeeks is how many weeks the heat map covers.
const HeatWeeks = 26

// Stats sums up the history for `attune stats`.
type Stats struct {
	// Now is the moment the stats were computed, in the viewer's zone.
	Now time.Time `json:"now"`
	// Sessions counts every recorded session; Completed those that ran
	// their planned length.
	Sessions  int `json:"sessions"`
	Completed int `json:"completed"`
	// Minutes is the total time breathed, in minutes.
	Minutes float64 `json:"minutes"`
	// ThisWeek and LastWeek are the current calendar week (from Monday) and
	// the one before it.
	ThisWeek Period `json:"this_week"`
	LastWeek Period `json:"last_week"`
	// Together is the part of Sessions and Minutes spent in rooms with
	// attune together.
	Together Period `json:"together"`
	// CurrentStreak counts the days in a row, up to today, with at least one
	// completed session; a streak still counts on a day that has not had its
	// session yet (it runs to yesterday). LongestStreak is the longest run
	// ever. Days are calendar days in the local time each session was
	// recorded with.
	CurrentStreak int `json:"current_streak"`
	LongestStreak int `json:"longest_streak"`
	// Days are the HeatWeeks*7 days of the heat map, oldest first, starting
	// on a Monday and running to the Sunday of the current week (days after
	// today are present and empty).
	Days []Day `json:"days"`
	// Trend holds the sessions with a measured natural rate, oldest first.
	Trend []TrendPoint `json:"trend"`
	// RecentNatural is RecentNaturalRate at Now; zero when unknown.
	RecentNatural float64 `json:"recent_natural_bpm,omitempty"`
	// Skipped counts history lines that could not be read; the caller sets it.
	Skipped int `json:"skipped"`
}

// Period is the practice in a span of days.
type Period struct {
	Sessions int     `json:"sessions"`
	Minutes  float64 `json:"minutes"`
}

// Day is one day of the heat map.
type Day struct {
	// Date is the calendar day as YYYY-MM-DD.
	Date      string  `json:"date"`
	Sessions  int     `json:"sessions"`
	Completed int     `json:"completed"`
	Minutes   float64 `json:"minutes"`
	// Level is the heat map shade, 0 (none) to 4; days after today are -1.
	Level int `json:"level"`
}

// TrendPoint is one session's natural rate and the pace it reached.
type TrendPoint struct {
	Start      time.Time `json:"start"`
	NaturalBPM float64   `json:"natural_bpm"`
	ReachedBPM float64   `json:"reached_bpm,omitempty"`
}

// civil is a calendar date as a day count, free of time zones and DST.
type civil int

// dayOf is the calendar day of t in its own zone.
func dayOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func (c civil) String() string {
	return time.Unix(int64(c)*86400, 0).UTC().Format(time.DateOnly)
}

// weekday of a civil day, Monday = 0.
func (c civil) weekday() int {
	return int(time.Unix(int64(c)*86400, 0).UTC().Weekday()+6) % 7
}

// sessionDay is the calendar day a session counts toward: the day it began,
// in the local time it was recorded with (as it was lived, even if the
// breather has since changed time zone).
func sessionDay(r Record) civil { return dayOf(r.Start) }

// heatLevel maps a day's minutes to a shade.
func heatLevel(minutes float64) int {
	switch {
	case minutes <= 0:
		return 0
	case minutes < 3:
		return 1
	case minutes < 6:
		return 2
	case minutes < 12:
		return 3
	default:
		return 4
	}
}

// ComputeStats sums up recs as seen at now in loc (nil means now's own zone).
// Each session counts toward the calendar day it began, in the local time it
// was recorded with.
func ComputeStats(recs []Record, now time.Time, loc *time.Location) Stats {
	if loc != nil {
		now = now.In(loc)
	}
	st := Stats{Now: now, Days: []Day{}, Trend: []TrendPoint{}}
	today := dayOf(now)
	thisMonday := today - civil(today.weekday())
	lastMonday := thisMonday - 7
	firstDay := thisMonday - civil(7*(HeatWeeks-1))

	byDay := map[civil]*Day{}
	completedDays := map[civil]bool{}
	for _, r := range recs {
		mins := r.Actual.Minutes()
		if mins < 0 || math.IsNaN(mins) {
			mins = 0
		}
		st.Sessions++
		st.Minutes += mins
		if r.Mode == ModeTogether {
			st.Together.Sessions++
			st.Together.Minutes += mins
		}
		day := sessionDay(r)
		if r.Complete() {
			st.Completed++
			completedDays[day] = true
		}
		switch {
		case day >= thisMonday && day <= today:
			st.ThisWeek.Sessions++
			st.ThisWeek.Minutes += mins
		case day >= lastMonday && day < thisMonday:
			st.LastWeek.Sessions++
			st.LastWeek.Minutes += mins
		}
		d := byDay[day]
		if d == nil {
			d = &Day{}
			byDay[day] = d
		}
		d.Sessions++
		d.Minutes += mins
		if r.Complete() {
			d.Completed++
		}
		if r.NaturalBPM > 0 {
			st.Trend = append(st.Trend, TrendPoint{Start: r.Start, NaturalBPM: r.NaturalBPM, ReachedBPM: r.EndBPM})
		}
	}

	slices.SortStableFunc(st.Trend, func(a, b TrendPoint) int { return a.Start.Compare(b.Start) })

	st.Days = heatDays(byDay, firstDay, thisMonday+7, today)
	st.CurrentStreak, st.LongestStreak = streaks(completedDays, today)
	if bpm, ok := RecentNaturalRate(recs, now); ok {
		st.RecentNatural = bpm
	}
	return st
}

// heatDays are the days of the heat map from first to (not including) end,
// with what byDay holds of them; days after today are empty.
func heatDays(byDay map[civil]*Day, first, end, today civil) []Day {
	days := make([]Day, 0, end-first)
	for c := first; c < end; c++ {
		d := Day{Date: c.String(), Level: -1}
		if got := byDay[c]; c <= today || got != nil {
			if got != nil {
				d.Sessions, d.Completed, d.Minutes = got.Sessions, got.Completed, got.Minutes
			}
			d.Level = heatLevel(d.Minutes)
		}
		days = append(days, d)
	}
	return days
}

// streaks finds the current and the longest run of consecutive days.
func streaks(days map[civil]bool, today civil) (current, longest int) {
	list := make([]civil, 0, len(days))
	for d := range days {
		list = append(list, d)
	}
	sort.Slice(list, func(i, j int) bool { return list[i] < list[j] })
	run := 0
	for i, d := range list {
		if i > 0 && d == list[i-1]+1 {
			run++
		} else {
			run = 1
		}
		longest = max(longest, run)
	}
	start := today
	switch {
	case days[today+1]:
		start++ // lived in a zone already a day ahead of the viewer's
	case !days[today]:
		start-- // today's session may still come
	}
	for d := start; days[d]; d-- {
		current++
	}
	return current, longest
}

// Recent natural-rate window.
const (
	RecentSessions = 10
	RecentWindow   = 60 * 24 * time.Hour
)

// RecentNaturalRate is the median natural breathing rate of the most recent
// sessions that measured one (at most RecentSessions, begun within
// RecentWindow before now): where a new session starts when the breather
// gives no taps. ok is false when there is none.
func RecentNaturalRate(recs []Record, now time.Time) (bpm float64, ok bool) {
	type point struct {
		start time.Time
		bpm   float64
	}
	var pts []point
	for _, r := range recs {
		if r.NaturalBPM > 0 && r.NaturalBPM < 120 && !r.Start.After(now) && now.Sub(r.Start) <= RecentWindow {
			pts = append(pts, point{r.Start, r.NaturalBPM})
		}
	}
	if len(pts) == 0 {
		return 0, false
	}
	slices.SortStableFunc(pts, func(a, b point) int { return b.start.Compare(a.start) })
	if len(pts) > RecentSessions {
		pts = pts[:RecentSessions]
	}
	rates := make([]float64, len(pts))
	for i, p := range pts {
		rates[i] = p.bpm
	}
	return median(rates), true
}

// TrendChange compares the natural rates at the start of a trend's first
// and last few sessions.
type TrendChange struct {
	// Sessions counts the trend's points.
	Sessions int
	// First and Last are the median natural rates of the first and the last
	// few sessions: five, or half of them when there are fewer than ten.
	First, Last float64
	// Reached is the median pace the last few sessions reached; zero when
	// none of them reached one.
	Reached float64
}

// ChangeOf compares the first and the last few points of a trend, oldest
// first; with no points it is the zero TrendChange.
func ChangeOf(pts []TrendPoint) TrendChange {
	if len(pts) == 0 {
		return TrendChange{}
	}
	n := min(5, max(len(pts)/2, 1))
	first, last := make([]float64, 0, n), make([]float64, 0, n)
	var reached []float64
	for i, p := range pts {
		if i < n {
			first = append(first, p.NaturalBPM)
		}
		if i >= len(pts)-n {
			last = append(last, p.NaturalBPM)
			if p.ReachedBPM > 0 {
				reached = append(reached, p.ReachedBPM)
			}
		}
	}
	c := TrendChange{Sessions: len(pts), First: median(first), Last: median(last)}
	if len(reached) > 0 {
		c.Reached = median(reached)
	}
	return c
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// LatestFound is the best pace of the most recent resonance assessment
// (attune find) that found one, begun by now; ok is false when there is
// none.
func LatestFound(recs []Record, now time.Time) (bpm float64, at time.Time, ok bool) {
	for _, r := range recs {
		if r.Found == nil || !(r.Found.Best >= MinTarget && r.Found.Best <= MaxTarget) || r.Start.After(now) {
			continue
		}
		if !ok || r.Start.After(at) {
			bpm, at, ok = r.Found.Best, r.Start, true
		}
	}
	return bpm, at, ok
}
