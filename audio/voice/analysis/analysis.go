// Package analysis measures spoken clips the way a careful listener would
// judge a synthetic voice: how long they are, how loud at their peak and
// whether they clip, how much of them is silence, and, frame by frame,
// their pitch (an autocorrelation tracker), harmonics-to-noise ratio,
// high-frequency buzz and isolated clicks; and whether the pitch falls at
// the end, as a calm out-breath cue should, rather than rising like a
// question.
//
// It is pure Go, needs no tools, and is what the voice package's tests and
// audio/voice/analyze run over the clips.
package analysis

import (
	"math"
	"slices"
)

// Settings of the frame analysis.
const (
	FrameSeconds = 0.040  // analysis window
	HopSeconds   = 0.010  // step between frames
	MinF0        = 70.0   // lowest pitch tracked (Hz)
	MaxF0        = 400.0  // highest pitch tracked (Hz)
	VoicedCorr   = 0.5    // normalised autocorrelation at the pitch lag of a voiced frame
	ActiveDB     = -45.0  // frame level (dBFS RMS) above which a frame is sound, not silence
	BuzzCutoff   = 3500.0 // the band (Hz and up) whose periodicity is buzz
	ClipLevel    = 0.999  // a sample at or above this magnitude has clipped
	EndSeconds   = 0.25   // the final stretch of voicing whose pitch slope is the ending
)

// Frame is one analysis frame.
type Frame struct {
	At    float64 // start (s)
	Level float64 // RMS level (dBFS)
	F0    float64 // pitch (Hz); 0 when the frame is not voiced
	Corr  float64 // normalised autocorrelation at the pitch lag
	Buzz  float64 // periodicity of the band above BuzzCutoff; NaN when not measured
}

// Report is what Analyze measured in one clip.
type Report struct {
	Name        string
	Seconds     float64   // duration
	PeakDB      float64   // sample peak (dBFS)
	Clipped     int       // samples at or above ClipLevel
	Active      float64   // seconds of frames above ActiveDB
	LeadSilence float64   // seconds before the first active frame
	TailSilence float64   // seconds after the last active frame
	Voiced      float64   // share of active frames that are voiced
	HNR         float64   // harmonics-to-noise ratio, mean over voiced frames (dB)
	Buzz        float64   // periodicity above BuzzCutoff, mean over voiced frames (0–1)
	HFShare     float64   // energy above BuzzCutoff relative to all energy (dB)
	Clicks      []float64 // times of isolated clicks (s)
	F0Median    float64   // median pitch of voiced frames (Hz)
	F0Low       float64   // 5th percentile pitch (Hz)
	F0High      float64   // 95th percentile pitch (Hz)
	Range       float64   // F0Low to F0High in semitones
	EndSlope    float64   // pitch slope over the last EndSeconds of voicing (semitones/s)
	EndDrop     float64   // pitch of the last voiced frames against F0Median (semitones)
	Frames      []Frame
}

// Silent reports whether the clip has no real sound: under 0.1 s of active
// frames, or no voiced frame at all.
func (r Report) Silent() bool {
	return r.Active < 0.1 || r.Voiced == 0
}

// Falls reports whether the clip's pitch falls at its end: the slope over
// the last stretch of voicing is downward and the last voiced frames sit
// below the clip's median pitch.
func (r Report) Falls() bool {
	return r.EndSlope < 0 && r.EndDrop < 0
}

// Analyze measures mono samples at rate (Hz); name labels the report.
func Analyze(name string, x []float64, rate int) Report {
	r := Report{Name: name, Seconds: float64(len(x)) / float64(rate), Clipped: 0}
	peak := 0.0
	for _, v := range x {
		a := math.Abs(v)
		peak = max(peak, a)
		if a >= ClipLevel {
			r.Clipped++
		}
	}
	r.PeakDB = db(peak)
	hf := highBand(x, BuzzCutoff, rate)
	r.HFShare = 10 * math.Log10(max(energy(hf), 1e-30)/max(energy(x), 1e-30))
	r.Frames = frames(x, hf, rate)
	r.Clicks = clicks(x, rate)
	r.summarise()
	return r
}

// summarise fills the clip-level figures from the frames.
func (r *Report) summarise() {
	first, last, active, voiced := -1, -1, 0, 0
	var hnr, buzz float64
	var f0s []float64
	buzzN := 0
	for i, f := range r.Frames {
		if f.Level < ActiveDB {
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
		active++
		if f.F0 == 0 {
			continue
		}
		voiced++
		c := min(f.Corr, 0.999)
		hnr += 10 * math.Log10(c/(1-c))
		f0s = append(f0s, f.F0)
		if !math.IsNaN(f.Buzz) {
			buzz += f.Buzz
			buzzN++
		}
	}
	r.Active = float64(active) * HopSeconds
	if first < 0 {
		r.LeadSilence, r.TailSilence = r.Seconds, r.Seconds
		return
	}
	r.LeadSilence = r.Frames[first].At
	r.TailSilence = max(r.Seconds-(r.Frames[last].At+FrameSeconds), 0)
	r.Voiced = float64(voiced) / float64(active)
	if voiced == 0 {
		return
	}
	r.HNR = hnr / float64(voiced)
	if buzzN > 0 {
		r.Buzz = buzz / float64(buzzN)
	}
	sorted := slices.Sorted(slices.Values(f0s))
	r.F0Median = percentile(sorted, 0.5)
	r.F0Low, r.F0High = percentile(sorted, 0.05), percentile(sorted, 0.95)
	r.Range = semitones(r.F0High, r.F0Low)
	r.EndSlope, r.EndDrop = r.ending()
}

// ending measures the pitch at the end of the clip: the least-squares
// slope (semitones/s) of the voiced frames in the last EndSeconds of
// voicing, and the median pitch of the last three voiced frames against
// the clip's median (semitones).
func (r *Report) ending() (slope, drop float64) {
	var ts, st []float64
	for _, f := range r.Frames {
		if f.F0 > 0 && f.Level >= ActiveDB {
			ts = append(ts, f.At)
			st = append(st, semitones(f.F0, r.F0Median))
		}
	}
	end := ts[len(ts)-1]
	i := len(ts) - 1
	for i > 0 && ts[i-1] >= end-EndSeconds {
		i--
	}
	if len(ts)-i >= 2 {
		slope = fitSlope(ts[i:], st[i:])
	}
	tail := slices.Sorted(slices.Values(st[max(len(st)-3, 0):]))
	return slope, tail[len(tail)/2]
}

// fitSlope is the least-squares slope of y against t.
func fitSlope(t, y []float64) float64 {
	var mt, my float64
	for i := range t {
		mt += t[i]
		my += y[i]
	}
	mt /= float64(len(t))
	my /= float64(len(t))
	var num, den float64
	for i := range t {
		num += (t[i] - mt) * (y[i] - my)
		den += (t[i] - mt) * (t[i] - mt)
	}
	if den == 0 {
		return 0
	}
	return num / den
}

// percentile is the p-quantile (0–1) of sorted values, by nearest rank.
func percentile(sorted []float64, p float64) float64 {
	return sorted[min(int(p*float64(len(sorted))), len(sorted)-1)]
}

// semitones is the interval from b up to a.
func semitones(a, b float64) float64 {
	return 12 * math.Log2(a/b)
}

// db is a magnitude in decibels (floored at -200 dB).
func db(a float64) float64 {
	return 20 * math.Log10(max(a, 1e-10))
}

// energy is the sum of squares of x.
func energy(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return s
}
