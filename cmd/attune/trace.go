package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// addTraceFlag adds the hidden --trace flag: a file where a session writes
// the instant it started, for tests that check sound and screen against the
// session's own clock.
func addTraceFlag(fs *pflag.FlagSet) {
	fs.String("trace", "", "write the session's start instant (Unix nanoseconds) to this file")
	_ = fs.MarkHidden("trace")
}

// writeTrace writes start, as Unix nanoseconds and a newline, to the file
// --trace names; it does nothing without the flag.
func writeTrace(cmd *cobra.Command, start time.Time) error {
	path, _ := cmd.Flags().GetString("trace")
	if path == "" {
		return nil
	}
	if err := os.WriteFile(path, []byte(strconv.FormatInt(start.UnixNano(), 10)+"\n"), 0o644); err != nil {
		return fmt.Errorf("--trace: %w", err)
	}
	return nil
}
