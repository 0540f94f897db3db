// Package openai asks a local language model, behind an OpenAI-compatible
// chat completions endpoint (Ollama, llama.cpp's server, LM Studio…), to
// refine a plan. It implements plan.Model with plain net/http; the answer
// is constrained by a JSON schema that allows only a plan's fields and
// values, and plan.Refine checks it again.
package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/attune-breath/attune/plan"
)

// Client is a chat completions endpoint and the model to ask there.
type Client struct {
	url   string
	model string
	http  *http.Client
}

// New returns a client for the endpoint at url (such as
// "http://localhost:11434/v1"; "/chat/completions" is appended) asking
// model. A nil client means http.DefaultClient.
func New(url, model string, client *http.Client) *Client {
	if client == nil {
		client = http.DefaultClient
	}
	return &Client{url: strings.TrimRight(url, "/"), model: model, http: client}
}

// maxBody is the most of a response read.
const maxBody = 1 << 20

// system tells the model what it is for.
const system = `You choose a breathing session for attune, a terminal breathing companion, from what a person wrote.
Answer only with JSON matching the schema. Patterns: "" (meet the person's pace and lead toward target breaths/min),
"coherent" (5 in, 6 out), "box" (4-4-4-4, holds), "478" (4 in, 7 hold, 8 out), "sigh" (cyclic sighing: in, top-up, long out),
"extended" (4 in, 8 out). lead: a pattern starts from the person's own pace. Never breath holds (box, 478) for panic,
pregnancy, heart or lung conditions or someone who dislikes holds. Dizziness or tingling: pattern "" and lead false.
Sleep: no count, tones and breath. Keep minutes the person asked for. You are given the offline plan: change it only
where it clearly misreads the person. Never claim to treat anything.`

// Schema is the JSON schema the model's answer must follow: a plan's
// settings, with only the values attune accepts.
var Schema = map[string]any{
	"type": "object",
	"properties": map[string]any{
		"pattern":          map[string]any{"type": "string", "enum": append([]string{""}, plan.Patterns...)},
		"lead":             map[string]any{"type": "boolean"},
		"target":           map[string]any{"type": "number", "minimum": plan.MinTarget, "maximum": plan.MaxTarget},
		"minutes":          map[string]any{"type": "number", "minimum": plan.MinMinutes, "maximum": plan.MaxMinutes},
		"sound":            map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": plan.SoundLayers}, "uniqueItems": true, "maxItems": 3},
		"show_seconds":     map[string]any{"type": "boolean"},
		"still":            map[string]any{"type": "boolean"},
		"inline":           map[string]any{"type": "boolean"},
		"unguided_minutes": map[string]any{"type": "number", "minimum": 0, "maximum": plan.MaxMinutes / 2},
	},
	"required":             []string{"pattern", "lead", "target", "minutes", "sound", "show_seconds", "still", "inline", "unguided_minutes"},
	"additionalProperties": false,
}

type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type request struct {
	Model          string         `json:"model"`
	Messages       []message      `json:"messages"`
	Temperature    float64        `json:"temperature"`
	ResponseFormat map[string]any `json:"response_format"`
	Stream         bool           `json:"stream"`
}

type response struct {
	Choices []struct {
		Message message `json:"message"`
	} `json:"choices"`
}

// answer is the part of a plan the model may set.
type answer struct {
	Pattern         *string  `json:"pattern"`
	Lead            *bool    `json:"lead"`
	Target          *float64 `json:"target"`
	Minutes         *float64 `json:"minutes"`
	Sound           []string `json:"sound"`
	ShowSeconds     *bool    `json:"show_seconds"`
	Still           *bool    `json:"still"`
	Inline          *bool    `json:"inline"`
	UnguidedMinutes *float64 `json:"unguided_minutes"`
}

// Plan asks the model for a plan for text, given the offline one. The
// model's settings replace the offline plan's; the needs, notes and the
// reason stay the offline plan's for plan.Refine to recheck.
func (c *Client) Plan(ctx context.Context, text string, offline plan.Plan) (plan.Plan, error) {
	off, err := json.Marshal(offline)
	if err != nil {
		return plan.Plan{}, err
	}
	body, err := json.Marshal(request{
		Model: c.model,
		Messages: []message{
			{Role: "system", Content: system},
			{Role: "user", Content: "What they wrote: " + text + "\nThe offline plan: " + string(off)},
		},
		ResponseFormat: map[string]any{
			"type":        "json_schema",
			"json_schema": map[string]any{"name": "plan", "strict": true, "schema": Schema},
		},
	})
	if err != nil {
		return plan.Plan{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/chat/completions", bytes.NewReader(body))
	if err != nil {
		return plan.Plan{}, fmt.Errorf("model request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return plan.Plan{}, fmt.Errorf("asking the model at %s: %w", c.url, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, maxBody))
	if err != nil {
		return plan.Plan{}, fmt.Errorf("reading the model's answer: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		return plan.Plan{}, fmt.Errorf("the model at %s answered %s", c.url, res.Status)
	}
	var r response
	if err := json.Unmarshal(data, &r); err != nil {
		return plan.Plan{}, fmt.Errorf("the model's answer is not a chat completion: %w", err)
	}
	if len(r.Choices) == 0 {
		return plan.Plan{}, errors.New("the model's answer has no choices")
	}
	return decode(r.Choices[0].Message.Content, offline)
}

// decode reads the model's message, a JSON object of the schema's fields,
// over the offline plan. Unknown fields and missing ones are errors.
func decode(content string, offline plan.Plan) (plan.Plan, error) {
	content = strings.TrimSpace(content)
	content = strings.TrimPrefix(content, "```json")
	content = strings.Trim(content, "`\n ")
	dec := json.NewDecoder(strings.NewReader(content))
	dec.DisallowUnknownFields()
	var a answer
	if err := dec.Decode(&a); err != nil {
		return plan.Plan{}, fmt.Errorf("the model's plan is not the schema's JSON: %w", err)
	}
	if a.Pattern == nil || a.Lead == nil || a.Target == nil || a.Minutes == nil || a.Sound == nil ||
		a.ShowSeconds == nil || a.Still == nil || a.Inline == nil || a.UnguidedMinutes == nil {
		return plan.Plan{}, errors.New("the model's plan lacks a field")
	}
	p := offline
	p.Pattern, p.Lead, p.Target, p.Minutes = *a.Pattern, *a.Lead, *a.Target, *a.Minutes
	p.Sound = a.Sound
	p.ShowSeconds, p.Still, p.Inline, p.UnguidedMinutes = *a.ShowSeconds, *a.Still, *a.Inline, *a.UnguidedMinutes
	return p, nil
}
