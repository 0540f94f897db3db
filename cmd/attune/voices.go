package main

import (
	"github.com/attune-breath/attune/audio"
	"github.com/spf13/cobra"
)

func init() { register(newVoicesCmd) }

func newVoicesCmd() *cobra.Command {
	return &cobra.Command{
		Use:           "voices",
		Short:         "List the voice packs you can use with --voice",
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return audio.DescribePacks(cmd.OutOrStdout(), audio.VoicesDir(), audio.BuiltinVoice)
		},
	}
}
