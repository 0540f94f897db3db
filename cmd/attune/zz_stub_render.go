package main

// A stand-in for the root command's sessionFromFlags, so that render builds
// on its own; root.go's version replaces this file.

import (
	"strconv"
	"strings"
	"time"

	"github.com/attune-breath/attune/pacing"
	"github.com/spf13/cobra"
)

// sessionFromFlags builds the session the command line asks for:
// [pattern] [duration], a fixed pattern (coherent when absent) for a
// duration (3 minutes when absent; "90s", "5m" or a number of minutes).
func sessionFromFlags(cmd *cobra.Command, args []string) (*pacing.Session, error) {
	p, _ := pacing.Builtin("coherent")
	d := 3 * time.Minute
	if len(args) > 2 {
		return nil, usagef("too many arguments %q; accepted: [pattern] [duration]", args)
	}
	if len(args) > 0 {
		var err error
		if p, err = pacing.ParsePattern(args[0]); err != nil {
			return nil, usagef("%v", err)
		}
	}
	if len(args) > 1 {
		s := strings.TrimSpace(args[1])
		if m, err := strconv.ParseFloat(s, 64); err == nil {
			d = time.Duration(m * float64(time.Minute))
		} else if d, err = time.ParseDuration(s); err != nil {
			return nil, usagef("duration %q: accepted: minutes (5) or a duration (90s, 5m)", s)
		}
		if d < 10*time.Second || d > 3*time.Hour {
			return nil, usagef("duration %v is out of range; accepted: 10s to 3h", d)
		}
	}
	return pacing.NewSession(pacing.Plan{Duration: d, Guide: pacing.FixedGuide{Pattern: p}, Label: p.Label()}), nil
}
