// Command attune is a terminal breathing companion: it meets your breathing
// where it is and leads it, gently, somewhere calmer.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // something went wrong that is not the user's doing
	exitUsage = 2 // the user asked for something attune does not accept
)

// usageError is a mistake in what the user asked for: printed as one line,
// exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// usagef makes a usageError.
func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// subcommands are added to the root command; files add theirs in init.
var subcommands []func() *cobra.Command

// register adds a subcommand constructor.
func register(f func() *cobra.Command) { subcommands = append(subcommands, f) }

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs attune with args and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd()
	for _, f := range subcommands {
		root.AddCommand(f())
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) || isFlagError(err) {
		fmt.Fprintf(stderr, "attune: %s\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "attune: %s\n", err)
	return exitError
}

// isFlagError reports whether err is cobra's or pflag's complaint about the
// command line.
func isFlagError(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand", "invalid argument", "flag needs an argument", "unknown command", "accepts ", "requires "} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// onlyWith is the user's mistake of giving any of flags without the flag
// with, which they only work with; nil when with is on or none was given.
func onlyWith(fs *pflag.FlagSet, with string, flags ...string) error {
	if on, _ := fs.GetBool(with); on {
		return nil
	}
	for _, name := range flags {
		if fs.Changed(name) {
			return usagef("--%s works only with --%s: give --%s too, or leave --%s out", name, with, with, name)
		}
	}
	return nil
}
