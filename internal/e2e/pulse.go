package e2e

import (
	"bufio"
	"context"
	"encoding/binary"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"
)

// SinkRate is the sample rate of the private server's null sink.
const SinkRate = 48000

// Pulse is a private PulseAudio server with one null sink, named e2e, kept
// close to real time by a silent stream.
type Pulse struct {
	// Dir is the server's private directory: its runtime dir, home and
	// socket live here.
	Dir string
	// Server is the server string to reach it: unix:Dir/native.
	Server string
	// Env is the environment for programs that should use this server:
	// the test's own with XDG_RUNTIME_DIR, HOME and PULSE_SERVER replaced.
	Env []string

	stop func()
}

// StartPulse starts a private PulseAudio server with a null sink and waits
// until the sink runs within 50 ms of real time. An idle null sink runs
// about two seconds ahead, so a silent keep-alive stream plays into it for
// as long as the server lives. The server is stopped when the test ends.
// A missing pulseaudio, pactl or pacat skips the test, or fails it in CI.
// Only one test on the machine has a server at a time: StartPulse waits
// for the others to end.
func StartPulse(t testing.TB) *Pulse {
	t.Helper()
	for _, tool := range []string{"pulseaudio", "pactl", "pacat"} {
		Need(t, tool)
	}
	soundLock(t)
	// A short path: unix socket names are limited to about 100 bytes.
	dir, err := os.MkdirTemp("", "pa")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "native")
	p := &Pulse{Dir: dir, Server: "unix:" + sock, stop: func() {}}
	p.Env = append(os.Environ(), "XDG_RUNTIME_DIR="+dir, "HOME="+dir, "PULSE_SERVER="+p.Server)
	t.Cleanup(p.Stop)
	p.start(t)
	return p
}

// Restart starts the server again, at the same address, after Stop.
func (p *Pulse) Restart(t testing.TB) {
	t.Helper()
	p.Stop()
	p.start(t)
}

// start starts the server in p.Dir and waits until its sink runs close to
// real time.
func (p *Pulse) start(t testing.TB) {
	t.Helper()
	dir := p.Dir
	sock := filepath.Join(dir, "native")
	ctx, cancel := context.WithCancel(context.Background())
	pa := exec.CommandContext(ctx, "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
		"--system=false", "--disallow-exit",
		"-L", "module-null-sink sink_name=e2e rate=48000 channels=2",
		"-L", "module-native-protocol-unix socket="+sock+" auth-anonymous=1")
	pa.Env = p.Env
	logPath := filepath.Join(dir, "pulseaudio.log")
	log, err := os.Create(logPath)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	pa.Stdout, pa.Stderr = log, log
	if err := pa.Start(); err != nil {
		cancel()
		log.Close()
		t.Fatalf("starting pulseaudio: %v", err)
	}
	var keep *exec.Cmd
	var once sync.Once
	p.stop = func() {
		once.Do(func() {
			cancel()
			if keep != nil {
				_ = keep.Wait()
			}
			_ = pa.Wait()
			log.Close()
		})
	}

	deadline := time.Now().Add(10 * time.Second)
	for p.pactl("info") != nil {
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(logPath)
			t.Fatalf("pulseaudio did not come up within 10 s:\n%s", b)
		}
		time.Sleep(50 * time.Millisecond)
	}

	zero, err := os.Open("/dev/zero")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { zero.Close() })
	keep = exec.CommandContext(ctx, "pacat", "--raw", "--latency-msec=20", "--format=s16le", "--rate=48000", "--channels=2", "-d", "e2e")
	keep.Env, keep.Stdin = p.Env, zero
	if err := keep.Start(); err != nil {
		keep = nil
		t.Fatalf("starting the keep-alive stream: %v", err)
	}

	re := regexp.MustCompile(`Latency: (\d+) usec`)
	last := "no latency reported"
	for good := 0; good < 3; {
		if time.Now().After(deadline) {
			t.Fatalf("the null sink never settled under 50 ms of latency (last: %s)", last)
		}
		time.Sleep(100 * time.Millisecond)
		out, _ := p.pactlOutput("list", "sinks")
		m := re.FindSubmatch(out)
		if m == nil {
			continue
		}
		last = string(m[0])
		if us, _ := strconv.Atoi(string(m[1])); us < 50000 {
			good++
		} else {
			good = 0
		}
	}
}

func (p *Pulse) pactl(args ...string) error {
	_, err := p.pactlOutput(args...)
	return err
}

func (p *Pulse) pactlOutput(args ...string) ([]byte, error) {
	cmd := exec.Command("pactl", args...)
	cmd.Env = p.Env
	return cmd.Output()
}

// Stop ends the server (and its keep-alive stream) now rather than when the
// test ends. It is safe to call more than once.
func (p *Pulse) Stop() { p.stop() }

// Recording is the sink's monitor as parec hands it over: the left channel
// and the wall time of its first sample.
type Recording struct {
	mu      sync.Mutex
	samples []float32
	origin  time.Duration
	cmd     *exec.Cmd
	done    chan struct{}
	once    sync.Once
}

// Record starts recording the sink's monitor with parec. clock gives wall
// time on the test's own scale; each sample is placed on it by the arrival
// of the chunk that holds it: sample 0 is heard at the earliest arrival less
// the audio before it (a chunk never arrives before it was played). It
// needs parec: missing, it skips the test, or fails it in CI.
func (p *Pulse) Record(t testing.TB, clock func() time.Duration) *Recording {
	t.Helper()
	Need(t, "parec")
	rec := &Recording{origin: math.MaxInt64, done: make(chan struct{})}
	rec.cmd = exec.Command("parec", "--raw", "--format=float32le", "--rate=48000", "--channels=2", "--latency-msec=5", "-d", "e2e.monitor")
	rec.cmd.Env = p.Env
	out, err := rec.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.cmd.Start(); err != nil {
		t.Fatalf("starting parec: %v", err)
	}
	go func() {
		defer close(rec.done)
		r := bufio.NewReaderSize(out, 1<<16)
		buf := make([]byte, 8*256) // 256 stereo float32 frames
		for {
			n, err := io.ReadFull(r, buf)
			now := clock()
			rec.mu.Lock()
			for i := 0; i+8 <= n; i += 8 {
				rec.samples = append(rec.samples, math.Float32frombits(binary.LittleEndian.Uint32(buf[i:])))
			}
			if o := now - SampleTime(len(rec.samples)); o < rec.origin {
				rec.origin = o
			}
			rec.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(rec.Stop)
	return rec
}

// Stop ends the recording. It is safe to call more than once.
func (r *Recording) Stop() {
	r.once.Do(func() {
		_ = r.cmd.Process.Kill()
		<-r.done
		_ = r.cmd.Wait()
	})
}

// Samples returns the left channel recorded so far and the wall time (on
// the recording's clock) of its first sample.
func (r *Recording) Samples() (samples []float32, origin time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]float32(nil), r.samples...), r.origin
}

// SampleTime is how long n samples at SinkRate last.
func SampleTime(n int) time.Duration {
	return time.Duration(n) * time.Second / SinkRate
}

// SampleAt is the index of the sample heard d after sample 0.
func SampleAt(d time.Duration) int {
	return int(d * SinkRate / time.Second)
}

// Onset returns the index of the first sample at or after from whose
// magnitude exceeds threshold, or -1 when there is none.
func Onset(samples []float32, from int, threshold float64) int {
	for i := max(from, 0); i < len(samples); i++ {
		if math.Abs(float64(samples[i])) > threshold {
			return i
		}
	}
	return -1
}

// RMS is the root mean square of samples, 0 for none.
func RMS(samples []float32) float64 {
	if len(samples) == 0 {
		return 0
	}
	var sum float64
	for _, v := range samples {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum / float64(len(samples)))
}

// CueTolerance is how far a cue's sound may land from its time in a
// real-time test: 30 ms, the promise attune makes. Under the race detector
// every sample is mixed many times slower and the promise is not what is
// being tested, so it is relaxed to 300 ms there: the sound must still come,
// near its time.
func CueTolerance() time.Duration {
	if RaceDetector {
		return 300 * time.Millisecond
	}
	return 30 * time.Millisecond
}
