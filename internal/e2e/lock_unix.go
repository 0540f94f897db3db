//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// soundLock keeps the real-time sound tests of every test process on this
// machine from running at once: go test runs packages side by side, and two
// sound servers with their players competing for the CPU put cues tens of
// milliseconds off. The lock is held until the test ends.
func soundLock(t testing.TB) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "attune-e2e-sound.lock"), os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		t.Fatalf("sound test lock: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatalf("sound test lock: %v", err)
	}
	t.Cleanup(func() { f.Close() }) // closing releases the lock
}
