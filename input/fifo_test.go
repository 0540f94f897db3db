//go:build unix

package input

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
)

func mkfifo(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "breath")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	return path
}

// TestFIFO drives Read through a real FIFO: a sender writes, goes away and
// comes back, and the input carries on; cancelling the context ends a read
// that is waiting for the next line.
func TestFIFO(t *testing.T) {
	path := mkfifo(t)
	f, err := Open(path) // must not wait for a sender
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var got []pacing.Event
	got3 := make(chan struct{})
	type result struct {
		bad int
		err error
	}
	done := make(chan result, 1)
	go func() {
		bad, err := Read(ctx, f, func() time.Duration { return time.Second }, start, func(e pacing.Event) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, e)
			if len(got) == 3 {
				close(got3)
			}
		})
		done <- result{bad, err}
	}()

	send := func(text string) {
		w, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			t.Error(err)
			return
		}
		defer w.Close()
		if _, err := w.WriteString(text); err != nil {
			t.Error(err)
		}
	}
	send("in\nnonsense\n")
	send("out\nin " + formatInt(start.Add(500*time.Millisecond).UnixMilli()) + "\n") // a second sender
	select {
	case <-got3:
	case <-time.After(5 * time.Second):
		t.Fatal("events did not arrive through the FIFO")
	}
	cancel()
	var r result
	select {
	case r = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("cancelling did not end a blocked read")
	}
	if !errors.Is(r.err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", r.err)
	}
	if r.bad != 1 {
		t.Errorf("malformed = %d, want 1", r.bad)
	}
	want := []pacing.Event{{Kind: pacing.BreathIn, At: time.Second}, {Kind: pacing.BreathOut, At: time.Second}, {Kind: pacing.BreathIn, At: 500 * time.Millisecond}}
	mu.Lock()
	defer mu.Unlock()
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			t.Fatalf("events = %v, want %v", got, want)
		}
	}
}

func TestOpenMissing(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "nope")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want not-exist", err)
	}
	if _, err := OpenInput(t.TempDir(), "heart input"); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("a directory: err = %v, want it named a directory", err)
	}
}
