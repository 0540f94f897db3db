package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/internal/version"
)

func init() { register(newVersionCmd) }

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print attune's version, commit, build date and Go version",
		Long: `attune version prints which build of attune this is: its version, the commit
it was built from, that commit's date, and the Go version and platform it was
built with. A release says its release version; a 'go install …@v1.2.0' build
says its module version; a build from a clone says (devel) or a version made
from the commit, and the commit itself. attune --version prints the same.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprint(cmd.OutOrStdout(), version.Get())
			return err
		},
	}
}

// addVersionFlag gives the root command --version, which prints what
// attune version prints. It is handled here rather than by cobra's own
// version flag, whose custom template would keep text/template's reflection
// in the binary (megabytes) and which would add a -v shorthand.
func addVersionFlag(cmd *cobra.Command) {
	cmd.Flags().Bool("version", false, "print the version, commit, build date and Go version")
	run := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if v, _ := cmd.Flags().GetBool("version"); v {
			_, err := fmt.Fprint(cmd.OutOrStdout(), version.Get())
			return err
		}
		return run(cmd, args)
	}
}
