package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeRefusesBadFlags: a listen address that is not one, or a limit
// out of range, is one line naming the flag and what it accepts, and exit
// status 2, before anything is made or opened.
func TestServeRefusesBadFlags(t *testing.T) {
	key := filepath.Join(t.TempDir(), "key")
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"--listen", "nonsense"}, `--listen "nonsense" not accepted: an address and port such as :2222`},
		{[]string{"--listen", "127.0.0.1:99999"}, `--listen "127.0.0.1:99999" not accepted`},
		{[]string{"--listen", ":ssh"}, `--listen ":ssh" not accepted`},
		{[]string{"--listen", ""}, `--listen "" not accepted`},
		{[]string{"--listen", ":-1"}, `--listen ":-1" not accepted`},
		{[]string{"--max-sessions", "0"}, "--max-sessions 0 not accepted"},
		{[]string{"--idle", "-1s"}, "--idle and --max-length take a duration of 0 or more"},
	} {
		code, _, errs := runAttune(t, append([]string{"serve", "--host-key", key}, tc.args...)...)
		if code != exitUsage || !strings.Contains(errs, tc.says) || strings.Count(errs, "\n") != 1 {
			t.Errorf("serve %q: exit %d, stderr %q; want %d and one line saying %q", tc.args, code, errs, exitUsage, tc.says)
		}
	}
	if _, err := os.Stat(key); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused serve made its host key: %v", err)
	}
}
