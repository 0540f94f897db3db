package together

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/attune-breath/attune/pacing"
	"github.com/nats-io/nats.go/jetstream"
)

// A room without a pattern breathes what its decider decides: exactly one
// server (the holder of the room's lease in LeasesBucket) decides the
// room's next cycles with pacing.Group from every member's taps, and
// publishes them in CyclesBucket at least PublishAhead before they begin;
// every server watches that key and hands the cycles to its members'
// sessions through the room's Book. A cycle that was not published in
// time is the last one again (pacing.Repeat), for members and the next
// decider alike, so a decider that goes away costs the room nothing but a
// few repeated breaths.

// PublishAhead is the least time before a cycle begins that its decider
// publishes it; a cycle it could only publish later is the last one
// again.
const PublishAhead = 1500 * time.Millisecond

// Timings of the decider. They are variables so that tests can shorten
// them before Open.
var (
	// leaseTTL is how long a decider's lease lives without renewal (the
	// leases bucket's TTL): another server takes over within about this.
	leaseTTL = 4 * time.Second
	// leaseRenew is how often the decider renews its lease.
	leaseRenew = time.Second
	// decideEvery is how often a server looks at its rooms' leases and,
	// when it decides, at their cycles.
	decideEvery = 250 * time.Millisecond
	// decideHorizon is how far ahead of now the decider keeps cycles
	// decided: a little over PublishAhead, so that each is decided from
	// the taps up to as late as it may be.
	decideHorizon = 2500 * time.Millisecond
)

// Limits on what the decider keeps.
const (
	// storedKeep is how many of a room's latest cycles are stored.
	storedKeep = 24
	// tapsKept is how many of a member's latest taps the decider keeps,
	// and tapsFor how far back.
	tapsKept = 48
	tapsFor  = 3 * time.Minute
	// tappersKept is how many members' taps a room keeps at most.
	tappersKept = 512
)

// taps is what a room's members tapped, by name, in room time.
type taps struct {
	mu sync.Mutex
	by map[string][]time.Duration
}

// add records a tap at room time t by name, and forgets old ones.
func (ts *taps) add(name string, t time.Duration) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.by == nil {
		ts.by = map[string][]time.Duration{}
	}
	old, known := ts.by[name]
	if !known && len(ts.by) >= tappersKept {
		return
	}
	i, _ := slices.BinarySearch(old, t)
	ons := slices.Insert(old, i, t)
	for len(ons) > 0 && (len(ons) > tapsKept || t-ons[0] > tapsFor) {
		ons = ons[1:]
	}
	ts.by[name] = ons
}

// members is every member's taps, in the order of their names.
func (ts *taps) members() [][]time.Duration {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	names := make([]string, 0, len(ts.by))
	for n := range ts.by {
		names = append(names, n)
	}
	slices.Sort(names)
	out := make([][]time.Duration, len(names))
	for i, n := range names {
		out[i] = slices.Clone(ts.by[n])
	}
	return out
}

// openCycles reads the room's decided cycles into its book and keeps
// watching them; r.ctx ends the watch.
func (r *room) openCycles() error {
	w, err := r.hub.cycles.Watch(r.ctx, r.name)
	if err != nil {
		return err
	}
	for {
		select {
		case e, ok := <-w.Updates():
			if !ok {
				w.Stop()
				return errors.New("the watch ended")
			}
			if e == nil {
				r.cycleWatch = w
				return nil
			}
			r.heard(e)
		case <-r.ctx.Done():
			w.Stop()
			return r.ctx.Err()
		}
	}
}

// heard hands the cycles of a stored entry to the book.
func (r *room) heard(e jetstream.KeyValueEntry) {
	if e.Operation() == jetstream.KeyValuePut {
		r.book.Add(readCycles(e.Value(), r.state.Start)...)
	}
}

// watchCycles hands every newly stored cycle to the book.
func (r *room) watchCycles() {
	defer r.wg.Done()
	for {
		select {
		case e, ok := <-r.cycleWatch.Updates():
			if !ok {
				return
			}
			if e != nil {
				r.heard(e)
			}
		case <-r.ctx.Done():
			return
		}
	}
}

// decide holds the room's lease when nobody else does and, while it holds
// it, keeps the room's cycles decided decideHorizon ahead. On leaving it
// gives the lease up, so that another server takes over at once.
func (r *room) decide() {
	defer r.wg.Done()
	tick := time.NewTicker(r.hub.decideEvery)
	defer tick.Stop()
	var l lease
	for {
		select {
		case <-r.ctx.Done():
			if l.held {
				ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
				r.hub.leases.Delete(ctx, r.name, jetstream.LastRevision(l.rev))
				cancel()
			}
			return
		case now := <-tick.C:
			r.lease(&l, now)
			if l.held {
				r.decideAhead(now)
			}
		}
	}
}

// lease is a server's hold on a room's lease.
type lease struct {
	held    bool
	rev     uint64
	renewed time.Time
}

// lease takes the room's lease when it is free, and renews it when held.
func (r *room) lease(l *lease, now time.Time) {
	ctx, cancel := context.WithTimeout(r.ctx, opTimeout)
	defer cancel()
	switch {
	case l.held && now.Sub(l.renewed) >= r.hub.leaseRenew:
		rev, err := r.hub.leases.Update(ctx, r.name, []byte(r.hub.id), l.rev)
		if err != nil {
			l.held = false
			return
		}
		l.rev, l.renewed = rev, now
	case !l.held:
		rev, err := r.hub.leases.Create(ctx, r.name, []byte(r.hub.id))
		if err != nil {
			return
		}
		*l = lease{held: true, rev: rev, renewed: now}
	}
}

// decideAhead decides the room's cycles until they reach decideHorizon
// past now, and stores them (compare-and-set, so that a decider that lost
// its lease without knowing cannot overwrite its successor's).
func (r *room) decideAhead(now time.Time) {
	ctx, cancel := context.WithTimeout(r.ctx, opTimeout)
	defer cancel()
	var cs []pacing.Cycle
	var rev uint64
	e, err := r.hub.cycles.Get(ctx, r.name)
	switch {
	case err == nil:
		cs, rev = readCycles(e.Value(), r.state.Start), e.Revision()
	case !errors.Is(err, jetstream.ErrKeyNotFound):
		return
	}
	t := now.Sub(r.state.Start)
	n := len(cs)
	cs = Decide(r.pacer, cs, r.taps.members(), t, r.hub.decideHorizon)
	if len(cs) == n {
		return
	}
	cs = cs[max(len(cs)-storedKeep, 0):]
	b := storedCycles(r.state.Start, cs)
	if rev == 0 {
		_, err = r.hub.cycles.Create(ctx, r.name, b)
	} else {
		_, err = r.hub.cycles.Update(ctx, r.name, b, rev)
	}
	if err == nil {
		r.book.Add(cs...)
	}
}

// Decide extends a room's decided cycles (oldest first) until they reach
// horizon past room time now: each next cycle decided by g from the
// members' taps, or, when it begins sooner than PublishAhead from now
// (too late for every member to hear of it), the last cycle again. A room
// with no cycles begins with g's first, whenever now is.
func Decide(g pacing.Group, cs []pacing.Cycle, members [][]time.Duration, now, horizon time.Duration) []pacing.Cycle {
	if len(cs) == 0 {
		cs = append(cs, g.Next(0, nil, nil))
	}
	for {
		last := cs[len(cs)-1]
		start := last.End()
		if start >= now+horizon {
			return cs
		}
		if start-now < PublishAhead {
			cs = append(cs, pacing.Repeat(last, start))
		} else {
			cs = append(cs, g.Next(start, cs, members))
		}
	}
}
