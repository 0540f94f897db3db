// Package audio gives an attune session its sound: a calm voice, soft tones
// and a companion breath, scheduled sample-accurately from the session's cue
// schedule and played on the sound system (Player) or written to a WAV file
// (Render).
//
// Nothing here keeps a breathing timer: every sound is placed where
// pacing.Session says, and the breath sound follows the session's lung fill.
// Nothing here writes to the terminal either; problems are reported through
// Status and Options.Warn.
package audio

import (
	"fmt"
	"strings"
	"time"

	"github.com/gopxl/beep/v2"
)

// Layer is one of the sound layers.
type Layer int

// The sound layers.
const (
	LayerVoice  Layer = iota // spoken cues
	LayerTones               // soft bells and swells
	LayerBreath              // the companion breath
	numLayers
)

var layerNames = [...]string{"voice", "tones", "breath"}

// String names the layer as --sound spells it.
func (l Layer) String() string {
	if l < 0 || l >= numLayers {
		return "unknown"
	}
	return layerNames[l]
}

// Layers is a set of layers.
type Layers uint8

// Has reports whether the set holds l.
func (s Layers) Has(l Layer) bool { return s&(1<<l) != 0 }

// With returns the set with l added.
func (s Layers) With(l Layer) Layers { return s | 1<<l }

// Without returns the set with l taken out.
func (s Layers) Without(l Layer) Layers { return s &^ (1 << l) }

// String gives the set as --sound spells it, e.g. "voice,breath" or "off".
func (s Layers) String() string {
	var parts []string
	for l := range numLayers {
		if s.Has(l) {
			parts = append(parts, l.String())
		}
	}
	if len(parts) == 0 {
		return "off"
	}
	return strings.Join(parts, ",")
}

// DefaultLayers is what plays when --sound is not given.
const DefaultLayers = Layers(1<<LayerVoice | 1<<LayerTones)

// SoundForm describes what --sound accepts, for error messages.
const SoundForm = "voice, tones, breath or off, several joined by commas (e.g. voice,breath)"

// ParseSound reads a --sound value: "voice", "tones", "breath" or "off",
// several joined with commas.
func ParseSound(s string) (Layers, error) {
	var set Layers
	if strings.TrimSpace(s) == "" {
		return 0, fmt.Errorf("sound %q: empty; accepted: %s", s, SoundForm)
	}
	off := false
	for _, f := range strings.Split(s, ",") {
		switch f = strings.ToLower(strings.TrimSpace(f)); f {
		case "voice", "voices":
			set = set.With(LayerVoice)
		case "tones", "tone":
			set = set.With(LayerTones)
		case "breath", "breathing":
			set = set.With(LayerBreath)
		case "off", "none", "silent":
			off = true
		default:
			return 0, fmt.Errorf("sound %q: %q is not a sound layer; accepted: %s", s, f, SoundForm)
		}
	}
	if off && set != 0 {
		return 0, fmt.Errorf("sound %q: off cannot be combined with layers; accepted: %s", s, SoundForm)
	}
	return set, nil
}

// Clips is a source of encoded voice clips: the built-in voice
// (package audio/voice) has this shape. Variant n is 1-based.
type Clips interface {
	IDs() []string                        // the cue ids it has clips for
	Variants(id string) int               // how many variants cue id has
	Clip(id string, n int) ([]byte, bool) // variant n of cue id, encoded
}

// Options says how a session should sound. The zero value plays nothing;
// start from DefaultOptions.
type Options struct {
	// Layers are the layers that play.
	Layers Layers
	// Volume is the loudness of each layer, 0 (silent) to 1 (full), indexed
	// by Layer.
	Volume [numLayers]float64
	// Master scales every layer, 0 to 1.
	Master float64
	// Duck is how far the breath sound dips while the voice speaks, 0 (not
	// at all) to 1 (silent).
	Duck float64
	// Voice names a voice pack under VoicesDir; empty for the built-in voice.
	Voice string
	// VoicesDir holds the voice packs; VoicesDir() when empty.
	VoicesDir string
	// Builtin is the built-in voice; nil when there is none, in which case
	// spoken cues fall back to tones.
	Builtin Clips
	// Seed picks the clip variants: the same seed gives the same choices.
	Seed int64
	// Rate is the output sample rate; 48000 when zero.
	Rate beep.SampleRate
	// Server is the sound server to connect to (PulseAudio server string);
	// empty for the usual places ($PULSE_SERVER, the user's runtime dir).
	Server string
	// ConnectTimeout bounds connecting to the sound server; 2 s when zero.
	ConnectTimeout time.Duration
	// Latency is the output buffer the player asks for; when zero, 200 ms
	// on PulseAudio (fewer, larger requests: each wakes the process) and
	// 100 ms elsewhere. Cues are not delayed by it (the player compensates
	// for it); mute, voice, volume and pause are heard up to this late.
	Latency time.Duration
	// Warn receives warnings (an unusable voice file, say). It is never
	// the terminal's business: the caller decides. May be nil.
	Warn func(string)
}

// DefaultOptions is the built-in voice and tones at comfortable levels,
// the breath sound ready at a soft level when switched on.
func DefaultOptions() Options {
	return Options{
		Layers:  DefaultLayers,
		Volume:  [numLayers]float64{LayerVoice: 0.9, LayerTones: 0.7, LayerBreath: 0.6},
		Master:  0.8,
		Duck:    0.6,
		Builtin: BuiltinVoice,
	}
}

func (o Options) rate() beep.SampleRate {
	if o.Rate <= 0 {
		return 48000
	}
	return o.Rate
}

func (o Options) warn(format string, args ...any) {
	if o.Warn != nil {
		o.Warn(fmt.Sprintf(format, args...))
	}
}
