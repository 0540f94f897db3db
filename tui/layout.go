package tui

// form is the screen's overall form at a size.
type form int

const (
	formFull    form = iota // orb, word, pace, progress, help
	formCompact             // a smaller orb, word, progress; pace when it fits
	formTiny                // one line: a small bar and the phase word
	formInline              // a few lines under the prompt: bar, word, quiet line, progress
)

// shape is where each part of the screen goes. One layout function makes it
// for every size and mode; the view only follows it.
type shape struct {
	form     form
	top      int // blank lines above
	orbH     int // lines of orb (0 in the small forms)
	bar      bool
	gap      bool // a blank line between the orb and the words
	word     bool
	status   bool
	progress bool
	helpGap  bool
	help     int  // lines of help (0 for none)
	barW     int  // width of the breath bar in cells
	progW    int  // width of the progress bar in cells
	lines    int  // total lines: h, or fewer inline
	heart    bool // the heart line, under the quiet line (see heartShape)
	wave     int  // lines of the heart wave, above the heart line
}

// layoutOpts are what the layout depends on besides the size.
type layoutOpts struct {
	inline    bool
	fullHelp  bool
	helpLines int // lines of the full help
}

// Layout thresholds, in cells.
const (
	minCompactW, minCompactH = 20, 6
	minFullW, minFullH       = 60, 20
	minOrbH                  = 3
)

func layoutFor(w, h int, o layoutOpts) shape {
	w, h = max(w, 0), max(h, 0)
	progW := min(max(w-16, 4), 40)
	if o.inline {
		if w < minCompactW || h < 3 {
			return shape{form: formTiny, bar: true, word: true, barW: tinyBar(w), lines: min(h, 1)}
		}
		s := shape{form: formInline, bar: true, word: true, progress: true, barW: min(w-4, 40), progW: progW, lines: 3}
		if h >= 4 { // the quiet line: pace, how to tap, and the sound when it is off
			s.status, s.lines = true, 4
		}
		return s
	}
	if w < minCompactW || h < minCompactH {
		return shape{form: formTiny, top: (h - 1) / 2, bar: true, word: true, barW: tinyBar(w), lines: h}
	}
	s := shape{form: formCompact, word: true, progress: true, progW: progW, lines: h}
	if w >= minFullW && h >= minFullH {
		s.form = formFull
	}
	if h >= 10 {
		s.status, s.gap = true, true
	}
	if s.form == formFull {
		s.top, s.helpGap, s.help = 1, true, 1
		if o.fullHelp {
			s.help = max(o.helpLines, 1)
		}
	} else if o.fullHelp && h >= 12 {
		s.helpGap, s.help = true, max(o.helpLines, 1)
	}
	used := func() int {
		n := s.top + btoi(s.gap) + btoi(s.word) + btoi(s.status) + btoi(s.progress) + btoi(s.helpGap) + s.help
		return n
	}
	// Give up the least needed lines until the orb has room.
	for _, drop := range []func(){
		func() { s.helpGap = false },
		func() { s.top = 0 },
		func() { s.help = min(s.help, 1) },
		func() { s.help = 0 },
		func() { s.status = false },
		func() { s.gap = false },
	} {
		if h-used() >= minOrbH {
			break
		}
		drop()
	}
	s.orbH = h - used()
	if s.orbH < minOrbH {
		return shape{form: formTiny, top: (h - 1) / 2, bar: true, word: true, barW: tinyBar(w), lines: h}
	}
	return s
}

// tinyBar is the breath bar's width in the one-line form.
func tinyBar(w int) int {
	switch {
	case w >= 30:
		return 12
	case w >= 14:
		return 6
	case w >= 8:
		return 2
	}
	return 0
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
