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
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/xdg"

	"github.com/attune-breath/attune/pacing"
)

// Volumes are the loudness of each sound layer, from 0 (silent) to 1.
type Volumes struct {
	Voice  float64
	Tones  float64
	Breath float64
}

// Config holds attune's settings after defaults, the config file and flags
// have been applied.
type Config struct {
	// Duration is the default session length.
	Duration time.Duration
	// Pattern is the default pattern: a built-in name, a named pattern from
	// the file or a numeric form; empty means meet the breather and lead.
	Pattern string
	// Target is the pace, in breaths per minute, the lead moves toward.
	Target float64
	// Lead says whether attune leads toward Target; nil means attune decides
	// (it leads when no fixed pattern is chosen).
	Lead *bool
	// Sound lists the sound layers that play: "voice", "tones", "breath".
	Sound []string
	// Volumes are the layers' loudness.
	Volumes Volumes
	// Voice is the name of the voice pack.
	Voice string
	// ShowSeconds shows the seconds left in a phase.
	ShowSeconds bool
	// Theme is "auto", "dark" or "light".
	Theme string
	// ReducedMotion keeps the orb still apart from its size.
	ReducedMotion bool
	// History records each session in the history file.
	History bool
	// Patterns are the user's named patterns, by name.
	Patterns map[string]pacing.Pattern
}

// Setting keys, as written in the config file.
const (
	KeyDuration      = "duration"
	KeyPattern       = "pattern"
	KeyTarget        = "target"
	KeyLead          = "lead"
	KeySound         = "sound"
	KeyVolumeVoice   = "volume.voice"
	KeyVolumeTones   = "volume.tones"
	KeyVolumeBreath  = "volume.breath"
	KeyVoice         = "voice"
	KeyShowSeconds   = "show_seconds"
	KeyTheme         = "theme"
	KeyReducedMotion = "reduced_motion"
	KeyHistory       = "history"
)

// Keys lists the setting keys in display order.
func Keys() []string {
	return []string{KeyDuration, KeyPattern, KeyTarget, KeyLead, KeySound,
		KeyVolumeVoice, KeyVolumeTones, KeyVolumeBreath, KeyVoice,
		KeyShowSeconds, KeyTheme, KeyReducedMotion, KeyHistory}
}

// Accepted ranges of settings.
const (
	MinDuration = 10 * time.Second
	MaxDuration = 4 * time.Hour
	MinTarget   = pacing.MinTarget // breaths per minute
	MaxTarget   = pacing.MaxTarget // breaths per minute
)

// SoundLayers are the sound layers a config may name.
var SoundLayers = []string{"voice", "tones", "breath"}

// Themes are the accepted colour themes.
var Themes = []string{"auto", "dark", "light"}

// reservedNames cannot name a pattern because they are subcommands.
var reservedNames = []string{"config", "stats", "patterns", "help", "completion", "version"}

// Default returns the settings attune uses when nothing says otherwise.
func Default() Config {
	return Config{
		Duration:    3 * time.Minute,
		Target:      6,
		Sound:       []string{"voice", "tones"},
		Volumes:     Volumes{Voice: 0.9, Tones: 0.7, Breath: 0.6},
		Voice:       "default",
		Theme:       "auto",
		ShowSeconds: true,
		History:     true,
	}
}

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
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := raw[k]
		var err error
		switch k {
		case KeyDuration:
			err = p.setDuration(v)
		case KeyPattern:
			err = p.setString([]string{k}, v, func(s string) error { p.cfg.Pattern = strings.TrimSpace(s); return nil })
		case KeyTarget:
			err = p.setTarget(v)
		case KeyLead:
			err = p.setBool([]string{k}, v, func(b bool) { p.cfg.Lead = &b })
		case KeySound:
			err = p.setSound(v)
		case "volume":
			err = p.setVolumes(v)
		case KeyVoice:
			err = p.setVoice(v)
		case KeyShowSeconds:
			err = p.setBool([]string{k}, v, func(b bool) { p.cfg.ShowSeconds = b })
		case KeyTheme:
			err = p.setTheme(v)
		case KeyReducedMotion:
			err = p.setBool([]string{k}, v, func(b bool) { p.cfg.ReducedMotion = b })
		case KeyHistory:
			err = p.setBool([]string{k}, v, func(b bool) { p.cfg.History = b })
		case "patterns":
			err = p.setPatterns(v)
		default:
			p.unknown([]string{k}, topKeys)
		}
		if err != nil {
			return err
		}
	}
	return p.checkPattern()
}

var topKeys = []string{KeyDuration, KeyPattern, KeyTarget, KeyLead, KeySound, "volume", KeyVoice,
	KeyShowSeconds, KeyTheme, KeyReducedMotion, KeyHistory, "patterns"}

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

// typeName names a decoded TOML value's type for messages.
func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "true/false"
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "an array of tables"
	case []any:
		return "an array"
	case time.Time:
		return "a date"
	default:
		return fmt.Sprintf("a %T", v)
	}
}

func (p *parser) setString(key []string, v any, set func(string) error) error {
	s, ok := v.(string)
	if !ok {
		return p.errAt(key, "got "+typeName(v), "a quoted string")
	}
	p.src[dotted(key)] = FromFile
	return set(s)
}

func (p *parser) setBool(key []string, v any, set func(bool)) error {
	b, ok := v.(bool)
	if !ok {
		return p.errAt(key, "got "+typeName(v), "true or false")
	}
	set(b)
	p.src[dotted(key)] = FromFile
	return nil
}

// number reads an integer or float value.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, !math.IsNaN(n) && !math.IsInf(n, 0)
	}
	return 0, false
}

const durationAccepted = "a duration from 10s to 4h, such as \"5m\" or \"90s\", or a whole number of minutes"

// ParseDuration reads a session length as the config and flags accept it:
// a Go duration such as "5m" or "1m30s", or a bare number of minutes.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if m, err := strconv.ParseFloat(s, 64); err == nil {
		if math.IsNaN(m) || math.IsInf(m, 0) || m < 0 || m > MaxDuration.Minutes() {
			return 0, fmt.Errorf("%s minutes is out of range", s)
		}
		d = time.Duration(m * float64(time.Minute))
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("%q is not a duration", s)
		}
	}
	if d < MinDuration || d > MaxDuration {
		return 0, fmt.Errorf("%s is out of range", d)
	}
	return d, nil
}

func (p *parser) setDuration(v any) error {
	key := []string{KeyDuration}
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case int64:
		s = strconv.FormatInt(x, 10)
	default:
		return p.errAt(key, "got "+typeName(v), durationAccepted)
	}
	d, err := ParseDuration(s)
	if err != nil {
		return p.errAt(key, err.Error(), durationAccepted)
	}
	p.cfg.Duration = d
	p.src[KeyDuration] = FromFile
	return nil
}

var targetAccepted = fmt.Sprintf("a number of breaths per minute from %g to %g, such as 6", MinTarget, MaxTarget)

func (p *parser) setTarget(v any) error {
	key := []string{KeyTarget}
	n, ok := number(v)
	if !ok {
		return p.errAt(key, "got "+typeName(v), targetAccepted)
	}
	if n < MinTarget || n > MaxTarget {
		return p.errAt(key, fmt.Sprintf("%g breaths per minute is out of range", n), targetAccepted)
	}
	p.cfg.Target = n
	p.src[KeyTarget] = FromFile
	return nil
}

var soundAccepted = `a list of layers from "voice", "tones", "breath", such as ["tones", "breath"], or [] for silence`

func (p *parser) setSound(v any) error {
	key := []string{KeySound}
	var items []any
	switch x := v.(type) {
	case []any:
		items = x
	case string:
		items = []any{x}
	default:
		return p.errAt(key, "got "+typeName(v), soundAccepted)
	}
	layers, err := parseLayers(items)
	if err != nil {
		return p.errAt(key, err.Error(), soundAccepted)
	}
	p.cfg.Sound = layers
	p.src[KeySound] = FromFile
	return nil
}

// parseLayers checks a list of sound layer names and removes repeats.
func parseLayers(items []any) ([]string, error) {
	layers := []string{}
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil, fmt.Errorf("got %s in the list", typeName(it))
		}
		s = strings.ToLower(strings.TrimSpace(s))
		if !contains(SoundLayers, s) {
			return nil, fmt.Errorf("%q is not a sound layer", s)
		}
		if !contains(layers, s) {
			layers = append(layers, s)
		}
	}
	return layers, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

const volumeAccepted = "a number from 0 (silent) to 1 (full)"

func (p *parser) setVolumes(v any) error {
	tbl, ok := v.(map[string]any)
	if !ok {
		return p.errAt([]string{"volume"}, "got "+typeName(v), "a table: [volume] with voice, tones and breath from 0 to 1")
	}
	for _, k := range sortedKeys(tbl) {
		key := []string{"volume", k}
		var dst *float64
		switch k {
		case "voice":
			dst = &p.cfg.Volumes.Voice
		case "tones":
			dst = &p.cfg.Volumes.Tones
		case "breath":
			dst = &p.cfg.Volumes.Breath
		default:
			p.unknown(key, SoundLayers)
			continue
		}
		n, ok := number(tbl[k])
		if !ok {
			return p.errAt(key, "got "+typeName(tbl[k]), volumeAccepted)
		}
		if n < 0 || n > 1 {
			return p.errAt(key, fmt.Sprintf("%g is out of range", n), volumeAccepted)
		}
		*dst = n
		p.src[dotted(key)] = FromFile
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)

const voiceAccepted = "a voice pack name of lowercase letters, digits, '-' or '_', such as \"default\""

func (p *parser) setVoice(v any) error {
	key := []string{KeyVoice}
	s, ok := v.(string)
	if !ok {
		return p.errAt(key, "got "+typeName(v), voiceAccepted)
	}
	if !nameRE.MatchString(s) {
		return p.errAt(key, fmt.Sprintf("%q is not a voice pack name", s), voiceAccepted)
	}
	p.cfg.Voice = s
	p.src[KeyVoice] = FromFile
	return nil
}

const themeAccepted = `"auto", "dark" or "light"`

func (p *parser) setTheme(v any) error {
	key := []string{KeyTheme}
	s, ok := v.(string)
	if !ok {
		return p.errAt(key, "got "+typeName(v), themeAccepted)
	}
	t := strings.ToLower(strings.TrimSpace(s))
	if !contains(Themes, t) {
		return p.errAt(key, fmt.Sprintf("%q is not a theme", s), themeAccepted)
	}
	p.cfg.Theme = t
	p.src[KeyTheme] = FromFile
	return nil
}

// patternKeys are the keys of a [patterns.NAME] table.
var patternKeys = []string{"description", "inhale", "top_up", "hold_in", "exhale", "hold_out"}

const patternNameAccepted = "a name of lowercase letters, digits, '-' or '_' that starts with a letter and is not a built-in (%s) or a command (%s)"

func (p *parser) setPatterns(v any) error {
	tbl, ok := v.(map[string]any)
	if !ok {
		return p.errAt([]string{"patterns"}, "got "+typeName(v), "tables such as [patterns.evening] with inhale, hold_in, exhale and hold_out in seconds")
	}
	accepted := fmt.Sprintf(patternNameAccepted, strings.Join(pacing.BuiltinNames(), ", "), strings.Join(reservedNames, ", "))
	for _, name := range sortedKeys(tbl) {
		key := []string{"patterns", name}
		if _, clash := pacing.Builtin(name); clash {
			return p.errAt(key, fmt.Sprintf("%q is the name of a built-in pattern", name), accepted)
		}
		if contains(reservedNames, strings.ToLower(name)) {
			return p.errAt(key, fmt.Sprintf("%q is the name of a command", name), accepted)
		}
		if !nameRE.MatchString(name) {
			return p.errAt(key, fmt.Sprintf("%q is not a pattern name", name), accepted)
		}
		pat, err := p.pattern(key, tbl[name])
		if err != nil {
			return err
		}
		if p.cfg.Patterns == nil {
			p.cfg.Patterns = map[string]pacing.Pattern{}
		}
		p.cfg.Patterns[name] = pat
	}
	return nil
}

const phaseAccepted = "a number of seconds, such as 4 or 5.5"

func (p *parser) pattern(key []string, v any) (pacing.Pattern, error) {
	tbl, ok := v.(map[string]any)
	if !ok {
		return pacing.Pattern{}, p.errAt(key, "got "+typeName(v), "a table with inhale, hold_in, exhale, hold_out (and top_up) in seconds and a description")
	}
	pat := pacing.Pattern{Name: key[len(key)-1]}
	for _, k := range sortedKeys(tbl) {
		fk := append(append([]string(nil), key...), k)
		var dst *time.Duration
		switch k {
		case "description":
			s, ok := tbl[k].(string)
			if !ok {
				return pacing.Pattern{}, p.errAt(fk, "got "+typeName(tbl[k]), "a quoted string")
			}
			pat.Description = s
			continue
		case "inhale":
			dst = &pat.Inhale
		case "top_up":
			dst = &pat.TopUp
		case "hold_in":
			dst = &pat.HoldIn
		case "exhale":
			dst = &pat.Exhale
		case "hold_out":
			dst = &pat.HoldOut
		default:
			p.unknown(fk, patternKeys)
			continue
		}
		n, ok := number(tbl[k])
		if !ok {
			return pacing.Pattern{}, p.errAt(fk, "got "+typeName(tbl[k]), phaseAccepted)
		}
		if n < 0 || n > 1000 {
			return pacing.Pattern{}, p.errAt(fk, fmt.Sprintf("%g seconds is out of range", n), phaseAccepted+fmt.Sprintf("; in and out %g-%g s, holds 0-%g s, top-up 0-%g s", pacing.MinBreath, pacing.MaxBreath, pacing.MaxBreath, pacing.MaxTopUp))
		}
		*dst = time.Duration(math.Round(n * float64(time.Second)))
	}
	for _, need := range []string{"inhale", "exhale"} {
		if _, ok := tbl[need]; !ok {
			return pacing.Pattern{}, p.errAt(key, need+" is missing", "a table with inhale and exhale (and hold_in, hold_out, top_up) in seconds")
		}
	}
	if err := pat.Validate(); err != nil {
		msg, acc, _ := strings.Cut(err.Error(), ": accepted ")
		if acc != "" {
			acc = acc + fmt.Sprintf(" (in and out %g-%g s, holds 0-%g s, top-up 0-%g s)", pacing.MinBreath, pacing.MaxBreath, pacing.MaxBreath, pacing.MaxTopUp)
		}
		return pacing.Pattern{}, p.errAt(key, msg, acc)
	}
	return pat, nil
}

// checkPattern checks the default pattern once named patterns are known.
func (p *parser) checkPattern() error {
	name := p.cfg.Pattern
	if name == "" {
		return nil
	}
	if _, ok := ResolvePattern(name, *p.cfg); ok {
		return nil
	}
	var yours []string
	for n := range p.cfg.Patterns {
		yours = append(yours, n)
	}
	sort.Strings(yours)
	names := append(pacing.BuiltinNames(), yours...)
	return p.errAt([]string{KeyPattern}, fmt.Sprintf("%q is not a pattern", name),
		fmt.Sprintf("a name (%s), %s, or \"\" to meet your breathing and lead", strings.Join(names, ", "), pacing.PatternForm))
}

// ResolvePattern finds a pattern by name: a built-in first, then the user's
// named patterns, then the numeric form such as "4-7-8".
func ResolvePattern(name string, cfg Config) (pacing.Pattern, bool) {
	name = strings.TrimSpace(name)
	if p, ok := pacing.Builtin(name); ok {
		return p, true
	}
	if p, ok := cfg.Patterns[name]; ok {
		return p, true
	}
	for n, p := range cfg.Patterns {
		if strings.EqualFold(n, name) {
			return p, true
		}
	}
	if p, err := pacing.ParsePattern(name); err == nil {
		return p, true
	}
	return pacing.Pattern{}, false
}

// Set applies one setting given as text, as a flag would give it, and marks
// it as coming from src. Keys are those of Keys; values are read as in the
// config file ("5m", "4-7-8", "6", "true", "voice,tones", "0.5", "dark").
func (c *Config) Set(key, value string, src Sources, from Source) error {
	value = strings.TrimSpace(value)
	bad := func(why, accepted string) error {
		return fmt.Errorf("%s %q: %s; accepted: %s", key, value, why, accepted)
	}
	parseBool := func() (bool, error) {
		b, err := strconv.ParseBool(value)
		if err != nil {
			return false, bad("not true or false", "true or false")
		}
		return b, nil
	}
	vol := func(dst *float64) error {
		n, err := strconv.ParseFloat(value, 64)
		if err != nil || math.IsNaN(n) || n < 0 || n > 1 {
			return bad("not a volume", volumeAccepted)
		}
		*dst = n
		return nil
	}
	switch key {
	case KeyDuration:
		d, err := ParseDuration(value)
		if err != nil {
			return bad(err.Error(), durationAccepted)
		}
		c.Duration = d
	case KeyPattern:
		if value != "" {
			if _, ok := ResolvePattern(value, *c); !ok {
				return bad("not a pattern", "a built-in or named pattern, or "+pacing.PatternForm)
			}
		}
		c.Pattern = value
	case KeyTarget:
		n, err := strconv.ParseFloat(value, 64)
		if err != nil || math.IsNaN(n) || n < MinTarget || n > MaxTarget {
			return bad("not a pace attune leads to", targetAccepted)
		}
		c.Target = n
	case KeyLead:
		if strings.EqualFold(value, "auto") {
			c.Lead = nil
			break
		}
		b, err := parseBool()
		if err != nil {
			return err
		}
		c.Lead = &b
	case KeySound:
		var items []any
		for _, f := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ' ' }) {
			if f != "none" && f != "off" {
				items = append(items, f)
			}
		}
		layers, err := parseLayers(items)
		if err != nil {
			return bad(err.Error(), `layers from voice, tones, breath separated by commas, or "off"`)
		}
		c.Sound = layers
	case KeyVolumeVoice:
		if err := vol(&c.Volumes.Voice); err != nil {
			return err
		}
	case KeyVolumeTones:
		if err := vol(&c.Volumes.Tones); err != nil {
			return err
		}
	case KeyVolumeBreath:
		if err := vol(&c.Volumes.Breath); err != nil {
			return err
		}
	case KeyVoice:
		if !nameRE.MatchString(value) {
			return bad("not a voice pack name", voiceAccepted)
		}
		c.Voice = value
	case KeyShowSeconds, KeyReducedMotion, KeyHistory:
		b, err := parseBool()
		if err != nil {
			return err
		}
		switch key {
		case KeyShowSeconds:
			c.ShowSeconds = b
		case KeyReducedMotion:
			c.ReducedMotion = b
		default:
			c.History = b
		}
	case KeyTheme:
		t := strings.ToLower(value)
		if !contains(Themes, t) {
			return bad("not a theme", themeAccepted)
		}
		c.Theme = t
	default:
		return fmt.Errorf("unknown setting %q; accepted: %s", key, strings.Join(Keys(), ", "))
	}
	if src != nil {
		src[key] = from
	}
	return nil
}

// Value formats one setting's value as `attune config` shows it.
func (c Config) Value(key string) string {
	ff := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	switch key {
	case KeyDuration:
		return c.Duration.String()
	case KeyPattern:
		return strconv.Quote(c.Pattern)
	case KeyTarget:
		return ff(c.Target)
	case KeyLead:
		if c.Lead == nil {
			return "auto"
		}
		return strconv.FormatBool(*c.Lead)
	case KeySound:
		q := make([]string, len(c.Sound))
		for i, s := range c.Sound {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	case KeyVolumeVoice:
		return ff(c.Volumes.Voice)
	case KeyVolumeTones:
		return ff(c.Volumes.Tones)
	case KeyVolumeBreath:
		return ff(c.Volumes.Breath)
	case KeyVoice:
		return strconv.Quote(c.Voice)
	case KeyShowSeconds:
		return strconv.FormatBool(c.ShowSeconds)
	case KeyTheme:
		return strconv.Quote(c.Theme)
	case KeyReducedMotion:
		return strconv.FormatBool(c.ReducedMotion)
	case KeyHistory:
		return strconv.FormatBool(c.History)
	}
	return ""
}

// PatternNames returns the names of the user's patterns, sorted.
func (c Config) PatternNames() []string {
	names := make([]string, 0, len(c.Patterns))
	for n := range c.Patterns {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
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
