package store

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// patternKeys are the keys of a [patterns.NAME] table.
var patternKeys = []string{"description", "inhale", "top_up", "hold_in", "exhale", "hold_out"}

// patternsDoc says what the [patterns.NAME] tables are.
const patternsDoc = "Your own patterns, usable by name (attune evening) and listed by `attune patterns`."

// patternsAccepted is what the file accepts as patterns.
const patternsAccepted = "tables such as [patterns.evening] with inhale, hold_in, exhale and hold_out in seconds"

// phaseRanges are the lengths a pattern's phases may have.
var phaseRanges = fmt.Sprintf("in and out %g-%g s, holds 0-%g s, top-up 0-%g s", pacing.MinBreath, pacing.MaxBreath, pacing.MaxBreath, pacing.MaxTopUp)

const patternNameAccepted = "a name of lowercase letters, digits, '-' or '_' that starts with a letter and is not a built-in (%s) or a command (%s)"

func (p *parser) setPatterns(v any) error {
	tbl, ok := v.(map[string]any)
	if !ok {
		return p.errAt([]string{"patterns"}, "got "+typeName(v), patternsAccepted)
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

// pattern reads the [patterns.NAME] table at key.
func (p *parser) pattern(key []string, v any) (pacing.Pattern, error) {
	tbl, ok := v.(map[string]any)
	if !ok {
		return pacing.Pattern{}, p.errAt(key, "got "+typeName(v), "a table with inhale, hold_in, exhale, hold_out (and top_up) in seconds and a description")
	}
	pat := pacing.Pattern{Name: key[len(key)-1]}
	for _, k := range sortedKeys(tbl) {
		if err := p.patternField(&pat, append(slices.Clone(key), k), tbl[k]); err != nil {
			return pacing.Pattern{}, err
		}
	}
	for _, need := range []string{"inhale", "exhale"} {
		if _, ok := tbl[need]; !ok {
			return pacing.Pattern{}, p.errAt(key, need+" is missing", "a table with inhale and exhale (and hold_in, hold_out, top_up) in seconds")
		}
	}
	if err := pat.Validate(); err != nil {
		msg, acc, _ := strings.Cut(err.Error(), ": accepted ")
		if acc != "" {
			acc += " (" + phaseRanges + ")"
		}
		return pacing.Pattern{}, p.errAt(key, msg, acc)
	}
	return pat, nil
}

// patternField sets one key of a [patterns.NAME] table.
func (p *parser) patternField(pat *pacing.Pattern, key []string, v any) error {
	k := key[len(key)-1]
	if k == "description" {
		s, ok := v.(string)
		if !ok {
			return p.errAt(key, "got "+typeName(v), "a quoted string")
		}
		pat.Description = s
		return nil
	}
	dst := phaseOf(pat, k)
	if dst == nil {
		p.unknown(key, patternKeys)
		return nil
	}
	n, ok := number(v)
	if !ok {
		return p.errAt(key, "got "+typeName(v), phaseAccepted)
	}
	if n < 0 || n > 1000 {
		return p.errAt(key, fmt.Sprintf("%g seconds is out of range", n), phaseAccepted+"; "+phaseRanges)
	}
	*dst = time.Duration(math.Round(n * float64(time.Second)))
	return nil
}

// phaseOf is the phase of pat that key k sets, nil for none.
func phaseOf(pat *pacing.Pattern, k string) *time.Duration {
	switch k {
	case "inhale":
		return &pat.Inhale
	case "top_up":
		return &pat.TopUp
	case "hold_in":
		return &pat.HoldIn
	case "exhale":
		return &pat.Exhale
	case "hold_out":
		return &pat.HoldOut
	}
	return nil
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
	return p.errAt([]string{KeyPattern}, fmt.Sprintf("%q is not a pattern", name), patternAccepted(names))
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

// PatternNames returns the names of the user's patterns, sorted.
func (c Config) PatternNames() []string {
	names := make([]string, 0, len(c.Patterns))
	for n := range c.Patterns {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
