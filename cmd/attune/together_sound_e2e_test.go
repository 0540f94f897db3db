//go:build !darwin && !windows

package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/internal/e2e"
	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/serve/client"
	"github.com/attune-breath/attune/together"
)

// togetherCueTolerance is how far a cue of attune together's sound may be
// off the room's time for it: a solo cue's tolerance and the clock
// offset's error, at most half a round trip here.
func togetherCueTolerance() time.Duration { return max(e2e.CueTolerance(), 50*time.Millisecond) }

// TestE2ETogetherSoundInStep plays a room's tones with attune together
// through a private sound server, and checks on the recording that the
// breath cues sound when the room's session, built from the room's state as
// the test's own client of the room hears it, has them.
func TestE2ETogetherSoundInStep(t *testing.T) {
	e2e.Need(t, "ssh-keygen")
	bin := e2e.Binary(t)
	addr := "127.0.0.1:" + startServe(t)
	dir := t.TempDir()
	keygen := func(name string) string {
		key := filepath.Join(dir, name)
		if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v\n%s", err, out)
		}
		return key
	}
	known := filepath.Join(dir, "known_hosts")
	c := client.New(client.Config{Server: addr, Room: "calm", Pattern: "coherent", Identities: []string{keygen("test")}, KnownHosts: known,
		Ask: func(string) bool { return true }})
	k, err := c.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	st := k.State()
	room := together.Room{Name: st.Room, Start: st.Start, Pattern: st.Pattern}.Session()

	pa := e2e.StartPulse(t)
	base := time.Now()
	rec := pa.Record(t, func() time.Duration { return time.Since(base) })
	tm := e2e.StartTmux(t, 80, 24, append(soundEnv(t, pa.Server, pa.Dir), "SSH_AUTH_SOCK="), strings.Join([]string{bin, "together", "calm",
		"--server", addr, "--identity", keygen("together"), "--known-hosts", known, "--sound", "tones", "--no-history"}, " "))
	tm.WaitText(10*time.Second, "calm · 2 breathing here")
	// The room's time of the first cue heard is a second and a half on, so
	// that the sound is up and a tone begun on joining has ended.
	from := time.Now().Add(1500 * time.Millisecond).Sub(st.Start)
	cues := breathCuesIn(room, from, from+12*time.Second)
	if len(cues) < 2 {
		t.Fatalf("the room has %d breath cues from %v, want two at least", len(cues), from)
	}
	time.Sleep(from + 12*time.Second + 500*time.Millisecond - time.Since(st.Start))
	rec.Stop()
	tm.Keys("q")
	tm.WaitExit(5 * time.Second)

	samples, origin := rec.Samples()
	at := func(d time.Duration) int { return e2e.SampleAt(st.Start.Add(d).Sub(base) - origin) }
	tol := togetherCueTolerance()
	var miss e2e.Misses
	for _, cue := range cues {
		want := at(cue.At)
		if want-e2e.SinkRate/4 < 0 || want > len(samples) {
			t.Fatalf("the recording (%v from %v) does not hold the cue at %v", e2e.SampleTime(len(samples)), origin, cue.At)
		}
		cueOnset(t, &miss, samples, want, tol, fmt.Sprintf("%s cue at room time %v", cue.Phase, cue.At))
	}
	for _, m := range miss {
		t.Error(m)
	}
}

// breathCuesIn are the inhale and exhale cues of sess in [from, to).
func breathCuesIn(sess *pacing.Session, from, to time.Duration) []pacing.Cue {
	var cues []pacing.Cue
	for _, c := range sess.CuesAt(from, to) {
		if c.Kind == pacing.CuePhase && (c.Phase == pacing.Inhale || c.Phase == pacing.Exhale) {
			cues = append(cues, c)
		}
	}
	return cues
}
