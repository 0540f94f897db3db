package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/internal/e2e"
)

// TestE2ETogetherBesideSSH breathes in one room with an OpenSSH screen and
// attune together, each in its own terminal: the host key asked about and
// accepted, the same phase at the same moment on both, both counting two,
// a tap in attune together marked on the SSH screen within a second, and
// the count there dropping to one when attune together leaves.
func TestE2ETogetherBesideSSH(t *testing.T) {
	e2e.Need(t, "ssh")
	e2e.Need(t, "ssh-keygen")
	e2e.Need(t, "tmux")
	bin := e2e.Binary(t)
	port := startServe(t)
	dir := t.TempDir()
	key := filepath.Join(dir, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	known := filepath.Join(dir, "known_hosts")
	env := []string{"HOME=" + dir, "XDG_STATE_HOME=" + dir, "XDG_CONFIG_HOME=" + dir, "SSH_AUTH_SOCK="}
	tog := e2e.StartTmux(t, 80, 24, env, strings.Join([]string{bin, "together", "calm", "--server", "127.0.0.1:" + port,
		"--identity", key, "--known-hosts", known, "--sound", "none", "--no-history"}, " "))
	tog.WaitText(15*time.Second, "Are you sure you want to continue connecting (yes/no)?")
	tog.Keys("yes", "Enter")
	tog.WaitText(10*time.Second, "calm · 1 breathing here · you are ")

	ssh := e2e.StartTmux(t, 80, 24, nil, strings.Join(sshCmd(t, port, "-t", "calm@127.0.0.1"), " "))
	ssh.WaitText(15*time.Second, "calm · 2 breathing here")
	tog.WaitText(5*time.Second, "calm · 2 breathing here")
	samePhase(t, ssh, tog)

	tog.Keys("Space")
	ssh.WaitFor(time.Second, "attune together's tap marked on the SSH screen", func(s string) bool {
		return strings.Contains(s, "2 breathing here · ◦ ")
	})
	tog.Keys("q")
	tog.WaitExit(5 * time.Second)
	ssh.WaitText(5*time.Second, "calm · 1 breathing here")
	if b, err := os.ReadFile(known); err != nil || !strings.Contains(string(b), "[127.0.0.1]:"+port+" ssh-ed25519 ") {
		t.Fatalf("known_hosts after yes: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "attune", "history.jsonl")); err == nil {
		t.Fatal("--no-history wrote the history")
	}
}
