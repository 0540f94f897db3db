//go:build !darwin && !windows

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/internal/e2e"
	"github.com/attune-breath/attune/pacing"
)

// The sound end-to-end tests run the real binary in tmux against a private
// PulseAudio server with a null sink, and listen to the sink's monitor.
const (
	soundSession = 10 * time.Second      // the shortest session there is
	cueTolerance = 30 * time.Millisecond // how far a cue's sound may be off its time
	toneOnset    = 0.003                 // a tone has begun once a sample is louder than this
	soundFloor   = 0.005                 // the RMS of the half second after a cue's onset, at least
)

// soundEnv is the environment of a binary under test: a private home,
// config and state, and the sound server given ("" for none).
func soundEnv(t *testing.T, server, runtime string) []string {
	home := t.TempDir()
	env := []string{
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_STATE_HOME=" + filepath.Join(home, "state"),
		"XDG_RUNTIME_DIR=" + runtime,
	}
	if server != "" {
		env = append(env, "PULSE_SERVER="+server)
	}
	return env
}

// TestE2ESoundOnTime plays a short session with tones through a private
// sound server and checks, on the recording of what the server played, that
// there is sound, that nothing sounds before the first cue, and that each
// breath cue sounds within 30 ms of its time on the session's own clock
// (which the binary reveals with --trace). The screen shows only attune's
// own words, nothing reaches stderr, and the binary exits 0 with its summary.
func TestE2ESoundOnTime(t *testing.T) {
	bin := e2e.Binary(t)
	pa := e2e.StartPulse(t)
	base := time.Now()
	clock := func() time.Duration { return time.Since(base) }
	rec := pa.Record(t, clock)

	dir := t.TempDir()
	trace, stderr := filepath.Join(dir, "start"), filepath.Join(dir, "stderr")
	tm := e2e.StartTmux(t, 80, 24, soundEnv(t, pa.Server, pa.Dir),
		fmt.Sprintf("%s coherent %s --sound tones --no-history --trace %s 2>%s", bin, soundSession, trace, stderr))

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
	if st := tm.ExitStatus(); st != 0 {
		t.Errorf("exit status %d, want 0", st)
	}
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
	start := time.Unix(0, ns).Sub(base) // session start on the recording's clock
	samples, origin := rec.Samples()
	t.Logf("session start %v, recording %v from %v", start.Round(time.Microsecond), e2e.SampleTime(len(samples)), origin.Round(time.Microsecond))
	at := func(d time.Duration) int { return e2e.SampleAt(start + d - origin) }

	cues := breathCues(t)
	if first := at(cues[0].At - 50*time.Millisecond); first > len(samples) || at(0) < 0 {
		t.Fatalf("the recording (%d samples from %v) misses the session start", len(samples), origin)
	} else if i := e2e.Onset(samples[:first], at(0), toneOnset); i >= 0 {
		t.Errorf("sound at %v, before the first cue at %v", e2e.SampleTime(i)+origin-start, cues[0].At)
	}
	for _, c := range cues {
		want := at(c.At)
		got := e2e.Onset(samples, want-e2e.SinkRate/4, toneOnset)
		if got < 0 {
			t.Errorf("%s at %v: no sound", c.Phase, c.At)
			continue
		}
		off := e2e.SampleTime(got - want)
		t.Logf("%s cue at %v: sound starts %+.1f ms off", c.Phase, c.At, float64(off)/float64(time.Millisecond))
		if off < -cueTolerance || off > cueTolerance {
			t.Errorf("%s cue at %v: sound starts %v off; want within ±%v", c.Phase, c.At, off, cueTolerance)
		}
		if r := e2e.RMS(samples[got:min(got+e2e.SinkRate/2, len(samples))]); r < soundFloor {
			t.Errorf("%s cue at %v: RMS %.4f after the onset; want at least %v", c.Phase, c.At, r, soundFloor)
		}
	}
}

// breathCues are the inhale and exhale cues of the session the binary
// plays: coherent breathing for soundSession, the pattern kept.
func breathCues(t *testing.T) []pacing.Cue {
	t.Helper()
	p, _ := pacing.Builtin("coherent")
	g, label, err := pacing.GuideFor(pacing.GuideOptions{Pattern: &p, Target: pacing.DefaultTarget, Planned: soundSession})
	if err != nil {
		t.Fatal(err)
	}
	s := pacing.NewSession(pacing.Plan{Duration: soundSession, Guide: g, Label: label})
	var cues []pacing.Cue
	for _, c := range s.CuesAt(0, 2*soundSession) {
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
