package main

import (
	"testing"
	"time"
)

// TestCheck: a load runs against loopback only, bounded in count and time.
func TestCheck(t *testing.T) {
	ok := config{addr: "127.0.0.1:2222", n: 300, rooms: 1, ramp: 20, duration: time.Minute}
	if err := ok.check(); err != nil {
		t.Fatalf("the default load: %v", err)
	}
	for _, good := range []func(*config){
		func(c *config) { c.addr = "localhost:2310" },
		func(c *config) { c.addr = "[::1]:2222" },
		func(c *config) { c.addr = "127.0.0.9:2222" },
		func(c *config) { c.n, c.rooms = maxSessions, maxSessions },
		func(c *config) { c.duration = maxDuration },
	} {
		c := ok
		good(&c)
		if err := c.check(); err != nil {
			t.Errorf("%+v refused: %v", c, err)
		}
	}
	for _, bad := range []func(*config){
		func(c *config) { c.addr = "10.0.0.5:2222" },
		func(c *config) { c.addr = "example.org:2222" },
		func(c *config) { c.addr = ":2222" },
		func(c *config) { c.addr = "127.0.0.1" },
		func(c *config) { c.n = 0 },
		func(c *config) { c.n = maxSessions + 1 },
		func(c *config) { c.rooms = 301 },
		func(c *config) { c.rooms = 0 },
		func(c *config) { c.ramp = 0 },
		func(c *config) { c.duration = 0 },
		func(c *config) { c.duration = maxDuration + time.Second },
	} {
		c := ok
		bad(&c)
		if err := c.check(); err == nil {
			t.Errorf("%+v taken", c)
		}
	}
}
