package store

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/attune-breath/attune/pacing"
)

// kind reads, checks and shows one setting's value in a Config.
type kind interface {
	// fromFile sets the value from a decoded TOML value.
	fromFile(c *Config, v any) error
	// fromText sets the value from text, as a flag gives it.
	fromText(c *Config, s string) error
	// show formats the value as `attune config` shows it.
	show(c *Config) string
	// literal writes the value as the config file would; set is false when
	// the value is unset and lit only an example.
	literal(c *Config) (lit string, set bool)
	// accepted says which values the file accepts.
	accepted() string
}

// badValue says what was wrong with a value and, when it differs from the
// setting's own, what is accepted.
type badValue struct{ msg, accepted string }

func (e *badValue) Error() string { return e.msg }

// bad makes a badValue from a message and an optional accepted text.
func bad(msg string, accepted ...string) error {
	return &badValue{msg: msg, accepted: strings.Join(accepted, "")}
}

// gotType says that a decoded TOML value has the wrong type.
func gotType(v any) error { return bad("got " + typeName(v)) }

// field is the kind of a value of type T at one place in a Config: how the
// file and the flags give it, and how it is written back.
type field[T any] struct {
	at      func(*Config) *T
	file    func(v any) (T, error)
	text    func(s string, c *Config) (T, error)
	format  func(T) string
	toml    func(T) (string, bool) // nil: format
	accepts string
}

func (f *field[T]) fromFile(c *Config, v any) error {
	x, err := f.file(v)
	if err == nil {
		*f.at(c) = x
	}
	return err
}

func (f *field[T]) fromText(c *Config, s string) error {
	x, err := f.text(s, c)
	if err == nil {
		*f.at(c) = x
	}
	return err
}

func (f *field[T]) show(c *Config) string { return f.format(*f.at(c)) }

func (f *field[T]) literal(c *Config) (string, bool) {
	if f.toml != nil {
		return f.toml(*f.at(c))
	}
	return f.format(*f.at(c)), true
}

func (f *field[T]) accepted() string { return f.accepts }

const boolAccepted = "true or false"

// boolKind is true or false.
func boolKind(at func(*Config) *bool) kind {
	return &field[bool]{at: at, accepts: boolAccepted, format: strconv.FormatBool,
		file: boolFromFile, text: boolFromText}
}

func boolFromFile(v any) (bool, error) {
	if b, ok := v.(bool); ok {
		return b, nil
	}
	return false, gotType(v)
}

func boolFromText(s string, _ *Config) (bool, error) {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, bad("not true or false")
	}
	return b, nil
}

// optionalBoolKind is true, false or unset (nil; "auto" as text).
func optionalBoolKind(at func(*Config) **bool) kind {
	return &field[*bool]{at: at, accepts: boolAccepted,
		file: func(v any) (*bool, error) {
			b, err := boolFromFile(v)
			return &b, err
		},
		text: func(s string, c *Config) (*bool, error) {
			if strings.EqualFold(s, "auto") {
				return nil, nil
			}
			b, err := boolFromText(s, c)
			return &b, err
		},
		format: func(b *bool) string {
			if b == nil {
				return "auto"
			}
			return strconv.FormatBool(*b)
		},
		toml: func(b *bool) (string, bool) {
			if b == nil {
				return "true", false // an example: unset cannot be written
			}
			return strconv.FormatBool(*b), true
		},
	}
}

const durationAccepted = "a duration from 10s to 4h, such as \"5m\" or \"90s\", or a whole number of minutes"

// durationKind is a session length: "5m", "90s" or a number of minutes.
func durationKind(at func(*Config) *time.Duration) kind {
	check := func(s string) (time.Duration, error) {
		d, err := ParseDuration(s)
		if err != nil {
			return 0, bad(err.Error())
		}
		return d, nil
	}
	return &field[time.Duration]{at: at, accepts: durationAccepted, format: time.Duration.String,
		file: func(v any) (time.Duration, error) {
			switch x := v.(type) {
			case string:
				return check(x)
			case int64:
				return check(strconv.FormatInt(x, 10))
			}
			return 0, gotType(v)
		},
		text: func(s string, _ *Config) (time.Duration, error) { return check(s) },
		toml: func(d time.Duration) (string, bool) { return strconv.Quote(shortDuration(d)), true },
	}
}

// shortDuration writes d without zero units: "3m" rather than "3m0s".
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// LooksLikeDuration tells a duration word ("5m", "90s", "10") from a
// pattern ("box", "4-7-8"); a pattern's name wins, so "478" is a pattern.
func LooksLikeDuration(s string) bool {
	if _, ok := pacing.Builtin(s); ok || s == "" || strings.Contains(s, "-") {
		return false
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return true
	}
	return s[0] >= '0' && s[0] <= '9' || s[0] == '.'
}

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

var targetAccepted = fmt.Sprintf("a number of breaths per minute from %g to %g, such as 6, or \"found\" (the pace attune find found last)", MinTarget, MaxTarget)

// TargetFound is the target's value that leads toward the pace the latest
// resonance assessment (attune find) found.
const TargetFound = "found"

// targetKind is the pace to lead toward: a number of breaths per minute,
// or "found" (Config.TargetFound).
type targetKind struct{ num kind }

func newTargetKind() kind {
	return targetKind{num: numberKind(func(c *Config) *float64 { return &c.Target }, MinTarget, MaxTarget, " breaths per minute", "not a pace attune leads to", targetAccepted)}
}

func (k targetKind) fromFile(c *Config, v any) error {
	if s, ok := v.(string); ok {
		if !strings.EqualFold(strings.TrimSpace(s), TargetFound) {
			return bad(fmt.Sprintf("%q is not a pace", s))
		}
		c.TargetFound = true
		return nil
	}
	if err := k.num.fromFile(c, v); err != nil {
		return err
	}
	c.TargetFound = false
	return nil
}

func (k targetKind) fromText(c *Config, s string) error {
	if strings.EqualFold(strings.TrimSpace(s), TargetFound) {
		c.TargetFound = true
		return nil
	}
	if err := k.num.fromText(c, s); err != nil {
		return err
	}
	c.TargetFound = false
	return nil
}

func (k targetKind) show(c *Config) string {
	if c.TargetFound {
		return TargetFound
	}
	return k.num.show(c)
}

func (k targetKind) literal(c *Config) (string, bool) {
	if c.TargetFound {
		return strconv.Quote(TargetFound), true
	}
	return k.num.literal(c)
}

func (k targetKind) accepted() string { return targetAccepted }

const volumeAccepted = "a number from 0 (silent) to 1 (full)"

// numberKind is a number from lo to hi; unit follows the number in the
// file's out-of-range message, notWhat is the flag's complaint.
func numberKind(at func(*Config) *float64, lo, hi float64, unit, notWhat, accepted string) kind {
	return &field[float64]{at: at, accepts: accepted,
		file: func(v any) (float64, error) {
			n, ok := number(v)
			if !ok {
				return 0, gotType(v)
			}
			if n < lo || n > hi {
				return 0, bad(fmt.Sprintf("%g%s is out of range", n, unit))
			}
			return n, nil
		},
		text: func(s string, _ *Config) (float64, error) {
			n, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(n) || n < lo || n > hi {
				return 0, bad(notWhat)
			}
			return n, nil
		},
		format: func(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) },
		toml: func(n float64) (string, bool) {
			s := strconv.FormatFloat(n, 'f', -1, 64)
			if !strings.Contains(s, ".") {
				s += ".0"
			}
			return s, true
		},
	}
}

// volumeKind is a loudness from 0 to 1.
func volumeKind(at func(*Config) *float64) kind {
	return numberKind(at, 0, 1, "", "not a volume", volumeAccepted)
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

// stringKind is a quoted string, checked by file as the config file gives
// it and by text as a flag gives it.
func stringKind(at func(*Config) *string, accepted string, file, text func(s string) (string, error)) kind {
	return &field[string]{at: at, accepts: accepted, format: strconv.Quote,
		file: func(v any) (string, error) {
			if s, ok := v.(string); ok {
				return file(s)
			}
			return "", gotType(v)
		},
		text: func(s string, _ *Config) (string, error) { return text(s) },
	}
}

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)

const voiceAccepted = "a voice pack name of lowercase letters, digits, '-' or '_', such as \"default\""

// nameKind is a voice pack's name.
func nameKind(at func(*Config) *string) kind {
	return stringKind(at, voiceAccepted,
		func(s string) (string, error) {
			if !nameRE.MatchString(s) {
				return "", bad(fmt.Sprintf("%q is not a voice pack name", s))
			}
			return s, nil
		},
		func(s string) (string, error) {
			if !nameRE.MatchString(s) {
				return "", bad("not a voice pack name")
			}
			return s, nil
		})
}

// choiceKind is one of a list of words, such as a theme; what names it in
// messages.
func choiceKind(at func(*Config) *string, what string, choices []string) kind {
	q := make([]string, len(choices))
	for i, c := range choices {
		q[i] = strconv.Quote(c)
	}
	accepted := strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
	return stringKind(at, accepted,
		func(s string) (string, error) {
			if t := strings.ToLower(strings.TrimSpace(s)); contains(choices, t) {
				return t, nil
			}
			return "", bad(fmt.Sprintf("%q is not a %s", s, what))
		},
		func(s string) (string, error) {
			if t := strings.ToLower(s); contains(choices, t) {
				return t, nil
			}
			return "", bad("not a " + what)
		})
}

// patternKind is the default pattern's name. The file's is checked once
// the file's named patterns are known (parser.checkPattern).
func patternKind(at func(*Config) *string) kind {
	return &field[string]{at: at, format: strconv.Quote,
		accepts: patternAccepted(append(pacing.BuiltinNames(), "or one of yours")),
		file: func(v any) (string, error) {
			if s, ok := v.(string); ok {
				return strings.TrimSpace(s), nil
			}
			return "", bad("got "+typeName(v), "a quoted string")
		},
		text: func(s string, c *Config) (string, error) {
			if s != "" {
				if _, ok := ResolvePattern(s, *c); !ok {
					return "", bad("not a pattern", "a built-in or named pattern, or "+pacing.PatternForm)
				}
			}
			return s, nil
		},
	}
}

// patternAccepted says which default patterns are accepted, given names.
func patternAccepted(names []string) string {
	return fmt.Sprintf("a name (%s), %s, or \"\" to meet your breathing and lead", strings.Join(names, ", "), pacing.PatternForm)
}

// SoundLayers are the sound layers a config may name.
var SoundLayers = []string{"voice", "tones", "breath"}

var soundAccepted = `a list of layers from "voice", "tones", "breath", such as ["tones", "breath"], or [] for silence`

// layersKind is a list of sound layers.
func layersKind(at func(*Config) *[]string) kind {
	check := func(items []any) ([]string, error) {
		layers, err := parseLayers(items)
		if err != nil {
			return nil, bad(err.Error())
		}
		return layers, nil
	}
	return &field[[]string]{at: at, accepts: soundAccepted,
		file: func(v any) ([]string, error) {
			switch x := v.(type) {
			case []any:
				return check(x)
			case string:
				return check([]any{x})
			}
			return nil, gotType(v)
		},
		text: func(s string, _ *Config) ([]string, error) {
			var items []any
			for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
				if f != "none" && f != "off" {
					items = append(items, f)
				}
			}
			layers, err := parseLayers(items)
			if err != nil {
				return nil, bad(err.Error(), `layers from voice, tones, breath separated by commas, or "off"`)
			}
			return layers, nil
		},
		format: func(layers []string) string {
			q := make([]string, len(layers))
			for i, s := range layers {
				q[i] = strconv.Quote(s)
			}
			return "[" + strings.Join(q, ", ") + "]"
		},
	}
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

const urlAccepted = `"" for none, or an http or https address such as "http://localhost:11434/v1"`

// urlKind is a server's http or https address, or "" for none.
func urlKind(at func(*Config) *string) kind {
	check := func(s string) (string, error) {
		s = strings.TrimSpace(s)
		if s == "" {
			return "", nil
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "", bad(fmt.Sprintf("%q is not an http or https address", s))
		}
		return s, nil
	}
	return stringKind(at, urlAccepted, check, check)
}

const modelAccepted = `"" for none, or a model's name of up to 200 printable characters, such as "llama3.2"`

// modelKind is a model's name as its server knows it, or "" for none.
func modelKind(at func(*Config) *string) kind {
	check := func(s string) (string, error) {
		s = strings.TrimSpace(s)
		if len(s) > 200 || strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
			return "", bad(fmt.Sprintf("%q is not a model's name", s))
		}
		return s, nil
	}
	return stringKind(at, modelAccepted, check, check)
}
