package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRenderCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "s.wav")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"renders", []string{"render", "--out", out, "--sound", "tones,breath", "box", "20s"}, exitOK, "wrote " + out, ""},
		{"session flags", []string{"render", "--out", out, "--pattern", "4-0-4", "--duration", "15s"}, exitOK, "wrote " + out, ""},
		{"bad pattern", []string{"render", "--out", out, "--pattern", "4-x"}, exitUsage, "", "accepted"},
		{"needs --out", []string{"render", "box", "20s"}, exitUsage, "", "needs --out"},
		{"bad sound", []string{"render", "--out", out, "--sound", "music"}, exitUsage, "", "accepted: voice, tones, breath or off"},
		{"bad volume", []string{"render", "--out", out, "--volume-breath", "140"}, exitUsage, "", "accepted: 0-100"},
		{"bad voice name", []string{"render", "--out", out, "--voice", "../x"}, exitUsage, "", "--voice"},
		{"unwritable", []string{"render", "--out", filepath.Join(dir, "no", "such", "dir.wav")}, exitError, "", "creating"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var so, se bytes.Buffer
			code := run(context.Background(), tt.args, strings.NewReader(""), &so, &se)
			if code != tt.code || !strings.Contains(so.String(), tt.stdout) || !strings.Contains(se.String(), tt.stderr) {
				t.Errorf("run(%q) = %d, stdout %q, stderr %q; want %d, %q, %q", tt.args, code, so.String(), se.String(), tt.code, tt.stdout, tt.stderr)
			}
		})
	}
	st, err := os.Stat(out)
	if err != nil || st.Size() < 10*48000*4 {
		t.Errorf("the WAV: %v, %v; want at least 10 s of 16-bit stereo", st, err)
	}
}

func TestVoicesCommand(t *testing.T) {
	var so, se bytes.Buffer
	if code := run(context.Background(), []string{"voices"}, strings.NewReader(""), &so, &se); code != exitOK {
		t.Fatalf("exit %d: %s", code, se.String())
	}
	if !strings.Contains(so.String(), "voice pack") {
		t.Errorf("output %q", so.String())
	}
}
