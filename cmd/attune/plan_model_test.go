package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// chatServer answers every chat completion with content, or with status
// when it is not 200.
func chatServer(t *testing.T, status int, content string) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" || status != http.StatusOK {
			http.Error(w, "no", max(status, http.StatusNotFound))
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]any{"role": "assistant", "content": content}}}})
	}))
	t.Cleanup(s.Close)
	return s
}

// TestPlanAsksTheModel: with [plan] url and model set, attune plan asks
// the model; its plan is used, and a failure is one line and the offline
// plan.
func TestPlanAsksTheModel(t *testing.T) {
	const answer = `{"pattern":"extended","lead":true,"target":6,"minutes":12,"sound":["tones","breath"],"show_seconds":false,"still":false,"inline":false,"unguided_minutes":0}`
	for _, tt := range []struct {
		name   string
		status int
		source string
		note   bool
	}{
		{"answers", http.StatusOK, "model", false},
		{"fails", http.StatusInternalServerError, "offline", true},
	} {
		s := chatServer(t, tt.status, answer)
		cfg := writeFile(t, "config.toml", "[plan]\nurl = \""+s.URL+"/v1\"\nmodel = \"test\"\n")
		code, out, errs := runAttune(t, "plan", "--config", cfg, "--history-file", filepath.Join(t.TempDir(), "h"), "--json", "I can't sleep")
		var p struct{ Source, Pattern string }
		if code != exitOK || json.Unmarshal([]byte(out), &p) != nil || p.Source != tt.source {
			t.Errorf("%s: exit %d, %s (%s); want a plan from %s", tt.name, code, out, errs, tt.source)
		}
		if tt.source == "model" && p.Pattern != "extended" {
			t.Errorf("%s: pattern %q, want the model's extended", tt.name, p.Pattern)
		}
		if got := strings.Count(errs, "\n"); tt.note && (got != 1 || !strings.HasPrefix(errs, "attune: ")) || !tt.note && got != 0 {
			t.Errorf("%s: stderr %q", tt.name, errs)
		}
	}
}
