package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
)

func sampleRecord(id string, start time.Time) Record {
	return Record{
		ID: id, Start: start, End: start.Add(5 * time.Minute),
		Planned: 5 * time.Minute, Actual: 4*time.Minute + 30*time.Second,
		Pattern: "", Mode: "lead", Breaths: 30,
		NaturalBPM: 11.5, StartBPM: 11, EndBPM: 6.2, Lock: 0.82, Ended: Completed,
	}
}

func TestAppendAndRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "attune", "history.jsonl")
	zone := time.FixedZone("X", 5*3600+30*60)
	start := time.Date(2026, 3, 1, 21, 15, 0, 0, zone)
	a := sampleRecord("a", start)
	a.Heart = []HeartPace{{Pace: 6, MeanHR: 64.5, Swing: 12.25}, {Pace: 5.5, MeanHR: 63, Swing: 14}}
	a.Found = &Found{Best: 5.5, Tied: []float64{5.5, 6}}
	b := sampleRecord("", start.Add(time.Hour))
	b.Lock, b.NaturalBPM, b.Ended, b.Pattern, b.Mode = -1, 0, Quit, "478", "pattern"
	for _, r := range []Record{a, b} {
		if err := Append(path, r); err != nil {
			t.Fatal(err)
		}
	}
	recs, skipped, err := ReadHistory(path)
	if err != nil || skipped != 0 || len(recs) != 2 {
		t.Fatalf("read: %d records, %d skipped, %v", len(recs), skipped, err)
	}
	a.Version = HistoryVersion
	if !recs[0].Start.Equal(a.Start) || recs[0].Start.Format(time.RFC3339) != "2026-03-01T21:15:00+05:30" {
		t.Errorf("start lost its local offset: %v", recs[0].Start)
	}
	recs[0].Start, recs[0].End = a.Start, a.End
	if !reflect.DeepEqual(recs[0], a) {
		t.Errorf("round trip:\n got %+v\nwant %+v", recs[0], a)
	}
	if recs[1].ID == "" || recs[1].Lock != -1 || recs[1].Ended != Quit || recs[1].Pattern != "478" {
		t.Errorf("second record: %+v", recs[1])
	}
	raw, _ := os.ReadFile(path)
	if n := bytes.Count(raw, []byte("\n")); n != 2 {
		t.Errorf("file has %d lines, want 2", n)
	}
	if second := strings.Split(string(raw), "\n")[1]; strings.Contains(second, `"heart"`) || strings.Contains(second, `"found"`) {
		t.Errorf("a session without a heart has heart fields: %s", second)
	}
	if strings.Contains(strings.Split(string(raw), "\n")[1], `"lock"`) {
		t.Errorf("an unmeasured lock must be left out: %s", raw)
	}
}

// TestRecordSource: a session's source is written as "source" and read
// back; a record without one (every record before plans) has none, and
// writes none.
func TestRecordSource(t *testing.T) {
	start := time.Date(2026, 3, 1, 21, 15, 0, 0, time.UTC)
	r := sampleRecord("p", start)
	r.Version, r.Source = HistoryVersion, "plan/model"
	line, err := json.Marshal(r)
	if err != nil || !strings.Contains(string(line), `"source":"plan/model"`) {
		t.Fatalf("marshal: %s %v", line, err)
	}
	var back Record
	if err := json.Unmarshal(line, &back); err != nil || back.Source != "plan/model" {
		t.Fatalf("read back %+v, %v", back, err)
	}
	old := `{"v":1,"id":"o","start":"2026-03-01T21:15:00Z","end":"2026-03-01T21:20:00Z","planned_s":300,"actual_s":300,"mode":"lead","breaths":30,"ended":"completed"}`
	recs, skipped, err := ParseHistory(strings.NewReader(old + "\n"))
	if err != nil || skipped != 0 || len(recs) != 1 || recs[0].Source != "" {
		t.Fatalf("an old record: %+v, %d skipped, %v", recs, skipped, err)
	}
	r.Source = ""
	if line, _ := json.Marshal(r); strings.Contains(string(line), "source") {
		t.Errorf("a record without a source writes one: %s", line)
	}
}

// TestStayInARoom: a stay in a room is mode "together" with its room in
// the source, written and read back as it is; a stay recorded before
// stays had a mode of their own (mode "pattern", the group pacer as the
// pattern "group") reads as one, and nothing else changes.
func TestStayInARoom(t *testing.T) {
	start := time.Date(2026, 3, 1, 21, 15, 0, 0, time.UTC)
	r := sampleRecord("t", start)
	r.Version, r.Mode, r.Source, r.Pattern = HistoryVersion, ModeTogether, TogetherSource("calm-2"), ""
	line, err := json.Marshal(r)
	if err != nil || !strings.Contains(string(line), `"mode":"together"`) || !strings.Contains(string(line), `"source":"together/calm-2"`) ||
		strings.Contains(string(line), `"pattern"`) {
		t.Fatalf("marshal: %s %v", line, err)
	}
	var back Record
	if err := json.Unmarshal(line, &back); err != nil || back.Mode != ModeTogether || back.Room() != "calm-2" || back.Pattern != "" {
		t.Fatalf("read back %+v, %v", back, err)
	}
	old := func(mode, pattern, source string) string {
		return `{"v":1,"id":"o","start":"2026-03-01T21:15:00Z","end":"2026-03-01T21:20:00Z","planned_s":300,"actual_s":300,"mode":"` + mode +
			`","pattern":"` + pattern + `","breaths":30,"ended":"quit","source":"` + source + `"}`
	}
	for _, tt := range []struct {
		line, mode, pattern, room string
	}{
		{old("pattern", "group", "together/calm"), ModeTogether, "", "calm"},
		{old("pattern", "box", "together/lobby"), ModeTogether, "box", "lobby"},
		{old("pattern", "box", ""), "pattern", "box", ""},
		{old("pattern", "box", "plan"), "pattern", "box", ""},
		{old("together", "coherent", "together/x"), ModeTogether, "coherent", "x"},
	} {
		recs, skipped, err := ParseHistory(strings.NewReader(tt.line + "\n"))
		if err != nil || skipped != 0 || len(recs) != 1 {
			t.Fatalf("%s: %d records, %d skipped, %v", tt.line, len(recs), skipped, err)
		}
		if r := recs[0]; r.Mode != tt.mode || r.Pattern != tt.pattern || r.Room() != tt.room {
			t.Errorf("%s: mode %q pattern %q room %q, want %q %q %q", tt.line, r.Mode, r.Pattern, r.Room(), tt.mode, tt.pattern, tt.room)
		}
	}
}

func TestReadHistoryMissingFile(t *testing.T) {
	recs, skipped, err := ReadHistory(filepath.Join(t.TempDir(), "none.jsonl"))
	if err != nil || skipped != 0 || len(recs) != 0 {
		t.Fatalf("missing history: %v %d %v", recs, skipped, err)
	}
}

func line(t *testing.T, r Record) string {
	t.Helper()
	if r.Version == 0 {
		r.Version = 1
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseHistorySkipsBadLines(t *testing.T) {
	start := time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC)
	good := line(t, sampleRecord("g", start))
	tests := []struct {
		name          string
		input         string
		want, skipped int
	}{
		{"empty", "", 0, 0},
		{"one", good + "\n", 1, 0},
		{"no final newline", good, 1, 0},
		{"blank lines", "\n\n" + good + "\n\n", 1, 0},
		{"crlf", good + "\r\n" + good + "\r\n", 2, 0},
		{"truncated last", good + "\n" + good[:len(good)/2], 1, 1},
		{"truncated middle", good + "\n" + good[:40] + "\n" + good + "\n", 2, 1},
		{"garbage", "hello\n{\n[]\n" + good + "\n", 1, 3},
		{"null", "null\n", 0, 1},
		{"no version", `{"id":"x","start":"2026-05-02T08:00:00Z","end":"2026-05-02T08:05:00Z","ended":"completed"}` + "\n", 0, 1},
		{"no start", `{"v":1,"id":"x","end":"2026-05-02T08:05:00Z"}` + "\n", 0, 1},
		{"end before start", `{"v":1,"id":"x","start":"2026-05-02T08:05:00Z","end":"2026-05-02T08:00:00Z"}` + "\n", 0, 1},
		{"negative duration", `{"v":1,"start":"2026-05-02T08:00:00Z","end":"2026-05-02T08:00:00Z","actual_s":-3}` + "\n", 0, 1},
		{"huge rate", `{"v":1,"start":"2026-05-02T08:00:00Z","end":"2026-05-02T08:00:00Z","natural_bpm":1e300}` + "\n", 0, 1},
		{"future version kept", `{"v":2,"id":"x","start":"2026-05-02T08:00:00Z","end":"2026-05-02T08:05:00Z","ended":"completed","new_field":[1,2]}` + "\n", 1, 0},
		{"too long", good + "\n" + `{"v":1,"x":"` + strings.Repeat("x", maxLine) + `"}` + "\n" + good + "\n", 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, skipped, err := ParseHistory(strings.NewReader(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != tt.want || skipped != tt.skipped {
				t.Errorf("got %d records, %d skipped; want %d, %d", len(recs), skipped, tt.want, tt.skipped)
			}
		})
	}
}

// A write cut short leaves a torn line: the next Append starts a fresh line,
// so only the torn record is lost and later reads skip it.
func TestAppendAfterTornLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	start := time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC)
	if err := Append(path, sampleRecord("first", start)); err != nil {
		t.Fatal(err)
	}
	torn := line(t, sampleRecord("torn", start.Add(time.Hour)))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(torn[:len(torn)-7])
	f.Close()
	if err := Append(path, sampleRecord("after", start.Add(2*time.Hour))); err != nil {
		t.Fatal(err)
	}
	recs, skipped, err := ReadHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	if skipped != 1 || len(recs) != 2 || recs[0].ID != "first" || recs[1].ID != "after" {
		t.Fatalf("got %d records (%v), %d skipped", len(recs), recs, skipped)
	}
	raw, _ := os.ReadFile(path)
	if !strings.Contains(string(raw), torn[:len(torn)-7]) {
		t.Errorf("the torn line must be kept in the file, not deleted")
	}
}

func TestAppendRejectsNonFinite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	r := sampleRecord("nan", time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC))
	r.NaturalBPM = nan()
	if err := Append(path, r); err == nil {
		t.Fatal("a NaN rate was written")
	}
	if _, err := os.Stat(path); err == nil {
		b, _ := os.ReadFile(path)
		if len(b) > 0 {
			t.Fatalf("file written: %q", b)
		}
	}
}

func nan() float64 { z := 0.0; return z / z }

// TestHelperProcess is not a test: it is the child process the history tests
// start to append from another process.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("ATTUNE_HELPER")
	if mode == "" {
		return
	}
	path := os.Getenv("ATTUNE_HISTORY")
	n, _ := strconv.Atoi(os.Getenv("ATTUNE_COUNT"))
	prefix := os.Getenv("ATTUNE_PREFIX")
	start := time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC)
	for i := 0; n <= 0 || i < n; i++ {
		r := sampleRecord(fmt.Sprintf("%s-%d", prefix, i), start.Add(time.Duration(i)*time.Minute))
		r.Pattern = strings.Repeat("p", 2000) // long lines make a cut more likely
		if err := Append(path, r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		if i == 0 {
			fmt.Println("started")
		}
	}
	os.Exit(0)
}

func helper(t *testing.T, path, prefix string, n int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "ATTUNE_HELPER=append", "ATTUNE_HISTORY="+path,
		"ATTUNE_PREFIX="+prefix, "ATTUNE_COUNT="+strconv.Itoa(n))
	return cmd
}

func TestConcurrentAppendsFromTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := filepath.Join(t.TempDir(), "history.jsonl")
	const n = 150
	a, b := helper(t, path, "a", n), helper(t, path, "b", n)
	var outA, outB bytes.Buffer
	a.Stderr, b.Stderr = &outA, &outB
	if err := a.Start(); err != nil {
		t.Fatal(err)
	}
	if err := b.Start(); err != nil {
		t.Fatal(err)
	}
	errA, errB := a.Wait(), b.Wait()
	if errA != nil || errB != nil {
		t.Fatalf("children: %v %s / %v %s", errA, outA.String(), errB, outB.String())
	}
	recs, skipped, err := ReadHistory(path)
	if err != nil || skipped != 0 {
		t.Fatalf("read: %v, %d skipped", err, skipped)
	}
	seen := map[string]bool{}
	for _, r := range recs {
		seen[r.ID] = true
	}
	if len(recs) != 2*n || len(seen) != 2*n {
		t.Fatalf("got %d records (%d distinct), want %d", len(recs), len(seen), 2*n)
	}
	for _, p := range []string{"a", "b"} {
		for i := 0; i < n; i++ {
			if !seen[fmt.Sprintf("%s-%d", p, i)] {
				t.Fatalf("record %s-%d lost", p, i)
			}
		}
	}
}

func TestKillDuringAppendLosesAtMostOneLine(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := filepath.Join(t.TempDir(), "history.jsonl")
	cmd := helper(t, path, "k", 0) // appends until killed
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 8)
	if _, err := out.Read(buf); err != nil {
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond)
	if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
		t.Fatal(err)
	}
	cmd.Wait()

	recs, skipped, err := ReadHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	if skipped > 1 || len(recs) == 0 {
		t.Fatalf("after kill: %d records, %d skipped", len(recs), skipped)
	}
	for i, r := range recs {
		if r.ID != fmt.Sprintf("k-%d", i) {
			t.Fatalf("record %d is %s: a record was lost before the last", i, r.ID)
		}
	}
	// Simulate the worst case too: the kill landed mid-line.
	raw, _ := os.ReadFile(path)
	if err := os.WriteFile(path, raw[:len(raw)-5], 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Append(path, sampleRecord("later", time.Now())); err != nil {
		t.Fatal(err)
	}
	recs2, skipped2, err := ReadHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	if skipped2 < 1 || skipped2 > skipped+1 || len(recs2) < len(recs) || len(recs2) > len(recs)+1 || recs2[len(recs2)-1].ID != "later" {
		t.Fatalf("after a torn line: %d records (was %d), %d skipped", len(recs2), len(recs), skipped2)
	}
}

func FuzzParseHistory(f *testing.F) {
	start := time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC)
	r := sampleRecord("f", start)
	r.Version = 1
	good, _ := json.Marshal(r)
	f.Add(append(good, '\n'))
	f.Add(append(append(good, '\n'), good[:30]...))
	f.Add([]byte("\n\n{}\nnull\n[1]\n"))
	f.Add([]byte(`{"v":1,"start":"2026-05-02T08:00:00Z","end":"2026-05-02T08:00:00Z","planned_s":1e308}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, skipped, err := ParseHistory(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		if len(recs)+skipped > lines {
			t.Fatalf("%d records + %d skipped from %d lines", len(recs), skipped, lines)
		}
		for _, r := range recs {
			if !r.valid() {
				t.Fatalf("invalid record returned: %+v", r)
			}
			if _, err := json.Marshal(r); err != nil {
				t.Fatalf("a read record cannot be written back: %v", err)
			}
		}
		st := ComputeStats(recs, start, time.UTC)
		if st.Sessions != len(recs) {
			t.Fatalf("%d sessions from %d records", st.Sessions, len(recs))
		}
	})
}

func TestFromSummary(t *testing.T) {
	start := time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC)
	sum := pacing.Summary{Label: "478", Planned: 3 * time.Minute, Elapsed: 2 * time.Minute, Breaths: 7, StartBPM: 3.2, EndBPM: 3.2}
	tests := []struct {
		ended    Ending
		complete bool
		want     Ending
	}{
		{"", false, Quit},
		{"", true, Completed},
		{TerminalClosed, false, TerminalClosed},
		{Interrupted, true, Interrupted},
	}
	for _, tt := range tests {
		sum.Complete = tt.complete
		r := FromSummary(sum, start, start.Add(2*time.Minute), tt.ended)
		if r.Ended != tt.want || r.Pattern != "478" || r.Actual != 2*time.Minute || r.Planned != 3*time.Minute ||
			r.Breaths != 7 || r.Lock != -1 || r.ID == "" || r.Version != HistoryVersion || !r.valid() {
			t.Errorf("FromSummary(%q, complete=%v) = %+v", tt.ended, tt.complete, r)
		}
	}
}

func BenchmarkParseHistory(b *testing.B) {
	r := sampleRecord("bench", time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC))
	r.Version = 1
	one, _ := json.Marshal(r)
	data := bytes.Repeat(append(one, '\n'), 1000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		recs, _, _ := ParseHistory(bytes.NewReader(data))
		if len(recs) != 1000 {
			b.Fatal(len(recs))
		}
	}
}

func BenchmarkAppend(b *testing.B) {
	path := filepath.Join(b.TempDir(), "history.jsonl")
	r := sampleRecord("bench", time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC))
	for b.Loop() {
		if err := Append(path, r); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReadRecentHistory: reading only the end of a long history gives its
// last records whole (the cut line dropped, nothing skipped) and the same
// recent natural rate as reading it all.
func TestReadRecentHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	now := time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)
	for i := range 600 {
		start := now.Add(-time.Duration(600-i) * 6 * time.Hour)
		r := Record{Start: start, End: start.Add(5 * time.Minute), Planned: 5 * time.Minute, Actual: 5 * time.Minute,
			Mode: "lead", Breaths: 40, NaturalBPM: 8 + float64(i%9), StartBPM: 10, EndBPM: 6, Lock: 0.8, Ended: Completed}
		if err := Append(path, r); err != nil {
			t.Fatal(err)
		}
	}
	all, _, err := ReadHistory(path)
	if err != nil || len(all) != 600 {
		t.Fatalf("ReadHistory: %d records, %v", len(all), err)
	}
	st, _ := os.Stat(path)
	for _, tail := range []int64{0, 1, 100, 4 << 10, 32 << 10, st.Size() - 1, st.Size(), st.Size() + 10} {
		recs, skipped, err := ReadRecentHistory(path, tail)
		if err != nil || skipped != 0 {
			t.Fatalf("tail %d: skipped %d, %v", tail, skipped, err)
		}
		if tail <= 0 || tail >= st.Size() {
			if len(recs) != len(all) {
				t.Fatalf("tail %d of %d bytes: %d records, want all %d", tail, st.Size(), len(recs), len(all))
			}
			continue
		}
		if len(recs) > len(all) || int64(len(recs))*100 > tail {
			t.Fatalf("tail %d: %d records", tail, len(recs))
		}
		for i, r := range recs {
			if w := all[len(all)-len(recs)+i]; r.ID != w.ID {
				t.Fatalf("tail %d: record %d is %s, want %s", tail, i, r.ID, w.ID)
			}
		}
		if tail >= 32<<10 {
			got, _ := RecentNaturalRate(recs, now)
			want, _ := RecentNaturalRate(all, now)
			if got != want {
				t.Fatalf("tail %d: recent rate %v, want %v", tail, got, want)
			}
		}
	}
	if recs, _, err := ReadRecentHistory(filepath.Join(t.TempDir(), "none"), 100); err != nil || recs != nil {
		t.Fatalf("a missing history: %v, %v", recs, err)
	}
}
