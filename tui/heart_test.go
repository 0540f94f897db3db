package tui

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/attune-breath/attune/heart"
	"github.com/attune-breath/attune/pacing"
)

// heartSession is a 3-minute session at 5.5 breaths/min, and a simulated
// heart resonating with it, its beats delivered up to session time at.
func heartSession(t testing.TB, at time.Duration) (*pacing.Session, *heart.Tracker) {
	t.Helper()
	p := pacing.Pattern{Name: "5.5/min", Inhale: 5454 * time.Millisecond, Exhale: 5455 * time.Millisecond}
	s := pacing.NewSession(pacing.Plan{Duration: 3 * time.Minute, Guide: pacing.FixedGuide{Pattern: p}, Label: p.Label()})
	var onsets []time.Duration
	for _, c := range s.Cycles(3 * time.Minute) {
		onsets = append(onsets, c.Start)
	}
	h := heart.DefaultSimHeart(5.5, 4)
	h.Artefacts = 0.02
	out := h.Run(onsets, 3*time.Minute)
	tr := &heart.Tracker{}
	for _, d := range out.Deliveries {
		if d.At > at {
			break
		}
		tr.Add(heart.Reading{Form: heart.FormRR, RR: d.RR}, d.At, nil)
	}
	return s, tr
}

func TestHeartGolden(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {80, 24}, {40, 12}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			at := 70 * time.Second
			s, tr := heartSession(t, at)
			m := testModel(t, s, at, sz[0], sz[1], Options{Heart: tr})
			out := m.Render(s.StateAt(at))
			checkFits(t, out, sz[0], sz[1])
			golden.RequireEqual(t, ansi.Strip(out))
		})
	}
}

func TestHeartLine(t *testing.T) {
	s, tr := heartSession(t, 70*time.Second)
	m := testModel(t, s, 70*time.Second, 80, 24, Options{Heart: tr})
	line := ansi.Strip(m.heartLine(70 * time.Second))
	if !strings.Contains(line, "heart ") || !strings.Contains(line, " bpm") || !strings.Contains(line, "last breath swung") {
		t.Errorf("heart line %q", line)
	}
	empty := testModel(t, s, time.Second, 80, 24, Options{Heart: &heart.Tracker{}})
	if got := ansi.Strip(empty.heartLine(time.Second)); got != "heart: waiting for beats" {
		t.Errorf("without beats: %q", got)
	}
	// Without a heart, the screen is as it always was.
	plain := testModel(t, s, 70*time.Second, 80, 24, Options{})
	if strings.Contains(ansi.Strip(plain.Render(s.StateAt(70*time.Second))), "heart") {
		t.Error("a screen without --heart shows the heart")
	}
}

// TestHeartWaveFollowsBreath: over the wave, the heart's sparks rise and
// fall with the breath's (the simulated heart resonates at the pace).
func TestHeartWaveFollowsBreath(t *testing.T) {
	s, tr := heartSession(t, 90*time.Second)
	m := testModel(t, s, 90*time.Second, 120, 40, Options{Heart: tr})
	w := m.heartWave(90 * time.Second)
	hr := []rune(strings.TrimPrefix(ansi.Strip(w[0]), strings.Repeat(" ", strings.Index(ansi.Strip(w[0]), "heart"))))
	br := []rune(strings.TrimPrefix(ansi.Strip(w[1]), strings.Repeat(" ", strings.Index(ansi.Strip(w[1]), "breath"))))
	if len(hr) != len(br) {
		t.Fatalf("wave lines differ in length:\n%s\n%s", string(hr), string(br))
	}
	level := func(r rune) int { return strings.IndexRune(string(sparks), r) }
	var hs, bs []float64
	for i := 7; i < len(hr); i++ {
		if level(hr[i]) >= 0 && level(br[i]) >= 0 {
			hs, bs = append(hs, float64(level(hr[i]))), append(bs, float64(level(br[i])))
		}
	}
	if len(hs) < 30 {
		t.Fatalf("too few columns: %q", string(hr))
	}
	// The heart lags the breath a little: the best correlation within a
	// quarter breath must be clearly positive.
	best := -1.0
	for lag := 0; lag <= 6; lag++ {
		best = max(best, corr(hs[lag:], bs[:len(bs)-lag]))
	}
	if best < 0.5 {
		t.Errorf("heart and breath correlate at most %.2f:\n%s\n%s", best, string(hr), string(br))
	}
}

func corr(a, b []float64) float64 {
	n := float64(len(a))
	var ma, mb float64
	for i := range a {
		ma, mb = ma+a[i]/n, mb+b[i]/n
	}
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	if saa == 0 || sbb == 0 {
		return 0
	}
	return sab / math.Sqrt(saa*sbb)
}

// BenchmarkHeartLines draws the heart line and wave anew, as a new beat
// or a new column of the wave asks.
func BenchmarkHeartLines(b *testing.B) {
	at := 150 * time.Second
	s, tr := heartSession(b, at)
	m := testModel(b, s, at, 120, 40, Options{Heart: tr})
	for b.Loop() {
		_ = m.heartLines(at)
	}
}

// BenchmarkHeartFrame renders frames of the full screen with the heart
// as the orb moves, the heart's lines coming from the cache.
func BenchmarkHeartFrame(b *testing.B) {
	s, tr := heartSession(b, 150*time.Second)
	m := testModel(b, s, 150*time.Second, 120, 40, Options{Heart: tr})
	i := 0
	for b.Loop() {
		at := 150*time.Second + time.Duration(i%40)*25*time.Millisecond
		_ = m.Render(s.StateAt(at))
		i++
	}
}

// TestClosingLines: the closing summary shows the lines Options.Closing
// gives (a finder's result), under its head, and still fits the screen.
func TestClosingLines(t *testing.T) {
	s, tr := heartSession(t, 4*time.Minute)
	for _, sz := range [][2]int{{100, 30}, {40, 12}} {
		m := testModel(t, s, 4*time.Minute, sz[0], sz[1], Options{Heart: tr, Closing: func() []string {
			return []string{"5.0–5.5 breaths/min, about equal", "results vary from day to day"}
		}})
		out := m.Render(s.StateAt(4 * time.Minute))
		checkFits(t, out, sz[0], sz[1])
		plain := ansi.Strip(out)
		if !strings.Contains(plain, "5.0–5.5 breaths/min, about equal") || strings.Index(plain, "well done") > strings.Index(plain, "about equal") {
			t.Errorf("%dx%d: the closing lines are not under the head:\n%s", sz[0], sz[1], plain)
		}
		if sz[0] >= 100 {
			golden.RequireEqual(t, plain)
		}
	}
	// A result longer than the screen is wide is wrapped, not cut short.
	long := "5.0–5.5 breaths/min, about equal (most at 5.5): the pace where your heart rate swung most today; 4.5 did not count"
	m := testModel(t, s, 4*time.Minute, 80, 24, Options{Heart: tr, Closing: func() []string { return []string{long} }})
	out := m.Render(s.StateAt(4 * time.Minute))
	checkFits(t, out, 80, 24)
	if words := strings.Join(strings.Fields(ansi.Strip(out)), " "); !strings.Contains(words, long) {
		t.Errorf("80x24: the closing line is not all there:\n%s", ansi.Strip(out))
	}
}

// TestHeartLineRateOnly: a strap that reports only rates ("hr" lines, no
// intervals) has the heart line follow each rate it reports.
func TestHeartLineRateOnly(t *testing.T) {
	s, _ := heartSession(t, 0)
	at := 70 * time.Second
	tr := &heart.Tracker{}
	for _, sz := range [][2]int{{80, 24}, {40, 12}} {
		m := testModel(t, s, at, sz[0], sz[1], Options{Heart: tr})
		for _, bpm := range []float64{67, 72} {
			tr.Add(heart.Reading{Form: heart.FormHR, HR: bpm}, at, nil)
			if out := ansi.Strip(m.Render(s.StateAt(at))); !strings.Contains(out, fmt.Sprintf("heart %.0f bpm", bpm)) {
				t.Errorf("%dx%d: after a reported rate of %.0f the screen shows\n%s", sz[0], sz[1], bpm, out)
			}
		}
	}
}
