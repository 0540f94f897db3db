package pacing

// cueTexts is what the screen shows for each voice cue id.
var cueTexts = map[string]string{
	"welcome":  "welcome — let's start where you are",
	"settle":   "get comfortable",
	"arrive":   "breathe at your own pace; tap space as each breath begins",
	"follow":   "follow the sound",
	"begin":    "let's begin",
	"in":       "breathe in",
	"out":      "breathe out",
	"hold":     "hold",
	"topup":    "a little more",
	"letgo":    "let it go",
	"slower":   "a little slower now",
	"with-you": "stay with me here",
	"well":     "you're doing well",
	"rest":     "rest here",
	"unguided": "now on your own",
	"return":   "gently come back",
	"closing":  "well done — notice how you feel",
	"pause":    "let's pause here",
	"resume":   "and continue",
	"again":    "let's find each other again",
}

// CueIDs returns every voice cue id a session can ask for; each has a
// recorded clip.
func CueIDs() []string {
	return []string{"welcome", "settle", "arrive", "follow", "begin", "in", "out", "hold", "topup", "letgo", "slower", "with-you", "well", "rest", "unguided", "return", "closing", "pause", "resume", "again"}
}

// WordText is what the screen shows for the voice cue id, or "" for an
// unknown id.
func WordText(id string) string { return cueTexts[id] }
