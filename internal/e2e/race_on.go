//go:build race

package e2e

// RaceDetector reports whether the tests were built with -race.
const RaceDetector = true
