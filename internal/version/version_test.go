package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFrom(t *testing.T) {
	vcs := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "github.com/attune-breath/attune", Version: "(devel)"},
		Settings: []debug.BuildSetting{
			{Key: "GOOS", Value: "freebsd"},
			{Key: "GOARCH", Value: "amd64"},
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-12-01T17:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	installed := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "github.com/attune-breath/attune", Version: "v1.2.0"},
	}
	tests := []struct {
		name string
		ld   Info
		bi   *debug.BuildInfo
		want Info
	}{
		{"go build in a checkout", Info{}, vcs, Info{Version: "(devel)", Commit: "0123456789abcdef0123456789abcdef01234567",
			Date: "2026-12-01T17:00:00Z", Modified: true, GoVersion: "go1.26.8", Platform: "freebsd/amd64"}},
		{"go install from the proxy", Info{}, installed, Info{Version: "v1.2.0", Commit: Unknown, Date: Unknown,
			GoVersion: "go1.26.8", Platform: "linux/amd64"}},
		{"release build", Info{Version: "1.3.0", Commit: "fedcba", Date: "2026-12-02T09:00:00Z"}, vcs,
			Info{Version: "1.3.0", Commit: "fedcba", Date: "2026-12-02T09:00:00Z", GoVersion: "go1.26.8", Platform: "freebsd/amd64"}},
		{"no build information", Info{}, nil, Info{Version: "(devel)", Commit: Unknown, Date: Unknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := From(tt.ld, tt.bi)
			if tt.bi == nil || tt.bi.Settings == nil {
				// The platform and Go version come from the running
				// toolchain then; only check they are there.
				if got.GoVersion == "" || got.Platform == "" {
					t.Errorf("From(%+v, %v) = %+v: empty Go version or platform", tt.ld, tt.bi, got)
				}
				got.Platform, tt.want.Platform = "", ""
				if tt.bi == nil {
					got.GoVersion, tt.want.GoVersion = "", ""
				}
			}
			if got != tt.want {
				t.Errorf("From(%+v, …) =\n %+v\nwant\n %+v", tt.ld, got, tt.want)
			}
		})
	}
}

func TestStringHasNoEmptyField(t *testing.T) {
	for _, info := range []Info{From(Info{}, nil), Get()} {
		s := info.String()
		lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
		if len(lines) != 4 {
			t.Fatalf("String() has %d lines, want 4:\n%s", len(lines), s)
		}
		for _, l := range lines {
			if _, v, _ := strings.Cut(l, " "); strings.TrimSpace(v) == "" {
				t.Errorf("String() line %q has no value:\n%s", l, s)
			}
		}
	}
	if s := (Info{Version: "1.0.0", Commit: "abc", Date: "d", Modified: true, GoVersion: "go1.26.8", Platform: "linux/arm64"}).String(); !strings.Contains(s, "commit: abc (with uncommitted changes)\n") {
		t.Errorf("a modified build's String() does not say so:\n%s", s)
	}
}
