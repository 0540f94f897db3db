package plan

import (
	"sort"
	"strings"
)

// The needs the planner recognises, as they appear in Plan.Needs.
const (
	NeedSleep       = "sleep"
	NeedPanic       = "panic"
	NeedAnxiety     = "anxiety"
	NeedPerformance = "performance"
	NeedAnger       = "anger"
	NeedPain        = "pain"
	NeedStress      = "stress"
	NeedMood        = "low mood"
	NeedFocus       = "focus"
	NeedEnergy      = "energy"
	NeedSlow        = "slow down"
	NeedCalm        = "calm"
	NeedBreak       = "break"
)

// needOrder breaks ties between needs as strong as each other: the more
// acute or the more specific first.
var needOrder = []string{NeedPanic, NeedSleep, NeedPerformance, NeedAnxiety, NeedAnger, NeedPain,
	NeedStress, NeedMood, NeedFocus, NeedEnergy, NeedSlow, NeedCalm, NeedBreak}

// Signals that are not needs but shape the plan.
const (
	sigCrisis    = "!crisis"
	sigDizzy     = "!dizzy"
	sigMotion    = "!motion" // the picture's motion is the trouble: keep it still
	sigHeart     = "!heart"
	sigLung      = "!lung"
	sigPregnant  = "!pregnant"
	sigBed       = "@bed"
	sigNight     = "@night"
	sigRacing    = "@racing" // racing mind: sleep at night, stress by day
	sigQuiet     = "@quiet"  // no voice
	sigSilent    = "@silent" // no sound at all
	sigNoTones   = "@notones"
	sigVoice     = "@voice" // wants the voice
	sigInline    = "@inline"
	sigQuick     = "@quick"
	sigLong      = "@long"
	sigEventBig  = "@event"  // a talk, an interview, an exam
	sigEventWeak = "@event?" // a meeting, a call: nerves only with nerves
	sigNerves    = "@nerves"
	sigBeginner  = "@beginner"
	sigFixed     = "@fixed" // at the pattern's own pace, no meeting
	sigTired     = "@tired" // tired: energy by day, sleep at bedtime
	patPrefix    = "#"
)

// entry is one phrase of the lexicon: words, each exact (a slip allowed
// in longer ones) or a stem ending in '*', and what it means.
type entry struct {
	words   []string
	meaning string
	// firm entries are not undone by a negation before them: "no energy"
	// is low energy, "can't sleep" is sleep.
	firm bool
}

// raw lexicon: "phrase|meaning", a leading '=' marks a firm phrase.
var rawLexicon = []string{
	// Crisis: no session, only help.
	"suicid*|" + sigCrisis, "=kill myself|" + sigCrisis, "=killing myself|" + sigCrisis, "=kill my self|" + sigCrisis,
	"=end my life|" + sigCrisis, "=end it all|" + sigCrisis, "=ending it all|" + sigCrisis, "=end things|" + sigCrisis,
	"=take my own life|" + sigCrisis, "=take my life|" + sigCrisis, "want to die|" + sigCrisis, "wish i was dead|" + sigCrisis,
	"wish i were dead|" + sigCrisis, "=better off dead|" + sigCrisis, "=better off without me|" + sigCrisis,
	"=dont want to live|" + sigCrisis, "=dont want to be alive|" + sigCrisis, "=dont want to be here anymore|" + sigCrisis,
	"=dont want to exist|" + sigCrisis, "=dont want to wake up|" + sigCrisis, "=no reason to live|" + sigCrisis,
	"=nothing to live for|" + sigCrisis, "self harm*|" + sigCrisis, "selfharm*|" + sigCrisis, "hurt myself|" + sigCrisis,
	"hurting myself|" + sigCrisis, "harm myself|" + sigCrisis, "harming myself|" + sigCrisis, "cutting myself|" + sigCrisis,
	"cut myself|" + sigCrisis, "overdose|" + sigCrisis, "=od on|" + sigCrisis, "=not worth living|" + sigCrisis,
	"=life isnt worth|" + sigCrisis, "=cant go on|" + sigCrisis, "=cant keep going|" + sigCrisis, "=want it to be over|" + sigCrisis,
	"=want it all to end|" + sigCrisis, "=want to disappear forever|" + sigCrisis, "want to end it|" + sigCrisis, "going to end it|" + sigCrisis,
	"ending things|" + sigCrisis, "=no point in living|" + sigCrisis, "=no point living|" + sigCrisis, "=no point in going on|" + sigCrisis,
	"=whats the point of living|" + sigCrisis, "=rather be dead|" + sigCrisis, "want to be dead|" + sigCrisis, "=no will to live|" + sigCrisis,
	"=lost the will to live|" + sigCrisis, "=end my own life|" + sigCrisis, "=jump off|" + sigCrisis, "=hang myself|" + sigCrisis, "=kms|" + sigCrisis, "unalive*|" + sigCrisis,

	// Body signals for a note.
	"dizzy|" + sigDizzy, "dizziness|" + sigDizzy, "lightheaded|" + sigDizzy, "light headed|" + sigDizzy,
	"tingl*|" + sigDizzy, "pins and needles|" + sigDizzy, "numb fingers|" + sigDizzy, "numb hands|" + sigDizzy,
	"faint|" + sigDizzy, "woozy|" + sigDizzy, "head spin*|" + sigDizzy, "room spin*|" + sigDizzy, "vertigo|" + sigDizzy, "pass out|" + sigDizzy, "passing out|" + sigDizzy, "going to faint|" + sigDizzy, "fainting|" + sigDizzy,
	"motion makes me|" + sigMotion, "motion sick*|" + sigMotion, "motion sensitiv*|" + sigMotion, "reduced motion|" + sigMotion,
	"moving orb|" + sigMotion, "orb makes me|" + sigMotion, "animation* make* me|" + sigMotion, "no animation*|" + sigMotion,
	"keep it still|" + sigMotion, "still orb|" + sigMotion, "no motion|" + sigMotion, "less motion|" + sigMotion,
	"moving things make me|" + sigMotion, "movement makes me|" + sigMotion, "vestibular|" + sigMotion, "seasick*|" + sigMotion,
	"heart condition|" + sigHeart, "heart problem*|" + sigHeart, "heart disease|" + sigHeart, "heart failure|" + sigHeart,
	"arrhythmi*|" + sigHeart, "afib|" + sigHeart, "a fib|" + sigHeart, "atrial|" + sigHeart, "pacemaker|" + sigHeart,
	"heart attack|" + sigHeart, "cardiac|" + sigHeart, "angina|" + sigHeart, "high blood pressure|" + sigHeart,
	"hypertension|" + sigHeart, "heart surgery|" + sigHeart, "bad heart|" + sigHeart, "heart issue*|" + sigHeart,
	"heart murmur|" + sigHeart, "tachycardia|" + sigHeart, "chest pain*|" + sigHeart,
	"asthma*|" + sigLung, "copd|" + sigLung, "emphysema|" + sigLung, "lung*|" + sigLung, "bronchit*|" + sigLung,
	"cystic fibrosis|" + sigLung, "breathing problem*|" + sigLung, "respiratory|" + sigLung, "inhaler|" + sigLung,
	"short of breath|" + sigLung, "shortness of breath|" + sigLung, "long covid|" + sigLung, "pulmonary|" + sigLung,
	"pregnan*|" + sigPregnant, "expecting a baby|" + sigPregnant, "im expecting|" + sigPregnant, "weeks along|" + sigPregnant,
	"trimester|" + sigPregnant, "my bump|" + sigPregnant, "baby bump|" + sigPregnant, "prenatal|" + sigPregnant,
	"with child|" + sigPregnant, "expecting twins|" + sigPregnant, "expecting a child|" + sigPregnant, "weeks pregnant|" + sigPregnant, "my baby is due|" + sigPregnant, "baby is due|" + sigPregnant, "labor|" + sigPregnant, "labour|" + sigPregnant, "contractions|" + sigPregnant,

	// Panic.
	"panic*|" + NeedPanic, "=panic attack*|" + NeedPanic, "hyperventilat*|" + NeedPanic, "=cant breathe|" + NeedPanic,
	"=cant catch my breath|" + NeedPanic, "freaking out|" + NeedAnxiety, "freak out|" + NeedAnxiety, "freaked out|" + NeedAnxiety,
	"losing it|" + NeedAnxiety, "melt* down|" + NeedPanic, "meltdown|" + NeedPanic, "terrified|" + NeedAnxiety,
	"heart is pounding|" + NeedPanic, "heart pounding|" + NeedPanic, "heart is racing|" + NeedPanic, "heart racing|" + NeedPanic,
	"racing heart|" + NeedPanic, "=feel like im dying|" + NeedPanic, "going crazy|" + NeedAnxiety, "anxiety attack*|" + NeedPanic,
	"breathing too fast|" + NeedPanic, "panicky|" + NeedPanic, "breathing fast|" + NeedPanic,

	// Anxiety.
	"anxi*|" + NeedAnxiety, "worr*|" + NeedAnxiety, "nervous*|" + NeedAnxiety, "on edge|" + NeedAnxiety, "uneasy|" + NeedAnxiety,
	"jittery|" + NeedAnxiety, "jumpy|" + NeedAnxiety, "scared|" + NeedAnxiety, "afraid|" + NeedAnxiety, "fear*|" + NeedAnxiety,
	"dread*|" + NeedAnxiety, "spiral*|" + NeedAnxiety, "overthink*|" + NeedAnxiety, "apprehensive|" + NeedAnxiety,
	"=cant calm down|" + NeedAnxiety, "=cant stop worrying|" + NeedAnxiety, "antsy|" + NeedAnxiety, "uptight|" + NeedAnxiety,
	"edgy|" + NeedAnxiety, "restless|" + NeedAnxiety, "unsettled|" + NeedAnxiety, "shaky|" + NeedAnxiety, "shaking|" + NeedAnxiety,
	"knot in my stomach|" + NeedAnxiety, "tight chest|" + NeedAnxiety, "chest is tight|" + NeedAnxiety, "fretting|" + NeedAnxiety,
	"agitated|" + NeedAnxiety, "nervy|" + NeedAnxiety, "keyed up|" + NeedAnxiety, "flying|" + NeedAnxiety, "flight|" + NeedAnxiety,
	"dentist|" + NeedAnxiety, "surgery|" + NeedAnxiety, "doctors appointment|" + NeedAnxiety, "test results|" + NeedAnxiety,

	// Performance nerves: the events and the nerves.
	"talk|" + sigEventBig, "talks|" + sigEventBig, "presentation*|" + sigEventBig, "presenting|" + sigEventBig,
	"speech|" + sigEventBig, "interview*|" + sigEventBig, "exam|" + sigEventBig, "exams|" + sigEventBig, "audition*|" + sigEventBig, "pitch*|" + sigEventBig,
	"performance|" + sigEventBig, "perform*|" + sigEventBig, "gig|" + sigEventBig, "concert|" + sigEventBig, "recital|" + sigEventBig,
	"competition|" + sigEventBig, "on stage|" + sigEventBig, "public speaking|" + sigEventBig, "keynote|" + sigEventBig,
	"viva|" + sigEventBig, "defense|" + sigEventBig, "defence|" + sigEventBig, "thesis|" + sigEventBig, "demo|" + sigEventBig,
	"race|" + sigEventBig, "finals|" + sigEventBig, "final exam*|" + sigEventBig, "midterm*|" + sigEventBig, "webinar|" + sigEventBig, "podcast|" + sigEventBig,
	"driving test|" + sigEventBig, "standup|" + sigEventWeak, "stand up|" + sigEventWeak, "meeting*|" + sigEventWeak,
	"call|" + sigEventWeak, "test|" + sigEventWeak, "quiz|" + sigEventWeak, "date|" + sigEventWeak, "game|" + sigEventWeak,
	"match|" + sigEventWeak, "appointment|" + sigEventWeak, "review|" + sigEventWeak, "1 on 1|" + sigEventWeak, "class|" + sigEventWeak,
	"lecture|" + sigEventWeak, "shift|" + sigEventWeak, "deadline|" + sigEventWeak, "stage fright|" + sigNerves,
	"nerves|" + sigNerves, "butterflies|" + sigNerves, "jitters|" + sigNerves, "nervous*|" + sigNerves, "anxi*|" + sigNerves,
	"scared|" + sigNerves, "psych* up|" + sigNerves, "get ready for|" + sigNerves, "prepare for|" + sigNerves, "prep for|" + sigNerves,

	// Sleep.
	"sleep|" + NeedSleep, "sleeping|" + NeedSleep, "asleep|" + NeedSleep, "insomnia*|" + NeedSleep, "=cant sleep|" + NeedSleep,
	"=not sleeping|" + NeedSleep, "=cant fall asleep|" + NeedSleep, "=cant get to sleep|" + NeedSleep, "=cant drift off|" + NeedSleep,
	"drift off|" + NeedSleep, "nod off|" + NeedSleep, "bedtime|" + NeedSleep, "bed time|" + NeedSleep, "wind down|" + NeedSleep,
	"winding down|" + NeedSleep, "nap|" + NeedSleep, "napping|" + NeedSleep, "=wide awake|" + NeedSleep, "=still awake|" + NeedSleep,
	"=lying awake|" + NeedSleep, "=laying awake|" + NeedSleep, "=woke up at|" + NeedSleep, "=keep waking up|" + NeedSleep,
	"=woke up in the middle of the night|" + NeedSleep, "=back to sleep|" + NeedSleep, "=3am|" + NeedSleep, "sleepless*|" + NeedSleep,
	"=stay asleep|" + NeedSleep, "=to fall asleep|" + NeedSleep, "=help me sleep|" + NeedSleep, "before bed|" + NeedSleep, "before sleep|" + NeedSleep, "ready for bed|" + NeedSleep, "go to bed|" + NeedSleep, "going to bed|" + NeedSleep,
	"in bed|" + sigBed, "into bed|" + sigBed, "lying down|" + sigBed, "laying down|" + sigBed, "under the covers|" + sigBed,
	"pillow|" + sigBed, "bed|" + sigBed, "fall asleep|" + sigBed, "falling asleep|" + sigBed, "to sleep|" + sigBed,
	"tonight|" + sigNight, "night|" + sigNight, "midnight|" + sigNight,
	"racing mind|" + sigRacing, "mind is racing|" + sigRacing, "mind racing|" + sigRacing, "racing thoughts|" + sigRacing,
	"thoughts are racing|" + sigRacing, "=cant switch off|" + sigRacing, "=cant turn off|" + sigRacing, "=cant shut off|" + sigRacing,
	"=cant turn my brain off|" + sigRacing, "=cant stop thinking|" + sigRacing, "=brain wont stop|" + sigRacing,
	"=mind wont stop|" + sigRacing, "=mind wont shut up|" + sigRacing, "=brain wont shut up|" + sigRacing, "=wired|" + sigRacing,
	"=thoughts wont stop|" + sigRacing, "=mind wont quiet|" + sigRacing, "ruminat*|" + sigRacing, "=cant unwind|" + sigRacing,

	// Anger.
	"angry|" + NeedAnger, "anger|" + NeedAnger, "furious|" + NeedAnger, "mad at|" + NeedAnger, "so mad|" + NeedAnger,
	"pissed|" + NeedAnger, "rage|" + NeedAnger, "raging|" + NeedAnger, "irritat*|" + NeedAnger, "annoyed|" + NeedAnger,
	"fuming|" + NeedAnger, "livid|" + NeedAnger, "seething|" + NeedAnger, "lost my temper|" + NeedAnger, "losing my temper|" + NeedAnger,
	"temper|" + NeedAnger, "resent*|" + NeedAnger, "frustrat*|" + NeedAnger, "cross with|" + NeedAnger, "want to scream|" + NeedAnger,
	"want to punch|" + NeedAnger, "want to yell|" + NeedAnger, "heated|" + NeedAnger, "snapped at|" + NeedAnger, "snap at|" + NeedAnger,
	"boiling|" + NeedAnger, "blew up|" + NeedAnger, "grumpy|" + NeedAnger, "cranky|" + NeedAnger, "hostile|" + NeedAnger,
	"argument|" + NeedAnger, "fight with|" + NeedAnger, "fought with|" + NeedAnger, "outraged|" + NeedAnger,

	// Pain.
	"pain*|" + NeedPain, "ache|" + NeedPain, "aches|" + NeedPain, "aching|" + NeedPain, "hurts|" + NeedPain, "hurting|" + NeedPain,
	"headache*|" + NeedPain, "migraine*|" + NeedPain, "cramp*|" + NeedPain, "sore|" + NeedPain, "fibromyalgia|" + NeedPain,
	"arthritis|" + NeedPain, "backache|" + NeedPain, "my back|" + NeedPain, "my neck|" + NeedPain, "injur*|" + NeedPain,
	"toothache|" + NeedPain, "stomachache|" + NeedPain, "stomach ache|" + NeedPain, "endometriosis|" + NeedPain,
	"sciatica|" + NeedPain, "throbbing|" + NeedPain, "flare up|" + NeedPain, "flare|" + NeedPain, "recovering from|" + NeedPain,

	// Stress.
	"stress*|" + NeedStress, "overwhelm*|" + NeedStress, "hard day|" + NeedStress, "long day|" + NeedStress, "rough day|" + NeedStress,
	"tough day|" + NeedStress, "bad day|" + NeedStress, "busy day|" + NeedStress, "crazy day|" + NeedStress, "hectic|" + NeedStress,
	"long week|" + NeedStress, "rough week|" + NeedStress, "hard week|" + NeedStress, "tough week|" + NeedStress,
	"burn* out|" + NeedStress, "burnout|" + NeedStress, "frazzled|" + NeedStress, "swamped|" + NeedStress, "pressure|" + NeedStress,
	"tense|" + NeedStress, "tension|" + NeedStress, "wound up|" + NeedStress, "frantic|" + NeedStress, "too much|" + NeedStress,
	"after work|" + NeedStress, "decompress*|" + NeedStress, "unwind*|" + NeedStress, "de stress|" + NeedStress, "destress|" + NeedStress,
	"drowning|" + NeedStress, "snowed under|" + NeedStress, "under the pump|" + NeedStress, "strained|" + NeedStress,
	"=cant cope|" + NeedStress, "=cant relax|" + NeedStress, "exhausting day|" + NeedStress, "stretched thin|" + NeedStress,
	"chaos|" + NeedStress, "chaotic|" + NeedStress, "deadlines|" + NeedStress, "crunch|" + NeedStress,
	"work is|" + NeedStress, "my boss|" + NeedStress, "traffic|" + NeedStress, "so done|" + NeedStress, "done with today|" + NeedStress, "fed up|" + NeedStress, "bad news|" + NeedStress, "terrible news|" + NeedStress, "awful news|" + NeedStress, "shaken|" + NeedStress, "shook|" + NeedStress, "cant take it|" + NeedStress, "at my limit|" + NeedStress, "end of my rope|" + NeedStress,

	// Low mood.
	"sad|" + NeedMood, "sadness|" + NeedMood, "feeling down|" + NeedMood, "feel down|" + NeedMood, "bit down|" + NeedMood,
	"im down|" + NeedMood, "feeling low|" + NeedMood, "feel low|" + NeedMood, "low mood|" + NeedMood, "bad mood|" + NeedMood,
	"blue|" + NeedMood, "depress*|" + NeedMood, "gloomy|" + NeedMood, "lonely|" + NeedMood, "grief|" + NeedMood, "griev*|" + NeedMood,
	"crying|" + NeedMood, "cried|" + NeedMood, "heartbroken|" + NeedMood, "hate myself|" + NeedMood, "worthless|" + NeedMood, "giving up|" + NeedMood, "heart broken|" + NeedMood, "miserable|" + NeedMood,
	"unhappy|" + NeedMood, "hopeless|" + NeedMood, "meh|" + NeedMood, "bummed|" + NeedMood, "upset|" + NeedMood,
	"discouraged|" + NeedMood, "deflated|" + NeedMood, "breakup|" + NeedMood, "break up|" + NeedMood,

	// Focus.
	"focus*|" + NeedFocus, "concentrat*|" + NeedFocus, "in the zone|" + NeedFocus, "clear my head|" + NeedFocus,
	"clear head|" + NeedFocus, "clear my mind|" + NeedFocus, "study|" + NeedFocus, "studying|" + NeedFocus, "deep work|" + NeedFocus,
	"productive|" + NeedFocus, "distracted|" + NeedFocus, "scattered|" + NeedFocus, "brain fog|" + NeedFocus, "foggy|" + NeedFocus,
	"=cant think|" + NeedFocus, "=cant concentrate|" + NeedFocus, "=cant focus|" + NeedFocus, "attention|" + NeedFocus,
	"clarity|" + NeedFocus, "before coding|" + NeedFocus, "code review|" + NeedFocus, "debug*|" + NeedFocus,
	"adhd|" + NeedFocus, "mental reset|" + NeedFocus, "get to work|" + NeedFocus, "homework|" + NeedFocus,
	"centered|" + NeedFocus, "centre myself|" + NeedFocus, "center myself|" + NeedFocus, "ground myself|" + NeedFocus, "grounded|" + NeedFocus,

	// Energy.
	"tired|" + sigTired, "exhausted|" + sigTired, "sleepy|" + sigTired, "drowsy|" + sigTired, "fatigue*|" + sigTired,
	"drained|" + NeedEnergy, "sluggish|" + NeedEnergy, "=low energy|" + NeedEnergy, "=no energy|" + NeedEnergy,
	"=zero energy|" + NeedEnergy, "=out of energy|" + NeedEnergy, "=low on energy|" + NeedEnergy, "energ*|" + NeedEnergy,
	"slump|" + NeedEnergy, "groggy|" + NeedEnergy, "wake up|" + NeedEnergy, "wake me up|" + NeedEnergy, "waking up|" + NeedEnergy,
	"pick me up|" + NeedEnergy, "boost|" + NeedEnergy, "alert|" + NeedEnergy, "lethargic|" + NeedEnergy, "wiped|" + NeedEnergy,
	"knackered|" + NeedEnergy, "zonked|" + NeedEnergy, "burnt|" + NeedEnergy, "=didnt sleep|" + NeedEnergy,
	"=havent slept|" + NeedEnergy, "=slept badly|" + NeedEnergy, "=slept poorly|" + NeedEnergy, "=no sleep|" + NeedEnergy,
	"=bad night|" + NeedEnergy, "=poor sleep|" + NeedEnergy, "=barely slept|" + NeedEnergy, "=stay awake|" + NeedEnergy,
	"=keep my eyes open|" + NeedEnergy, "afternoon|" + NeedEnergy, "after lunch|" + NeedEnergy, "revive|" + NeedEnergy,
	"recharge|" + NeedEnergy, "refresh*|" + NeedEnergy, "perk up|" + NeedEnergy, "flagging|" + NeedEnergy, "=running on empty|" + NeedEnergy,
	"jet lag*|" + NeedEnergy, "jetlag*|" + NeedEnergy, "worn out|" + NeedEnergy, "run down|" + NeedEnergy, "dragging|" + NeedEnergy,

	// Slowing down, HRV practice.
	"slow down|" + NeedSlow, "slow my breath*|" + NeedSlow, "breathe slower|" + NeedSlow, "slower breath*|" + NeedSlow,
	"slow breath*|" + NeedSlow, "hrv|" + NeedSlow, "heart rate variability|" + NeedSlow, "resonan*|" + NeedSlow,
	"coheren*|" + NeedSlow, "biofeedback|" + NeedSlow, "vagal|" + NeedSlow, "vagus|" + NeedSlow, "6 breaths|" + NeedSlow,
	"six breaths|" + NeedSlow, "daily practice|" + NeedSlow, "practice|" + NeedSlow, "practise|" + NeedSlow,
	"baroreflex|" + NeedSlow, "blood pressure|" + NeedSlow,

	// Calm in general.
	"calm*|" + NeedCalm, "relax*|" + NeedCalm, "chill*|" + NeedCalm, "settle*|" + NeedCalm, "peace*|" + NeedCalm,
	"soothe|" + NeedCalm, "soothing|" + NeedCalm, "grounding|" + NeedCalm, "quieten|" + NeedCalm,
	"take the edge off|" + NeedCalm, "zen|" + NeedCalm, "serene|" + NeedCalm, "mindful*|" + NeedCalm, "meditat*|" + NeedCalm,
	"restless mind|" + NeedCalm, "unsettled|" + NeedCalm, "breather|" + NeedCalm, "center|" + NeedCalm, "centre|" + NeedCalm,

	// A break.
	"break|" + NeedBreak, "breather|" + NeedBreak, "pause|" + NeedBreak, "reset|" + NeedBreak, "step away|" + NeedBreak,
	"between meetings|" + NeedBreak, "between calls|" + NeedBreak, "breathing break|" + NeedBreak, "time out|" + NeedBreak,
	"timeout|" + NeedBreak, "screen break|" + NeedBreak, "coffee break|" + NeedBreak, "micro break|" + NeedBreak,
	"recess|" + NeedBreak, "interlude|" + NeedBreak, "a moment|" + NeedBreak, "a minute to myself|" + NeedBreak,

	// Patterns by name.
	"box*|#box", "square breath*|#box", "4 4 4 4|#box", "4 to 4 to 4 to 4|#box", "navy seal*|#box", "tactical breath*|#box",
	"478|#478", "4 7 8|#478", "4 to 7 to 8|#478", "four seven eight|#478", "relaxing breath|#478",
	"sigh|#sigh", "sighs|#sigh", "sighing|#sigh", "physiological sigh*|#sigh", "double inhale|#sigh", "cyclic sigh*|#sigh",
	"coherent|#coherent", "coherence breath*|#coherent", "resonance breath*|#coherent", "resonant breath*|#coherent",
	"5 5|#coherent", "extended|#extended", "long exhale*|#extended", "longer exhale*|#extended", "extended exhale*|#extended",
	"long out breath*|#extended", "longer out breath*|#extended", "4 to 8|#extended", "exhale longer|#extended",
	"slow exhale*|#extended",

	// How it should sound and look.
	"quiet|" + sigQuiet, "at the office|" + sigQuiet, "in the office|" + sigQuiet, "at work|" + sigQuiet, "at my desk|" + sigQuiet,
	"open plan|" + sigQuiet, "cowork*|" + sigQuiet, "colleague*|" + sigQuiet, "library|" + sigQuiet, "on the train|" + sigQuiet,
	"on the bus|" + sigQuiet, "on a plane|" + sigQuiet, "on the plane|" + sigQuiet, "in public|" + sigQuiet, "partner is asleep|" + sigQuiet,
	"no voice|" + sigQuiet, "without voice|" + sigQuiet, "without the voice|" + sigQuiet, "no talking|" + sigQuiet, "no words|" + sigQuiet,
	"hate the voice|" + sigQuiet, "hate voice*|" + sigQuiet, "dont like the voice|" + sigQuiet, "voice is annoying|" + sigQuiet,
	"voice annoys|" + sigQuiet, "voice off|" + sigQuiet, "mute the voice|" + sigQuiet, "no speaking|" + sigQuiet, "no guidance|" + sigQuiet,
	"dont talk|" + sigQuiet, "no narration|" + sigQuiet, "without talking|" + sigQuiet, "no spoken|" + sigQuiet, "skip the voice|" + sigQuiet,
	"voice is distracting|" + sigQuiet, "voice distracts|" + sigQuiet, "not the voice|" + sigQuiet, "meeting room|" + sigQuiet,
	"silent*|" + sigSilent, "silence|" + sigSilent, "no sound*|" + sigSilent, "without sound|" + sigSilent, "mute|" + sigSilent,
	"muted|" + sigSilent, "no audio|" + sigSilent, "sound off|" + sigSilent, "no noise|" + sigSilent, "sounds off|" + sigSilent,
	"no headphones|" + sigSilent, "without headphones|" + sigSilent, "visual only|" + sigSilent,
	"no tones|" + sigNoTones, "no beep*|" + sigNoTones, "no bell*|" + sigNoTones, "hate the tones|" + sigNoTones, "no chime*|" + sigNoTones,
	"with voice|" + sigVoice, "with the voice|" + sigVoice, "talk me through|" + sigVoice, "guide me|" + sigVoice, "voice guid*|" + sigVoice,
	"tmux|" + sigInline, "popup|" + sigInline, "pop up|" + sigInline, "quick break|" + sigInline, "inline|" + sigInline,
	"split|" + sigInline, "pane|" + sigInline, "small window|" + sigInline, "in my terminal|" + sigInline, "in the terminal|" + sigInline,
	"between builds|" + sigInline, "while it compiles|" + sigInline, "while compiling|" + sigInline, "ci is running|" + sigInline,
	"quick*|" + sigQuick, "short|" + sigQuick, "brief|" + sigQuick, "fast one|" + sigQuick, "tiny|" + sigQuick, "mini|" + sigQuick,
	"little break|" + sigQuick, "few moments|" + sigQuick, "real quick|" + sigQuick, "quickie|" + sigQuick,
	"long session|" + sigLong, "long one|" + sigLong, "longer session|" + sigLong, "longer one|" + sigLong, "long break|" + sigLong,
	"long practice|" + sigLong, "long sit|" + sigLong, "proper session|" + sigLong, "full session|" + sigLong, "longer|" + sigLong,
	"deep session|" + sigLong, "long breathing|" + sigLong, "long meditation|" + sigLong, "good long|" + sigLong, "take my time|" + sigLong,
	"beginner|" + sigBeginner, "first time|" + sigBeginner, "new to this|" + sigBeginner, "never done|" + sigBeginner, "new to breath*|" + sigBeginner,
	"fixed pace|" + sigFixed, "its own pace|" + sigFixed, "steady pace|" + sigFixed, "no leading|" + sigFixed, "dont lead|" + sigFixed,
	"strict|" + sigFixed, "exact pattern|" + sigFixed, "metronome|" + sigFixed,
}

var lexicon = buildLexicon()

func buildLexicon() []entry {
	es := make([]entry, 0, len(rawLexicon))
	for _, r := range rawLexicon {
		phrase, meaning, _ := strings.Cut(r, "|")
		firm := strings.HasPrefix(phrase, "=")
		phrase = strings.TrimPrefix(phrase, "=")
		var words []string
		for _, w := range strings.Fields(phrase) {
			t := tokenize(strings.TrimSuffix(w, "*"))
			if strings.HasSuffix(w, "*") && len(t) > 0 {
				t[len(t)-1] += "*"
			}
			words = append(words, t...)
		}
		es = append(es, entry{words: words, meaning: meaning, firm: firm})
	}
	// Longest phrases first, so "cant sleep" is read before "sleep".
	sort.SliceStable(es, func(i, j int) bool { return len(es[i].words) > len(es[j].words) })
	return es
}
