package main

import (
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/attune-breath/attune/together"
)

// load is a run's sessions and what was measured around them.
type load struct {
	pid            int
	rooms          []together.Room
	channels       []*gossh.Client
	screens        []*screen
	failed         int
	firstErr       string
	rss0, rss1     int64
	cpu0, cpu1     float64
	holdAt, holdTo time.Time
}

func run(c config) error {
	pid, err := serverPID(c)
	if err != nil {
		return err
	}
	k, err := newKeys(c.key)
	if err != nil {
		return err
	}
	l := &load{pid: pid}
	if l.rss0, err = rssBytes(pid); err != nil {
		return err
	}
	nm := &names{k: k, used: map[string]bool{}}
	for r := range c.rooms {
		signer, err := nm.pick(r)
		if err != nil {
			return err
		}
		room, ch, err := roomState(c, signer, c.n+r*perAddr, r)
		if err != nil {
			return err
		}
		l.rooms, l.channels = append(l.rooms, room), append(l.channels, ch)
	}
	opened := time.Now()
	if err := l.open(c, nm); err != nil {
		return err
	}
	fmt.Printf("opened %d of %d sessions in %v (%d failed", len(l.screens), c.n, time.Since(opened).Round(time.Millisecond), l.failed)
	if l.firstErr != "" {
		fmt.Printf(", the first: %s", l.firstErr)
	}
	fmt.Println(")")
	time.Sleep(2 * time.Second) // the first frames settle
	l.hold(c)
	for _, s := range l.screens {
		_ = s.client.Close()
	}
	for _, ch := range l.channels {
		_ = ch.Close()
	}
	l.report(c)
	return nil
}

// serverPID is -pid, or the process listening on -addr's port.
func serverPID(c config) (int, error) {
	if c.pid > 0 {
		return c.pid, nil
	}
	_, p, err := net.SplitHostPort(c.addr)
	if err != nil {
		return 0, err
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return 0, err
	}
	return listener(port)
}

// open opens the screens, -ramp a second at most, spread over the rooms.
func (l *load) open(c config, nm *names) error {
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	tick := time.NewTicker(time.Second / time.Duration(c.ramp))
	defer tick.Stop()
	for i := range c.n {
		signer, err := nm.pick(i % c.rooms)
		if err != nil {
			return err
		}
		<-tick.C
		wg.Go(func() {
			s, err := openScreen(c, signer, i, i%c.rooms)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				l.failed++
				if l.firstErr == "" {
					l.firstErr = err.Error()
				}
				return
			}
			l.screens = append(l.screens, s)
		})
	}
	wg.Wait()
	return nil
}

// hold keeps the sessions open for -duration, measuring the server.
func (l *load) hold(c config) {
	l.holdAt = time.Now()
	l.cpu0, _ = cpuSeconds(l.pid)
	time.Sleep(c.duration)
	l.cpu1, _ = cpuSeconds(l.pid)
	l.rss1, _ = rssBytes(l.pid)
	l.holdTo = time.Now()
}
