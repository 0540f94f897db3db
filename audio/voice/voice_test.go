package voice

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/attune-breath/attune/audio/voice/analysis"
	"github.com/gopxl/beep/v2/vorbis"
)

const (
	wantRate     = 24000
	minSeconds   = 0.3
	maxSeconds   = 6.0
	maxPeakDBFS  = -1.0
	minPeakDBFS  = -12.0 // a clip this quiet at its loudest is broken
	maxTotalSize = 600 * 1024
)

// engineCues are the cue ids the session engine emits, with the fewest
// variants each must have.
var engineCues = map[string]int{
	"welcome": 1, "settle": 2, "arrive": 1, "follow": 1, "begin": 1,
	"in": 3, "out": 3, "hold": 2, "topup": 2, "letgo": 2,
	"slower": 2, "with-you": 2, "well": 2, "rest": 2, "unguided": 1,
	"return": 1, "closing": 1, "pause": 1, "resume": 1, "again": 1,
}

type clipRef struct {
	id string
	n  int
}

// allClips lists every clip named in phrases.tsv.
func allClips() []clipRef {
	var out []clipRef
	for _, id := range IDs() {
		for n := 1; n <= Variants(id); n++ {
			out = append(out, clipRef{id, n})
		}
	}
	return out
}

func TestEngineCuesPresent(t *testing.T) {
	for id, min := range engineCues {
		if got := Variants(id); got < min {
			t.Errorf("Variants(%q) = %d, want at least %d", id, got, min)
		}
	}
	got := IDs()
	if !sort.StringsAreSorted(got) {
		t.Errorf("IDs() not sorted: %v", got)
	}
	if len(got) < 20 {
		t.Errorf("IDs() has %d ids, want at least 20", len(got))
	}
	if n := len(allClips()); n < 30 {
		t.Errorf("%d clips, want at least 30", n)
	}
}

func TestPhrasesAndClipsMatch(t *testing.T) {
	want := map[string]bool{}
	for _, c := range allClips() {
		want[strings.TrimPrefix(clipName(c.id, c.n), "clips/")] = true
	}

	embedded, err := fs.ReadDir(clips, "clips")
	if err != nil {
		t.Fatal(err)
	}
	onDisk, err := filepath.Glob(filepath.Join("clips", "*"))
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string][]string{"embedded": nil, "clips/ directory": nil}
	for _, e := range embedded {
		sets["embedded"] = append(sets["embedded"], e.Name())
	}
	for _, p := range onDisk {
		sets["clips/ directory"] = append(sets["clips/ directory"], filepath.Base(p))
	}
	for where, names := range sets {
		have := map[string]bool{}
		for _, name := range names {
			have[name] = true
			if !want[name] {
				t.Errorf("%s: %s has no line in phrases.tsv", where, name)
			}
		}
		for name := range want {
			if !have[name] {
				t.Errorf("%s: no clip %s for its phrases.tsv line", where, name)
			}
		}
	}
}

func TestClipsDecode(t *testing.T) {
	maxPeak := math.Pow(10, maxPeakDBFS/20)
	minPeak := math.Pow(10, minPeakDBFS/20)
	for _, c := range allClips() {
		id, n := c.id, c.n
		b, ok := Clip(id, n)
		if !ok {
			t.Errorf("Clip(%q, %d) missing", id, n)
			continue
		}
		s, format, err := vorbis.Decode(io.NopCloser(bytes.NewReader(b)))
		if err != nil {
			t.Errorf("%s-%d: %v", id, n, err)
			continue
		}
		if format.NumChannels != 1 {
			t.Errorf("%s-%d: %d channels, want 1 (mono)", id, n, format.NumChannels)
		}
		if format.SampleRate != wantRate {
			t.Errorf("%s-%d: sample rate %d, want %d", id, n, format.SampleRate, wantRate)
		}
		var (
			frames int
			peak   float64
			buf    [512][2]float64
		)
		for {
			k, ok := s.Stream(buf[:])
			for _, f := range buf[:k] {
				peak = math.Max(peak, math.Max(math.Abs(f[0]), math.Abs(f[1])))
			}
			frames += k
			if !ok {
				break
			}
		}
		if err := s.Err(); err != nil {
			t.Errorf("%s-%d: decoding: %v", id, n, err)
		}
		s.Close()
		secs := float64(frames) / float64(format.SampleRate)
		if secs < minSeconds || secs > maxSeconds {
			t.Errorf("%s-%d: %.3f s long, want %.1f–%.1f s", id, n, secs, minSeconds, maxSeconds)
		}
		if peak > maxPeak {
			t.Errorf("%s-%d: peak %.2f dBFS, want ≤ %.1f dBFS", id, n, 20*math.Log10(peak), maxPeakDBFS)
		}
		if peak < minPeak {
			t.Errorf("%s-%d: peak %.2f dBFS, want ≥ %.1f dBFS (near silent)", id, n, 20*math.Log10(peak), minPeakDBFS)
		}
		t.Logf("%-15s %.3f s  peak %6.2f dBFS  %5d bytes  %q", clipName(id, n)[6:], secs, 20*math.Log10(peak), len(b), Text(id, n))
	}
}

func TestTotalSize(t *testing.T) {
	total := 0
	err := fs.WalkDir(clips, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += int(info.Size())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total == 0 || total > maxTotalSize {
		t.Errorf("embedded clips total %d bytes, want 1–%d", total, maxTotalSize)
	}
	t.Logf("embedded clips: %d bytes", total)
}

// TestClipsAnalysis runs the voice analysis (go run ./audio/voice/analyze)
// over the embedded clips: none may clip or be silent, the set must fit the
// size limit, and every exhale cue's pitch must fall at its end.
func TestClipsAnalysis(t *testing.T) {
	var (
		reports []analysis.Report
		bytes   int
	)
	for _, c := range allClips() {
		name := fmt.Sprintf("%s-%d", c.id, c.n)
		b, _ := Clip(c.id, c.n)
		x, rate, err := analysis.Decode(b)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		bytes += len(b)
		r := analysis.Analyze(name, x, rate)
		reports = append(reports, r)
		if r.Clipped > 0 {
			t.Errorf("%s: %d samples clip (peak %.2f dBFS)", name, r.Clipped, r.PeakDB)
		}
		if r.Silent() {
			t.Errorf("%s: silent (%.2f s of sound, %.0f %% voiced)", name, r.Active, 100*r.Voiced)
		}
	}
	s := analysis.Summarize("committed", reports, bytes, func(name string) bool {
		return Exhale(name[:strings.LastIndex(name, "-")])
	})
	if s.Bytes > maxTotalSize {
		t.Errorf("clips total %d bytes, over the %d byte limit", s.Bytes, maxTotalSize)
	}
	if s.Exhale == 0 {
		t.Error("no exhale cues among the clips")
	}
	if len(s.NotFallen) > 0 {
		t.Errorf("exhale cues whose pitch does not fall at the end: %s", strings.Join(s.NotFallen, " "))
	}
	var table strings.Builder
	analysis.WriteTable(&table, []analysis.Summary{s})
	t.Log("\n" + table.String())
}

func TestAPI(t *testing.T) {
	if got := Text("in", 3); got != "In." {
		t.Errorf(`Text("in", 3) = %q, want "In."`, got)
	}
	if got := Text("welcome", 1); got != "Welcome. Let's start where you are." {
		t.Errorf(`Text("welcome", 1) = %q`, got)
	}
	b, ok := Clip("in", 1)
	if !ok || !bytes.HasPrefix(b, []byte("OggS")) {
		t.Errorf(`Clip("in", 1): ok=%v, starts %q; want Ogg data`, ok, b[:min(4, len(b))])
	}
	b[0] = 'X' // the caller's copy: must not change the embedded clip
	if b2, _ := Clip("in", 1); !bytes.HasPrefix(b2, []byte("OggS")) {
		t.Error("changing a returned clip changed the embedded one")
	}
	for _, c := range []struct {
		id string
		n  int
	}{{"in", 0}, {"in", -1}, {"in", Variants("in") + 1}, {"nope", 1}, {"", 1}, {"../in", 1}} {
		if b, ok := Clip(c.id, c.n); ok || b != nil {
			t.Errorf("Clip(%q, %d) = %d bytes, %v; want nil, false", c.id, c.n, len(b), ok)
		}
		if got := Text(c.id, c.n); got != "" {
			t.Errorf("Text(%q, %d) = %q, want \"\"", c.id, c.n, got)
		}
	}
	if got := Variants("nope"); got != 0 {
		t.Errorf(`Variants("nope") = %d, want 0`, got)
	}
	ids := IDs()
	ids[0] = "changed"
	if IDs()[0] == "changed" {
		t.Error("changing the slice from IDs changed the package's list")
	}
}

func TestParsePhrases(t *testing.T) {
	good := "# comment\n\nin\t2\tAnd in.\nin\t1\tBreathe in.\r\nout\t1\tOut.\n"
	p, err := parsePhrases(good)
	if err != nil {
		t.Fatalf("parsePhrases(good): %v", err)
	}
	if len(p) != 2 || len(p["in"]) != 2 || p["in"][0] != "Breathe in." || p["in"][1] != "And in." || p["out"][0] != "Out." {
		t.Errorf("parsePhrases(good) = %q", p)
	}
	for _, bad := range []string{
		"in\t1\n",                      // missing text
		"in\t1\tIn.\textra\n",          // extra field
		"in\tone\tIn.\n",               // variant not a number
		"in\t0\tIn.\n",                 // variants start at 1
		"in\t01\tIn.\n",                // not canonical
		"in\t1\t \n",                   // empty text
		"In\t1\tIn.\n",                 // id not lower case
		"in/x\t1\tIn.\n",               // id not a file-name part
		"in\t1\tIn.\nin\t1\tAnd in.\n", // duplicate
		"in\t1\tIn.\nin\t3\tAnd in.\n", // gap
	} {
		if p, err := parsePhrases(bad); err == nil {
			t.Errorf("parsePhrases(%q) = %q, want an error", bad, p)
		}
	}
}
