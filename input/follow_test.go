package input

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/attune-breath/attune/heart"
)

// TestFollow: a followed file gives what is appended to it after it was
// opened, not what was there before, a partial line only once its newline
// comes, and ends when the context does.
func TestFollow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "heart.log")
	if err := os.WriteFile(path, []byte("rr 900\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := Follow(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []float64
	done := make(chan error, 1)
	go func() {
		_, err := ReadHeart(ctx, r, func() time.Duration { return 0 }, start, func(rd heart.Reading, _ time.Duration, _ *time.Duration) {
			mu.Lock()
			got = append(got, rd.RR...)
			mu.Unlock()
		})
		done <- err
	}()
	w, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	read := func() []float64 {
		mu.Lock()
		defer mu.Unlock()
		return append([]float64(nil), got...)
	}
	waitFor := func(n int) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); len(read()) < n; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("read %v, want %d intervals", read(), n)
			}
		}
	}
	for _, s := range []string{"rr 800\n", "rr 7"} {
		if _, err := w.WriteString(s); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(1)
	if _, err := w.WriteString("00\n"); err != nil {
		t.Fatal(err)
	}
	waitFor(2)
	if g := read(); len(g) != 2 || g[0] != 800 || g[1] != 700 {
		t.Errorf("read %v, want [800 700]: what was appended, a partial line once whole, nothing from before", g)
	}
	cancel()
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Errorf("ended with %v, want the context's end", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the reader did not end with its context")
	}
}
