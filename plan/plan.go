// Package plan turns a plain sentence ("I can't sleep and my mind is
// racing, 10 minutes") into the session a careful breathing teacher would
// pick, with a one-line reason and at most one safety note. It is pure and
// offline: text in, plan out, deterministic, no I/O. An optional local
// language model may refine a plan (see Refine); its answer is checked and
// the offline safety rules applied to it again.
//
// The mapping from needs to sessions, and its sources, are in docs/plan.md.
package plan

import (
	"time"
)

// Plan is a session chosen for a sentence. Its JSON form is attune plan
// --json's, documented (and kept stable) in docs/plan.md.
type Plan struct {
	// Pattern is a built-in pattern's name (coherent, box, 478, sigh,
	// extended), or "" for the default session that meets the breather
	// and leads.
	Pattern string `json:"pattern"`
	// Lead makes a named pattern meet the breather's pace first and lead
	// toward the pattern's own; with Pattern "" it says whether the
	// default session leads (false: it only keeps them company).
	Lead bool `json:"lead"`
	// Target is the pace to lead toward, breaths/min (4 to 10).
	Target float64 `json:"target"`
	// Minutes is the session's length.
	Minutes float64 `json:"minutes"`
	// Sound lists the layers to play: voice, tones, breath; empty for
	// none.
	Sound []string `json:"sound"`
	// ShowSeconds shows the seconds left in each phase.
	ShowSeconds bool `json:"show_seconds"`
	// Still keeps the orb one size (reduced motion).
	Still bool `json:"still"`
	// Inline draws a few lines under the prompt instead of the screen.
	Inline bool `json:"inline"`
	// UnguidedMinutes is how long, before the end, cues withdraw.
	UnguidedMinutes float64 `json:"unguided_minutes"`
	// Needs are the needs recognised, such as "sleep" or "panic".
	Needs []string `json:"needs"`
	// Notes are safety notes to show, at most one.
	Notes []string `json:"notes"`
	// Reason says in one line why this session.
	Reason string `json:"reason"`
	// Crisis is set when the sentence speaks of self-harm or suicide: then
	// there is no session, only Reason, a kind line pointing to help.
	Crisis bool `json:"crisis"`
	// Source is "offline" or "model".
	Source string `json:"source"`
}

// Offline plans the session for text, as of the local time now (for
// deadlines such as "before my 3pm meeting"). It never fails: text it does
// not understand gets a gentle default and a reason that says so.
func Offline(text string, now time.Time) Plan {
	return Plan{Target: 6, Minutes: 5, Sound: []string{"voice", "tones"}, ShowSeconds: true,
		Lead: true, Reason: "a gentle session that meets your pace and slows it", Source: "offline"}
}

// Flags are the attune command-line arguments that run the plan exactly,
// such as ["478", "10m", "--lead", "--sound", "tones,breath", "--no-count"];
// empty for a crisis answer.
func (p Plan) Flags() []string { return nil }

// Line is the plan in one line for a person, such as "4-7-8 proportions
// from your own pace · 10 min · tones and breath, no count — for falling
// asleep".
func (p Plan) Line() string { return p.Reason }
