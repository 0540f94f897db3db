//go:build !darwin && !windows

package audio

import (
	"bufio"
	"context"
	"encoding/binary"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
)

func TestPlayerWithoutServer(t *testing.T) {
	// A server that accepts the connection and then says nothing.
	mute := filepath.Join(t.TempDir(), "mute")
	l, err := net.Listen("unix", mute)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	tests := []struct {
		name   string
		server string
		within time.Duration
	}{
		{"no socket", "unix:" + filepath.Join(t.TempDir(), "nobody-here"), 500 * time.Millisecond},
		{"silent server", "unix:" + mute, 1500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("PULSE_SERVER", tt.server)
			s := coherent(time.Minute)
			start := time.Now()
			clock := func() time.Duration { return time.Since(start) }
			o := DefaultOptions()
			o.ConnectTimeout = 700 * time.Millisecond
			p := NewPlayer(s, clock, o)
			p.Start()
			for !strings.HasPrefix(p.Status(), "sound off:") {
				if time.Since(start) > tt.within {
					t.Fatalf("after %v status is %q; want sound off within %v", time.Since(start), p.Status(), tt.within)
				}
				time.Sleep(5 * time.Millisecond)
			}
			t.Logf("%v: %s", time.Since(start).Round(time.Millisecond), p.Status())
			// The session goes on, the keys still work, nothing hangs.
			if st := s.State(clock()); st.Done {
				t.Error("session over already")
			}
			p.ToggleMute()
			p.ToggleVoice()
			p.VolumeUp()
			done := make(chan struct{})
			go func() { p.Close(); close(done) }()
			select {
			case <-done:
			case <-time.After(2 * time.Second):
				t.Fatal("Close hangs")
			}
			if !strings.HasPrefix(p.Status(), "sound off:") {
				t.Errorf("status after close %q", p.Status())
			}
		})
	}
}

func TestPlayerOffNeverConnects(t *testing.T) {
	o := DefaultOptions()
	o.Layers = 0
	p := NewPlayer(coherent(time.Minute), func() time.Duration { return 0 }, o)
	p.Start()
	if got := p.Status(); got != "sound off: --sound off" {
		t.Errorf("status %q", got)
	}
	p.Close()
}

// needTools finds the programs a test needs: missing ones skip the test on
// a workstation and fail it in CI.
func needTools(t *testing.T, names ...string) {
	t.Helper()
	var missing []string
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("missing %v (apt-get install pulseaudio pulseaudio-utils)", missing)
	}
	t.Skipf("missing %v", missing)
}

// pulseServer starts a private PulseAudio server with a null sink named
// e2e and points PULSE_SERVER at it.
func pulseServer(t *testing.T) (env []string) {
	t.Helper()
	env, _ = startPulse(t)
	return env
}

// pulseServerStoppable is pulseServer with a way to end the server early.
func pulseServerStoppable(t *testing.T) (stop func()) {
	t.Helper()
	_, stop = startPulse(t)
	return stop
}

func startPulse(t *testing.T) (env []string, stop func()) {
	t.Helper()
	dir, err := os.MkdirTemp("", "pa")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "native")
	env = append(os.Environ(), "XDG_RUNTIME_DIR="+dir, "HOME="+dir, "PULSE_SERVER=unix:"+sock)
	t.Setenv("PULSE_SERVER", "unix:"+sock)
	ctx, cancel := context.WithCancel(context.Background())
	pa := exec.CommandContext(ctx, "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
		"--system=false", "--disallow-exit",
		"-L", "module-null-sink sink_name=e2e rate=48000 channels=2",
		"-L", "module-native-protocol-unix socket="+sock+" auth-anonymous=1")
	pa.Env = env
	log, _ := os.Create(filepath.Join(dir, "pulseaudio.log"))
	pa.Stdout, pa.Stderr = log, log
	if err := pa.Start(); err != nil {
		t.Fatalf("starting pulseaudio: %v", err)
	}
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); pa.Wait() }) }
	t.Cleanup(func() { stop(); log.Close() })
	deadline := time.Now().Add(10 * time.Second)
	for exec.Command("pactl", "info").Run() != nil {
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(dir, "pulseaudio.log"))
			t.Fatalf("pulseaudio did not come up:\n%s", b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// An idle null sink runs far ahead of real time: keep it busy with a
	// silent low-latency stream and wait until it is close to real time.
	zero, err := os.Open("/dev/zero")
	if err != nil {
		t.Fatal(err)
	}
	keep := exec.CommandContext(ctx, "pacat", "--raw", "--latency-msec=20", "--format=s16le", "--rate=48000", "--channels=2", "-d", "e2e")
	keep.Env, keep.Stdin = env, zero
	if err := keep.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); keep.Wait(); zero.Close() })
	re := regexp.MustCompile(`Latency: (\d+) usec`)
	for good := 0; good < 3; {
		if time.Now().After(deadline) {
			t.Fatal("the null sink never settled under 50 ms of latency")
		}
		time.Sleep(100 * time.Millisecond)
		out, _ := exec.Command("pactl", "list", "sinks").Output()
		m := re.FindSubmatch(out)
		if m == nil {
			continue
		}
		if us, _ := strconv.Atoi(string(m[1])); us < 50000 {
			good++
		} else {
			good = 0
		}
	}
	return env, stop
}

// recording is the sink's monitor as parec hands it over: the samples (left
// channel) and when each chunk arrived.
type recording struct {
	mu      sync.Mutex
	samples []float32
	origin  time.Duration // wall time of sample 0: the earliest arrival less the audio before it
}

func record(t *testing.T, env []string, clock func() time.Duration) (*recording, func()) {
	t.Helper()
	rec := &recording{origin: math.MaxInt64}
	cmd := exec.Command("parec", "--raw", "--format=float32le", "--rate=48000", "--channels=2", "--latency-msec=5", "-d", "e2e.monitor")
	cmd.Env = env
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		r := bufio.NewReaderSize(out, 1<<16)
		buf := make([]byte, 8*256)
		for {
			n, err := io.ReadFull(r, buf)
			now := clock()
			rec.mu.Lock()
			for i := 0; i+8 <= n; i += 8 {
				rec.samples = append(rec.samples, math.Float32frombits(binary.LittleEndian.Uint32(buf[i:])))
			}
			if o := now - time.Duration(len(rec.samples))*time.Second/48000; o < rec.origin {
				rec.origin = o
			}
			rec.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return rec, func() { cmd.Process.Kill(); cmd.Wait(); <-done }
}

func TestPlayerEndToEnd(t *testing.T) {
	needTools(t, "pulseaudio", "pactl", "pacat", "parec")
	env := pulseServer(t)
	for _, layers := range []Layers{Layers(0).With(LayerTones), DefaultLayers.With(LayerBreath)} {
		t.Run(layers.String(), func(t *testing.T) { endToEnd(t, env, layers) })
	}
}

// endToEnd plays a short session with the layers through the private
// server and checks that the inhale and exhale cues sound on time.
func endToEnd(t *testing.T, env []string, layers Layers) {

	p, _ := pacing.Builtin("coherent")
	s := pacing.NewSession(pacing.Plan{Duration: 9 * time.Second, Settle: 1500 * time.Millisecond, Guide: pacing.FixedGuide{Pattern: p}})
	start := time.Now()
	clock := func() time.Duration { return time.Since(start) }
	rec, stop := record(t, env, clock)
	o := DefaultOptions()
	o.Layers = layers
	pl := NewPlayer(s, clock, o)
	pl.Start()
	for !strings.HasPrefix(pl.Status(), "sound on") {
		if clock() > 1200*time.Millisecond || strings.HasPrefix(pl.Status(), "sound off") {
			t.Fatalf("status %q after %v; want sound on", pl.Status(), clock())
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("%s after %v", pl.Status(), clock().Round(time.Millisecond))
	cues := s.CuesAt(0, 9*time.Second)
	for clock() < 8*time.Second {
		time.Sleep(50 * time.Millisecond)
	}
	pl.Close()
	stop()

	rec.mu.Lock()
	defer rec.mu.Unlock()
	t.Logf("recorded %v, sample 0 at %v", time.Duration(len(rec.samples))*time.Second/48000, rec.origin)
	checked := 0
	for _, c := range cues {
		if c.Phase != pacing.Inhale && c.Phase != pacing.Exhale || c.At > 7*time.Second {
			continue
		}
		want := int((c.At - rec.origin) * 48000 / time.Second)
		// With the breath on, listen for the cue above the breath.
		threshold := 0.003
		if layers.Has(LayerBreath) {
			threshold = 0.06
		}
		from := max(want-48000/4, 0)
		got := -1
		for i := from; i < len(rec.samples); i++ {
			if math.Abs(float64(rec.samples[i])) > threshold {
				got = i
				break
			}
		}
		if got < 0 {
			t.Errorf("%s at %v: no sound in the recording", c.Phase, c.At)
			continue
		}
		off := time.Duration(got-want) * time.Second / 48000
		t.Logf("%s cue at %v: sound starts %+.1f ms off", c.Phase, c.At, float64(off)/float64(time.Millisecond))
		if off < -30*time.Millisecond || off > 30*time.Millisecond {
			t.Errorf("%s cue at %v: sound starts %v off; want within ±30 ms", c.Phase, c.At, off)
		}
		var sum float64
		end := min(got+48000/2, len(rec.samples))
		for _, v := range rec.samples[got:end] {
			sum += float64(v) * float64(v)
		}
		if r := math.Sqrt(sum / float64(max(end-got, 1))); r < 0.005 {
			t.Errorf("%s cue: rms %.4f after the onset; want the tone", c.Phase, r)
		}
		checked++
	}
	if checked != 2 {
		t.Errorf("checked %d cues; want the inhale and the exhale", checked)
	}
}

func TestPlayerServerGoesAway(t *testing.T) {
	needTools(t, "pulseaudio", "pactl", "pacat")
	stopServer := pulseServerStoppable(t)
	s := coherent(time.Minute)
	start := time.Now()
	clock := func() time.Duration { return time.Since(start) }
	o := DefaultOptions()
	o.Layers = DefaultLayers.With(LayerBreath)
	p := NewPlayer(s, clock, o)
	p.Start()
	for !strings.HasPrefix(p.Status(), "sound on") {
		if clock() > 2*time.Second {
			t.Fatalf("status %q", p.Status())
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	stopServer()
	gone := clock()
	for !strings.HasPrefix(p.Status(), "sound off:") {
		if clock()-gone > 2*time.Second {
			t.Fatalf("status %q two seconds after the server went away", p.Status())
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("%v after the server went: %s", (clock() - gone).Round(time.Millisecond), p.Status())
	done := make(chan struct{})
	go func() { p.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Close hangs")
	}
}
