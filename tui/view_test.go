package tui

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/attune-breath/attune/pacing"
)

// fixedSession is a one-minute box-breathing session: settle 0–3 s, then
// 4 s in, 4 s hold, 4 s out, 4 s hold.
func fixedSession(t testing.TB) *pacing.Session {
	t.Helper()
	p, err := pacing.ParsePattern("box")
	if err != nil {
		t.Fatal(err)
	}
	return pacing.NewSession(pacing.Plan{Duration: time.Minute, Guide: pacing.FixedGuide{Pattern: p}, Label: p.Label()})
}

// moments are the instants the goldens show, in session time.
var moments = []struct {
	name string
	at   time.Duration
}{
	{"in", 5 * time.Second},
	{"hold", 9 * time.Second},
	{"out", 13 * time.Second},
	{"summary", 10 * time.Minute},
}

func testModel(t testing.TB, s *pacing.Session, at time.Duration, w, h int, opt Options) Model {
	t.Helper()
	opt.Clock = func() time.Duration { return at }
	m := New(s, opt)
	m.SetLook(lipgloss.Color("#101318"), true, LookFull)
	m.SetSize(w, h)
	return m
}

// raceEnabled is set when the race detector runs, which makes the size
// sweep too slow to run whole.
var raceEnabled bool

var goldenSizes = [][2]int{{120, 40}, {80, 24}, {40, 12}, {20, 6}, {10, 3}}

func TestViewGolden(t *testing.T) {
	for _, sz := range goldenSizes {
		for _, mo := range moments {
			name := fmt.Sprintf("%dx%d_%s", sz[0], sz[1], mo.name)
			t.Run(name, func(t *testing.T) {
				s := fixedSession(t)
				m := testModel(t, s, mo.at, sz[0], sz[1], Options{})
				out := m.Render(s.StateAt(mo.at))
				t.Run("plain", func(t *testing.T) { golden.RequireEqual(t, ansi.Strip(out)) })
				t.Run("ansi256", func(t *testing.T) {
					var b bytes.Buffer
					w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.ANSI256}
					if _, err := w.WriteString(out); err != nil {
						t.Fatal(err)
					}
					golden.RequireEqual(t, b.String())
				})
			})
		}
	}
}

// checkFits fails unless view is exactly h lines of exactly w cells.
func checkFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if view == "" {
		lines = nil
	}
	if len(lines) != h {
		t.Fatalf("%dx%d: %d lines, want %d", w, h, len(lines), h)
	}
	for i, l := range lines {
		if got := lipgloss.Width(l); got != w {
			t.Fatalf("%dx%d: line %d is %d cells wide, want %d: %q", w, h, i, got, w, l)
		}
	}
}

func TestViewFitsEverySize(t *testing.T) {
	s := fixedSession(t)
	paused := s.StateAt(9 * time.Second)
	paused.Paused = true
	maxW, maxH := 200, 60
	if testing.Short() || raceEnabled {
		maxW, maxH = 90, 30
	}
	for _, c := range []struct {
		name   string
		opt    Options
		states []pacing.State
	}{
		{"moving", Options{}, []pacing.State{s.StateAt(5 * time.Second), paused, s.StateAt(time.Hour)}},
		{"still", Options{Still: true, HideCount: true}, []pacing.State{s.StateAt(13 * time.Second)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m := testModel(t, s, time.Hour, 1, 1, c.opt)
			m.help.ShowAll = true
			for w := 1; w <= maxW; w++ {
				for h := 1; h <= maxH; h++ {
					m.SetSize(w, h)
					for _, st := range c.states {
						checkFits(t, m.Render(st), w, h)
					}
				}
			}
		})
	}
}

func TestInlineHeight(t *testing.T) {
	s := fixedSession(t)
	for _, sz := range [][2]int{{80, 24}, {40, 4}, {40, 3}, {19, 10}, {80, 2}, {1, 1}} {
		m := testModel(t, s, 5*time.Second, sz[0], sz[1], Options{Inline: true})
		want := 4
		switch {
		case sz[0] < minCompactW || sz[1] < 3:
			want = 1
		case sz[1] < 4:
			want = 3
		}
		checkFits(t, m.Render(s.StateAt(5*time.Second)), sz[0], want)
	}
}

// footprint is the set of cells that are not blank: that show a glyph or
// a background colour.
func footprint(view string) string {
	lines := strings.Split(view, "\n")
	w := 0
	for _, l := range lines {
		w = max(w, ansi.StringWidth(l))
	}
	buf := uv.NewScreenBuffer(w, len(lines))
	uv.NewStyledString(view).Draw(buf, buf.Bounds())
	var b strings.Builder
	for y := range len(lines) {
		for x := range w {
			if c := buf.CellAt(x, y); c != nil && (c.Content != " " && c.Content != "" || c.Style.Bg != nil) {
				b.WriteByte('#')
			} else {
				b.WriteByte('.')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// discOnly is footprint fp of orb o's view without the cells beyond the
// disc's edge: the soft orb's halo dims with the still orb's brightness,
// and in the palette its faintest pixels become the background itself.
func discOnly(fp string, o *Orb) string {
	b := []byte(fp)
	r := o.Radius(stillSize) + 0.5
	for i, d := 0, o.halfPixels(); i < o.w*o.h; i++ {
		if at := i/o.w*(o.w+1) + i%o.w; at < len(b) && d[2*i] > r && d[2*i+1] > r {
			b[at] = '.'
		}
	}
	return string(b)
}

func TestStillKeepsItsSize(t *testing.T) {
	s := fixedSession(t)
	for _, sz := range goldenSizes {
		for _, inline := range []bool{false, true} {
			m := testModel(t, s, 0, sz[0], sz[1], Options{Still: true, Inline: inline})
			var first string
			var views []string
			for f := 0.0; f <= 1.0001; f += 0.05 {
				if m.shape.orbH > 0 {
					views = append(views, m.orb.View(f, pacing.Inhale, m.styles))
				} else {
					views = append(views, m.bar.View(f, pacing.Inhale, m.styles))
				}
			}
			for i, v := range views {
				fp := footprint(v)
				if m.shape.orbH > 0 {
					fp = discOnly(fp, m.orb)
				}
				if i == 0 {
					first = fp
					continue
				}
				if fp != first {
					t.Fatalf("%v inline=%v: the still orb changed shape between fills:\n%s\n%s", sz, inline, first, fp)
				}
			}
			distinct := map[string]bool{}
			for _, v := range views {
				distinct[v] = true
			}
			if m.shape.orbH > 0 || m.shape.barW > 0 {
				if len(distinct) < 2 {
					t.Fatalf("%v inline=%v: the still orb never changes brightness", sz, inline)
				}
			}
		}
	}
}

func TestMovingOrbGrows(t *testing.T) {
	for _, c := range []struct {
		look  Look
		steps int
	}{{LookTrue, 24}, {LookFull, 15}, {LookFlat, 30}, {LookMono, 30}} {
		s := fixedSession(t)
		m := testModel(t, s, 0, 80, 24, Options{})
		m.SetLook(lipgloss.Color("#101318"), true, c.look)
		prev := -1
		for f := 0.0; f <= 1.0; f += 0.1 {
			n := strings.Count(footprint(m.orb.View(f, pacing.Inhale, m.styles)), "#")
			if n < prev {
				t.Fatalf("look %d, fill %.1f: orb covers %d cells, fewer than %d before", c.look, f, n, prev)
			}
			prev = n
		}
		if q0, q1 := m.orb.Quantum(0), m.orb.Quantum(1); q1-q0 < c.steps {
			t.Fatalf("look %d: only %d radius steps from empty to full at 80x24", c.look, q1-q0)
		}
	}
}

// slowingGuide leads from about 15 to 6 breaths a minute, locked after the
// first breaths.
type slowingGuide struct{}

func (slowingGuide) Next(start time.Duration, past []pacing.Cycle, events []pacing.Event) pacing.Cycle {
	n := float64(len(past))
	in := time.Duration(math.Min(1.6+0.35*n, 4.2) * float64(time.Second))
	out := time.Duration(math.Min(2.4+0.6*n, 5.8) * float64(time.Second))
	return pacing.Cycle{Breath: pacing.Pattern{Inhale: in, Exhale: out}, Stage: pacing.StageLead, Locked: len(past) >= 2}
}

func TestSummaryGolden(t *testing.T) {
	s := pacing.NewSession(pacing.Plan{Duration: 2 * time.Minute, Guide: slowingGuide{}, Label: "lead"})
	for at := 3 * time.Second; at < 100*time.Second; at += 6 * time.Second {
		s.Observe(pacing.Event{Kind: pacing.BreathIn, At: at})
	}
	for _, sz := range [][2]int{{80, 24}, {40, 12}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m := testModel(t, s, time.Hour, sz[0], sz[1], Options{Summary: true})
			golden.RequireEqual(t, ansi.Strip(m.Render(s.StateAt(time.Hour))))
		})
	}
}

func TestPaceString(t *testing.T) {
	for _, c := range []struct {
		p    Pace
		want string
	}{
		{Pace{}, ""},
		{Pace{BPM: 5.5}, "5.5 breaths/min"},
		{Pace{BPM: 14.8, To: 6}, "14.8 → 6.0 breaths/min"},
		{Pace{BPM: 6, To: 6}, "6.0 breaths/min"},
		{Pace{BPM: 9.04, To: 6, Stage: pacing.StageLead, Tapped: true, Locked: true}, "9.0 → 6.0 breaths/min · slowing gently · in step"},
		{Pace{Stage: pacing.StageRepair, Tapped: true}, "finding the rhythm again · listening"},
	} {
		if got := c.p.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.p, got, c.want)
		}
	}
}

// statusSound is a sound player whose status the test sets.
type statusSound struct{ status string }

func (s *statusSound) ToggleMute()          {}
func (s *statusSound) ToggleVoice()         {}
func (s *statusSound) AdjustVolume(float64) {}
func (s *statusSound) Status() string       { return s.status }

// TestSoundStatusFits: the quiet line says why the sound is off when
// there is room, and else that it is off, whole rather than cut.
func TestSoundStatusFits(t *testing.T) {
	s := fixedSession(t)
	for _, c := range []struct {
		w          int
		want, lose string
	}{
		{80, "sound off: no sound server (no server socket)", ""},
		{45, "sound off", "no server socket"},
	} {
		m := testModel(t, s, time.Second, c.w, 10, Options{Inline: true, Sound: &statusSound{status: "sound off: no sound server (no server socket)"}})
		view := ansi.Strip(m.Render(s.StateAt(time.Second)))
		var quiet string
		for _, l := range strings.Split(view, "\n") {
			if strings.Contains(l, "sound") {
				quiet = l
			}
		}
		if !strings.Contains(quiet, c.want) || c.lose != "" && strings.Contains(quiet, c.lose) || strings.Contains(quiet, "…") {
			t.Errorf("%d wide: the quiet line should say %q:\n%s", c.w, c.want, view)
		}
		checkFits(t, m.Render(s.StateAt(time.Second)), c.w, 4)
	}
}

// TestCachedLinesMatchFresh draws a session's frames with the line caches
// kept from frame to frame, as in use, and checks each against the same
// frame drawn with empty caches: nothing on screen may go stale.
func TestCachedLinesMatchFresh(t *testing.T) {
	for _, c := range []struct {
		name string
		w, h int
		opt  Options
	}{
		{"full", 80, 24, Options{}},
		{"compact", 40, 12, Options{}},
		{"tiny", 20, 3, Options{}},
		{"nocount", 80, 24, Options{HideCount: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := fixedSession(t)
			snd := &statusSound{}
			c.opt.Sound = snd
			var now time.Duration
			m := testModel(t, s, 0, c.w, c.h, c.opt)
			m.opt.Clock = func() time.Duration { return now }
			for now = 0; now < 50*time.Second; now += 37 * time.Millisecond {
				switch now / (37 * time.Millisecond) {
				case 100:
					m.lastTap = now // a tap, acknowledged for a while
				case 200:
					snd.status = "sound off: no sound server"
				case 300:
					m.help.ShowAll = true
					m.layout()
				case 400:
					m.holdIn = true
				case 500:
					s.Pause(now)
				case 600:
					s.Resume(now)
				}
				st := s.State(now)
				got := m.Render(st)
				fresh := m
				fresh.fc = &frameCache{}
				if want := fresh.Render(st); got != want {
					t.Fatalf("at %v the cached frame differs from a fresh one:\n%s\nwant\n%s", now, got, want)
				}
			}
		})
	}
}

// TestFollowTheSoundOnlyWhenHeard: the word that asks to follow the sound
// is shown as it is while the sound plays, and asks to follow the orb when
// the breather hears nothing: no sound, sound off, or muted.
func TestFollowTheSoundOnlyWhenHeard(t *testing.T) {
	s := fixedSession(t)
	st := s.StateAt(time.Second)
	st.Text = pacing.WordText("follow")
	for _, c := range []struct {
		name  string
		sound Sound
		want  string
	}{
		{"playing", &statusSound{}, pacing.WordText("follow")},
		{"no player", nil, followOrb},
		{"off", &statusSound{status: "sound off: no sound server"}, followOrb},
		{"muted", &statusSound{status: "sound muted"}, followOrb},
	} {
		m := testModel(t, s, time.Second, 80, 24, Options{Sound: c.sound})
		view := ansi.Strip(m.Render(st))
		if !strings.Contains(view, c.want) {
			t.Errorf("%s: the screen should say %q:\n%s", c.name, c.want, view)
		}
	}
}
