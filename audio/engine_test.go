package audio

import (
	"testing"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// TestPauseFollowsTheSession mixes a session that is paused from 4 s to
// 10 s of wall time: the sound stops with it and the exhale cue, due at
// 8 s of session time, sounds at 14 s of wall time.
func TestPauseFollowsTheSession(t *testing.T) {
	mix := func(l Layers) [][2]float64 {
		s := coherent(time.Minute)
		s.Pause(4 * time.Second)
		s.Resume(10 * time.Second)
		o := DefaultOptions()
		o.Layers = l
		ctl := &controls{layers: o.Layers, volume: o.Volume, master: o.Master}
		e := newEngine(s, o, newBank(testRate), ctl)
		out := make([][2]float64, testRate.N(16*time.Second))
		e.mix(out, 0)
		return out
	}
	both := mix(Layers(0).With(LayerTones).With(LayerBreath))
	if p := peak(ms(both, 6*time.Second, 9980*time.Millisecond)); p > 1e-4 {
		t.Errorf("peak %.4f while paused; want silence", p)
	}
	if p := rms(ms(both, 11*time.Second, 12*time.Second)); p < 0.003 {
		t.Errorf("rms %.4f after resuming mid-inhale; want the breath back", p)
	}
	tones := mix(Layers(0).With(LayerTones))
	got := onset(tones, testRate.N(6*time.Second), 0.01)
	if d := testRate.D(got) - 14*time.Second; got < 0 || d < -5*time.Millisecond || d > 5*time.Millisecond {
		t.Errorf("exhale tone at %v of wall time; want 14s", testRate.D(got))
	}
}

func TestControls(t *testing.T) {
	s := coherent(time.Minute)
	o := DefaultOptions()
	o.Builtin = nil
	o.Layers = Layers(0).With(LayerTones)
	p := NewPlayer(s, func() time.Duration { return 0 }, o)
	if !p.ToggleMute() || p.ToggleMute() {
		t.Error("ToggleMute does not toggle")
	}
	if !p.ToggleVoice() || !p.Layers().Has(LayerVoice) || p.ToggleVoice() {
		t.Error("ToggleVoice does not toggle")
	}
	for range 20 {
		p.VolumeUp()
	}
	if v := p.VolumeUp(); v != 1 {
		t.Errorf("volume up to %v; want it capped at 1", v)
	}
	for range 20 {
		p.VolumeDown()
	}
	if v := p.VolumeDown(); v != 0 {
		t.Errorf("volume down to %v; want it floored at 0", v)
	}
	if v := p.VolumeUp(); VolumeLabel(v) != "10%" {
		t.Errorf("one step up is %s; want 10%%", VolumeLabel(v))
	}
	// Muting fades the mix out within a few blocks, without a jump.
	ctl := &controls{layers: o.Layers, volume: o.Volume, master: 1}
	e := newEngine(s, o, nil, ctl)
	out := make([][2]float64, testRate.N(3100*time.Millisecond))
	e.mix(out, 0)
	ctl.muted = true
	tail := make([][2]float64, testRate.N(100*time.Millisecond))
	e.mix(tail, int64(len(out)))
	if p := peak(ms(tail, fadeTime, 100*time.Millisecond)); p != 0 {
		t.Errorf("peak %.4f after muting; want silence", p)
	}
	if d := tail[0][0] - out[len(out)-1][0]; d > 0.01 || d < -0.01 {
		t.Errorf("muting jumps by %.4f", d)
	}
	p.Close()
}

// TestFirstWordsWaitForTheVoice mixes a session whose voice is still being
// decoded when its first cue, the settle word at 0, is due: the word waits
// for its clip and sounds as soon as it is ready, unless that is later than
// openLate; then it is left out, as a cue with no voice is.
func TestFirstWordsWaitForTheVoice(t *testing.T) {
	tests := []struct {
		ready time.Duration // when the voice has been decoded
		want  time.Duration // when the settle word starts; -1 for never
	}{
		{0, 0},
		{100 * time.Millisecond, 100 * time.Millisecond},
		{190 * time.Millisecond, 190 * time.Millisecond},
		{400 * time.Millisecond, 400 * time.Millisecond},
		{1500 * time.Millisecond, -1},
	}
	for _, tt := range tests {
		t.Run(tt.ready.String(), func(t *testing.T) {
			o := DefaultOptions()
			o.Layers = Layers(0).With(LayerVoice)
			o.Builtin = testVoice(t, testRate)
			ctl := &controls{layers: o.Layers, volume: o.Volume, master: o.Master}
			b := newBank(testRate)
			e := newEngine(coherent(time.Minute), o, b, ctl)
			out := make([][2]float64, testRate.N(2*time.Second))
			// Mix in blocks, as the sound server asks for them.
			loaded := false
			for pos := 0; pos < len(out); pos += blockLen {
				if !loaded && testRate.D(pos) >= tt.ready {
					b.load(o)
					loaded = true
				}
				e.mix(out[pos:min(pos+blockLen, len(out))], int64(pos))
			}
			got := onset(out, 0, 0.01)
			if tt.want < 0 {
				if got >= 0 {
					t.Errorf("the settle word sounds at %v; want it left out", testRate.D(got))
				}
				return
			}
			if d := testRate.D(got) - tt.want; got < 0 || d < 0 || d > testRate.D(blockLen)+time.Millisecond {
				t.Errorf("the settle word starts at %v (onset %d); want it within a block of %v", testRate.D(got), got, tt.want)
			}
		})
	}
}

// TestFirstCueWhenTheSoundComesUpLate mixes a session whose sound comes up
// some time after it started: a cue due before then sounds at once if the
// sound came up within openLate, and not at all after that.
func TestFirstCueWhenTheSoundComesUpLate(t *testing.T) {
	p, _ := pacing.Builtin("coherent")
	for _, tt := range []struct {
		up   time.Duration // the wall time of the first sample
		want bool
	}{
		{100 * time.Millisecond, true},
		{600 * time.Millisecond, true},
		{1200 * time.Millisecond, false},
	} {
		t.Run(tt.up.String(), func(t *testing.T) {
			// No settling: the inhale tone is due at 0.
			s := pacing.NewSession(pacing.Plan{Duration: time.Minute, Settle: -1, Guide: pacing.FixedGuide{Pattern: p}})
			o := DefaultOptions()
			o.Layers = Layers(0).With(LayerTones)
			ctl := &controls{layers: o.Layers, volume: o.Volume, master: o.Master}
			e := newEngine(s, o, nil, ctl)
			e.origin.Store(int64(tt.up))
			out := make([][2]float64, testRate.N(500*time.Millisecond))
			e.mix(out, 0)
			got := onset(out, 0, 0.01)
			if tt.want && (got < 0 || got > testRate.N(10*time.Millisecond)) {
				t.Errorf("the first tone starts at sample %d; want it at once", got)
			}
			if !tt.want && got >= 0 {
				t.Errorf("the first tone sounds (sample %d), %v late; want it left out", got, tt.up)
			}
		})
	}
}

// TestPlayerLoaded: Loaded is closed at once for a player that speaks no
// words, and for one that speaks once its voice has been decoded.
func TestPlayerLoaded(t *testing.T) {
	t.Setenv("PULSE_SERVER", "unix:/nonexistent")
	isClosed := func(c <-chan struct{}, within time.Duration) bool {
		if within == 0 {
			select {
			case <-c:
				return true
			default:
				return false
			}
		}
		select {
		case <-c:
			return true
		case <-time.After(within):
			return false
		}
	}
	o := DefaultOptions()
	o.Layers = Layers(0).With(LayerTones)
	tones := NewPlayer(coherent(time.Minute), func() time.Duration { return 0 }, o)
	tones.Start()
	if !isClosed(tones.Loaded(), 0) {
		t.Error("a player without words is not loaded at once")
	}
	tones.Close()

	o = DefaultOptions()
	o.Layers = Layers(0).With(LayerVoice)
	voice := NewPlayer(coherent(time.Minute), func() time.Duration { return 0 }, o)
	voice.Start()
	loaded := voice.Loaded()
	// A guard against never: decoding the whole voice takes 7 to 13 s
	// under the race detector with other tests running, and took more
	// than 30 s on a machine loaded further.
	if !isClosed(loaded, 2*time.Minute) {
		t.Fatal("the voice was not decoded within 2 minutes")
	}
	if len(voice.bank.get("in")) == 0 {
		t.Error("loaded, but the inhale word was not decoded")
	}
	voice.Close()
}
