package main

// A stand-in for the root command's sessionFromFlags, so that render builds
// and runs today; root.go's version replaces this file.

import (
	"github.com/attune-breath/attune/pacing"
	"github.com/spf13/cobra"
)

// sessionFromFlags builds the session that cmd's session flags (--pattern,
// --duration) and words ([pattern] [duration]) ask for.
func sessionFromFlags(cmd *cobra.Command, args []string) (*pacing.Session, error) {
	var sf sessionFlags
	sf.pattern, _ = cmd.Flags().GetString("pattern")
	sf.duration, _ = cmd.Flags().GetString("duration")
	return sf.session(args)
}
