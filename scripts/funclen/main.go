// Command funclen lists the functions of a Go module that are longer than a
// number of lines, longest first, and fails when any is longer than the
// limit. Test files and generated files are left out.
//
// Usage: go run ./scripts/funclen [-warn 60] [-max 80] [dir]
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	warn := flag.Int("warn", 60, "list functions longer than this many lines")
	limit := flag.Int("max", MaxLines, "fail when a function is longer than this many lines")
	flag.Parse()
	root := "."
	if flag.NArg() > 0 {
		root = flag.Arg(0)
	}
	funcs, err := Scan(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "funclen:", err)
		os.Exit(2)
	}
	over := 0
	for _, f := range funcs {
		if f.Lines <= *warn {
			break
		}
		mark := ""
		if f.Lines > *limit {
			mark = "  (over the limit)"
			over++
		}
		fmt.Printf("%4d  %s:%d  %s%s\n", f.Lines, f.File, f.Line, f.Name, mark)
	}
	if over > 0 {
		fmt.Fprintf(os.Stderr, "funclen: %d functions over %d lines\n", over, *limit)
		os.Exit(1)
	}
}
