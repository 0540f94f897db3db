package audio

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/attune-breath/attune/pacing"
	"github.com/gopxl/beep/v2"
)

// output is a running sound output pulling samples from its source.
type output interface {
	// timing says that frame number frame of the stream is heard delay
	// after the moment of the call.
	timing() (frame int64, delay time.Duration, err error)
	// close fades nothing: it stops the stream, letting what is queued
	// play out for at most drain.
	close(drain time.Duration)
	// describe names the output for Status, e.g. "pulse, 48 kHz".
	describe() string
}

// Player plays a session's sound on the sound system, in step with the
// session: sample positions are mapped to wall time through the output's
// reported latency, and every cue is placed at its exact sample. It keeps
// no breathing timer of its own. It never writes to the terminal: when
// there is no sound to be had, Status says why and the session goes on
// silently. A Player is safe for use by several goroutines.
type Player struct {
	sess  *pacing.Session
	clock func() time.Duration
	opts  Options
	ctl   controls
	bank  *bank
	eng   *engine

	mu      sync.Mutex
	status  string
	out     output
	closed  bool
	started bool
	stop    chan struct{}
	wg      sync.WaitGroup

	loadOnce     sync.Once
	voiceLoading atomic.Bool // loadVoice has begun

	mixMu sync.Mutex   // one output mixes at a time
	gen   atomic.Int64 // the output now mixing, counted from 1

	// pollWait is the wait before each timing poll: time.After, or a test's
	// own steps of time.
	pollWait func(time.Duration) <-chan time.Time
}

// volumeStep is how far VolumeUp and VolumeDown move the overall volume.
const volumeStep = 0.1

// NewPlayer makes a player for the session s. clock gives the wall time:
// the offset since the session started, on the monotonic clock the screen
// uses. Nothing sounds until Start.
func NewPlayer(s *pacing.Session, clock func() time.Duration, opts Options) *Player {
	p := &Player{sess: s, clock: clock, opts: opts, bank: newBank(opts.rate()), stop: make(chan struct{}), pollWait: time.After}
	p.ctl = controls{layers: opts.Layers, volume: opts.Volume, master: min(max(opts.Master, 0), 1)}
	p.eng = newEngine(s, opts, p.bank, &p.ctl)
	p.status = "sound off: not started"
	if opts.Layers == 0 {
		p.status = "sound off: --sound off"
	}
	return p
}

// Start connects to the sound system and begins playing, in the background:
// it returns at once. Connecting is time-boxed by Options.ConnectTimeout;
// until it succeeds Status reports "sound: connecting", and if it fails
// "sound off: <reason>". Start does nothing after the first call, after
// Close, or with no layers chosen.
func (p *Player) Start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.started || p.closed || p.opts.Layers == 0 {
		return
	}
	p.started = true
	p.status = "sound: connecting"
	if p.ctl.layers.Has(LayerVoice) {
		p.loadVoice()
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.run()
	}()
}

// Loaded is closed once the player has done the heavy part of its work
// that comes once: decoding its voice. For a player that has not begun to
// (it speaks no words, or has not started) it is closed already.
func (p *Player) Loaded() <-chan struct{} {
	if p.voiceLoading.Load() {
		return p.bank.done
	}
	return nothingToLoad
}

var nothingToLoad = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// loadVoice decodes the voice in the background, once: tones start without
// waiting for it, and Close does not wait for it either.
func (p *Player) loadVoice() {
	p.loadOnce.Do(func() {
		p.voiceLoading.Store(true)
		// The words due next, and those still not too late, are decoded
		// first, then the breath's own words, heard every cycle.
		now := p.clock()
		var first []string
		for _, c := range p.sess.Cues(max(now-lateOK, 0), now+pacing.DecideAhead) {
			first = append(first, c.ID)
		}
		if now < openLate { // the session's opening words: the sound waits for them
			for _, c := range p.sess.Cues(0, openLate) {
				p.bank.opening = append(p.bank.opening, c.ID)
			}
		}
		first = append(first, "in", "out", "hold")
		go p.bank.load(p.opts, first...)
	})
}

func (p *Player) latency() time.Duration {
	if p.opts.Latency > 0 {
		return p.opts.Latency
	}
	return defaultLatency
}

func (p *Player) timeout() time.Duration {
	if p.opts.ConnectTimeout > 0 {
		return p.opts.ConnectTimeout
	}
	return 2 * time.Second
}

// openingWait is the longest the sound waits, once connected, for the
// session's opening words to be decoded before it starts: starting
// without them, they would join one buffer later.
const openingWait = 300 * time.Millisecond

// awaitOpening returns once the session's opening words are decoded
// (at once when the voice is not loading), or after openingWait: the
// output calls it once connected, just before it starts pulling samples.
func (p *Player) awaitOpening() {
	if !p.voiceLoading.Load() {
		return
	}
	t := time.NewTimer(openingWait)
	defer t.Stop()
	select {
	case <-p.bank.first:
	case <-t.C:
	case <-p.stop:
	}
}

// run plays on the output while it lasts, and when the sound system could
// not be reached or went away (a restarted sound server, say) tries again,
// less often the longer it fails, until the player closes.
func (p *Player) run() {
	wait := retryFirst
	for {
		if p.play() {
			wait = retryFirst
		}
		t := time.NewTimer(wait)
		select {
		case <-p.stop:
			t.Stop()
			return
		case <-t.C:
		}
		wait = min(2*wait, retryMost)
	}
}

// Reconnecting: the first try again comes retryFirst after a failure, and
// each failure doubles the wait, up to retryMost. A failed try is a
// refused connection on a local socket: it costs nothing to speak of.
const (
	retryFirst = time.Second
	retryMost  = 8 * time.Second
)

// play opens an output and follows its timing until the player closes or
// the output fails. It reports whether the output opened.
func (p *Player) play() bool {
	// Samples are mixed only for the newest output: one that failed may
	// still ask for a last buffer while the next one starts.
	gen := p.gen.Add(1)
	var pos int64
	src := func(buf [][2]float64) {
		p.mixMu.Lock()
		defer p.mixMu.Unlock()
		if p.gen.Load() != gen {
			clear(buf)
			return
		}
		if pos == 0 {
			// Until the output reports, guess that the first sample is
			// heard one buffer from now.
			p.eng.origin.Store(int64(p.clock() + p.latency()))
		}
		p.eng.mix(buf, pos)
		pos += int64(len(buf))
	}
	out, err := openOutput(p.opts, p.opts.rate(), p.latency(), p.timeout(), p.awaitOpening, src)
	p.mu.Lock()
	if err != nil {
		if !p.closed {
			p.status = "sound off: " + err.Error()
		}
		p.mu.Unlock()
		return false
	}
	if p.closed {
		p.mu.Unlock()
		out.close(0)
		return true
	}
	p.out = out
	p.status = "sound on: " + out.describe()
	p.mu.Unlock()
	p.follow(out)
	return true
}

// follow keeps the sample clock aligned with the wall clock, asking out
// when its samples are heard, until the player closes or out fails.
func (p *Player) follow(out output) {
	var recent [5]time.Duration // the latest estimates, oldest first
	have := 0
	// Poll fast at first, and again after anything that moves the
	// estimate: then the median of a few answers settles within a fraction
	// of a second. Once settled, the sample clock only drifts (the sound
	// card's crystal, by parts per million), and a poll a second holds it.
	fastUntil := p.clock() + pollSettle
	next := pollFast
	for {
		select {
		case <-p.stop:
			return
		case <-p.pollWait(next):
		}
		before := p.clock()
		frame, delay, err := out.timing()
		after := p.clock()
		if err != nil {
			p.mu.Lock()
			if !p.closed {
				p.status = "sound off: " + err.Error()
				p.out = nil
			}
			p.mu.Unlock()
			out.close(0)
			return
		}
		if frame >= 0 && after-before <= 20*time.Millisecond { // playing, and an answer quick enough to trust
			est := before + (after-before)/2 + delay - time.Duration(frame*int64(time.Second)/int64(p.opts.rate()))
			if have == len(recent) {
				copy(recent[:], recent[1:])
				have--
			}
			recent[have] = est
			have++
			origin := time.Duration(p.eng.origin.Load())
			if d := est - origin; d > pollMoved || d < -pollMoved {
				fastUntil = after + pollSettle
			}
			if med := median(recent[:have]); med-origin > time.Millisecond || med-origin < -time.Millisecond {
				p.eng.origin.Store(int64(med))
			}
		}
		next = pollSlow
		if after < fastUntil || have == 0 {
			next = pollFast
		}
	}
}

// The timing poll: every pollFast until the estimate has settled, for
// pollSettle after the sound comes up and after any answer more than
// pollMoved off the sample clock in use, and every pollSlow otherwise.
const (
	pollFast   = 50 * time.Millisecond
	pollSlow   = time.Second
	pollSettle = time.Second
	pollMoved  = 3 * time.Millisecond
)

// median returns the middle of at most five durations, in any order.
func median(d []time.Duration) time.Duration {
	var s [5]time.Duration
	n := copy(s[:], d)
	slices.Sort(s[:n])
	return s[n/2]
}

// Close fades the sound out and releases the sound system. It is safe to
// call more than once and on a player that never started.
func (p *Player) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	out := p.out
	p.out = nil
	if p.started {
		close(p.stop)
	}
	if p.opts.Layers != 0 {
		p.status = "sound off: closed"
	}
	p.mu.Unlock()
	if out != nil {
		p.ctl.mu.Lock()
		p.ctl.muted = true
		p.ctl.mu.Unlock()
		out.close(fadeTime + p.latency() + 20*time.Millisecond)
		p.wg.Wait() // the timing loop has been told to stop
	}
	// A connection still under way gives up on its own, within
	// Options.ConnectTimeout, and closes what it opened.
	return nil
}

// Status says whether sound is playing, e.g. "sound on: pulse, 48 kHz,
// 42 ms", "sound muted" or "sound off: no sound server (…)".
func (p *Player) Status() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.out != nil {
		p.ctl.mu.Lock()
		muted := p.ctl.muted
		p.ctl.mu.Unlock()
		if muted {
			return "sound muted"
		}
	}
	return p.status
}

// Trouble is what the screen should say about the sound: Status when the
// sound is muted or off (and why), "" while it plays or is connecting.
func (p *Player) Trouble() string {
	s := p.Status()
	if strings.HasPrefix(s, "sound on") || strings.HasPrefix(s, "sound: connecting") {
		return ""
	}
	return s
}

// ToggleMute silences or restores every layer, with a short fade, and
// reports whether sound is now muted.
func (p *Player) ToggleMute() bool {
	p.ctl.mu.Lock()
	defer p.ctl.mu.Unlock()
	p.ctl.muted = !p.ctl.muted
	return p.ctl.muted
}

// ToggleVoice switches the spoken cues off or on and reports whether they
// are now on. With the voice off, cues that would be spoken sound as tones
// when the tones layer is on.
func (p *Player) ToggleVoice() bool {
	p.ctl.mu.Lock()
	on := !p.ctl.layers.Has(LayerVoice)
	if on {
		p.ctl.layers = p.ctl.layers.With(LayerVoice)
	} else {
		p.ctl.layers = p.ctl.layers.Without(LayerVoice)
	}
	p.ctl.mu.Unlock()
	if on {
		p.mu.Lock()
		started := p.started
		p.mu.Unlock()
		if started {
			p.loadVoice()
		}
	}
	return on
}

// Layers reports the layers now playing.
func (p *Player) Layers() Layers {
	p.ctl.mu.Lock()
	defer p.ctl.mu.Unlock()
	return p.ctl.layers
}

// VolumeUp raises the overall volume one step and returns it (0 to 1).
func (p *Player) VolumeUp() float64 { return p.nudge(volumeStep) }

// VolumeDown lowers the overall volume one step and returns it (0 to 1).
func (p *Player) VolumeDown() float64 { return p.nudge(-volumeStep) }

func (p *Player) nudge(d float64) float64 {
	p.ctl.mu.Lock()
	defer p.ctl.mu.Unlock()
	v := float64(int((p.ctl.master+d)*10+0.5)) / 10
	p.ctl.master = min(max(v, 0), 1)
	return p.ctl.master
}

// VolumeLabel formats a volume as a percentage for the screen, e.g. "70%".
func VolumeLabel(v float64) string { return fmt.Sprintf("%d%%", int(v*100+0.5)) }

// toFloat32 converts frames to interleaved float32 samples.
func toFloat32(dst []float32, src [][2]float64) {
	for i, v := range src {
		dst[2*i] = float32(v[0])
		dst[2*i+1] = float32(v[1])
	}
}

// khz formats a sample rate, e.g. "48 kHz".
func khz(r beep.SampleRate) string {
	return fmt.Sprintf("%g kHz", float64(r)/1000)
}
