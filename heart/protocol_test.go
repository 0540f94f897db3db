package heart

import (
	"slices"
	"strings"
	"testing"
)

func TestParsePaces(t *testing.T) {
	got, err := ParsePaces("6.5, 6,5.5,5,4.5")
	if err != nil || !slices.Equal(got, DefaultPaces()) {
		t.Errorf("ParsePaces = %v, %v", got, err)
	}
	for s, want := range map[string]string{"abc": `pace "abc" is not a pace`, "6": "only one given", "": `pace "" is not`} {
		if _, err := ParsePaces(s); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParsePaces(%q): %v, want %q", s, err, want)
		}
	}
	if got, err := ParsePaces("4,10"); err != nil || !slices.Equal(got, []float64{4, 10}) {
		t.Errorf("ParsePaces(4,10) = %v, %v: the paces a session leads toward are accepted", got, err)
	}
	for _, s := range []string{"", "6", "6,6", "6,11", "6,x", "6,,5", "1,2,3,4,5,6,7,8,9,10,3.5", "3.5,3", "6,3.9", "10.5,6"} {
		if _, err := ParsePaces(s); err == nil {
			t.Errorf("ParsePaces(%q): no error", s)
		}
	}
}

func TestParseRatio(t *testing.T) {
	for s, want := range map[string][2]float64{"1:1": {1, 1}, "4:6": {4, 6}, " 2 : 3 ": {2, 3}} {
		in, out, err := ParseRatio(s)
		if err != nil || in != want[0] || out != want[1] {
			t.Errorf("ParseRatio(%q) = %g %g %v", s, in, out, err)
		}
	}
	for _, s := range []string{"", "1", "1:0", "0:1", "1:5", "a:b", "-1:1", "NaN:1"} {
		if _, _, err := ParseRatio(s); err == nil {
			t.Errorf("ParseRatio(%q): no error", s)
		}
	}
}
