package pacing

import (
	"fmt"
	"time"
)

// GuideOptions is what the command line asks of a session's guide.
type GuideOptions struct {
	// Pattern is the pattern the user named; nil for the default session,
	// which meets the breather and leads.
	Pattern *Pattern
	// Lead (--lead) makes a named pattern meet the breather: its
	// proportions kept, its cycle scaled from their pace toward its own.
	Lead bool
	// NoLead (--no-lead) makes the default session a fixed pace at Target.
	NoLead bool
	// Accompany (--accompany) makes the default session meet the breather
	// and keep them company at their own pace, without leading.
	Accompany bool
	// Target (--target) is the pace to lead toward, MinTarget to MaxTarget
	// breaths/min; DefaultTarget when zero.
	Target float64
	// StartBPM is the breather's last known natural pace, from history, to
	// start from when they give no taps; 0 when unknown.
	StartBPM float64
	// Planned is the session's length, settling-in included.
	Planned time.Duration
	// Unguided (--unguided) is how long before the end cues withdraw
	// entirely; zero for none.
	Unguided time.Duration
}

// UsesTarget says whether the guide the options ask for keeps or leads
// toward Target: not when it accompanies, nor for a named pattern it does
// not lead.
func (o GuideOptions) UsesTarget() bool { return !o.Accompany && (o.Pattern == nil || o.Lead) }

// GuideFor builds the guide the options ask for and the label the summary
// gives it, or an error, one line naming what was wrong and what is
// accepted, for a user's mistake:
//
//   - no pattern: the adaptive guide (NewAdaptiveGuide), listening first,
//     leading toward Target; with NoLead, a fixed in:out 1:1.5 breath at
//     Target; with Accompany, the adaptive guide meeting the breather and
//     keeping their pace;
//   - a pattern: that pattern, fixed (FixedGuide); with Lead, the adaptive
//     guide keeping the pattern's proportions.
//
// Unguided applies to every kind.
func GuideFor(o GuideOptions) (Guide, string, error) {
	target := o.Target
	if target == 0 {
		target = DefaultTarget
	}
	switch {
	case !(target >= MinTarget && target <= MaxTarget):
		return nil, "", fmt.Errorf("target %g breaths/min is out of range: accepted %g to %g", o.Target, MinTarget, MaxTarget)
	case o.Lead && o.NoLead:
		return nil, "", fmt.Errorf("--lead and --no-lead together: give one")
	case o.Accompany && (o.Pattern != nil || o.Lead || o.NoLead):
		return nil, "", fmt.Errorf("--accompany keeps you company at your own pace: accepted without a pattern, --lead or --no-lead")
	case o.Unguided < 0:
		return nil, "", fmt.Errorf("unguided time %v is negative: accepted 0 up to half the session", o.Unguided)
	case o.Unguided > 0 && o.Unguided > o.Planned/2:
		return nil, "", fmt.Errorf("unguided time %v is too long for a %v session: accepted up to half of it (%v)",
			o.Unguided, o.Planned, (o.Planned / 2).Round(time.Second))
	case o.StartBPM < 0:
		return nil, "", fmt.Errorf("start pace %g breaths/min is negative", o.StartBPM)
	}
	if o.Pattern != nil && o.Pattern.Period() <= 0 {
		return nil, "", fmt.Errorf("pattern %q has no length; accepted: %s", o.Pattern.Label(), PatternForm)
	}
	cfg := AdaptiveConfig{Target: target, StartBPM: o.StartBPM, Lead: !o.Accompany, Planned: o.Planned, Unguided: o.Unguided, Listen: true}
	switch {
	case o.Accompany:
		return NewAdaptiveGuide(cfg), "accompanied", nil
	case o.Pattern == nil && !o.NoLead:
		return NewAdaptiveGuide(cfg), "attuned", nil
	case o.Pattern == nil:
		period := 60 / target
		in := sec(period * (1 - leadExhale)).Round(time.Millisecond)
		p := Pattern{Name: fmt.Sprintf("%g/min", target), Inhale: in, Exhale: sec(period).Round(time.Millisecond) - in}
		return Unguided(FixedGuide{Pattern: p}, o.Planned, o.Unguided), p.Name, nil
	case o.Lead:
		p := *o.Pattern
		cfg.Pattern = &p
		return NewAdaptiveGuide(cfg), p.Label() + ", led", nil
	}
	return Unguided(FixedGuide{Pattern: *o.Pattern}, o.Planned, o.Unguided), o.Pattern.Label(), nil
}

// Unguided wraps g so that the cycles beginning in the span of length d
// before the return at the end of a session planned to last planned (the
// last ReturnTime, or a sixth of a short session) withdraw every cue:
// Level Silent, Stage Unguided, with a single spoken "unguided" as the span
// begins. With d zero it returns g.
func Unguided(g Guide, planned, d time.Duration) Guide {
	if d <= 0 || planned <= 0 {
		return g
	}
	ret := planned - min(ReturnTime, planned/6)
	return unguided{g: g, from: ret - d, to: ret}
}

type unguided struct {
	g        Guide
	from, to time.Duration
}

func (u unguided) Next(start time.Duration, past []Cycle, events []Event) Cycle {
	c := u.g.Next(start, past, events)
	if start < u.from || start >= u.to || c.Listen > 0 {
		return c
	}
	first := len(past) == 0 || past[len(past)-1].Stage != StageUnguided
	c.Level, c.Stage, c.Words = Silent, StageUnguided, nil
	if first {
		c.Words = []Word{adaptive{}.word(c.Breath, "unguided")}
	}
	return c
}
