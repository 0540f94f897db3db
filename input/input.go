// Package input reads breath events from outside attune: a file or FIFO of
// lines "in" / "out", each optionally followed by a Unix time in
// milliseconds, so that a sensor program can drive a session; and a heart
// rate strap's lines (see ReadHeart) the same way.
package input

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// MaxLine is the longest line Read accepts; longer ones count as
// malformed.
const MaxLine = 4096

// deadliner is a reader whose blocking reads can be cut short.
type deadliner interface {
	SetReadDeadline(time.Time) error
}

// Read reads breath lines from r (see pacing.ParseBreathLine) until r ends,
// ctx is done or reading fails, and calls emit with each event in order, in
// the caller's goroutine. An event's time is its stamp as an offset from
// startUnix when the line carries one (a stamp later than now counts as
// now; one from before startUnix is dropped), otherwise now() when the line
// is read. now gives the offset since startUnix on a monotonic clock.
// Blank and comment lines are skipped; malformed ones (and lines over
// MaxLine bytes) are counted and ignored, never fatal.
//
// When r can have a read deadline (an *os.File on a pipe or FIFO), ctx
// being done interrupts a blocked read; otherwise Read returns at r's next
// line or end. It returns nil at the end of r and ctx.Err() when ctx ends it.
func Read(ctx context.Context, r io.Reader, now func() time.Duration, startUnix time.Time, emit func(pacing.Event)) (malformed int, err error) {
	return Lines(ctx, r, "breath input", func(line []byte) bool { return handle(line, now, startUnix, emit) })
}

// Lines reads r line by line until r ends, ctx is done or reading fails,
// and calls take with each line (its newline included) in the caller's
// goroutine; take reports whether the line was well formed. Lines longer
// than MaxLine count as malformed without being taken. what names the
// input in a read error. Cancelling ctx interrupts a blocked read as Read
// describes. It returns the number of malformed lines, with nil at the end
// of r and ctx.Err() when ctx ends it.
func Lines(ctx context.Context, r io.Reader, what string, take func(line []byte) bool) (malformed int, err error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if d, ok := r.(deadliner); ok {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case <-ctx.Done():
				_ = d.SetReadDeadline(time.Unix(1, 0)) // the past: wake the reader
			case <-stop:
			}
		}()
		defer func() { close(stop); wg.Wait() }()
	}
	br := bufio.NewReaderSize(r, MaxLine)
	long := false // inside a line that is too long
	for {
		line, rerr := br.ReadSlice('\n')
		switch {
		case errors.Is(rerr, bufio.ErrBufferFull):
			if !long {
				malformed++
			}
			long = true
			continue
		case long:
			long = false // the rest of an over-long line
		case len(line) > 0:
			if !take(line) {
				malformed++
			}
		}
		if ctx.Err() != nil {
			return malformed, ctx.Err()
		}
		switch {
		case rerr == nil:
		case errors.Is(rerr, io.EOF):
			return malformed, nil
		case errors.Is(rerr, os.ErrDeadlineExceeded) && ctx.Err() != nil:
			return malformed, ctx.Err()
		default:
			return malformed, fmt.Errorf("reading %s: %w", what, rerr)
		}
	}
}

// handle parses one line and emits its event; it reports whether the line
// was well formed.
func handle(line []byte, now func() time.Duration, startUnix time.Time, emit func(pacing.Event)) bool {
	kind, ms, hasTime, err := pacing.ParseBreathLine(string(line))
	if errors.Is(err, pacing.ErrBlankLine) {
		return true
	}
	if err != nil {
		return false
	}
	at := now()
	if hasTime {
		stamp := time.UnixMilli(ms).Sub(startUnix)
		if stamp < 0 {
			return true // from before the session: nothing to do with it
		}
		at = min(stamp, at)
	}
	emit(pacing.Event{Kind: kind, At: at})
	return true
}
