package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/attune-breath/attune/internal/e2e"
	"github.com/attune-breath/attune/together"
)

// startNATS runs a NATS server with JetStream on a free loopback port, as a
// cluster of attune servers would share, and returns its URL.
func startNATS(t *testing.T) string {
	t.Helper()
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoSigs: true, NoLog: true})
	if err != nil {
		t.Fatal(err)
	}
	srv.Start()
	t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("the NATS server is not ready")
	}
	return srv.ClientURL()
}

// decider is the id of the server deciding room, or "".
func decider(t *testing.T, kv jetstream.KeyValue, room string) string {
	t.Helper()
	e, err := kv.Get(context.Background(), room)
	if err != nil {
		return ""
	}
	return string(e.Value())
}

// TestE2EGroupRoomOnTwoServers runs two `attune serve` on one NATS and a
// room without a pattern: an OpenSSH client on each server, both showing
// the same phase once the room has met them; a tap on one server marked on
// the other's screen; then the deciding server is killed outright, another
// takes the room's lease, and the breath goes on: the remaining screen
// keeps breathing and a newcomer on the remaining server shows its phase.
func TestE2EGroupRoomOnTwoServers(t *testing.T) {
	e2e.Need(t, "ssh")
	e2e.Need(t, "ssh-keygen")
	url := startNATS(t)
	port1, srv1 := startServeWith(t, "--nats", url)
	port2, _ := startServeWith(t, "--nats", url)
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)

	ssh := func(port string) *e2e.Tmux {
		return e2e.StartTmux(t, 80, 24, nil, strings.Join(sshCmd(t, port, "-t", "together@127.0.0.1"), " "))
	}
	a := ssh(port1)
	a.WaitText(15*time.Second, "together · 1 breathing here")
	var leases jetstream.KeyValue
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if leases == nil {
			leases, _ = js.KeyValue(context.Background(), together.LeasesBucket)
		}
		if leases != nil && decider(t, leases, "together") != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("nobody decides the room")
		}
	}
	first := decider(t, leases, "together")
	b := ssh(port2)
	b.WaitText(15*time.Second, "together · 2 breathing here")
	a.WaitText(5*time.Second, "together · 2 breathing here")
	samePhase(t, a, b)

	b.Keys("Space")
	a.WaitFor(time.Second, "b's tap, across servers, marked on a's screen", func(s string) bool { return strings.Contains(s, "◦ ") })

	// The deciding server dies without a word.
	if err := srv1.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if d := decider(t, leases, "together"); d != "" && d != first {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no other server took over the room within 30 s")
		}
	}
	b.WaitText(15*time.Second, "together · 1 breathing here")
	// The breath goes on: b passes from one phase to the next, and a
	// newcomer shows the same phase.
	was := word(b.Capture())
	b.WaitFor(15*time.Second, "the breath going on after the takeover", func(s string) bool { w := word(s); return w != "" && w != was })
	c := ssh(port2)
	c.WaitText(15*time.Second, "together · 2 breathing here")
	samePhase(t, b, c)
}
