package together

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// openHub opens a hub on its own embedded server, closed when the test ends.
func openHub(t testing.TB, o Options) *Hub {
	t.Helper()
	h, err := Open(context.Background(), o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

func join(t testing.TB, h *Hub, room, name string) *Member {
	t.Helper()
	m, err := h.Join(context.Background(), room, name, "")
	if err != nil {
		t.Fatalf("Join(%s, %s): %v", room, name, err)
	}
	return m
}

// next is m's next event that want accepts, skipping others.
func next(t testing.TB, m *Member, what string, want func(Event) bool) Event {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case e, ok := <-m.Events():
			if !ok {
				t.Fatalf("%s: %s: events closed", m.name, what)
			}
			if want(e) {
				return e
			}
		case <-deadline:
			t.Fatalf("%s: %s: timed out", m.name, what)
		}
	}
}

func present(t testing.TB, m *Member, n int) {
	t.Helper()
	next(t, m, fmt.Sprintf("present %d", n), func(e Event) bool { return e.Kind == Presence && e.Present == n })
}

// nextTap is m's next tap, skipping presence events.
func nextTap(t testing.TB, m *Member) Event {
	t.Helper()
	return next(t, m, "a tap", func(e Event) bool { return e.Kind == Tapped })
}

func TestMembersHearEachOther(t *testing.T) {
	h := openHub(t, Options{})
	a := join(t, h, "calm", "a")
	b := join(t, h, "calm", "b")
	c := join(t, h, "other", "c")
	d := join(t, h, "other", "d")
	present(t, a, 2)
	present(t, b, 2)
	present(t, c, 2)
	present(t, d, 2)
	if a.Present() != 2 || c.Present() != 2 {
		t.Fatalf("Present: calm %d, other %d; want 2 and 2", a.Present(), c.Present())
	}
	if a.Room().Start != b.Room().Start || a.Room().Name != "calm" {
		t.Fatalf("rooms: %+v and %+v; want one start", a.Room(), b.Room())
	}

	t0 := time.UnixMilli(time.Now().UnixMilli())
	if err := a.Tap(t0); err != nil {
		t.Fatal(err)
	}
	if e := nextTap(t, b); e.Name != "a" || !e.At.Equal(t0) {
		t.Fatalf("b heard %+v; want a's tap at %v", e, t0)
	}
	// One connection carries both taps in order: had a heard its own, it
	// would come before b's.
	if err := b.Tap(t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if e := nextTap(t, a); e.Name != "b" {
		t.Fatalf("a heard %+v first; want b's tap, not its own", e)
	}
	// The other room hears only its own.
	if err := d.Tap(t0); err != nil {
		t.Fatal(err)
	}
	if e := nextTap(t, c); e.Name != "d" {
		t.Fatalf("c heard %+v; want only d's tap", e)
	}
	for _, m := range []*Member{a, b, c, d} {
		select {
		case e := <-m.Events():
			if e.Kind == Tapped || e.Present != 2 {
				t.Errorf("%s heard %+v too", m.name, e)
			}
		default:
		}
	}
}

func TestLeave(t *testing.T) {
	h := openHub(t, Options{})
	a := join(t, h, "calm", "a")
	b := join(t, h, "calm", "b")
	present(t, a, 2)
	if err := b.Leave(); err != nil {
		t.Fatalf("Leave: %v", err)
	}
	present(t, a, 1)
	if a.Present() != 1 {
		t.Fatalf("Present after Leave: %d; want 1", a.Present())
	}
	for range b.Events() {
	}
	if err := b.Tap(time.Now()); !errors.Is(err, ErrClosed) {
		t.Fatalf("Tap after Leave: %v; want ErrClosed", err)
	}
	if err := b.Leave(); err != nil {
		t.Fatalf("second Leave: %v", err)
	}
	// The name is free again.
	join(t, h, "calm", "b")
	present(t, a, 2)
	if _, err := h.Join(context.Background(), "calm", "b", ""); err == nil {
		t.Fatal("a second b in the same room here was let in")
	}
}

// TestHubsShareRooms runs two hubs, as two attune servers, on one NATS
// server listening on a port.
func TestHubsShareRooms(t *testing.T) {
	url := sharedNATS(t)
	h1 := openHub(t, Options{URL: url})
	h2 := openHub(t, Options{URL: url})

	before := time.Now()
	var m1, m2 *Member
	var err1, err2 error
	var wg sync.WaitGroup
	wg.Go(func() { m1, err1 = h1.Join(context.Background(), "shared", "one", "4-7-8") })
	wg.Go(func() { m2, err2 = h2.Join(context.Background(), "shared", "two", "box") })
	wg.Wait()
	if err1 != nil || err2 != nil {
		t.Fatalf("Join: %v, %v", err1, err2)
	}
	r1, r2 := m1.Room(), m2.Room()
	if !r1.Start.Equal(r2.Start) || r1.Pattern != r2.Pattern {
		t.Fatalf("the hubs disagree: %+v and %+v", r1, r2)
	}
	if r1.Start.Sub(r1.Start.Truncate(time.Second)) != 0 ||
		r1.Start.Before(before.Add(time.Second)) || r1.Start.After(time.Now().Add(2*time.Second)) {
		t.Fatalf("start %v: want a whole second, 1 to 2 s after %v", r1.Start, before)
	}
	present(t, m1, 2)
	present(t, m2, 2)
	if err := m1.Tap(time.Now()); err != nil {
		t.Fatal(err)
	}
	if e := nextTap(t, m2); e.Name != "one" {
		t.Fatalf("two heard %+v; want one's tap", e)
	}
	// A server that goes leaves its members' presence behind it.
	h1.Close()
	present(t, m2, 1)
}

func TestRoomState(t *testing.T) {
	h := openHub(t, Options{})
	ctx := context.Background()
	put := func(room, v string) {
		t.Helper()
		if _, err := h.rooms.Put(ctx, room, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	put("kept", fmt.Sprintf(`{"start":%d,"pattern":"4-7-8"}`, old.UnixMilli()))
	put("spoilt", `{"start":"soon"}`)
	put("foreign", fmt.Sprintf(`{"start":%d,"pattern":"\u001b[2J"}`, old.UnixMilli()))
	put("stale", fmt.Sprintf(`{"start":%d,"pattern":"4-7-8"}`, old.UnixMilli()))

	m := join(t, h, "kept", "a")
	if r := m.Room(); !r.Start.Equal(old) || r.Pattern != "4-7-8" {
		t.Errorf("kept: %+v; want start %v, 4-7-8", r, old)
	}
	m, err := h.Join(ctx, "spoilt", "a", "box")
	if err != nil {
		t.Fatal(err)
	}
	if r := m.Room(); time.Until(r.Start) < 0 || r.Pattern != "box" {
		t.Errorf("spoilt: %+v; want begun afresh with box", r)
	}
	m = join(t, h, "foreign", "a")
	if r := m.Room(); !r.Start.Equal(old) || r.Pattern != "" {
		t.Errorf("foreign: %+v; want start %v and the unreadable pattern gone", r, old)
	}
	m = join(t, h, "fresh", "a")
	if r := m.Room(); time.Until(r.Start) < 0 || r.Pattern != "" {
		t.Errorf("fresh: %+v", r)
	}
	if s := m.Room().Session(); s == nil {
		t.Fatal("no session")
	}

	h.stale = time.Millisecond
	time.Sleep(5 * time.Millisecond)
	m, err = h.Join(ctx, "stale", "a", "box")
	if err != nil {
		t.Fatal(err)
	}
	if r := m.Room(); time.Until(r.Start) < 0 || r.Pattern != "box" {
		t.Errorf("stale: %+v; want begun afresh with box", r)
	}
	// A room with somebody in it is never stale.
	m2 := join(t, h, "kept", "b")
	if r := m2.Room(); !r.Start.Equal(old) {
		t.Errorf("kept, second: %+v; want start %v", r, old)
	}

	for _, c := range []struct{ room, name, pattern string }{
		{"Calm", "a", ""}, {"calm", "A", ""}, {"calm", "a\x1b", ""}, {"calm", "", ""}, {"calm", "a", "fast"},
	} {
		if _, err := h.Join(ctx, c.room, c.name, c.pattern); err == nil {
			t.Errorf("Join(%q, %q, %q) accepted", c.room, c.name, c.pattern)
		}
	}
}

func TestTapLimit(t *testing.T) {
	h := openHub(t, Options{})
	clock := time.Now()
	h.now = func() time.Time { return clock }
	a := join(t, h, "calm", "a")
	b := join(t, h, "calm", "b")
	for range 20 {
		if err := a.Tap(clock); err != nil {
			t.Fatal(err)
		}
	}
	clock = clock.Add(time.Second)
	last := time.UnixMilli(clock.UnixMilli())
	if err := a.Tap(last); err != nil {
		t.Fatal(err)
	}
	n := 0
	for e := nextTap(t, b); !e.At.Equal(last); e = nextTap(t, b) {
		n++
	}
	if n != tapsPerSecond {
		t.Fatalf("b heard %d of 20 taps in a second; want %d", n, tapsPerSecond)
	}
}

func TestForeignTapIsCleaned(t *testing.T) {
	h := openHub(t, Options{})
	a := join(t, h, "calm", "a")
	send := func(v any) {
		t.Helper()
		b, _ := json.Marshal(v)
		if err := h.nc.Publish(fmt.Sprintf(tapSubject, "calm"), b); err != nil {
			t.Fatal(err)
		}
	}
	send(map[string]any{"name": "\x1b]0;pwned\x07", "at": 1})
	send(map[string]any{"name": "\x1b[;\x07", "at": 1}) // nothing left: dropped
	send("not a tap")
	send(map[string]any{"name": strings.Repeat("Z", 40), "at": time.Now().UnixMilli()})
	e := nextTap(t, a)
	if e.Name != "0pwned" || time.Since(e.At) > time.Minute {
		t.Errorf("heard %+v; want name 0pwned, at now", e)
	}
	if e := nextTap(t, a); e.Name != strings.Repeat("z", 32) {
		t.Errorf("heard %+v; want 32 z", e)
	}
}

func TestSanitise(t *testing.T) {
	for in, want := range map[string]string{
		"ok-1":                   "ok-1",
		"Calm":                   "calm",
		"\x1b[31mred\x1b[0m":     "31mred0m",
		"ünï\u202ecode":          "ncode",
		strings.Repeat("a", 40):  strings.Repeat("a", 32),
		"":                       "",
		"a.b c\n":                "abc",
		"\x1b]8;;http://x\x07hi": "8httpxhi",
	} {
		if got := sanitise(in); got != want {
			t.Errorf("sanitise(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestValidRoom(t *testing.T) {
	for name, ok := range map[string]bool{
		"calm":                  true,
		"a":                     true,
		"4-7-8":                 true,
		strings.Repeat("a", 32): true,
		strings.Repeat("a", 33): false,
		"":                      false,
		"Calm":                  false,
		"calm room":             false,
		"calm.room":             false,
		"calm*":                 false,
		">":                     false,
		"\x1b[2J":               false,
		"calm\n":                false,
		"ünï":                   false,
	} {
		err := ValidRoom(name)
		if (err == nil) != ok {
			t.Errorf("ValidRoom(%q) = %v; want ok %v", name, err, ok)
		}
		if err != nil && !strings.Contains(err.Error(), RoomForm) {
			t.Errorf("ValidRoom(%q) = %v; want it to say %q", name, err, RoomForm)
		}
	}
}

// TestPresenceExpires: a member whose server stopped without leaving stops
// being counted after the presence TTL.
func TestPresenceExpires(t *testing.T) {
	h := openHub(t, Options{})
	h.heartbeat, h.presenceTTL = 20*time.Millisecond, 200*time.Millisecond
	if _, err := h.presence.Put(context.Background(), "calm.ghost", []byte("1")); err != nil {
		t.Fatal(err)
	}
	a := join(t, h, "calm", "a")
	present(t, a, 2)
	present(t, a, 1)
	// a itself is kept alive by its heartbeat.
	time.Sleep(2 * h.presenceTTL)
	if a.Present() != 1 {
		t.Fatalf("Present %d; want 1", a.Present())
	}
}

// TestSlowReader: a member that never reads holds nobody up, and hears the
// latest count when it reads again.
func TestSlowReader(t *testing.T) {
	h := openHub(t, Options{})
	h.heartbeat = 20 * time.Millisecond
	clock := time.Now()
	h.now = func() time.Time { return clock }
	slow := join(t, h, "calm", "slow")
	a := join(t, h, "calm", "a")
	b := join(t, h, "calm", "b")
	present(t, a, 3)
	for range eventBuffer + 10 {
		clock = clock.Add(time.Second)
		if err := b.Tap(time.Now()); err != nil {
			t.Fatal(err)
		}
		nextTap(t, a)
	}
	b.Leave()
	present(t, a, 2)
	if got := len(slow.Events()); got != eventBuffer {
		t.Fatalf("slow has %d events waiting; want a full %d", got, eventBuffer)
	}
	for range eventBuffer {
		<-slow.Events()
	}
	// The change to 2 found slow's events full; it comes after them.
	if e := next(t, slow, "the latest count", func(Event) bool { return true }); e.Kind != Presence || e.Present != 2 {
		t.Fatalf("slow heard %+v after its full buffer; want present 2", e)
	}
}

// goroutines waits until the number of goroutines falls to at most n.
func goroutines(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("%d goroutines; want at most %d:\n%s", runtime.NumGoroutine(), n, buf)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestNoGoroutinesLeft(t *testing.T) {
	base := runtime.NumGoroutine()
	h, err := Open(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	withServer := runtime.NumGoroutine()
	a := join(t, h, "calm", "a")
	b := join(t, h, "calm", "b")
	c := join(t, h, "other", "c")
	present(t, a, 2)
	a.Tap(time.Now())
	nextTap(t, b)
	c.Leave()
	b.Leave()
	a.Leave()
	goroutines(t, withServer) // a room without members costs nothing
	a = join(t, h, "calm", "a")
	_ = join(t, h, "calm", "b")
	present(t, a, 2)
	if err := h.Close(); err != nil { // members still in: they leave
		t.Fatal(err)
	}
	for range a.Events() {
	}
	if _, err := h.Join(context.Background(), "calm", "c", ""); !errors.Is(err, ErrClosed) {
		t.Fatalf("Join after Close: %v; want ErrClosed", err)
	}
	goroutines(t, base)
}

// TestManyMembers puts 300 members in one room on one hub, and reports what
// they cost: joining, a heartbeat round, a tap heard by all, goroutines.
func TestManyMembers(t *testing.T) {
	const n = 300
	h := openHub(t, Options{})
	base := runtime.NumGoroutine()
	t0 := time.Now()
	ms := make([]*Member, n)
	for i := range ms {
		ms[i] = join(t, h, "big", fmt.Sprintf("m%03d", i))
	}
	joined := time.Since(t0)
	deadline := time.Now().Add(5 * time.Second)
	for ms[0].Present() != n {
		if time.Now().After(deadline) {
			t.Fatalf("Present %d; want %d", ms[0].Present(), n)
		}
		time.Sleep(time.Millisecond)
	}
	extra := runtime.NumGoroutine() - base
	if extra > 16 { // listen, beat, decide, the cycles watch and NATS's own per subscription
		t.Errorf("%d goroutines for one room of %d; want a few, not one per member", extra, n)
	}

	r := ms[0].room
	t0 = time.Now()
	for _, m := range r.memberList() {
		m.beat(r.ctx)
	}
	beat := time.Since(t0)

	// Drain, tap, and wait until every other member heard it.
	for _, m := range ms {
		for len(m.events) > 0 {
			<-m.events
		}
	}
	t0 = time.Now()
	ms[0].Tap(time.Now())
	for _, m := range ms[1:] {
		nextTap(t, m)
	}
	fanout := time.Since(t0)
	t.Logf("%d members in one room: joining %v (%v each), a heartbeat round %v (%.1f%% of the %v period), a tap heard by all %v, %d goroutines",
		n, joined, joined/n, beat, 100*beat.Seconds()/heartbeatEvery.Seconds(), heartbeatEvery, fanout, extra)

	t0 = time.Now()
	for _, m := range ms {
		m.Leave()
	}
	t.Logf("%d leaving: %v", n, time.Since(t0))
}

// BenchmarkTapFanout300 is a tap in a room of 300 on one hub, until the
// last member hears it.
func BenchmarkTapFanout300(b *testing.B) {
	h := openHub(b, Options{})
	h.now = func() time.Time { return time.Time{} } // no tap limit: a zero time is always allowed
	h.roomTaps = 1 << 20
	ms := make([]*Member, 300)
	for i := range ms {
		ms[i] = join(b, h, "big", fmt.Sprintf("m%03d", i))
	}
	drain := func() {
		for _, m := range ms {
			for len(m.events) > 0 {
				<-m.events
			}
		}
	}
	drain()
	last := ms[len(ms)-1]
	b.ResetTimer()
	for b.Loop() {
		ms[0].Tap(time.Now())
		nextTap(b, last)
		b.StopTimer()
		drain()
		b.StartTimer()
	}
}

// BenchmarkHeartbeat300 is one heartbeat round of a room of 300 on one hub.
func BenchmarkHeartbeat300(b *testing.B) {
	h := openHub(b, Options{})
	ms := make([]*Member, 300)
	for i := range ms {
		ms[i] = join(b, h, "big", fmt.Sprintf("m%03d", i))
	}
	r := ms[0].room
	for b.Loop() {
		for _, m := range ms {
			m.beat(r.ctx)
		}
	}
}

// TestRefresh: a server with members in a room rewrites its state, so its
// age says when somebody was last there.
func TestRefresh(t *testing.T) {
	h := openHub(t, Options{})
	h.heartbeat, h.refresh = 10*time.Millisecond, 20*time.Millisecond
	m := join(t, h, "calm", "a")
	first, err := h.rooms.Get(context.Background(), "calm")
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		e, err := h.rooms.Get(context.Background(), "calm")
		if err != nil {
			t.Fatal(err)
		}
		if e.Revision() > first.Revision() {
			if string(e.Value()) != string(first.Value()) {
				t.Fatalf("refreshed to %s; want %s unchanged", e.Value(), first.Value())
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the room's state was not refreshed")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if r := m.Room(); r.Start.UnixMilli() == 0 {
		t.Fatalf("room %+v", r)
	}
}

func TestJoinGivesUp(t *testing.T) {
	h := openHub(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.Join(ctx, "calm", "a", ""); err == nil {
		t.Fatal("Join with a cancelled context succeeded")
	}
	a := join(t, h, "calm", "a")
	present(t, a, 1)
}
