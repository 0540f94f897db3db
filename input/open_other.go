//go:build !unix

package input

import (
	"fmt"
	"os"
)

// Open opens a breath-input file for reading.
func Open(path string) (*os.File, error) { return OpenInput(path, "breath input") }

// OpenInput opens an input file for reading; what names it in an error.
func OpenInput(path, what string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", what, err)
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, fmt.Errorf("opening %s: %s is a directory", what, path)
	}
	return f, nil
}
