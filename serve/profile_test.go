package serve

import (
	"strings"
	"testing"
	"time"
)

// TestServeColourProfile checks that each session's screen is drawn for
// its own client's colours: true colour where the client says so, the
// 256-colour palette where its terminal type has it.
func TestServeColourProfile(t *testing.T) {
	rooms := newMemRooms(time.Now().Add(-time.Minute))
	_, addr := startServer(t, rooms, Config{})
	for _, c := range []struct {
		name, colorterm, want, not string
	}{
		{"truecolor", "truecolor", "38;2;", ""},
		{"256", "", "38;5;", "38;2;"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cl := dial(t, addr, "calm")
			s, err := cl.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			if c.colorterm != "" {
				if err := s.Setenv("COLORTERM", c.colorterm); err != nil {
					t.Fatal(err)
				}
			}
			out := &syncBuf{}
			s.Stdout, s.Stderr = out, out
			in, err := s.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := s.RequestPty("xterm-256color", 24, 80, nil); err != nil {
				t.Fatal(err)
			}
			if err := s.Shell(); err != nil {
				t.Fatal(err)
			}
			waitOut(t, out, "breathing here", 5*time.Second)
			deadline := time.Now().Add(10 * time.Second)
			for !strings.Contains(out.raw(), c.want) && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if !strings.Contains(out.raw(), c.want) || c.not != "" && strings.Contains(out.raw(), c.not) {
				t.Errorf("the screen should be drawn with %q and without %q:\n%q", c.want, c.not, out.raw())
			}
			_, _ = in.Write([]byte("q"))
			_ = s.Wait()
		})
	}
}
