package sim

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// room draws n breathers of the given follow range around rate.
func room(rng *rand.Rand, n int, rate, followLo, followHi float64) []Breather {
	bs := make([]Breather, n)
	for i := range bs {
		bs[i] = Breather{
			Rate:     rate + uniform(rng, -2, 2),
			Follow:   uniform(rng, followLo, followHi),
			Jitter:   uniform(rng, 0.03, 0.1),
			TapNoise: ms(uniform(rng, 20, 120)),
			Miss:     uniform(rng, 0, 0.1),
			Taps:     TapsIn,
		}
	}
	return bs
}

// paceAt is the pace of the guided cycle under t.
func paceAt(cs []pacing.Cycle, t time.Duration) float64 {
	p := 0.0
	for _, c := range cs {
		if c.Listen <= 0 && c.Start <= t {
			p = c.Pace
		}
	}
	return p
}

// roomAhead is how far ahead a served room decides its cycles.
const roomAhead = 2500 * time.Millisecond

func runRoom(t *testing.T, cfg GroupConfig) GroupResult {
	t.Helper()
	if cfg.Ahead == 0 {
		cfg.Ahead = roomAhead
	}
	res, err := RunGroup(cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkRoom(t, res)
	return res
}

// checkRoom holds for every room: it listens first, its cycles follow on
// without gaps, and its pace never rises.
func checkRoom(t *testing.T, res GroupResult) {
	t.Helper()
	cs := res.Cycles
	if len(cs) == 0 || cs[0].Listen != pacing.GroupArrive {
		t.Fatalf("a room begins by listening %v: %+v", pacing.GroupArrive, cs[:min(len(cs), 1)])
	}
	for i := 1; i < len(cs); i++ {
		if cs[i].Start != cs[i-1].End() {
			t.Fatalf("cycle %d starts at %v, the one before ends at %v", i, cs[i].Start, cs[i-1].End())
		}
		if cs[i-1].Listen <= 0 && cs[i].Pace > cs[i-1].Pace+1e-9 {
			t.Fatalf("the pace rose at %v: %.2f → %.2f", cs[i].Start, cs[i-1].Pace, cs[i].Pace)
		}
	}
}

func TestGroupMeetsTheRoomAndLeadsFollowers(t *testing.T) {
	for seed := uint64(1); seed <= 8; seed++ {
		rng := rand.New(rand.NewPCG(seed, 99))
		bs := room(rng, 5, 14, 0.5, 0.85)
		res := runRoom(t, GroupConfig{Breathers: bs, Duration: 10 * time.Minute, Seed: seed})
		g := pacing.Guided(res.Cycles)
		var rates []float64
		for _, b := range bs {
			rates = append(rates, b.Rate)
		}
		// It meets them a little slower than their median pace.
		if g[0].Natural < 10 || g[0].Natural > 18 || g[0].Pace > g[0].Natural {
			t.Errorf("seed %d: met a room of %v at %.2f (heard %.2f)", seed, rates, g[0].Pace, g[0].Natural)
		}
		if end := paceAt(res.Cycles, 9*time.Minute); end > 7 {
			t.Errorf("seed %d: a room that follows was led only to %.2f in 9 minutes", seed, end)
		}
	}
}

func TestGroupHoldsWhenMostDoNotFollow(t *testing.T) {
	for seed := uint64(1); seed <= 8; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		bs := append(room(rng, 4, 14, 0, 0), room(rng, 1, 14, 0.7, 0.8)...)
		res := runRoom(t, GroupConfig{Breathers: bs, Duration: 8 * time.Minute, Seed: seed})
		g := pacing.Guided(res.Cycles)
		held := 0
		for _, c := range g[len(g)/3:] {
			if !c.Locked {
				held++
			}
		}
		if share := float64(held) / float64(len(g)-len(g)/3); share < 0.6 {
			t.Errorf("seed %d: four of five keep their own pace, yet the room led %.0f %% of its later breaths", seed, 100*(1-share))
		}
		if end := paceAt(res.Cycles, 8*time.Minute); end < g[0].Pace-3 {
			t.Errorf("seed %d: a room that does not follow was led from %.2f to %.2f", seed, g[0].Pace, end)
		}
	}
}

func TestGroupNeverChasesARise(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	bs := room(rng, 4, 12, 0.6, 0.8)
	for i := range bs {
		bs[i].Disturb = []Disturbance{{At: 3 * time.Minute, Delta: 8, For: time.Minute}}
	}
	res := runRoom(t, GroupConfig{Breathers: bs, Duration: 6 * time.Minute, Seed: 3})
	before, after := paceAt(res.Cycles, 3*time.Minute), paceAt(res.Cycles, 4*time.Minute)
	if after > before {
		t.Fatalf("the room quickened with its members: %.2f → %.2f", before, after)
	}
}

func TestGroupWithoutTapsStartsAtTenAndLeads(t *testing.T) {
	bs := []Breather{{Rate: 12, Follow: 0.7, Jitter: 0.05, Taps: TapsNone}, {Rate: 14, Follow: 0.7, Jitter: 0.05, Taps: TapsNone}}
	res := runRoom(t, GroupConfig{Breathers: bs, Duration: 6 * time.Minute, Seed: 1})
	g := pacing.Guided(res.Cycles)
	if g[0].Pace != pacing.DefaultStartBPM || g[0].Natural != 0 {
		t.Fatalf("a silent room starts at %.2f (heard %.2f), want %.0f", g[0].Pace, g[0].Natural, pacing.DefaultStartBPM)
	}
	if end := paceAt(res.Cycles, 5*time.Minute); end > 6.5 {
		t.Fatalf("a silent room was led only to %.2f in 5 minutes", end)
	}
	last := g[len(g)-1]
	if last.Stage != pacing.StageRest || last.Level != pacing.Silent {
		t.Fatalf("a room resting at its target is %s at level %s, want rest in silence", last.Stage, last.Level)
	}
}

func TestGroupDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	cfg := GroupConfig{Breathers: room(rng, 3, 13, 0.3, 0.9), Duration: 4 * time.Minute, Seed: 5}
	a, b := runRoom(t, cfg), runRoom(t, cfg)
	if len(a.Cycles) != len(b.Cycles) {
		t.Fatalf("two runs decided %d and %d cycles", len(a.Cycles), len(b.Cycles))
	}
	for i := range a.Cycles {
		if a.Cycles[i].Start != b.Cycles[i].Start || a.Cycles[i].Breath != b.Cycles[i].Breath {
			t.Fatalf("cycle %d differs between two runs", i)
		}
	}
}

// TestGroupRooms breathes 100 rooms of 3 to 8 who follow and 100 where
// most keep their own pace, and reports how far each kind was led
// (`go test ./pacing/sim -run TestGroupRooms -v`).
func TestGroupRooms(t *testing.T) {
	const n = 100
	var dropF, dropN, ledF, ledN []float64
	for seed := uint64(1); seed <= n; seed++ {
		k := 3 + int(seed%6)
		rng := rand.New(rand.NewPCG(seed, 1234))
		follow := room(rng, k, 12+4*rng.Float64(), 0.4, 0.9)
		f := (k - 1) / 2 // a minority follows
		own := append(room(rng, k-f, 14, 0, 0.05), room(rng, f, 14, 0.6, 0.9)...)
		for i, bs := range [][]Breather{follow, own} {
			res := runRoom(t, GroupConfig{Breathers: bs, Duration: 8 * time.Minute, Seed: seed})
			g := pacing.Guided(res.Cycles)
			led := 0
			for j := 1; j < len(g); j++ {
				if g[j].Pace < g[j-1].Pace {
					led++
				}
			}
			drop, share := g[0].Pace-paceAt(res.Cycles, 8*time.Minute), float64(led)/float64(len(g)-1)
			if i == 0 {
				dropF, ledF = append(dropF, drop), append(ledF, share)
			} else {
				dropN, ledN = append(dropN, drop), append(ledN, share)
			}
		}
	}
	q := func(xs []float64, p float64) float64 {
		s := slices.Clone(xs)
		slices.Sort(s)
		return s[int(p*float64(len(s)-1))]
	}
	t.Logf("rooms that follow: led %.1f breaths/min in 8 minutes (median; 10th percentile %.1f), %.0f %% of their breaths slowed", q(dropF, 0.5), q(dropF, 0.1), 100*q(ledF, 0.5))
	t.Logf("rooms where most keep their own pace: led %.1f (median; 90th percentile %.1f), %.0f %% of their breaths slowed (90th percentile %.0f %%)", q(dropN, 0.5), q(dropN, 0.9), 100*q(ledN, 0.5), 100*q(ledN, 0.9))
	if q(dropF, 0.1) < 5 || q(dropN, 0.9) > 4 || q(ledN, 0.5) > 0.3 {
		t.Fatal("the group pacer does not tell a room that follows from one that does not")
	}
}
