package main

import (
	"runtime"
	"testing"
	"time"
)

// TestOneThreadOnceStarted: Go keeps every thread while the session starts
// and while the voice decodes, goes to one thread after both, and gets its
// threads back when the session ends, however soon that is.
func TestOneThreadOnceStarted(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	if procs == 1 {
		t.Skip("one thread already")
	}
	waitProcs := func(want int) int {
		deadline := time.Now().Add(2 * time.Second)
		for time.Now().Before(deadline) && runtime.GOMAXPROCS(0) != want {
			time.Sleep(5 * time.Millisecond)
		}
		return runtime.GOMAXPROCS(0)
	}

	loaded := make(chan struct{})
	restore := oneThreadOnceStarted(20*time.Millisecond, loaded)
	time.Sleep(100 * time.Millisecond)
	if got := runtime.GOMAXPROCS(0); got != procs {
		t.Fatalf("GOMAXPROCS %d while the voice decodes, want %d", got, procs)
	}
	close(loaded)
	if got := waitProcs(1); got != 1 {
		t.Fatalf("GOMAXPROCS %d once started and loaded, want 1", got)
	}
	restore()
	if got := runtime.GOMAXPROCS(0); got != procs {
		t.Fatalf("GOMAXPROCS %d after the session, want %d back", got, procs)
	}

	restore = oneThreadOnceStarted(time.Hour, nil)
	restore()
	if got := runtime.GOMAXPROCS(0); got != procs {
		t.Fatalf("GOMAXPROCS %d after a session ended at once, want %d", got, procs)
	}
}
