//go:build !windows

package main

import (
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// stopSettle is how long the process waits, after stopping itself, for
// word that it was continued: the stop comes within microseconds, so the
// wait ends once it goes on again, one way or the other.
const stopSettle = 100 * time.Millisecond

// pauseWhileStopped keeps a plain session waiting while the shell has it
// stopped (ctrl+z, then fg), as the screen's own ctrl+z does: on SIGTSTP it
// pauses the session and then stops the process; when the process is
// continued it resumes the session, unless the session was paused already.
// It returns a function that ends the watch.
func pauseWhileStopped(sess *pacing.Session, clock func() time.Duration) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTSTP)
	cont := make(chan os.Signal, 1)
	signal.Notify(cont, syscall.SIGCONT)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			select {
			case <-done:
				return
			case <-ch:
			}
			release := sess.Hold(clock())
			// Stop as the signal would have. Once Go has caught SIGTSTP
			// its default action cannot be had back (signal.Reset leaves
			// Go's handler, which then drops it), so the process stops
			// itself with SIGSTOP, and goes on once continued (fg or bg).
			select {
			case <-cont:
			default:
			}
			_ = syscall.Kill(os.Getpid(), syscall.SIGSTOP)
			t := time.NewTimer(stopSettle)
			select {
			case <-cont:
			case <-t.C:
			}
			t.Stop()
			release(clock())
		}
	}()
	return func() {
		signal.Stop(ch)
		signal.Stop(cont)
		close(done)
		<-finished
	}
}
