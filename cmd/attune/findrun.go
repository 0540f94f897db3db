package main

import (
	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/pacing"
)

// runFind runs the assessment with a real heart.
func runFind(cmd *cobra.Command, f findFlags, g pacing.StepGuide) error {
	return usagef("not yet")
}
