// Package client joins a room of an `attune serve` from afar, the way
// `attune together` does: over SSH with the user's own keys, checking the
// server's key as ssh does, on a room channel (see serve/wire) rather than
// a screen. It keeps the server's clock offset, so that the room's breath,
// a pure function of its start and the clock, is drawn and sounded here in
// step with the server's screens; and it comes back after a lost
// connection. It draws nothing.
package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/attune-breath/attune/serve/wire"
	"github.com/attune-breath/attune/together"
)

// Defaults for Config.
const (
	DefaultServer  = "localhost:2222"
	DefaultSamples = 8
	DefaultRefresh = time.Minute
	// FirstRetry and LastRetry bound the wait between attempts to come back.
	FirstRetry = time.Second
	LastRetry  = 8 * time.Second
	timeout    = 10 * time.Second
)

// Config says where and how to join.
type Config struct {
	// Server is host[:port]; DefaultServer when empty, port 2222 when none.
	Server string
	// Room is the room to join.
	Room string
	// Pattern is the pattern of the room if this member creates it (a
	// built-in name or in-hold-out[-hold] seconds); "" for the group
	// pacer. A room that exists keeps its own.
	Pattern string
	// Identities are private key files; ~/.ssh's DefaultIdentities when nil.
	Identities []string
	// KnownHosts is the known_hosts file; ~/.ssh/known_hosts when empty.
	KnownHosts string
	// AgentSocket is the SSH agent's socket; none when empty.
	AgentSocket string
	// Ask asks the user about a host key not yet known, as ssh does, and
	// reports a yes; nil refuses unknown hosts.
	Ask func(question string) bool
	// Now is the local clock; time.Now when nil.
	Now func() time.Time
	// Samples is how many clock requests make an estimate, Refresh how
	// often a new one is made; DefaultSamples and DefaultRefresh when zero.
	Samples int
	Refresh time.Duration
}

// Client is a member of a room on a server: its clock offset and the
// connection it is on now.
type Client struct {
	cfg    Config
	offset atomic.Int64 // the server's clock minus ours, ns
	rtt    atomic.Int64 // the estimate's round trip, ns
	mu     sync.Mutex
	conn   *Conn
	book   *together.Book
}

// New makes a client for cfg.
func New(cfg Config) *Client {
	if cfg.Server == "" {
		cfg.Server = DefaultServer
	}
	if _, _, err := net.SplitHostPort(cfg.Server); err != nil {
		cfg.Server = net.JoinHostPort(cfg.Server, "2222")
	}
	if cfg.Identities == nil {
		for _, id := range DefaultIdentities {
			if p := homeSSH(id); p != "" {
				cfg.Identities = append(cfg.Identities, p)
			}
		}
	}
	if cfg.KnownHosts == "" {
		cfg.KnownHosts = homeSSH("known_hosts")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Samples <= 0 {
		cfg.Samples = DefaultSamples
	}
	if cfg.Refresh <= 0 {
		cfg.Refresh = DefaultRefresh
	}
	return &Client{cfg: cfg, book: together.NewBook()}
}

// Book is the cycles the room's decider published, as heard on every
// connection so far: the guide of the member's session in a room without
// a pattern (its State's Room with this Book builds it).
func (c *Client) Book() *together.Book { return c.book }

// Server is the address joined.
func (c *Client) Server() string { return c.cfg.Server }

// Offset is how far the server's clock is ahead of the local one, by the
// latest estimate, and that estimate's round trip.
func (c *Client) Offset() (offset, rtt time.Duration) {
	return time.Duration(c.offset.Load()), time.Duration(c.rtt.Load())
}

// Now is the server's clock now, as well as it is known here.
func (c *Client) Now() time.Time {
	return c.cfg.Now().Add(time.Duration(c.offset.Load()))
}

// Tap tells the room of the member's in-breath, on the connection there
// is now; without one it is lost. It does not wait for the network.
func (c *Client) Tap() {
	c.mu.Lock()
	conn := c.conn
	c.mu.Unlock()
	if conn != nil {
		go func() { _ = conn.send(wire.Message{Kind: wire.Tap}) }()
	}
}

// Conn is one connection to the server's room channel.
type Conn struct {
	ssh   *gossh.Client
	sess  *gossh.Session
	in    io.WriteCloser
	wmu   sync.Mutex
	msgs  chan wire.Message // state and taps, in order
	pongs chan pongAt
	done  chan struct{} // closed when the server's lines end
	err   error         // why, once done is closed
	state wire.Message  // the room's state when joined
}

// pongAt is a clock answer and when it came.
type pongAt struct {
	m  wire.Message
	at time.Time
}

// State is the room's state as the server said when the connection began.
func (k *Conn) State() wire.Message { return k.state }

// Close ends the connection.
func (k *Conn) Close() error {
	_ = k.in.Close()
	_ = k.sess.Close()
	return k.ssh.Close()
}

func (k *Conn) send(m wire.Message) error {
	k.wmu.Lock()
	defer k.wmu.Unlock()
	_, err := k.in.Write(wire.Encode(m))
	return err
}

// Dial connects to the server, opens the room channel, estimates the
// clock offset and waits for the room's state.
func (c *Client) Dial(ctx context.Context) (*Conn, error) {
	methods, done := auth(c.cfg.AgentSocket, c.cfg.Identities)
	defer done()
	cfg := &gossh.ClientConfig{User: c.cfg.Room, Auth: methods, Timeout: timeout,
		HostKeyCallback: hostKeys(c.cfg.KnownHosts, c.cfg.Ask)}
	d := net.Dialer{Timeout: timeout}
	nc, err := d.DialContext(ctx, "tcp", c.cfg.Server)
	if err != nil {
		return nil, fmt.Errorf("reaching %s: %w", c.cfg.Server, err)
	}
	_ = nc.SetDeadline(time.Now().Add(timeout))
	sc, chans, reqs, err := gossh.NewClientConn(nc, c.cfg.Server, cfg)
	if err != nil {
		_ = nc.Close()
		return nil, fmt.Errorf("connecting to %s: %w", c.cfg.Server, err)
	}
	_ = nc.SetDeadline(time.Time{})
	k, err := c.open(gossh.NewClient(sc, chans, reqs))
	if err != nil {
		return nil, err
	}
	if err := c.start(ctx, k); err != nil {
		_ = k.Close()
		return nil, err
	}
	return k, nil
}

// open starts the room channel on client sc and its reader.
func (c *Client) open(sc *gossh.Client) (*Conn, error) {
	fail := func(err error) (*Conn, error) {
		_ = sc.Close()
		return nil, fmt.Errorf("opening room %s on %s: %w", c.cfg.Room, c.cfg.Server, err)
	}
	sess, err := sc.NewSession()
	if err != nil {
		return fail(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		return fail(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		return fail(err)
	}
	errs := &limited{n: 512}
	sess.Stderr = errs
	command := wire.Command + " " + c.cfg.Room
	if c.cfg.Pattern != "" {
		command += " " + c.cfg.Pattern
	}
	if err := sess.Start(command); err != nil {
		return fail(err)
	}
	k := &Conn{ssh: sc, sess: sess, in: in, msgs: make(chan wire.Message, 64), pongs: make(chan pongAt, 16), done: make(chan struct{})}
	go c.read(k, out, errs)
	return k, nil
}

// read reads the server's lines into k's channels until they end.
func (c *Client) read(k *Conn, out io.Reader, errs *limited) {
	r := wire.NewReader(out)
	for {
		m, err := r.Next()
		if errors.Is(err, wire.ErrBadLine) {
			continue
		}
		if err != nil {
			k.err = errors.New("the server closed the room")
			if said := errs.String(); said != "" {
				k.err = errors.New(said)
			}
			close(k.done)
			return
		}
		switch m.Kind {
		case wire.Pong:
			select {
			case k.pongs <- pongAt{m, c.cfg.Now()}:
			default:
			}
		case wire.Cycle:
			c.book.Add(m.Cycle)
		case wire.State, wire.Tapped:
			select {
			case k.msgs <- m:
			default: // a client that does not keep up loses news
			}
		}
	}
}

// start estimates the clock offset on a new connection and waits for the
// room's state.
func (c *Client) start(ctx context.Context, k *Conn) error {
	if err := c.sync(ctx, k); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		select {
		case m := <-k.msgs:
			if m.Kind == wire.State {
				k.state = m
				return nil
			}
		case <-k.done:
			return k.err
		case <-ctx.Done():
			return fmt.Errorf("waiting for room %s on %s: %w", c.cfg.Room, c.cfg.Server, ctx.Err())
		}
	}
}

// sync asks the server's clock Samples times, one at a time, and takes the
// estimate of the shortest round trip.
func (c *Client) sync(ctx context.Context, k *Conn) error {
	var samples []Sample
	for range c.cfg.Samples {
		sent := c.cfg.Now()
		if err := k.send(wire.Message{Kind: wire.Ping, Ping: sent.UnixNano()}); err != nil {
			return fmt.Errorf("asking the server's clock: %w", err)
		}
		if s, ok := c.answer(ctx, k, sent); ok {
			samples = append(samples, s)
		}
	}
	off, rtt, ok := Estimate(samples)
	if !ok {
		return errors.New("the server did not tell its clock")
	}
	c.offset.Store(int64(off))
	c.rtt.Store(int64(rtt))
	return nil
}

// answer waits for the answer to the request sent at sent.
func (c *Client) answer(ctx context.Context, k *Conn, sent time.Time) (Sample, bool) {
	t := time.NewTimer(2 * time.Second)
	defer t.Stop()
	for {
		select {
		case p := <-k.pongs:
			if p.m.Ping != sent.UnixNano() {
				continue // a late answer to an earlier request
			}
			return Sample{Sent: sent, Received: p.at, Server: time.Unix(0, p.m.Server)}, true
		case <-t.C:
			return Sample{}, false
		case <-k.done:
			return Sample{}, false
		case <-ctx.Done():
			return Sample{}, false
		}
	}
}

// limited keeps the first n bytes written to it.
type limited struct {
	mu sync.Mutex
	n  int
	b  []byte
}

func (l *limited) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if room := l.n - len(l.b); room > 0 {
		l.b = append(l.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// String is what was kept, as one printable line.
func (l *limited) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]rune, 0, len(l.b))
	for _, r := range string(l.b) {
		if r >= ' ' && r != 0x7f {
			out = append(out, r)
		}
	}
	return string(out)
}
