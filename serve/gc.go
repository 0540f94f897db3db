package serve

import (
	"os"
	"runtime/debug"
)

// GCPercent is the garbage collector's target a room server runs with,
// unless GOGC says otherwise: each session's screen keeps its cell buffers
// and input tables alive for its whole life, so the heap is mostly live,
// and Go's default (100: the heap may grow to twice what is live) costs
// about a fifth of a server's memory for little CPU saved. At 50 a session
// takes about a quarter less memory (docs/together.md, Load) for some more
// CPU spent collecting.
const GCPercent = 50

// TuneGC sets the garbage collector's target to GCPercent unless the GOGC
// environment variable sets one.
func TuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(GCPercent)
	}
}
