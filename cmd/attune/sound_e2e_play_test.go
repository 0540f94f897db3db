//go:build !darwin && !windows

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gopxl/beep/v2/wav"

	"github.com/attune-breath/attune/audio"
	"github.com/attune-breath/attune/internal/e2e"
	"github.com/attune-breath/attune/pacing"
)

// renderSession is the session's sound rendered offline: the left channel,
// sample 0 at the session's start.
func renderSession(t *testing.T, sound string) []float32 {
	t.Helper()
	o := audio.DefaultOptions()
	var err error
	if o.Layers, err = audio.ParseSound(sound); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "render.wav"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := audio.Render(f, coherentSession(t), o); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	st, format, err := wav.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if format.SampleRate != e2e.SinkRate {
		t.Fatalf("rendered at %d Hz", format.SampleRate)
	}
	var out []float32
	buf := make([][2]float64, 4096)
	for {
		n, ok := st.Stream(buf)
		for _, v := range buf[:n] {
			out = append(out, float32(v[0]))
		}
		if !ok {
			return out
		}
	}
}

// played is what a session played, as recorded.
type played struct {
	samples []float32     // the sink's monitor, left channel
	origin  time.Duration // when sample 0 was heard, on the test's clock
	start   time.Duration // when the session started, on the test's clock
}

// at is the index of the sample heard at session time d.
func (p played) at(d time.Duration) int { return e2e.SampleAt(p.start + d - p.origin) }

// playSession runs the binary for a short coherent session with the sound
// given, through a private sound server, and records what the server
// played. It checks the screen shows only attune's own words, nothing
// reaches stderr, and the binary exits 0 with its summary.
func playSession(t *testing.T, sound string) played {
	t.Helper()
	bin := e2e.Binary(t)
	pa := e2e.StartPulse(t)
	base := time.Now()
	clock := func() time.Duration { return time.Since(base) }
	rec := pa.Record(t, clock)

	dir := t.TempDir()
	trace, stderr, status := filepath.Join(dir, "start"), filepath.Join(dir, "stderr"), filepath.Join(dir, "status")
	tm := e2e.StartTmux(t, 80, 24, soundEnv(t, pa.Server, pa.Dir),
		fmt.Sprintf("%s coherent %s --sound %s --no-history --trace %s 2>%s; echo $? >%s", bin, soundSession, sound, trace, stderr, status))

	// Watch the screen until the closing summary asks for a key.
	deadline := time.Now().Add(soundSession + 10*time.Second)
	var screens []string
	for {
		s := tm.Capture()
		if len(screens) == 0 || s != screens[len(screens)-1] {
			screens = append(screens, s)
		}
		if strings.Contains(s, "any key to leave") {
			break
		}
		if tm.Dead() || time.Now().After(deadline) {
			t.Fatalf("no closing summary; the screen was:\n%s", s)
		}
		time.Sleep(100 * time.Millisecond)
	}
	rec.Stop()
	tm.Keys("Enter")
	tm.WaitExit(5 * time.Second)

	checkScreens(t, screens)
	if b, err := os.ReadFile(stderr); err != nil || len(b) > 0 {
		t.Errorf("stderr (%v):\n%s", err, b)
	}
	checkExit(t, tm, status)
	if out := tm.Scrollback(); !regexp.MustCompile(`(?m)^0m1\ds · 1 breath · 5\.5 breaths/min · coherent\s*$`).MatchString(out) {
		t.Errorf("no summary line; the screen was:\n%s", out)
	}

	b, err := os.ReadFile(trace)
	if err != nil {
		t.Fatalf("--trace wrote nothing: %v", err)
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		t.Fatalf("--trace wrote %q: %v", b, err)
	}
	r := played{start: time.Unix(0, ns).Sub(base)}
	r.samples, r.origin = rec.Samples()
	t.Logf("session start %v, recording %v from %v", r.start.Round(time.Microsecond), e2e.SampleTime(len(r.samples)), r.origin.Round(time.Microsecond))
	if r.at(0) < 0 || r.at(soundSession) > len(r.samples) {
		t.Fatalf("the recording (%v from %v) does not cover the session", e2e.SampleTime(len(r.samples)), r.origin)
	}
	return r
}

// checkExit fails the test unless the command exited 0, as the shell wrote
// it to the status file (tmux does not always learn a pane's exit status).
func checkExit(t *testing.T, tm *e2e.Tmux, status string) {
	t.Helper()
	if b, err := os.ReadFile(status); err != nil || strings.TrimSpace(string(b)) != "0" {
		t.Errorf("exit status %q (%v), want 0; the screen was:\n%s", b, err, tm.Scrollback())
	}
}

// coherentSession is the session the binary plays: coherent breathing for
// soundSession, the pattern kept.
func coherentSession(t *testing.T) *pacing.Session {
	t.Helper()
	p, _ := pacing.Builtin("coherent")
	g, label, err := pacing.GuideFor(pacing.GuideOptions{Pattern: &p, Target: pacing.DefaultTarget, Planned: soundSession})
	if err != nil {
		t.Fatal(err)
	}
	return pacing.NewSession(pacing.Plan{Duration: soundSession, Guide: g, Label: label})
}

// breathCues are the inhale and exhale cues of coherentSession.
func breathCues(t *testing.T) []pacing.Cue {
	t.Helper()
	var cues []pacing.Cue
	for _, c := range coherentSession(t).CuesAt(0, 2*soundSession) {
		if c.Kind == pacing.CuePhase && (c.Phase == pacing.Inhale || c.Phase == pacing.Exhale) {
			cues = append(cues, c)
		}
	}
	if len(cues) < 2 {
		t.Fatalf("the session has %d breath cues, want an inhale and an exhale: %+v", len(cues), cues)
	}
	return cues
}

// screenLine is every line attune's screen may show during a session and
// its closing summary, once the orb's cells are taken out.
var screenLine = regexp.MustCompile(`^(` + strings.Join([]string{
	``,
	`(get comfortable…|breathe in|breathe out|hold|well done)( +\d+)?`,
	`[━╸─]+ +\d+:\d\d left`,
	`space breath • p pause • \? more keys • q quit`,
	`(tap space as each breath begins|[\d.]+ breaths/min|\d+ breaths?|\dm\d\ds)( · (tap space as each breath begins|[\d.]+ breaths/min|\d+ breaths?))*`,
	`[\d.]+`,
	`\d+:\d\d +breaths/min over the session +\d+:\d\d`,
	`any key to leave`,
}, "|") + `)$`)

// checkScreens fails the test for any line on any screen that is not
// attune's own: a sound library's chatter, a stray status.
func checkScreens(t *testing.T, screens []string) {
	t.Helper()
	bad := 0
	for _, s := range screens {
		for _, line := range strings.Split(s, "\n") {
			stripped := strings.Map(func(r rune) rune {
				if e2e.OrbCells(string(r)) > 0 {
					return ' '
				}
				return r
			}, line)
			stripped = strings.Join(strings.Fields(stripped), " ")
			if !screenLine.MatchString(stripped) && bad < 5 {
				bad++
				t.Errorf("unexpected line on the screen: %q; the screen was:\n%s", strings.TrimSpace(line), s)
			}
		}
	}
	t.Logf("%d distinct screens checked", len(screens))
}
