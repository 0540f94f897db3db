package main

import "github.com/attune-breath/attune/audio"

// soundControl lets the screen work the sound player (tui.Sound).
type soundControl struct{ p *audio.Player }

// ToggleMute silences or restores the sound.
func (c soundControl) ToggleMute() { c.p.ToggleMute() }

// ToggleVoice switches the spoken cues off or on.
func (c soundControl) ToggleVoice() { c.p.ToggleVoice() }

// AdjustVolume raises the overall volume one step for d > 0 and lowers it
// one step otherwise.
func (c soundControl) AdjustVolume(d float64) {
	if d > 0 {
		c.p.VolumeUp()
	} else {
		c.p.VolumeDown()
	}
}

// Status is what the screen should say about the sound: "" while it plays.
func (c soundControl) Status() string { return c.p.Trouble() }
