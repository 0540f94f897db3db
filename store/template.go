package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// ConfigTemplate is the commented config file `attune config init` writes,
// drawn from the settings table: every setting with what it does, what it
// accepts and its default value, commented out.
var ConfigTemplate = configTemplate()

const templateHeader = `# attune config file.
#
# Every setting below shows its default; remove the "#" to change one.
# Flags on the command line win over this file, and this file wins over
# the defaults. ` + "`attune config`" + ` shows what is in effect and where it came from.
`

// templatePatterns is the template's example of a named pattern.
const templatePatterns = `#
# [patterns.evening]
# description = "a slow, long exhale to wind down"
# inhale = 4
# hold_in = 0
# exhale = 8
# hold_out = 0
# top_up = 0
`

// templateWidth is how wide the template's comments are.
const templateWidth = 76

func configTemplate() string {
	def := Default()
	var b strings.Builder
	b.WriteString(templateHeader)
	for _, s := range settings {
		if groupOf(s.key) != "" {
			continue
		}
		doc := s.doc
		if acc := s.kind.accepted(); acc != boolAccepted {
			doc += " Accepted: " + acc + "."
		}
		lit, _ := s.kind.literal(&def)
		fmt.Fprintf(&b, "\n%s# %s = %s\n", comment(doc), s.key, lit)
	}
	for _, g := range groups {
		fmt.Fprintf(&b, "\n%s[%s]\n", comment(g.doc), g.name)
		for _, s := range settings {
			if groupOf(s.key) == g.name {
				lit, _ := s.kind.literal(&def)
				fmt.Fprintf(&b, "%s# %s = %s\n", comment(s.doc), strings.TrimPrefix(s.key, g.name+"."), lit)
			}
		}
	}
	doc := patternsDoc + " Seconds for each phase: " + phaseRanges + ". Names may not be those of built-ins."
	b.WriteString("\n" + comment(doc) + templatePatterns)
	return b.String()
}

// words are the words comment wraps: a `code span` stays whole.
var words = regexp.MustCompile("`[^`]*`\\S*|\\S+")

// comment wraps text into "# " lines. No line starts with "[", so that
// uncommenting a line never makes a table header of prose.
func comment(text string) string {
	var lines [][]string
	var line []string
	width := 0
	for _, w := range words.FindAllString(text, -1) {
		if len(line) > 0 && width+1+len(w) > templateWidth-2 {
			next := []string{}
			if strings.HasPrefix(w, "[") && len(line) > 1 {
				next, line = line[len(line)-1:], line[:len(line)-1]
			}
			lines, line = append(lines, line), next
		}
		line = append(line, w)
		width = len(strings.Join(line, " "))
	}
	lines = append(lines, line)
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("# " + strings.Join(l, " ") + "\n")
	}
	return b.String()
}

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
