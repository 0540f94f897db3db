package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/audio"
	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/serve/client"
	"github.com/attune-breath/attune/serve/wire"
	"github.com/attune-breath/attune/together"
	"github.com/attune-breath/attune/tui"
)

func init() { register(newTogetherCmd) }

// togetherFlags are attune together's own settings; the screen's and the
// sound's come from the config file and the flags that override it.
type togetherFlags struct {
	server, knownHosts string
	pattern            string // of a room this member makes
	identities         []string
}

func newTogetherCmd() *cobra.Command {
	var f togetherFlags
	cmd := &cobra.Command{
		Use:   "together ROOM [pattern]",
		Short: "Breathe in a room of an attune server, with the screen and the sound here",
		Long: `attune together joins a room of an 'attune serve' over SSH, with your own
keys (~/.ssh and the SSH agent) and your known_hosts, as ssh does. The room's
breath is drawn here and sounded here — voice, tones, breath — in step with
everyone in the room: attune keeps the server's clock offset and follows the
room's own clock. space taps the room as an in-breath begins; q leaves.

A room made with a pattern (the second word, as 'attune patterns' lists, or
in-hold-out[-hold] seconds) breathes it; a room made without one has the
group pacer: it listens for 20 seconds, meets the median pace of those who
tap, and leads gently toward 6 breaths a minute while most who tap are in
step. A room that exists keeps its own.

The config file sets the sound, voice, volumes, theme and reduced motion as
for a solo session, and the flags override it; the time in the room is
recorded in the history (source together/ROOM) unless --no-history.`,
		Example: `  attune together calm                          the room calm on localhost:2222
  attune together calm box                      make the room calm breathing box
  attune together calm --server breathe.example.org
  attune together calm --server 10.0.0.5:2200 --sound tones`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return usagef("attune together takes a room and, optionally, a pattern (%d words given), such as: attune together calm box; a room is %s", len(args), together.RoomForm)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 2 {
				f.pattern = args[1]
			}
			return runTogether(cmd, args[0], f)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&f.server, "server", client.DefaultServer, "the attune server, host[:port]")
	fs.StringSliceVar(&f.identities, "identity", nil, "a private key file (default ~/.ssh/id_ed25519, id_ecdsa, id_rsa, and the SSH agent)")
	fs.StringVar(&f.knownHosts, "known-hosts", "", "the known_hosts file (default ~/.ssh/known_hosts)")
	fs.String("theme", "auto", "colours: auto, dark or light")
	fs.Bool("still", false, "reduced motion: the orb keeps its size and brightens and dims instead")
	fs.Bool("no-count", false, "hide the seconds left in each phase")
	fs.Bool("no-history", false, "do not record the time in the room in the history")
	fs.Bool("no-summary", false, "do not print the one-line summary on leaving")
	addConfigFlag(cmd)
	addHistoryFlag(cmd)
	addSoundFlags(fs)
	return cmd
}

// runTogether joins the room and breathes in it until the member leaves,
// then records the time there.
func runTogether(cmd *cobra.Command, room string, f togetherFlags) error {
	if err := together.ValidRoom(room); err != nil {
		return usagef("%v", err)
	}
	if err := checkServer(f.server); err != nil {
		return err
	}
	for _, id := range f.identities {
		if err := client.CheckIdentity(id); err != nil {
			return usagef("--identity %s: %v; accepted: a private key file, such as ~/.ssh/id_ed25519", id, err)
		}
	}
	if f.pattern != "" {
		p, err := pacing.ParsePattern(f.pattern)
		if err != nil {
			return usagef("%v", err)
		}
		if b, ok := pacing.Builtin(f.pattern); ok {
			f.pattern = b.Name
		} else {
			f.pattern = p.String()
		}
	}
	cfg, _, err := loadConfig(cmd)
	if err != nil {
		return err
	}
	snd, err := soundFromConfig(cmd, cfg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	sig := watchSignals(cancel)
	defer sig.stop()
	c := client.New(client.Config{Server: f.server, Room: room, Pattern: f.pattern, Identities: f.identities, KnownHosts: f.knownHosts,
		AgentSocket: os.Getenv("SSH_AUTH_SOCK"), Ask: askYesNo(cmd.InOrStdin(), cmd.ErrOrStderr())})
	k, err := c.Dial(ctx)
	if err != nil {
		return fmt.Errorf("joining room %s on %s: %w", room, c.Server(), err)
	}
	st := k.State()
	stay := newStay(c, st, cfg)
	view := tui.Options{Still: cfg.ReducedMotion, HideCount: !cfg.ShowSeconds, Theme: cfg.Theme, NoColor: os.Getenv("NO_COLOR") != ""}
	var player *audio.Player
	if snd.Layers != 0 {
		player = audio.NewPlayer(stay.sess, stay.clock, snd)
		player.Start()
		view.Sound = soundControl{player}
	}
	err = followRoom(ctx, cmd, c, k, tui.NewRoom(stay.sess, tui.RoomOptions{Options: view, Room: st.Room, Self: st.You,
		Start: st.Start, Present: st.Present, Now: c.Now, Tap: func(time.Time) { c.Tap() }, SoundKeys: true}))
	if player != nil {
		player.Close()
	}
	cancel()
	stay.end(cmd, historyOf(cmd, cfg), sig.ending(true))
	return err
}

// followRoom runs the room's screen r and hands it the news of the room
// from c, on k first, until the member leaves or ctx ends.
func followRoom(ctx context.Context, cmd *cobra.Command, c *client.Client, k *client.Conn, r tui.Room) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	st := k.State()
	in := cmd.InOrStdin()
	if in == os.Stdin {
		in = nil
	}
	followed := make(chan struct{})
	err := tui.RunRoom(ctx, r, in, cmd.OutOrStdout(), os.Environ(), func(send func(tea.Msg)) {
		go func() {
			defer close(followed)
			c.Run(ctx, k, func(ev client.Event) { roomNews(ev, st, send) })
		}()
	})
	cancel()
	<-followed
	return err
}

// roomNews hands the client's news to the screen.
func roomNews(ev client.Event, joined wire.Message, send func(tea.Msg)) {
	switch ev.Kind {
	case client.StateChanged:
		send(tui.RoomMsg{Present: ev.State.Present})
	case client.Tapped:
		send(tui.RoomMsg{Tapped: []string{ev.Name}})
	case client.Lost:
		send(tui.RoomNoteMsg(fmt.Sprintf("connection lost, again in %s", ev.Retry)))
		send(tui.RoomMsg{Unknown: true})
	case client.Back:
		note := ""
		if !ev.State.Start.Equal(joined.Start) || ev.State.Pattern != joined.Pattern {
			note = "the room began anew: leave and join again to follow it"
		}
		send(tui.RoomNoteMsg(note))
		send(tui.RoomMsg{Present: ev.State.Present})
	}
}

// askYesNo asks on out, as ssh does, and reads the answer from in a byte at
// a time (what follows is the screen's): yes or no, asked again otherwise;
// the end of in is a no.
func askYesNo(in io.Reader, out io.Writer) func(question string) bool {
	return func(q string) bool {
		fmt.Fprint(out, q)
		for {
			line, err := readAnswer(in)
			switch strings.ToLower(strings.TrimSpace(line)) {
			case "yes":
				return true
			case "no":
				return false
			}
			if err != nil {
				fmt.Fprintln(out)
				return false
			}
			fmt.Fprint(out, "Please type 'yes' or 'no': ")
		}
	}
}

// readAnswer reads up to a newline, a byte at a time, at most 256 bytes.
func readAnswer(in io.Reader) (string, error) {
	var b []byte
	one := make([]byte, 1)
	for len(b) < 256 {
		n, err := in.Read(one)
		if n == 1 {
			if one[0] == '\n' {
				return string(b), nil
			}
			b = append(b, one[0])
		}
		if err != nil {
			return string(b), err
		}
	}
	return string(b), nil
}

// checkServer finds the user's mistake in --server: a port that is none.
// A host alone is joined on port 2222.
func checkServer(server string) error {
	_, port, err := net.SplitHostPort(server)
	if err != nil {
		return nil
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return usagef("--server %s: port %q not accepted: host[:port], a port from 1 to 65535", server, port)
	}
	return nil
}
