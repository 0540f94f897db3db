// Package tui is attune's terminal screen: the breathing orb, the phase
// word, pace, progress and keys. It decides no timing: every frame asks the
// pacing session for its state at the current instant.
package tui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/attune-breath/attune/pacing"
)

// Sound is what the screen can ask of the sound player.
type Sound interface {
	ToggleMute()
	ToggleVoice()
	AdjustVolume(delta float64)
	Status() string // "" when all is well, else e.g. "sound off: no sound server"
}

// Options configure the screen.
type Options struct {
	// Clock is wall time since the session started, on a monotonic clock.
	Clock func() time.Duration
	// Sound is the sound player; nil when there is none.
	Sound Sound
	// HideCount hides the seconds left in each phase.
	HideCount bool
}

// Ending says how a screen ended.
type Ending int

// The ways a session can end on screen.
const (
	Running   Ending = iota // not ended yet
	Completed               // the session reached its end
	Quit                    // the breather quit
)

// frameMsg asks for a new frame; stale ones (an old id) are dropped.
type frameMsg struct{ id int }

// tapAck is how long a tap's acknowledgement stays on screen.
const tapAck = 600 * time.Millisecond

// Model is the root model of a breathing session.
type Model struct {
	session *pacing.Session
	opt     Options
	keys    KeyMap
	styles  Styles
	help    help.Model
	bar     progress.Model
	orb     Orb
	w, h    int
	frame   int           // id of the current frame chain
	holdIn  bool          // the terminal reports key releases: hold space while breathing in
	spaceDn bool          // space is held
	lastTap time.Duration // wall time of the last tap, -1 for none
	ending  Ending
}

// New makes the screen for session s.
func New(s *pacing.Session, opt Options) Model {
	if opt.Clock == nil {
		start := time.Now()
		opt.Clock = func() time.Duration { return time.Since(start) }
	}
	m := Model{session: s, opt: opt, keys: DefaultKeyMap(), help: help.New(), lastTap: -1}
	m.setStyles(NewStyles(true))
	return m
}

func (m *Model) setStyles(s Styles) {
	m.styles = s
	m.help.Styles = s.Help
	m.bar = progress.New(progress.WithColors(s.Bar[0]), progress.WithoutPercentage(), progress.WithFillCharacters('━', '─'))
	m.bar.EmptyColor = s.Bar[1]
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
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.tick(0))
}

func (m Model) tick(d time.Duration) tea.Cmd {
	id := m.frame
	if d <= 0 {
		return func() tea.Msg { return frameMsg{id} }
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return frameMsg{id} })
}

// Update handles keys, resizes and frames.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		m.setStyles(NewStyles(msg.IsDark()))
	case tea.KeyboardEnhancementsMsg:
		m.holdIn = msg.SupportsEventTypes()
	case tea.KeyReleaseMsg:
		if key.Matches(msg, m.keys.Tap) && m.holdIn && m.spaceDn {
			m.spaceDn = false
			m.session.Observe(pacing.Event{Kind: pacing.BreathOut, At: m.opt.Clock()})
		}
	case tea.KeyPressMsg:
		return m.press(msg)
	case frameMsg:
		if msg.id != m.frame {
			return m, nil
		}
		st := m.session.State(m.opt.Clock())
		if st.Done {
			m.ending = Completed
			return m, tea.Quit
		}
		if st.Paused {
			return m, nil
		}
		return m, m.tick(m.nextFrame(st))
	}
	return m, nil
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

// moving is the frame interval while the orb changes size.
const moving = time.Second / 30

// nextFrame is how long until the picture next changes.
func (m Model) nextFrame(st pacing.State) time.Duration {
	if st.Phase == pacing.Inhale || st.Phase == pacing.TopUp || st.Phase == pacing.Exhale {
		return moving
	}
	d := st.Left
	if frac := st.Left % time.Second; frac > 0 && !m.opt.HideCount {
		d = frac // the seconds count changes
	}
	if frac := st.Remaining % time.Second; frac > 0 && frac < d {
		d = frac // the time left changes
	}
	if m.lastTap >= 0 {
		if left := m.lastTap + tapAck - m.opt.Clock(); left > 0 && left < d {
			d = left
		}
	}
	return max(d, time.Millisecond) + time.Millisecond
}

// shape is where each part of the screen goes, from one layout function.
type shape struct {
	tiny                     bool // one line only
	orbH                     int
	word, status, bar, helpL bool
}

func layoutFor(w, h int, fullHelp bool, helpLines int) shape {
	if w < 20 || h < 6 {
		return shape{tiny: true}
	}
	s := shape{word: true, bar: true}
	lines := 2
	if h >= 10 {
		s.status = true
		lines++
	}
	if h >= 12 {
		s.helpL = true
		lines++
		if fullHelp {
			lines += helpLines - 1
		}
	}
	s.orbH = max(h-lines-1, 1)
	return s
}

func (m *Model) layout() {
	m.help.SetWidth(m.w)
	sh := layoutFor(m.w, m.h, m.help.ShowAll, 4)
	m.orb.SetSize(m.w, sh.orbH)
	m.bar.SetWidth(min(m.w-12, 48))
}

// View draws the screen at the current instant.
func (m Model) View() tea.View {
	v := tea.NewView(m.Render(m.session.State(m.opt.Clock())))
	v.AltScreen = true
	v.KeyboardEnhancements.ReportEventTypes = true
	v.WindowTitle = "attune"
	return v
}

// Render draws the screen for state st: exactly h lines of w cells.
func (m Model) Render(st pacing.State) string {
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	sh := layoutFor(m.w, m.h, m.help.ShowAll, 4)
	word := m.styles.Word.Render(st.Text)
	if m.acked() {
		word = m.styles.Ack.Render("• ") + word + m.styles.Ack.Render(" •")
	}
	if !m.opt.HideCount && st.PhaseLen > 0 && !st.Done {
		word += m.styles.Quiet.Render(fmt.Sprintf("  %d", int(math.Ceil(st.Left.Seconds()))))
	}
	if st.Paused {
		word = m.styles.Status.Render("paused") + m.styles.Quiet.Render(" · p to resume")
	}
	if sh.tiny {
		line := word
		if m.w >= 14 && !st.Paused {
			n := 4
			fill := int(math.Round(st.Fill * float64(n)))
			line = m.styles.Word.Foreground(m.styles.PhaseColor(st.Phase)).Render(strings.Repeat("█", fill)+strings.Repeat("░", n-fill)) + " " + word
		}
		return place(m.w, m.h, line)
	}
	var lines []string
	lines = append(lines, m.orb.View(st.Fill, m.styles.PhaseColor(st.Phase)), "")
	if sh.word {
		lines = append(lines, center(m.w, word))
	}
	if sh.status {
		lines = append(lines, center(m.w, m.statusLine(st)))
	}
	if sh.bar {
		left := m.styles.Quiet.Render(" " + clock(st.Remaining) + " left")
		lines = append(lines, center(m.w, m.bar.ViewAs(st.SessionProgress())+left))
	}
	if sh.helpL {
		lines = append(lines, center(m.w, m.help.View(m.keys)))
	}
	return place(m.w, m.h, strings.Join(lines, "\n"))
}

func (m Model) acked() bool {
	return m.lastTap >= 0 && m.opt.Clock()-m.lastTap < tapAck
}

func (m Model) statusLine(st pacing.State) string {
	var parts []string
	if st.BPM > 0 {
		parts = append(parts, fmt.Sprintf("%.1f breaths/min", st.BPM))
	}
	if st.Phase == pacing.Settle || st.Phase == pacing.Listen || m.lastTap >= 0 {
		if m.holdIn {
			parts = append(parts, "hold space while breathing in")
		} else {
			parts = append(parts, "tap space as each breath begins")
		}
	}
	if m.opt.Sound != nil {
		if s := m.opt.Sound.Status(); s != "" {
			parts = append(parts, s)
		}
	}
	return m.styles.Quiet.Render(strings.Join(parts, " · "))
}

// clock formats a duration as m:ss.
func clock(d time.Duration) string {
	s := int(math.Ceil(d.Seconds()))
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func center(w int, s string) string {
	s = ansi.Truncate(s, w, "…")
	return lipgloss.PlaceHorizontal(w, lipgloss.Center, s)
}

// place centres s in a w×h box, cutting what does not fit.
func place(w, h int, s string) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "")
	}
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
}
