package serve

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"charm.land/ssh"
	"golang.org/x/time/rate"

	"github.com/attune-breath/attune/serve/wire"
	"github.com/attune-breath/attune/together"
)

// pingRate is how many clock requests a room channel answers a second,
// after a burst of pingBurst; more are dropped.
const (
	pingRate  = 20
	pingBurst = 20
)

// roomChannel takes a session with no terminal whose command is exactly
// "attune-room ROOM [pattern]" (`attune together`): the room's state,
// cycles and taps as lines of wire's protocol, and clock requests
// answered. Every other session goes on to the screen's rules.
func (s *Server) roomChannel(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		words := sess.Command()
		if _, _, pty := sess.Pty(); pty || len(words) == 0 || words[0] != wire.Command {
			next(sess)
			return
		}
		if len(words) < 2 || len(words) > 3 {
			refuse(sess, 2, "attune: a room channel takes one room and, optionally, a pattern: "+wire.Command+" ROOM [pattern]")
			return
		}
		if err := checkRoom(words[1]); err != nil {
			refuse(sess, 2, "attune: "+err.Error())
			return
		}
		pattern := ""
		if len(words) == 3 {
			p, err := checkPattern(words[2])
			if err != nil {
				refuse(sess, 2, "attune: "+err.Error())
				return
			}
			pattern = p
		}
		s.feed(sess, words[1], pattern)
	}
}

// lines writes a channel's lines one at a time.
type lines struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lines) send(m wire.Message) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err := l.w.Write(wire.Encode(m))
	return err
}

// feed is a room channel's life: join, the room's news out and the
// member's taps and clock requests in, until either side ends, then leave.
func (s *Server) feed(sess ssh.Session, room, pattern string) {
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	mem, name, err := joinAs(ctx, s.rooms, room, Name(identity(sess)), pattern)
	if err != nil {
		s.log.Error("joining a room", "room", room, "err", err)
		refuse(sess, 1, "attune: the room cannot be joined just now; try again soon.")
		return
	}
	defer func() {
		if err := mem.Leave(); err != nil {
			s.log.Warn("leaving a room", "room", room, "err", err)
		}
	}()
	stop := s.trackFeed(cancel)
	defer stop()
	out := stallGuard(sess, s.cfg.Stall, func() { closeConn(sess) })
	defer out.stop()
	w := &lines{w: out}
	st := mem.Room()
	state := func(present int) error {
		return w.send(wire.Message{Kind: wire.State, Room: st.Name, Start: st.Start, Pattern: st.Pattern, Present: present, You: name})
	}
	// The cycles already decided, then the state: the client's breath is
	// whole from its first frame.
	from, ok := sendCycles(st.Book, 0, w)
	if !ok || state(mem.Present()) != nil {
		return
	}
	var wg sync.WaitGroup
	if st.Book != nil {
		wg.Go(func() { defer cancel(); relayCycles(ctx, st.Book, from, w) })
	}
	wg.Go(func() { defer cancel(); tell(ctx, mem.Events(), w, state) })
	wg.Go(func() { defer cancel(); hear(sess, mem, w) })
	<-ctx.Done()
	_ = sess.Exit(0)
	_ = sess.Close()
	wg.Wait()
}

// sendCycles writes the cycles of b (nil for a room with a pattern) that
// begin at from or later; it reports where the next begin, and whether the
// writes went.
func sendCycles(b *together.Book, from time.Duration, w *lines) (time.Duration, bool) {
	if b == nil {
		return from, true
	}
	for _, c := range b.Since(from) {
		if w.send(wire.Message{Kind: wire.Cycle, Cycle: c}) != nil {
			return from, false
		}
		from = c.Start + 1
	}
	return from, true
}

// relayCycles writes each cycle the room's decider publishes, as the book
// hears of it, until ctx ends or a write fails.
func relayCycles(ctx context.Context, b *together.Book, from time.Duration, w *lines) {
	for {
		changed := b.Changed()
		var ok bool
		if from, ok = sendCycles(b, from, w); !ok {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-changed:
		}
	}
}

// tell writes the member's room events to the channel until ctx ends, the
// events close or a write fails.
func tell(ctx context.Context, events <-chan together.Event, w *lines, state func(int) error) {
	for {
		var ev together.Event
		var ok bool
		select {
		case <-ctx.Done():
			return
		case ev, ok = <-events:
			if !ok {
				return
			}
		}
		var err error
		switch ev.Kind {
		case together.Presence:
			err = state(ev.Present)
		case together.Tapped:
			if memberName.MatchString(ev.Name) {
				err = w.send(wire.Message{Kind: wire.Tapped, Name: ev.Name, At: ev.At})
			}
		}
		if err != nil {
			return
		}
	}
}

// hear reads the client's lines until it stops: taps tap the room as the
// member, clock requests are answered (a few a second), anything else is
// ignored.
func hear(r io.Reader, mem Member, w *lines) {
	pings := rate.NewLimiter(pingRate, pingBurst)
	in := wire.NewReader(r)
	for {
		m, err := in.Next()
		if errors.Is(err, wire.ErrBadLine) {
			continue
		}
		if err != nil {
			return
		}
		switch m.Kind {
		case wire.Ping:
			if !pings.Allow() {
				continue
			}
			if w.send(wire.Message{Kind: wire.Pong, Ping: m.Ping, Server: time.Now().UnixNano()}) != nil {
				return
			}
		case wire.Tap:
			_ = mem.Tap(time.Now())
		}
	}
}
