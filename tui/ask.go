package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// AskKeyMap holds the key bindings of a one-line question.
type AskKeyMap struct {
	Submit key.Binding // give the answer
	Cancel key.Binding // let the question be
}

// DefaultAskKeyMap returns the question's key bindings.
func DefaultAskKeyMap() AskKeyMap {
	return AskKeyMap{
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ok")),
		Cancel: key.NewBinding(key.WithKeys("esc", "ctrl+c"), key.WithHelp("esc", "cancel")),
	}
}

// AskModel asks for one line of text under the prompt: the breather types
// and presses enter, or esc to let it be. It is the root model of its own
// small program (see Ask).
type AskModel struct {
	question  string
	input     textinput.Model
	keys      AskKeyMap
	hint      lipgloss.Style
	answered  bool
	cancelled bool
}

// NewAsk makes a question, with an example answer shown faintly in the
// empty field.
func NewAsk(question, placeholder string) AskModel {
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = placeholder
	in.CharLimit = 500
	in.Focus()
	return AskModel{question: question, input: in, keys: DefaultAskKeyMap(),
		hint: lipgloss.NewStyle().Faint(true)}
}

// Init starts the cursor blinking.
func (m AskModel) Init() tea.Cmd { return textinput.Blink }

// Update takes a key or a resize. Enter with some text answers, esc
// cancels; both end the program.
func (m AskModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.input.SetWidth(max(1, msg.Width-len(m.input.Prompt)-1))
		return m, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Cancel):
			m.cancelled = true
			return m, tea.Quit
		case key.Matches(msg, m.keys.Submit):
			if m.Answer() == "" {
				return m, nil
			}
			m.answered = true
			m.input.Blur()
			return m, tea.Quit
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

// View draws the question, the field and a line of key help; once
// answered, the question and the answer stay, and nothing once cancelled.
func (m AskModel) View() tea.View {
	switch {
	case m.cancelled:
		return tea.NewView("")
	case m.answered:
		return tea.NewView(m.question + " " + m.Answer() + "\n")
	}
	help := fmt.Sprintf("%s %s · %s %s", m.keys.Submit.Help().Key, m.keys.Submit.Help().Desc,
		m.keys.Cancel.Help().Key, m.keys.Cancel.Help().Desc)
	return tea.NewView(m.question + "\n" + m.input.View() + "\n" + m.hint.Render(help))
}

// Answer is the text typed, trimmed of spaces at either end.
func (m AskModel) Answer() string { return strings.TrimSpace(m.input.Value()) }

// Answered reports whether the question was answered with enter.
func (m AskModel) Answered() bool { return m.answered }

// Cancelled reports whether the question was let be with esc or ctrl+c.
func (m AskModel) Cancelled() bool { return m.cancelled }

// Ask asks question under the prompt on out, with keys from in (nil: where
// Bubble Tea finds them), and returns the line typed; ok is false when the
// breather cancelled or ctx ended.
func Ask(ctx context.Context, in io.Reader, out io.Writer, question, placeholder string) (answer string, ok bool, err error) {
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithOutput(out)}
	if in != nil {
		opts = append(opts, tea.WithInput(in))
	}
	final, err := tea.NewProgram(NewAsk(question, placeholder), opts...).Run()
	if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("asking: %w", err)
	}
	if m, _ := final.(AskModel); m.Answered() {
		return m.Answer(), true, nil
	}
	return "", false, nil
}
