package main

import (
	"cmp"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// MaxLines is the longest a function outside the tests may be.
const MaxLines = 80

// Func is one function declaration and how long it is.
type Func struct {
	File  string // path relative to the scanned root, with forward slashes
	Line  int    // where the declaration begins
	Name  string // "Name" or "(Recv).Name"
	Lines int    // from the func keyword to the closing brace, both counted
}

// Scan measures every function declared in the non-test, non-generated Go
// files under root (vendor, testdata and hidden directories left out) and
// returns them longest first.
func Scan(root string) ([]Func, error) {
	var out []Func
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "vendor" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if ast.IsGenerated(f) {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			rel = path
		}
		out = append(out, measure(fset, f, filepath.ToSlash(rel))...)
		return nil
	})
	slices.SortStableFunc(out, func(a, b Func) int {
		return cmp.Or(cmp.Compare(b.Lines, a.Lines), cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	return out, err
}

// measure lists the function declarations with bodies in f.
func measure(fset *token.FileSet, f *ast.File, file string) []Func {
	var out []Func
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		from, to := fset.Position(fn.Type.Func), fset.Position(fn.Body.Rbrace)
		out = append(out, Func{File: file, Line: from.Line, Name: funcName(fn), Lines: to.Line - from.Line + 1})
	}
	return out
}

// funcName names fn as "Name", or "(Recv).Name" for a method.
func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	t := fn.Recv.List[0].Type
	star := ""
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = "*", s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return "(" + star + id.Name + ")." + fn.Name.Name
	}
	return fn.Name.Name
}
