//go:build !unix

package input

import (
	"fmt"
	"os"
)

// Open opens a breath-input file for reading.
func Open(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening breath input: %w", err)
	}
	return f, nil
}
