// Command loadssh loads an `attune serve` with many screen sessions and
// reports what they cost the server and how timely their frames are.
//
// Usage:
//
//	go run ./scripts/loadssh [-addr 127.0.0.1:2222] [-n 300] [-rooms 1]
//	    [-pattern P] [-duration 60s] [-ramp 20] [-key PATH] [-pid PID]
//	    [-colorterm truecolor]
//
// It runs against a loopback address only, with at most 2000 sessions held
// for at most 10 minutes. It opens -n sessions with a terminal (xterm-256color, 80x24; with
// -colorterm, COLORTERM set too, for screens in true colour) spread over
// -rooms rooms (load-1, load-2, …), at most -ramp new ones a second, reads
// and discards their output, holds them for -duration and closes them all.
// Each room also gets one room channel (`attune-room ROOM [pattern]`, the
// channel of `attune together`, which makes the room with -pattern, or with
// none for the group pacer) which tells the room's start, pattern and
// decided cycles; it is a member of the room too.
//
// The server's per-address limit (a burst of 10 new sessions, then one
// every 3 s) would stop a load from one address, and attune serve has no
// switch for it: loadssh instead dials from many loopback addresses, 8
// sessions from each of 127.0.0.2, 127.0.0.3, … (Linux answers for all of
// 127.0.0.0/8 on lo), so the server is run as it is. The server must take
// -n sessions at once: give it --max-sessions.
//
// The report:
//
//   - sessions open at the end of the hold, of those asked for;
//   - the server's CPU over the hold (utime+stime from /proc/PID/stat), as a
//     share of one core in all and per session, and its RSS (VmRSS from
//     /proc/PID/status) before the sessions and at the end of the hold, in
//     all and per session; the server is -pid, or the process listening on
//     -addr's port (found through /proc/net/tcp and /proc/*/fd);
//   - bytes per session per second over the hold;
//   - frames: a frame is a burst of output, reads less than 5 ms apart. The
//     screen draws at most 15 frames a second, timed to its renderer's ticks,
//     and always at the start of a phase (the phase word changes). Phase
//     lateness is measured from each phase start of the room's breath
//     (worked out with together.Room.Session from the room channel's start,
//     pattern and cycles, on the same clock as the server) to the first frame that
//     session received after it: its p50, p99 and max, and the share later
//     than 100 ms + 1/15 s (the renderer's tick may hold a frame up to 1/15 s
//     by design; beyond it the server is late). The gaps between frames are
//     reported too (p50, p99, max): the screen's own cadence puts them
//     between 1/15 s and about 1 s.
//
// The load runs on the same host as the server and takes CPU of its own
// (the SSH decryption of every session): on a small machine the two
// compete, and the figures say so.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"time"
)

type config struct {
	addr     string
	n, rooms int
	pattern  string // the rooms' pattern, "" for the group pacer
	duration time.Duration
	ramp     int
	key      string
	pid      int
	colours  string // COLORTERM the sessions send, "" for none
}

// Bounds of a load: it runs on loopback only, and for so many sessions and
// so long at most.
const (
	maxSessions = 2000
	maxDuration = 10 * time.Minute
)

// check says what is wrong with c, if anything: the server must be on
// loopback, and the load bounded in count and time.
func (c config) check() error {
	host, _, err := net.SplitHostPort(c.addr)
	if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		return fmt.Errorf("-addr %q: a loopback address and port, such as 127.0.0.1:2222", c.addr)
	}
	if c.n < 1 || c.n > maxSessions || c.rooms < 1 || c.rooms > c.n || c.ramp < 1 || c.duration <= 0 || c.duration > maxDuration {
		return fmt.Errorf("-n (1 to %d), -rooms (1 to -n), -ramp (1 or more) and -duration (up to %v) out of range", maxSessions, maxDuration)
	}
	return nil
}

func main() {
	var c config
	flag.StringVar(&c.addr, "addr", "127.0.0.1:2222", "the server's address")
	flag.IntVar(&c.n, "n", 300, "screen sessions to open")
	flag.IntVar(&c.rooms, "rooms", 1, "rooms to spread them over")
	flag.StringVar(&c.pattern, "pattern", "", "the pattern the rooms are made with (default: none, the group pacer)")
	flag.DurationVar(&c.duration, "duration", 60*time.Second, "how long to hold them once open")
	flag.IntVar(&c.ramp, "ramp", 20, "new sessions a second at most")
	flag.StringVar(&c.key, "key", "", "private key to connect with (a fresh ed25519 key when empty)")
	flag.IntVar(&c.pid, "pid", 0, "the server's process (default: the one listening on -addr's port)")
	flag.StringVar(&c.colours, "colorterm", "", "COLORTERM the sessions send (truecolor: screens in true colour; none when empty: 256 colours)")
	flag.Parse()
	if err := c.check(); err != nil {
		fmt.Fprintln(os.Stderr, "loadssh:", err)
		os.Exit(2)
	}
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "loadssh:", err)
		os.Exit(1)
	}
}
