package together

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
	"github.com/nats-io/nats-server/v2/server"
)

// contiguous fails unless each cycle begins where the one before ends.
func contiguous(t *testing.T, what string, cs []pacing.Cycle) {
	t.Helper()
	for i := 1; i < len(cs); i++ {
		if cs[i].Start != cs[i-1].End() {
			t.Fatalf("%s: cycle %d begins at %v, the one before ends at %v", what, i, cs[i].Start, cs[i-1].End())
		}
	}
}

func TestDecideKeepsAheadAndRepeatsWhenLate(t *testing.T) {
	g := pacing.Group{Arrive: 5 * time.Second}
	cs := Decide(g, nil, nil, 0, 6*time.Second)
	contiguous(t, "new room", cs)
	if cs[0].Listen != 5*time.Second || cs[len(cs)-1].End() < 6*time.Second {
		t.Fatalf("a new room: %+v", cs)
	}
	// Long after its last cycle: what members drew meanwhile is the last
	// cycle again, and only cycles far enough ahead are decided afresh.
	now := 60 * time.Second
	more := Decide(g, cs, nil, now, 6*time.Second)
	contiguous(t, "late", more)
	for i := len(cs); i < len(more); i++ {
		c, prev := more[i], more[i-1]
		if c.Start-now < PublishAhead && (c.Breath != prev.Breath || c.Listen != prev.Listen || c.Pace != prev.Pace) {
			t.Fatalf("a cycle at %v decided afresh at %v, under %v ahead: %+v after %+v", c.Start, now, PublishAhead, c, prev)
		}
	}
	// Then, nobody tapping, the room is led on from where it was.
	if last := more[len(more)-1]; last.Listen > 0 || last.Pace >= more[len(cs)].Pace {
		t.Fatalf("after the late stretch the room is not decided afresh: %+v", last)
	}
}

func TestCycleTravels(t *testing.T) {
	g := pacing.Group{}
	cs := Decide(g, nil, [][]time.Duration{{time.Second, 6 * time.Second, 11 * time.Second, 16 * time.Second}}, 30*time.Second, 20*time.Second)
	for _, c := range cs {
		got, err := UnmarshalCycle(MarshalCycle(c))
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		c.Pace, c.From, c.Toward, c.Natural = round3(c.Pace), round3(c.From), round3(c.Toward), round3(c.Natural)
		if got.Start != c.Start || got.Breath != c.Breath || got.Stage != c.Stage || got.Level != c.Level || got.Pace != c.Pace || len(got.Words) != len(c.Words) {
			t.Fatalf("sent %+v, read %+v", c, got)
		}
	}
	start := time.UnixMilli(1_800_000_000_000)
	if back := readCycles(storedCycles(start, cs), start); len(back) != len(cs) {
		t.Fatalf("stored %d cycles, read %d", len(cs), len(back))
	}
	if back := readCycles(storedCycles(start, cs), start.Add(time.Second)); back != nil {
		t.Fatal("cycles of a room begun at another start were read")
	}
	for _, bad := range []string{
		`{"start_ms":-1,"in_ms":4000,"out_ms":6000,"stage":"lead","level":"tones"}`,
		`{"start_ms":0,"in_ms":10,"out_ms":6000,"stage":"lead","level":"tones"}`,
		`{"start_ms":0,"in_ms":4000,"out_ms":600000,"stage":"lead","level":"tones"}`,
		`{"start_ms":0,"in_ms":4000,"out_ms":6000,"stage":"\u001b[2J","level":"tones"}`,
		`{"start_ms":0,"in_ms":4000,"out_ms":6000,"stage":"lead","level":"loud"}`,
		`{"start_ms":0,"in_ms":4000,"out_ms":6000,"stage":"lead","level":"tones","words":[{"id":"rm -rf","at_ms":1}]}`,
		`{"start_ms":0,"listen_ms":4000,"out_ms":6000,"stage":"lead","level":"tones"}`,
		`{"start_ms":0,"in_ms":4000,"out_ms":6000,"stage":"lead","level":"tones","pace":1e300}`,
		`[]`,
	} {
		if c, err := UnmarshalCycle([]byte(bad)); err == nil {
			t.Errorf("%s accepted as %+v", bad, c)
		}
	}
}

func FuzzUnmarshalCycle(f *testing.F) {
	f.Add(MarshalCycle(pacing.Group{}.Next(0, nil, nil)))
	f.Add([]byte(`{"start_ms":20000,"in_ms":2600,"out_ms":3200,"stage":"arrive","level":"words","words":[{"id":"follow","at_ms":3400}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := UnmarshalCycle(b)
		if err != nil {
			return
		}
		if c.Len() <= 0 || c.Start < 0 {
			t.Fatalf("accepted a cycle of length %v at %v", c.Len(), c.Start)
		}
		again, err := UnmarshalCycle(MarshalCycle(c))
		if err != nil || again.Start != c.Start || again.Breath != c.Breath {
			t.Fatalf("a cycle read does not travel again: %v", err)
		}
	})
}

func TestBookGuidesMembers(t *testing.T) {
	b := NewBook()
	// Nothing known yet: the room's first cycle, as the decider makes it.
	s := Room{Name: "g", Book: b}.Session()
	if c, ok := s.CycleAt(time.Second); !ok || c.Listen != pacing.GroupArrive {
		t.Fatalf("an empty book gives %+v", c)
	}
	// A late joiner listens quietly up to the first cycle it hears of.
	cs := Decide(pacing.Group{}, nil, nil, 0, 3*time.Minute)
	late := NewBook()
	late.Add(cs[5:]...)
	s = Room{Name: "g", Book: late}.Session()
	got := s.Cycles(cs[len(cs)-1].Start)
	if got[0].Listen != cs[5].Start || got[1].Start != cs[5].Start || got[1].Breath != cs[5].Breath {
		t.Fatalf("a late joiner's cycles: %+v", got[:2])
	}
	// Past the last known cycle: the last again.
	end := cs[len(cs)-1].End()
	next, _ := s.CycleAt(end + time.Millisecond)
	if next.Start != end || next.Breath != cs[len(cs)-1].Breath || next.Words != nil {
		t.Fatalf("past the book: %+v", next)
	}
	// Come apart from the room (it decided afresh where the member
	// repeated): the member's next breath is stretched to meet it.
	off := cs[len(cs)-1]
	off.Start = next.End() + 1500*time.Millisecond
	late.Add(off)
	c, _ := s.CycleAt(next.End() + time.Millisecond)
	if c.End() != off.Start {
		t.Fatalf("the member's breath ends at %v, the room's next begins at %v", c.End(), off.Start)
	}
	c, _ = s.CycleAt(off.Start)
	if c.Start != off.Start || c.Breath != off.Breath {
		t.Fatalf("met the room at %+v, want %+v", c, off)
	}
}

// withDeciderTimings shortens the decider's timings for the test. The
// lease outlives fifteen renewals missed, so that a loaded machine's
// pauses do not lose it; a server that leaves gives it up at once.
func withDeciderTimings(t *testing.T) {
	ttl, renew, every := leaseTTL, leaseRenew, decideEvery
	leaseTTL, leaseRenew, decideEvery = 3*time.Second, 200*time.Millisecond, 50*time.Millisecond
	t.Cleanup(func() { leaseTTL, leaseRenew, decideEvery = ttl, renew, every })
}

func TestGroupRoomOnOneServer(t *testing.T) {
	withDeciderTimings(t)
	h := openHub(t, Options{})
	a := join(t, h, "g", "a")
	b := join(t, h, "g", "b")
	if a.Room().Book == nil || a.Room().Book != b.Room().Book {
		t.Fatal("members of a room without a pattern share its book")
	}
	// The decider keeps the room's breath decided ahead of now.
	deadline := time.Now().Add(5 * time.Second)
	for {
		cs := a.Room().Book.Since(0)
		if len(cs) > 0 && a.Room().Start.Add(cs[len(cs)-1].End()).After(time.Now().Add(PublishAhead)) {
			contiguous(t, "book", cs)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the room's cycles are not decided ahead: %+v", cs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	e, err := h.leases.Get(context.Background(), "g")
	if err != nil || string(e.Value()) != h.id {
		t.Fatalf("the lease: %v %v", e, err)
	}
	// Taps reach the decider from every member.
	at := time.Now()
	a.Tap(at)
	deadline = time.Now().Add(2 * time.Second)
	for len(h.live["g"].taps.members()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the decider never heard a's tap")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestDeciderTakesOver(t *testing.T) {
	withDeciderTimings(t)
	url := sharedNATS(t)
	h1 := openHub(t, Options{URL: url})
	h2 := openHub(t, Options{URL: url})
	m1 := join(t, h1, "g", "one")
	holds(t, h1, "g", h1.id, "the first server to have a member does not take the lease") // before h2 has a member
	m2 := join(t, h2, "g", "two")
	if !m1.Room().Start.Equal(m2.Room().Start) {
		t.Fatal("two servers disagree on the room's start")
	}
	// Each member's session draws from its own server's book.
	s1, s2 := m1.Room().Session(), m2.Room().Session()
	start := m1.Room().Start
	now := func() time.Duration { return time.Since(start) }
	time.Sleep(2 * time.Second)
	if e, _ := h1.leases.Get(context.Background(), "g"); e == nil || string(e.Value()) != h1.id {
		t.Fatalf("the first server does not decide: %v", e)
	}
	at := now()
	c1, _ := s1.CycleAt(at)
	c2, _ := s2.CycleAt(at)
	if c1.Start != c2.Start || c1.Breath != c2.Breath {
		t.Fatalf("two servers' members breathe apart: %+v and %+v", c1, c2)
	}
	// The deciding server goes away; the other takes over, and its
	// member's breath goes on without a jump.
	h1.Close()
	time.Sleep(3 * time.Second)
	holds(t, h2, "g", h2.id, "the second server did not take over")
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		ahead := m2.Room().Book.Since(0)
		last := ahead[len(ahead)-1]
		if !start.Add(last.End()).Before(time.Now().Add(PublishAhead)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the new decider does not keep ahead: the last cycle ends at %v, now is %v", last.End(), now())
		}
	}
	contiguous(t, "the second member's breath", s2.Cycles(now()+pacing.DecideAhead))
	for _, c := range m2.Room().Book.Since(0) {
		if c2, ok := s2.CycleAt(c.Start); ok && c.Start < now() && (c2.Start != c.Start || c2.Breath != c.Breath) {
			t.Fatalf("the member drew %+v where the room decided %+v", c2, c)
		}
	}
}

// holds waits until id holds room's lease, as h sees the leases, and fails
// the test with why if that takes 15 s (a guard: it takes one decider's
// tick, 50 ms, when the machine is idle).
func holds(t *testing.T, h *Hub, room, id, why string) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		e, _ := h.leases.Get(context.Background(), room)
		if e != nil && string(e.Value()) == id {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the lease is %v", why, e)
		}
	}
}

// sharedNATS runs a NATS server on loopback for hubs to share, stopped when
// the test ends, and returns its URL.
func sharedNATS(t *testing.T) string {
	t.Helper()
	srv, err := server.NewServer(&server.Options{
		Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoSigs: true, NoLog: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.Start()
	t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("NATS server not ready")
	}
	return srv.ClientURL()
}

func TestNameTakenAcrossServers(t *testing.T) {
	url := sharedNATS(t)
	h1, h2 := openHub(t, Options{URL: url}), openHub(t, Options{URL: url})
	m := join(t, h1, "calm", "quiet-heron")
	if _, err := h2.Join(context.Background(), "calm", "quiet-heron", ""); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("a name held on another server: %v, want ErrNameTaken", err)
	}
	// The refused join took nothing from the member who holds the name.
	if _, err := h1.presence.Get(context.Background(), "calm.quiet-heron"); err != nil {
		t.Fatalf("the holder's presence: %v", err)
	}
	present(t, m, 1)
	// Once it has left, the name is free again.
	if err := m.Leave(); err != nil {
		t.Fatal(err)
	}
	if _, err := h2.Join(context.Background(), "calm", "quiet-heron", ""); err != nil {
		t.Fatalf("a name left free: %v", err)
	}
}
