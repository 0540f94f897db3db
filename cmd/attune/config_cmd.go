package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/store"
)

func init() { register(newConfigCmd) }

func newConfigCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show the settings in effect and where each came from",
		Long: `Show the settings in effect and where each came from: the defaults, the
config file, or flags given here (flags beat the file, the file beats the
defaults). 'attune config init' writes a commented file to start from.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, src, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			path, _ := configPath(cmd)
			return printConfig(cmd.OutOrStdout(), path, cfg, src)
		},
	}
	addConfigFlag(cmd)
	// The session flags, so that `attune config --duration 5m` shows what a
	// session with them would use.
	var sf sessionFlags
	sf.add(cmd)
	cmd.Flags().Bool("no-history", false, "do not record sessions in the history")
	initCmd := &cobra.Command{
		Use:   "init",
		Short: "Write a commented config file with every setting",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			force, _ := cmd.Flags().GetBool("force")
			path, _ := configPath(cmd)
			err := store.WriteConfigTemplate(path, force)
			if errors.Is(err, store.ErrConfigExists) {
				return usagef("%s already exists; use --force to replace it", path)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", path)
			return nil
		},
	}
	initCmd.Flags().Bool("force", false, "replace an existing config file")
	addConfigFlag(initCmd)
	cmd.AddCommand(initCmd)
	return cmd
}

// printConfig writes the effective settings, one per line, each with where
// it came from.
func printConfig(w io.Writer, path string, cfg store.Config, src store.Sources) error {
	state := "found"
	if _, err := os.Stat(path); err != nil {
		state = "not found, defaults in use"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# config file: %s (%s)\n", path, state)
	kw, vw := 0, 0
	for _, k := range store.Keys() {
		kw, vw = max(kw, len(k)), max(vw, len(cfg.Value(k)))
	}
	for _, k := range store.Keys() {
		note := src.Of(k).String()
		if k == store.KeyPattern && cfg.Pattern == "" {
			note += " (meet your breathing and lead)"
		}
		fmt.Fprintf(&b, "%-*s = %-*s  # %s\n", kw, k, vw, cfg.Value(k), note)
	}
	for _, name := range cfg.PatternNames() {
		p := cfg.Patterns[name]
		fmt.Fprintf(&b, "patterns.%s = %s  # file", name, p.String())
		if p.Description != "" {
			fmt.Fprintf(&b, ": %s", p.Description)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
