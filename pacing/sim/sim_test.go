package sim

import (
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// base is attune sim's defaults with the given rate, follow and length.
func base(rate, follow float64, minutes float64) Config {
	b := DefaultBreather()
	b.Rate, b.Follow = rate, follow
	return Config{
		Breather: b,
		Duration: time.Duration(minutes * float64(time.Minute)),
		Target:   6,
		Seed:     1,
	}
}

func run(t *testing.T, cfg Config) Result {
	t.Helper()
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, cfg, res)
	t.Log(dump(res))
	return res
}

func dump(res Result) string {
	b, _ := json.Marshal(res.Summary)
	return string(b)
}

// checkInvariants asserts what holds in every run: the guide never slows by
// more than 1.5 breaths/min within a minute, never goes above 20 nor above
// its ceiling (the breather's settled rate), the ceiling never rises faster
// than CeilingRise a minute once the start can no longer be corrected (it
// never follows a rise; the closing return, a planned arc, aside), and the
// lung fill never jumps.
func checkInvariants(t *testing.T, cfg Config, res Result) {
	t.Helper()
	s := res.Summary
	if s.MaxSlowdown > 1.5 {
		t.Errorf("slowed %.3f breaths/min within a minute, more than 1.5; %s", s.MaxSlowdown, dump(res))
	}
	if s.MaxGuideBPM > pacing.MaxBPM+1e-9 {
		t.Errorf("guide reached %.3f breaths/min, above %g", s.MaxGuideBPM, pacing.MaxBPM)
	}
	if s.MinGuideBPM < min(cfg.Target, s.StartBPM)-0.001 {
		t.Errorf("guide went down to %.3f, below the target %.2f", s.MinGuideBPM, cfg.Target)
	}
	var first, prev *pacing.Cycle
	for _, c := range res.Session.Cycles(cfg.Duration + time.Hour) {
		if c.Listen > 0 {
			continue
		}
		if c.BPM() > c.From+0.01 { // breath lengths are whole milliseconds
			t.Fatalf("cycle at %v is %.3f breaths/min, above the guide's ceiling %.3f", c.Start, c.BPM(), c.From)
		}
		if first == nil {
			first = &c
		}
		if prev != nil && c.Start >= first.Start+pacing.CorrectTime && c.Stage != pacing.StageReturn {
			if rise := c.From - prev.From; rise > pacing.CeilingRise*prev.Len().Minutes()+1e-9 {
				t.Fatalf("the ceiling rose %.3f breaths/min in one breath at %v: it follows a rise", rise, c.Start)
			}
		}
		prev = &c
	}
	// Lung fill is continuous: sample densely around every cycle boundary,
	// where the pace changes, and steadily everywhere else, and bound each
	// step by the steepest the curve can be (an inhale or exhale of 1 s).
	slope := math.Pi / 2 / pacing.MinBreath * 1.05 // fill per second
	sample := func(from, to, step time.Duration) {
		prev := res.Session.StateAt(from).Fill
		for at := from + step; at <= to; at += step {
			f := res.Session.StateAt(at).Fill
			if math.Abs(f-prev) > slope*step.Seconds() {
				t.Fatalf("lung fill jumped from %.4f to %.4f at %v", prev, f, at)
			}
			prev = f
		}
	}
	end := res.Session.StateAt(cfg.Duration + time.Hour).PhaseStart
	sample(0, end+time.Second, 50*time.Millisecond)
	for _, c := range res.Session.Cycles(end) {
		sample(max(c.Start-20*time.Millisecond, 0), c.Start+20*time.Millisecond, time.Millisecond)
	}
}

func TestMustHold(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { mustHold(t, seed) })
	}
}

func mustHold(t *testing.T, seed uint64) {
	base := func(rate, follow, minutes float64) Config {
		c := base(rate, follow, minutes)
		c.Seed = seed
		return c
	}
	t.Run("follower reaches the target", func(t *testing.T) {
		cfg := base(15, 0.5, 10)
		cfg.Breather.Floor, cfg.Breather.Jitter = 5, 0.05
		res := run(t, cfg)
		s := res.Summary
		if s.TimeToTarget == nil || *s.TimeToTarget > 480 || s.FinalUserBPM > 7 || s.LockRatio < 0.8 {
			t.Errorf("want time_to_target ≤ 480 s, final user ≤ 7, lock ≥ 0.8; got %s", dump(res))
		}
	})
	t.Run("no runaway from a non-follower", func(t *testing.T) {
		res := run(t, base(16, 0, 10))
		if s := res.Summary; s.MaxGap > 3 {
			t.Errorf("want max gap ≤ 3; got %s", dump(res))
		}
	})
	t.Run("settles near the breather's floor", func(t *testing.T) {
		cfg := base(18, 0.3, 10)
		cfg.Breather.Floor = 9
		res := run(t, cfg)
		if s := res.Summary; s.FinalGuideBPM < 7 || s.FinalGuideBPM > 11 {
			t.Errorf("want final guide 7..11; got %s", dump(res))
		}
	})
	t.Run("re-meets after a spike", func(t *testing.T) {
		cfg := base(14, 0.5, 12)
		cfg.Breather.Disturb = []Disturbance{{At: 300 * time.Second, Delta: 8}}
		res := run(t, cfg)
		s := res.Summary
		lost, remet := false, false
		for _, b := range res.Breaths {
			if b.T > 300 && !b.Locked {
				lost = true
			}
			if lost && b.Stage == "repair" {
				remet = true
			}
		}
		if !lost || !remet || s.MaxGuideBPM > s.StartBPM || s.FinalUserBPM > 8 {
			t.Errorf("want lock lost after the spike (%v), a re-meet (%v), guide ≤ start, final user ≤ 8; got %s", lost, remet, dump(res))
		}
	})
	t.Run("open-loop ramp on plan", func(t *testing.T) {
		cfg := base(15, 0.5, 10)
		cfg.Breather.Taps = TapsNone
		res := run(t, cfg)
		s := res.Summary
		if s.StartBPM != pacing.DefaultStartBPM {
			t.Fatalf("open loop started at %.3f, want %v", s.StartBPM, pacing.DefaultStartBPM)
		}
		// Plan: hold two breaths, then slow at LeadRate.
		first := res.Breaths[0]
		lead := first.T + 2*60/first.GuideBPM
		plan := lead + (s.StartBPM-(cfg.Target+0.5))/pacing.LeadRate*60
		if s.TimeToTarget == nil || math.Abs(*s.TimeToTarget-plan) > 60/cfg.Target {
			t.Errorf("want the target by %.1f s ± a breath; got %s", plan, dump(res))
		}
		if s.LockRatio != 0 {
			t.Errorf("lock ratio %.3f without taps", s.LockRatio)
		}
	})
}

// TestNeverChasesARise gives followers a sudden rise of their own rate,
// long after the start could be corrected: the guide never goes faster
// than the breather's settled rate as it stood when the rise came (its
// ceiling), plus what the ceiling may rise in the time since.
func TestNeverChasesARise(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for i := range 12 {
		cfg := base(10+rng.Float64()*8, 0.3+rng.Float64()*0.6, 10)
		cfg.Seed = rng.Uint64()
		at := time.Duration(180+rng.IntN(240)) * time.Second
		lasts := time.Duration(15+rng.IntN(90)) * time.Second
		cfg.Breather.Disturb = []Disturbance{{At: at, Delta: 6 + rng.Float64()*12, For: lasts}}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			res := run(t, cfg)
			ceiling := 0.0
			for _, c := range res.Session.Cycles(at) {
				ceiling = c.From
			}
			for _, b := range res.Breaths {
				since := (b.T - at.Seconds()) / 60
				if limit := ceiling + pacing.CeilingRise*since + 0.01; since > 0 && b.GuideBPM > limit {
					t.Fatalf("the guide went to %.2f at %.0f s after a rise at %v (its ceiling %.2f): it chased it; %s", b.GuideBPM, b.T, at, ceiling, dump(res))
				}
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	cfg := base(15, 0.5, 5)
	cfg.Breather.Jitter, cfg.Breather.Miss = 0.1, 0.1
	a, _ := Run(cfg)
	b, _ := Run(cfg)
	ja, _ := json.Marshal(a.Breaths)
	jb, _ := json.Marshal(b.Breaths)
	if string(ja) != string(jb) {
		t.Fatal("same seed gave different runs")
	}
	cfg.Seed = 2
	c, _ := Run(cfg)
	jc, _ := json.Marshal(c.Breaths)
	if string(ja) == string(jc) {
		t.Fatal("different seeds gave the same run")
	}
}

// TestProperties runs many random breathers and checks what must hold for
// any of them.
func TestProperties(t *testing.T) {
	n := 40
	if testing.Short() {
		n = 8
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range n {
		cfg := Config{
			Breather: Breather{
				Rate:     4 + rng.Float64()*26,
				Follow:   []float64{0, rng.Float64(), 0.5 + rng.Float64()/2}[rng.IntN(3)],
				Floor:    []float64{0, 4, 8, 12}[rng.IntN(4)],
				Jitter:   rng.Float64() * 0.2,
				TapNoise: time.Duration(rng.IntN(300)) * time.Millisecond,
				Miss:     rng.Float64() * 0.3,
				Lag:      time.Duration(rng.Float64()*1.2e9) - 300*time.Millisecond,
				Double:   rng.Float64() * 0.15,
				Taps:     []TapMode{TapsIn, TapsInOut, TapsNone}[rng.IntN(3)],
			},
			Duration: time.Duration(1+rng.IntN(15)) * time.Minute,
			Target:   4 + rng.Float64()*6,
			Seed:     rng.Uint64(),
		}
		if rng.IntN(3) == 0 {
			cfg.Breather.Disturb = []Disturbance{{At: time.Duration(rng.IntN(300)) * time.Second, Delta: rng.Float64()*20 - 5}}
		}
		if rng.IntN(4) == 0 {
			cfg.Breather.Fade = time.Duration(30+rng.IntN(240)) * time.Second
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			res := run(t, cfg)
			if len(res.Breaths) == 0 {
				t.Fatal("no guided breaths")
			}
			for _, b := range res.Breaths {
				if b.GuideBPM < 2 || b.Inhale < 0.9 || b.Exhale < 0.9 {
					t.Fatalf("implausible breath %+v", b)
				}
			}
			br, s := cfg.Breather, res.Summary
			tapping := br.Taps != TapsNone && br.Miss < 0.2
			// It does not run away from someone who does not follow (when
			// their taps let it meet them: a run of missed taps can look
			// just like a breather at half the pace).
			met := math.Abs(s.NaturalBPM-br.Rate) <= 0.2*br.Rate
			if tapping && met && br.Follow == 0 && br.Rate <= 20 && len(br.Disturb) == 0 && s.MaxGap > 3 {
				t.Errorf("ran away from a breather who does not follow: %s", dump(res))
			}
			// It brings a willing breather to the target.
			if tapping && br.Follow >= 0.5 && br.Floor <= cfg.Target && br.Rate <= 16 && len(br.Disturb) == 0 &&
				cfg.Duration >= 10*time.Minute && s.TimeToTarget == nil {
				t.Errorf("never reached the target with a willing breather: %s", dump(res))
			}
		})
	}
}

// recorder is a guide that notes every event it is given.
type recorder struct {
	g    pacing.Guide
	seen map[pacing.Event]bool
}

func (r *recorder) Next(start time.Duration, past []pacing.Cycle, events []pacing.Event) pacing.Cycle {
	for _, e := range events {
		r.seen[e] = true
	}
	return r.g.Next(start, past, events)
}

// TestEngineSeesOnlyEvents checks that what reaches the engine is the
// breather's observed events and nothing else: every event the guide is
// given was observed by the session, and runs of two breathers that differ
// in what they are but not in what they tap give the same guide.
func TestEngineSeesOnlyEvents(t *testing.T) {
	rec := &recorder{seen: map[pacing.Event]bool{}}
	cfg := base(15, 0.5, 5)
	cfg.Breather.Taps, cfg.Breather.Miss = TapsInOut, 0.1
	cfg.Wrap = func(g pacing.Guide) pacing.Guide { rec.g = g; return rec }
	res := run(t, cfg)
	observed := map[pacing.Event]bool{}
	for _, e := range res.Session.Events() {
		observed[e] = true
	}
	if len(rec.seen) == 0 {
		t.Fatal("the guide saw no events")
	}
	for e := range rec.seen {
		if !observed[e] {
			t.Errorf("the guide was given %v, which the breather never gave", e)
		}
	}
	// Replaying the breather's taps, with no breather at all, gives the
	// guide the same inputs; its first decisions (before the breather
	// could react to anything but listening) are the same.
	var taps []time.Duration
	for _, e := range res.Session.Events() {
		if e.Kind == pacing.BreathIn {
			taps = append(taps, e.At)
		}
	}
	rep := base(15, 0.5, 5)
	rep.Replay = taps
	r2 := run(t, rep)
	a, b := res.Breaths[0], r2.Breaths[0]
	if a.T != b.T || a.GuideBPM != b.GuideBPM {
		t.Errorf("live first breath %+v, replayed %+v: want the same", a, b)
	}
}

// TestImports keeps the engine from knowing the breather: pacing imports
// nothing of this module.
func TestImports(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob(filepath.Join("..", "*.go"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no Go files in pacing: %v", err)
	}
	for _, name := range names {
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if strings.Contains(imp.Path.Value, "attune-breath/attune") {
				t.Errorf("%s imports %s", name, imp.Path.Value)
			}
		}
	}
}
