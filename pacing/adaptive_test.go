package pacing

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func adaptiveSession(cfg AdaptiveConfig, d time.Duration) *Session {
	cfg.Planned = d
	return NewSession(Plan{Duration: d, Guide: NewAdaptiveGuide(cfg), Label: "attuned"})
}

func guided(cs []Cycle) []Cycle {
	var out []Cycle
	for _, c := range cs {
		if c.Listen <= 0 {
			out = append(out, c)
		}
	}
	return out
}

func observeAll(s *Session, evs []Event) {
	for _, e := range evs {
		s.Observe(e)
	}
}

// regular gives in-breath taps every period from first, n of them.
func regular(first, period time.Duration, n int) []Event {
	var evs []Event
	for i := range n {
		evs = append(evs, Event{Kind: BreathIn, At: first + time.Duration(i)*period})
	}
	return evs
}

func TestArriveMeetsTheBreather(t *testing.T) {
	const first, period = 3400 * time.Millisecond, 4 * time.Second // 15 breaths/min
	taps := regular(first, period, 30)
	withOut := func(evs []Event, share float64) []Event {
		var out []Event
		for _, e := range evs {
			out = append(out, e, Event{Kind: BreathOut, At: e.At + time.Duration(share*float64(period))})
		}
		return out
	}
	missed := slices.Delete(slices.Clone(taps), 2, 3)
	doubled := slices.Insert(slices.Clone(taps), 2, Event{Kind: BreathIn, At: taps[1].At + ms(150)})
	early := slices.Clone(taps)
	early[3].At -= ms(1500) // one tap well off the beat
	tests := []struct {
		name    string
		evs     []Event
		inShare float64 // 0: unknown
	}{
		{"clean taps", taps, 0},
		{"a missed tap", missed, 0},
		{"a doubled tap", doubled, 0},
		{"an outlier", early, 0},
		{"press and release", withOut(taps, 0.4), 0.4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := adaptiveSession(AdaptiveConfig{Lead: true, Listen: true}, 5*time.Minute)
			observeAll(s, tt.evs)
			cs := s.Cycles(3 * time.Minute)
			if cs[0].Listen <= 0 || cs[0].Level != Words || cs[0].Stage != StageArrive {
				t.Fatalf("first cycle %+v, want a spoken listening cycle", cs[0])
			}
			var g Cycle
			for _, c := range cs {
				if c.Listen > 0 {
					if c.Listen > ms(1500) || c.Listen < ms(300) {
						t.Errorf("listening cycle of %v, want 0.3-1.5 s", c.Listen)
					}
					continue
				}
				g = c
				break
			}
			if g.Start == 0 || g.Start > SettleTime+ArriveWait {
				t.Fatalf("first guided breath at %v, want within %v", g.Start, ArriveWait)
			}
			// Met a little slower than heard, since the guide leads.
			if math.Abs(g.BPM()-15*meetShare) > 0.3 || math.Abs(g.Natural-15) > 0.3 || math.Abs(g.From-g.BPM()) > 0.01 {
				t.Errorf("met at %.2f (natural %.2f, from %.2f), want %.2f", g.BPM(), g.Natural, g.From, 15*meetShare)
			}
			// Its in-breath falls on the breather's predicted next one.
			if off := (g.Start - first) % period; off > ms(20) && period-off > ms(20) {
				t.Errorf("first guided in-breath at %v is %v off the breather's beat", g.Start, off)
			}
			if tt.inShare > 0 {
				if got := g.Breath.Inhale.Seconds() / g.Len().Seconds(); math.Abs(got-tt.inShare) > 0.02 {
					t.Errorf("in share %.3f, want %.2f", got, tt.inShare)
				}
			}
			// The met pace holds for two breaths.
			gs := guided(cs)
			if gs[1].BPM() != gs[0].BPM() && math.Abs(gs[1].Pace-gs[0].Pace) > 1e-9 {
				t.Errorf("second breath at pace %.3f, want the met %.3f held", gs[1].Pace, gs[0].Pace)
			}
		})
	}
}

func TestArriveWithoutTaps(t *testing.T) {
	tests := []struct {
		name  string
		cfg   AdaptiveConfig
		start time.Duration // first guided breath
		bpm   float64
	}{
		{"default pace after listening", AdaptiveConfig{Lead: true, Listen: true}, SettleTime + NoTapWait, DefaultStartBPM},
		{"the pace history knows", AdaptiveConfig{Lead: true, Listen: true, StartBPM: 8}, SettleTime + NoTapWait, 8},
		{"no listening", AdaptiveConfig{Lead: true, StartBPM: 12}, SettleTime, 12},
		{"too fast a history is capped", AdaptiveConfig{Lead: true, StartBPM: 40}, SettleTime, MaxBPM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := adaptiveSession(tt.cfg, 20*time.Minute)
			gs := guided(s.Cycles(20 * time.Minute))
			g := gs[0]
			if g.Start < tt.start || g.Start > tt.start+ListenTime || math.Abs(g.BPM()-tt.bpm) > 1e-6 || g.Locked {
				t.Errorf("first guided breath at %v, %.2f breaths/min, locked %v; want %v, %.2f, not locked", g.Start, g.BPM(), g.Locked, tt.start, tt.bpm)
			}
			if g.Natural != 0 {
				t.Errorf("natural pace %.2f without taps", g.Natural)
			}
			// Open-loop it leads on plan, never below the target.
			last := gs[len(gs)-1]
			for _, c := range gs {
				if c.Stage == StageReturn {
					break
				}
				last = c
			}
			if math.Abs(last.BPM()-DefaultTarget) > 0.01 || last.Stage != StageRest {
				t.Errorf("before the return: %.2f breaths/min in stage %v, want %v at rest", last.BPM(), last.Stage, DefaultTarget)
			}
		})
	}
}

// follower taps every guided in-breath exactly while follow says so for
// that time, and otherwise a steady own beat of period from the last tap.
func runFollower(s *Session, end time.Duration, own time.Duration, follow func(t time.Duration) (bool, time.Duration)) []time.Duration {
	t := SettleTime + ms(400)
	var taps []time.Duration
	for t < end {
		s.Observe(Event{Kind: BreathIn, At: t})
		taps = append(taps, t)
		cs := s.Cycles(t)
		cur := cs[len(cs)-1]
		on, shift := follow(t)
		switch {
		case cur.Listen > 0 || !on:
			t += own
		default:
			// The next guided in-breath after t, shifted.
			next := cur.End() + shift
			for next <= t+ms(800) {
				next += cur.Len()
			}
			t = next
		}
	}
	return taps
}

func TestLeadLockAndCues(t *testing.T) {
	d := 12 * time.Minute
	s := adaptiveSession(AdaptiveConfig{Lead: true, Listen: true}, d)
	lose := 8 * time.Minute
	runFollower(s, d, 4*time.Second, func(t time.Duration) (bool, time.Duration) {
		if t >= lose && t < lose+time.Minute {
			return false, 0 // breathes at 15 again for a minute
		}
		return true, 0
	})
	cs := guided(s.Cycles(d))
	var reached, silent, remet, regained, againWord bool
	var lockedFrom time.Duration = -1
	for i, c := range cs {
		words := ""
		if len(c.Words) > 0 {
			words = c.Words[0].ID
		}
		if c.Start < lose {
			if !c.Locked && i > 2 {
				t.Errorf("a perfect follower was not locked at %v", c.Start)
			}
			if c.Locked && lockedFrom < 0 {
				lockedFrom = c.Start
			}
			if c.Stage == StageRest {
				reached = true
			}
			locked := c.Start - lockedFrom
			switch {
			case locked >= tonesTime+time.Minute && c.Level != Silent:
				t.Errorf("at %v, %v locked: level %v, want silence", c.Start, locked, c.Level)
			case locked >= wordsTime && c.Level == Words:
				t.Errorf("at %v, %v locked: words, want tones or silence", c.Start, locked)
			case i < 3 && c.Level != Words:
				t.Errorf("breath %d: level %v, want words", i+1, c.Level)
			}
			if c.Level == Silent {
				silent = true
			}
			continue
		}
		if c.Stage == StageReturn {
			break
		}
		// After the breather lets go: tones at once (never silence while
		// not locked), words when re-meeting.
		if !c.Locked && c.Level == Silent {
			t.Errorf("at %v, not locked: silent", c.Start)
		}
		if c.Stage == StageRepair && words == "again" {
			againWord, remet = true, true
			if c.Level != Words {
				t.Errorf("re-meeting at %v: level %v, want words", c.Start, c.Level)
			}
		}
		if remet && c.Locked && words == "with-you" {
			regained = true
		}
		if c.BPM() > cs[0].From+1e-9 {
			t.Errorf("at %v the guide went to %.2f, above its start %.2f", c.Start, c.BPM(), cs[0].From)
		}
	}
	if !reached || !silent || !remet || !againWord || !regained {
		t.Errorf("reached target %v, fell silent %v, re-met %v (said again %v), regained with words %v: want all", reached, silent, remet, againWord, regained)
	}
	sum := s.Summary(d + time.Minute)
	if math.Abs(sum.Natural-15) > 0.2 || sum.TargetBPM != DefaultTarget || sum.LockRatio < 0.8 || sum.LockRatio > 1 || !sum.Complete {
		t.Errorf("summary %+v", sum)
	}
}

func TestUnguidedAndReturn(t *testing.T) {
	d := 6 * time.Minute
	s := adaptiveSession(AdaptiveConfig{Lead: true, Listen: true, Unguided: time.Minute}, d)
	runFollower(s, d, 4*time.Second, func(time.Duration) (bool, time.Duration) { return true, 0 })
	cs := guided(s.Cycles(d))
	ret := d - ReturnTime
	var alone, back int
	var restBPM float64
	for _, c := range cs {
		switch {
		case c.Start >= ret:
			back++
			if c.Stage != StageReturn || c.Level == Silent {
				t.Errorf("at %v: stage %v level %v, want the return, heard", c.Start, c.Stage, c.Level)
			}
			if c.BPM() > restBPM+returnRise+0.01 {
				t.Errorf("the return went to %.2f from %.2f", c.BPM(), restBPM)
			}
		case c.Start >= ret-time.Minute:
			if c.Stage != StageUnguided || c.Level != Silent {
				t.Errorf("at %v: stage %v level %v, want unguided silence", c.Start, c.Stage, c.Level)
			}
			if alone == 0 && (len(c.Words) != 1 || c.Words[0].ID != "unguided") {
				t.Errorf("unguided stretch opens with %v, want the word unguided", c.Words)
			}
			alone++
			restBPM = c.BPM()
		}
	}
	if alone < 3 || back < 1 {
		t.Fatalf("%d unguided and %d returning breaths", alone, back)
	}
	if cs[len(cs)-1].Stage != StageReturn {
		t.Errorf("last breath in stage %v", cs[len(cs)-1].Stage)
	}
	sum := s.Summary(d)
	if sum.UnguidedBPM <= 0 || math.Abs(sum.UnguidedBPM-restBPM) > 0.5 || math.Abs(sum.UnguidedGap-math.Abs(restBPM-DefaultTarget)) > 0.5 {
		t.Errorf("unguided pace %.2f (gap %.2f from the target), want about %.2f", sum.UnguidedBPM, sum.UnguidedGap, restBPM)
	}
	// The closing cue sounds at the end.
	cues := s.CuesAt(d-time.Minute, d+time.Minute)
	if last := cues[len(cues)-1]; last.ID != "closing" {
		t.Errorf("last cue %q, want closing", last.ID)
	}
}

func TestPatternLead(t *testing.T) {
	box, _ := Builtin("box")
	s := adaptiveSession(AdaptiveConfig{Lead: true, Listen: true, Pattern: &box}, 10*time.Minute)
	runFollower(s, 10*time.Minute, 5*time.Second, func(time.Duration) (bool, time.Duration) { return true, 0 })
	gs := guided(s.Cycles(10 * time.Minute))
	if math.Abs(gs[0].BPM()-12*meetShare) > 0.3 || gs[0].Toward != box.BPM() {
		t.Errorf("box met at %.2f toward %.2f, want %.2f toward %.2f", gs[0].BPM(), gs[0].Toward, 12*meetShare, box.BPM())
	}
	for _, c := range gs {
		b := c.Breath
		if d := b.Inhale - b.Exhale; d < -ms(2) || d > ms(2) || b.HoldIn-b.HoldOut < -ms(2) || b.HoldIn-b.HoldOut > ms(2) || b.Inhale-b.HoldIn > ms(2) || b.Inhale-b.HoldIn < -ms(2) {
			t.Fatalf("at %v box lost its proportions: %v", c.Start, b)
		}
	}
	var rest bool
	for _, c := range gs {
		rest = rest || c.Stage == StageRest && math.Abs(c.BPM()-box.BPM()) < 0.2
	}
	if !rest {
		t.Error("never reached box's own pace")
	}
}

func TestFixedGuideDecay(t *testing.T) {
	s := fixed(t, "coherent", 20*time.Minute)
	cs := s.Cycles(20 * time.Minute)
	for i, c := range cs {
		want := Tones
		switch {
		case i < 3:
			want = Words
		case c.Start-cs[0].Start >= FixedSilentAfter:
			want = Silent
		}
		if c.Level != want {
			t.Errorf("breath %d at %v: %v, want %v", i+1, c.Start, c.Level, want)
		}
	}
}

func TestNoLeadAccompanies(t *testing.T) {
	s := adaptiveSession(AdaptiveConfig{Listen: true}, 4*time.Minute)
	runFollower(s, 4*time.Minute, 4*time.Second, func(time.Duration) (bool, time.Duration) { return true, 0 })
	for _, c := range guided(s.Cycles(4 * time.Minute)) {
		if c.Stage == StageReturn {
			break
		}
		if math.Abs(c.BPM()-15) > 0.3 || c.Stage == StageLead {
			t.Fatalf("without lead, at %v: %.2f breaths/min in stage %v", c.Start, c.BPM(), c.Stage)
		}
	}
}

func TestGuideFor(t *testing.T) {
	box, _ := Builtin("box")
	tests := []struct {
		name  string
		o     GuideOptions
		label string
		err   string
	}{
		{"default", GuideOptions{Planned: 5 * time.Minute}, "attuned", ""},
		{"no lead", GuideOptions{NoLead: true, Target: 5, Planned: 5 * time.Minute}, "5/min", ""},
		{"pattern", GuideOptions{Pattern: &box, Planned: 5 * time.Minute}, "box", ""},
		{"pattern led", GuideOptions{Pattern: &box, Lead: true, Planned: 5 * time.Minute}, "box, led", ""},
		{"target too fast", GuideOptions{Target: 12, Planned: 5 * time.Minute}, "", "accepted 4 to 10"},
		{"both lead flags", GuideOptions{Lead: true, NoLead: true, Planned: 5 * time.Minute}, "", "give one"},
		{"accompany", GuideOptions{Accompany: true, Planned: 5 * time.Minute}, "accompanied", ""},
		{"accompany a pattern", GuideOptions{Accompany: true, Pattern: &box, Planned: 5 * time.Minute}, "", "without a pattern"},
		{"accompany without leading", GuideOptions{Accompany: true, NoLead: true, Planned: 5 * time.Minute}, "", "without a pattern, --lead or --no-lead"},
		{"unguided too long", GuideOptions{Unguided: 3 * time.Minute, Planned: 5 * time.Minute}, "", "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, label, err := GuideFor(tt.o)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || g == nil || label != tt.label {
				t.Fatalf("GuideFor = %v, %q, %v; want a guide labelled %q", g, label, err, tt.label)
			}
		})
	}
	// No lead: a fixed 1:1.5 breath at the target.
	g, _, _ := GuideFor(GuideOptions{NoLead: true, Target: 6, Planned: 5 * time.Minute, Unguided: time.Minute})
	s := NewSession(Plan{Duration: 5 * time.Minute, Guide: g})
	cs := s.Cycles(5 * time.Minute)
	if b := cs[0].Breath; b.Inhale != 4*time.Second || b.Exhale != 6*time.Second {
		t.Errorf("no-lead breath %v, want 4 in, 6 out", b)
	}
	var alone int
	for _, c := range cs {
		if c.Stage == StageUnguided {
			alone++
			if c.Level != Silent {
				t.Errorf("unguided fixed breath at level %v", c.Level)
			}
		}
	}
	if alone < 5 {
		t.Errorf("%d unguided fixed breaths, want a minute's worth", alone)
	}
}

func BenchmarkAdaptiveState(b *testing.B) {
	s := adaptiveSession(AdaptiveConfig{Lead: true, Listen: true}, 30*time.Minute)
	runFollower(s, 30*time.Minute, 4*time.Second, func(time.Duration) (bool, time.Duration) { return true, 0 })
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.State(time.Duration(i%1800) * time.Second)
	}
}

func BenchmarkAdaptiveObserve(b *testing.B) {
	// A fresh session every 2000 taps, so the event list stays the length
	// of a long session.
	var s *Session
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%2000 == 0 {
			s = adaptiveSession(AdaptiveConfig{Lead: true, Listen: true}, 4*time.Hour)
		}
		s.Observe(Event{Kind: BreathIn, At: SettleTime + time.Duration(i%2000)*4*time.Second})
	}
}

// TestCueIDsKnown checks that every word the engines say is a known voice
// cue id with words for the screen.
func TestCueIDsKnown(t *testing.T) {
	known := map[string]bool{}
	for _, id := range CueIDs() {
		if WordText(id) == "" {
			t.Errorf("cue %q has no text", id)
		}
		known[id] = true
	}
	s := adaptiveSession(AdaptiveConfig{Lead: true, Listen: true, Unguided: time.Minute}, 12*time.Minute)
	runFollower(s, 12*time.Minute, 4*time.Second, func(t time.Duration) (bool, time.Duration) {
		return t < 5*time.Minute || t > 6*time.Minute, 0
	})
	seen := map[string]bool{}
	for _, c := range s.CuesAt(0, 13*time.Minute) {
		if !known[c.ID] {
			t.Errorf("cue id %q at %v is not a voice cue", c.ID, c.At)
		}
		seen[c.ID] = true
	}
	for _, id := range []string{"settle", "arrive", "begin", "follow", "in", "out", "slower", "again", "with-you", "unguided", "return", "closing"} {
		if !seen[id] {
			t.Errorf("a full session never said %q", id)
		}
	}
}

func TestGuideOptionsUsesTarget(t *testing.T) {
	box := Pattern{Inhale: 4 * time.Second, HoldIn: 4 * time.Second, Exhale: 4 * time.Second, HoldOut: 4 * time.Second}
	for _, tt := range []struct {
		name string
		o    GuideOptions
		want bool
	}{
		{"the default session leads", GuideOptions{}, true},
		{"--no-lead keeps the target's pace", GuideOptions{NoLead: true}, true},
		{"--accompany keeps the breather's", GuideOptions{Accompany: true}, false},
		{"a fixed pattern keeps its own", GuideOptions{Pattern: &box}, false},
		{"a led pattern leads", GuideOptions{Pattern: &box, Lead: true}, true},
	} {
		if got := tt.o.UsesTarget(); got != tt.want {
			t.Errorf("%s: UsesTarget = %v", tt.name, got)
		}
	}
}
