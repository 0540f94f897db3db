package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/store"
)

func init() { register(newPatternsCmd) }

func newPatternsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "patterns",
		Short: "List the breathing patterns: the built-ins and yours",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, _, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			path, _ := configPath(cmd)
			_, err = io.WriteString(cmd.OutOrStdout(), listPatterns(cfg, path))
			return err
		},
	}
	addConfigFlag(cmd)
	return cmd
}

// listPatterns formats the built-in patterns and the user's, one a line:
// name, numeric form, breaths per minute and what it is for.
func listPatterns(cfg store.Config, path string) string {
	type row struct{ name, form, bpm, desc string }
	builtins := pacing.Builtins()
	var rows []row
	for _, p := range builtins {
		rows = append(rows, row{p.Name, p.String(), fmt.Sprintf("%.1f/min", p.BPM()), p.Description})
	}
	for _, n := range cfg.PatternNames() {
		p := cfg.Patterns[n]
		desc := p.Description
		if desc == "" {
			desc = "(no description)"
		}
		rows = append(rows, row{n, p.String(), fmt.Sprintf("%.1f/min", p.BPM()), desc})
	}
	wn, wf, wb := 0, 0, 0
	for _, r := range rows {
		wn, wf, wb = max(wn, len(r.name)), max(wf, len(r.form)), max(wb, len(r.bpm))
	}
	var b strings.Builder
	line := func(r row, mark string) {
		fmt.Fprintf(&b, "%s %-*s  %-*s  %*s  %s\n", mark, wn, r.name, wf, r.form, wb, r.bpm, r.desc)
	}
	b.WriteString("Built-in patterns:\n")
	for _, r := range rows[:len(builtins)] {
		line(r, " ")
	}
	if len(rows) > len(builtins) {
		fmt.Fprintf(&b, "\nYour patterns (*), from %s:\n", path)
		for _, r := range rows[len(builtins):] {
			line(r, "*")
		}
	} else {
		fmt.Fprintf(&b, "\nAdd your own as [patterns.NAME] in %s (attune config init writes an example).\n", path)
	}
	b.WriteString("\nBreathe one with: attune NAME, or give a form such as attune 4-7-8.\n")
	return b.String()
}
