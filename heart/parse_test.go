package heart

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseLine(t *testing.T) {
	at := time.UnixMilli(1_767_225_600_123)
	tests := []struct {
		line string
		want Reading
	}{
		{"rr 812", Reading{Form: FormRR, RR: []float64{812}}},
		{"  RR 812.5 1767225600123 ", Reading{Form: FormRR, RR: []float64{812.5}, At: at}},
		{"hr 67", Reading{Form: FormHR, HR: 67}},
		{"hr 67.5 1767225600123", Reading{Form: FormHR, HR: 67.5, At: at}},
		{"926", Reading{Form: FormBare, RR: []float64{926}}},
		{"926.8\r", Reading{Form: FormBare, RR: []float64{926.8}}},
		{"InterBeatInterval,926,2026-01-01T00:00:00.123Z", Reading{Form: FormOpenHRV, RR: []float64{926}, At: at}},
		{"InterBeatInterval,926", Reading{Form: FormOpenHRV, RR: []float64{926}}},
		{"HR:  67 bpm | contact: detected | RR: 926.8 ms", Reading{Form: FormPulse, HR: 67, RR: []float64{926.8}}},
		{"HR: 70 bpm | contact: unknown | RR: 850.6 ms, 861.3 ms", Reading{Form: FormPulse, HR: 70, RR: []float64{850.6, 861.3}}},
		{"HR: 70 bpm | contact: lost", Reading{Form: FormPulse, HR: 70}},
		{`{"rr_ms": 926.8}`, Reading{Form: FormJSON, RR: []float64{926.8}}},
		{`{"hr": 66, "rr_ms": [812, 830.5]}`, Reading{Form: FormJSON, HR: 66, RR: []float64{812, 830.5}}},
		{`{"heart_rate": 66, "rr_ms": []}`, Reading{Form: FormJSON, HR: 66, RR: []float64{}}},
	}
	for _, tt := range tests {
		got, err := ParseLine(tt.line)
		if err != nil {
			t.Errorf("ParseLine(%q): %v", tt.line, err)
			continue
		}
		if got.Form != tt.want.Form || got.HR != tt.want.HR || !slices.Equal(got.RR, tt.want.RR) && len(got.RR)+len(tt.want.RR) > 0 || !got.At.Equal(tt.want.At) {
			t.Errorf("ParseLine(%q) = %+v, want %+v", tt.line, got, tt.want)
		}
	}
}

func TestParseLineBad(t *testing.T) {
	for _, line := range []string{
		"rr", "rr abc", "rr 0", "rr -5", "rr 9000", "rr NaN", "rr Inf", "rr 800 soon", "rr 800 1 2", "rr 812 830",
		"hr 400", "hr", "in", "800 900", "InterBeatInterval", "InterBeatInterval,abc,2026-01-01T00:00:00Z",
		"InterBeatInterval,800,yesterday", "HR: fast | RR: 800 ms", "HR: 70 | RR: slow", "contact: ok | battery: 3",
		`{"rr_ms": "fast"}`, `{"rr_ms": [800, -1]}`, `{"hr": 999}`, `{}`, `{"rr_ms": 800`, "HR:  | RR:",
	} {
		_, err := ParseLine(line)
		if err == nil || errors.Is(err, ErrBlank) {
			t.Errorf("ParseLine(%q) = %v, want an error", line, err)
			continue
		}
		if !strings.Contains(err.Error(), "accepted") {
			t.Errorf("ParseLine(%q): %v does not say what is accepted", line, err)
		}
	}
	for _, line := range []string{"", "  ", "# a comment", "\n"} {
		if _, err := ParseLine(line); !errors.Is(err, ErrBlank) {
			t.Errorf("ParseLine(%q) = %v, want ErrBlank", line, err)
		}
	}
}

func FuzzParseLine(f *testing.F) {
	for _, s := range []string{"rr 812", "hr 67 1767225600123", "926.8", "InterBeatInterval,926,2026-01-01T00:00:00Z",
		"HR:  67 bpm | contact: detected | RR: 926.8 ms, 900 ms", `{"rr_ms": [812, 830]}`, "# x", "rr 1e308"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		r, err := ParseLine(line)
		if err != nil {
			return
		}
		if r.HR < 0 || r.HR > maxHR {
			t.Fatalf("ParseLine(%q): heart rate %g", line, r.HR)
		}
		for _, v := range r.RR {
			if !(v > 0 && v <= maxRRms) {
				t.Fatalf("ParseLine(%q): interval %g", line, v)
			}
		}
		if r.HR == 0 && len(r.RR) == 0 && r.Form != FormJSON {
			t.Fatalf("ParseLine(%q) gave nothing and no error", line)
		}
	})
}
