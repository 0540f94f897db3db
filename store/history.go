package store

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/adrg/xdg"
	"github.com/gofrs/flock"

	"github.com/attune-breath/attune/pacing"
)

// HistoryVersion is the version of the history record format Append writes.
const HistoryVersion = 1

// Ending says how a session ended.
type Ending string

// How a session can end.
const (
	Completed      Ending = "completed"       // it ran its planned length
	Quit           Ending = "quit"            // the breather chose to stop
	Interrupted    Ending = "interrupted"     // a signal such as Ctrl-C or SIGTERM
	TerminalClosed Ending = "terminal-closed" // the terminal went away (SIGHUP)
)

// Record is one session in the history. See docs/history.md for the format.
type Record struct {
	// Version is the record format version; Append sets it.
	Version int
	// ID identifies the session; Append fills it in when empty.
	ID string
	// Start and End are wall-clock times, with the local offset of the
	// moment they were recorded.
	Start, End time.Time
	// Planned is the session length asked for; Actual what was breathed,
	// pauses excluded.
	Planned, Actual time.Duration
	// Pattern is the pattern's label (name or numeric form); empty for a
	// session that met the breather and led.
	Pattern string
	// Mode is how the session was guided: "lead", "follow", "pattern",
	// "find" or ModeTogether.
	Mode string
	// Breaths is the number of guided breaths.
	Breaths int
	// NaturalBPM is the breather's own rate measured from taps at the start,
	// in breaths per minute; 0 when no taps were given.
	NaturalBPM float64
	// StartBPM and EndBPM are the guide's first and last pace.
	StartBPM, EndBPM float64
	// Lock is the share of the session, 0 to 1, the breather followed the
	// guide; negative when not measured.
	Lock float64
	// Ended says how the session ended.
	Ended Ending
	// Source says where the session's settings came from: "plan" for
	// `attune plan`'s offline planner, "plan/model" for a plan a language
	// model refined, "together/ROOM" for a stay in a room; empty for flags
	// and the config file.
	Source string
	// Heart holds the heart's figures at each pace, for a session with a
	// heart-rate strap (--heart); empty otherwise.
	Heart []HeartPace
	// Found is a resonance assessment's result (attune find); nil for
	// any other session.
	Found *Found
}

// HeartPace is what the heart did at one pace of a session.
type HeartPace struct {
	Pace   float64 `json:"pace"`    // breaths/min
	MeanHR float64 `json:"mean_hr"` // beats/min
	// Swing is the median per-breath peak-to-trough of the heart rate,
	// beats/min; 0 when no breath had one.
	Swing float64 `json:"swing"`
}

// Found is a resonance assessment's result: the pace where the heart rate
// swung most that day and the paces about equal to it.
type Found struct {
	Best float64   `json:"best"` // breaths/min; 0 when no step counted
	Tied []float64 `json:"tied"`
}

// ModeTogether is the mode of a stay in a room with attune together: its
// Source is TogetherSource(room), its Pattern the pattern the room
// breathes, empty when the room's group pacer led it.
const ModeTogether = "together"

// TogetherSource is the Source of a stay in room.
func TogetherSource(room string) string { return togetherPrefix + room }

// togetherPrefix begins the Source of a stay in a room.
const togetherPrefix = "together/"

// Room is the room a stay in a room was in; "" for any other session.
func (r Record) Room() string {
	room, ok := strings.CutPrefix(r.Source, togetherPrefix)
	if !ok {
		return ""
	}
	return room
}

// wireRecord is a Record as one line of JSON.
type wireRecord struct {
	V          int         `json:"v"`
	ID         string      `json:"id"`
	Start      time.Time   `json:"start"`
	End        time.Time   `json:"end"`
	PlannedS   float64     `json:"planned_s"`
	ActualS    float64     `json:"actual_s"`
	Pattern    string      `json:"pattern,omitempty"`
	Mode       string      `json:"mode,omitempty"`
	Breaths    int         `json:"breaths"`
	NaturalBPM float64     `json:"natural_bpm,omitempty"`
	StartBPM   float64     `json:"start_bpm,omitempty"`
	EndBPM     float64     `json:"end_bpm,omitempty"`
	Lock       *float64    `json:"lock,omitempty"`
	Ended      Ending      `json:"ended"`
	Source     string      `json:"source,omitempty"`
	Heart      []HeartPace `json:"heart,omitempty"`
	Found      *Found      `json:"found,omitempty"`
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// finite reports whether every x is a finite number.
func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// MarshalJSON writes the record as its history line (without the newline).
func (r Record) MarshalJSON() ([]byte, error) {
	w := wireRecord{
		V: r.Version, ID: r.ID, Start: r.Start, End: r.End,
		PlannedS: round3(r.Planned.Seconds()), ActualS: round3(r.Actual.Seconds()),
		Pattern: r.Pattern, Mode: r.Mode, Breaths: r.Breaths,
		NaturalBPM: round3(r.NaturalBPM), StartBPM: round3(r.StartBPM), EndBPM: round3(r.EndBPM),
		Ended: r.Ended, Source: r.Source, Heart: r.Heart, Found: r.Found,
	}
	if r.Lock >= 0 {
		l := round3(r.Lock)
		w.Lock = &l
	}
	for _, f := range []float64{w.PlannedS, w.ActualS, w.NaturalBPM, w.StartBPM, w.EndBPM} {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("record %s: a number is not finite", r.ID)
		}
	}
	for _, h := range r.Heart {
		if !finite(h.Pace, h.MeanHR, h.Swing) {
			return nil, fmt.Errorf("record %s: a heart figure is not finite", r.ID)
		}
	}
	if r.Found != nil && !finite(append([]float64{r.Found.Best}, r.Found.Tied...)...) {
		return nil, fmt.Errorf("record %s: the found pace is not finite", r.ID)
	}
	if w.Lock != nil && (math.IsNaN(*w.Lock) || math.IsInf(*w.Lock, 0)) {
		return nil, fmt.Errorf("record %s: lock is not finite", r.ID)
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads a history line.
func (r *Record) UnmarshalJSON(b []byte) error {
	var w wireRecord
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = w.record()
	return nil
}

// record converts a decoded line to a Record.
func (w wireRecord) record() Record {
	dur := func(s float64) time.Duration {
		if s < 0 || s > 1e6 {
			return -1
		}
		return time.Duration(s * float64(time.Second))
	}
	r := Record{
		Version: w.V, ID: w.ID, Start: w.Start, End: w.End,
		Planned: dur(w.PlannedS), Actual: dur(w.ActualS),
		Pattern: w.Pattern, Mode: w.Mode, Breaths: w.Breaths,
		NaturalBPM: w.NaturalBPM, StartBPM: w.StartBPM, EndBPM: w.EndBPM,
		Lock: -1, Ended: w.Ended, Source: w.Source, Heart: w.Heart, Found: w.Found,
	}
	if w.Lock != nil {
		r.Lock = *w.Lock
	}
	if r.Mode == "pattern" && r.Room() != "" {
		// Written before stays had a mode of their own: the group pacer
		// was recorded as the pattern "group".
		r.Mode = ModeTogether
		if r.Pattern == "group" {
			r.Pattern = ""
		}
	}
	return r
}

// valid reports whether a read record makes sense.
func (r Record) valid() bool {
	switch {
	case r.Version < 1, r.Start.IsZero(), r.End.Before(r.Start),
		r.Planned < 0, r.Actual < 0, r.Breaths < 0,
		r.NaturalBPM < 0 || r.NaturalBPM > 120,
		r.StartBPM < 0 || r.StartBPM > 120, r.EndBPM < 0 || r.EndBPM > 120,
		r.Lock > 1:
		return false
	}
	return true
}

// Complete reports whether the session ran its planned length.
func (r Record) Complete() bool { return r.Ended == Completed }

// NewID returns a fresh random session id.
func NewID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return fmt.Sprintf("t%x", time.Now().UnixNano())
	}
	return hex.EncodeToString(b[:])
}

// HistoryPath is where attune keeps its history:
// $XDG_STATE_HOME/attune/history.jsonl or the platform's equivalent.
func HistoryPath() string {
	return filepath.Join(xdg.StateHome, "attune", "history.jsonl")
}

// lockTimeout bounds how long Append waits for another writer.
const lockTimeout = 5 * time.Second

// Append adds r to the history file at path as one line, creating the file
// and its directory when needed. It holds an exclusive lock on a companion
// lock file (path + ".lock") while writing, opens the file with O_APPEND,
// and syncs it before returning; the file is never rewritten. When the file
// ends in a torn line (a write cut short), the new record starts on a line
// of its own so that only the torn line is lost.
func Append(path string, r Record) error {
	if r.Version == 0 {
		r.Version = HistoryVersion
	}
	if r.ID == "" {
		r.ID = NewID()
	}
	line, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encoding history record: %w", err)
	}
	line = append(line, '\n')
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("creating history directory: %w", err)
	}
	lk := flock.New(path + ".lock")
	deadline := time.Now().Add(lockTimeout)
	for {
		ok, err := lk.TryLock()
		if err != nil {
			return fmt.Errorf("locking history %s: %w", path, err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("locking history %s: another attune held it for %s", path, lockTimeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
	defer lk.Unlock()

	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("opening history %s: %w", path, err)
	}
	if torn, err := endsTorn(f); err != nil {
		f.Close()
		return fmt.Errorf("reading history %s: %w", path, err)
	} else if torn {
		line = append([]byte{'\n'}, line...)
	}
	if _, err := f.Write(line); err != nil {
		f.Close()
		return fmt.Errorf("writing history %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("syncing history %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("closing history %s: %w", path, err)
	}
	return nil
}

// endsTorn reports whether f is non-empty and does not end in a newline.
func endsTorn(f *os.File) (bool, error) {
	st, err := f.Stat()
	if err != nil {
		return false, err
	}
	if st.Size() == 0 {
		return false, nil
	}
	var b [1]byte
	if _, err := f.ReadAt(b[:], st.Size()-1); err != nil {
		return false, err
	}
	return b[0] != '\n', nil
}

// maxLine bounds one history line; longer lines are skipped.
const maxLine = 64 << 10

// ReadHistory reads the history file at path. A missing file is an empty
// history. Lines that are not a valid record (torn by a crash, edited by
// hand) are skipped and counted; they never make the read fail.
func ReadHistory(path string) (recs []Record, skipped int, err error) {
	return ReadRecentHistory(path, 0)
}

// ReadRecentHistory reads only the last tail bytes of the history file at
// path: the most recent records, however long the history has grown, for
// a session about to start. The line cut by the start of the tail is
// dropped; otherwise it reads as ReadHistory does. A tail of 0 or less, or
// one longer than the file, reads it all.
func ReadRecentHistory(path string, tail int64) (recs []Record, skipped int, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("reading history %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, 0, fmt.Errorf("reading history %s: %w", path, err)
	}
	var r io.Reader = f
	if from := st.Size() - tail; tail > 0 && from > 0 {
		// Start one byte early: if that byte ends a line, the tail
		// starts on a whole record and nothing is dropped.
		br := bufio.NewReader(io.NewSectionReader(f, from-1, tail+1))
		if _, err := br.ReadString('\n'); err != nil {
			return nil, 0, nil // no line ends within the tail
		}
		r = br
	}
	recs, skipped, err = ParseHistory(r)
	if err != nil {
		return recs, skipped, fmt.Errorf("reading history %s: %w", path, err)
	}
	return recs, skipped, nil
}

// ParseHistory reads history lines from r, skipping and counting the lines
// that are not a valid record. Blank lines are ignored. The error is only
// ever one from r itself.
func ParseHistory(r io.Reader) (recs []Record, skipped int, err error) {
	br := bufio.NewReaderSize(r, 4096)
	var line []byte
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			if len(line)+len(chunk) > maxLine {
				tooLong = true
				line = line[:0]
			} else if !tooLong {
				line = append(line, chunk...)
			}
			continue
		case err != nil && !errors.Is(err, io.EOF):
			return recs, skipped, err
		}
		if !tooLong && len(line)+len(chunk) <= maxLine {
			line = append(line, chunk...)
		} else {
			tooLong = true
		}
		if tooLong {
			skipped++
		} else if t := bytes.TrimSpace(line); len(t) > 0 {
			var w wireRecord
			rec, ok := Record{}, json.Unmarshal(t, &w) == nil
			if ok {
				rec = w.record()
			}
			if ok && rec.valid() {
				recs = append(recs, rec)
			} else {
				skipped++
			}
		}
		line, tooLong = line[:0], false
		if err != nil { // io.EOF
			return recs, skipped, nil
		}
	}
}

// FromSummary makes a history record from a session's summary, its wall-clock
// start and end and how it ended (empty: completed or quit, as the summary
// says). The caller adds what the summary does not
// know: Mode, NaturalBPM and Lock (Lock is -1, not measured, until set).
func FromSummary(sum pacing.Summary, start, end time.Time, ended Ending) Record {
	r := Record{
		Version: HistoryVersion, ID: NewID(), Start: start, End: end,
		Planned: sum.Planned, Actual: sum.Elapsed, Breaths: sum.Breaths,
		StartBPM: sum.StartBPM, EndBPM: sum.EndBPM, Lock: -1, Ended: ended,
		Pattern: sum.Label, NaturalBPM: sum.Natural,
	}
	if sum.Taps > 0 {
		r.Lock = sum.LockRatio
	}
	if ended == "" {
		r.Ended = Quit
		if sum.Complete {
			r.Ended = Completed
		}
	}
	return r
}
