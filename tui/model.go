// Package tui is attune's terminal screen: the breathing orb, the phase
// word, pace, progress and keys. It decides no timing: every frame asks the
// pacing session for its state at the current instant, and the next frame is
// scheduled for the instant the picture next changes.
package tui

import (
	"fmt"
	"image/color"
	"math"
	"runtime"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/attune-breath/attune/pacing"
)

// Sound is what the screen can ask of the sound player.
type Sound interface {
	ToggleMute()                // silence or restore the sound
	ToggleVoice()               // switch the spoken cues off or on
	AdjustVolume(delta float64) // louder for delta > 0, quieter otherwise
	Status() string             // "" when all is well, else e.g. "sound off: no sound server"
}

// Options configure the screen.
type Options struct {
	// Clock is wall time since the session started, on a monotonic clock.
	Clock func() time.Duration
	// Sound is the sound player; nil when there is none.
	Sound Sound
	// HideCount hides the seconds left in each phase.
	HideCount bool
	// Inline draws a few lines under the prompt instead of taking the whole
	// screen, and leaves at once when the session ends.
	Inline bool
	// Still keeps the orb one size (reduced motion): its brightness follows
	// the breath instead.
	Still bool
	// Summary shows the closing summary when the session completes (not
	// inline), until a key is pressed or SummaryIdle passes.
	Summary bool
	// NoColor draws without colour whatever the terminal reports (NO_COLOR
	// is set): Bubble Tea may raise the colour profile when the terminal
	// says it has true colour.
	NoColor bool
	// SummaryIdle is how long the closing summary waits for a key before
	// leaving by itself; SummaryWait when zero.
	SummaryIdle time.Duration
	// Theme is "dark" or "light" to fix the colours; anything else follows
	// the terminal's background.
	Theme string
	// Heart is the heartbeats read so far (--heart), shown as a quiet
	// heart line and, in the full layout, a small wave; nil for none.
	Heart HeartSource
	// Closing, when set, gives lines the closing summary shows under its
	// head (the heart's figures, a finder's result); asked once, when the
	// summary is first drawn.
	Closing func() []string
}

// SummaryWait is how long the closing summary stays without a key press.
const SummaryWait = 20 * time.Second

// Ending says how a screen ended.
type Ending int

// The ways a session can end on screen.
const (
	Running   Ending = iota // not ended yet
	Completed               // the session reached its end
	Quit                    // the breather quit
	Stopped                 // stopped from outside (a signal), by StopMsg
)

// StopMsg ends the screen at once, as quitting does but without the
// summary: for a session stopped from outside (SIGTERM, SIGINT, the
// terminal closed). Inline, the session's lines are erased on the way out.
type StopMsg struct{}

// frameMsg asks for a new frame; stale ones (an old id) are dropped.
type frameMsg struct{ id int }

// leaveMsg ends the summary screen when it has been idle; stale ones dropped.
type leaveMsg struct{ id int }

// tapAck is how long a tap's acknowledgement stays on screen.
const tapAck = 600 * time.Millisecond

// Frame pacing: at most MaxFPS pictures a second while the orb moves, none
// when nothing changes but a look at the clock every idleFrame.
const (
	// MaxFPS is the rate to run Bubble Tea's renderer at:
	// tea.WithFPS(MaxFPS), and the most pictures a second the screen
	// draws. The renderer wakes at each of its ticks to send what changed
	// since the last; frames are computed on those same ticks (see
	// Model.Init), so the program wakes MaxFPS times a second at most.
	MaxFPS    = 15
	minFrame  = time.Second / MaxFPS
	idleFrame = 500 * time.Millisecond
)

// Model is the root model of a breathing session.
type Model struct {
	session *pacing.Session
	opt     Options
	keys    KeyMap
	styles  *Styles
	gen     int // styles generation
	help    help.Model
	orb     *Orb
	bar     *Bar
	shape   shape
	w, h    int
	bg      color.Color
	dark    bool
	look    Look
	frame   int           // id of the current frame chain
	holdIn  bool          // the terminal reports key releases: hold space while breathing in
	spaceDn bool          // space is held
	lastTap time.Duration // wall time of the last tap, -1 for none
	ending  Ending
	// unsuspend lets the session go on once the program, suspended by
	// ctrl+z, is brought back; nil when not suspended.
	unsuspend func(time.Duration)
	summary   bool // the closing summary is on screen
	fc        *frameCache
	ticks     *ticks     // when the renderer draws, once known
	room      *roomState // a room member's screen (see Room); nil alone
	// askTmux asks tmux whether its terminal has true colour (see
	// tmuxTrueColor), run when Bubble Tea's own colour profile has come:
	// Bubble Tea sends it as it starts, and an answer handled before it
	// would be undone by it. Nil when there is nothing to ask.
	askTmux tea.Cmd
}

// frameCache keeps the last picture and what it showed, and the last of
// each of its lines, centred and padded to the width, by what they show:
// a frame where only the orb moves draws no text.
type frameCache struct {
	key       frameKey
	view      string
	sum       string     // the summary screen, once drawn
	sumKey    summaryKey // what the summary screen was drawn for
	blank     lineCache[int]
	word      lineCache[wordKey]
	heart     lineCache[heartKey] // the heart's lines, joined
	status    lineCache[statusKey]
	prog      lineCache[progKey]
	help      lineCache[helpKey]
	helpLines []string // the help's lines, centred, as help last drew them
}

// lineCache is one line and what it shows.
type lineCache[K comparable] struct {
	key  K
	line string
	ok   bool
}

// get is the line showing k, drawn anew only when k changed.
func (c *lineCache[K]) get(k K, draw func() string) string {
	if !c.ok || c.key != k {
		c.key, c.line, c.ok = k, draw(), true
	}
	return c.line
}

// What each line of text shows, besides the width and styles.
type (
	wordKey struct {
		w             int
		text          string
		count         int
		paused, acked bool
	}
	statusKey struct {
		w              int
		pace           Pace
		listen, holdIn bool
		sound          string
	}
	progKey struct{ w, n, halves, secs int }
	helpKey struct {
		w, n int
		all  bool
	}
	summaryKey struct{ w, h, gen int }
)

// frameKey is everything visible on screen; equal keys draw equal pictures.
type frameKey struct {
	w, h, gen      int
	fullHelp       bool
	step           int   // the orb's or the bar's Quantum
	band           int   // the fill's colour step
	group          group // the phase's colour
	text           string
	count, remain  int
	prog           int
	paused, acked  bool
	bpmTenths      int // the guide's pace now, in tenths of a breath a minute
	startTenths    int // the pace it started at, likewise
	targetTenths   int // the pace it leads toward, likewise
	locked         bool
	stage          pacing.Stage
	phase          pacing.Phase
	tapped, holdIn bool
	sound          string
	done           bool
	room           string   // the room line, in a room
	heart          heartKey // the heart line and wave, with --heart
}

// New makes the screen for session s.
func New(s *pacing.Session, opt Options) Model {
	if opt.Clock == nil {
		start := time.Now()
		opt.Clock = func() time.Duration { return time.Since(start) }
	}
	if opt.SummaryIdle <= 0 {
		opt.SummaryIdle = SummaryWait
	}
	m := Model{session: s, opt: opt, keys: DefaultKeyMap(), help: help.New(), lastTap: -1,
		orb: &Orb{}, bar: &Bar{}, fc: &frameCache{}, ticks: &ticks{}, dark: true}
	m.setStyles(NewStyles(true))
	if opt.Theme == "light" {
		m.SetLook(nil, false, m.look)
	}
	if opt.NoColor {
		m.SetLook(nil, m.dark, LookMono)
	}
	return m
}

// fixedTheme reports whether the options fix the colours.
func (m Model) fixedTheme() bool { return m.opt.Theme == "dark" || m.opt.Theme == "light" }

// SetLook sets the background colour the screen sits on (nil for unknown),
// whether it is dark, and the colour look; tests use it to fix the styles.
func (m *Model) SetLook(bg color.Color, dark bool, lk Look) {
	m.bg, m.dark, m.look = bg, dark, lk
	if bg == nil {
		m.setStyles(NewStylesFor(defaultBG(dark), dark, lk))
		return
	}
	m.setStyles(NewStylesFor(bg, dark, lk))
}

func defaultBG(dark bool) color.Color {
	if dark {
		return lipgloss.Color("#101318")
	}
	return lipgloss.Color("#ffffff")
}

func (m *Model) setStyles(s Styles) {
	m.styles = &s
	m.gen++
	m.help.Styles = s.Help
	m.orb = &Orb{}
	m.bar = &Bar{}
	m.fc = &frameCache{}
	m.layout()
}

// Ending says how the session ended, or Running.
func (m Model) Ending() Ending { return m.ending }

// SetSize sets the screen size in cells.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = max(w, 0), max(h, 0)
	m.layout()
}

// Init starts the frame chain and asks the terminal for its background.
// Bubble Tea starts its renderer's ticker just before it calls Init, so
// the renderer ticks every 1/MaxFPS from now: frames are timed to those
// ticks.
func (m Model) Init() tea.Cmd {
	m.ticks.start(m.opt.Clock(), time.Second/MaxFPS)
	return tea.Batch(tea.RequestBackgroundColor, m.tick(0))
}

func (m Model) tick(d time.Duration) tea.Cmd {
	id := m.frame
	if d <= 0 {
		return func() tea.Msg { return frameMsg{id} }
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return frameMsg{id} })
}

// tickAt is a frame at wall time at, timed when the command runs (not when
// it was made), so that it lands on the renderer's tick it is meant for.
func (m Model) tickAt(at time.Duration) tea.Cmd {
	id, clock := m.frame, m.opt.Clock
	return func() tea.Msg {
		if d := at - clock(); d > 0 {
			t := time.NewTimer(d)
			<-t.C
		}
		return frameMsg{id}
	}
}

// Update handles keys, resizes and frames.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		if !m.fixedTheme() {
			m.SetLook(msg.Color, msg.IsDark(), m.look)
		}
	case tea.ColorProfileMsg:
		lk := LookFor(msg.Profile)
		if m.opt.NoColor {
			lk = LookMono
		}
		m.SetLook(m.bg, m.dark, lk)
		if ask := m.askTmux; ask != nil {
			m.askTmux = nil
			return m, ask
		}
	case tea.KeyboardEnhancementsMsg:
		m.holdIn = msg.SupportsEventTypes()
	case tea.KeyReleaseMsg:
		if key.Matches(msg, m.keys.Tap) && m.holdIn && m.spaceDn && !m.summary {
			m.spaceDn = false
			m.session.Observe(pacing.Event{Kind: pacing.BreathOut, At: m.opt.Clock()})
		}
	case tea.ResumeMsg:
		if m.unsuspend != nil {
			m.unsuspend(m.opt.Clock())
			m.unsuspend = nil
		}
		m.frame++
		return m, m.tick(0)
	case StopMsg:
		if m.ending == Running {
			m.ending = Stopped
		}
		return m, tea.Quit
	case tea.KeyPressMsg:
		if m.summary {
			return m, tea.Quit
		}
		return m.press(msg)
	case leaveMsg:
		if m.summary && msg.id == m.frame {
			return m, tea.Quit
		}
	case frameMsg:
		if msg.id != m.frame || m.summary {
			return m, nil
		}
		return m.onFrame()
	}
	return m, nil
}

// onFrame looks at the session now: it ends the screen or turns to the
// summary once the session is done, and otherwise times the next frame
// for when the picture next changes (none while paused).
func (m Model) onFrame() (tea.Model, tea.Cmd) {
	now := m.opt.Clock()
	st := m.session.State(now)
	if st.Done {
		m.ending = Completed
		if m.opt.Inline || !m.opt.Summary {
			return m, tea.Quit
		}
		m.summary = true
		m.frame++
		id := m.frame
		return m, tea.Tick(m.opt.SummaryIdle, func(time.Time) tea.Msg { return leaveMsg{id} })
	}
	if st.Paused {
		return m, nil
	}
	if at, ok := m.ticks.frameAt(now, m.changeIn(st, now)); ok {
		return m, m.tickAt(at)
	}
	return m, m.tick(m.nextFrame(st, now))
}

func (m Model) press(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	now := m.opt.Clock()
	switch {
	case key.Matches(msg, m.keys.Quit):
		m.ending = Quit
		return m, tea.Quit
	case key.Matches(msg, m.keys.Tap):
		if msg.IsRepeat || m.spaceDn {
			return m, nil
		}
		m.spaceDn = m.holdIn
		m.session.Observe(pacing.Event{Kind: pacing.BreathIn, At: now})
		m.lastTap = now
		m.frame++
		return m, m.tick(0)
	case key.Matches(msg, m.keys.Pause):
		if m.session.Paused() {
			m.session.Resume(now)
		} else {
			m.session.Pause(now)
		}
		m.frame++
		return m, m.tick(0)
	case key.Matches(msg, m.keys.Suspend):
		// The session waits while the process is stopped, and goes on
		// where it was when it is brought back (ResumeMsg). Windows has
		// no job control.
		if runtime.GOOS == "windows" {
			return m, nil
		}
		m.unsuspend = m.session.Hold(now)
		return m, tea.Suspend
	case key.Matches(msg, m.keys.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
	case key.Matches(msg, m.keys.Mute):
		if m.opt.Sound != nil {
			m.opt.Sound.ToggleMute()
		}
	case key.Matches(msg, m.keys.Voice):
		if m.opt.Sound != nil {
			m.opt.Sound.ToggleVoice()
		}
	case key.Matches(msg, m.keys.VolDown, m.keys.VolUp):
		if m.opt.Sound != nil {
			d := 0.1
			if key.Matches(msg, m.keys.VolDown) {
				d = -d
			}
			m.opt.Sound.AdjustVolume(d)
		}
	}
	return m, nil
}

func (m *Model) layout() {
	m.help.SetWidth(m.w)
	full := lipgloss.Height(m.help.FullHelpView(m.keys.FullHelp()))
	m.shape = layoutFor(m.w, m.h, layoutOpts{inline: m.opt.Inline, fullHelp: m.help.ShowAll, helpLines: full})
	if m.opt.Heart != nil && !m.opt.Inline {
		m.shape = heartShape(m.shape)
	}
	m.orb.SetLook(m.styles.Look)
	m.orb.SetSize(m.w, m.shape.orbH, m.opt.Still)
	m.bar.SetSize(m.shape.barW, m.opt.Still)
}

// View draws the screen at the current instant.
func (m Model) View() tea.View {
	var content string
	// Inline, nothing is left drawn under the shell's prompt once the
	// session has ended or while it is suspended.
	if !(m.opt.Inline && (m.ending != Running || m.unsuspend != nil)) {
		content = m.Render(m.session.State(m.opt.Clock()))
	}
	v := tea.NewView(content)
	v.AltScreen = !m.opt.Inline
	v.KeyboardEnhancements.ReportEventTypes = true
	v.WindowTitle = "attune"
	return v
}

// frameKey is what state st would show.
func (m Model) frameKey(st pacing.State) frameKey {
	k := frameKey{w: m.w, h: m.h, gen: m.gen, fullHelp: m.help.ShowAll, group: groupOf(st.Phase), band: band(st.Fill),
		text: st.Text, count: -1, remain: int(math.Ceil(st.Remaining.Seconds())), paused: st.Paused, acked: m.acked(),
		bpmTenths: tenths(st.BPM), startTenths: tenths(st.StartBPM), targetTenths: tenths(st.TargetBPM),
		locked: st.Locked, stage: st.Stage, phase: st.Phase, tapped: m.lastTap >= 0, holdIn: m.holdIn, done: st.Done}
	if m.shape.orbH > 0 {
		k.step = m.orb.Quantum(st.Fill)
	} else {
		k.step = m.bar.Quantum(st.Fill)
	}
	if !m.opt.HideCount && st.PhaseLen > 0 {
		k.count = int(math.Ceil(st.Left.Seconds()))
	}
	if m.shape.progress {
		k.prog = int(st.SessionProgress() * float64(2*m.shape.progW))
	}
	if m.opt.Sound != nil {
		k.sound = m.opt.Sound.Status()
	}
	if m.room != nil {
		k.room = m.room.line()
	}
	k.heart = m.heartKeyAt(m.heartTime())
	return k
}

// Render draws the screen for state st: exactly h lines of w cells (fewer
// lines inline). Pictures are cached: an unchanged picture costs a compare.
func (m Model) Render(st pacing.State) string {
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	if st.Done && !m.opt.Inline {
		return m.renderSummary()
	}
	if st.Text == pacing.WordText("follow") && !m.heard() {
		st.Text = followOrb
	}
	k := m.frameKey(st)
	if m.fc.view != "" && k == m.fc.key {
		return m.fc.view
	}
	v := m.render(st)
	m.fc.key, m.fc.view = k, v
	return v
}

func (m Model) render(st pacing.State) string {
	sh := m.shape
	s := m.styles
	lines := make([]string, 0, sh.lines)
	if sh.form == formTiny {
		for range sh.top {
			lines = append(lines, "")
		}
		line := m.wordLine(st, true)
		if sh.barW > 0 {
			line = m.bar.View(st.Fill, st.Phase, s) + " " + line
		}
		lines = append(lines, center(m.w, line))
		return block(m.w, sh.lines, lines, 0, 0)
	}
	// From here every line is exactly m.w cells.
	blank := m.fc.blank.get(m.w, func() string { return strings.Repeat(" ", m.w) })
	for range sh.top {
		lines = append(lines, blank)
	}
	if sh.orbH > 0 {
		lines = append(lines, strings.Split(m.orb.View(st.Fill, st.Phase, s), "\n")...)
	}
	if sh.orbH == 0 && sh.bar {
		lines = append(lines, center(m.w, m.bar.View(st.Fill, st.Phase, s)))
	}
	if sh.gap {
		lines = append(lines, blank)
	}
	if sh.word {
		lines = append(lines, m.fc.word.get(m.wordKey(st), func() string { return center(m.w, m.wordLine(st, false)) }))
	}
	if sh.status {
		k := statusKey{w: m.w, pace: m.paceOf(st), listen: st.Phase == pacing.Settle || st.Phase == pacing.Listen, holdIn: m.holdIn}
		if m.opt.Sound != nil {
			k.sound = m.opt.Sound.Status()
		}
		lines = append(lines, m.fc.status.get(k, func() string { return center(m.w, m.statusLine(st)) }))
	}
	if sh.heart || sh.wave > 0 {
		t := m.heartTime()
		hl := m.fc.heart.get(m.heartKeyAt(t), func() string { return strings.Join(m.heartLines(t), "\n") })
		lines = append(lines, strings.Split(hl, "\n")...)
	}
	if sh.progress && m.room != nil {
		lines = append(lines, center(m.w, m.roomLine()))
	} else if sh.progress {
		k := progKey{w: m.w, n: sh.progW, halves: m.halves(st), secs: int(math.Ceil(st.Remaining.Seconds()))}
		lines = append(lines, m.fc.prog.get(k, func() string { return center(m.w, m.progressLine(st)) }))
	}
	if sh.helpGap {
		lines = append(lines, blank)
	}
	if sh.help > 0 {
		lines = append(lines, m.helpLines(sh.help)...)
	}
	return block(m.w, sh.lines, lines, 0, len(lines))
}

// tenths is a pace rounded to tenths of a breath a minute, as shown.
func tenths(bpm float64) int { return int(math.Round(bpm * 10)) }

// helpLines is the help in n lines, each centred: the short help, or all
// the keys when they were asked for and there is room. The lines are drawn
// anew only when what they show changed.
func (m Model) helpLines(n int) []string {
	all := m.help.ShowAll && n > 1
	m.fc.help.get(helpKey{w: m.w, n: n, all: all}, func() string {
		h := m.help
		h.ShowAll = all
		m.fc.helpLines = m.fc.helpLines[:0]
		for _, l := range strings.Split(h.View(m.keys), "\n") {
			m.fc.helpLines = append(m.fc.helpLines, center(m.w, l))
		}
		return ""
	})
	return m.fc.helpLines
}

// wordKey is what the phase word line shows in state st.
func (m Model) wordKey(st pacing.State) wordKey {
	k := wordKey{w: m.w, text: st.Text, count: -1, paused: st.Paused, acked: m.acked()}
	if !m.opt.HideCount && st.PhaseLen > 0 && !st.Done {
		k.count = int(math.Ceil(st.Left.Seconds()))
	}
	return k
}

// wordLine is the phase word with its count, acknowledgement or pause.
func (m Model) wordLine(st pacing.State, short bool) string {
	s := m.styles
	if st.Paused {
		if short {
			return s.Status.Render("paused")
		}
		return s.Status.Render("paused") + s.Quiet.Render(" · p to resume")
	}
	word := s.Word.Render(st.Text)
	if m.acked() && !short {
		word = s.Ack.Render("• ") + word + s.Ack.Render(" •")
	}
	if !m.opt.HideCount && st.PhaseLen > 0 && !st.Done && !short {
		word += s.Quiet.Render(fmt.Sprintf("  %d", int(math.Ceil(st.Left.Seconds()))))
	}
	return word
}

func (m Model) acked() bool {
	return m.lastTap >= 0 && m.opt.Clock()-m.lastTap < tapAck
}

// Pace is what the quiet line says about the pace.
type Pace struct {
	BPM    float64      // the guide's pace now; 0 while listening
	To     float64      // the pace the guide leads toward; 0 when it has none
	Locked bool         // the breather is following
	Tapped bool         // the breather has given taps
	Stage  pacing.Stage // where the session is in its arc
}

// String is the pace as the quiet line says it: the pace now and the pace
// it leads toward, such as "14.8 → 6.0 breaths/min · in step".
func (p Pace) String() string {
	var parts []string
	switch {
	case p.BPM > 0 && p.To > 0 && math.Abs(p.BPM-p.To) >= 0.05:
		parts = append(parts, fmt.Sprintf("%.1f → %.1f breaths/min", p.BPM, p.To))
	case p.BPM > 0:
		parts = append(parts, fmt.Sprintf("%.1f breaths/min", p.BPM))
	}
	switch p.Stage {
	case pacing.StageLead:
		parts = append(parts, "slowing gently")
	case pacing.StageRepair:
		parts = append(parts, "finding the rhythm again")
	case pacing.StageRest:
		parts = append(parts, "resting here")
	case pacing.StageUnguided:
		parts = append(parts, "on your own")
	case pacing.StageReturn:
		parts = append(parts, "coming back")
	}
	if p.Tapped {
		if p.Locked {
			parts = append(parts, "in step")
		} else {
			parts = append(parts, "listening")
		}
	}
	return strings.Join(parts, " · ")
}

// paceOf is the pace shown for state st.
func (m Model) paceOf(st pacing.State) Pace {
	return Pace{BPM: st.BPM, To: st.TargetBPM, Locked: st.Locked, Tapped: m.lastTap >= 0 && m.room == nil, Stage: st.Stage}
}

func (m Model) statusLine(st pacing.State) string {
	var parts []string
	if p := m.paceOf(st).String(); p != "" {
		parts = append(parts, p)
	}
	if st.Phase == pacing.Settle || st.Phase == pacing.Listen {
		if m.holdIn {
			parts = append(parts, "hold space while breathing in")
		} else {
			parts = append(parts, "tap space as each breath begins")
		}
	}
	if m.opt.Sound != nil {
		if s := m.opt.Sound.Status(); s != "" {
			parts = append(parts, s)
			if line := strings.Join(parts, " · "); lipgloss.Width(line) > m.w {
				// Too long for the screen: "sound off" without its reason.
				short, _, _ := strings.Cut(s, ":")
				parts[len(parts)-1] = short
			}
		}
	}
	return m.styles.Quiet.Render(strings.Join(parts, " · "))
}

// progressLine is the session's progress bar and the time left.
func (m Model) progressLine(st pacing.State) string {
	n := m.shape.progW
	halves := m.halves(st)
	full, half := halves/2, halves%2
	bar := strings.Repeat("━", full)
	if half == 1 {
		bar += "╸"
	}
	rest := n - full - half
	s := m.styles
	out := lipgloss.NewStyle().Foreground(s.Bar[0]).Render(bar) + lipgloss.NewStyle().Foreground(s.Bar[1]).Render(strings.Repeat("─", rest))
	if s.Look == LookMono {
		out = bar + strings.Repeat("─", rest)
	}
	return out + s.Quiet.Render(" "+clock(st.Remaining)+" left")
}

// halves is how many half cells of the progress bar are filled in state st.
func (m Model) halves(st pacing.State) int {
	n := m.shape.progW
	return min(int(st.SessionProgress()*float64(2*n)), 2*n)
}

// clock formats a duration as m:ss.
func clock(d time.Duration) string {
	s := int(math.Ceil(d.Seconds()))
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// center centres s on a line of w cells, cutting it if it is too wide.
func center(w int, s string) string {
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	left := (w - sw) / 2
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", w-sw-left)
}

// block makes lines exactly h lines of exactly w cells each. Lines from
// index exact to end are known to be w cells already (the orb's).
func block(w, h int, lines []string, exact, end int) string {
	var b strings.Builder
	b.Grow(w * h)
	for i := range h {
		if i > 0 {
			b.WriteByte('\n')
		}
		l := ""
		if i < len(lines) {
			l = lines[i]
		}
		if i >= exact && i < end {
			b.WriteString(l)
			continue
		}
		sw := ansi.StringWidth(l)
		switch {
		case sw > w:
			b.WriteString(ansi.Truncate(l, w, ""))
		default:
			b.WriteString(l)
			b.WriteString(strings.Repeat(" ", w-sw))
		}
	}
	return b.String()
}

// heard reports whether the breather hears the session now: a sound
// player that plays, not muted, off or without a sound server.
func (m Model) heard() bool {
	return m.opt.Sound != nil && m.opt.Sound.Status() == ""
}
