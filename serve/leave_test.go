package serve

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/attune-breath/attune/together"
)

// TestVanishedClientLeaves drops a client's connection without a word: its
// screen ends with the session and the room counts one fewer at once, not
// after the idle limit.
func TestVanishedClientLeaves(t *testing.T) {
	hub, addr := hubServer(t, Config{Idle: time.Hour})
	watcher, err := hub.Join(context.Background(), "calm", "still-owl", "")
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Leave()
	c := dial(t, addr, "calm")
	_, out, _ := screenSession(t, c, "")
	waitOut(t, out, "calm · 2 breathing here", 5*time.Second)
	_ = c.Close() // the client vanishes
	deadline := time.Now().Add(15 * time.Second)
	for watcher.Present() != 1 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := watcher.Present(); n != 1 {
		t.Fatalf("%d present after the client vanished, want 1", n)
	}
}

// TestSameKeyTwice joins one room twice with one key: the second member
// takes the name with -2, and both are counted.
func TestSameKeyTwice(t *testing.T) {
	_, addr := hubServer(t, Config{})
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	conn := func() *gossh.Client {
		c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "calm", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		return c
	}
	_, first, _ := screenSession(t, conn(), "")
	waitOut(t, first, "calm · 1 breathing here", 5*time.Second)
	_, second, _ := screenSession(t, conn(), "")
	waitOut(t, second, "calm · 2 breathing here", 5*time.Second)
	name := Name(gossh.FingerprintSHA256(signer.PublicKey()))
	if !strings.Contains(second.String(), "you are "+name+"-2") {
		t.Fatalf("the second member of one key is not %s-2:\n%s", name, second.String())
	}
}

func TestJoinAsGivesUpAfterNine(t *testing.T) {
	taken := takenRooms{}
	if _, name, err := joinAs(context.Background(), taken, "calm", "quiet-heron", ""); err == nil || name != "quiet-heron-9" {
		t.Fatalf("joinAs with every name taken: %q, %v; want quiet-heron-9 and an error", name, err)
	}
}

// takenRooms has every name taken.
type takenRooms struct{}

func (takenRooms) Join(context.Context, string, string, string) (Member, error) {
	return nil, together.ErrNameTaken
}
