package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// A Family is a kind of breather, drawn at random within ranges, with the
// goal the guide must meet for each.
type Family struct {
	Name string
	Doc  string // what the family is, one line
	Goal string // what the guide must do for each, one line
	draw func(rng *rand.Rand) Breather
	meet func(cfg Config, res Result) []string // the goals missed, as short flags
}

// Sweep's fixed settings: every draw is a session of SweepLength, leading
// toward SweepTarget.
const (
	SweepLength = 10 * time.Minute
	SweepTarget = 6.0
	// MaxFalseLock and MaxMissedLock bound the share of breaths the engine
	// may judge in step while the breather is not with the guide, and out
	// of step while they are, in every family.
	MaxFalseLock  = 0.05
	MaxMissedLock = 0.15
)

func uniform(rng *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }

func ms(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

func drawFollower(rng *rand.Rand) Breather {
	return Breather{
		Rate: uniform(rng, 11, 19), Follow: uniform(rng, 0.3, 0.9), Jitter: uniform(rng, 0.05, 0.2),
		TapNoise: ms(uniform(rng, 30, 200)), Miss: uniform(rng, 0, 0.25),
		Lag: ms(uniform(rng, -300, 800)), Double: uniform(rng, 0, 0.1), Taps: TapsIn,
	}
}

// Families lists the sweep's families.
func Families() []Family {
	return []Family{
		{
			Name: "follower", draw: drawFollower, meet: meetFollower,
			Doc:  "rate 11-19, follow 0.3-0.9, jitter 0.05-0.2, tap noise 30-200 ms, miss 0-0.25, lag -0.3-0.8 s, double 0-0.1",
			Goal: "the guide slows 80 % of the way to the target (at most 12 breaths/min's worth) and the breather keeps within 1.5 of its slowest pace over the 2 minutes before the return",
		},
		{
			Name: "non-follower", meet: meetNonFollower,
			Doc:  "follow 0, rate 8-22, jitter 0.03-0.2, tap noise 30-200 ms, miss 0-0.25",
			Goal: "the guide is never more than 3 breaths/min slower than the breather (capped at 20) after the first minute",
			draw: func(rng *rand.Rand) Breather {
				return Breather{
					Rate: uniform(rng, 8, 22), Jitter: uniform(rng, 0.03, 0.2),
					TapNoise: ms(uniform(rng, 30, 200)), Miss: uniform(rng, 0, 0.25), Taps: TapsIn,
				}
			},
		},
		{
			Name: "floored", meet: meetFloored,
			Doc:  "floor 7-11, rate 12-19, follow 0.4-0.9, jitter 0.03-0.15, tap noise 50 ms",
			Goal: "never more than 3 slower than the breather, nor 2 below the floor; in the last 3 minutes not more than 1.5 below it",
			draw: func(rng *rand.Rand) Breather {
				return Breather{
					Floor: uniform(rng, 7, 11), Rate: uniform(rng, 12, 19), Follow: uniform(rng, 0.4, 0.9),
					Jitter: uniform(rng, 0.03, 0.15), TapNoise: 50 * time.Millisecond, Taps: TapsIn,
				}
			},
		},
		{
			Name: "fading", meet: meetFollower,
			Doc:  "as follower, and the taps stop after 1-4 minutes",
			Goal: "as follower",
			draw: func(rng *rand.Rand) Breather {
				b := drawFollower(rng)
				b.Fade = time.Duration(uniform(rng, 60, 240) * float64(time.Second))
				return b
			},
		},
	}
}

// FamilyNamed returns the family of that name.
func FamilyNamed(name string) (Family, error) {
	var names []string
	for _, f := range Families() {
		if f.Name == name {
			return f, nil
		}
		names = append(names, f.Name)
	}
	return Family{}, fmt.Errorf("family %q not known: accepted %s", name, strings.Join(names, ", "))
}

// Draw is one breather of a sweep and how the guide did.
type Draw struct {
	Config Config
	Missed []string // the goals missed; none when met
	Score  float64  // how badly, for ranking the worst
}

// SweepReport is a family's sweep.
type SweepReport struct {
	Family Family
	Draws  []Draw
	Met    int // draws whose goal the guide met
	// Breaths, FalseLocks and MissedLocks count, over all the draws, the
	// guided breaths judged (from each breather's first tap on), those
	// judged in step while the breather was not with the guide, and those
	// judged out of step while they were; Judged is
	// how many draws kept within MaxFalseLock and MaxMissedLock each.
	Breaths, FalseLocks, MissedLocks, Judged int
}

// judged adds a run's judgements to the report.
func (r *SweepReport) judged(res Result) {
	s := res.Summary
	r.Breaths += s.judged
	r.FalseLocks += s.falsely
	r.MissedLocks += s.missed
	if len(meetJudgement(res)) == 0 {
		r.Judged++
	}
}

// FalseLockRatio is the share of all the draws' guided breaths judged in
// step while the breather was not with the guide.
func (r SweepReport) FalseLockRatio() float64 { return ratio(r.FalseLocks, r.Breaths) }

// MissedLockRatio is the share of all the draws' guided breaths judged out
// of step while the breather was with the guide.
func (r SweepReport) MissedLockRatio() float64 { return ratio(r.MissedLocks, r.Breaths) }

func ratio(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// Sweep runs n breathers drawn from family f, from one seed.
func Sweep(f Family, n int, seed uint64) SweepReport {
	rng := rand.New(rand.NewPCG(seed, 0x5eeb))
	rep := SweepReport{Family: f}
	for range n {
		cfg := Config{Breather: f.draw(rng), Duration: SweepLength, Target: SweepTarget, Seed: rng.Uint64()}
		res, err := Run(cfg)
		d := Draw{Config: cfg}
		if err != nil {
			d.Missed = []string{err.Error()}
		} else {
			d.Missed = f.meet(cfg, res)
			rep.judged(res)
		}
		d.Score = float64(len(d.Missed))
		if len(d.Missed) == 0 {
			rep.Met++
		}
		rep.Draws = append(rep.Draws, d)
	}
	return rep
}

// Worst returns up to k draws that missed their goal.
func (r SweepReport) Worst(k int) []Draw {
	var bad []Draw
	for _, d := range r.Draws {
		if len(d.Missed) > 0 {
			bad = append(bad, d)
		}
	}
	slices.SortStableFunc(bad, func(a, b Draw) int { return int(b.Score - a.Score) })
	return bad[:min(k, len(bad))]
}

// Tally counts the draws that missed each kind of goal, by the words
// before the colon in their flags (such as "below the floor").
func (r SweepReport) Tally() map[string]int {
	t := map[string]int{}
	for _, d := range r.Draws {
		seen := map[string]bool{}
		for _, m := range d.Missed {
			k, _, _ := strings.Cut(m, ":")
			if !seen[k] {
				seen[k] = true
				t[k]++
			}
		}
	}
	return t
}

// Share is the share of draws that met the goal.
func (r SweepReport) Share() float64 {
	if len(r.Draws) == 0 {
		return 0
	}
	return float64(r.Met) / float64(len(r.Draws))
}

// Flags is the attune sim command line that re-runs one draw.
func (d Draw) Flags() string {
	b := d.Config.Breather
	var s strings.Builder
	fmt.Fprintf(&s, "--rate %.2f --follow %.2f --jitter %.3f --tap-noise %.0f --miss %.3f",
		b.Rate, b.Follow, b.Jitter, float64(b.TapNoise)/float64(time.Millisecond), b.Miss)
	if b.Floor > 0 {
		fmt.Fprintf(&s, " --floor %.2f", b.Floor)
	}
	if b.Lag != 0 {
		fmt.Fprintf(&s, " --lag %.2f", b.Lag.Seconds())
	}
	if b.Double > 0 {
		fmt.Fprintf(&s, " --double %.3f", b.Double)
	}
	if b.Fade > 0 {
		fmt.Fprintf(&s, " --fade %s", b.Fade.Round(time.Second))
	}
	fmt.Fprintf(&s, " --minutes %g --target %g --seed %d", d.Config.Duration.Minutes(), d.Config.Target, d.Config.Seed)
	return s.String()
}

// meetJudgement checks the engine's judgement against the truth.
func meetJudgement(res Result) []string {
	var miss []string
	if s := res.Summary; s.FalseLockRatio > MaxFalseLock {
		miss = append(miss, fmt.Sprintf("false lock: %.3f", s.FalseLockRatio))
	}
	if s := res.Summary; s.MissedLockRatio > MaxMissedLock {
		miss = append(miss, fmt.Sprintf("missed lock: %.3f", s.MissedLockRatio))
	}
	return miss
}

// returnStart is when the closing return begins in a session of length d.
func returnStart(d time.Duration) float64 {
	return (d - min(30*time.Second, d/6)).Seconds()
}

// trueRate is the breather's mean rate from its true onsets between from
// and to seconds; 0 with fewer than two.
func trueRate(onsets []time.Duration, from, to float64) float64 {
	var in []float64
	for _, o := range onsets {
		if s := o.Seconds(); s >= from && s <= to {
			in = append(in, s)
		}
	}
	if len(in) < 2 {
		return 0
	}
	return 60 * float64(len(in)-1) / (in[len(in)-1] - in[0])
}

func meetFollower(cfg Config, res Result) []string {
	var miss []string
	natural := cfg.Breather.Rate
	want := natural - 0.8*min(natural-cfg.Target, 12)
	if s := res.Summary; s.MinGuideBPM > want+1e-9 {
		miss = append(miss, fmt.Sprintf("not led far enough: slowest guide %.2f, wanted %.2f or slower", s.MinGuideBPM, want))
	}
	ret := returnStart(cfg.Duration)
	if own := trueRate(res.Onsets, ret-120, ret); math.Abs(own-res.Summary.MinGuideBPM) > 1.5 {
		miss = append(miss, fmt.Sprintf("breather not with the guide at the end: %.2f against its slowest %.2f", own, res.Summary.MinGuideBPM))
	}
	return miss
}

// slower is the most the guide was slower than the breather (capped at
// 20) after the first minute.
func slower(res Result) float64 {
	gap := 0.0
	for _, b := range res.Breaths {
		if b.T >= 60 {
			gap = max(gap, min(b.UserBPM, 20)-b.GuideBPM)
		}
	}
	return gap
}

func meetNonFollower(_ Config, res Result) []string {
	if g := slower(res); g > 3 {
		return []string{fmt.Sprintf("slower than the breather: by %.2f", g)}
	}
	return nil
}

func meetFloored(cfg Config, res Result) []string {
	var miss []string
	if g := slower(res); g > 3 {
		miss = append(miss, fmt.Sprintf("slower than the breather: by %.2f", g))
	}
	floor := cfg.Breather.Floor
	late := cfg.Duration.Seconds() - 180
	below, belowLate := 0.0, 0.0
	for _, b := range res.Breaths {
		below = max(below, floor-b.GuideBPM)
		if b.T >= late {
			belowLate = max(belowLate, floor-b.GuideBPM)
		}
	}
	if below > 2 {
		miss = append(miss, fmt.Sprintf("below the floor: by %.2f", below))
	}
	if belowLate > 1.5 {
		miss = append(miss, fmt.Sprintf("below the floor in the last 3 minutes: by %.2f", belowLate))
	}
	return miss
}
