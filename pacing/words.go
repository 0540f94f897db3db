package pacing

// cueTexts is what the screen shows for each voice cue id.
var cueTexts = map[string]string{
	"welcome":  "welcome",
	"settle":   "get comfortable…",
	"arrive":   "breathe at your own pace; tap space as each breath begins",
	"follow":   "follow the circle",
	"begin":    "let's begin",
	"in":       "breathe in",
	"out":      "breathe out",
	"hold":     "hold",
	"topup":    "a little more",
	"letgo":    "let it go",
	"slower":   "a little slower",
	"with-you": "I'm with you",
	"well":     "that's it",
	"rest":     "rest here",
	"unguided": "on your own now",
	"return":   "coming back",
	"closing":  "well done",
	"pause":    "paused",
	"resume":   "and again",
	"again":    "let's find it again",
}

// CueIDs lists every voice cue id the session can ask for, in no
// particular order of use: each has a recorded clip.
var CueIDs = []string{"welcome", "settle", "arrive", "follow", "begin", "in", "out", "hold", "topup", "letgo", "slower", "with-you", "well", "rest", "unguided", "return", "closing", "pause", "resume", "again"}

// WordText is what the screen shows for the voice cue id, or "" for an
// unknown id.
func WordText(id string) string { return cueTexts[id] }
