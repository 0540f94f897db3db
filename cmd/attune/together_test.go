package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/attune-breath/attune/serve"
	"github.com/attune-breath/attune/store"
	"github.com/attune-breath/attune/together"
)

// lockedBuf is a buffer safe to write and read at once.
type lockedBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuf) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuf) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return ansi.Strip(b.b.String())
}

func waitFor(t *testing.T, b *lockedBuf, what string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(b.String(), what) {
			return
		}
	}
	t.Fatalf("waited for %q; got:\n%s", what, b.String())
}

// serveHere runs an attune server with the embedded rooms on a free local
// port, and gives its address.
func serveHere(t *testing.T) string {
	t.Helper()
	hub, err := together.Open(context.Background(), together.Options{})
	if err != nil {
		t.Fatal(err)
	}
	key, err := serve.HostKey(filepath.Join(t.TempDir(), "host_key"))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := serve.New(serve.Config{HostKey: key}, serve.Hub(hub))
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
		_ = hub.Close()
	})
	return l.Addr().String()
}

// TestTogetherJoins runs attune together against a server in the test: the
// host key asked about and accepted on stdin, the room's screen with the
// config file's settings, q to leave, and the time in the room in the
// history.
func TestTogetherJoins(t *testing.T) {
	addr := serveHere(t)
	dir := t.TempDir()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, _ := gossh.MarshalPrivateKey(priv, "")
	id := filepath.Join(dir, "id")
	if err := os.WriteFile(id, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SSH_AUTH_SOCK", "")
	cfg, history := filepath.Join(dir, "config.toml"), filepath.Join(dir, "history.jsonl")
	if err := os.WriteFile(cfg, []byte("sound = []\nshow_seconds = false\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	in, keys := io.Pipe()
	out, errs := &lockedBuf{}, &lockedBuf{}
	code := make(chan int, 1)
	go func() {
		code <- run(context.Background(), []string{"together", "calm", "coherent", "--server", addr, "--identity", id,
			"--known-hosts", filepath.Join(dir, "known_hosts"), "--config", cfg, "--history-file", history}, in, out, errs)
	}()
	waitFor(t, errs, "Are you sure you want to continue connecting (yes/no)? ")
	_, _ = keys.Write([]byte("maybe\n"))
	waitFor(t, errs, "Please type 'yes' or 'no': ")
	_, _ = keys.Write([]byte("yes\n"))
	waitFor(t, out, "calm · 1 breathing here · you are ")
	waitFor(t, out, "breathe in")
	time.Sleep(time.Second)
	_, _ = keys.Write([]byte("q"))
	select {
	case c := <-code:
		if c != 0 {
			t.Fatalf("exit %d; stderr:\n%s", c, errs.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("q did not leave")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "known_hosts")); !strings.Contains(string(b), "[127.0.0.1]:") {
		t.Fatalf("known_hosts: %q", b)
	}
	recs, skipped, err := store.ReadHistory(history)
	if err != nil || skipped != 0 || len(recs) != 1 {
		t.Fatalf("history: %v records, %d skipped, %v", len(recs), skipped, err)
	}
	if r := recs[0]; r.Source != "together/calm" || r.Mode != "together" || r.Pattern != "coherent" || r.Ended != store.Completed ||
		r.Actual < time.Second || r.Actual > 10*time.Second || r.Breaths < 1 {
		t.Fatalf("the record: %+v", r)
	}
	if !strings.Contains(out.String(), "1 breath · 5.5 breaths/min · coherent in calm") {
		t.Fatalf("no summary line; the screen ended:\n%s", out.String()[max(len(out.String())-400, 0):])
	}
}

// TestTogetherRecordSkipsNothingBreathed sums up a stay: none for no time,
// the breaths begun in it otherwise, and its record.
func TestTogetherRecordSkipsNothingBreathed(t *testing.T) {
	sess := together.Room{Name: "calm", Start: time.Now(), Pattern: "box"}.Session()
	if sum := summaryOf(sess, "calm", "box", 0, 0); sum.Elapsed != 0 || sum.Breaths != 0 {
		t.Fatalf("a stay of no time: %+v", sum)
	}
	sum := summaryOf(sess, "calm", "box", 10*time.Second, 50*time.Second) // box: breaths begin at 16, 32 and 48 s
	if sum.Breaths != 3 || sum.Elapsed != 40*time.Second || sum.EndBPM != 3.75 {
		t.Fatalf("40 s of box from 10 s: %+v", sum)
	}
	rec := togetherRecord(sum, "calm", "box", time.Now().Add(-40*time.Second), time.Now(), store.Quit)
	if rec.Source != "together/calm" || rec.Pattern != "box" || rec.Mode != "together" || rec.Ended != store.Quit || rec.Planned != rec.Actual {
		t.Fatalf("the record: %+v", rec)
	}
	group := togetherRecord(summaryOf(sess, "calm", roomPattern(""), 10*time.Second, 50*time.Second), "calm", roomPattern(""), time.Now().Add(-40*time.Second), time.Now(), store.Quit)
	if group.Source != "together/calm" || group.Pattern != "" || group.Mode != "together" || group.Room() != "calm" {
		t.Fatalf("a stay with the group pacer: %+v", group)
	}
}

func TestTogetherRefusesABadRoom(t *testing.T) {
	var out, errs bytes.Buffer
	if c := run(context.Background(), []string{"together", "Calm!"}, strings.NewReader(""), &out, &errs); c != exitUsage || !strings.Contains(errs.String(), "1 to 32 of a-z") {
		t.Fatalf("exit %d, %q", c, errs.String())
	}
}

func TestTogetherNeedsARoom(t *testing.T) {
	for _, args := range [][]string{{"together"}, {"together", "calm", "box", "more"}} {
		code, _, stderr := runAttune(t, args...)
		if code != exitUsage || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "a room is 1 to 32 of a-z") {
			t.Errorf("%v: exit %d, %q; want exit %d and one line naming what a room is", args, code, stderr, exitUsage)
		}
	}
	for _, server := range []string{"host:99999", "host:0", "host:ssh", "[::1]:"} {
		code, _, stderr := runAttune(t, "together", "calm", "--server", server)
		if code != exitUsage || !strings.Contains(stderr, "a port from 1 to 65535") {
			t.Errorf("--server %s: exit %d, %q", server, code, stderr)
		}
	}
}

// TestTogetherRefusesABadIdentity: an --identity that cannot be read or
// holds no private key is one line and exit 2 before anything is
// reached; a key locked by a passphrase is taken (an agent may hold it).
func TestTogetherRefusesABadIdentity(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk")
	if err := os.WriteFile(junk, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{filepath.Join(dir, "none"), dir, junk} {
		code, _, stderr := runAttune(t, "together", "calm", "--server", "127.0.0.1:1", "--identity", id, "--no-history")
		if code != exitUsage || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "--identity "+id+": ") ||
			!strings.Contains(stderr, "accepted: a private key file") {
			t.Errorf("--identity %s: exit %d, %q; want exit %d and one line naming it", id, code, stderr, exitUsage)
		}
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, err := gossh.MarshalPrivateKeyWithPassphrase(priv, "", []byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(dir, "locked")
	if err := os.WriteFile(locked, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runAttune(t, "together", "calm", "--server", "127.0.0.1:1", "--identity", locked, "--no-history")
	if code == exitUsage || !strings.Contains(stderr, "reaching 127.0.0.1:1") {
		t.Errorf("a locked key: exit %d, %q; want it taken and the server tried", code, stderr)
	}
}
