package main

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/attune-breath/attune/store"
)

// signals remembers the first signal that ended a session.
type signals struct {
	mu   sync.Mutex
	got  os.Signal
	ch   chan os.Signal
	done chan struct{}
}

// watchSignals cancels the session on SIGINT, SIGTERM or SIGHUP (the
// terminal closed) and remembers which came.
func watchSignals(cancel context.CancelFunc) *signals {
	s := &signals{ch: make(chan os.Signal, 1), done: make(chan struct{})}
	signal.Notify(s.ch, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		select {
		case v := <-s.ch:
			s.mu.Lock()
			s.got = v
			s.mu.Unlock()
			cancel()
		case <-s.done:
		}
	}()
	return s
}

// stop ends the watch.
func (s *signals) stop() {
	signal.Stop(s.ch)
	close(s.done)
}

// ending says how the session ended, for history.
func (s *signals) ending(complete bool) store.Ending {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.got {
	case nil:
		if complete {
			return store.Completed
		}
		return store.Quit
	case syscall.SIGHUP:
		return store.TerminalClosed
	}
	return store.Interrupted
}
