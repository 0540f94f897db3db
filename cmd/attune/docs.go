//go:build attunedocs

package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/adrg/xdg"
	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/internal/clidocs"
	"github.com/attune-breath/attune/internal/version"
)

func init() { register(newDocsCmd) }

// This file is built only with -tags attunedocs, so that the released binary
// carries neither the pages nor their generator.

// newDocsCmd makes the hidden command that the release build runs to write
// the manual pages and completions that go into the packages.
func newDocsCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "docs DIR",
		Short:  "Write the manual pages and shell completions into DIR (for packaging)",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			date := time.Now().UTC()
			if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
				sec, err := strconv.ParseInt(s, 10, 64)
				if err != nil {
					return usagef("SOURCE_DATE_EPOCH %q not accepted: seconds since 1970", s)
				}
				date = time.Unix(sec, 0).UTC()
			}
			info := version.Get()
			err := clidocs.Write(cmd.Root(), clidocs.Options{
				Dir: args[0], Source: "attune " + info.Version, Date: date,
				Replace: map[string]string{xdg.StateHome: "$XDG_STATE_HOME", xdg.ConfigHome: "$XDG_CONFIG_HOME"},
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s/man and %s/completions\n", args[0], args[0])
			return nil
		},
	}
}
