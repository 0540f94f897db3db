package together

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// cycleJSON is a decided cycle as it travels: in the rooms' cycles bucket
// and on a room channel. Times are milliseconds of room time (from the
// room's start).
type cycleJSON struct {
	Start   int64      `json:"start_ms"`
	Listen  int64      `json:"listen_ms,omitempty"`
	Inhale  int64      `json:"in_ms,omitempty"`
	TopUp   int64      `json:"topup_ms,omitempty"`
	HoldIn  int64      `json:"hold_ms,omitempty"`
	Exhale  int64      `json:"out_ms,omitempty"`
	HoldOut int64      `json:"rest_ms,omitempty"`
	Stage   string     `json:"stage"`
	Level   string     `json:"level"`
	Locked  bool       `json:"locked,omitempty"`
	Pace    float64    `json:"pace,omitempty"`
	From    float64    `json:"from,omitempty"`
	Toward  float64    `json:"toward,omitempty"`
	Natural float64    `json:"natural,omitempty"`
	Words   []wordJSON `json:"words,omitempty"`
}

type wordJSON struct {
	ID string `json:"id"`
	At int64  `json:"at_ms"`
}

// Limits on a cycle read from another process.
const (
	maxRoomTime = 48 * time.Hour // the latest start a room's cycle may have
	maxPhase    = time.Minute    // the longest phase or listening stretch
	maxWords    = 4
	minBreath   = time.Duration(pacing.MinBreath*1000) * time.Millisecond
)

// MarshalCycle is c as it travels between processes.
func MarshalCycle(c pacing.Cycle) []byte {
	b, _ := json.Marshal(toJSON(c))
	return b
}

func toJSON(c pacing.Cycle) cycleJSON {
	ms := func(d time.Duration) int64 { return d.Milliseconds() }
	j := cycleJSON{
		Start: ms(c.Start), Listen: ms(c.Listen),
		Inhale: ms(c.Breath.Inhale), TopUp: ms(c.Breath.TopUp), HoldIn: ms(c.Breath.HoldIn), Exhale: ms(c.Breath.Exhale), HoldOut: ms(c.Breath.HoldOut),
		Stage: c.Stage.String(), Level: c.Level.String(), Locked: c.Locked,
		Pace: round3(c.Pace), From: round3(c.From), Toward: round3(c.Toward), Natural: round3(c.Natural),
	}
	for _, w := range c.Words {
		j.Words = append(j.Words, wordJSON{ID: w.ID, At: ms(w.Offset)})
	}
	return j
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// UnmarshalCycle reads a cycle another process sent, accepting only what
// a room's decider makes: times within bounds, a breath of at least
// pacing.MinBreath, known stages, levels and words.
func UnmarshalCycle(b []byte) (pacing.Cycle, error) {
	var j cycleJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return pacing.Cycle{}, errors.New("a cycle that is not JSON")
	}
	return fromJSON(j)
}

func fromJSON(j cycleJSON) (pacing.Cycle, error) {
	d := func(ms int64) time.Duration { return time.Duration(ms) * time.Millisecond }
	c := pacing.Cycle{
		Start: d(j.Start), Listen: d(j.Listen),
		Breath: pacing.Pattern{Inhale: d(j.Inhale), TopUp: d(j.TopUp), HoldIn: d(j.HoldIn), Exhale: d(j.Exhale), HoldOut: d(j.HoldOut)},
		Locked: j.Locked, Pace: j.Pace, From: j.From, Toward: j.Toward, Natural: j.Natural,
	}
	if c.Start < 0 || c.Start > maxRoomTime {
		return pacing.Cycle{}, fmt.Errorf("a cycle starting at %v", c.Start)
	}
	for _, x := range []time.Duration{c.Listen, c.Breath.Inhale, c.Breath.TopUp, c.Breath.HoldIn, c.Breath.Exhale, c.Breath.HoldOut} {
		if x < 0 || x > maxPhase {
			return pacing.Cycle{}, fmt.Errorf("a cycle with a phase of %v", x)
		}
	}
	if c.Listen == 0 && (c.Breath.Inhale < minBreath || c.Breath.Exhale < minBreath) {
		return pacing.Cycle{}, errors.New("a cycle with a breath too short")
	}
	if c.Listen > 0 && c.Breath != (pacing.Pattern{}) {
		return pacing.Cycle{}, errors.New("a cycle both listening and breathing")
	}
	for _, x := range []float64{c.Pace, c.From, c.Toward, c.Natural} {
		if math.IsNaN(x) || x < 0 || x > 60 {
			return pacing.Cycle{}, fmt.Errorf("a cycle with a pace of %v", x)
		}
	}
	var ok bool
	if c.Stage, ok = stageNamed(j.Stage); !ok {
		return pacing.Cycle{}, errors.New("a cycle of an unknown stage")
	}
	if c.Level, ok = levelNamed(j.Level); !ok {
		return pacing.Cycle{}, errors.New("a cycle of an unknown level")
	}
	if len(j.Words) > maxWords {
		return pacing.Cycle{}, errors.New("a cycle with too many words")
	}
	for _, w := range j.Words {
		text := pacing.WordText(w.ID)
		if text == "" || w.At < 0 || d(w.At) > c.Len() {
			return pacing.Cycle{}, errors.New("a cycle with a word not accepted")
		}
		c.Words = append(c.Words, pacing.Word{Offset: d(w.At), ID: w.ID, Text: text})
	}
	return c, nil
}

func stageNamed(s string) (pacing.Stage, bool) {
	for st := pacing.StageSettle; st <= pacing.StageDone; st++ {
		if st.String() == s {
			return st, true
		}
	}
	return 0, false
}

func levelNamed(s string) (pacing.Level, bool) {
	for l := pacing.Words; l <= pacing.Silent; l++ {
		if l.String() == s {
			return l, true
		}
	}
	return 0, false
}

// cyclesJSON is a room's decided cycles as stored in CyclesBucket: the
// room's start (cycles of a room begun afresh are not its successor's)
// and the latest cycles, oldest first.
type cyclesJSON struct {
	Start  int64       `json:"start"` // unix ms
	Cycles []cycleJSON `json:"cycles"`
}

// storedCycles is the value stored for a room begun at start.
func storedCycles(start time.Time, cs []pacing.Cycle) []byte {
	v := cyclesJSON{Start: start.UnixMilli()}
	for _, c := range cs {
		v.Cycles = append(v.Cycles, toJSON(c))
	}
	b, _ := json.Marshal(v)
	return b
}

// readCycles is the cycles stored for the room begun at start: none when
// they are another start's, and only those that read well and follow on
// from each other.
func readCycles(b []byte, start time.Time) []pacing.Cycle {
	var v cyclesJSON
	if json.Unmarshal(b, &v) != nil || v.Start != start.UnixMilli() {
		return nil
	}
	var out []pacing.Cycle
	for _, j := range v.Cycles {
		c, err := fromJSON(j)
		if err != nil || len(out) > 0 && c.Start != out[len(out)-1].End() {
			return out
		}
		out = append(out, c)
	}
	return out
}
