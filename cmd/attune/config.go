package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/store"
)

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
	{"no-summary", store.KeySummary},
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

// configWarned marks a command whose config file's warnings were already
// printed, by the command that runs it (attune plan runs the root command).
const configWarned = "config-warned"

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
		if cmd.Annotations[configWarned] == "" {
			fmt.Fprintf(cmd.ErrOrStderr(), "attune: warning: %s\n", w)
		}
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
