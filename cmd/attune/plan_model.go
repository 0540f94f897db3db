package main

import (
	"context"
	"net/http"
	"time"

	"github.com/attune-breath/attune/plan"
	"github.com/attune-breath/attune/plan/openai"
	"github.com/attune-breath/attune/store"
)

// planNow is the planner attune plan uses: planFor, or a stand-in in tests.
var planNow = planFor

// planFor plans text as of now: offline, or refined by the model m names
// when it names both a server and a model (the only use of the network in
// attune). note is a line to show from the refining, such as the model not
// answering; "" for none.
func planFor(ctx context.Context, m store.PlanModel, text string, now time.Time) (p plan.Plan, note string) {
	if m.URL == "" || m.Model == "" {
		return plan.Offline(text, now), ""
	}
	return plan.Refine(ctx, openai.New(m.URL, m.Model, &http.Client{}), text, now)
}
