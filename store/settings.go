package store

import (
	"strings"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// Volumes are the loudness of each sound layer, from 0 (silent) to 1.
type Volumes struct {
	Voice  float64
	Tones  float64
	Breath float64
}

// PlanModel is the local language model `attune plan` may ask to refine
// its plans: an OpenAI-compatible server's URL and a model's name.
type PlanModel struct {
	URL   string
	Model string
}

// Config holds attune's settings after defaults, the config file and flags
// have been applied. Each field but Patterns is declared in the settings
// table below, with its key, default and meaning.
type Config struct {
	// Duration is the default session length.
	Duration time.Duration
	// Pattern is the default pattern: a built-in name, a named pattern from
	// the file or a numeric form; empty means meet the breather and lead.
	Pattern string
	// Target is the pace, in breaths per minute, the lead moves toward.
	Target float64
	// TargetFound (target = "found") leads toward the pace the latest
	// resonance assessment found instead of Target, which stays the
	// fallback.
	TargetFound bool
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
	// ReducedMotion keeps the orb one size and lets its brightness follow
	// the breath instead (--still), for people sensitive to motion.
	ReducedMotion bool
	// History records each session in the history file.
	History bool
	// Summary prints one line summing up the session when it ends.
	Summary bool
	// Plan is the model `attune plan` asks, used only when both its URL
	// and its model are set.
	Plan PlanModel
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
	KeySummary       = "summary"
	KeyPlanURL       = "plan.url"
	KeyPlanModel     = "plan.model"
)

// setting is one setting, declared once: reading the config file, flags
// (Config.Set), `attune config` (Config.Value, Keys), the commented
// template and the README's table are all drawn from it.
type setting struct {
	// key names the setting in the file; a dotted key such as
	// "volume.voice" lives in a table ([volume]), declared in groups.
	key string
	// def is the value when nothing sets it, written as a flag gives it.
	def string
	// doc says what the setting does, in a sentence or two.
	doc string
	// kind reads, checks and shows the value.
	kind kind
}

// settings are attune's settings, in the order `attune config`, the
// template and the README show them. To add one, add its Config field and
// a row here.
var settings = []setting{
	{KeyDuration, "3m", "How long a session lasts when no length is given.",
		durationKind(func(c *Config) *time.Duration { return &c.Duration })},
	{KeyPattern, "", "The pattern to breathe when none is named; empty means: meet your breathing where it is and lead it.",
		patternKind(func(c *Config) *string { return &c.Pattern })},
	{KeyTarget, "6", "The pace, in breaths per minute, attune leads you toward; \"found\" leads toward the pace `attune find` found last.",
		newTargetKind()},
	{KeyLead, "auto", "Lead toward the target (true) or only follow your pace (false); unset, as by default, attune leads when no fixed pattern is chosen.",
		optionalBoolKind(func(c *Config) **bool { return &c.Lead })},
	{KeySound, "voice,tones", "The sound layers that play: spoken cues (voice), soft tones that keep time (tones) and a companion breathing sound (breath).",
		layersKind(func(c *Config) *[]string { return &c.Sound })},
	{KeyVolumeVoice, "0.9", "How loud the spoken cues are.", volumeKind(func(c *Config) *float64 { return &c.Volumes.Voice })},
	{KeyVolumeTones, "0.7", "How loud the tones are.", volumeKind(func(c *Config) *float64 { return &c.Volumes.Tones })},
	{KeyVolumeBreath, "0.6", "How loud the companion breath is.", volumeKind(func(c *Config) *float64 { return &c.Volumes.Breath })},
	{KeyVoice, "default", "The voice pack that speaks the cues (see `attune voices`).",
		nameKind(func(c *Config) *string { return &c.Voice })},
	{KeyShowSeconds, "true", "Show the seconds left in each phase (as --no-count hides them).",
		boolKind(func(c *Config) *bool { return &c.ShowSeconds })},
	{KeyTheme, "auto", "Colours: auto asks the terminal for its background; dark and light fix them.",
		choiceKind(func(c *Config) *string { return &c.Theme }, "theme", Themes)},
	{KeyReducedMotion, "false", "Keep the orb one size and let its brightness breathe instead, for people sensitive to motion (as --still).",
		boolKind(func(c *Config) *bool { return &c.ReducedMotion })},
	{KeyHistory, "true", "Keep a history of sessions for `attune stats`.",
		boolKind(func(c *Config) *bool { return &c.History })},
	{KeySummary, "true", "Print one line summing up the session (its length, breaths and pace) when it ends.",
		boolKind(func(c *Config) *bool { return &c.Summary })},
	{KeyPlanURL, "", "The address of an OpenAI-compatible server (such as Ollama's, `http://localhost:11434/v1`) that `attune plan` may ask; empty for none.",
		urlKind(func(c *Config) *string { return &c.Plan.URL })},
	{KeyPlanModel, "", "The model `attune plan` asks on that server, such as \"llama3.2\"; empty for none.",
		modelKind(func(c *Config) *string { return &c.Plan.Model })},
}

// group is a table of the config file that holds settings, such as
// [volume] for volume.voice.
type group struct {
	name string
	// doc says what the table holds and what its settings accept.
	doc string
	// accepted is what the file accepts where the table should be.
	accepted string
}

// groups are the tables of settings, in the order the template shows them.
var groups = []group{
	{"volume", "Loudness of each sound layer, from 0 (silent) to 1 (full); the flags (--volume-voice…) take 0 to 100.",
		"a table: [volume] with voice, tones and breath from 0 to 1"},
	{"plan", "A local language model `attune plan` may ask to refine its plans; asked only when both url and model are set, and nothing else in attune uses the network.",
		"a table: [plan] with url and model as quoted strings"},
}

// lookup finds the setting with key.
func lookup(key string) (*setting, bool) {
	for i := range settings {
		if settings[i].key == key {
			return &settings[i], true
		}
	}
	return nil, false
}

// groupOf is the table a setting's key lives in, "" for none.
func groupOf(key string) string {
	g, _, ok := strings.Cut(key, ".")
	if !ok {
		return ""
	}
	return g
}

// Keys lists the setting keys in display order.
func Keys() []string {
	keys := make([]string, len(settings))
	for i, s := range settings {
		keys[i] = s.key
	}
	return keys
}

// topKeys are the keys a config file may have at its top level: the
// settings outside tables, the tables, and patterns.
var topKeys = topLevelKeys()

func topLevelKeys() []string {
	var keys []string
	for _, s := range settings {
		k := s.key
		if g := groupOf(k); g != "" {
			k = g
		}
		if !contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return append(keys, "patterns")
}

// Default returns the settings attune uses when nothing says otherwise.
func Default() Config {
	var c Config
	for _, s := range settings {
		// A default that does not parse leaves the zero value; the tests
		// check that every default parses.
		_ = s.kind.fromText(&c, s.def)
	}
	return c
}

// groupNamed finds the table called name.
func groupNamed(name string) (group, bool) {
	for _, g := range groups {
		if g.name == name {
			return g, true
		}
	}
	return group{}, false
}

// keys are the keys of g's settings within the table.
func (g group) keys() []string {
	var keys []string
	for _, s := range settings {
		if groupOf(s.key) == g.name {
			keys = append(keys, strings.TrimPrefix(s.key, g.name+"."))
		}
	}
	return keys
}
