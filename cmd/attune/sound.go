package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/attune-breath/attune/audio"
	"github.com/attune-breath/attune/store"
)

// addSoundFlags adds the flags that choose and shape a session's sound:
// --sound, --voice and a volume for each layer. Flags already defined (by a
// parent, say) are left alone.
func addSoundFlags(fs *pflag.FlagSet) {
	def := audio.DefaultOptions()
	add := func(name string, f func()) {
		if fs.Lookup(name) == nil {
			f()
		}
	}
	add("sound", func() {
		fs.String("sound", def.Layers.String(), "what to hear: "+audio.SoundForm)
	})
	add("voice", func() {
		fs.String("voice", "", "a voice pack from "+audio.VoicesDir()+" (see attune voices); the built-in voice when empty")
	})
	add("volume", func() { fs.Int("volume", pct(def.Master), "overall volume, 0-100") })
	add("volume-voice", func() { fs.Int("volume-voice", pct(def.Volume[audio.LayerVoice]), "voice volume, 0-100") })
	add("volume-tones", func() { fs.Int("volume-tones", pct(def.Volume[audio.LayerTones]), "tones volume, 0-100") })
	add("volume-breath", func() { fs.Int("volume-breath", pct(def.Volume[audio.LayerBreath]), "breath sound volume, 0-100") })
}

// pct is v (0 to 1) as a whole percentage.
func pct(v float64) int { return int(v*100 + 0.5) }

// soundOptions reads the flags added by addSoundFlags into audio options.
// A bad value is the user's mistake (exit code 2).
func soundOptions(cmd *cobra.Command) (audio.Options, error) {
	o := audio.DefaultOptions()
	fs := cmd.Flags()
	if f := fs.Lookup("sound"); f != nil {
		l, err := audio.ParseSound(f.Value.String())
		if err != nil {
			return o, usagef("--%s", err)
		}
		o.Layers = l
	}
	if f := fs.Lookup("voice"); f != nil {
		o.Voice = strings.TrimSpace(f.Value.String())
		if strings.ContainsAny(o.Voice, `/\`) || o.Voice == "." || o.Voice == ".." {
			return o, usagef("--voice %q: a voice pack is named by its folder under %s, e.g. --voice mine", o.Voice, audio.VoicesDir())
		}
	}
	vol := func(name string, dst *float64) error {
		f := fs.Lookup(name)
		if f == nil {
			return nil
		}
		v, err := fs.GetInt(name)
		if err != nil {
			return usagef("--%s: %v; accepted: a whole number 0-100", name, err)
		}
		if v < 0 || v > 100 {
			return usagef("--%s %d is out of range; accepted: 0-100", name, v)
		}
		*dst = float64(v) / 100
		return nil
	}
	for _, v := range []struct {
		name string
		dst  *float64
	}{
		{"volume", &o.Master},
		{"volume-voice", &o.Volume[audio.LayerVoice]},
		{"volume-tones", &o.Volume[audio.LayerTones]},
		{"volume-breath", &o.Volume[audio.LayerBreath]},
	} {
		if err := vol(v.name, v.dst); err != nil {
			return o, err
		}
	}
	return o, nil
}

// warnTo returns a warning sink for audio.Options.Warn that prints each
// warning once, prefixed, to the command's error stream. Use it only when
// no full-screen view owns the terminal.
func warnTo(cmd *cobra.Command) func(string) {
	seen := map[string]bool{}
	return func(s string) {
		if !seen[s] {
			seen[s] = true
			fmt.Fprintf(cmd.ErrOrStderr(), "attune: %s\n", s)
		}
	}
}

// soundFromConfig gives the sound options the config (with the flags
// applied) asks for.
func soundFromConfig(cmd *cobra.Command, cfg store.Config) (audio.Options, error) {
	o, err := soundOptions(cmd) // the master volume, and the flags checked
	if err != nil {
		return o, err
	}
	o.Layers = 0
	if len(cfg.Sound) > 0 {
		if o.Layers, err = audio.ParseSound(strings.Join(cfg.Sound, ",")); err != nil {
			return o, usagef("sound: %v", err)
		}
	}
	o.Volume[audio.LayerVoice] = cfg.Volumes.Voice
	o.Volume[audio.LayerTones] = cfg.Volumes.Tones
	o.Volume[audio.LayerBreath] = cfg.Volumes.Breath
	o.Voice = cfg.Voice
	if o.Voice == "default" {
		o.Voice = ""
	}
	return o, nil
}
