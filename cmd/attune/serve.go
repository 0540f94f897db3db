package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"github.com/attune-breath/attune/serve"
	"github.com/attune-breath/attune/together"
)

func init() { register(newServeCmd) }

// serveFlags are attune serve's settings.
type serveFlags struct {
	listen, hostKey, nats string
	maxSessions           int
	idle, maxLength       time.Duration
}

func newServeCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Breathe together: an SSH server where each session joins a room",
		Long: `attune serve is an SSH server where people breathe together: each session
gets attune's breathing screen for its room, in step with everyone in it, and
sees how many breathe there and when another begins an in-breath.

  ssh -p 2222 host                 the lobby (ssh sends your login name; a
                                   login of the server's machine, or root,
                                   joins the lobby; any other: its room)
  ssh -p 2222 lobby@host           the lobby, whoever you are
  ssh -p 2222 calm@host            the room calm
  ssh -p 2222 -t host calm box     the room calm, breathing box if it is new
  ssh -p 2222 -t host calm box 5m  ... and leave after 5 minutes (10s to 4h)

A room made with a pattern breathes it. A room made without one meets its
members: it listens for 20 seconds, starts a little slower than the median
pace of those who tap space as they breathe in, and leads gently toward 6
breaths a minute while most who tap keep with it; it holds when most do not
and never speeds up.

Room names are 1 to 32 of a-z, 0-9 and -. Names shown to others are made
from each client's key, never typed. There is no sound over SSH: 'attune
together ROOM --server host:2222' draws and plays the room on your own
machine.

Several servers given the same --nats serve the same rooms: one of them
decides each room's breath, and another takes over within seconds if it
goes. The server collects garbage at GOGC 50 unless GOGC is set.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(cmd, f) },
	}
	fs := cmd.Flags()
	fs.StringVar(&f.listen, "listen", ":2222", "address to listen on")
	fs.StringVar(&f.hostKey, "host-key", "", "host key file, made (ed25519, mode 0600) if missing (default "+serve.DefaultHostKey()+")")
	fs.StringVar(&f.nats, "nats", "", "NATS server or cluster URL for the rooms (default: an embedded server)")
	fs.IntVar(&f.maxSessions, "max-sessions", serve.DefaultMaxSessions, "most sessions at once")
	fs.DurationVar(&f.idle, "idle", serve.DefaultIdle, "goodbye after this long without a key (0: never)")
	fs.DurationVar(&f.maxLength, "max-length", serve.DefaultLimit, "the longest a session lasts (0: no limit)")
	return cmd
}

// runServe serves until SIGINT or SIGTERM.
func runServe(cmd *cobra.Command, f serveFlags) error {
	if f.maxSessions < 1 {
		return usagef("--max-sessions %d not accepted: a whole number of at least 1", f.maxSessions)
	}
	if _, port, err := net.SplitHostPort(f.listen); err != nil || !validPort(port) {
		return usagef("--listen %q not accepted: an address and port such as :2222 or 127.0.0.1:2222 (port 0 to 65535)", f.listen)
	}
	if f.idle < 0 || f.maxLength < 0 {
		return usagef("--idle and --max-length take a duration of 0 or more, such as 30m or 4h")
	}
	if f.hostKey == "" {
		f.hostKey = serve.DefaultHostKey()
	}
	key, err := serve.HostKey(f.hostKey)
	if err != nil {
		return err
	}
	serve.TuneGC()
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hub, err := together.Open(ctx, together.Options{URL: f.nats})
	if err != nil {
		return fmt.Errorf("opening the rooms: %w", err)
	}
	defer func() { _ = hub.Close() }()
	log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
	srv, err := serve.New(serve.Config{Listen: f.listen, HostKey: key, MaxSessions: f.maxSessions,
		Idle: f.idle, Limit: f.maxLength, Log: log}, serve.Hub(hub))
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", f.listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", f.listen, err)
	}
	log.Info("attune serve listening", "addr", l.Addr().String(), "host_key", f.hostKey, "fingerprint", fingerprint(key))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("attune serve stopping", "sessions", srv.Sessions())
	sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	return <-served
}

// validPort reports whether port is a port number, 0 to 65535.
func validPort(port string) bool {
	n, err := strconv.Atoi(port)
	return err == nil && n >= 0 && n <= 65535
}

// fingerprint is the host key's SHA256 fingerprint, as ssh shows it.
func fingerprint(pem []byte) string {
	s, err := gossh.ParsePrivateKey(pem)
	if err != nil {
		return "?"
	}
	return gossh.FingerprintSHA256(s.PublicKey())
}
