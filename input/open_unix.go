//go:build unix

package input

import (
	"fmt"
	"os"
)

// Open opens a breath-input file. A FIFO is opened for reading and writing
// so that opening does not wait for a sender and a sender that goes away
// and comes back (a sensor program restarting) does not end the input;
// reads from it block until a line arrives and can be cut short through
// Read's context.
func Open(path string) (*os.File, error) { return OpenInput(path, "breath input") }

// OpenInput opens an input file or FIFO as Open does; what names it in an
// error.
func OpenInput(path, what string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", what, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("opening %s: %s is a directory", what, path)
	}
	flag := os.O_RDONLY
	if fi.Mode()&os.ModeNamedPipe != 0 {
		flag = os.O_RDWR
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", what, err)
	}
	return f, nil
}
