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
	"math"
	"strconv"
	"strings"
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
	// Needs are the needs recognised, such as "sleep" or "panic"; empty,
	// not nil, for none, as are Sound and Notes, so that the JSON form
	// has [] rather than null.
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

// Built-in pattern names, as Plan.Pattern holds them.
const (
	Coherent = "coherent"
	Box      = "box"
	P478     = "478"
	Sigh     = "sigh"
	Extended = "extended"
)

// Patterns are the built-in patterns a plan may name.
var Patterns = []string{Coherent, Box, P478, Sigh, Extended}

// SoundLayers are the sound layers a plan may list, in their order.
var SoundLayers = []string{"voice", "tones", "breath"}

// hasHolds reports whether the built-in pattern holds the breath.
func hasHolds(pattern string) bool { return pattern == Box || pattern == P478 }

// maxText is how much of a sentence is read; more is not a request for a
// breathing session but a letter, and reading it all would be slow.
const maxText = 2000

// crisisReason is the whole answer to a sentence that speaks of suicide
// or self-harm.
const crisisReason = "I'm really sorry you're going through this, and you don't have to face it alone. " +
	"If you might act on these thoughts, call your local emergency number now (112, 911, 999); " +
	"or talk to a crisis line: 988 in the US, 116 123 in the UK and Ireland, or findahelpline.com for others."

// Notes, one at most per plan.
const (
	noteDizzy     = "If you feel dizzy or tingly, breathe smaller and softer, not deeper; this session keeps your own pace. Stop if it doesn't pass."
	notePregnancy = "In pregnancy keep it gentle: no breath holds, nothing forced, and stop if you feel unwell; ask your midwife or doctor if unsure."
	noteHeartLung = "With a heart or lung condition keep it gentle: no breath holds, nothing forced, stop if you feel unwell, and follow your doctor's advice."
)

// reading is what a sentence says, gathered from its phrases.
type reading struct {
	weight  map[string]float64 // meaning → how strongly, for those not negated
	negated map[string]bool    // meanings only ever negated
	order   map[string]int     // meaning → first position
}

func (r reading) has(m string) bool { _, ok := r.weight[m]; return ok }

func gather(hits []hit) reading {
	r := reading{weight: map[string]float64{}, negated: map[string]bool{}, order: map[string]int{}}
	for _, h := range hits {
		if h.negated {
			if _, ok := r.weight[h.meaning]; !ok {
				r.negated[h.meaning] = true
			}
			continue
		}
		delete(r.negated, h.meaning)
		if w, ok := r.weight[h.meaning]; !ok || h.weight > w {
			r.weight[h.meaning] = h.weight
		}
		if _, ok := r.order[h.meaning]; !ok {
			r.order[h.meaning] = h.start
		}
	}
	return r
}

// Offline plans the session for text, as of the local time now (for
// deadlines such as "before my 3pm meeting"). It never fails: text it does
// not understand gets a gentle default and a reason that says so.
func Offline(text string, now time.Time) Plan {
	if len(text) > maxText {
		text = text[:maxText]
	}
	toks := tokenize(text)
	r := gather(read(toks))
	if r.has(sigCrisis) {
		return crisisPlan()
	}
	night := now.Hour() >= 22 || now.Hour() < 5
	bed := r.has(sigBed)
	needs := weighNeeds(r, bed, bed || r.has(sigNight) || night)
	p := Plan{Target: DefaultTarget, Lead: true, ShowSeconds: true, Source: "offline", Needs: needs, Sound: []string{"voice", "tones"}, Notes: []string{}}
	primary := ""
	if len(needs) > 0 {
		primary = needs[0]
	}
	tm := readTiming(toks, now, r.has(sigEventBig) || r.has(sigEventWeak))
	named, withoutHolds := choosePattern(&p, r, toks, primary, tm)
	sleepSession := primary == NeedSleep
	p.Minutes = sessionMinutes(r, tm, sleepSession)
	shape(&p, r, sleepSession || bed)
	applyNotes(&p, r)
	if primary == "" && (named != "" || tm.target > 0) {
		primary = askedFor
	}
	p.Reason = reason(p, primary, withoutHolds)
	return p
}

// weighNeeds finds the needs the reading speaks of, and how strongly each
// is felt, and ranks them strongest first. sleepy says that sleep is near
// (in bed, at night); bed that the breather is in bed.
func weighNeeds(r reading, bed, sleepy bool) []string {
	w := map[string]float64{}
	for _, n := range needOrder {
		if v, ok := r.weight[n]; ok {
			w[n] = v
		}
	}
	if v, ok := r.weight[sigRacing]; ok {
		if sleepy {
			w[NeedSleep] = math.Max(w[NeedSleep], v)
		} else {
			w[NeedStress] = math.Max(w[NeedStress], v)
		}
	}
	if v, ok := r.weight[sigTired]; ok {
		if sleepy || r.has(NeedSleep) {
			w[NeedSleep] = math.Max(w[NeedSleep], v*0.9)
		} else {
			w[NeedEnergy] = math.Max(w[NeedEnergy], v)
		}
	}
	if v, ok := occasionWeight(r); ok {
		w[NeedPerformance] = math.Max(w[NeedPerformance], v)
	}
	if bed && len(w) == 0 {
		w[NeedSleep] = 1
	}
	if _, ok := w[NeedSleep]; ok && bed {
		w[NeedSleep] += 0.5 // in bed, sleep is what it is for
	}
	if _, ok := w[NeedPanic]; ok {
		w[NeedPanic] += 0.5 // the most acute comes first
	}
	return rank(w)
}

// occasionWeight is how strongly an occasion ahead (a talk, an exam, or
// nerves about something) calls for settling nerves before it; ok is false
// when the sentence speaks of none.
func occasionWeight(r reading) (v float64, ok bool) {
	nerves, hasNerves := r.weight[sigNerves]
	v, big := r.weight[sigEventBig]
	if !big && !(hasNerves && r.has(sigEventWeak)) {
		return 0, false
	}
	v = math.Max(v, nerves)
	if v < 1 && big {
		v = 1
	}
	if !r.has(NeedSleep) {
		v += 0.25 // the occasion names the need, unless sleep is the need now
	}
	return v, true
}

// ruleOutHolds reports whether the sentence rules breath holds out: panic,
// pregnancy, a heart or lung condition, or holds disliked.
func ruleOutHolds(r reading, toks []string) bool {
	return r.has(NeedPanic) || r.has(sigPregnant) || r.has(sigHeart) || r.has(sigLung) || dislikesHolds(toks)
}

// choosePattern sets p's pattern, target and leading: the primary need's
// pattern or the one named, without holds where they are ruled out, the
// default session for a pace asked for, and no leading for a fixed pace.
// named is the pattern asked for by name; withoutHolds says a pattern with
// holds was set aside.
func choosePattern(p *Plan, r reading, toks []string, primary string, tm timing) (named string, withoutHolds bool) {
	p.Pattern = patternFor(primary)
	named = namedPattern(r, toks)
	if named != "" {
		p.Pattern = named
	}
	if ruleOutHolds(r, toks) && hasHolds(p.Pattern) {
		withoutHolds = true
		if p.Pattern == P478 {
			p.Pattern = Extended
		} else {
			p.Pattern = Coherent
		}
	}
	if tm.target > 0 {
		p.Target = tm.target
		if named == "" {
			p.Pattern = ""
		}
	}
	if r.has(sigFixed) && p.Pattern != "" {
		p.Lead = false
	}
	return named, withoutHolds
}

// sessionMinutes is how long the session lasts: the length asked for, or
// one that suits the request, ending before any deadline.
func sessionMinutes(r reading, tm timing, sleepSession bool) float64 {
	var m float64
	switch {
	case tm.minutes > 0:
		m = tm.minutes
	case r.has(sigQuick) || r.has(sigInline) && !r.has(sigLong):
		m = 3
	case r.has(sigLong):
		m = 15
	case sleepSession:
		m = 10
	default:
		m = 5
	}
	if tm.deadline > 0 {
		m = math.Min(m, capFor(tm.deadline))
	}
	return clampMinutes(m)
}

// shape sets how the session sounds and looks: quieter, with no count and
// the last minutes unguided, for sleep; the layers asked for or turned
// away; a still orb; inline.
func shape(p *Plan, r reading, forSleep bool) {
	if forSleep {
		p.Sound = []string{"tones", "breath"}
		p.ShowSeconds = false
		if p.Minutes >= 4 {
			p.UnguidedMinutes = math.Floor(p.Minutes / 4)
		}
	}
	if r.has(sigVoice) && !r.has(sigQuiet) {
		p.Sound = withLayer(p.Sound, "voice")
	}
	if r.has(sigQuiet) {
		p.Sound = without(p.Sound, "voice")
		if len(p.Sound) == 0 {
			p.Sound = []string{"tones"}
		}
	}
	if r.has(sigNoTones) {
		p.Sound = without(p.Sound, "tones")
		if len(p.Sound) == 0 && !r.has(sigQuiet) {
			p.Sound = []string{"voice"}
		}
	}
	if r.has(sigSilent) {
		p.Sound = []string{}
	}
	p.Still = r.has(sigMotion)
	p.Inline = r.has(sigInline)
}

// applyNotes applies the safety rules that come with a note: no leading
// while dizzy (unless motion is what makes them dizzy), and the note for
// pregnancy or a heart or lung condition.
func applyNotes(p *Plan, r reading) {
	switch {
	case r.has(sigDizzy) && !r.has(sigMotion):
		p.Pattern, p.Lead, p.Target = "", false, DefaultTarget
		p.Notes = []string{noteDizzy}
	case r.has(sigPregnant):
		p.Notes = []string{notePregnancy}
	case r.has(sigHeart) || r.has(sigLung):
		p.Notes = []string{noteHeartLung}
	}
}

// rank orders the needs felt, strongest first, ties broken by needOrder.
func rank(w map[string]float64) []string {
	out := []string{}
	for _, n := range needOrder {
		if _, ok := w[n]; ok {
			out = append(out, n)
		}
	}
	// A stable insertion sort by weight keeps needOrder among equals.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && w[out[j]] > w[out[j-1]]+1e-9; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// patternFor is the session a need calls for (see docs/plan.md).
func patternFor(need string) string {
	switch need {
	case NeedSleep:
		return P478
	case NeedAnxiety, NeedPerformance, NeedMood:
		return Sigh
	case NeedAnger:
		return Extended
	case NeedFocus, NeedEnergy:
		return Box
	case NeedSlow:
		return Coherent
	}
	return "" // panic, stress, pain, calm, a break, nothing recognised
}

// namedPattern is the built-in pattern the sentence asks for by name, ""
// when none (or when it asks not to have it).
func namedPattern(r reading, toks []string) string {
	best, at := "", -1
	for _, name := range Patterns {
		pos, ok := r.order[patPrefix+name]
		if !ok || !r.has(patPrefix+name) {
			continue
		}
		if dislikedAt(toks, pos) {
			continue
		}
		if at == -1 || pos < at {
			best, at = name, pos
		}
	}
	return best
}

// dislikes are the words that turn a named thing away.
var dislikes = map[string]bool{
	"hate": true, "hates": true, "dislike": true, "avoid": true, "skip": true, "not": true, "no": true, "dont": true,
	"without": true, "never": true, "cant": true, "stop": true, "struggle": true, "struggles": true, "except": true,
}

// dislikedAt reports whether words of dislike stand before toks[i].
func dislikedAt(toks []string, i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if toks[j] == boundary {
			return false
		}
		if dislikes[toks[j]] {
			return true
		}
	}
	return false
}

// holdWords after a hold that say it feels bad.
var holdTrouble = map[string]bool{
	"bad": true, "awful": true, "uncomfortable": true, "hard": true, "difficult": true, "horrible": true, "scary": true,
	"scare": true, "scares": true, "weird": true, "dizzy": true, "sucks": true, "suck": true, "hate": true, "panic": true,
	"panicky": true, "anxious": true, "stress": true, "stressful": true, "stresses": true, "tough": true, "impossible": true,
	"not": true, "dont": true, "wrong": true, "terrible": true, "trigger": true, "triggers": true, "freak": true,
	"worse": true, "unpleasant": true, "claustrophobic": true, "uneasy": true, "nauseous": true, "lightheaded": true,
}

// dislikesHolds reports whether the sentence turns breath holds away:
// "no holds", "I hate holding my breath", "holds make me panicky".
func dislikesHolds(toks []string) bool {
	for i, t := range toks {
		if t != "hold" && t != "holds" && t != "holding" && t != "held" && t != "holdings" && t != "retention" {
			continue
		}
		if dislikedAt(toks, i) {
			return true
		}
		for j := i + 1; j < len(toks) && j <= i+6 && toks[j] != boundary; j++ {
			if holdTrouble[toks[j]] {
				return true
			}
		}
	}
	return false
}

func crisisPlan() Plan {
	return Plan{Crisis: true, Reason: crisisReason, Source: "offline", Sound: []string{}, Needs: []string{}, Notes: []string{}}
}

func clampMinutes(m float64) float64 {
	if math.IsNaN(m) || m <= 0 {
		m = 5
	}
	m = math.Max(MinMinutes, math.Min(MaxMinutes, m))
	return math.Round(m*60) / 60 // whole seconds
}

func withLayer(s []string, layer string) []string {
	has := map[string]bool{layer: true}
	for _, l := range s {
		has[l] = true
	}
	var out []string
	for _, l := range SoundLayers {
		if has[l] {
			out = append(out, l)
		}
	}
	return out
}

func without(s []string, layer string) []string {
	out := []string{}
	for _, l := range s {
		if l != layer {
			out = append(out, l)
		}
	}
	return out
}

// purposes say what each need's session is for, in the reason line.
var purposes = map[string]string{
	NeedSleep: "for falling asleep", NeedPanic: "for panic: slow and easy, no holds", NeedAnxiety: "for anxiety",
	NeedPerformance: "to settle nerves before your moment", NeedAnger: "to let anger cool", NeedPain: "to ease alongside pain",
	NeedStress: "for stress", NeedMood: "for a low mood", NeedFocus: "for focus", NeedEnergy: "for steady energy, nothing forced",
	NeedSlow: "to slow down", NeedCalm: "to settle", NeedBreak: "for a break", askedFor: "as you asked",
}

// askedFor stands for the need when the sentence names a pattern and
// nothing else.
const askedFor = "!asked"

// reason is the plan's one line for a person.
func reason(p Plan, primary string, withoutHolds bool) string {
	why := purposes[primary]
	if why == "" {
		why = "a gentle default, as I didn't catch a particular need"
	}
	if withoutHolds && primary != NeedPanic {
		why += ", without holds"
	}
	return describe(p) + " — " + why
}

// patternWords name the built-in patterns in the reason line.
var patternWords = map[string]string{
	Coherent: "coherent breathing (5 in, 6 out)", Box: "box breathing (4-4-4-4)", P478: "4-7-8",
	Sigh: "cyclic sighing (in, top-up, long out)", Extended: "a long exhale (4 in, 8 out)",
}

// describe says what the session is, how long and how it sounds.
func describe(p Plan) string {
	var what string
	switch {
	case p.Pattern == "" && p.Lead:
		what = "meets your pace and leads toward " + num(p.Target) + " breaths/min"
	case p.Pattern == "":
		what = "keeps you company at your own pace, no leading"
	case p.Lead && p.Pattern == P478:
		what = "4-7-8 proportions from your own pace"
	case p.Lead:
		what = patternWords[p.Pattern] + " from your own pace"
	default:
		what = patternWords[p.Pattern] + " at its own pace"
	}
	parts := []string{what, minutesWords(p.Minutes), soundWords(p)}
	if p.UnguidedMinutes > 0 {
		parts = append(parts, "the last "+minutesWords(p.UnguidedMinutes)+" on your own")
	}
	if p.Still {
		parts = append(parts, "a still orb")
	}
	if p.Inline {
		parts = append(parts, "inline")
	}
	return strings.Join(parts, " · ")
}

func soundWords(p Plan) string {
	var s string
	switch len(p.Sound) {
	case 0:
		s = "silent"
	case 1:
		s = p.Sound[0] + " only"
	case 2:
		s = p.Sound[0] + " and " + p.Sound[1]
	default:
		s = strings.Join(p.Sound[:len(p.Sound)-1], ", ") + " and " + p.Sound[len(p.Sound)-1]
	}
	if !p.ShowSeconds {
		s += ", no count"
	}
	return s
}

func minutesWords(m float64) string {
	secs := int(math.Round(m * 60))
	switch {
	case secs < 60:
		return strconv.Itoa(secs) + " s"
	case secs%60 == 0:
		return strconv.Itoa(secs/60) + " min"
	}
	return strconv.Itoa(secs/60) + " min " + strconv.Itoa(secs%60) + " s"
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// durationArg is a length as attune's duration argument: "10m", "90s",
// "2m30s".
func durationArg(m float64) string {
	secs := int(math.Round(m * 60))
	switch {
	case secs%60 == 0:
		return strconv.Itoa(secs/60) + "m"
	case secs < 60:
		return strconv.Itoa(secs) + "s"
	}
	return strconv.Itoa(secs/60) + "m" + strconv.Itoa(secs%60) + "s"
}

// AccompanyFlag is the flag Flags gives for the default session that keeps
// the breather company at their own pace without leading (Pattern "",
// Lead false). attune's --no-lead is a steady pace at --target instead, so
// this one is new to the command line. It sets aside the config file's
// default pattern.
const AccompanyFlag = "--accompany"

// LeadFlag is the flag Flags gives for the default session that meets the
// breather and leads (Pattern "", Lead true): an empty pattern, which
// means that session and overrides the config file's default pattern.
const LeadFlag = "--pattern="

// Flags are the attune command-line arguments that run the plan exactly,
// such as ["478", "10m", "--lead", "--sound", "tones,breath", "--no-count"];
// empty for a crisis answer. They are self-contained as to the pattern:
// with Pattern "" they name the default session (LeadFlag or
// AccompanyFlag), so a default pattern in the user's config file does not
// replace it. The user's standing preferences still come from their config
// file: reduced motion and no count when the plan does not ask for them,
// volumes, voice, theme, history; so do its lead and target settings where
// the flags do not give them (--lead only with a pattern, --target only
// when not 6).
func (p Plan) Flags() []string {
	if p.Crisis {
		return nil
	}
	var f []string
	if p.Pattern != "" {
		f = append(f, p.Pattern)
	}
	f = append(f, durationArg(p.Minutes))
	switch {
	case p.Pattern != "" && p.Lead:
		f = append(f, "--lead")
	case p.Pattern == "" && p.Lead:
		f = append(f, LeadFlag)
	case p.Pattern == "":
		f = append(f, AccompanyFlag)
	}
	if p.Pattern == "" && p.Target != DefaultTarget && p.Target != 0 {
		f = append(f, "--target", num(p.Target))
	}
	snd := "off"
	if len(p.Sound) > 0 {
		snd = strings.Join(p.Sound, ",")
	}
	f = append(f, "--sound", snd)
	if !p.ShowSeconds {
		f = append(f, "--no-count")
	}
	if p.Still {
		f = append(f, "--still")
	}
	if p.Inline {
		f = append(f, "--inline")
	}
	if p.UnguidedMinutes > 0 {
		f = append(f, "--unguided", durationArg(p.UnguidedMinutes))
	}
	return f
}

// Line is the plan in one line for a person, such as "4-7-8 proportions
// from your own pace · 10 min · tones and breath, no count — for falling
// asleep".
func (p Plan) Line() string {
	if p.Reason != "" || p.Crisis {
		return p.Reason
	}
	primary := ""
	if len(p.Needs) > 0 {
		primary = p.Needs[0]
	}
	return reason(p, primary, false)
}
