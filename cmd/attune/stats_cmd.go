package main

import (
	"encoding/json"
	"io"
	"os"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/store"
	"github.com/attune-breath/attune/tui/statsview"
)

func init() { register(newStatsCmd) }

func newStatsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Show your practice: sessions, streaks, a heat map and your breathing trend",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			asJSON, _ := cmd.Flags().GetBool("json")
			width, _ := cmd.Flags().GetInt("width")
			if width < 0 {
				return usagef("--width %d: accepted: a number of columns, 20 or more", width)
			}
			cfg, _, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			recs, skipped, err := store.ReadHistory(historyPath(cmd))
			if err != nil {
				return err
			}
			st := store.ComputeStats(recs, time.Now(), time.Local)
			st.Skipped = skipped
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(st)
			}
			tty := isTerminal(out)
			if width == 0 {
				width = 80
				if tty {
					if w, _, err := term.GetSize(out.(*os.File).Fd()); err == nil && w > 0 {
						width = w
					}
				}
			}
			styles := statsview.PlainStyles()
			if tty && os.Getenv("NO_COLOR") == "" {
				styles = statsview.DefaultStyles(isDark(cfg.Theme, out))
			}
			_, err = lipgloss.Fprint(out, statsview.Render(st, width, styles))
			return err
		},
	}
	cmd.Flags().Bool("json", false, "print the stats as JSON")
	cmd.Flags().Int("width", 0, "columns to draw in (default: the terminal's width, or 80)")
	addConfigFlag(cmd)
	addHistoryFlag(cmd)
	return cmd
}

// isDark decides the colours for a theme setting.
func isDark(theme string, out io.Writer) bool {
	switch theme {
	case "light":
		return false
	case "dark":
		return true
	}
	f, ok := out.(*os.File)
	if !ok || !term.IsTerminal(os.Stdin.Fd()) {
		return true
	}
	return lipgloss.HasDarkBackground(os.Stdin, f)
}
