package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// tick is the screen's renderer period: a frame may wait this long by
// design.
const tick = time.Second / 15

// late is how late beyond the renderer's tick a frame may be.
const late = 100 * time.Millisecond

func (l *load) report(c config) {
	open, refused := 0, map[string]int{}
	var bytes int64
	for _, s := range l.screens {
		if l.alive(s) {
			open++
		} else if line := firstLine(s.said); line != "" {
			refused[line]++
		}
		bytes += s.bytes.Load()
	}
	hold := l.holdTo.Sub(l.holdAt).Seconds()
	cpu := (l.cpu1 - l.cpu0) / hold
	fmt.Printf("sessions open at the end of the hold: %d of %d, in %d rooms (and one room channel each)\n", open, c.n, c.rooms)
	for line, n := range refused {
		fmt.Printf("  ended early (%d): %q\n", n, line)
	}
	n := float64(max(open, 1))
	fmt.Printf("server pid %d over %.0f s: CPU %.1f%% of a core, %.3f%% per session\n", l.pid, hold, 100*cpu, 100*cpu/n)
	fmt.Printf("server RSS: %.1f MB before, %.1f MB held; %.0f KB per session\n",
		mb(l.rss0), mb(l.rss1), float64(l.rss1-l.rss0)/1024/n)
	fmt.Printf("output: %.0f bytes per session per second (from the start, first frames included)\n",
		float64(bytes)/n/time.Since(l.holdAt.Add(-time.Duration(c.n/c.ramp)*time.Second)).Seconds())
	lat, gaps := l.frames()
	over := 0
	for _, d := range lat {
		if d > tick+late {
			over++
		}
	}
	fmt.Printf("phase starts: %d seen; first frame after: p50 %v, p99 %v, max %v; later than %v: %d (%.2f%%)\n",
		len(lat), pct(lat, 50), pct(lat, 99), pct(lat, 100), tick+late, over, 100*float64(over)/float64(max(len(lat), 1)))
	fmt.Printf("gaps between frames: %d; p50 %v, p99 %v, max %v\n", len(gaps), pct(gaps, 50), pct(gaps, 99), pct(gaps, 100))
}

// alive reports whether session s was still being sent frames in the last
// seconds of the hold: the server's view of it, whatever the SSH library
// says of the session's end.
func (l *load) alive(s *screen) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.frames) > 0 && s.frames[len(s.frames)-1].After(l.holdTo.Add(-5*time.Second))
}

// frames is, over the hold, each session's delay from each phase start of
// its room to its first frame after it, and the gaps between its frames.
func (l *load) frames() (lat, gaps []time.Duration) {
	for _, s := range l.screens {
		if !l.alive(s) {
			continue
		}
		s.mu.Lock()
		fs := slices.Clone(s.frames)
		s.mu.Unlock()
		i := sort.Search(len(fs), func(i int) bool { return !fs[i].Before(l.holdAt) })
		fs = fs[i:]
		for j := 1; j < len(fs) && fs[j].Before(l.holdTo); j++ {
			gaps = append(gaps, fs[j].Sub(fs[j-1]))
		}
		for _, b := range l.starts(s.room) {
			k := sort.Search(len(fs), func(i int) bool { return !fs[i].Before(b) })
			if k < len(fs) {
				lat = append(lat, fs[k].Sub(b))
			}
		}
	}
	slices.Sort(lat)
	slices.Sort(gaps)
	return lat, gaps
}

// starts are the phase starts of room's breath within the hold, but the
// last second's.
func (l *load) starts(room int) []time.Time {
	r := l.rooms[room]
	sess := r.Session()
	var out []time.Time
	for t, n := l.holdAt, 0; t.Before(l.holdTo.Add(-time.Second)) && n < 100000; n++ {
		st := sess.State(t.Sub(r.Start))
		if st.Left <= 0 {
			t = t.Add(10 * time.Millisecond)
			continue
		}
		t = t.Add(st.Left)
		if t.Before(l.holdTo.Add(-time.Second)) {
			out = append(out, t)
		}
		t = t.Add(time.Millisecond)
	}
	return out
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[min(len(d)-1, len(d)*p/100)].Round(100 * time.Microsecond)
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func firstLine(s string) string {
	if !strings.HasPrefix(s, "attune:") {
		return ""
	}
	line, _, _ := strings.Cut(s, "\r")
	return line
}
