package openai_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/attune-breath/attune/plan"
	"github.com/attune-breath/attune/plan/openai"
)

var now = time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

// server answers every chat completion with content, after delay.
func server(t *testing.T, content string, delay time.Duration) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost {
			http.NotFound(w, r)
			return
		}
		var req map[string]any
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &req); err != nil || req["response_format"] == nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]any{"role": "assistant", "content": content}}}})
	}))
	t.Cleanup(s.Close)
	return s
}

const good = `{"pattern":"extended","lead":true,"target":6,"minutes":12,"sound":["tones","breath"],"show_seconds":false,"still":false,"inline":false,"unguided_minutes":3}`

func TestRefine(t *testing.T) {
	for _, c := range []struct {
		name, text, content string
		delay               time.Duration
		ctxTimeout          time.Duration
		source, pattern     string
		minutes             float64
		lead                bool
		note                bool
	}{
		{name: "good", text: "I can't sleep", content: good, source: "model", pattern: "extended", minutes: 12, lead: true},
		{name: "malformed", text: "I can't sleep", content: `{"pattern": "extended", `, source: "offline", pattern: "478", minutes: 10, lead: true, note: true},
		{name: "outside the schema", text: "I can't sleep", content: strings.Replace(good, `"extended"`, `"wimhof"`, 1), source: "offline", pattern: "478", minutes: 10, lead: true, note: true},
		{name: "an unknown field", text: "I can't sleep", content: strings.Replace(good, `"still"`, `"hold_seconds":30,"still"`, 1), source: "offline", pattern: "478", minutes: 10, lead: true, note: true},
		{name: "slow", text: "I can't sleep", content: good, delay: 2 * time.Second, ctxTimeout: 50 * time.Millisecond, source: "offline", pattern: "478", minutes: 10, lead: true, note: true},
		{name: "holds for panic", text: "I'm having a panic attack", content: strings.Replace(good, `"extended"`, `"box"`, 1), source: "model", pattern: "", minutes: 12, lead: true, note: true},
		{name: "lead while dizzy", text: "I feel dizzy and tingly", content: good, source: "model", pattern: "", minutes: 12, lead: false, note: true},
		{name: "clamped", text: "stressed", content: strings.Replace(strings.Replace(good, `"minutes":12`, `"minutes":900`, 1), `"target":6`, `"target":2`, 1), source: "model", pattern: "extended", minutes: 240, lead: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := server(t, c.content, c.delay)
			ctx := context.Background()
			if c.ctxTimeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, c.ctxTimeout)
				defer cancel()
			}
			start := time.Now()
			p, note := plan.Refine(ctx, openai.New(s.URL+"/v1", "test", s.Client()), c.text, now)
			if time.Since(start) > time.Second {
				t.Errorf("Refine took %v", time.Since(start))
			}
			if p.Source != c.source || p.Pattern != c.pattern || p.Minutes != c.minutes || p.Lead != c.lead {
				t.Errorf("got %s %q %g lead %v, want %s %q %g lead %v (note %q)", p.Source, p.Pattern, p.Minutes, p.Lead, c.source, c.pattern, c.minutes, c.lead, note)
			}
			if (note != "") != c.note || strings.Contains(note, "\n") {
				t.Errorf("note %q, want one: %v", note, c.note)
			}
			if p.Target < plan.MinTarget || p.Target > plan.MaxTarget {
				t.Errorf("target %g out of range", p.Target)
			}
		})
	}
}

func TestRefineKeepsCrisis(t *testing.T) {
	s := server(t, good, 0)
	p, _ := plan.Refine(context.Background(), openai.New(s.URL+"/v1", "test", nil), "I want to end my life", now)
	if !p.Crisis || p.Minutes != 0 || len(p.Flags()) != 0 {
		t.Errorf("a crisis answer was replaced: %+v", p)
	}
}

func TestRefineServerDown(t *testing.T) {
	s := server(t, good, 0)
	s.Close()
	p, note := plan.Refine(context.Background(), openai.New(s.URL+"/v1", "test", nil), "need to focus", now)
	if p.Source != "offline" || note == "" {
		t.Errorf("got %+v, note %q", p, note)
	}
}
