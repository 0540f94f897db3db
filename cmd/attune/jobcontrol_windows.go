package main

import (
	"time"

	"github.com/attune-breath/attune/pacing"
)

// pauseWhileStopped does nothing on Windows, which has no job control.
func pauseWhileStopped(*pacing.Session, func() time.Duration) (stop func()) { return func() {} }
