package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/store"
	"github.com/attune-breath/attune/tui/statsview"
)

func init() {
	register(newConfigCmd)
	register(newStatsCmd)
	register(newPatternsCmd)
}

// configFlags maps command-line flags to the config settings they override.
// A flag counts only when the user set it. Flags named "no-…" invert a
// boolean setting.
var configFlags = []struct{ flag, key string }{
	{"duration", store.KeyDuration},
	{"pattern", store.KeyPattern},
	{"target", store.KeyTarget},
	{"lead", store.KeyLead},
	{"no-lead", store.KeyLead},
	{"sound", store.KeySound},
	{"volume-voice", store.KeyVolumeVoice},
	{"volume-tones", store.KeyVolumeTones},
	{"volume-breath", store.KeyVolumeBreath},
	{"voice", store.KeyVoice},
	{"show-seconds", store.KeyShowSeconds},
	{"theme", store.KeyTheme},
	{"still", store.KeyReducedMotion},
	{"no-count", store.KeyShowSeconds},
	{"reduced-motion", store.KeyReducedMotion},
	{"history", store.KeyHistory},
	{"no-history", store.KeyHistory},
}

// addConfigFlag gives cmd a --config flag unless a parent provides one.
// A local flag shadows a persistent flag of the same name harmlessly.
func addConfigFlag(cmd *cobra.Command) {
	cmd.Flags().String("config", "", "config file (default "+store.DefaultConfigPath()+")")
}

// configPath is the config file to read: --config when given, otherwise
// the default path. explicit says the user named it.
func configPath(cmd *cobra.Command) (path string, explicit bool) {
	if f := cmd.Flags().Lookup("config"); f != nil && f.Value.String() != "" {
		return f.Value.String(), true
	}
	return store.DefaultConfigPath(), false
}

// loadConfig reads the config file, prints its warnings to stderr and applies
// the flags the user set. A bad file or flag is a usage error (exit code 2).
func loadConfig(cmd *cobra.Command) (store.Config, store.Sources, error) {
	path, explicit := configPath(cmd)
	if explicit {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return store.Config{}, nil, usagef("config file %s does not exist; accepted: an existing file (attune config init --config %s writes one)", path, path)
		}
	}
	cfg, src, warns, err := store.LoadConfig(path)
	var ce *store.ConfigError
	if errors.As(err, &ce) {
		return cfg, src, usagef("%s", ce)
	}
	if err != nil {
		return cfg, src, err
	}
	for _, w := range warns {
		fmt.Fprintf(cmd.ErrOrStderr(), "attune: warning: %s\n", w)
	}
	if err := applyFlags(cmd.Flags(), &cfg, src); err != nil {
		return cfg, src, err
	}
	return cfg, src, nil
}

// applyFlags overrides cfg with the flags in fs that the user set.
func applyFlags(fs *pflag.FlagSet, cfg *store.Config, src store.Sources) error {
	for _, m := range configFlags {
		f := fs.Lookup(m.flag)
		if f == nil || !f.Changed {
			continue
		}
		v := strings.Trim(f.Value.String(), "[]")
		if strings.HasPrefix(m.flag, "volume-") {
			// The volume flags count in percent; the file in 0 to 1.
			if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= 100 {
				v = strconv.FormatFloat(float64(n)/100, 'f', -1, 64)
			} else {
				return usagef("--%s %s is out of range; accepted: a whole number 0-100", m.flag, v)
			}
		}
		if strings.HasPrefix(m.flag, "no-") {
			switch v {
			case "true":
				v = "false"
			case "false":
				v = "true"
			}
		}
		if err := cfg.Set(m.key, v, src, store.FromFlag); err != nil {
			return usagef("--%s: %s", m.flag, err)
		}
	}
	return nil
}

// resolvePattern finds the pattern called name (a built-in, one of the
// user's from cfg, or a numeric form); anything else is a usage error that
// lists what is accepted.
func resolvePattern(cfg store.Config, name string) (pacing.Pattern, error) {
	if p, ok := store.ResolvePattern(name, cfg); ok {
		return p, nil
	}
	if strings.ContainsAny(name, "-+0123456789") {
		// Meant as numbers: say which number is wrong.
		if _, err := pacing.ParsePattern(name); err != nil {
			return pacing.Pattern{}, usageError{err.Error()}
		}
	}
	names := append(pacing.BuiltinNames(), cfg.PatternNames()...)
	return pacing.Pattern{}, usagef("pattern %q is not known; accepted: a name (%s) or %s", name, strings.Join(names, ", "), pacing.PatternForm)
}

// historyPath is the history file: the hidden --history-file flag when
// given, otherwise the default path.
func historyPath(cmd *cobra.Command) string {
	if f := cmd.Flags().Lookup("history-file"); f != nil && f.Value.String() != "" {
		return f.Value.String()
	}
	return store.HistoryPath()
}

func addHistoryFlag(cmd *cobra.Command) {
	cmd.Flags().String("history-file", "", "history file (default "+store.HistoryPath()+")")
	_ = cmd.Flags().MarkHidden("history-file")
}

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
