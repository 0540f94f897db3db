package sim

import (
	"bufio"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// recordings is where the shared in-breath onsets of real people live,
// beside the repository.
var recordings = filepath.Join("..", "..", "..", "shared", "data", "real-breaths")

// readOnsets reads one onset in seconds per line.
func readOnsets(t *testing.T, path string) []time.Duration {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []time.Duration
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		v, err := strconv.ParseFloat(line, 64)
		if err != nil {
			t.Fatalf("%s: %q is not a time in seconds", path, line)
		}
		out = append(out, time.Duration(v*float64(time.Second)))
	}
	return out
}

// medianRate is the breather's median rate over the minute before t
// seconds, capped at 20, from their onsets; 0 without an interval.
func medianRate(onsets []time.Duration, t float64) float64 {
	var iv []float64
	for i := 1; i < len(onsets); i++ {
		if at := onsets[i].Seconds(); at > t-60 && at <= t {
			iv = append(iv, (onsets[i] - onsets[i-1]).Seconds())
		}
	}
	if len(iv) == 0 {
		return 0
	}
	sort.Float64s(iv)
	return min(60/iv[len(iv)/2], 20)
}

// TestRecordings replays the in-breath onsets of ten real people at rest,
// who never follow the guide: after the first minute the guide is never
// more than 3 breaths/min slower than their median rate over the last
// minute.
func TestRecordings(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(recordings, "*.txt"))
	if len(files) == 0 {
		t.Skipf("no recordings in %s: the shared folder is not beside this repository", recordings)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			taps := readOnsets(t, path)
			cfg := Config{Breather: DefaultBreather(), Duration: taps[len(taps)-1].Truncate(time.Second), Target: 6, Seed: 1, Replay: taps}
			res := run(t, cfg)
			worst, at := 0.0, 0.0
			for _, b := range res.Breaths {
				if b.T < 60 {
					continue
				}
				if gap := medianRate(taps, b.T) - b.GuideBPM; gap > worst {
					worst, at = gap, b.T
				}
			}
			t.Logf("most behind: %.2f breaths/min at %.0f s", worst, at)
			if worst > 3 {
				t.Errorf("the guide was %.2f breaths/min slower than the breather at %.0f s; want at most 3", worst, at)
			}
		})
	}
}
