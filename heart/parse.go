// Package heart reads a heart-rate strap's beat-to-beat intervals and
// decides what they show: the line forms heart-rate tools write, the Bluetooth
// Heart Rate Measurement packet, beat times from the running sum of
// intervals, artefact rejection, the heart rate's swing with each breath,
// the resonance finder's decision and a simulated heart for tests.
//
// It never decides pacing and never draws: breath phases come in as
// pacing cycles, and what it concludes goes out as plain values.
package heart

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrBlank is what ParseLine returns for a line with nothing on it (or only
// a # comment): not a mistake, just nothing to do.
var ErrBlank = errors.New("blank line")

// Form names a heart line's form.
type Form string

// The accepted heart line forms.
const (
	FormRR      Form = "rr"      // "rr <ms> [unix-ms]", attune's own
	FormHR      Form = "hr"      // "hr <bpm> [unix-ms]", attune's own
	FormBare    Form = "bare"    // a bare interval in ms
	FormOpenHRV Form = "openhrv" // "InterBeatInterval,<ms>,<ISO8601>"
	FormPulse   Form = "pulse"   // "HR:  67 bpm | contact: … | RR: 926.8 ms"
	FormJSON    Form = "json"    // {"rr_ms": 926.8} or {"rr_ms": [812, 830]}
)

// LineForms describes the accepted heart line forms, for messages.
const LineForms = `"rr <ms> [unix-ms]", "hr <bpm> [unix-ms]", a bare interval in ms, "InterBeatInterval,<ms>,<ISO8601>", "HR: 67 bpm | RR: 926.8 ms" or a JSON object with "rr_ms"`

// Reading is what one heart line says: beat intervals, a heart rate, or
// both, and when the line says they were measured.
type Reading struct {
	Form Form
	// RR holds the beat-to-beat intervals, oldest first, in milliseconds.
	RR []float64
	// HR is the heart rate in beats per minute; 0 when the line gives none.
	HR float64
	// At is when the last interval ended (or the rate was read), when the
	// line says; zero otherwise.
	At time.Time
}

// Limits of a plausible reading.
const (
	maxRRms   = 5000
	maxHR     = 300
	maxUnixMS = 253402300799999 // the year 9999
	minUnixMS = 946684800000    // the year 2000: smaller numbers are no time a strap reports
)

// ParseLine reads one heart line in any accepted form (see LineForms),
// detected from the line itself. A blank or comment line gives ErrBlank;
// anything else that is not understood is an error saying what was wrong.
func ParseLine(line string) (Reading, error) {
	s := strings.TrimSpace(line)
	if s == "" || strings.HasPrefix(s, "#") {
		return Reading{}, ErrBlank
	}
	var r Reading
	var err error
	switch {
	case strings.HasPrefix(s, "{"):
		r, err = parseJSON(s)
	case strings.HasPrefix(strings.ToLower(s), "interbeatinterval"):
		r, err = parseOpenHRV(s)
	case strings.Contains(s, "|") || strings.HasPrefix(strings.ToUpper(s), "HR:") || strings.HasPrefix(strings.ToUpper(s), "RR:"):
		r, err = parsePulse(s)
	default:
		r, err = parseWords(s)
	}
	if err != nil {
		return Reading{}, fmt.Errorf("heart line %q: %w; accepted: %s", clip(line), err, LineForms)
	}
	return r, nil
}

// parseWords reads "rr <ms> [unix-ms]", "hr <bpm> [unix-ms]" and a bare
// interval.
func parseWords(s string) (Reading, error) {
	f := strings.Fields(s)
	switch strings.ToLower(f[0]) {
	case "rr", "hr":
		kind := Form(strings.ToLower(f[0]))
		if len(f) < 2 || len(f) > 3 {
			return Reading{}, fmt.Errorf("%s wants a value and an optional Unix time in ms", kind)
		}
		r := Reading{Form: kind}
		if kind == FormRR {
			v, err := rr(f[1])
			if err != nil {
				return Reading{}, err
			}
			r.RR = []float64{v}
		} else {
			v, err := bpm(f[1])
			if err != nil {
				return Reading{}, err
			}
			r.HR = v
		}
		if len(f) == 3 {
			ms, err := strconv.ParseInt(f[2], 10, 64)
			if err != nil || ms < minUnixMS || ms > maxUnixMS {
				return Reading{}, fmt.Errorf("%q is not a Unix time in milliseconds", clip(f[2]))
			}
			r.At = time.UnixMilli(ms)
		}
		return r, nil
	}
	if len(f) != 1 {
		return Reading{}, fmt.Errorf("starts with %q", clip(f[0]))
	}
	v, err := rr(f[0])
	if err != nil {
		return Reading{}, err
	}
	return Reading{Form: FormBare, RR: []float64{v}}, nil
}

// parseOpenHRV reads "InterBeatInterval,<ms>,<ISO8601>".
func parseOpenHRV(s string) (Reading, error) {
	f := strings.Split(s, ",")
	if len(f) < 2 || len(f) > 3 {
		return Reading{}, errors.New("InterBeatInterval wants an interval and a time")
	}
	v, err := rr(strings.TrimSpace(f[1]))
	if err != nil {
		return Reading{}, err
	}
	r := Reading{Form: FormOpenHRV, RR: []float64{v}}
	if len(f) == 3 {
		at, err := parseISO(strings.TrimSpace(f[2]))
		if err != nil {
			return Reading{}, err
		}
		r.At = at
	}
	return r, nil
}

// parseISO reads an ISO 8601 time with or without a zone and fraction.
func parseISO(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an ISO 8601 time", clip(s))
}

// parsePulse reads "HR:  67 bpm | contact: … | RR: 926.8 ms": fields
// split by "|", "HR:" a rate, "RR:" one or more intervals.
func parsePulse(s string) (Reading, error) {
	r := Reading{Form: FormPulse}
	for part := range strings.SplitSeq(s, "|") {
		name, val, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch strings.ToUpper(strings.TrimSpace(name)) {
		case "HR":
			v, err := bpm(strings.TrimSpace(strings.TrimSuffix(strings.ToLower(val), "bpm")))
			if err != nil {
				return Reading{}, err
			}
			r.HR = v
		case "RR":
			for _, w := range strings.FieldsFunc(val, func(c rune) bool { return c == ' ' || c == ',' || c == '\t' }) {
				if strings.EqualFold(w, "ms") {
					continue
				}
				v, err := rr(strings.TrimSuffix(strings.ToLower(w), "ms"))
				if err != nil {
					return Reading{}, err
				}
				r.RR = append(r.RR, v)
			}
		}
	}
	if r.HR == 0 && len(r.RR) == 0 {
		return Reading{}, errors.New("no HR or RR field")
	}
	return r, nil
}

// parseJSON reads an object with "rr_ms" (a number or a list) and
// optionally "hr" or "heart_rate"; other fields (a "time", say) are
// ignored, so its beats are placed by their arrival.
func parseJSON(s string) (Reading, error) {
	var obj struct {
		RR        json.RawMessage `json:"rr_ms"`
		HR        *float64        `json:"hr"`
		HeartRate *float64        `json:"heart_rate"`
	}
	if err := json.Unmarshal([]byte(s), &obj); err != nil {
		return Reading{}, errors.New("not a JSON object")
	}
	r := Reading{Form: FormJSON}
	if obj.HR == nil {
		obj.HR = obj.HeartRate
	}
	if obj.HR != nil {
		if !(*obj.HR > 0 && *obj.HR <= maxHR) {
			return Reading{}, fmt.Errorf("heart rate %g out of range 1 to %d", *obj.HR, maxHR)
		}
		r.HR = *obj.HR
	}
	if len(obj.RR) > 0 && string(obj.RR) != "null" {
		var one float64
		var many []float64
		switch {
		case json.Unmarshal(obj.RR, &one) == nil:
			many = []float64{one}
		case json.Unmarshal(obj.RR, &many) == nil:
		default:
			return Reading{}, errors.New(`"rr_ms" is not a number or a list of numbers`)
		}
		for _, v := range many {
			if !(v > 0 && v <= maxRRms) {
				return Reading{}, fmt.Errorf("interval %g ms out of range 1 to %d", v, maxRRms)
			}
		}
		r.RR = many
	}
	if r.HR == 0 && len(r.RR) == 0 {
		return Reading{}, errors.New(`no "rr_ms"`)
	}
	return r, nil
}

// rr reads an interval in ms.
func rr(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v > 0 && v <= maxRRms) {
		return 0, fmt.Errorf("%q is not an interval in ms (1 to %d)", clip(s), maxRRms)
	}
	return v, nil
}

// bpm reads a heart rate in beats per minute.
func bpm(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v > 0 && v <= maxHR) {
		return 0, fmt.Errorf("%q is not a heart rate in beats/min (1 to %d)", clip(s), maxHR)
	}
	return v, nil
}

// clip shortens s for an error message.
func clip(s string) string {
	const n = 40
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
