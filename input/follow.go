package input

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// FollowPoll is how often a followed file is looked at again once all of
// it has been read.
const FollowPoll = 100 * time.Millisecond

// Follow reads a regular file as a program appends to it, as tail -f
// does: from its end as it is now (what was written before is not read),
// waiting at the end for more until ctx ends, when reading fails with
// ctx.Err(). A strap program writing to a file (strap > heart.log) can so
// feed a session as a FIFO does. A partial last line waits for its newline.
func Follow(ctx context.Context, f *os.File) (io.Reader, error) {
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		return nil, fmt.Errorf("following %s: %w", f.Name(), err)
	}
	return &follower{ctx: ctx, r: f}, nil
}

// follower is Follow's reader.
type follower struct {
	ctx context.Context
	r   io.Reader
}

// Read reads what there is, and at the end waits for more.
func (f *follower) Read(p []byte) (int, error) {
	for {
		n, err := f.r.Read(p)
		if n > 0 {
			return n, nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, err
		}
		select {
		case <-f.ctx.Done():
			return 0, f.ctx.Err()
		case <-time.After(FollowPoll):
		}
	}
}
