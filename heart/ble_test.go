package heart

import (
	"bufio"
	"encoding/hex"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestParseMeasurementFixtures reads testdata/ble.txt: a packet for every
// combination of the five flag bits, and packets as straps send them.
func TestParseMeasurementFixtures(t *testing.T) {
	f, err := os.Open("testdata/ble.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	seen := map[byte]bool{}
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "|")
		if len(cols) != 5 {
			t.Fatalf("fixture %q: want 5 columns", line)
		}
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		b, err := hex.DecodeString(strings.ReplaceAll(cols[0], " ", ""))
		if err != nil {
			t.Fatal(err)
		}
		seen[b[0]] = true
		m, err := ParseMeasurement(b)
		if err != nil {
			t.Errorf("%s: %v", cols[0], err)
			continue
		}
		if hr, _ := strconv.Atoi(cols[1]); m.HR != hr {
			t.Errorf("%s: HR %d, want %d", cols[0], m.HR, hr)
		}
		if m.Contact.String() != cols[2] {
			t.Errorf("%s: contact %v, want %s", cols[0], m.Contact, cols[2])
		}
		if cols[3] == "-" {
			if m.HasEnergy {
				t.Errorf("%s: energy %d, want none", cols[0], m.Energy)
			}
		} else if e, _ := strconv.Atoi(cols[3]); !m.HasEnergy || m.Energy != e {
			t.Errorf("%s: energy %d (%v), want %d", cols[0], m.Energy, m.HasEnergy, e)
		}
		var want []float64
		if cols[4] != "-" {
			for _, w := range strings.Fields(cols[4]) {
				v, _ := strconv.Atoi(w)
				want = append(want, float64(v)*1000/1024)
			}
		}
		if len(m.RR) != len(want) {
			t.Errorf("%s: RR %v, want %v", cols[0], m.RR, want)
			continue
		}
		for i := range want {
			if m.RR[i] != want[i] {
				t.Errorf("%s: RR %v, want %v", cols[0], m.RR, want)
			}
		}
	}
	for flags := range byte(32) {
		if !seen[flags] {
			t.Errorf("no fixture with flags %#02x", flags)
		}
	}
}

func TestParseMeasurementShort(t *testing.T) {
	for _, h := range []string{"", "10", "01 3c", "08 3c 01", "10 3c 5b", "18 3c e8 03 5b", "19 2c 01 e8 03 5b 03 01"} {
		b, _ := hex.DecodeString(strings.ReplaceAll(h, " ", ""))
		if _, err := ParseMeasurement(b); !errors.Is(err, ErrShortPacket) {
			t.Errorf("ParseMeasurement(%s) = %v, want ErrShortPacket", h, err)
		}
	}
}

func TestMeasurementReading(t *testing.T) {
	m, err := ParseMeasurement([]byte{0x10, 60, 0x00, 0x04})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Reading()
	if r.HR != 60 || len(r.RR) != 1 || r.RR[0] != 1000 {
		t.Errorf("reading %+v, want HR 60 and one interval of 1000 ms", r)
	}
}

func FuzzParseMeasurement(f *testing.F) {
	for _, h := range []string{"103c5b03", "1f2c01e8035b03", "00", "163c"} {
		b, _ := hex.DecodeString(h)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseMeasurement(b)
		if err != nil {
			return
		}
		if m.HR < 0 || m.HR > 65535 || len(m.RR) > len(b)/2 {
			t.Fatalf("ParseMeasurement(%x) = %+v", b, m)
		}
	})
}
