// Package serve is attune's SSH front: `ssh -p 2222 ROOM@host` gives each
// session attune's breathing screen for its room, drawn by tui from the
// room's shared session, with who is breathing there. It holds no room
// logic (together does) and draws nothing but through tui. The server runs
// nothing else: no shell, no commands but a room's name and pattern, no
// port, X11 or agent forwarding.
package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	"github.com/attune-breath/attune/tui"
)

// Config is how a server runs.
type Config struct {
	// Listen is the address to listen on, such as ":2222".
	Listen string
	// HostKey is the server's private key, PEM (see HostKey).
	HostKey []byte
	// MaxSessions is the most sessions at once; more get one line and go.
	MaxSessions int
	// Idle is how long a member may go without a key before a goodbye;
	// Limit is the longest a session lasts. Zero for no limit.
	Idle, Limit time.Duration
	// Stall is how long one write to a client may wait before the client,
	// having stopped reading, is let go; DefaultStall when zero.
	Stall time.Duration
	// PerIP is how often one address may start a session (at once, Burst
	// sessions); DefaultPerIP when zero.
	PerIP rate.Limit
	Burst int
	// Log receives the server's log; slog.Default() when nil.
	Log *slog.Logger
	// Login reports whether an SSH user name is a login on this machine:
	// ssh sends the local login name when the user names none, so a
	// session from such a name with no room after the host joins
	// DefaultRoom. IsLocalLogin when nil.
	Login func(user string) bool
}

// Defaults for Config.
const (
	DefaultMaxSessions = 256
	DefaultIdle        = 30 * time.Minute
	DefaultLimit       = 4 * time.Hour
	DefaultStall       = 30 * time.Second
	DefaultPerIP       = rate.Limit(1.0 / 3) // a session every 3 s, after a burst
	DefaultBurst       = 10
	handshake          = 30 * time.Second
)

// Server is an SSH server where each session breathes in a room.
type Server struct {
	cfg   Config
	rooms Rooms
	log   *slog.Logger
	ssh   *ssh.Server
	count atomic.Int64
	mu    sync.Mutex
	progs map[*tea.Program]struct{}
	feeds map[*context.CancelFunc]struct{}
}

// New makes a server for rooms.
func New(cfg Config, rooms Rooms) (*Server, error) {
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.Login == nil {
		cfg.Login = IsLocalLogin
	}
	if cfg.Stall <= 0 {
		cfg.Stall = DefaultStall
	}
	if cfg.PerIP <= 0 {
		cfg.PerIP, cfg.Burst = DefaultPerIP, DefaultBurst
	}
	s := &Server{cfg: cfg, rooms: rooms, log: cfg.Log, progs: map[*tea.Program]struct{}{}, feeds: map[*context.CancelFunc]struct{}{}}
	if s.log == nil {
		s.log = slog.Default()
	}
	srv, err := wish.NewServer(
		wish.WithAddress(cfg.Listen),
		wish.WithHostKeyPEM(cfg.HostKey),
		wish.WithVersion("attune"),
		// Anyone may breathe: a key, when given, only names the member.
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }),
		wish.WithMiddleware(
			func(ssh.Handler) ssh.Handler { return s.breathe },
			terminal,
			s.target,
			s.roomChannel,
			limits(newPerIP(cfg.PerIP, cfg.Burst, 10000), cfg.MaxSessions, &s.count),
			s.logged,
		),
	)
	if err != nil {
		return nil, fmt.Errorf("making the ssh server: %w", err)
	}
	srv.HandshakeTimeout = handshake
	if cfg.Limit > 0 {
		srv.MaxTimeout = cfg.Limit + time.Minute // should the screen not have ended it
	}
	// No forwarding of any kind: no handler takes direct-tcpip or
	// tcpip-forward, and no subsystem is served.
	srv.LocalPortForwardingCallback = nil
	srv.ReversePortForwardingCallback = nil
	srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
	s.ssh = srv
	return s, nil
}

// Serve serves SSH sessions on l until Shutdown or Close.
func (s *Server) Serve(l net.Listener) error {
	if err := s.ssh.Serve(l); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		return fmt.Errorf("serving ssh: %w", err)
	}
	return nil
}

// ListenAndServe listens on Config.Listen and serves until Shutdown.
func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", s.cfg.Listen, err)
	}
	return s.Serve(l)
}

// Sessions is how many sessions are open now.
func (s *Server) Sessions() int { return int(s.count.Load()) }

// Shutdown stops taking sessions, asks every screen to stop (its client
// is left with its terminal restored), and waits for them until ctx ends,
// when the rest are cut off.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	for p := range s.progs {
		go p.Send(tui.StopMsg{})
	}
	for f := range s.feeds {
		(*f)()
	}
	s.mu.Unlock()
	err := s.ssh.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return s.ssh.Close()
	}
	return err
}

// track keeps p among the running screens until the returned func.
func (s *Server) track(p *tea.Program) (untrack func()) {
	s.mu.Lock()
	s.progs[p] = struct{}{}
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		delete(s.progs, p)
		s.mu.Unlock()
	}
}

// trackFeed keeps a room channel's cancel among those Shutdown calls,
// until the returned func.
func (s *Server) trackFeed(cancel context.CancelFunc) (untrack func()) {
	s.mu.Lock()
	s.feeds[&cancel] = struct{}{}
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		delete(s.feeds, &cancel)
		s.mu.Unlock()
	}
}

// target reads where a session goes, and refuses one that names no room
// the server accepts with one line and exit status 2.
func (s *Server) target(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		words := sess.Command()
		if len(words) == 0 && sess.RawCommand() != "" {
			refuse(sess, 2, "attune: the words after the host could not be read: give a room and, optionally, a pattern (ssh -t host ROOM [pattern])")
			return
		}
		user := sess.User()
		if len(words) == 0 && s.cfg.Login(user) {
			user = "" // the name ssh sent by itself: the lobby
		}
		t, err := ParseTarget(user, words)
		if err != nil {
			refuse(sess, 2, "attune: "+err.Error())
			return
		}
		sess.Context().SetValue(targetKey{}, t)
		next(sess)
	}
}

// terminal lets on only a session with a terminal (a PTY); any other gets
// one line saying how to ask for one, and status 2.
func terminal(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, ok := sess.Pty(); ok {
			next(sess)
			return
		}
		t, _ := sess.Context().Value(targetKey{}).(Target)
		refuse(sess, 2, fmt.Sprintf("attune: the room's screen needs a terminal: add -t (ssh -t host %s), or hear it with attune together %s", t.Room, t.Room))
	}
}

// logged logs each session's start and end, quoting what the client sent.
func (s *Server) logged(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		pty, _, _ := sess.Pty()
		s.log.Info("session", "from", sess.RemoteAddr().String(), "user", sess.User(), "command", sess.RawCommand(),
			"key", sess.PublicKey() != nil, "term", pty.Term, "size", fmt.Sprintf("%dx%d", pty.Window.Width, pty.Window.Height))
		next(sess)
		s.log.Info("session ended", "from", sess.RemoteAddr().String(), "after", time.Since(start).Round(time.Second))
	}
}
