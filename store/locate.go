package store

import (
	"errors"
	"reflect"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// marker fails whenever it is decoded, so that the TOML decoder reports the
// position of the key that holds it.
type marker struct{}

var errMarker = errors.New("marker")

// UnmarshalTOML always fails; see marker.
func (marker) UnmarshalTOML(any) error { return errMarker }

// locate finds the line and column of key in the file by decoding it again
// into a struct that has a field at key alone and fails there: the decoder
// then reports where that key is. It returns zeros when it cannot tell.
func (p *parser) locate(key []string) (line, col int) {
	defer func() {
		if recover() != nil {
			line, col = 0, 0
		}
	}()
	if len(key) == 0 {
		return 0, 0
	}
	t := reflect.TypeOf(marker{})
	for i := len(key) - 1; i >= 0; i-- {
		k := key[i]
		if k == "" || k == "-" || strings.Contains(k, ",") {
			return 0, 0
		}
		t = reflect.StructOf([]reflect.StructField{{
			Name: "F", Type: t, Tag: reflect.StructTag("toml:" + strconv.Quote(k)),
		}})
	}
	v := reflect.New(t)
	_, err := toml.Decode(p.data, v.Interface())
	var pe toml.ParseError
	if !errors.As(err, &pe) || !errors.Is(err, errMarker) && pe.Message != errMarker.Error() {
		return 0, 0
	}
	line, col = pe.Position.Line, pe.Position.Col
	if line <= 0 {
		return 0, 0
	}
	// A table's position is its header line; point at its first character.
	lines := strings.Split(p.data, "\n")
	if line <= len(lines) {
		text := lines[line-1]
		switch {
		case col < 1 || col > len(text)+1 || strings.HasPrefix(strings.TrimSpace(text), "["):
			col = len(text) - len(strings.TrimLeft(text, " \t")) + 1
		case col >= 2 && (text[col-2] == '"' || text[col-2] == '\''):
			col-- // a string's position is just inside its opening quote
		}
	}
	return line, col
}
