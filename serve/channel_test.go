package serve

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/attune-breath/attune/serve/client"
	"github.com/attune-breath/attune/together"
)

// keyFile writes a fresh ed25519 key, as ssh-keygen would, and gives its
// path.
func keyFile(t *testing.T) string {
	t.Helper()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// keep hands ev to evs for the test to read, or gives up once ctx ends: a
// test that stopped reading must not hold up the client's Run, which it
// waits for.
func keep(ctx context.Context, evs chan<- client.Event, ev client.Event) {
	select {
	case evs <- ev:
	case <-ctx.Done():
	}
}

// nextEvent waits for the client's next event of kind.
func nextEvent(t *testing.T, evs <-chan client.Event, kind client.EventKind, ok func(client.Event) bool) client.Event {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case ev := <-evs:
			if ev.Kind == kind && (ok == nil || ok(ev)) {
				return ev
			}
		case <-deadline:
			t.Fatalf("no event of kind %d came", kind)
		}
	}
}

// TestTogetherClient joins a room of a real server (the embedded rooms)
// as `attune together` does, beside a screen session: the count, taps both
// ways, the host key asked about once and remembered, and the room's
// breath at the same instant on both sides although the client's clock is
// seven seconds behind.
func TestTogetherClient(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hub, err := together.Open(ctx, together.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = hub.Close() })
	_, addr := startServer(t, Hub(hub), Config{})
	known := filepath.Join(t.TempDir(), "ssh", "known_hosts")
	var asked []string
	skew := -7 * time.Second
	c := client.New(client.Config{Server: addr, Room: "calm", Identities: []string{keyFile(t)}, KnownHosts: known,
		Ask:     func(q string) bool { asked = append(asked, q); return true },
		Now:     func() time.Time { return time.Now().Add(skew) },
		Refresh: 200 * time.Millisecond})
	k, err := c.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(asked) != 1 || !strings.Contains(asked[0], "can't be established.\nED25519 key fingerprint is SHA256:") {
		t.Fatalf("asked %q", asked)
	}
	if b, _ := os.ReadFile(known); !strings.Contains(string(b), "ssh-ed25519 ") {
		t.Fatalf("known_hosts holds %q", b)
	}
	st := k.State()
	if st.Room != "calm" || st.Present != 1 || !memberName.MatchString(st.You) {
		t.Fatalf("joined as %+v", st)
	}
	evs := make(chan client.Event, 64)
	ran := make(chan struct{})
	runCtx, stop := context.WithCancel(ctx)
	go func() { c.Run(runCtx, k, func(ev client.Event) { keep(runCtx, evs, ev) }); close(ran) }()
	defer func() { stop(); <-ran }()

	s, out, in := screenSession(t, dial(t, addr, "calm"), "")
	waitOut(t, out, "calm · 2 breathing here", 5*time.Second)
	nextEvent(t, evs, client.StateChanged, func(ev client.Event) bool { return ev.State.Present == 2 })
	_, _ = in.Write([]byte(" "))
	tap := nextEvent(t, evs, client.Tapped, nil)
	if !memberName.MatchString(tap.Name) || tap.Name == st.You {
		t.Fatalf("the screen's tap came as %q", tap.Name)
	}
	c.Tap()
	waitOut(t, out, "◦ "+st.You, 10*time.Second)

	time.Sleep(300 * time.Millisecond) // a refresh of the offset
	room := together.Room{Name: st.Room, Start: st.Start, Pattern: st.Pattern}
	// The server's clock, as the client knows it, is off by at most half
	// the round trip its estimate was made from: the server read its clock
	// after the request left and before the answer came. (The server's
	// clock is this machine's.) A refresh between the looks is looked
	// past.
	var here, there time.Time
	var bound time.Duration
	for {
		off, rtt := c.Offset()
		before := time.Now()
		here, there = c.Now(), time.Now()
		if again, _ := c.Offset(); again == off {
			bound = rtt/2 + there.Sub(before)
			break
		}
	}
	t.Logf("the client's clock is %v off the server's; the estimate allows %v", here.Sub(there), bound)
	if d := here.Sub(there).Abs(); d > bound {
		t.Fatalf("the client's idea of the server's clock is off by %v; its estimate's round trip allows %v", d, bound)
	}
	a, b := room.Session().State(here.Sub(st.Start)), room.Session().State(there.Sub(st.Start))
	if a.Phase != b.Phase && min(a.Left, b.Left) > bound {
		t.Fatalf("the client breathes %v, the server %v", a.Phase, b.Phase)
	}
	_, _ = in.Write([]byte("q"))
	_ = s.Wait()
	nextEvent(t, evs, client.StateChanged, func(ev client.Event) bool { return ev.State.Present == 1 })

	// The same host again is not asked about (once the member has left:
	// the same key is one member); another key for it is refused.
	stop()
	<-ran
	asked = nil
	k, err = c.Dial(ctx)
	for deadline := time.Now().Add(3 * time.Second); err != nil && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		k, err = c.Dial(ctx)
	}
	if err != nil || len(asked) != 0 {
		t.Fatalf("a known host: %v, asked %q", err, asked)
	}
	_ = k.Close()
	_, other := startServer(t, Hub(hub), Config{})
	_ = os.WriteFile(known, []byte(strings.ReplaceAll(mustRead(t, known), hostOnly(addr), hostOnly(other))), 0o600)
	if _, err := client.New(client.Config{Server: other, Room: "calm", Identities: []string{keyFile(t)}, KnownHosts: known}).Dial(ctx); err == nil || !strings.Contains(err.Error(), "has changed") {
		t.Fatalf("a changed host key: %v", err)
	}
}

func TestTogetherClientRefusesUnknownHost(t *testing.T) {
	_, addr := startServer(t, newMemRooms(time.Now()), Config{})
	known := filepath.Join(t.TempDir(), "known_hosts")
	c := client.New(client.Config{Server: addr, Room: "calm", Identities: []string{keyFile(t)}, KnownHosts: known,
		Ask: func(string) bool { return false }})
	if _, err := c.Dial(context.Background()); !errors.Is(err, client.ErrHostKeyRefused) {
		t.Fatalf("no to the host key: %v", err)
	}
	if _, err := os.Stat(known); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("known_hosts written after a no: %v", err)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// hostOnly is addr as known_hosts writes it.
func hostOnly(addr string) string {
	h := strings.ReplaceAll(addr, "127.0.0.1:", "[127.0.0.1]:")
	return h
}

// TestTogetherClientComesBack: a lost connection is said, with the wait
// before the next attempt, and the client is back once the server is.
func TestTogetherClientComesBack(t *testing.T) {
	keyPath := filepath.Join(t.TempDir(), "host_key")
	rooms := newMemRooms(time.Now())
	up := func(addr string) (*Server, string, chan error) {
		key, err := HostKey(keyPath)
		if err != nil {
			t.Fatal(err)
		}
		s, err := New(Config{HostKey: key}, rooms)
		if err != nil {
			t.Fatal(err)
		}
		l, err := net.Listen("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- s.Serve(l) }()
		return s, l.Addr().String(), done
	}
	down := func(s *Server, done chan error) {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
		<-done
	}
	s, addr, done := up("127.0.0.1:0")
	c := client.New(client.Config{Server: addr, Room: "calm", Identities: []string{keyFile(t)},
		KnownHosts: filepath.Join(t.TempDir(), "known_hosts"), Ask: func(string) bool { return true }})
	ctx, cancel := context.WithCancel(context.Background())
	k, err := c.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	evs := make(chan client.Event, 64)
	ran := make(chan struct{})
	go func() { c.Run(ctx, k, func(ev client.Event) { keep(ctx, evs, ev) }); close(ran) }()
	defer func() { cancel(); <-ran }()
	down(s, done)
	if ev := nextEvent(t, evs, client.Lost, nil); ev.Retry != client.FirstRetry {
		t.Fatalf("lost: %+v", ev)
	}
	s, _, done = up(addr)
	defer down(s, done)
	if ev := nextEvent(t, evs, client.Back, nil); ev.State.Room != "calm" {
		t.Fatalf("back: %+v", ev)
	}
}
