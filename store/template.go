package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ConfigTemplate is the commented config file `attune config init` writes.
// Every setting is shown with its default value, commented out.
const ConfigTemplate = `# attune config file.
#
# Every setting below shows its default; remove the "#" to change one.
# Flags on the command line win over this file, and this file wins over
# the defaults. ` + "`attune config`" + ` shows what is in effect and where it came from.

# How long a session lasts: "5m", "90s", "1h", or a number of minutes.
# duration = "3m"

# The pattern to breathe when none is named: a built-in (coherent, box, 478,
# sigh, extended), one of your patterns below, or a numeric form such as
# "4-7-8". Empty means: meet your breathing where it is and lead it.
# pattern = ""

# The pace, in breaths per minute, attune leads you toward (4 to 10).
# target = 6.0

# Lead toward the target (true), only follow (false). Leave unset to let
# attune decide: it leads when no fixed pattern is chosen.
# lead = true

# Sound layers that play: any of "voice", "tones", "breath" (a companion
# breathing sound); [] for silence.
# sound = ["voice", "tones"]

# The voice pack that speaks the cues.
# voice = "default"

# Show the seconds left in each phase.
# show_seconds = true

# Colours: "auto" (follow the terminal), "dark" or "light".
# theme = "auto"

# Keep the orb still apart from its size.
# reduced_motion = false

# Keep a history of sessions for ` + "`attune stats`" + `.
# history = true

# Loudness of each sound layer, from 0 (silent) to 1 (full).
[volume]
# voice = 0.9
# tones = 0.7
# breath = 0.6

# Your own patterns, usable by name (attune evening) and listed by
# ` + "`attune patterns`" + `. Seconds for each phase; in and out 1 to 30, holds
# 0 to 30, an optional top-up inhale 0 to 5. Names may not be those of
# built-ins.
#
# [patterns.evening]
# description = "a slow, long exhale to wind down"
# inhale = 4
# hold_in = 0
# exhale = 8
# hold_out = 0
# top_up = 0
`

// ErrConfigExists is returned by WriteConfigTemplate when the file exists
// and force is not set.
var ErrConfigExists = errors.New("config file already exists")

// WriteConfigTemplate writes ConfigTemplate to path, creating its directory.
// It refuses to replace an existing file unless force is set.
func WriteConfigTemplate(path string, force bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("creating config directory: %w", err)
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s: %w (use --force to replace it)", path, ErrConfigExists)
	}
	if err != nil {
		return fmt.Errorf("writing config: %w", err)
	}
	if _, err := f.WriteString(ConfigTemplate); err != nil {
		f.Close()
		return fmt.Errorf("writing config %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing config %s: %w", path, err)
	}
	return nil
}
