package input

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/attune-breath/attune/heart"
)

// ReadHeart reads heart lines from r (any form heart.ParseLine accepts)
// until r ends, ctx is done or reading fails, and calls add with each
// reading in order, in the caller's goroutine, with its arrival (now())
// and, when the line carries a time, that time as an offset from startUnix
// (a stamp later than now counts as now; a reading from before startUnix
// is dropped). Blank and comment lines are skipped; malformed ones are
// counted and ignored, never fatal. It returns as Read does.
func ReadHeart(ctx context.Context, r io.Reader, now func() time.Duration, startUnix time.Time, add func(r heart.Reading, arrived time.Duration, stamp *time.Duration)) (malformed int, err error) {
	return Lines(ctx, r, "heart input", func(line []byte) bool {
		rd, err := heart.ParseLine(string(line))
		if errors.Is(err, heart.ErrBlank) {
			return true
		}
		if err != nil {
			return false
		}
		at := now()
		if !rd.At.IsZero() {
			stamp := rd.At.Sub(startUnix)
			if stamp < 0 {
				return true // from before the session
			}
			stamp = min(stamp, at)
			add(rd, at, &stamp)
			return true
		}
		add(rd, at, nil)
		return true
	})
}
