package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/attune-breath/attune/pacing"
	"github.com/attune-breath/attune/serve/client"
	"github.com/attune-breath/attune/serve/wire"
	"github.com/attune-breath/attune/store"
	"github.com/attune-breath/attune/together"
)

// stay is a member's time in a room: the room's breath and when, on the
// room's clock, the member came.
type stay struct {
	c       *client.Client
	room    wire.Message
	sess    *pacing.Session
	joined  time.Time     // on the local clock, for the history
	from    time.Duration // the room's session time on joining
	summary bool          // print the summary line on leaving
}

// newStay begins a stay in the room whose state c was given on joining.
func newStay(c *client.Client, st wire.Message, cfg store.Config) *stay {
	s := &stay{c: c, room: st, joined: time.Now(), summary: cfg.Summary,
		sess: together.Room{Name: st.Room, Start: st.Start, Pattern: st.Pattern, Book: c.Book()}.Session()}
	s.from = s.clock()
	return s
}

// clock is the room's session time now, by the server's clock; 0 before
// the room's breath begins.
func (s *stay) clock() time.Duration { return max(s.c.Now().Sub(s.room.Start), 0) }

// summaryOf sums up the room's breath from session time from to to, as
// the member breathed it: a session with no length of its own, complete
// when left.
func summaryOf(sess *pacing.Session, room, pattern string, from, to time.Duration) pacing.Summary {
	sum := pacing.Summary{Label: pattern + " in " + room, Elapsed: to - from, Planned: to - from, Complete: true}
	for _, c := range sess.Cycles(to) {
		if c.Start < from || c.Start >= to || c.Listen > 0 {
			continue
		}
		sum.Breaths++
		if sum.StartBPM == 0 {
			sum.StartBPM = c.BPM()
		}
		sum.EndBPM = c.BPM()
	}
	if sum.Elapsed > 0 {
		sum.AvgBPM = float64(sum.Breaths) / sum.Elapsed.Minutes()
	}
	return sum
}

// togetherRecord is the history's record of a stay in room, breathing
// pattern (as roomPattern names it), summed up by sum: mode "together",
// with source "together/ROOM" and no pattern when the room's group pacer
// led.
func togetherRecord(sum pacing.Summary, room, pattern string, start, end time.Time, ending store.Ending) store.Record {
	rec := store.FromSummary(sum, start, end, ending)
	if pattern == groupLabel {
		pattern = ""
	}
	rec.Mode, rec.Pattern, rec.Source = store.ModeTogether, pattern, store.TogetherSource(room)
	return rec
}

// historyOf is the history file to write, "" when history is off.
func historyOf(cmd *cobra.Command, cfg store.Config) string {
	if !cfg.History {
		return ""
	}
	return historyPath(cmd)
}

// end records the stay in the history file (none when ""), ended as
// ending says, and prints its summary line; a stay with no breath in it
// (left before the room's breath began) is not recorded. A failure to
// record is a warning.
func (s *stay) end(cmd *cobra.Command, history string, ending store.Ending) {
	pattern := roomPattern(s.room.Pattern)
	sum := summaryOf(s.sess, s.room.Room, pattern, s.from, s.clock())
	if sum.Elapsed <= 0 {
		return
	}
	if history != "" {
		rec := togetherRecord(sum, s.room.Room, pattern, s.joined, time.Now(), ending)
		if err := store.Append(history, rec); err != nil {
			fmt.Fprintf(cmd.ErrOrStderr(), "attune: warning: the time in the room was not recorded: %v\n", err)
		}
	}
	if s.summary {
		fmt.Fprintln(cmd.OutOrStdout(), sum.Line())
	}
}

// groupLabel names the group pacer in a stay's summary line.
const groupLabel = "group"

// roomPattern is the label of the pattern a room breathes, as
// together.Room's Session reads its state's: groupLabel (the group pacer)
// when it names none.
func roomPattern(s string) string {
	p, err := pacing.ParsePattern(s)
	if err != nil || s == "" {
		return groupLabel
	}
	return p.Label()
}
