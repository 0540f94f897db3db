// Package store is attune's memory: the config file, the user's named
// patterns, the session history and the statistics drawn from it.
//
// It knows nothing of the user interface: it reads and writes files and
// computes values; the commands decide how to show them.
package store

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/xdg"

	"github.com/attune-breath/attune/pacing"
)

// Accepted ranges of settings.
const (
	MinDuration = 10 * time.Second
	MaxDuration = 4 * time.Hour
	MinTarget   = pacing.MinTarget // breaths per minute
	MaxTarget   = pacing.MaxTarget // breaths per minute
)

// Themes are the accepted colour themes.
var Themes = []string{"auto", "dark", "light"}

// reservedNames cannot name a pattern because they are subcommands.
var reservedNames = []string{"config", "stats", "patterns", "help", "completion", "version"}

// Source says where a setting's value came from.
type Source int

// Where a setting can come from, weakest first.
const (
	FromDefault Source = iota
	FromFile
	FromFlag
)

// String names the source as `attune config` prints it.
func (s Source) String() string {
	switch s {
	case FromFile:
		return "file"
	case FromFlag:
		return "flag"
	default:
		return "default"
	}
}

// Sources maps a setting key to where its value came from; a key that is
// absent came from the defaults.
type Sources map[string]Source

// Of returns where key's value came from.
func (s Sources) Of(key string) Source { return s[key] }

// Warning is something in a config file that attune ignored.
type Warning struct {
	File      string
	Line, Col int
	Key       string
	Msg       string
}

// String formats the warning as "file:line:col: msg".
func (w Warning) String() string {
	return posPrefix(w.File, w.Line, w.Col) + w.Msg
}

// ConfigError is a mistake in a config file: where it is, the key, what was
// wrong and what is accepted. Commands map it to exit code 2.
type ConfigError struct {
	File      string
	Line, Col int    // 1-based; 0 when unknown
	Key       string // dotted key, empty for a syntax error outside a key
	Msg       string // what was wrong
	Accepted  string // what is accepted; may be empty
}

// Error formats the error as one line: "file:line:col: key: msg; accepted: …".
func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString(posPrefix(e.File, e.Line, e.Col))
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Msg)
	if e.Accepted != "" {
		b.WriteString("; accepted: " + e.Accepted)
	}
	return b.String()
}

func posPrefix(file string, line, col int) string {
	switch {
	case line > 0 && col > 0:
		return fmt.Sprintf("%s:%d:%d: ", file, line, col)
	case line > 0:
		return fmt.Sprintf("%s:%d: ", file, line)
	default:
		return file + ": "
	}
}

// DefaultConfigPath is where attune looks for its config file:
// $XDG_CONFIG_HOME/attune/config.toml or the platform's equivalent.
func DefaultConfigPath() string {
	return filepath.Join(xdg.ConfigHome, "attune", "config.toml")
}

// maxConfigSize bounds the config file attune will read.
const maxConfigSize = 1 << 20

// LoadConfig reads the config file at path over the defaults. A missing file
// gives the defaults. A file attune cannot accept gives a *ConfigError; a
// file it cannot read gives another error. Unknown keys are warnings.
func LoadConfig(path string) (Config, Sources, []Warning, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), Sources{}, nil, nil
	}
	if err != nil {
		return Default(), Sources{}, nil, fmt.Errorf("reading config %s: %w", path, err)
	}
	return ParseConfig(path, data)
}

// ParseConfig reads config data over the defaults; name is used in messages.
func ParseConfig(name string, data []byte) (Config, Sources, []Warning, error) {
	cfg, src := Default(), Sources{}
	if len(data) > maxConfigSize {
		return cfg, src, nil, &ConfigError{File: name, Msg: fmt.Sprintf("file is %d bytes", len(data)), Accepted: fmt.Sprintf("at most %d bytes", maxConfigSize)}
	}
	p := &parser{file: name, data: string(data), cfg: &cfg, src: src}
	raw := map[string]any{}
	if _, err := toml.Decode(p.data, &raw); err != nil {
		return Default(), Sources{}, nil, p.syntaxError(err)
	}
	if err := p.apply(raw); err != nil {
		return Default(), Sources{}, nil, err
	}
	sort.SliceStable(p.warnings, func(i, j int) bool {
		a, b := p.warnings[i], p.warnings[j]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	if p.moreWarnings > 0 {
		p.warnings = append(p.warnings, Warning{File: name, Msg: fmt.Sprintf("%d more unknown keys ignored", p.moreWarnings)})
	}
	return cfg, src, p.warnings, nil
}

type parser struct {
	file     string
	data     string
	cfg      *Config
	src      Sources
	warnings []Warning
	// moreWarnings counts the warnings past maxWarnings.
	moreWarnings int
}

func (p *parser) syntaxError(err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if msg == "" {
			msg = "not valid TOML"
		}
		return &ConfigError{File: p.file, Line: pe.Position.Line, Col: pe.Position.Col, Key: pe.LastKey,
			Msg: msg, Accepted: "TOML, such as key = \"value\" lines and [table] headers"}
	}
	return &ConfigError{File: p.file, Msg: err.Error(), Accepted: "TOML"}
}

// errAt makes a ConfigError located at key.
func (p *parser) errAt(key []string, msg, accepted string) error {
	line, col := p.locate(key)
	return &ConfigError{File: p.file, Line: line, Col: col, Key: dotted(key), Msg: msg, Accepted: accepted}
}

// maxWarnings bounds the warnings for one file; the rest are summed up.
const maxWarnings = 20

func (p *parser) warn(key []string, msg string) {
	if len(p.warnings) >= maxWarnings {
		p.moreWarnings++
		return
	}
	line, col := p.locate(key)
	p.warnings = append(p.warnings, Warning{File: p.file, Line: line, Col: col, Key: dotted(key), Msg: msg})
}

func dotted(key []string) string { return toml.Key(key).String() }

// apply checks every key of the decoded file and sets the settings.
func (p *parser) apply(raw map[string]any) error {
	for _, k := range sortedKeys(raw) {
		var err error
		if g, ok := groupNamed(k); ok {
			err = p.setGroup(g, raw[k])
		} else if s, ok := lookup(k); ok && groupOf(k) == "" {
			err = p.set(s, []string{k}, raw[k])
		} else if k == "patterns" {
			err = p.setPatterns(raw[k])
		} else {
			p.unknown([]string{k}, topKeys)
		}
		if err != nil {
			return err
		}
	}
	return p.checkPattern()
}

// set sets one setting from the file's value v at key.
func (p *parser) set(s *setting, key []string, v any) error {
	if err := s.kind.fromFile(p.cfg, v); err != nil {
		return p.errAt(key, err.Error(), acceptedFor(s, err))
	}
	p.src[s.key] = FromFile
	return nil
}

// acceptedFor says what s accepts, as err tells it or s's kind does.
func acceptedFor(s *setting, err error) string {
	var bv *badValue
	if errors.As(err, &bv) && bv.accepted != "" {
		return bv.accepted
	}
	return s.kind.accepted()
}

// setGroup sets the settings in one table, such as [volume].
func (p *parser) setGroup(g group, v any) error {
	tbl, ok := v.(map[string]any)
	if !ok {
		return p.errAt([]string{g.name}, "got "+typeName(v), g.accepted)
	}
	for _, k := range sortedKeys(tbl) {
		key := []string{g.name, k}
		s, ok := lookup(g.name + "." + k)
		if !ok {
			p.unknown(key, g.keys())
			continue
		}
		if err := p.set(s, key, tbl[k]); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) unknown(key []string, valid []string) {
	msg := fmt.Sprintf("unknown key %q ignored", dotted(key))
	if s := nearest(key[len(key)-1], valid); s != "" {
		prefix := strings.Join(key[:len(key)-1], ".")
		if prefix != "" {
			s = prefix + "." + s
		}
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	p.warn(key, msg)
}

// Set applies one setting given as text, as a flag would give it, and marks
// it as coming from src. Keys are those of Keys; values are read as in the
// config file ("5m", "4-7-8", "6", "true", "voice,tones", "0.5", "dark").
func (c *Config) Set(key, value string, src Sources, from Source) error {
	s, ok := lookup(key)
	if !ok {
		return fmt.Errorf("unknown setting %q; accepted: %s", key, strings.Join(Keys(), ", "))
	}
	value = strings.TrimSpace(value)
	if err := s.kind.fromText(c, value); err != nil {
		return fmt.Errorf("%s %q: %s; accepted: %s", key, value, err, acceptedFor(s, err))
	}
	if src != nil {
		src[key] = from
	}
	return nil
}

// Value formats one setting's value as `attune config` shows it.
func (c Config) Value(key string) string {
	if s, ok := lookup(key); ok {
		return s.kind.show(&c)
	}
	return ""
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// nearest returns the candidate closest to s by edit distance, if close
// enough to be a likely typo.
func nearest(s string, candidates []string) string {
	best, bestD := "", math.MaxInt
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), c); d < bestD {
			best, bestD = c, d
		}
	}
	if bestD <= max(2, len(s)/3) {
		return best
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return math.MaxInt / 2
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
