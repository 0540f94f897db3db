package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestModuleFunctionLength fails when a function outside the tests anywhere
// in the module is longer than MaxLines.
func TestModuleFunctionLength(t *testing.T) {
	funcs, err := Scan("../..")
	if err != nil {
		t.Fatal(err)
	}
	if len(funcs) == 0 {
		t.Fatal("no functions found under the module root")
	}
	var long []string
	for _, f := range funcs {
		if f.Lines > MaxLines {
			long = append(long, fmt.Sprintf("%s:%d %s: %d lines", f.File, f.Line, f.Name, f.Lines))
		}
	}
	if len(long) > 0 {
		t.Errorf("functions over %d lines; break them into named steps:\n%s", MaxLines, strings.Join(long, "\n"))
	}
}

func TestScanMeasures(t *testing.T) {
	funcs, err := Scan(".")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Func{}
	for _, f := range funcs {
		if strings.HasSuffix(f.File, "_test.go") {
			t.Errorf("%s: a test file was scanned", f.File)
		}
		got[f.Name] = f
	}
	fn, ok := got["funcName"]
	if !ok {
		t.Fatalf("funcName not found in %v", funcs)
	}
	if fn.File != "funclen.go" || fn.Lines < 10 || fn.Lines > 30 {
		t.Errorf("funcName measured as %+v", fn)
	}
	for i := 1; i < len(funcs); i++ {
		if funcs[i].Lines > funcs[i-1].Lines {
			t.Fatalf("not longest first: %+v before %+v", funcs[i-1], funcs[i])
		}
	}
}
