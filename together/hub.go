package together

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/attune-breath/attune/pacing"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"
)

// The NATS layout every attune server shares: two KV buckets and one
// subject per room.
const (
	// RoomsBucket holds each room's state under the room's name, as JSON
	// {"start": unix ms, "pattern": "..."}.
	RoomsBucket = "attune_rooms"
	// PresenceBucket holds a key "<room>.<member>" for each member present,
	// rewritten every few seconds and gone a few seconds after the last.
	PresenceBucket = "attune_presence"
	// CyclesBucket holds the latest decided cycles of each room without a
	// pattern under the room's name, as JSON {"start": unix ms, "cycles":
	// [...]}.
	CyclesBucket = "attune_cycles"
	// LeasesBucket holds, under a room's name, the id of the server that
	// decides the room's cycles; it lives leaseTTL unless renewed.
	LeasesBucket = "attune_leases"
	// tapSubject is where a room's taps go, with the room's name in %s.
	tapSubject = "attune.room.%s.tap"
)

// Timings of presence and room state. They are variables so that tests can
// shorten them before Open; a Hub copies them when it opens.
var (
	// heartbeatEvery is how often a member's presence is rewritten.
	heartbeatEvery = 3 * time.Second
	// presenceTTL is how long a presence key lives without a heartbeat
	// (the bucket's TTL, and the local count's too).
	presenceTTL = 10 * time.Second
	// roomTTL is how long a room's state lives without a refresh (the
	// rooms bucket's TTL).
	roomTTL = 24 * time.Hour
	// refreshEvery is how often a server with members in a room rewrites
	// the room's state, so that its age says when a member was last seen.
	refreshEvery = time.Minute
	// staleAfter is how long a room may be empty and unrefreshed before a
	// joiner begins it afresh.
	staleAfter = 3 * time.Minute
	// opTimeout bounds the NATS operations a hub does on its own.
	opTimeout = 2 * time.Second
	// openTimeout bounds opening a room here: subscribing, reading who is
	// present and the room's state.
	openTimeout = 5 * time.Second
)

// Limits on taps and events.
const (
	// tapsPerSecond is how many taps a member may send in any second.
	tapsPerSecond = 5
	// roomTapsPerSecond is how many taps a room delivers in any second,
	// whoever sent them; the rest are dropped.
	roomTapsPerSecond = 100
	// eventBuffer is the size of a member's Events channel.
	eventBuffer = 64
	// maxTapPayload is the largest tap message read.
	maxTapPayload = 256
)

// ErrClosed is returned by a Hub after Close and by a Member after Leave.
var ErrClosed = errors.New("together: closed")

// ErrNameTaken is returned by Join when the room already has a member of
// that name, on this hub or on another sharing its NATS.
var ErrNameTaken = errors.New("together: name taken in this room")

// Hub is the connection to the rooms. It keeps, per room with members in
// this process, one watcher of the room's presence, one subscription to its
// taps and one heartbeat, however many members the room has here.
type Hub struct {
	nc       *nats.Conn
	srv      *server.Server // the embedded server, or nil
	storeDir string         // the embedded server's directory, or ""
	rooms    jetstream.KeyValue
	presence jetstream.KeyValue
	cycles   jetstream.KeyValue
	leases   jetstream.KeyValue
	id       string // this hub's name as a decider

	heartbeat, presenceTTL, refresh, stale time.Duration
	leaseRenew, decideEvery, decideHorizon time.Duration
	roomTaps                               int              // taps a room delivers a second
	now                                    func() time.Time // a member's tap limit's clock

	mu     sync.Mutex
	closed bool
	joins  sync.WaitGroup // Joins under way
	live   map[string]*room
}

// Open connects to NATS (or starts the embedded server) and makes sure the
// rooms' buckets exist.
func Open(ctx context.Context, o Options) (*Hub, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h := &Hub{
		heartbeat:   heartbeatEvery,
		presenceTTL: presenceTTL,
		refresh:     refreshEvery,
		stale:       staleAfter,
		roomTaps:    roomTapsPerSecond,
		now:         time.Now,
		id:          nuid.Next(),

		leaseRenew:    leaseRenew,
		decideEvery:   decideEvery,
		decideHorizon: decideHorizon,
		live:          map[string]*room{},
	}
	opts := []nats.Option{
		nats.Name("attune"),
		// Errors such as a slow consumer are handled where they matter;
		// nothing may print to a member's terminal.
		nats.ErrorHandler(func(*nats.Conn, *nats.Subscription, error) {}),
	}
	url := o.URL
	if url == "" {
		if err := h.startServer(); err != nil {
			return nil, err
		}
		opts = append(opts, nats.InProcessServer(h.srv))
	} else {
		opts = append(opts, nats.MaxReconnects(-1), nats.ReconnectWait(time.Second))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		h.stopServer()
		if url == "" {
			return nil, fmt.Errorf("connecting to the embedded NATS server: %w", err)
		}
		return nil, fmt.Errorf("connecting to NATS at %s: %w", url, err)
	}
	h.nc = nc
	if err := h.openBuckets(ctx); err != nil {
		nc.Close()
		h.stopServer()
		return nil, err
	}
	return h, nil
}

// startServer starts the embedded NATS server: in this process only, with
// JetStream, quiet.
func (h *Hub) startServer() error {
	dir, err := os.MkdirTemp("", "attune-nats-")
	if err != nil {
		return fmt.Errorf("making the embedded NATS server's directory: %w", err)
	}
	srv, err := server.NewServer(&server.Options{
		ServerName: "attune",
		DontListen: true,
		JetStream:  true,
		StoreDir:   dir,
		NoSigs:     true,
		NoLog:      true,
	})
	if err != nil {
		os.RemoveAll(dir)
		return fmt.Errorf("starting the embedded NATS server: %w", err)
	}
	srv.Start()
	h.srv, h.storeDir = srv, dir
	if !srv.ReadyForConnections(10 * time.Second) {
		h.stopServer()
		return errors.New("starting the embedded NATS server: not ready after 10s")
	}
	return nil
}

func (h *Hub) stopServer() {
	if h.srv != nil {
		h.srv.Shutdown()
		h.srv.WaitForShutdown()
		h.srv = nil
	}
	if h.storeDir != "" {
		os.RemoveAll(h.storeDir)
		h.storeDir = ""
	}
}

// openBuckets creates the buckets, or opens them as another server made
// them.
func (h *Hub) openBuckets(ctx context.Context) error {
	js, err := jetstream.New(h.nc)
	if err != nil {
		return fmt.Errorf("opening JetStream: %w", err)
	}
	open := func(cfg jetstream.KeyValueConfig) (jetstream.KeyValue, error) {
		kv, err := js.CreateKeyValue(ctx, cfg)
		if errors.Is(err, jetstream.ErrBucketExists) {
			// Made by another server with other settings: use it as it is.
			kv, err = js.KeyValue(ctx, cfg.Bucket)
		}
		if err != nil {
			return nil, fmt.Errorf("opening the NATS bucket %s: %w", cfg.Bucket, err)
		}
		return kv, nil
	}
	h.rooms, err = open(jetstream.KeyValueConfig{
		Bucket:       RoomsBucket,
		Description:  "attune: each room's start and pattern",
		History:      1,
		TTL:          roomTTL,
		MaxValueSize: 1024,
		Storage:      jetstream.MemoryStorage,
	})
	if err != nil {
		return err
	}
	h.presence, err = open(jetstream.KeyValueConfig{
		Bucket:       PresenceBucket,
		Description:  "attune: <room>.<member> for each member present",
		History:      1,
		TTL:          h.presenceTTL,
		MaxValueSize: 256,
		Storage:      jetstream.MemoryStorage,
	})
	if err != nil {
		return err
	}
	h.cycles, err = open(jetstream.KeyValueConfig{
		Bucket:       CyclesBucket,
		Description:  "attune: the latest decided cycles of each room without a pattern",
		History:      1,
		TTL:          roomTTL,
		MaxValueSize: 16 << 10,
		Storage:      jetstream.MemoryStorage,
	})
	if err != nil {
		return err
	}
	h.leases, err = open(jetstream.KeyValueConfig{
		Bucket:       LeasesBucket,
		Description:  "attune: which server decides each room's cycles",
		History:      1,
		TTL:          leaseTTL,
		MaxValueSize: 256,
		Storage:      jetstream.MemoryStorage,
	})
	return err
}

// Close disconnects, and stops the embedded server if it started one.
// Members still in rooms leave first.
func (h *Hub) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	h.mu.Unlock()
	h.joins.Wait()

	h.mu.Lock()
	var members []*Member
	for _, r := range h.live {
		members = append(members, r.memberList()...)
	}
	h.mu.Unlock()
	for _, m := range members {
		m.Leave()
	}
	h.nc.Close()
	h.stopServer()
	return nil
}

// Join enters room as member name (generated by the caller, never typed by
// a user): the room is created with pattern if it does not exist (its
// Start a little ahead of now), presence is kept alive until Leave, and the
// member hears presence changes and others' taps on Events.
//
// Room and name take the form RoomForm; pattern is a built-in name or a
// numeric pattern, "" meaning the group pacer (see Decide), and counts
// only when the room is new: a room that exists keeps its own.
func (h *Hub) Join(ctx context.Context, room, name, pattern string) (*Member, error) {
	if err := ValidRoom(room); err != nil {
		return nil, err
	}
	if !roomName.MatchString(name) {
		return nil, fmt.Errorf("member %q not accepted: %s", name, RoomForm)
	}
	if pattern != "" {
		if _, err := pacing.ParsePattern(pattern); err != nil {
			return nil, err
		}
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil, ErrClosed
	}
	h.joins.Add(1)
	h.mu.Unlock()
	defer h.joins.Done()
	r, err := h.acquire(ctx, room, pattern)
	for tries := 1; err != nil && errors.Is(err, errOtherGaveUp) && tries < 3; tries++ {
		r, err = h.acquire(ctx, room, pattern)
	}
	if err != nil {
		return nil, err
	}
	m, err := r.join(ctx, name)
	if err != nil {
		h.release(r)
		return nil, err
	}
	return m, nil
}

// errOtherGaveUp is a room's opening failing because the joiner opening it
// gave up; another joiner tries again.
var errOtherGaveUp = errors.New("the joiner opening the room gave up")

// acquire is room as served here, opened by this joiner (with pattern for
// a new room) or by another, with a reference held.
func (h *Hub) acquire(ctx context.Context, room, pattern string) (*room, error) {
	h.mu.Lock()
	r := h.live[room]
	first := r == nil
	if first {
		r = newRoom(h, room)
		h.live[room] = r
	}
	r.refs++
	h.mu.Unlock()

	if first {
		r.err = r.open(ctx, pattern)
		if r.err != nil {
			h.mu.Lock()
			if h.live[room] == r {
				delete(h.live, room)
			}
			h.mu.Unlock()
		}
		close(r.ready)
	} else {
		select {
		case <-r.ready:
		case <-ctx.Done():
			h.release(r)
			return nil, ctx.Err()
		}
	}
	if r.err != nil {
		h.release(r)
		if !first && ctx.Err() == nil && r.opener.Err() != nil {
			return nil, errOtherGaveUp
		}
		return nil, r.err
	}
	return r, nil
}

// release drops a reference to r, and stops r when it was the last.
func (h *Hub) release(r *room) {
	h.mu.Lock()
	r.refs--
	last := r.refs == 0
	if last && h.live[r.name] == r {
		delete(h.live, r.name)
	}
	h.mu.Unlock()
	if last {
		r.stop()
	}
}
