// Package pacing owns every timing decision of an attune session: breathing
// patterns, the breath curve, the pace-and-lead engine and the cue schedule.
//
// Everything here is a pure function of time and observed breath events: no
// goroutines, no clock reads, no I/O. Times are offsets from the session
// start on a monotonic clock, as time.Duration.
package pacing

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Pattern is one breath cycle: inhale, an optional short top-up inhale (the
// cyclic sigh), hold with full lungs, exhale and hold with empty lungs.
type Pattern struct {
	Name        string
	Description string
	Inhale      time.Duration
	TopUp       time.Duration
	HoldIn      time.Duration
	Exhale      time.Duration
	HoldOut     time.Duration
}

// Limits of a valid pattern, in seconds.
const (
	MinBreath = 1.0  // shortest inhale or exhale
	MaxBreath = 30.0 // longest inhale, exhale or hold
	MaxTopUp  = 5.0  // longest top-up inhale
)

// Period is the length of one full cycle.
func (p Pattern) Period() time.Duration {
	return p.Inhale + p.TopUp + p.HoldIn + p.Exhale + p.HoldOut
}

// BPM is the pattern's pace in breaths per minute.
func (p Pattern) BPM() float64 {
	if p.Period() <= 0 {
		return 0
	}
	return 60 / p.Period().Seconds()
}

// String gives the pattern in the numeric form ParsePattern accepts, such as
// "4-7-8" or "5.5-0-5.5-0".
// scaled is p with each phase k times as long, to the millisecond, the
// exhale taking what is left of total.
func (p Pattern) scaled(k float64, total time.Duration) Pattern {
	scale := func(d time.Duration) time.Duration { return sec(d.Seconds() * k).Round(time.Millisecond) }
	b := Pattern{Name: p.Name, Inhale: scale(p.Inhale), TopUp: scale(p.TopUp), HoldIn: scale(p.HoldIn), HoldOut: scale(p.HoldOut)}
	b.Exhale = total - b.Inhale - b.TopUp - b.HoldIn - b.HoldOut
	return b
}

func (p Pattern) String() string {
	parts := []string{secs(p.Inhale), secs(p.HoldIn), secs(p.Exhale)}
	if p.HoldOut > 0 {
		parts = append(parts, secs(p.HoldOut))
	}
	s := strings.Join(parts, "-")
	if p.TopUp > 0 {
		s = secs(p.Inhale) + "+" + secs(p.TopUp) + s[len(secs(p.Inhale)):]
	}
	return s
}

// Label is the pattern's name, or its numeric form when it has none.
func (p Pattern) Label() string {
	if p.Name != "" {
		return p.Name
	}
	return p.String()
}

func secs(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}

// Validate reports whether p's phases are within the accepted ranges.
func (p Pattern) Validate() error {
	check := func(name string, d time.Duration, lo, hi float64) error {
		s := d.Seconds()
		if s < lo || s > hi {
			return fmt.Errorf("%s of %gs is out of range: accepted %g to %g seconds", name, s, lo, hi)
		}
		return nil
	}
	for _, c := range []struct {
		name   string
		d      time.Duration
		lo, hi float64
	}{
		{"inhale", p.Inhale, MinBreath, MaxBreath},
		{"top-up", p.TopUp, 0, MaxTopUp},
		{"hold", p.HoldIn, 0, MaxBreath},
		{"exhale", p.Exhale, MinBreath, MaxBreath},
		{"hold after exhale", p.HoldOut, 0, MaxBreath},
	} {
		if err := check(c.name, c.d, c.lo, c.hi); err != nil {
			return err
		}
	}
	return nil
}

func sec(s float64) time.Duration { return time.Duration(math.Round(s * float64(time.Second))) }

var builtins = []Pattern{
	{Name: "coherent", Description: "about 5.5 breaths a minute, out a little longer than in: the everyday calm", Inhale: sec(5), Exhale: sec(6)},
	{Name: "box", Description: "4 in, 4 hold, 4 out, 4 hold: steady focus", Inhale: sec(4), HoldIn: sec(4), Exhale: sec(4), HoldOut: sec(4)},
	{Name: "478", Description: "4 in, 7 hold, 8 out: winding down before sleep", Inhale: sec(4), HoldIn: sec(7), Exhale: sec(8)},
	{Name: "sigh", Description: "cyclic sigh: a full in, a short top-up in, a long slow out: quick relief", Inhale: sec(3), TopUp: sec(1), Exhale: sec(7)},
	{Name: "extended", Description: "4 in, 8 out: a long exhale to slow things down", Inhale: sec(4), Exhale: sec(8)},
}

// Builtins returns the built-in patterns in display order.
func Builtins() []Pattern {
	return append([]Pattern(nil), builtins...)
}

// Builtin returns the built-in pattern with the given name.
func Builtin(name string) (Pattern, bool) {
	for _, p := range builtins {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Pattern{}, false
}

// BuiltinNames returns the names of the built-in patterns, sorted.
func BuiltinNames() []string {
	names := make([]string, len(builtins))
	for i, p := range builtins {
		names[i] = p.Name
	}
	sort.Strings(names)
	return names
}

// PatternForm describes the accepted numeric pattern form, for error messages.
const PatternForm = "in-hold-out[-hold] in seconds, e.g. 4-7-8, 4-4-4-4 or 5.5-0-5.5-0 (a top-up inhale as 3+1-0-7); in and out 1-30 s, holds 0-30 s"

// ParsePattern reads a pattern given by name (a built-in) or in the numeric
// form "in-hold-out[-hold]", seconds with optional decimals, where the inhale
// may carry a top-up as "3+1".
func ParsePattern(s string) (Pattern, error) {
	in := strings.TrimSpace(s)
	if p, ok := Builtin(in); ok {
		return p, nil
	}
	bad := func(why string) error {
		return fmt.Errorf("pattern %q: %s; accepted: a name (%s) or %s", s, why, strings.Join(BuiltinNames(), ", "), PatternForm)
	}
	if in == "" {
		return Pattern{}, bad("empty")
	}
	fields := strings.Split(in, "-")
	if len(fields) < 3 || len(fields) > 4 {
		return Pattern{}, bad("needs 3 or 4 numbers separated by '-'")
	}
	num := func(f string) (time.Duration, error) {
		f = strings.TrimSpace(f)
		if f == "" {
			return 0, bad("a number is missing")
		}
		for _, r := range f {
			if (r < '0' || r > '9') && r != '.' {
				return 0, bad(fmt.Sprintf("%q is not a number of seconds", f))
			}
		}
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, bad(fmt.Sprintf("%q is not a number of seconds", f))
		}
		if v > 1000 {
			return 0, bad(fmt.Sprintf("%s seconds is too long", f))
		}
		return sec(v), nil
	}
	var p Pattern
	var err error
	first := fields[0]
	if a, b, ok := strings.Cut(first, "+"); ok {
		if p.Inhale, err = num(a); err != nil {
			return Pattern{}, err
		}
		if p.TopUp, err = num(b); err != nil {
			return Pattern{}, err
		}
	} else if p.Inhale, err = num(first); err != nil {
		return Pattern{}, err
	}
	if p.HoldIn, err = num(fields[1]); err != nil {
		return Pattern{}, err
	}
	if p.Exhale, err = num(fields[2]); err != nil {
		return Pattern{}, err
	}
	if len(fields) == 4 {
		if p.HoldOut, err = num(fields[3]); err != nil {
			return Pattern{}, err
		}
	}
	if err := p.Validate(); err != nil {
		return Pattern{}, bad(err.Error())
	}
	return p, nil
}
