package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

const rate = 24000

// glide is a voiced-like tone (a fundamental and four harmonics, falling
// in level) whose pitch moves linearly from f1 to f2 Hz over secs.
func glide(f1, f2, secs, amp float64) []float64 {
	n := int(secs * rate)
	x := make([]float64, n)
	phase := 0.0
	for i := range x {
		f := f1 + (f2-f1)*float64(i)/float64(n)
		phase += 2 * math.Pi * f / rate
		for h := 1.0; h <= 5; h++ {
			x[i] += amp / h * math.Sin(h*phase)
		}
	}
	return x
}

// noise is white noise of the given RMS level.
func noise(n int, rms float64, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	x := make([]float64, n)
	for i := range x {
		x[i] = r.NormFloat64() * rms
	}
	return x
}

func add(a, b []float64) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		out[i] = a[i] + b[i]
	}
	return out
}

func TestPitchAndHNR(t *testing.T) {
	clean := Analyze("clean", glide(150, 150, 1, 0.3), rate)
	if math.Abs(clean.F0Median-150) > 3 {
		t.Errorf("pitch of a 150 Hz tone = %.1f Hz", clean.F0Median)
	}
	if clean.Voiced < 0.9 || clean.HNR < 20 {
		t.Errorf("clean tone: voiced %.2f, HNR %.1f dB; want ≥ 0.9 and ≥ 20 dB", clean.Voiced, clean.HNR)
	}
	if clean.Range > 0.5 {
		t.Errorf("steady tone has a pitch range of %.1f semitones", clean.Range)
	}
	noisy := Analyze("noisy", add(glide(150, 150, 1, 0.3), noise(rate, 0.08, 1)), rate)
	if noisy.HNR >= clean.HNR-5 {
		t.Errorf("HNR with noise %.1f dB, clean %.1f dB: want the noisy one well lower", noisy.HNR, clean.HNR)
	}
	hiss := Analyze("hiss", noise(rate, 0.1, 2), rate)
	if hiss.Voiced > 0.1 {
		t.Errorf("white noise: %.2f of frames voiced, want ≤ 0.1", hiss.Voiced)
	}
	wide := Analyze("wide", glide(120, 240, 1, 0.3), rate)
	if wide.Range < 9 || wide.Range > 12 {
		t.Errorf("an octave glide has a 5–95 %% range of %.1f semitones, want 9–12", wide.Range)
	}
}

func TestEnding(t *testing.T) {
	fall := Analyze("fall", glide(190, 140, 0.8, 0.3), rate)
	if !fall.Falls() || fall.EndSlope > -3 {
		t.Errorf("falling glide: Falls %v, end slope %.1f st/s", fall.Falls(), fall.EndSlope)
	}
	rise := Analyze("rise", glide(140, 190, 0.8, 0.3), rate)
	if rise.Falls() || rise.EndSlope < 3 || rise.EndDrop < 0 {
		t.Errorf("rising glide: Falls %v, end slope %.1f st/s, drop %.1f st", rise.Falls(), rise.EndSlope, rise.EndDrop)
	}
	// A fall, then a rise at the end like a question: does not fall.
	q := Analyze("question", append(glide(190, 150, 0.6, 0.3), glide(150, 200, 0.3, 0.3)...), rate)
	if q.Falls() {
		t.Errorf("a rising end counted as falling: slope %.1f st/s, drop %.1f st", q.EndSlope, q.EndDrop)
	}
}

func TestClicks(t *testing.T) {
	x := glide(150, 150, 1.2, 0.2)
	if got := clicks(x, rate); len(got) != 0 {
		t.Errorf("a smooth tone has %d clicks at %v", len(got), got)
	}
	at := []float64{0.3, 0.6, 0.9}
	for _, s := range at {
		x[int(s*rate)] += 0.6
	}
	got := Analyze("clicks", x, rate).Clicks
	if len(got) != len(at) {
		t.Fatalf("found clicks at %v, want at %v", got, at)
	}
	for i := range at {
		if math.Abs(got[i]-at[i]) > 0.002 {
			t.Errorf("click %d at %.4f s, want %.3f s", i, got[i], at[i])
		}
	}
	// A burst of noise lasting 20 ms (a plosive's release) is not a click.
	y := glide(150, 150, 1.2, 0.2)
	burst := noise(rate/50, 0.3, 3)
	copy(y[rate/2:], add(y[rate/2:rate/2+len(burst)], burst))
	if got := clicks(y, rate); len(got) != 0 {
		t.Errorf("a 20 ms noise burst counted as %d clicks", len(got))
	}
}

func TestBuzz(t *testing.T) {
	// A pulse train is periodic in every band: buzz. The same fundamental
	// with noise, not pulses, above 3.5 kHz is not.
	pulses := make([]float64, rate)
	for i := 0; i < len(pulses); i += rate / 150 {
		pulses[i] = 0.5
	}
	breathy := add(glide(150, 150, 1, 0.3), highBand(noise(rate, 0.05, 4), BuzzCutoff, rate))
	b, n := Analyze("pulses", pulses, rate).Buzz, Analyze("breathy", breathy, rate).Buzz
	if b < 0.8 || n > 0.5 || b <= n {
		t.Errorf("buzz: pulse train %.2f, breathy tone %.2f; want ≥ 0.8 and ≤ 0.5", b, n)
	}
}

func TestLevelsAndSilence(t *testing.T) {
	x := glide(150, 150, 0.5, 1.2)
	for i := range x {
		x[i] = max(-1, min(1, x[i]))
	}
	r := Analyze("loud", x, rate)
	if r.Clipped == 0 || r.PeakDB < -0.01 {
		t.Errorf("a clipped tone: %d clipped samples, peak %.2f dBFS", r.Clipped, r.PeakDB)
	}
	quiet := Analyze("quiet", glide(150, 150, 0.5, 0.1), rate)
	if quiet.Clipped != 0 || quiet.Silent() {
		t.Errorf("a quiet tone: %d clipped samples, silent %v", quiet.Clipped, quiet.Silent())
	}
	padded := append(append(make([]float64, rate/5), glide(150, 150, 0.5, 0.1)...), make([]float64, rate/10)...)
	p := Analyze("padded", padded, rate)
	if math.Abs(p.LeadSilence-0.2) > 0.04 || math.Abs(p.TailSilence-0.1) > 0.04 {
		t.Errorf("silence: %.3f s before, %.3f s after; want 0.2 and 0.1", p.LeadSilence, p.TailSilence)
	}
	for _, s := range [][]float64{make([]float64, rate), noise(rate, 0.001, 5), nil} {
		if r := Analyze("silent", s, rate); !r.Silent() {
			t.Errorf("%d samples of near silence: not Silent (active %.2f s, voiced %.2f)", len(s), r.Active, r.Voiced)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("hello"), []byte("OggS broken"), []byte("RIFF....WAVE")} {
		if _, _, err := Decode(b); err == nil {
			t.Errorf("Decode(%q) gave no error", b)
		}
	}
}
