// Package findsim runs the whole resonance finder in virtual time: the
// assessment's pacing session (pacing.StepGuide), the simulated breather
// of pacing/sim tapping along, a simulated heart driven by the breather's
// true breaths, its intervals delivered late and in batches as heart lines,
// and the finder's decision on what the beat tracker made of them.
package findsim

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/attune-breath/attune/heart"
	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/pacing/sim"
)

// Config is one simulated assessment.
type Config struct {
	Paces    []float64     // breaths/min, in order; heart.DefaultPaces when nil
	Step     time.Duration // heart.DefaultStep when zero
	Rest     time.Duration // the rest between steps (a listening cycle of at least a second)
	In, Out  float64       // the in:out ratio; 1:1 when zero
	Heart    heart.SimHeart
	Breather sim.Breather
	Seed     uint64
}

// Follower is a breather who follows the assessment's guide: starting near
// its first pace, moving most of the way to the guide each breath, tapping
// each in-breath.
func Follower() sim.Breather {
	return sim.Breather{Rate: 7, Follow: 0.7, Jitter: 0.04, TapNoise: 80 * time.Millisecond, Taps: sim.TapsIn, Lag: 200 * time.Millisecond}
}

// NonFollower is a breather who taps along at a rate of its own.
func NonFollower() sim.Breather {
	return sim.Breather{Rate: 12, Follow: 0, Jitter: 0.05, TapNoise: 80 * time.Millisecond, Taps: sim.TapsIn}
}

// New is the usual simulated assessment of a person whose heart resonates
// at the given pace.
func New(resonance float64, seed uint64) Config {
	return Config{Heart: heart.DefaultSimHeart(resonance, seed), Breather: Follower(), Seed: seed, Rest: heart.DefaultRest}
}

// Outcome is a simulated assessment's result beside the truth.
type Outcome struct {
	heart.Result
	// True is the assessed pace nearest the heart's resonance.
	True float64 `json:"true_pace"`
	// Resonance is the simulated heart's resonance pace.
	Resonance float64 `json:"resonance"`
	// Hit says whether Best is True; Covered whether Tied holds it.
	Hit     bool `json:"hit"`
	Covered bool `json:"covered"`
}

// Run runs one simulated assessment.
func Run(cfg Config) (Outcome, error) {
	if cfg.Paces == nil {
		cfg.Paces = heart.DefaultPaces()
	}
	if cfg.Step == 0 {
		cfg.Step = heart.DefaultStep
	}
	g, err := pacing.NewStepGuide(cfg.Paces, cfg.Step, cfg.Rest, cfg.In, cfg.Out)
	if err != nil {
		return Outcome{}, err
	}
	if err := cfg.Heart.Validate(); err != nil {
		return Outcome{}, err
	}
	res, err := sim.Run(sim.Config{Breather: cfg.Breather, Duration: g.Longest(), Target: pacing.DefaultTarget, Seed: cfg.Seed, Guide: g})
	if err != nil {
		return Outcome{}, err
	}
	sess := res.Session
	end := g.Longest()
	cycles := sess.Cycles(end + time.Hour)
	if n := len(cycles); n > 0 {
		end = cycles[n-1].End()
	}
	beats := Track(cfg.Heart.Run(res.Onsets, end+5*time.Second))
	events := sess.Events()
	runs := g.Judge(g.Runs(cycles, events), events)
	out := Outcome{Result: heart.Decide(heart.AnalyzeRuns(beats, g, runs)), Resonance: cfg.Heart.Resonance}
	out.True = nearest(cfg.Paces, cfg.Heart.Resonance)
	out.Hit = out.Valid && out.Best == out.True
	for _, p := range out.Tied {
		out.Covered = out.Covered || p == out.True
	}
	return out, nil
}

// Track passes the simulated strap's deliveries through the heart line
// parser and the beat tracker, as a strap program's lines would come.
func Track(h heart.SimOut) []heart.Beat {
	var tr heart.Tracker
	for _, d := range h.Deliveries {
		for _, v := range d.RR {
			r, err := heart.ParseLine("rr " + strconv.FormatFloat(v, 'f', 3, 64))
			if err == nil {
				tr.Add(r, d.At, nil)
			}
		}
	}
	return tr.Beats()
}

// nearest is the pace of ps nearest p.
func nearest(ps []float64, p float64) float64 {
	best := ps[0]
	for _, q := range ps {
		if math.Abs(q-p) < math.Abs(best-p) {
			best = q
		}
	}
	return best
}

// Sweep is how the finder fared over many simulated people.
type Sweep struct {
	Runs    int `json:"runs"`
	Valid   int `json:"valid"`
	Hits    int `json:"hits"`
	Covered int `json:"covered"`
	// TiedSize is the mean size of the tie set over the valid runs.
	TiedSize float64 `json:"mean_tied"`
}

// HitRate is the share of runs whose best pace was the true one.
func (s Sweep) HitRate() float64 { return float64(s.Hits) / float64(max(s.Runs, 1)) }

// CoverRate is the share of runs whose tie set held the true pace.
func (s Sweep) CoverRate() float64 { return float64(s.Covered) / float64(max(s.Runs, 1)) }

// RunSweep runs n simulated assessments of the protocol of base (its
// Paces, Step, Rest, In and Out; the rest of it is drawn) with resonance
// drawn uniformly from 4.5 to 6.5 breaths/min and the heart's gain,
// quality factor, base rate and noise drawn around the usual, from seed.
func RunSweep(n int, seed uint64, base Config) (Sweep, error) {
	rng := rand.New(rand.NewPCG(seed, 0xf1d))
	var s Sweep
	for i := range n {
		cfg := New(4.5+2*rng.Float64(), seed*1000+uint64(i))
		cfg.Paces, cfg.Step, cfg.Rest, cfg.In, cfg.Out = base.Paces, base.Step, base.Rest, base.In, base.Out
		h := &cfg.Heart
		h.Q = 1 + rng.Float64()
		h.Gain = 8 + 12*rng.Float64()
		h.Base = 55 + 25*rng.Float64()
		h.Noise = 1 + 2*rng.Float64()
		cfg.Breather.Rate = 6 + 3*rng.Float64()
		o, err := Run(cfg)
		if err != nil {
			return s, err
		}
		s.Runs++
		if o.Valid {
			s.Valid++
			s.TiedSize += float64(len(o.Tied))
		}
		if o.Hit {
			s.Hits++
		}
		if o.Covered {
			s.Covered++
		}
	}
	s.TiedSize = math.Round(s.TiedSize/float64(max(s.Valid, 1))*1000) / 1000
	return s, nil
}
