package tui

import "charm.land/bubbles/v2/key"

// KeyMap holds every key binding of the breathing screen.
type KeyMap struct {
	Tap     key.Binding // mark a breath: press as it begins (hold while breathing in)
	Pause   key.Binding // pause and resume
	Mute    key.Binding // mute and unmute
	Voice   key.Binding // voice off and on
	VolDown key.Binding // quieter
	VolUp   key.Binding // louder
	Help    key.Binding // all keys
	Suspend key.Binding // suspend to the shell
	Quit    key.Binding // quit
}

// DefaultKeyMap returns attune's key bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Tap:     key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "breath")),
		Pause:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pause")),
		Mute:    key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "mute")),
		Voice:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "voice")),
		VolDown: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "quieter")),
		VolUp:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "louder")),
		Help:    key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Suspend: key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "suspend")),
		Quit:    key.NewBinding(key.WithKeys("q", "esc", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// ShortHelp is the one-line help.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Tap, k.Pause, k.Help, k.Quit}
}

// FullHelp is the help shown after '?'.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Tap, k.Pause, k.Quit}, {k.Mute, k.Voice, k.VolDown, k.VolUp}, {k.Help, k.Suspend}}
}
