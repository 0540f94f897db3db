package main

import (
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/store"
)

// setup is a session ready to run, with the settings it came from.
type setup struct {
	cfg     store.Config
	sess    *pacing.Session
	mode    string // "lead", "follow" or "pattern", for history
	pattern string // the pattern's name or form, "" when none was named
	history string // the history file, "" when history is off
	source  string // where the settings came from, for history: "plan", "plan/model" or ""
}

// sessionFromFlags builds the session that cmd's flags, the config file and
// the words ([pattern] [duration]) ask for.
func sessionFromFlags(cmd *cobra.Command, args []string) (*pacing.Session, error) {
	su, err := newSetup(cmd, args)
	if err != nil {
		return nil, err
	}
	return su.sess, nil
}

// newSetup reads the config (with cmd's flags applied) and the words in
// args, and builds the session they ask for. A mistake in any of them is
// the user's (a usageError).
func newSetup(cmd *cobra.Command, args []string) (*setup, error) {
	cfg, _, err := loadConfig(cmd)
	if err != nil {
		return nil, err
	}
	fs := cmd.Flags()
	patWord, durWord, err := sessionWords(args, cfg, fs.Changed("pattern"), fs.Changed("duration"))
	if err != nil {
		return nil, err
	}
	d := cfg.Duration
	if durWord != "" {
		if d, err = parseDuration(durWord); err != nil {
			return nil, err
		}
	}
	pattern, err := namedPattern(cfg, patternName(fs, patWord, cfg))
	if err != nil {
		return nil, err
	}
	unguided, err := unguidedFlag(fs, d)
	if err != nil {
		return nil, err
	}
	su := &setup{cfg: cfg}
	if cfg.History {
		su.history = historyPath(cmd)
	}
	opts := guideOptions(cfg, pattern, d, unguided, su.history)
	opts = accompanyFlag(fs, opts)
	if cfg.TargetFound && opts.UsesTarget() {
		opts.Target = foundTarget(cmd, cfg.Target)
	}
	if opts.Pattern != nil {
		su.pattern = opts.Pattern.Label()
	}
	g, label, err := pacing.GuideFor(opts)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	su.mode = sessionMode(opts)
	su.sess = pacing.NewSession(pacing.Plan{Duration: d, Guide: g, Label: label})
	return su, nil
}

// sessionWords sorts the words given on the command line into a pattern and
// a duration; a word of a kind that a flag (patFlag, durFlag) or another
// word already gave is the user's mistake.
func sessionWords(args []string, cfg store.Config, patFlag, durFlag bool) (patWord, durWord string, err error) {
	for _, a := range args {
		if store.LooksLikeDuration(a) {
			if durWord != "" || durFlag {
				return "", "", usagef("two durations given (%q and %q): give one, such as 5m", first(durWord, cfg.Duration.String()), a)
			}
			durWord = a
			continue
		}
		if patWord != "" || patFlag {
			return "", "", usagef("two patterns given (%q and %q): give one, such as box or 4-7-8", first(patWord, cfg.Pattern), a)
		}
		patWord = a
	}
	return patWord, durWord, nil
}

// namedPattern resolves the pattern called name; nil when name is "" (the
// default session, which meets the breather and leads).
func namedPattern(cfg store.Config, name string) (*pacing.Pattern, error) {
	if name == "" {
		return nil, nil
	}
	p, err := resolvePattern(cfg, name)
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// unguidedFlag reads --unguided: how long before the end of a session of
// length d the cues withdraw; 0 when not given.
func unguidedFlag(fs *pflag.FlagSet, d time.Duration) (time.Duration, error) {
	u, _ := fs.GetString("unguided")
	if u == "" {
		return 0, nil
	}
	unguided, err := time.ParseDuration(u)
	if err != nil || unguided <= 0 {
		return 0, usagef("--unguided %q is not a duration; accepted: a length such as 30s or 1m, shorter than the session", u)
	}
	if unguided >= d {
		return 0, usagef("--unguided %s is as long as the session (%s); accepted: a length shorter than the session", u, d)
	}
	return unguided, nil
}

// guideOptions is what the settings ask of the session's guide. Without a
// pattern, and with a history file, the guide starts from the breather's
// recent natural pace when they give no taps.
func guideOptions(cfg store.Config, pattern *pacing.Pattern, d, unguided time.Duration, history string) pacing.GuideOptions {
	opts := pacing.GuideOptions{Pattern: pattern, Target: cfg.Target, Planned: d, Unguided: unguided}
	if cfg.Lead != nil {
		opts.Lead = *cfg.Lead
		opts.NoLead = !*cfg.Lead
	}
	if pattern != nil && !opts.Lead {
		opts.NoLead = false
	}
	if pattern == nil && history != "" {
		// Read from the end of the history only, so a long history never
		// keeps the first frame waiting.
		if recs, _, err := store.ReadRecentHistory(history, recentHistoryBytes); err == nil {
			opts.StartBPM, _ = store.RecentNaturalRate(recs, time.Now())
		}
	}
	return opts
}

// patternName is the name of the pattern to breathe: the word given, or
// the config's default, which --accompany sets aside.
func patternName(fs *pflag.FlagSet, patWord string, cfg store.Config) string {
	if on, _ := fs.GetBool("accompany"); on && !fs.Changed("pattern") {
		return patWord
	}
	return first(patWord, cfg.Pattern)
}

// accompanyFlag applies --accompany to opts: the session meets the
// breather and keeps their pace, whatever the config file says of leading.
// --lead or --no-lead, or a pattern, given with it are the user's mistake
// (GuideFor says so).
func accompanyFlag(fs *pflag.FlagSet, opts pacing.GuideOptions) pacing.GuideOptions {
	if on, _ := fs.GetBool("accompany"); !on {
		return opts
	}
	opts.Accompany = true
	if !fs.Changed("lead") && !fs.Changed("no-lead") {
		opts.Lead, opts.NoLead = false, false
	}
	return opts
}

// recentHistoryBytes is how much of the history's end a session reads for
// the breather's recent pace: about 150 records, where it needs the last
// store.RecentSessions (10) of the last 60 days.
const recentHistoryBytes = 32 << 10

// sessionMode names the kind of session opts ask for, for history: a
// "pattern" at its own pace, a steady pace that does not lead ("follow"),
// or one that meets the breather and leads ("lead").
func sessionMode(opts pacing.GuideOptions) string {
	switch {
	case opts.Pattern != nil && !opts.Lead:
		return "pattern"
	case opts.NoLead, opts.Accompany:
		return "follow"
	}
	return "lead"
}

// first is a, or b when a is empty.
func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// parseDuration reads a session length given as a word: a Go duration such
// as 90s, 5m or 1h30m, or a bare number of minutes.
func parseDuration(s string) (time.Duration, error) {
	d, err := store.ParseDuration(s)
	if err != nil {
		return 0, usagef("duration %q: %v; accepted: 10s to 4h, such as 90s, 5m, 1h30m, or a number of minutes", s, err)
	}
	return d, nil
}
