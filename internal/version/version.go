// Package version says which build of attune is running: the version,
// commit and date that a release build sets with -ldflags, or else what the
// Go toolchain recorded in the binary (the module version, the VCS revision
// and its time) for a go install or a plain go build.
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set by a release build with -ldflags "-X <this package>.Version=…" and so
// on; empty otherwise.
var (
	// Version is the release's version, such as 1.2.0.
	Version string
	// Commit is the full commit hash the release was built from.
	Commit string
	// Date is when the release's commit was made, RFC 3339.
	Date string
)

// Unknown stands in for a field that the build did not record.
const Unknown = "unknown"

// Info describes one build of attune.
type Info struct {
	Version   string // a release version, a module version, or (devel)
	Commit    string // the commit hash, or Unknown
	Date      string // the commit's time, RFC 3339, or Unknown
	Modified  bool   // built from a work tree with uncommitted changes
	GoVersion string // the Go toolchain that built it
	Platform  string // GOOS/GOARCH
}

// Get describes the running binary.
func Get() Info {
	bi, _ := debug.ReadBuildInfo() // nil when the binary has none
	return From(Info{Version: Version, Commit: Commit, Date: Date}, bi)
}

// From combines what a release build set with -ldflags (ld) with the build
// information the toolchain recorded (bi, nil when there is none): a field
// set by -ldflags wins, and every field ends up non-empty.
func From(ld Info, bi *debug.BuildInfo) Info {
	info := ld
	info.GoVersion = runtime.Version()
	info.Platform = runtime.GOOS + "/" + runtime.GOARCH
	if bi != nil {
		if bi.GoVersion != "" {
			info.GoVersion = bi.GoVersion
		}
		if info.Version == "" {
			info.Version = bi.Main.Version
		}
		fromSettings(&info, bi.Settings, ld.Commit == "")
	}
	if info.Version == "" {
		info.Version = "(devel)"
	}
	if info.Commit == "" {
		info.Commit = Unknown
	}
	if info.Date == "" {
		info.Date = Unknown
	}
	return info
}

// fromSettings fills the commit, its time and the platform from the
// toolchain's build settings; vcs says whether the VCS fields may be used
// (not when -ldflags named the commit).
func fromSettings(info *Info, settings []debug.BuildSetting, vcs bool) {
	var goos, goarch string
	for _, s := range settings {
		switch s.Key {
		case "GOOS":
			goos = s.Value
		case "GOARCH":
			goarch = s.Value
		case "vcs.revision":
			if vcs {
				info.Commit = s.Value
			}
		case "vcs.time":
			if vcs && info.Date == "" {
				info.Date = s.Value
			}
		case "vcs.modified":
			if vcs {
				info.Modified = s.Value == "true"
			}
		}
	}
	if goos != "" && goarch != "" {
		info.Platform = goos + "/" + goarch
	}
}

// String is the build in full, one field a line, as attune version prints
// it.
func (i Info) String() string {
	commit := i.Commit
	if i.Modified {
		commit += " (with uncommitted changes)"
	}
	return fmt.Sprintf("attune %s\ncommit: %s\nbuilt:  %s\ngo:     %s %s\n",
		i.Version, commit, i.Date, i.GoVersion, i.Platform)
}
