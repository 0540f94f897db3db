package main

import (
	"math"
	"time"

	"github.com/attune-breath/attune/heart"
	"github.com/attune-breath/attune/heart/findsim"
	"github.com/attune-breath/attune/pacing/sim"
)

// simHeartJSON is the simulated heart in attune sim's JSON.
type simHeartJSON struct {
	Resonance float64         `json:"resonance"`
	Beats     int             `json:"beats"`
	Artefact  float64         `json:"artefact_share"`
	PerPace   []simHeartPace  `json:"per_pace"`
	Breaths   []simHeartSwing `json:"breaths"`
}

type simHeartPace struct {
	Pace    float64 `json:"pace"`
	Breaths int     `json:"breaths"`
	MeanHR  float64 `json:"mean_hr"`
	Swing   float64 `json:"swing_bpm"`
}

type simHeartSwing struct {
	T      float64 `json:"t"`
	Swing  float64 `json:"swing_bpm"`
	MeanHR float64 `json:"mean_hr"`
}

// simHeart runs a simulated heart (--heart) on the breather's true
// breaths, passes its late, batched intervals through the beat tracker and
// reads each guided breath's swing; nil without --heart.
func (f simFlags) simHeart(res sim.Result) (*simHeartJSON, error) {
	if !f.heart {
		return nil, nil
	}
	h := heart.DefaultSimHeart(f.resonance, f.seed)
	if err := h.Validate(); err != nil {
		return nil, usagef("--resonance: %v", err)
	}
	end := time.Duration(f.minutes * float64(time.Minute))
	beats := findsim.Track(h.Run(res.Onsets, end+5*time.Second))
	cycles := res.Session.Cycles(end)
	out := &simHeartJSON{Resonance: f.resonance, Beats: len(beats), Artefact: round3(heart.ArtefactShare(beats)),
		PerPace: []simHeartPace{}, Breaths: []simHeartSwing{}}
	for _, p := range heart.PerPace(beats, cycles) {
		out.PerPace = append(out.PerPace, simHeartPace{p.Pace, p.Breaths, p.MeanHR, p.Swing})
	}
	for _, s := range heart.Swings(beats, cycles) {
		out.Breaths = append(out.Breaths, simHeartSwing{round3(s.Start.Seconds()), round3(s.PeakToTrough), round3(s.MeanHR)})
	}
	return out, nil
}

// round3 rounds to 3 decimals, for output that reads well and stays stable.
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
