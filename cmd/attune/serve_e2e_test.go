package main

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/internal/e2e"
)

// startServe runs `attune serve` on a free local port and returns the port.
func startServe(t *testing.T) string {
	t.Helper()
	port, _ := startServeWith(t)
	return port
}

// startServeWith runs `attune serve` with more flags on a free local port
// and returns the port and the process. The server picks its own port
// (--listen 127.0.0.1:0) and says it in its log: a port found free here
// and handed to it could be taken meanwhile by another package's tests.
func startServeWith(t *testing.T, flags ...string) (string, *exec.Cmd) {
	t.Helper()
	bin := e2e.Binary(t)
	dir := t.TempDir()
	log := &lockedBuf{}
	cmd := exec.Command(bin, append([]string{"serve", "--listen", "127.0.0.1:0", "--host-key", filepath.Join(dir, "host_key")}, flags...)...)
	cmd.Env = []string{"HOME=" + dir, "XDG_STATE_HOME=" + dir, "PATH=/usr/bin:/bin"}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	listening := regexp.MustCompile(`msg="attune serve listening" addr=127\.0\.0\.1:(\d+) `)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if m := listening.FindStringSubmatch(log.String()); m != nil {
			return m[1], cmd
		}
		if time.Now().After(deadline) {
			t.Fatalf("attune serve did not say where it listens within 30 s:\n%s", log.String())
		}
	}
}

// sshCmd is the OpenSSH command line that joins on port with a fresh key,
// reading no ssh configuration of the user running the tests.
func sshCmd(t *testing.T, port string, args ...string) []string {
	t.Helper()
	key := filepath.Join(t.TempDir(), "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return append([]string{"ssh", "-F", "/dev/null", "-p", port, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-i", key}, args...)
}

var phaseWord = regexp.MustCompile(`breathe in|breathe out|hold|starting…`)

// word is the phase word on a screen.
func word(screen string) string { return phaseWord.FindString(screen) }

// TestE2EServeTogether breathes in a room with two OpenSSH clients and a
// third in another room: the same phase at the same moment, the count of
// those present, another's tap marked within a second, a room name not
// accepted refused with status 2, and the count dropping when one leaves.
func TestE2EServeTogether(t *testing.T) {
	e2e.Need(t, "ssh")
	e2e.Need(t, "ssh-keygen")
	e2e.Need(t, "tmux")
	port := startServe(t)
	join := func(args ...string) *e2e.Tmux {
		return e2e.StartTmux(t, 80, 24, nil, strings.Join(sshCmd(t, port, args...), " "))
	}
	a, b := join("-t", "calm@127.0.0.1"), join("-t", "calm@127.0.0.1")
	c := join("-t", "127.0.0.1", "quiet", "box")
	a.WaitText(15*time.Second, "calm · 2 breathing here")
	b.WaitText(5*time.Second, "calm · 2 breathing here")
	c.WaitText(5*time.Second, "quiet · 1 breathing here")
	samePhase(t, a, b)
	b.Keys("Space")
	a.WaitFor(time.Second, "b's tap marked on a", func(s string) bool { return strings.Contains(s, "2 breathing here · ◦ ") })
	refused(t, port)
	a.Keys("q")
	a.WaitExit(5 * time.Second)
	b.WaitText(5*time.Second, "calm · 1 breathing here")
	if s := c.Capture(); !strings.Contains(s, "quiet · 1 breathing here") {
		t.Fatalf("the other room changed:\n%s", s)
	}
}

// samePhase checks, a few times, that a and b show the same phase word at
// the same moment. A sample where a's word changed while b was captured is
// taken again, and so is one where they differ but agree 150 ms later (or
// where a's word changes during that second look): each screen draws on
// its own renderer's ticks (1/15 s), so just after a phase begins one may
// show it a frame before the other.
func samePhase(t *testing.T, a, b *e2e.Tmux) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for n := 0; n < 4; time.Sleep(700 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no two captures in a breath's phase within 30 s; a showed:\n%s", a.Capture())
		}
		sa, sb, sa2 := a.Capture(), b.Capture(), a.Capture()
		if word(sa) != word(sa2) || word(sa) == "" || word(sa) == "starting…" {
			continue
		}
		if word(sa) != word(sb) {
			time.Sleep(150 * time.Millisecond)
			la, lb, la2 := a.Capture(), b.Capture(), a.Capture()
			if word(la) == word(la2) && word(la) != word(lb) {
				t.Fatalf("two members of a room show different phases:\n%s\n----\n%s\n(and 150 ms later still:\n%s\n----\n%s)", sa, sb, la, lb)
			}
			continue
		}
		n++
		if n == 1 {
			t.Logf("two clients of one room at one moment:\n%s\n----\n%s", sa, sb)
		}
	}
}

// refused runs ssh with a room name not accepted: one clear line, status 2.
func refused(t *testing.T, port string) {
	t.Helper()
	args := sshCmd(t, port, "-t", "127.0.0.1", "Bad_Room")
	cmd := exec.Command(args[0], args[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("ssh with a bad room: %v, want exit status 2; it said %q", err, stderr.String())
	}
	want := fmt.Sprintf("attune: room %q not accepted: 1 to 32 of a-z, 0-9 and -", "Bad_Room")
	if !strings.Contains(stderr.String(), want) {
		t.Fatalf("ssh with a bad room said %q, want %q", stderr.String(), want)
	}
}
