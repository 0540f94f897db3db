package audio

import "github.com/attune-breath/attune/audio/voice"

// BuiltinVoice is attune's own calm voice, embedded in the binary.
var BuiltinVoice Clips = builtinVoice{}

type builtinVoice struct{}

func (builtinVoice) IDs() []string                        { return voice.IDs() }
func (builtinVoice) Variants(id string) int               { return voice.Variants(id) }
func (builtinVoice) Clip(id string, n int) ([]byte, bool) { return voice.Clip(id, n) }
