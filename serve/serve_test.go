package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
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

	"github.com/attune-breath/attune/together"
)

// startServer runs a server for rooms on a free local port and returns its
// address; it is shut down when the test ends.
func startServer(t *testing.T, rooms Rooms, cfg Config) (*Server, string) {
	t.Helper()
	key, err := HostKey(filepath.Join(t.TempDir(), "host_key"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.HostKey = key
	s, err := New(cfg, rooms)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return s, l.Addr().String()
}

// dial connects as user with a fresh key.
func dial(t *testing.T, addr, user string) *gossh.Client {
	t.Helper()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// syncBuf is a buffer safe to write and read at once.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuf) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuf) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return ansi.Strip(b.b.String())
}

// screenSession opens a session with a terminal running command (a shell
// when empty), its output gathered in out.
func screenSession(t *testing.T, c *gossh.Client, command string) (*gossh.Session, *syncBuf, io.WriteCloser) {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuf{}
	s.Stdout, s.Stderr = out, out
	in, err := s.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if command == "" {
		err = s.Shell()
	} else {
		err = s.Start(command)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s, out, in
}

func waitOut(t *testing.T, out *syncBuf, what string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if strings.Contains(out.String(), what) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("waited %v for %q; the output was:\n%s", d, what, out.String())
}

func TestServeRoomScreen(t *testing.T) {
	rooms := newMemRooms(time.Now().Add(-time.Minute))
	_, addr := startServer(t, rooms, Config{})
	s, out, in := screenSession(t, dial(t, addr, "calm"), "")
	waitOut(t, out, "calm · 1 breathing here", 5*time.Second)
	waitOut(t, out, "no sound over ssh", 10*time.Second)
	other, err := rooms.Join(context.Background(), "calm", "bold-wren", "")
	if err != nil {
		t.Fatal(err)
	}
	// The screen is sent as changes to what the client shows: the new
	// count is one changed cell, the mark a new run of text.
	_ = other.Tap(time.Now())
	waitOut(t, out, "bold-wren", 10*time.Second)
	_, _ = in.Write([]byte(" "))
	for heard := false; !heard; {
		select {
		case ev := <-other.Events():
			heard = ev.Kind == together.Tapped
			if heard && !memberName.MatchString(ev.Name) {
				t.Fatalf("the room heard %+v for a space", ev)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("space did not tap the room")
		}
	}
	_, _ = in.Write([]byte("q"))
	if err := s.Wait(); err != nil {
		t.Fatalf("q should leave with status 0: %v", err)
	}
	if n := rooms.present("calm"); n != 1 {
		t.Fatalf("%d present after leaving, want 1", n)
	}
}

// TestServeStayLength: a length after the room (ssh -t host calm box
// 10s) ends the member's stay with a goodbye once it is up, not before.
func TestServeStayLength(t *testing.T) {
	_, addr := startServer(t, newMemRooms(time.Now()), Config{})
	c := dial(t, addr, "x")
	began := time.Now()
	s, out, _ := screenSession(t, c, "calm box 10s")
	waitOut(t, out, "calm · 1 breathing here", 5*time.Second)
	done := make(chan error, 1)
	go func() { done <- s.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the stay ended with %v", err)
		}
	case <-time.After(40 * time.Second):
		t.Fatalf("a stay of 10s still runs after 40s:\n%s", out.String())
	}
	if took := time.Since(began); took < 10*time.Second {
		t.Fatalf("a stay of 10s ended after %v", took)
	}
	waitOut(t, out, "attune: 10s in the room; time for a rest.", time.Second)
}

// exitStatus runs command without a terminal and gives its status and output.
func exitStatus(t *testing.T, c *gossh.Client, command string, pty bool) (int, string) {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t.Cleanup(func() { _ = s.Close() })
	stuck := time.AfterFunc(30*time.Second, func() { t.Errorf("%q is still running", command); _ = s.Close() })
	defer stuck.Stop()
	if pty {
		if err := s.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
	}
	out, err := s.CombinedOutput(command)
	var ee *gossh.ExitError
	if errors.As(err, &ee) {
		return ee.ExitStatus(), string(out)
	}
	if err != nil {
		t.Fatalf("running %q: %v", command, err)
	}
	return 0, string(out)
}

func TestServeRefusals(t *testing.T) {
	_, addr := startServer(t, newMemRooms(time.Now()), Config{})
	c := dial(t, addr, "calm")
	for _, tc := range []struct {
		command string
		pty     bool
		code    int
		says    string
	}{
		{"Bad_Room", true, 2, `attune: room "Bad_Room" not accepted: 1 to 32 of a-z, 0-9 and -`},
		{"calm nonsense", true, 2, `pattern "nonsense"`},
		{"calm box extra", true, 2, `duration "extra" not accepted`},
		{"calm box 5m extra", true, 2, "too many words"},
		{"''", true, 2, "could not be read"},
		{"calm", false, 2, "attune: the room's screen needs a terminal: add -t (ssh -t host calm), or hear it with attune together calm"},
		{"attune-room Bad_Room", false, 2, `room "Bad_Room" not accepted`},
		{"attune-room", false, 2, "a room channel takes one room"},
		{"attune-room calm box extra", false, 2, "a room channel takes one room and, optionally, a pattern"},
		{"attune-room calm fast", false, 2, `pattern "fast"`},
	} {
		code, out := exitStatus(t, c, tc.command, tc.pty)
		if code != tc.code || !strings.Contains(out, tc.says) || strings.Count(strings.TrimSpace(out), "\n") > 0 {
			t.Errorf("%q: status %d, output %q; want %d and one line saying %q", tc.command, code, out, tc.code, tc.says)
		}
	}
	if _, err := c.Dial("tcp", addr); err == nil {
		t.Error("local port forwarding was allowed")
	}
	if _, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
		t.Error("remote port forwarding was allowed")
	}
	s, _ := c.NewSession()
	if err := s.RequestSubsystem("sftp"); err == nil {
		t.Error("the sftp subsystem was served")
	}
}

func TestServeFull(t *testing.T) {
	_, addr := startServer(t, newMemRooms(time.Now()), Config{MaxSessions: 1})
	c := dial(t, addr, "calm")
	_, out, _ := screenSession(t, c, "")
	waitOut(t, out, "breathing here", 5*time.Second)
	code, said := exitStatus(t, dial(t, addr, "calm"), "calm", true)
	if code != 1 || !strings.Contains(said, "this server is full (1 breathing)") {
		t.Fatalf("a session over the limit: status %d, %q", code, said)
	}
}

func TestHostKeyKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "attune", "key")
	a, err := HostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %v, %v; want 0600", fi.Mode(), err)
	}
	b, err := HostKey(path)
	if err != nil || !bytes.Equal(a, b) {
		t.Fatalf("the host key changed on the second start: %v", err)
	}
}

// TestLoginJoinsTheLobby: ssh sends the local login name when the user
// names no room, so a session from a login of this machine with no words
// after the host joins the lobby; any other name before @ names its room,
// and a login with a room after the host goes there.
func TestLoginJoinsTheLobby(t *testing.T) {
	rooms := newMemRooms(time.Now())
	_, addr := startServer(t, rooms, Config{Login: func(u string) bool { return u == "alice" }})
	for _, tc := range []struct{ user, command, room string }{
		{"alice", "", DefaultRoom},
		{"calm", "", "calm"},
		{"alice", "quiet", "quiet"},
	} {
		_, out, _ := screenSession(t, dial(t, addr, tc.user), tc.command)
		waitOut(t, out, "breathing here", 15*time.Second)
		rooms.mu.Lock()
		n := len(rooms.rooms[tc.room])
		rooms.mu.Unlock()
		if n == 0 {
			t.Errorf("user %q, command %q: nobody in room %q (rooms %v)", tc.user, tc.command, tc.room, rooms.names())
		}
	}
	if !IsLocalLogin("root") || IsLocalLogin("no-such-login-7f3a") {
		t.Error("IsLocalLogin: root is a login here, no-such-login-7f3a is not")
	}
}
