package main

import (
	"context"
	"time"

	"github.com/attune-breath/attune/plan"
	"github.com/attune-breath/attune/store"
)

// planNow is the planner attune plan uses: planFor, or a stand-in in tests.
var planNow = planFor

// planFor plans text as of now: offline, or refined by the model m names
// when it names both a server and a model. note is a line to show from the
// refining (such as the model not answering), "" for none.
func planFor(ctx context.Context, m store.PlanModel, text string, now time.Time) (p plan.Plan, note string) {
	if m.URL == "" || m.Model == "" {
		return plan.Offline(text, now), ""
	}
	return refine(ctx, m, text, now)
}

// refine asks the model m names to refine the plan for text: the only use
// of the network in attune.
func refine(_ context.Context, _ store.PlanModel, text string, now time.Time) (plan.Plan, string) {
	// Wiring point: plan.Refine(ctx, openai.New(m.URL, m.Model, &http.Client{}), text, now).
	return plan.Offline(text, now), "the model set under [plan] is not asked yet: this attune plans offline"
}
