package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestHeartFollowsAFile: --heart naming a regular file follows it as a
// strap program appends to it (strap > heart.log), as a FIFO is read; the
// lines already there before the session are not taken.
func TestHeartFollowsAFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "heart.log")
	if err := os.WriteFile(path, []byte("rr 1000\nrr 1000\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	h, err := startHeart(ctx, path, 0, func() time.Duration { return time.Since(start) }, start)
	if err != nil {
		t.Fatal(err)
	}
	w, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.WriteString("rr 900\nHR: 66 bpm | RR: 910 ms, 920 ms\nnonsense\n"); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); h.beats.Len() < 3; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d beats read from the file as it grew, want 3", h.beats.Len())
		}
	}
	cancel()
	type ended struct {
		bad int
		err error
	}
	done := make(chan ended, 1)
	go func() {
		bad, err := h.wait()
		done <- ended{bad, err}
	}()
	select {
	case e := <-done:
		if e.err != nil || e.bad != 1 {
			t.Errorf("the reader ended with %d malformed, %v; want 1, nil", e.bad, e.err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the heart reader did not end with the session")
	}
	bs := h.beats.Beats()
	if len(bs) != 3 || bs[0].RR != 900 || bs[2].RR != 920 {
		t.Errorf("beats %+v, want the three appended (900, 910, 920)", bs)
	}
}
