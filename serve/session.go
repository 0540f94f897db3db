package serve

import (
	"context"
	"io"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/attune-breath/attune/tui"
)

// targetKey holds a session's Target in its context.
type targetKey struct{}

// silence is the sound a member has over SSH: none, said once on screen.
type silence struct{}

func (silence) ToggleMute()          {}
func (silence) ToggleVoice()         {}
func (silence) AdjustVolume(float64) {}
func (silence) Status() string       { return "no sound over ssh: attune together plays it" }

// breathe is a session's life in its room: join, the screen until the
// member leaves (or is idle, or stays too long, or the client goes), then
// leave, with a goodbye line when the screen ended by itself.
func (s *Server) breathe(sess ssh.Session) {
	t, _ := sess.Context().Value(targetKey{}).(Target)
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	mem, name, err := joinAs(ctx, s.rooms, t.Room, Name(identity(sess)), t.Pattern)
	if err != nil {
		s.log.Error("joining a room", "room", t.Room, "err", err)
		refuse(sess, 1, "attune: the room cannot be joined just now; try again soon.")
		return
	}
	defer func() {
		if err := mem.Leave(); err != nil {
			s.log.Warn("leaving a room", "room", t.Room, "err", err)
		}
	}()
	room := mem.Room()
	m := tui.NewRoom(room.Session(), tui.RoomOptions{
		Options: tui.Options{Sound: silence{}},
		Room:    room.Name, Self: name, Start: room.Start, Present: mem.Present(),
		Tap:  func(at time.Time) { _ = mem.Tap(at) },
		Idle: s.cfg.Idle, Limit: stay(s.cfg.Limit, t.Length),
	})
	out := stallGuard(sess, s.cfg.Stall, func() { closeConn(sess) })
	defer out.stop()
	// The screen ends with the session: a client that vanished does not
	// leave its screen, and its place in the room, until it is idle.
	opts := append(bubbletea.MakeOptions(sess), tea.WithContext(ctx), tea.WithOutput(out), tea.WithoutSignalHandler(), tea.WithFPS(tui.MaxFPS))
	p := tea.NewProgram(m, opts...)
	stop := s.track(p)
	defer stop()
	waitRelay := relay(ctx, mem.Events(), p.Send)
	waitWindows := windows(ctx, sess, p)
	final, err := p.Run()
	p.Kill()
	cancel()
	waitRelay()
	waitWindows()
	if err != nil {
		s.log.Debug("a screen ended", "err", err)
	}
	if r, ok := final.(tui.Room); ok && r.Goodbye() != "" {
		_, _ = io.WriteString(sess, r.Goodbye()+"\r\n")
	}
}

// stay is how long a session lasts: the length the member asked for, cut
// to the server's limit (0 for either: none).
func stay(limit, asked time.Duration) time.Duration {
	if asked > 0 && (limit <= 0 || asked < limit) {
		return asked
	}
	return limit
}

// windows hands the client's window sizes to the screen until ctx ends,
// and returns a wait for its goroutine.
func windows(ctx context.Context, sess ssh.Session, p *tea.Program) (wait func()) {
	_, changes, _ := sess.Pty()
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case w, ok := <-changes:
				if !ok {
					return
				}
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	})
	return wg.Wait
}

// closeConn closes the connection a session is on: a client that stopped
// reading is let go.
func closeConn(sess ssh.Session) {
	if c, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn); ok {
		_ = c.Close()
		return
	}
	_ = sess.Close()
}

// guard is a session's output that lets the client go when one write has
// waited longer than the stall allowed (a client that stopped reading):
// its screen, and nobody else's, waits meanwhile.
type guard struct {
	w     io.Writer
	stall time.Duration
	t     *time.Timer
}

func stallGuard(w io.Writer, stall time.Duration, drop func()) *guard {
	g := &guard{w: w, stall: stall, t: time.AfterFunc(time.Hour, drop)}
	g.t.Stop()
	return g
}

// Write writes b, dropping the client if it takes too long.
func (g *guard) Write(b []byte) (int, error) {
	if g.stall > 0 {
		g.t.Reset(g.stall)
		defer g.t.Stop()
	}
	return g.w.Write(b)
}

func (g *guard) stop() { g.t.Stop() }
