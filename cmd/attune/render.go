package main

import (
	"fmt"
	"os"
	"time"

	"github.com/attune-breath/attune/audio"
	"github.com/attune-breath/attune/pacing"
	"github.com/spf13/cobra"
)

func init() { register(newRenderCmd) }

func newRenderCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "render --out FILE.wav [pattern] [duration]",
		Args:  cobra.MaximumNArgs(2),
		Short: "Write a whole session's sound to a WAV file",
		Long: "render writes the sound of a session (voice, tones and, with --sound, the breath)\n" +
			"to a WAV file, as an unattended session would sound, far faster than real time.",
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			out, _ := cmd.Flags().GetString("out")
			if out == "" {
				return usagef("render needs --out FILE.wav: the WAV file to write")
			}
			opts, err := soundOptions(cmd)
			if err != nil {
				return err
			}
			opts.Warn = warnTo(cmd)
			s, err := sessionFromFlags(cmd, args)
			if err != nil {
				return err
			}
			f, err := os.Create(out)
			if err != nil {
				return fmt.Errorf("creating %s: %w", out, err)
			}
			if err := audio.Render(f, s, opts); err != nil {
				f.Close()
				return fmt.Errorf("rendering %s: %w", out, err)
			}
			if err := f.Close(); err != nil {
				return fmt.Errorf("writing %s: %w", out, err)
			}
			end := s.StateAt(24 * time.Hour).PhaseStart
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: %s of %s\n", out, pacing.FormatClock(end), opts.Layers)
			return nil
		},
	}
	cmd.Flags().StringP("out", "o", "", "the WAV file to write")
	if cmd.Flags().Lookup("pattern") == nil {
		(&sessionFlags{}).add(cmd) // the session flags, as the root command has them
	}
	addSoundFlags(cmd.Flags())
	return cmd
}
