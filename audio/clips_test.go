package audio

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/wav"
)

func TestParseSound(t *testing.T) {
	tests := []struct {
		in      string
		want    Layers
		wantErr bool
	}{
		{"voice", Layers(0).With(LayerVoice), false},
		{"tones", Layers(0).With(LayerTones), false},
		{"breath", Layers(0).With(LayerBreath), false},
		{"voice,breath", Layers(0).With(LayerVoice).With(LayerBreath), false},
		{" Voice , TONES ", Layers(0).With(LayerVoice).With(LayerTones), false},
		{"off", 0, false},
		{"off,voice", 0, true},
		{"", 0, true},
		{"music", 0, true},
		{"voice,", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseSound(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseSound(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err == nil {
			if again, err := ParseSound(got.String()); err != nil || again != got {
				t.Errorf("ParseSound(%q) does not read back %q", got.String(), tt.in)
			}
		} else if !strings.Contains(err.Error(), "accepted") {
			t.Errorf("error %q does not say what is accepted", err)
		}
	}
}

func FuzzParseSound(f *testing.F) {
	for _, s := range []string{"voice", "voice,breath", "off", "", ",,", "tones,tones"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseSound(s)
		if err != nil {
			return
		}
		if back, err := ParseSound(l.String()); err != nil || back != l {
			t.Fatalf("%q -> %v does not round-trip", s, l)
		}
	})
}

func TestParseClipName(t *testing.T) {
	tests := []struct {
		name string
		id   string
		n    int
		ok   bool
	}{
		{"in.ogg", "in", 1, true},
		{"out-2.wav", "out", 2, true},
		{"with-you.flac", "with-you", 1, true},
		{"with-you-3.mp3", "with-you", 3, true},
		{"IN.OGG", "", 0, false},
		{"in.OGG", "in", 1, true},
		{"hold-0.wav", "hold-0", 1, true},
		{"hold-07.wav", "hold-07", 1, true},
		{"notes.txt", "", 0, false},
		{".wav", "", 0, false},
		{"-2.wav", "", 0, false},
		{"a b.wav", "", 0, false},
	}
	for _, tt := range tests {
		id, n, ok := ParseClipName(tt.name)
		if id != tt.id || n != tt.n || ok != tt.ok {
			t.Errorf("ParseClipName(%q) = %q, %d, %v; want %q, %d, %v", tt.name, id, n, ok, tt.id, tt.n, tt.ok)
		}
	}
}

func FuzzParseClipName(f *testing.F) {
	for _, s := range []string{"in.ogg", "out-2.wav", "x-99.mp3", "-.flac"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, n, ok := ParseClipName(s)
		if !ok {
			return
		}
		if id == "" || n < 1 || n > 99 || strings.ContainsAny(id, "./\\ ") {
			t.Fatalf("ParseClipName(%q) = %q, %d", s, id, n)
		}
	})
}

func FuzzDecodeClip(f *testing.F) {
	f.Add(sineWAV(f, 440, 0.5, 50*time.Millisecond, 8000))
	f.Add([]byte("OggS\x00\x02garbage"))
	f.Add([]byte("fLaC\x00\x00\x00\x22"))
	f.Add([]byte("ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x00"))
	f.Add([]byte("RIFF\x24\x00\x00\x00WAVEfmt "))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := decodeClip(data, 8000)
		if err == nil && len(c) == 0 {
			t.Fatal("no error and no samples")
		}
		if len(c) > testRate.N(MaxClipLen) {
			t.Fatalf("clip of %d samples passed the limit", len(c))
		}
	})
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestVoicePacks(t *testing.T) {
	dir := t.TempDir()
	good := sineWAV(t, 500, 0.3, 400*time.Millisecond, 16000)
	writeFile(t, filepath.Join(dir, "mine", "in.wav"), good)
	writeFile(t, filepath.Join(dir, "mine", "in-2.wav"), good)
	writeFile(t, filepath.Join(dir, "mine", "out.ogg"), []byte("OggS this is not vorbis"))           // corrupt
	writeFile(t, filepath.Join(dir, "mine", "hold.mp3"), []byte("just some text, not audio at all")) // wrong format
	writeFile(t, filepath.Join(dir, "mine", "closing.wav"), sineWAV(t, 300, 0.3, 31*time.Second, 8000))
	writeFile(t, filepath.Join(dir, "mine", "README.txt"), []byte("recorded on a quiet evening"))
	huge := filepath.Join(dir, "mine", "settle.wav")
	writeFile(t, huge, nil)
	if err := os.Truncate(huge, MaxClipBytes+1); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "other", "out-3.flac"), []byte("fLaC"))

	packs, err := ListPacks(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(packs) != 2 || packs[0].Name != "mine" || packs[1].Name != "other" {
		t.Fatalf("packs %+v; want mine and other", packs)
	}
	if got, want := packs[0].IDs(), []string{"closing", "hold", "in", "out"}; !slices.Equal(got, want) {
		t.Errorf("mine covers %v; want %v", got, want)
	}
	if len(packs[0].Files["in"]) != 2 {
		t.Errorf("in has %d variants; want 2", len(packs[0].Files["in"]))
	}
	if len(packs[0].Problems) != 2 { // README.txt and the huge settle.wav
		t.Errorf("problems %q; want 2", packs[0].Problems)
	}

	// Using the pack: its good clips win, the rest fall back to the
	// built-in voice with a warning each, and nothing crashes.
	builtin := fakeVoice{
		"in":      {sineWAV(t, 200, 0.3, 300*time.Millisecond, 8000)},
		"out":     {sineWAV(t, 210, 0.3, 300*time.Millisecond, 8000)},
		"hold":    {sineWAV(t, 220, 0.3, 300*time.Millisecond, 8000)},
		"closing": {sineWAV(t, 230, 0.3, 300*time.Millisecond, 8000)},
		"settle":  {sineWAV(t, 240, 0.3, 300*time.Millisecond, 8000)},
	}
	var warnings []string
	o := DefaultOptions()
	o.Voice, o.VoicesDir, o.Builtin = "mine", dir, builtin
	o.Warn = func(s string) { warnings = append(warnings, s) }
	b := newBank(testRate)
	b.load(o)
	if n := len(b.get("in")); n != 2 {
		t.Errorf("in has %d clips; want the pack's 2", n)
	}
	for _, id := range []string{"out", "hold", "closing", "settle"} {
		if len(b.get(id)) != 1 {
			t.Errorf("%s: %d clips; want the built-in one", id, len(b.get(id)))
		}
	}
	for _, want := range []string{"out.ogg", "hold.mp3", "closing.wav", "settle.wav", "README.txt"} {
		found := false
		for _, w := range warnings {
			found = found || strings.Contains(w, want)
		}
		if !found {
			t.Errorf("no warning about %s in %q", want, warnings)
		}
	}

	// A pack that does not exist: a warning and the built-in voice.
	warnings = nil
	o.Voice = "nobody"
	b = newBank(testRate)
	b.load(o)
	if len(warnings) != 1 || len(b.get("in")) != 1 {
		t.Errorf("missing pack: warnings %q, %d clips for in; want 1 warning and the built-in clip", warnings, len(b.get("in")))
	}
}

func TestListPacksMissingDir(t *testing.T) {
	packs, err := ListPacks(filepath.Join(t.TempDir(), "none"))
	if err != nil || len(packs) != 0 {
		t.Errorf("ListPacks(missing) = %v, %v; want nothing, no error", packs, err)
	}
}

func TestPickVariants(t *testing.T) {
	seen := map[int]bool{}
	for i := range 50 {
		at := time.Duration(i) * 11 * time.Second
		v := pick(3, "in", at, 3)
		if v < 0 || v >= 3 {
			t.Fatalf("pick = %d; want 0..2", v)
		}
		if v != pick(3, "in", at, 3) {
			t.Fatal("pick is not deterministic")
		}
		seen[v] = true
	}
	if len(seen) != 3 {
		t.Errorf("50 picks used variants %v; want all 3", seen)
	}
}

func TestClipsAreTrimmed(t *testing.T) {
	// A recording with half a second of room noise before and after.
	rate := beep.SampleRate(16000)
	var m memFile
	pos := 0
	src := beep.Take(rate.N(1500*time.Millisecond), beep.StreamerFunc(func(s [][2]float64) (int, bool) {
		for i := range s {
			v := 0.0005 * math.Sin(float64(pos+i))
			if p := pos + i; p >= rate.N(500*time.Millisecond) && p < rate.N(time.Second) {
				v = 0.4 * math.Sin(2*math.Pi*300*float64(p)/float64(rate))
			}
			s[i] = [2]float64{v, v}
		}
		pos += len(s)
		return len(s), true
	}))
	if err := wav.Encode(&m, src, beep.Format{SampleRate: rate, NumChannels: 1, Precision: 2}); err != nil {
		t.Fatal(err)
	}
	c, err := decodeClip(m.buf, testRate)
	if err != nil {
		t.Fatal(err)
	}
	if d := testRate.D(len(c)); d < 500*time.Millisecond || d > 520*time.Millisecond {
		t.Errorf("trimmed clip is %v; want the 500 ms of sound and a few ms around it", d)
	}
	if _, err := decodeClip(sineWAV(t, 300, 0, time.Second, 8000), testRate); err == nil {
		t.Error("a silent clip decoded without complaint")
	}
}

func TestBuiltinVoice(t *testing.T) {
	var warnings []string
	o := DefaultOptions()
	o.Warn = func(s string) { warnings = append(warnings, s) }
	b := newBank(testRate)
	b.load(o)
	if len(warnings) > 0 {
		t.Errorf("warnings: %q", warnings)
	}
	for _, id := range []string{"settle", "arrive", "in", "topup", "hold", "out", "closing"} {
		if len(b.get(id)) == 0 {
			t.Errorf("no built-in clip for phase cue %q", id)
		}
	}
	for id, cs := range b.clips {
		for i, c := range cs {
			if p := peak(collect(c.streamer(testRate), len(c))); p < 0.1 || p > 0.99 {
				t.Errorf("%s-%d: peak %.2f", id, i+1, p)
			}
		}
	}
}

func TestDescribePacks(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	if err := DescribePacks(&b, dir, fakeVoice{"in": nil, "out": nil}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "No voice packs") || !strings.Contains(b.String(), "--voice NAME") {
		t.Errorf("with no packs:\n%s", b.String())
	}
	good := sineWAV(t, 500, 0.3, 100*time.Millisecond, 8000)
	writeFile(t, filepath.Join(dir, "mine", "in.wav"), good)
	writeFile(t, filepath.Join(dir, "mine", "in-2.wav"), good)
	writeFile(t, filepath.Join(dir, "mine", "notes.txt"), nil)
	b.Reset()
	if err := DescribePacks(&b, dir, fakeVoice{"in": nil, "out": nil}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"  mine\n", "records: in (2)", "built-in voice for: out", "not used: notes.txt"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("missing %q in:\n%s", want, b.String())
		}
	}
}

// gatedVoice is a voice whose clip for one id is held back until release
// is closed, as a slow decode would be.
type gatedVoice struct {
	fakeVoice
	slow    string
	release chan struct{}
}

func (g gatedVoice) Clip(id string, n int) ([]byte, bool) {
	if id == g.slow {
		<-g.release
	}
	return g.fakeVoice.Clip(id, n)
}

// TestBankOpeningFirst: the bank says its opening words are ready as soon
// as they are decoded, not once the whole voice is, and a word no voice
// has is not waited for.
func TestBankOpeningFirst(t *testing.T) {
	v := gatedVoice{
		fakeVoice: fakeVoice{
			"settle": {sineWAV(t, 240, 0.3, 100*time.Millisecond, 8000)},
			"in":     {sineWAV(t, 200, 0.3, 100*time.Millisecond, 8000)},
			"out":    {sineWAV(t, 210, 0.3, 100*time.Millisecond, 8000)},
		},
		slow:    "out",
		release: make(chan struct{}),
	}
	o := DefaultOptions()
	o.Builtin = v
	b := newBank(testRate)
	b.opening = []string{"settle", "nobody-has-this"}
	go b.load(o, "settle", "in")
	select {
	case <-b.first:
	case <-time.After(5 * time.Second):
		close(v.release)
		t.Fatal("the opening words were decoded but the bank did not say so")
	}
	if len(b.get("settle")) == 0 {
		t.Error("first closed before the opening word was decoded")
	}
	select {
	case <-b.done:
		t.Error("the whole voice was loaded while one clip was held back")
	default:
	}
	close(v.release)
	<-b.done
	if len(b.get("out")) == 0 {
		t.Error("the held-back clip never loaded")
	}

	// Nothing to open with: first is closed as soon as loading begins,
	// while a clip is still held back.
	v.release = make(chan struct{})
	o.Builtin = v
	b = newBank(testRate)
	go b.load(o)
	select {
	case <-b.first:
	case <-time.After(5 * time.Second):
		close(v.release)
		t.Fatal("first not closed for a bank with no opening words")
	}
	close(v.release)
	<-b.done
}
