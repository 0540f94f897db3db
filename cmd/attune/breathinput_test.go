package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
)

func TestBreathInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "breaths")
	if err := os.WriteFile(path, []byte("in\nout\nwhat\nin\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []pacing.Event
	wait, err := breathInput(context.Background(), path, func(e pacing.Event) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, e)
	}, func() time.Duration { return 5 * time.Second }, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	bad, err := wait()
	if err != nil || bad != 1 {
		t.Fatalf("wait = %d, %v; want 1 malformed line and no error", bad, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 3 || got[0].Kind != pacing.BreathIn || got[1].Kind != pacing.BreathOut || got[2].At != 5*time.Second {
		t.Errorf("events %v", got)
	}

	_, err = breathInput(context.Background(), filepath.Join(t.TempDir(), "none"), func(pacing.Event) {}, func() time.Duration { return 0 }, time.Now())
	var ue usageError
	if err == nil || !strings.Contains(err.Error(), "--breath-input") || !errors.As(err, &ue) {
		t.Errorf("missing input: err = %v, want a usage error", err)
	}
}
