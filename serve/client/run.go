package client

import (
	"context"
	"time"

	"github.com/attune-breath/attune/serve/wire"
)

// EventKind says what happened to a client.
type EventKind int

// What a client hears.
const (
	StateChanged EventKind = iota + 1 // the room's state (and count)
	Tapped                            // another member tapped
	Lost                              // the connection was lost; Retry says when it tries again
	Back                              // connected again
)

// Event is news for the screen.
type Event struct {
	Kind  EventKind
	State wire.Message  // StateChanged, Back: the room's state
	Name  string        // Tapped
	Err   error         // Lost: why
	Retry time.Duration // Lost: the wait before the next attempt
}

// Run keeps the client in its room from the connection k (made by Dial)
// until ctx ends: it hands the room's news to on, refreshes the clock
// offset every Refresh, and after a lost connection says so and tries
// again, waiting FirstRetry at first and twice as long each time after, up
// to LastRetry. on must not block for long.
func (c *Client) Run(ctx context.Context, k *Conn, on func(Event)) {
	for {
		err := c.follow(ctx, k, on)
		_ = k.Close()
		c.setConn(nil)
		if ctx.Err() != nil {
			return
		}
		if k = c.redial(ctx, err, on); k == nil {
			return
		}
		on(Event{Kind: Back, State: k.State()})
	}
}

// redial tries to connect again until it does or ctx ends (nil then).
func (c *Client) redial(ctx context.Context, err error, on func(Event)) *Conn {
	wait := FirstRetry
	for {
		on(Event{Kind: Lost, Err: err, Retry: wait})
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		k, derr := c.Dial(ctx)
		if derr == nil {
			return k
		}
		err, wait = derr, min(2*wait, LastRetry)
	}
}

func (c *Client) setConn(k *Conn) {
	c.mu.Lock()
	c.conn = k
	c.mu.Unlock()
}

// follow hands k's news to on until k ends or ctx does, and returns why.
func (c *Client) follow(ctx context.Context, k *Conn, on func(Event)) error {
	c.setConn(k)
	refresh := time.NewTicker(c.cfg.Refresh)
	defer refresh.Stop()
	synced := make(chan error, 1)
	syncing := false
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-k.done:
			return k.err
		case m := <-k.msgs:
			if m.Kind == wire.State {
				on(Event{Kind: StateChanged, State: m})
			} else {
				on(Event{Kind: Tapped, Name: m.Name})
			}
		case <-refresh.C:
			if !syncing {
				syncing = true
				go func() { synced <- c.sync(ctx, k) }()
			}
		case <-synced:
			syncing = false // a failed refresh keeps the last estimate
		}
	}
}
