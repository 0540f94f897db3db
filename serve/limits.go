package serve

import (
	"fmt"
	"net"
	"sync"
	"sync/atomic"

	"charm.land/ssh"
	"charm.land/wish/v2"
	"golang.org/x/time/rate"
)

// perIP limits how often one address may start a session: a token bucket
// per address, as wish's ratelimiter keeps (without its LRU module), and
// the buckets that are full again forgotten when there are too many.
type perIP struct {
	mu      sync.Mutex
	every   rate.Limit
	burst   int
	max     int
	buckets map[string]*rate.Limiter
}

func newPerIP(every rate.Limit, burst, max int) *perIP {
	return &perIP{every: every, burst: burst, max: max, buckets: map[string]*rate.Limiter{}}
}

// allow reports whether addr may start a session now.
func (l *perIP) allow(addr net.Addr) bool {
	key := addr.String()
	if a, ok := addr.(*net.TCPAddr); ok {
		key = a.IP.String()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.max {
			l.forget()
		}
		b = rate.NewLimiter(l.every, l.burst)
		l.buckets[key] = b
	}
	return b.Allow()
}

// forget drops the buckets that are full again (their addresses are as
// good as new), or all of them if none is.
func (l *perIP) forget() {
	for k, b := range l.buckets {
		if b.Tokens() >= float64(l.burst) {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= l.max {
		clear(l.buckets)
	}
}

// limits refuses, with one line each, a session from an address that
// started too many lately and a session beyond the most the server takes.
func limits(ips *perIP, max int, count *atomic.Int64) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			if !ips.allow(s.RemoteAddr()) {
				refuse(s, 1, "attune: too many new sessions from your address; try again in a minute.")
				return
			}
			n := count.Add(1)
			defer count.Add(-1)
			if n > int64(max) {
				refuse(s, 1, fmt.Sprintf("attune: this server is full (%d breathing); try again later.", max))
				return
			}
			next(s)
		}
	}
}

// refuse says line to the client, on its error stream, and ends the
// session with code.
func refuse(s ssh.Session, code int, line string) {
	_, _ = fmt.Fprint(s.Stderr(), line+"\r\n")
	_ = s.Exit(code)
	_ = s.Close()
}
