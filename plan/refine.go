package plan

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Model is a language model that may refine an offline plan: it is given
// the sentence and the offline plan and answers with a plan of its own.
// Its answer is only a suggestion: Refine checks it, clamps it and applies
// the offline safety rules to it again.
type Model interface {
	Plan(ctx context.Context, text string, offline Plan) (Plan, error)
}

// ModelTimeout is how long Refine waits for a model.
const ModelTimeout = 5 * time.Second

// Refine plans the session for text with the model m's help: it computes
// the offline plan, asks m (waiting at most ModelTimeout, and no longer
// than ctx allows), checks and clamps the answer and applies the offline
// safety rules to it again. The plan it returns has Source "model" when
// the model's answer was used; on any failure (an error, a timeout, an
// answer out of bounds or unsafe) it is the offline plan, and note says in
// one line why. note is "" when the model's answer was used unchanged.
func Refine(ctx context.Context, m Model, text string, now time.Time) (p Plan, note string) {
	off := Offline(text, now)
	if m == nil {
		return off, ""
	}
	if off.Crisis {
		return off, "" // crisis stays crisis: no model is asked
	}
	ctx, cancel := context.WithTimeout(ctx, ModelTimeout)
	defer cancel()
	type answer struct {
		p   Plan
		err error
	}
	ch := make(chan answer, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				ch <- answer{err: fmt.Errorf("model failed: %v", r)}
			}
		}()
		q, err := m.Plan(ctx, text, clonePlan(off))
		ch <- answer{q, err}
	}()
	var a answer
	select {
	case a = <-ch:
	case <-ctx.Done():
		return off, "the model did not answer in time; using the offline plan"
	}
	if a.err != nil {
		if errors.Is(a.err, context.DeadlineExceeded) || ctx.Err() != nil {
			return off, "the model did not answer in time; using the offline plan"
		}
		return off, "the model failed (" + oneLine(a.err.Error()) + "); using the offline plan"
	}
	q, err := Check(a.p)
	if err != nil {
		return off, "the model's plan was out of bounds (" + oneLine(err.Error()) + "); using the offline plan"
	}
	if q.Crisis {
		c := crisisPlan()
		c.Source = "model"
		return c, "the model heard a crisis"
	}
	q, fixed := applySafety(q, off, text)
	q.Source = "model"
	q.Reason = reason(q, firstNeed(q), false)
	if fixed != "" {
		return q, "the model's plan was made safe: " + fixed
	}
	return q, ""
}

// Check validates a plan from outside (a model, a file) and returns it
// clamped into bounds: Target 4 to 10, Minutes 10 s to 4 h, Unguided at
// most half the session. It is an error for the pattern not to be a
// built-in or "", for a sound layer to be unknown or repeated, for a
// number not to be finite, or for a crisis answer to carry a session.
func Check(p Plan) (Plan, error) {
	p = clonePlan(p)
	for _, l := range []*[]string{&p.Sound, &p.Needs, &p.Notes} {
		if *l == nil {
			*l = []string{} // the JSON form has [] for none, never null
		}
	}
	if p.Crisis {
		if p.Minutes != 0 || p.Pattern != "" {
			return p, errors.New("a crisis answer carries a session")
		}
		return p, nil
	}
	if p.Pattern != "" && !slices.Contains(Patterns, p.Pattern) {
		return p, fmt.Errorf("pattern %q is not one of %s or empty", p.Pattern, strings.Join(Patterns, ", "))
	}
	for _, f := range []float64{p.Target, p.Minutes, p.UnguidedMinutes} {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return p, errors.New("a number is not finite")
		}
	}
	if p.Minutes <= 0 {
		return p, fmt.Errorf("minutes %g is not a length", p.Minutes)
	}
	if p.Target == 0 {
		p.Target = DefaultTarget
	}
	p.Target = math.Max(MinTarget, math.Min(MaxTarget, p.Target))
	p.Minutes = clampMinutes(p.Minutes)
	seen := map[string]bool{}
	for _, l := range p.Sound {
		if !slices.Contains(SoundLayers, l) || seen[l] {
			return p, fmt.Errorf("sound layer %q is unknown or repeated", l)
		}
		seen[l] = true
	}
	snd := []string{}
	for _, l := range SoundLayers {
		if seen[l] {
			snd = append(snd, l)
		}
	}
	p.Sound = snd
	if p.UnguidedMinutes < 0 {
		p.UnguidedMinutes = 0
	}
	p.UnguidedMinutes = math.Floor(math.Min(p.UnguidedMinutes, p.Minutes/2)*60) / 60
	if len(p.Notes) > 1 {
		p.Notes = p.Notes[:1]
	}
	return p, nil
}

// applySafety applies the offline rules to q: a model may not take a note
// away, add holds where the sentence rules them out, or lead a breather
// who feels dizzy. fixed says what it changed, "" when nothing.
func applySafety(q, off Plan, text string) (Plan, string) {
	var fixed []string
	toks := tokenize(text)
	r := gather(read(toks))
	if ruleOutHolds(r, toks) && hasHolds(q.Pattern) {
		q.Pattern = off.Pattern
		if hasHolds(q.Pattern) {
			q.Pattern = Extended
		}
		fixed = append(fixed, "no breath holds here")
	}
	if r.has(sigDizzy) && !r.has(sigMotion) && (q.Pattern != "" || q.Lead) {
		q.Pattern, q.Lead = "", false
		fixed = append(fixed, "no leading while dizzy")
	}
	// The offline note, if any, is the note: a model neither drops nor
	// replaces a safety note, and adds none of its own.
	q.Notes = slices.Clone(off.Notes)
	if q.Notes == nil {
		q.Notes = []string{}
	}
	for _, n := range q.Needs {
		if !slices.Contains(needOrder, n) {
			q.Needs = nil
			break
		}
	}
	if len(q.Needs) == 0 {
		q.Needs = slices.Clone(off.Needs)
	}
	return q, strings.Join(fixed, "; ")
}

func firstNeed(p Plan) string {
	if len(p.Needs) > 0 {
		return p.Needs[0]
	}
	return ""
}

func clonePlan(p Plan) Plan {
	p.Sound = slices.Clone(p.Sound)
	p.Needs = slices.Clone(p.Needs)
	p.Notes = slices.Clone(p.Notes)
	return p
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}
