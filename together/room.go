package together

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/attune-breath/attune/pacing"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// room is a room as this process keeps it while it has members here: the
// room's state, one presence watcher, one tap subscription and the two
// goroutines that serve all its members.
type room struct {
	hub     *Hub
	name    string
	subject string

	refs   int             // under hub.mu
	ready  chan struct{}   // closed when open has finished
	err    error           // open's error, set before ready closes
	opener context.Context // the context of the join that opened it

	state      Room
	stored     []byte // the state as stored
	pacer      pacing.Group
	book       *Book // the decided cycles, for a room without a pattern
	taps       taps  // its members' taps, for the decider
	cycleWatch jetstream.KeyWatcher
	present    atomic.Int64

	ctx     context.Context
	cancel  context.CancelFunc
	watcher jetstream.KeyWatcher
	sub     *nats.Subscription
	tapCh   chan *nats.Msg
	wg      sync.WaitGroup

	mu      sync.Mutex
	members map[string]*Member
	seen    map[string]seenKey // presence keys counted
	gone    map[string]bool    // keys of members that left here, until their delete is seen
}

// seenKey is when a presence key was last written, and its revision.
type seenKey struct {
	at  time.Time
	rev uint64
}

func newRoom(h *Hub, name string) *room {
	ctx, cancel := context.WithCancel(context.Background())
	return &room{
		hub:     h,
		name:    name,
		subject: fmt.Sprintf(tapSubject, name),
		ready:   make(chan struct{}),
		ctx:     ctx,
		cancel:  cancel,
		members: map[string]*Member{},
		seen:    map[string]seenKey{},
		gone:    map[string]bool{},
	}
}

// stateJSON is a room's state as stored in RoomsBucket.
type stateJSON struct {
	Start   int64  `json:"start"` // unix ms
	Pattern string `json:"pattern"`
}

// open subscribes to the room's taps, reads who is present, and reads the
// room's state or creates it with pattern; then starts serving.
func (r *room) open(ctx context.Context, pattern string) error {
	r.opener = ctx
	fail := func(err error) error {
		r.cancel()
		if r.sub != nil {
			r.sub.Unsubscribe()
		}
		if r.watcher != nil {
			r.watcher.Stop()
		}
		if r.cycleWatch != nil {
			r.cycleWatch.Stop()
		}
		return err
	}
	// The watcher lives as long as the room (its subscription ends with
	// the context it was made with), so it gets the room's context, ended
	// early only if the joiner gives up or the server does not answer.
	stopJoin := context.AfterFunc(ctx, r.cancel)
	timer := time.AfterFunc(openTimeout, r.cancel)
	defer stopJoin()
	defer timer.Stop()

	r.tapCh = make(chan *nats.Msg, 256)
	sub, err := r.hub.nc.ChanSubscribe(r.subject, r.tapCh)
	if err != nil {
		return fail(fmt.Errorf("hearing room %s's taps: %w", r.name, err))
	}
	r.sub = sub
	w, err := r.hub.presence.Watch(r.ctx, r.name+".*", jetstream.MetaOnly())
	if err != nil {
		return fail(fmt.Errorf("watching who is in room %s: %w", r.name, err))
	}
	r.watcher = w
	// The present, until the marker that says they have all been told.
	for initial := true; initial; {
		select {
		case e, ok := <-w.Updates():
			if !ok {
				return fail(fmt.Errorf("watching who is in room %s: the watch ended", r.name))
			}
			if e == nil {
				initial = false
			} else {
				r.note(e, time.Now())
			}
		case <-r.ctx.Done():
			return fail(fmt.Errorf("watching who is in room %s: %w", r.name, timeoutOr(ctx)))
		}
	}
	if err := r.loadState(ctx, pattern); err != nil {
		return fail(err)
	}
	if r.state.Pattern == "" {
		r.pacer = pacing.Group{Ahead: r.hub.decideHorizon}
		r.book = NewBook()
		r.state.Book = r.book
		if err := r.openCycles(); err != nil {
			return fail(fmt.Errorf("reading room %s's breath: %w", r.name, timeoutOr(ctx)))
		}
	}
	// From here on only stop ends the room.
	if !stopJoin() || !timer.Stop() || r.ctx.Err() != nil {
		return fail(fmt.Errorf("opening room %s: %w", r.name, timeoutOr(ctx)))
	}
	r.present.Store(int64(len(r.seen)))
	r.wg.Add(2)
	go r.listen()
	go r.beat()
	if r.book != nil {
		r.wg.Add(2)
		go r.watchCycles()
		go r.decide()
	}
	return nil
}

// timeoutOr is ctx's error, or a timeout when ctx is still live (the room
// gave up on the server).
func timeoutOr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return context.DeadlineExceeded
}

// loadState reads the room's state, creating it when it is absent, spoilt,
// or stale: nobody present and not refreshed for staleAfter. Creating is a
// compare-and-set, so servers joining at once agree on one state.
func (r *room) loadState(ctx context.Context, pattern string) error {
	kv := r.hub.rooms
	for range 5 {
		e, err := kv.Get(ctx, r.name)
		if err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
			return fmt.Errorf("reading room %s: %w", r.name, err)
		}
		if e != nil {
			st, ok := r.decode(e.Value())
			fresh := len(r.seen) > 0 || time.Since(e.Created()) < r.hub.stale
			if ok && fresh {
				r.state, r.stored = st, e.Value()
				return nil
			}
		}
		st, b := newState(r.name, pattern, time.Now())
		if e == nil {
			_, err = kv.Create(ctx, r.name, b)
		} else {
			_, err = kv.Update(ctx, r.name, b, e.Revision())
		}
		if err == nil {
			r.state, r.stored = st, b
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("creating room %s: %w", r.name, err)
		}
		// Another server wrote it first: read theirs.
	}
	return fmt.Errorf("creating room %s: the state keeps changing", r.name)
}

// newState is a new room's state: its breath starts on the second after
// the next whole second from now, so members that join now start together.
func newState(name, pattern string, now time.Time) (Room, []byte) {
	start := now.Truncate(time.Second)
	if start.Before(now) {
		start = start.Add(time.Second)
	}
	start = start.Add(time.Second)
	pattern = strings.TrimSpace(pattern)
	b, _ := json.Marshal(stateJSON{Start: start.UnixMilli(), Pattern: pattern})
	return Room{Name: name, Start: time.UnixMilli(start.UnixMilli()), Pattern: pattern}, b
}

// decode reads a stored state, which another server wrote: a start that is
// not a plausible instant spoils it; a pattern this server cannot read
// leaves the room to the group pacer.
func (r *room) decode(b []byte) (Room, bool) {
	var s stateJSON
	if err := json.Unmarshal(b, &s); err != nil {
		return Room{}, false
	}
	start := time.UnixMilli(s.Start)
	if start.Year() < 2020 || time.Until(start) > time.Minute {
		return Room{}, false
	}
	if s.Pattern != "" {
		if _, err := pacing.ParsePattern(s.Pattern); err != nil {
			s.Pattern = ""
		}
	}
	return Room{Name: r.name, Start: start, Pattern: s.Pattern}, true
}

// note records a presence entry; it reports whether the count may have
// changed. r.mu is held, or r is not yet serving. The watcher delivers the
// bucket in order, but may lag what this process wrote itself: entries older
// than the revision a join wrote, and puts of a key that left here (until
// the watcher brings its delete), are old news.
func (r *room) note(e jetstream.KeyValueEntry, now time.Time) bool {
	key := e.Key()
	if !strings.HasPrefix(key, r.name+".") {
		return false
	}
	had, ok := r.seen[key]
	if ok && e.Revision() <= had.rev {
		return false
	}
	switch e.Operation() {
	case jetstream.KeyValuePut:
		if r.gone[key] {
			return false
		}
		// An entry written before now was seen then (by the server's
		// clock, near enough); so a key found on joining expires in time.
		at := e.Created()
		if at.After(now) || now.Sub(at) > r.hub.presenceTTL {
			at = now
		}
		r.seen[key] = seenKey{at: at, rev: e.Revision()}
		return !ok
	default:
		delete(r.gone, key)
		delete(r.seen, key)
		return ok
	}
}

// listen serves the room: presence changes from the watcher, taps from the
// subscription, and on each heartbeat it forgets presence not rewritten
// within presenceTTL (a server that stopped without leaving) and retries
// presence events that found a member's channel full.
func (r *room) listen() {
	defer r.wg.Done()
	tick := time.NewTicker(r.hub.heartbeat)
	defer tick.Stop()
	var lim window
	lim.init(r.hub.roomTaps)
	updates := r.watcher.Updates()
	changed := false
	for {
		select {
		case <-r.ctx.Done():
			return
		case e, ok := <-updates:
			if !ok {
				updates = nil // the watcher ended; heartbeats still count
				continue
			}
			if e != nil {
				r.mu.Lock()
				changed = r.note(e, time.Now()) || changed
				r.mu.Unlock()
			}
			if changed && len(updates) == 0 {
				r.mu.Lock()
				r.recount()
				r.mu.Unlock()
				changed = false
			}
		case msg := <-r.tapCh:
			r.tapped(msg, &lim)
		case now := <-tick.C:
			r.mu.Lock()
			for key, k := range r.seen {
				if _, local := r.members[strings.TrimPrefix(key, r.name+".")]; !local && now.Sub(k.at) > r.hub.presenceTTL {
					delete(r.seen, key)
					changed = true
				}
			}
			if changed {
				r.recount()
				changed = false
			}
			for _, m := range r.members {
				m.retryPresence()
			}
			r.mu.Unlock()
		}
	}
}

// recount updates the count and tells the members when it changed,
// reporting whether it did. r.mu is held.
func (r *room) recount() bool {
	n := len(r.seen)
	if int64(n) == r.present.Swap(int64(n)) {
		return false
	}
	now := time.Now()
	for _, m := range r.members {
		m.presence(n, now)
	}
	return true
}

// tapMsg is a tap as sent on the room's subject.
type tapMsg struct {
	Name string `json:"name"`
	At   int64  `json:"at"` // unix ms
}

// tapped hands a tap from the room's subject to every member here but its
// sender. The message comes from any server: its name is cleaned and its
// time kept near now.
func (r *room) tapped(msg *nats.Msg, lim *window) {
	if len(msg.Data) > maxTapPayload {
		return
	}
	var t tapMsg
	if json.Unmarshal(msg.Data, &t) != nil {
		return
	}
	name := sanitise(t.Name)
	if name == "" {
		return
	}
	now := time.Now()
	if !lim.allow(now) {
		return
	}
	at := time.UnixMilli(t.At)
	if d := now.Sub(at); d > time.Minute || d < -time.Minute {
		at = now
	}
	if r.book != nil {
		r.taps.add(name, at.Sub(r.state.Start))
	}
	ev := Event{Kind: Tapped, Name: name, At: at}
	r.mu.Lock()
	for n, m := range r.members {
		if n != name {
			m.send(ev)
		}
	}
	r.mu.Unlock()
}

// sanitise keeps a member's name as the room form allows: a-z, 0-9 and -,
// at most 32 (upper case letters are lowered, anything else dropped).
func sanitise(s string) string {
	var b strings.Builder
	for _, c := range s {
		if b.Len() == 32 {
			break
		}
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
			b.WriteRune(c)
		case c >= 'A' && c <= 'Z':
			b.WriteRune(c - 'A' + 'a')
		}
	}
	return b.String()
}

// beat rewrites the presence of the room's members here every heartbeat,
// and the room's state every refreshEvery, so that a room in use is never
// taken for stale.
func (r *room) beat() {
	defer r.wg.Done()
	tick := time.NewTicker(r.hub.heartbeat)
	defer tick.Stop()
	refreshed := time.Now()
	for {
		select {
		case <-r.ctx.Done():
			return
		case now := <-tick.C:
			for _, m := range r.memberList() {
				m.beat(r.ctx)
				if r.ctx.Err() != nil {
					return
				}
			}
			if now.Sub(refreshed) >= r.hub.refresh {
				refreshed = now
				r.refreshState()
			}
		}
	}
}

// refreshState rewrites the room's state unchanged (compare-and-set, so a
// room begun afresh elsewhere is left as it is).
func (r *room) refreshState() {
	ctx, cancel := context.WithTimeout(r.ctx, opTimeout)
	defer cancel()
	e, err := r.hub.rooms.Get(ctx, r.name)
	if err != nil {
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			r.hub.rooms.Create(ctx, r.name, r.stored)
		}
		return
	}
	if string(e.Value()) == string(r.stored) && time.Since(e.Created()) >= r.hub.refresh/2 {
		r.hub.rooms.Update(ctx, r.name, r.stored, e.Revision())
	}
}

// memberList is the room's members here, at the moment.
func (r *room) memberList() []*Member {
	r.mu.Lock()
	defer r.mu.Unlock()
	ms := make([]*Member, 0, len(r.members))
	for _, m := range r.members {
		ms = append(ms, m)
	}
	return ms
}

// join adds member name: its presence is written, then it is counted.
func (r *room) join(ctx context.Context, name string) (*Member, error) {
	m := &Member{
		room:   r,
		name:   name,
		key:    r.name + "." + name,
		events: make(chan Event, eventBuffer),
	}
	m.taps.init(tapsPerSecond)
	r.mu.Lock()
	if _, dup := r.members[name]; dup {
		r.mu.Unlock()
		return nil, fmt.Errorf("member %s in room %s: %w", name, r.name, ErrNameTaken)
	}
	r.members[name] = m // holds the name; counted once present
	r.mu.Unlock()
	// Created, not put: a name held by a member on another server is
	// taken, as one held here is.
	rev, err := r.hub.presence.Create(ctx, m.key, presenceValue())
	if err != nil {
		r.mu.Lock()
		if r.members[name] == m {
			delete(r.members, name)
		}
		r.mu.Unlock()
		m.mu.Lock()
		m.closed = true
		close(m.events)
		m.mu.Unlock()
		if errors.Is(err, jetstream.ErrKeyExists) {
			return nil, fmt.Errorf("member %s in room %s: %w", name, r.name, ErrNameTaken)
		}
		return nil, fmt.Errorf("joining room %s: %w", r.name, err)
	}
	r.mu.Lock()
	if rev > r.seen[m.key].rev {
		r.seen[m.key] = seenKey{at: time.Now(), rev: rev}
	}
	delete(r.gone, m.key)
	if !r.recount() {
		// Counted already (the watcher was quicker): the newcomer still
		// hears the count first.
		m.presence(int(r.present.Load()), time.Now())
	}
	r.mu.Unlock()
	return m, nil
}

// presenceValue is what a presence key holds: when it was written.
func presenceValue() []byte {
	return fmt.Appendf(nil, "%d", time.Now().UnixMilli())
}

// leave removes m from the room here and the count.
func (r *room) leave(m *Member) {
	r.mu.Lock()
	if r.members[m.name] == m {
		delete(r.members, m.name)
	}
	delete(r.seen, m.key)
	r.gone[m.key] = true
	r.recount()
	r.mu.Unlock()
}

// stop ends the room's goroutines, watcher and subscription.
func (r *room) stop() {
	r.cancel()
	r.wg.Wait()
	if r.watcher != nil {
		r.watcher.Stop()
	}
	if r.cycleWatch != nil {
		r.cycleWatch.Stop()
	}
	if r.sub != nil {
		r.sub.Unsubscribe()
	}
}

// window allows at most n events in any second.
type window struct {
	times []time.Time // the last n allowed, oldest at next
	next  int
}

func (w *window) init(n int) { w.times = make([]time.Time, n) }

// allow reports whether an event at now fits, and counts it if so.
func (w *window) allow(now time.Time) bool {
	if oldest := w.times[w.next]; !oldest.IsZero() && now.Sub(oldest) < time.Second {
		return false
	}
	w.times[w.next] = now
	w.next = (w.next + 1) % len(w.times)
	return true
}
