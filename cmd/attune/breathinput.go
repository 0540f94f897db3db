package main

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/attune-breath/attune/input"
	"github.com/attune-breath/attune/pacing"
)

// breathInput starts feeding observe from the breath-input file or FIFO at
// path (--breath-input), in its own goroutine, until ctx ends or a regular
// file runs out. now is the wall offset since the session began at
// startUnix. A path that cannot be opened is the user's mistake. wait
// stops nothing: it waits for the reader to finish (cancel ctx first) and
// returns how many malformed lines were ignored and any read error.
func breathInput(ctx context.Context, path string, observe func(pacing.Event), now func() time.Duration, startUnix time.Time) (wait func() (malformed int, err error), err error) {
	f, err := input.Open(path)
	if err != nil {
		return nil, usagef("--breath-input %s: %v; accepted: a file or FIFO of lines %s", path, err, pacing.BreathLineForm)
	}
	return inBackground(ctx, f, func(ctx context.Context, r io.Reader) (int, error) {
		return input.Read(ctx, r, now, startUnix, observe)
	}), nil
}

// inBackground runs read on f in its own goroutine, then closes f, and
// returns a function that waits for it to finish (it stops nothing: cancel
// ctx first) and returns how many malformed lines it ignored and its read
// error; the error of ctx ending is none.
func inBackground(ctx context.Context, f io.ReadCloser, read func(context.Context, io.Reader) (int, error)) func() (malformed int, err error) {
	type result struct {
		bad int
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer f.Close()
		bad, err := read(ctx, f)
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			err = nil
		}
		done <- result{bad, err}
	}()
	var r *result
	return func() (int, error) {
		if r == nil {
			v := <-done
			r = &v
		}
		return r.bad, r.err
	}
}
