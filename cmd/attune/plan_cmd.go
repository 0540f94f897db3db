package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/attune-breath/attune/plan"
	"github.com/attune-breath/attune/tui"
)

func init() { register(newPlanCmd) }

// planLong is attune plan's help.
const planLong = `attune plan reads a sentence about what you need (how you feel, what for,
how long) and picks the session a careful breathing teacher would: a
pattern, a length, whether to meet your pace and lead, and the sound. It
says in one line what it chose and why, with a safety note when one is due,
then asks whether to start.

Without a sentence, on a terminal, it asks for one. --yes starts at once;
--json prints the plan and starts nothing; --print-flags prints the attune
command that runs the same session, to keep or to change. When its input
is not a terminal it prints the plan and starts nothing unless given --yes.

Planning is offline: nothing leaves your machine. If the config file names
a local language model (url and model under [plan], see 'attune config'),
attune asks it to refine the plan and applies the same safety rules to its
answer.

If the sentence speaks of harming yourself, attune starts no session and
says where to find help.`

// planExample is attune plan's examples.
const planExample = `  attune plan "I can't sleep and my mind is racing, 10 minutes"
  attune plan --json "quick break before my talk"
  attune plan --print-flags "calm down before the exam, 5 min"
  attune plan --yes "wind down after work"
  attune plan                   ask for a sentence, then plan it`

// planOptions are attune plan's own flags.
type planOptions struct {
	json, yes, printFlags bool
}

// planPassThrough are the flags attune plan hands to the session it runs.
var planPassThrough = []string{"config", "history-file", "no-history", "plain"}

// newPlanCmd makes attune plan: a sentence in, a session out.
func newPlanCmd() *cobra.Command {
	var o planOptions
	cmd := &cobra.Command{
		Use:           "plan [TEXT]",
		Short:         "Say what you need in a sentence; attune picks the session",
		Long:          planLong,
		Example:       planExample,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPlan(cmd, args, o)
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usagef("%s (see attune plan --help)", err)
	})
	fs := cmd.Flags()
	fs.BoolVar(&o.json, "json", false, "print the plan as JSON and start nothing")
	fs.BoolVarP(&o.yes, "yes", "y", false, "start the session without asking")
	fs.BoolVar(&o.printFlags, "print-flags", false, "print the attune command that runs the plan, and start nothing")
	fs.Bool("plain", false, "run the session as one line per phase instead of drawing")
	fs.Bool("no-history", false, "do not record the session in the history")
	addConfigFlag(cmd)
	addHistoryFlag(cmd)
	return cmd
}

// runPlan plans the sentence in args (or asks for one), shows the plan and
// starts it as the flags in o say.
func runPlan(cmd *cobra.Command, args []string, o planOptions) error {
	text, err := planText(cmd, args)
	if err != nil || text == "" {
		return err
	}
	cfg, _, err := loadConfig(cmd)
	if err != nil {
		return err
	}
	p, note := planNow(cmd.Context(), cfg.Plan, text, time.Now())
	if note != "" {
		fmt.Fprintf(cmd.ErrOrStderr(), "attune: %s\n", oneLine(note))
	}
	out := cmd.OutOrStdout()
	switch {
	case o.json:
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	case p.Crisis:
		fmt.Fprintln(out, oneLine(p.Reason))
		return nil
	case o.printFlags:
		fmt.Fprintln(out, commandLine(p.Flags()))
		return nil
	}
	fmt.Fprintln(out, oneLine(p.Line()))
	if len(p.Notes) > 0 {
		fmt.Fprintln(out, oneLine(p.Notes[0]))
	}
	if !o.yes && !startAsked(cmd, p, text) {
		return nil
	}
	root, err := planRoot(cmd, p)
	if err != nil {
		return err
	}
	return startSession(root, root.Flags().Args(), planSource(p))
}

// planText is the sentence to plan: the words in args, or on a terminal a
// line asked for; "" when the breather let the question be.
func planText(cmd *cobra.Command, args []string) (string, error) {
	if text := strings.TrimSpace(strings.Join(args, " ")); text != "" {
		return text, nil
	}
	in := cmd.InOrStdin()
	if !isTerminalReader(in) {
		return "", usagef(`plan needs a sentence when its input is not a terminal, such as: attune plan "a quick break, 3 minutes"`)
	}
	if in == os.Stdin {
		in = nil // Bubble Tea opens the terminal itself
	}
	text, _, err := tui.Ask(cmd.Context(), in, cmd.OutOrStdout(),
		"What do you need? Say it in a sentence.", "such as: I can't sleep and my mind is racing, 10 minutes")
	return text, err
}

// startAsked asks on a terminal whether to start p, planned from text;
// elsewhere it says how to start it and does not.
func startAsked(cmd *cobra.Command, p plan.Plan, text string) bool {
	in, out := cmd.InOrStdin(), cmd.OutOrStdout()
	if !isTerminalReader(in) {
		fmt.Fprintf(out, "not started; to start it: attune plan --yes %s (or: %s)\n", shellWord(text), commandLine(p.Flags()))
		return false
	}
	fmt.Fprint(out, "start? [Y/n] ")
	answer, err := readLine(in)
	if err != nil && answer == "" {
		fmt.Fprintln(out)
		return false
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "", "y", "yes":
		return true
	}
	return false
}

// readLine reads one line from r a byte at a time, so that nothing after
// it is taken from the keys the session will read.
func readLine(r io.Reader) (string, error) {
	var b strings.Builder
	var c [1]byte
	for {
		n, err := r.Read(c[:])
		if n == 1 && c[0] != '\n' {
			b.WriteByte(c[0])
		}
		if n == 1 && c[0] == '\n' || err != nil {
			return b.String(), err
		}
	}
}

// planRoot is the root command with p's flags parsed, and those of cmd's
// that the user set and that pass through (planPassThrough): the session
// is set up exactly as `attune <p.Flags()>` would set it up.
func planRoot(cmd *cobra.Command, p plan.Plan) (*cobra.Command, error) {
	args := append(p.Flags(), passedThrough(cmd.Flags())...)
	root := newRootCmd()
	root.SetContext(cmd.Context())
	root.SetIn(cmd.InOrStdin())
	root.SetOut(cmd.OutOrStdout())
	root.SetErr(cmd.ErrOrStderr())
	root.Annotations = map[string]string{configWarned: "yes"}
	if err := root.ParseFlags(args); err != nil {
		return nil, fmt.Errorf("the plan's flags %q: %w", args, err)
	}
	if err := root.ValidateArgs(root.Flags().Args()); err != nil {
		return nil, fmt.Errorf("the plan's flags %q: %w", args, err)
	}
	return root, nil
}

// passedThrough are the flags in fs, among planPassThrough, that the user
// set, as arguments.
func passedThrough(fs *pflag.FlagSet) []string {
	var args []string
	for _, name := range planPassThrough {
		if f := fs.Lookup(name); f != nil && f.Changed {
			args = append(args, "--"+name+"="+f.Value.String())
		}
	}
	return args
}

// planSource is how the history names a session from plan p.
func planSource(p plan.Plan) string {
	if p.Source == "model" {
		return "plan/model"
	}
	return "plan"
}

// commandLine is the attune command line with args, quoted for a shell.
func commandLine(args []string) string {
	words := []string{"attune"}
	for _, a := range args {
		words = append(words, shellWord(a))
	}
	return strings.Join(words, " ")
}

// plainWord is a word a shell takes as it is.
var plainWord = regexp.MustCompile(`^[A-Za-z0-9_./:,=+@%-]+$`)

// shellWord is s quoted for a POSIX shell when it needs quoting.
func shellWord(s string) string {
	if plainWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// oneLine is s on one line: its line breaks become spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
