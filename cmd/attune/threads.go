package main

import (
	"runtime"
	"time"
)

// oneThreadOnceStarted runs Go on one thread once the session has been
// running for after and loaded is closed, until the returned function is
// called; a nil loaded is taken as closed. A frame or a sound buffer is a
// few hundred microseconds of work, and with more threads each wake-up is
// handed between them at a cost greater than the work's (measured: 1.1-1.3 %
// of a core on two threads, 0.85-0.9 % on one, scripts/measure-tui.sh).
// Starting keeps every thread: the first frame, the width tables and the
// voice's decoding run side by side, and a voice decoded on one thread was
// heard late.
func oneThreadOnceStarted(after time.Duration, loaded <-chan struct{}) (restore func()) {
	procs := runtime.GOMAXPROCS(0)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTimer(after)
		defer t.Stop()
		select {
		case <-t.C:
		case <-stop:
			return
		}
		if loaded != nil {
			select {
			case <-loaded:
			case <-stop:
				return
			}
		}
		runtime.GOMAXPROCS(1)
	}()
	return func() {
		close(stop)
		<-done
		runtime.GOMAXPROCS(procs)
	}
}
