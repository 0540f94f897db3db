package audio

import (
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/attune-breath/attune/pacing"
	"github.com/gopxl/beep/v2"
)

// Mixer constants.
const (
	blockLen = 512                    // samples mixed at a time
	ceiling  = 0.891                  // -1 dBFS: nothing louder ever leaves
	lateOK   = 250 * time.Millisecond // a cue found this late still sounds, at once
	fadeTime = 30 * time.Millisecond  // layer on/off, mute and volume glides
	duckDown = 120 * time.Millisecond // breath dips this fast when the voice starts
	duckUp   = 700 * time.Millisecond // and comes back this slowly
	// openLate is how late the cues due before the sound came up (the
	// session's first words) may still start: they wait this long for the
	// voice to be decoded, then sound as if there were no voice.
	openLate = time.Second
)

// controls are the settings a listener changes during a session.
type controls struct {
	mu     sync.Mutex
	layers Layers
	volume [numLayers]float64
	master float64
	muted  bool
}

func (c *controls) snapshot() (Layers, [numLayers]float64, float64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.layers, c.volume, c.master, c.muted
}

// sound is one cue's sound in the mix, starting after wait samples.
type sound struct {
	s     beep.Streamer
	layer Layer
	wait  int
}

// engine mixes a session's sound. Sample pos of its output is heard at wall
// time origin + pos/rate; everything it plays comes from the session: the
// cues from Session.Cues, the breath from the lung fill in Session.State.
type engine struct {
	rate   beep.SampleRate
	sess   *pacing.Session
	bank   *bank
	seed   int64
	duck   float64
	ctl    *controls
	origin atomic.Int64 // wall time of sample 0, as a time.Duration

	placed  time.Duration // cues before this wall time are in the mix
	sounds  []sound
	breath  Breath
	fill    float64 // lung fill at the end of the last block
	filled  bool    // fill holds a value
	started bool
	opened  time.Duration // wall time of the first sample mixed
	gain    [numLayers]Ramp
	duckR   Ramp
	bus     [numLayers][][2]float64
	tmp     [][2]float64
	done    bool // the session is over and every sound has ended
}

func newEngine(s *pacing.Session, o Options, b *bank, ctl *controls) *engine {
	rate := o.rate()
	e := &engine{rate: rate, sess: s, bank: b, seed: o.Seed, duck: min(max(o.Duck, 0), 1), ctl: ctl}
	e.breath = Breath{Rate: rate, Level: 0.5, Seed: uint64(o.Seed) + 1}
	step := 1 / float64(rate.N(fadeTime))
	for l := range e.gain {
		e.gain[l] = Ramp{Step: step}
	}
	e.duckR = Ramp{Gain: 1, Target: 1}
	for l := range e.bus {
		e.bus[l] = make([][2]float64, blockLen)
	}
	e.tmp = make([][2]float64, blockLen)
	return e
}

// wallAt is the wall time sample pos is heard.
func (e *engine) wallAt(pos int64) time.Duration {
	return time.Duration(e.origin.Load()) + time.Duration(pos*int64(time.Second)/int64(e.rate))
}

// mix writes the samples starting at sample position pos.
func (e *engine) mix(out [][2]float64, pos int64) {
	for len(out) > 0 {
		n := min(len(out), blockLen)
		e.block(out[:n], pos)
		out, pos = out[n:], pos+int64(n)
	}
}

// block mixes at most blockLen samples.
func (e *engine) block(out [][2]float64, pos int64) {
	n := len(out)
	w0, w1 := e.wallAt(pos), e.wallAt(pos+int64(n))
	layers, vol, master, muted := e.ctl.snapshot()
	e.placeCues(w0, w1, layers)
	voiceOn := e.streamSounds(n)
	st := e.sess.State(w1)
	e.setGains(layers, vol, master, muted)
	e.breathe(st, n)
	e.setDuck(voiceOn)
	e.sum(out)
	limit(out, ceiling)
	e.done = st.Done && len(e.sounds) == 0
}

// placeCues places the cues due in the block heard from wall time w0 to w1
// at their exact samples.
func (e *engine) placeCues(w0, w1 time.Duration, layers Layers) {
	from := e.placed
	if !e.started {
		// The sound comes up a little after the session starts: what was
		// due before it still sounds, at once, if that was not long ago.
		e.started, e.opened = true, w0
		from = max(min(w0-lateOK, 0), w0-openLate)
	} else if from <= e.opened {
		from = max(from, w0-openLate) // still waiting for the first words
	} else {
		from = max(from, w0-lateOK)
	}
	if w1 <= from {
		return
	}
	e.placed = w1
	for _, c := range e.sess.Cues(from, w1) {
		if c.At <= e.opened && w0-c.At < openLate && e.voiceComing(c, layers) {
			// One of the first words, its clip still being decoded:
			// try again next block. Later cues do not wait: they sound
			// on time, as if there were no voice.
			e.placed = c.At
			break
		}
		e.place(c, layers, w0)
	}
}

// streamSounds mixes the next n samples of the cue sounds into their
// layers' buses, drops the sounds that have ended, and reports whether the
// voice spoke in the block.
func (e *engine) streamSounds(n int) (voiceOn bool) {
	for l := range e.bus {
		clear(e.bus[l][:n])
	}
	kept := e.sounds[:0]
	for _, s := range e.sounds {
		if s.wait >= n {
			s.wait -= n
			kept = append(kept, s)
			continue
		}
		if s.layer == LayerVoice {
			voiceOn = true
		}
		m, ok := s.s.Stream(e.tmp[:n-s.wait])
		bus := e.bus[s.layer][s.wait:]
		for i, v := range e.tmp[:m] {
			bus[i][0] += v[0]
			bus[i][1] += v[1]
		}
		s.wait = 0
		if ok {
			kept = append(kept, s)
		}
	}
	clear(e.sounds[len(kept):])
	e.sounds = kept
	return voiceOn
}

// setGains aims each layer's gain at its volume, or at silence when the
// layer is off or the sound muted.
func (e *engine) setGains(layers Layers, vol [numLayers]float64, master float64, muted bool) {
	for l := range numLayers {
		g := 0.0
		if layers.Has(l) && !muted {
			g = vol[l] * master
		}
		e.gain[l].Target = min(max(g, 0), 1)
	}
}

// breathe streams n samples of the companion breath into its bus, following
// the session's lung fill from the last block's end to st's; nothing flows
// while the session is paused or over.
func (e *engine) breathe(st pacing.State, n int) {
	fill := st.Fill
	if st.Done || st.Paused {
		fill = e.fill // nothing flows
	}
	if !e.filled {
		e.fill, e.filled = fill, true
	}
	if e.gain[LayerBreath].Gain > 0 || e.gain[LayerBreath].Target > 0 {
		e.breath.Fill = [2]float64{e.fill, fill}
		e.breath.Stream(e.bus[LayerBreath][:n])
	}
	e.fill = fill
}

// setDuck dips the breath quickly while the voice speaks and lets it back
// slowly after.
func (e *engine) setDuck(voiceOn bool) {
	e.duckR.Target, e.duckR.Step = 1, 1/float64(e.rate.N(duckUp))
	if voiceOn {
		e.duckR.Target, e.duckR.Step = 1-e.duck, 1/float64(e.rate.N(duckDown))
	}
}

// sum writes the buses into out, each layer at its gain and the breath
// ducked under the voice.
func (e *engine) sum(out [][2]float64) {
	for i := range out {
		d := e.duckR.next()
		var l, r float64
		for k := range numLayers {
			g := e.gain[k].next()
			if k == LayerBreath {
				g *= d
			}
			l += e.bus[k][i][0] * g
			r += e.bus[k][i][1] * g
		}
		out[i] = [2]float64{l, r}
	}
}

// voiceComing reports whether cue c is to be spoken and its clip is not
// decoded yet but may still come.
func (e *engine) voiceComing(c pacing.Cue, layers Layers) bool {
	if !layers.Has(LayerVoice) || e.bank == nil || e.bank.loaded.Load() {
		return false
	}
	if c.Kind != pacing.CueWord && c.Level != pacing.Words {
		return false
	}
	return len(e.bank.get(c.ID)) == 0
}

// place adds the sound for cue c, which starts w0-relative in this block.
func (e *engine) place(c pacing.Cue, layers Layers, w0 time.Duration) {
	wait := int(math.Round(float64(c.At-w0) * float64(e.rate) / float64(time.Second)))
	wait = max(wait, 0)
	add := func(s beep.Streamer, l Layer) bool {
		if s == nil {
			return false
		}
		e.sounds = append(e.sounds, sound{s: s, layer: l, wait: wait})
		return true
	}
	voice := func() bool {
		if !layers.Has(LayerVoice) || e.bank == nil {
			return false
		}
		cs := e.bank.get(c.ID)
		if len(cs) == 0 {
			return false
		}
		return add(cs[pick(e.seed, c.ID, c.At, len(cs))].streamer(e.rate), LayerVoice)
	}
	switch {
	case c.Kind == pacing.CueWord:
		voice()
	case c.Level == pacing.Silent:
	case c.Level == pacing.Words && voice():
	case layers.Has(LayerTones):
		add(Tone(c.Phase, e.rate), LayerTones)
	}
}
