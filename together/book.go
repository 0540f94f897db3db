package together

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/attune-breath/attune/pacing"
)

// Book is the cycles a room without a pattern has decided, as far as this
// process has heard of them. It is the guide of every member's session
// here (Room.Session): a member's session takes each cycle from the book
// when it begins, so every member draws the cycles the room's decider
// published. Safe for use by several goroutines.
type Book struct {
	mu      sync.Mutex
	cycles  []pacing.Cycle // by Start, ascending
	changed chan struct{}
}

// NewBook is an empty book.
func NewBook() *Book { return &Book{changed: make(chan struct{})} }

// Add records decided cycles; a cycle whose start is known already is
// left as it was (a decided cycle never changes). It reports whether it
// added any.
func (b *Book) Add(cs ...pacing.Cycle) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	added := false
	for _, c := range cs {
		i, found := slices.BinarySearchFunc(b.cycles, c.Start, byStart)
		if found {
			continue
		}
		b.cycles = slices.Insert(b.cycles, i, c)
		added = true
	}
	if n := len(b.cycles); n > bookKeep {
		b.cycles = slices.Delete(b.cycles, 0, n-bookKeep)
	}
	if added {
		close(b.changed)
		b.changed = make(chan struct{})
	}
	return added
}

// byStart orders a cycle against a start, for binary searches by start.
func byStart(c pacing.Cycle, t time.Duration) int { return cmp.Compare(c.Start, t) }

// bookKeep is how many cycles a book keeps: enough for a member joining
// (or coming back) to find the room's recent breath.
const bookKeep = 64

// Since is the cycles beginning at or after t, oldest first.
func (b *Book) Since(t time.Duration) []pacing.Cycle {
	b.mu.Lock()
	defer b.mu.Unlock()
	i, _ := slices.BinarySearchFunc(b.cycles, t, byStart)
	return slices.Clone(b.cycles[i:])
}

// Changed is closed when cycles are next added.
func (b *Book) Changed() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.changed
}

// Next gives a member's session the room's cycle that begins at start:
// the one decided, when it is known; before the first known cycle, a
// quiet listening stretch up to it (a member who joined late); when the
// decider has not published in time, the last cycle again (pacing.Repeat),
// as every member and the next decider do alike; and when the member's
// breath and the room's have come apart, a breath stretched or shrunk to
// meet the room's next cycle, so that the orb never jumps.
func (b *Book) Next(start time.Duration, past []pacing.Cycle, _ []pacing.Event) pacing.Cycle {
	b.mu.Lock()
	defer b.mu.Unlock()
	i, found := slices.BinarySearchFunc(b.cycles, start, byStart)
	if found {
		return b.cycles[i]
	}
	var prev *pacing.Cycle
	if n := len(past); n > 0 {
		prev = &past[n-1]
	}
	switch {
	case i == len(b.cycles) && prev == nil:
		return pacing.Group{}.Next(start, nil, nil)
	case i == len(b.cycles):
		return pacing.Repeat(*prev, start)
	case prev == nil:
		return pacing.Cycle{Start: start, Listen: b.cycles[i].Start - start, Stage: pacing.StageArrive, Level: pacing.Silent}
	}
	// Apart: meet the first of the room's cycles at least a second away.
	for i < len(b.cycles) && b.cycles[i].Start-start < time.Second {
		i++
	}
	if i == len(b.cycles) || b.cycles[i].Start-start > 2*prev.Len() {
		return pacing.Repeat(*prev, start)
	}
	return pacing.Stretch(pacing.Repeat(*prev, start), b.cycles[i].Start-start)
}
