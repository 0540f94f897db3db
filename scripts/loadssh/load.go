package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/attune-breath/attune/serve"
	"github.com/attune-breath/attune/serve/wire"
	"github.com/attune-breath/attune/together"
)

// perAddr is how many sessions dial from one loopback address: under the
// server's burst of 10.
const perAddr = 8

// burstGap is the longest pause between two reads of one frame.
const burstGap = 5 * time.Millisecond

// screen is one screen session: its connection and what it received.
type screen struct {
	room   int
	client *gossh.Client
	sess   *gossh.Session
	bytes  atomic.Int64
	ended  atomic.Bool
	mu     sync.Mutex
	frames []time.Time // the start of each frame
	said   string      // what it said on its error stream: a refusal
}

// read counts and times r's output until it ends.
func (s *screen) read(r io.Reader) {
	buf := make([]byte, 32<<10)
	var last time.Time
	for {
		n, err := r.Read(buf)
		now := time.Now()
		if n > 0 {
			s.bytes.Add(int64(n))
			s.mu.Lock()
			if now.Sub(last) > burstGap {
				s.frames = append(s.frames, now)
			}
			s.mu.Unlock()
			last = now
		}
		if err != nil {
			return
		}
	}
}

// keys gives session i's signer: a fresh key each, or keys derived from
// the seed of the key at path (made there when missing), so that a run
// with the same -key has the same members.
type keys struct{ seed []byte }

func newKeys(path string) (keys, error) {
	if path == "" {
		seed := make([]byte, ed25519.SeedSize)
		_, _ = rand.Read(seed)
		return keys{seed}, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		block, err := gossh.MarshalPrivateKey(priv, "")
		if err != nil {
			return keys{}, err
		}
		b = pem.EncodeToMemory(block)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			return keys{}, err
		}
	} else if err != nil {
		return keys{}, err
	}
	k, err := gossh.ParseRawPrivateKey(b)
	if err != nil {
		return keys{}, fmt.Errorf("reading %s: %w", path, err)
	}
	priv, ok := k.(*ed25519.PrivateKey)
	if !ok {
		return keys{}, fmt.Errorf("%s is not an ed25519 key", path)
	}
	return keys{priv.Seed()}, nil
}

// signer is the i-th key derived from the seed.
func (k keys) signer(i int) gossh.Signer {
	h := sha256.New()
	h.Write(k.seed)
	_ = binary.Write(h, binary.BigEndian, int64(i))
	s, _ := gossh.NewSignerFromKey(ed25519.NewKeyFromSeed(h.Sum(nil)))
	return s
}

// names hands out keys whose member names are not yet taken in a room: a
// room refuses a second member of the same name, and names (made from the
// key's fingerprint by serve.Name) are one of 1024.
type names struct {
	k    keys
	next int
	used map[string]bool // room/name
}

// pick is a key whose name is free in room, or an error when the room has
// all 1024.
func (n *names) pick(room int) (gossh.Signer, error) {
	for range 100000 {
		s := n.k.signer(n.next)
		n.next++
		key := roomName(room) + "/" + serve.Name(gossh.FingerprintSHA256(s.PublicKey()))
		if !n.used[key] {
			n.used[key] = true
			return s, nil
		}
	}
	return nil, fmt.Errorf("no free member name left in %s", roomName(room))
}

// dialFrom connects to addr from the loopback address of slot i.
func dialFrom(addr string, i int, user string, signer gossh.Signer) (*gossh.Client, error) {
	ip := net.IPv4(127, 0, byte(i/perAddr/250), byte(2+(i/perAddr)%250))
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}, Timeout: 10 * time.Second}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	cfg := &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, cfg)
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return gossh.NewClient(c, chans, reqs), nil
}

// openScreen opens session i's screen in room.
func openScreen(c config, signer gossh.Signer, i, room int) (*screen, error) {
	cl, err := dialFrom(c.addr, i, roomName(room), signer)
	if err != nil {
		return nil, err
	}
	s := &screen{room: room, client: cl}
	if s.sess, err = cl.NewSession(); err != nil {
		_ = cl.Close()
		return nil, err
	}
	out, _ := s.sess.StdoutPipe()
	errs, _ := s.sess.StderrPipe()
	_, _ = s.sess.StdinPipe() // open, and never written: no keys
	if c.colours != "" {
		if err := s.sess.Setenv("COLORTERM", c.colours); err != nil {
			_ = cl.Close()
			return nil, err
		}
	}
	if err := s.sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		_ = cl.Close()
		return nil, err
	}
	if err := s.sess.Shell(); err != nil {
		_ = cl.Close()
		return nil, err
	}
	go s.read(out)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(errs, 200))
		s.mu.Lock()
		s.said = string(b)
		s.mu.Unlock()
	}()
	go func() { _ = s.sess.Wait(); s.ended.Store(true) }()
	return s, nil
}

func roomName(i int) string { return fmt.Sprintf("load-%d", i+1) }

// roomState opens room's channel (as attune together does) for its start
// and pattern (making the room with c.pattern, "" for the group pacer), and
// keeps it open until closed, the cycles a group room's decider publishes
// going to the room's Book.
func roomState(c config, signer gossh.Signer, slot, room int) (together.Room, *gossh.Client, error) {
	cl, err := dialFrom(c.addr, slot, roomName(room), signer)
	if err != nil {
		return together.Room{}, nil, err
	}
	s, err := cl.NewSession()
	if err != nil {
		_ = cl.Close()
		return together.Room{}, nil, err
	}
	out, _ := s.StdoutPipe()
	_, _ = s.StdinPipe() // open: the channel ends with the client's input
	command := wire.Command + " " + roomName(room)
	if c.pattern != "" {
		command += " " + c.pattern
	}
	if err := s.Start(command); err != nil {
		_ = cl.Close()
		return together.Room{}, nil, err
	}
	r := wire.NewReader(out)
	book := together.NewBook()
	for range 100 {
		m, err := r.Next()
		if err != nil {
			_ = cl.Close()
			return together.Room{}, nil, fmt.Errorf("the room channel of %s: %w", roomName(room), err)
		}
		switch m.Kind {
		case wire.Cycle:
			book.Add(m.Cycle)
		case wire.State:
			go func() {
				for {
					m, err := r.Next()
					if err != nil && !errors.Is(err, wire.ErrBadLine) {
						return
					}
					if m.Kind == wire.Cycle {
						book.Add(m.Cycle)
					}
				}
			}()
			return together.Room{Name: m.Room, Start: m.Start, Pattern: m.Pattern, Book: book}, cl, nil
		}
	}
	_ = cl.Close()
	return together.Room{}, nil, fmt.Errorf("no state on the room channel of %s", roomName(room))
}
