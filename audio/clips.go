package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/adrg/xdg"
	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/flac"
	"github.com/gopxl/beep/v2/mp3"
	"github.com/gopxl/beep/v2/vorbis"
	"github.com/gopxl/beep/v2/wav"
)

// Limits on a voice clip.
const (
	MaxClipBytes = 5 << 20          // largest clip file
	MaxClipLen   = 30 * time.Second // longest clip
)

// ClipExts are the voice clip file extensions, in order of preference.
var ClipExts = []string{".wav", ".ogg", ".flac", ".mp3"}

// clip is a decoded voice clip: mono samples at the output rate.
type clip []float32

// decodeClip decodes an encoded clip (WAV, Ogg Vorbis, FLAC or MP3, told
// apart by their first bytes) to mono at rate. It never panics: a decoder
// that does on a broken file gives an error instead.
func decodeClip(data []byte, rate beep.SampleRate) (c clip, err error) {
	if len(data) > MaxClipBytes {
		return nil, fmt.Errorf("clip is %d bytes, over the %d MB limit", len(data), MaxClipBytes>>20)
	}
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("clip is corrupt: decoder failed: %v", r)
		}
	}()
	s, f, err := openClip(data)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if f.SampleRate < 4000 || f.SampleRate > 384000 {
		return nil, fmt.Errorf("clip sample rate %d Hz is not usable", f.SampleRate)
	}
	limit := f.SampleRate.N(MaxClipLen)
	if n := s.Len(); n > limit {
		return nil, fmt.Errorf("clip is %s long, over the %s limit", f.SampleRate.D(n).Round(time.Second/10), MaxClipLen)
	}
	var src beep.Streamer = beep.Take(limit+1, s)
	if f.SampleRate != rate {
		src = beep.Resample(4, f.SampleRate, rate, src)
	}
	out, err := readMono(src, rate)
	if err != nil {
		return nil, err
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("decoding clip: %w", err)
	}
	out = trim(out, rate)
	if len(out) == 0 {
		return nil, errors.New("clip is silent")
	}
	return out, nil
}

// openClip starts decoding an encoded clip, telling WAV, Ogg Vorbis, FLAC
// and MP3 apart by their first bytes.
func openClip(data []byte) (s beep.StreamSeekCloser, f beep.Format, err error) {
	rc := io.NopCloser(bytes.NewReader(data))
	switch {
	case bytes.HasPrefix(data, []byte("OggS")):
		s, f, err = vorbis.Decode(rc)
	case bytes.HasPrefix(data, []byte("RIFF")):
		if err := checkRIFF(data); err != nil {
			return nil, f, err
		}
		s, f, err = wav.Decode(rc)
	case bytes.HasPrefix(data, []byte("fLaC")):
		s, f, err = flac.Decode(rc)
	case bytes.HasPrefix(data, []byte("ID3")) || len(data) > 1 && data[0] == 0xFF && data[1]&0xE0 == 0xE0:
		s, f, err = mp3.Decode(rc)
	default:
		return nil, f, errors.New("not a WAV, Ogg Vorbis, FLAC or MP3 file")
	}
	if err != nil {
		return nil, f, fmt.Errorf("decoding clip: %w", err)
	}
	return s, f, nil
}

// readMono streams src, at rate, to its end as mono samples, giving up on
// a clip over MaxClipLen or a decoder that makes no progress.
func readMono(src beep.Streamer, rate beep.SampleRate) (clip, error) {
	buf := make([][2]float64, 1024)
	out := make(clip, 0, rate.N(2*time.Second))
	for empty := 0; ; {
		n, ok := src.Stream(buf)
		if n == 0 && ok {
			if empty++; empty > 16 {
				return nil, errors.New("clip is corrupt: the decoder makes no progress")
			}
		}
		for _, v := range buf[:n] {
			out = append(out, float32((v[0]+v[1])/2))
		}
		if len(out) > rate.N(MaxClipLen) {
			return nil, fmt.Errorf("clip is over the %s limit", MaxClipLen)
		}
		if !ok {
			return out, nil
		}
	}
}

// trim cuts the silence (below -50 dBFS) off both ends of a recording,
// keeping a few milliseconds before the first sound and after the last, so
// that a clip's sound starts when its cue does.
func trim(c clip, rate beep.SampleRate) clip {
	const quiet = 0.00316 // -50 dBFS
	first, last := -1, -1
	for i, v := range c {
		if v > quiet || v < -quiet {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return nil
	}
	pad := rate.N(5 * time.Millisecond)
	return c[max(first-pad, 0):min(last+pad+1, len(c))]
}

// checkRIFF walks a WAV file's chunks and rejects one whose header claims
// a chunk larger than the file: the decoder would allocate that much.
func checkRIFF(data []byte) error {
	if len(data) < 12 || string(data[8:12]) != "WAVE" {
		return errors.New("clip is corrupt: not a WAVE file")
	}
	rest := data[12:]
	for len(rest) >= 8 {
		id, size := string(rest[:4]), uint64(binary.LittleEndian.Uint32(rest[4:8]))
		if id == "data" {
			return nil
		}
		size += size & 1
		if size > uint64(len(rest)-8) {
			return fmt.Errorf("clip is corrupt: its %q chunk runs past the end of the file", id)
		}
		rest = rest[8+size:]
	}
	return errors.New("clip is corrupt: no data chunk")
}

// clipStreamer plays a clip with short fades at both ends.
func (c clip) streamer(rate beep.SampleRate) beep.Streamer {
	pos := 0
	s := beep.StreamerFunc(func(samples [][2]float64) (int, bool) {
		if pos >= len(c) {
			return 0, false
		}
		n := copyMono(samples, c[pos:])
		pos += n
		return n, true
	})
	fade := min(rate.N(8*time.Millisecond), len(c)/4)
	return &Fade{Streamer: s, Len: len(c), In: fade, Out: fade}
}

func copyMono(dst [][2]float64, src clip) int {
	n := min(len(dst), len(src))
	for i, v := range src[:n] {
		dst[i] = [2]float64{float64(v), float64(v)}
	}
	return n
}

// bank holds the decoded voice clips, by cue id, variant n at index n-1.
// It is filled once and then read by the mixer.
type bank struct {
	rate   beep.SampleRate
	mu     sync.RWMutex
	clips  map[string][]clip
	bytes  int
	loaded atomic.Bool   // load has finished: a clip missing now stays missing
	done   chan struct{} // closed when load has finished
	// opening names the session's opening words, set before load: first
	// is closed once those of them any voice has are decoded.
	opening []string
	first   chan struct{}
	once    sync.Once // closes first
}

func newBank(rate beep.SampleRate) *bank {
	return &bank{rate: rate, clips: map[string][]clip{}, done: make(chan struct{}), first: make(chan struct{})}
}

// firstDone closes first, once.
func (b *bank) firstDone() { b.once.Do(func() { close(b.first) }) }

// firstLeft returns the ids in first that have no clip yet.
func (b *bank) firstLeft(first []string) []string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	var left []string
	for _, id := range first {
		if len(b.clips[id]) == 0 {
			left = append(left, id)
		}
	}
	return left
}

// get returns the variants of id decoded so far.
func (b *bank) get(id string) []clip {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.clips[id]
}

func (b *bank) set(id string, cs []clip) {
	b.mu.Lock()
	defer b.mu.Unlock()
	old := b.clips[id]
	for _, c := range old {
		b.bytes -= 4 * len(c)
	}
	for _, c := range cs {
		b.bytes += 4 * len(c)
	}
	b.clips[id] = cs
}

// size is the decoded clips' memory in bytes.
func (b *bank) size() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.bytes
}

// load decodes the chosen voice pack, then the built-in voice for every cue
// the pack leaves out; the cues named in first are decoded before the rest,
// so a session's opening words are ready soonest, and the bank's first
// channel is closed once they are. Unusable files are reported through
// o.Warn.
func (b *bank) load(o Options, first ...string) {
	defer close(b.done)
	defer b.loaded.Store(true)
	defer b.firstDone()
	covered := map[string]bool{}
	p := chosenPack(o)
	var left []string // opening words some voice has, not decoded yet
	for _, id := range b.opening {
		if slices.Contains(p.IDs(), id) || o.Builtin != nil && o.Builtin.Variants(id) > 0 {
			left = append(left, id)
		}
	}
	decoded := func() { // after each cue's clips are set
		if left = b.firstLeft(left); len(left) == 0 {
			b.firstDone()
		}
	}
	decoded()
	if o.Voice != "" {
		for _, id := range firstOf(p.IDs(), first) {
			if cs := b.packClips(o, p, id); len(cs) > 0 {
				b.set(id, cs)
				covered[id] = true
			}
			decoded()
		}
	}
	if o.Builtin == nil {
		return
	}
	for _, id := range firstOf(o.Builtin.IDs(), first) {
		if covered[id] {
			continue
		}
		if cs := b.builtinClips(o, id); len(cs) > 0 {
			b.set(id, cs)
		}
		decoded()
	}
}

// chosenPack reads the voice pack o.Voice names, warning of what is wrong
// with it; the zero Pack when none is named or it cannot be read.
func chosenPack(o Options) Pack {
	if o.Voice == "" {
		return Pack{}
	}
	dir := o.VoicesDir
	if dir == "" {
		dir = VoicesDir()
	}
	p, err := ReadPack(filepath.Join(dir, o.Voice))
	if err != nil {
		o.warn("voice %q: %v; using the built-in voice", o.Voice, err)
	}
	for _, pr := range p.Problems {
		o.warn("voice %q: %s", o.Voice, pr)
	}
	return p
}

// packClips decodes pack p's variants of cue id, warning of each file it
// cannot use.
func (b *bank) packClips(o Options, p Pack, id string) []clip {
	var cs []clip
	for _, path := range p.Files[id] {
		data, err := readClipFile(path)
		if err == nil {
			var c clip
			if c, err = decodeClip(data, b.rate); err == nil {
				cs = append(cs, c)
				continue
			}
		}
		o.warn("voice %q: %s: %v; using the built-in voice there", o.Voice, filepath.Base(path), err)
	}
	return cs
}

// builtinClips decodes the built-in voice's variants of cue id, warning of
// any it cannot.
func (b *bank) builtinClips(o Options, id string) []clip {
	var cs []clip
	for n := 1; n <= o.Builtin.Variants(id); n++ {
		data, ok := o.Builtin.Clip(id, n)
		if !ok {
			continue
		}
		c, err := decodeClip(data, b.rate)
		if err != nil {
			o.warn("built-in voice %s-%d: %v", id, n, err)
			continue
		}
		cs = append(cs, c)
	}
	return cs
}

// firstOf returns ids with those also in first moved to the front, in
// first's order.
func firstOf(ids, first []string) []string {
	if len(first) == 0 {
		return ids
	}
	out := make([]string, 0, len(ids))
	for _, f := range first {
		if slices.Contains(ids, f) && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	for _, id := range ids {
		if !slices.Contains(first, id) {
			out = append(out, id)
		}
	}
	return out
}

// pick chooses a variant out of n for the cue id at time at: the same seed
// always makes the same choices, and a cue heard twice in a row usually
// sounds different.
func pick(seed int64, id string, at time.Duration, n int) int {
	if n <= 1 {
		return 0
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s/%d", seed, id, at/time.Millisecond)
	return int(h.Sum64() % uint64(n))
}

func readClipFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if st.Size() > MaxClipBytes {
		return nil, fmt.Errorf("%d bytes, over the %d MB limit", st.Size(), MaxClipBytes>>20)
	}
	return io.ReadAll(io.LimitReader(f, MaxClipBytes+1))
}

// VoicesDir is where voice packs live: attune/voices under the user's
// configuration directory (e.g. ~/.config/attune/voices).
func VoicesDir() string {
	return filepath.Join(xdg.ConfigHome, "attune", "voices")
}

// Pack is a voice pack: a folder of recorded clips named
// <cue-id>[-N].{wav,ogg,flac,mp3}, variant N (1 when absent).
type Pack struct {
	Name string
	Dir  string
	// Files lists each cue's clip files in variant order.
	Files map[string][]string
	// Problems lists files that will not be used, and why.
	Problems []string
}

// IDs lists the cues the pack covers, sorted.
func (p Pack) IDs() []string {
	ids := make([]string, 0, len(p.Files))
	for id := range p.Files {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// ParseClipName reads a voice clip file name such as "in.ogg" or
// "out-2.wav" into its cue id and 1-based variant. ok is false for names
// that are not clips.
func ParseClipName(name string) (id string, variant int, ok bool) {
	ext := strings.ToLower(filepath.Ext(name))
	known := false
	for _, e := range ClipExts {
		known = known || ext == e
	}
	if !known {
		return "", 0, false
	}
	base := name[:len(name)-len(ext)]
	variant = 1
	if i := strings.LastIndexByte(base, '-'); i > 0 {
		if v, err := strconv.Atoi(base[i+1:]); err == nil && v >= 1 && v <= 99 && base[i+1] != '0' {
			base, variant = base[:i], v
		}
	}
	if base == "" || len(base) > 64 || base[0] == '-' || base[0] == '_' {
		return "", 0, false
	}
	for _, r := range base {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return "", 0, false
		}
	}
	return base, variant, true
}

// ReadPack reads the voice pack in dir: which cues it covers and which files
// it cannot use. Files are checked by name and size here; decoding happens
// when the pack is used.
func ReadPack(dir string) (Pack, error) {
	p := Pack{Name: filepath.Base(dir), Dir: dir, Files: map[string][]string{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return p, fmt.Errorf("reading voice pack: %w", err)
	}
	type file struct {
		path string
		n    int
	}
	found := map[string][]file{}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		id, n, ok := ParseClipName(e.Name())
		if !ok {
			p.Problems = append(p.Problems, fmt.Sprintf("%s: not a clip name (<cue-id>[-N] with %s)", e.Name(), strings.Join(ClipExts, ", ")))
			continue
		}
		info, err := e.Info()
		if err != nil {
			p.Problems = append(p.Problems, fmt.Sprintf("%s: %v", e.Name(), err))
			continue
		}
		if info.Size() > MaxClipBytes {
			p.Problems = append(p.Problems, fmt.Sprintf("%s: %d bytes, over the %d MB limit", e.Name(), info.Size(), MaxClipBytes>>20))
			continue
		}
		found[id] = append(found[id], file{filepath.Join(dir, e.Name()), n})
	}
	for id, fs := range found {
		sort.Slice(fs, func(i, j int) bool { return fs[i].n < fs[j].n || fs[i].n == fs[j].n && fs[i].path < fs[j].path })
		for _, f := range fs {
			p.Files[id] = append(p.Files[id], f.path)
		}
	}
	return p, nil
}

// ListPacks reads every voice pack under dir (VoicesDir() when empty),
// sorted by name. A missing dir means no packs.
func ListPacks(dir string) ([]Pack, error) {
	if dir == "" {
		dir = VoicesDir()
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing voice packs in %s: %w", dir, err)
	}
	var packs []Pack
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p, err := ReadPack(filepath.Join(dir, e.Name()))
		if err != nil {
			p.Problems = append(p.Problems, err.Error())
		}
		packs = append(packs, p)
	}
	return packs, nil
}

// DescribePacks writes what `attune voices` shows: each voice pack under
// dir, the cues it records and the built-in ones it leaves to the built-in
// voice, and the files it cannot use; or, with no packs, how to make one.
func DescribePacks(w io.Writer, dir string, builtin Clips) error {
	if dir == "" {
		dir = VoicesDir()
	}
	packs, err := ListPacks(dir)
	if err != nil {
		return err
	}
	var ids []string
	if builtin != nil {
		ids = builtin.IDs()
	}
	bw := &errWriter{w: w}
	if len(packs) == 0 {
		bw.printf("No voice packs in %s.\n", dir)
		bw.printf("To make one, record calm clips named <cue>[-N].wav (or .ogg, .flac, .mp3; at most 30 s and 5 MB each)\n")
		bw.printf("into %s, then breathe with --voice NAME. Cues: %s.\n", filepath.Join(dir, "NAME"), strings.Join(ids, ", "))
		return bw.err
	}
	bw.printf("Voice packs in %s:\n", dir)
	for _, p := range packs {
		var has []string
		for _, id := range p.IDs() {
			if n := len(p.Files[id]); n > 1 {
				has = append(has, fmt.Sprintf("%s (%d)", id, n))
			} else {
				has = append(has, id)
			}
		}
		var missing []string
		for _, id := range ids {
			if len(p.Files[id]) == 0 {
				missing = append(missing, id)
			}
		}
		bw.printf("\n  %s\n", p.Name)
		if len(has) == 0 {
			bw.printf("    records: nothing yet\n")
		} else {
			bw.printf("    records: %s\n", strings.Join(has, ", "))
		}
		if len(missing) > 0 {
			bw.printf("    built-in voice for: %s\n", strings.Join(missing, ", "))
		}
		for _, pr := range p.Problems {
			bw.printf("    not used: %s\n", pr)
		}
	}
	return bw.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
