package analysis

import (
	"fmt"
	"io"
	"slices"
)

// Summary gathers the reports of a set of clips.
type Summary struct {
	Label     string
	Clips     int
	Bytes     int     // encoded size of all clips
	Seconds   float64 // total duration
	Buzz      float64 // mean of the clips' Buzz
	HFShare   float64 // mean of the clips' HFShare (dB)
	Clicks    int     // all clicks found
	HNR       float64 // mean of the clips' HNR (dB)
	F0Median  float64 // median of the clips' median pitch (Hz)
	Range     float64 // mean of the clips' pitch range (semitones)
	Exhale    int     // exhale cues
	Falling   int     // exhale cues whose pitch falls at the end
	PeakDB    float64 // highest sample peak (dBFS)
	Clipped   int     // clipped samples in all clips
	Silent    int     // clips that are silent
	MaxLead   float64 // longest leading silence (s)
	MaxTail   float64 // longest trailing silence (s)
	NotFallen []string
}

// Summarize sums up reports labelled label; bytes is their encoded size
// and exhale tells which reports are exhale cues, whose pitch should fall
// at the end.
func Summarize(label string, reports []Report, bytes int, exhale func(name string) bool) Summary {
	s := Summary{Label: label, Clips: len(reports), Bytes: bytes, PeakDB: -200}
	var medians []float64
	for _, r := range reports {
		s.Seconds += r.Seconds
		s.Buzz += r.Buzz
		s.HFShare += r.HFShare
		s.Clicks += len(r.Clicks)
		s.HNR += r.HNR
		s.Range += r.Range
		medians = append(medians, r.F0Median)
		s.PeakDB = max(s.PeakDB, r.PeakDB)
		s.Clipped += r.Clipped
		s.MaxLead = max(s.MaxLead, r.LeadSilence)
		s.MaxTail = max(s.MaxTail, r.TailSilence)
		if r.Silent() {
			s.Silent++
		}
		if exhale(r.Name) {
			s.Exhale++
			if r.Falls() {
				s.Falling++
			} else {
				s.NotFallen = append(s.NotFallen, r.Name)
			}
		}
	}
	if n := float64(len(reports)); n > 0 {
		s.Buzz /= n
		s.HFShare /= n
		s.HNR /= n
		s.Range /= n
		slices.Sort(medians)
		s.F0Median = medians[len(medians)/2]
	}
	return s
}

// WriteTable writes summaries side by side as a Markdown table, one
// column a set.
func WriteTable(w io.Writer, sets []Summary) {
	row := func(name string, cell func(s Summary) string) {
		fmt.Fprintf(w, "| %s |", name)
		for _, s := range sets {
			fmt.Fprintf(w, " %s |", cell(s))
		}
		fmt.Fprintln(w)
	}
	row("measure", func(s Summary) string { return s.Label })
	row("---", func(Summary) string { return "---" })
	row("clips", func(s Summary) string { return fmt.Sprint(s.Clips) })
	row("buzz: periodicity above 3.5 kHz (mean)", func(s Summary) string { return fmt.Sprintf("%.2f", s.Buzz) })
	row("energy above 3.5 kHz (mean dB)", func(s Summary) string { return fmt.Sprintf("%.1f", s.HFShare) })
	row("clicks (set)", func(s Summary) string { return fmt.Sprint(s.Clicks) })
	row("HNR (mean dB)", func(s Summary) string { return fmt.Sprintf("%.1f", s.HNR) })
	row("pitch, median of clips (Hz)", func(s Summary) string { return fmt.Sprintf("%.0f", s.F0Median) })
	row("pitch range, 5–95 % (mean st)", func(s Summary) string { return fmt.Sprintf("%.1f", s.Range) })
	row("duration (total s)", func(s Summary) string { return fmt.Sprintf("%.1f", s.Seconds) })
	row("exhale cues falling at the end", func(s Summary) string { return fmt.Sprintf("%d/%d", s.Falling, s.Exhale) })
	row("peak (max dBFS)", func(s Summary) string { return fmt.Sprintf("%.1f", s.PeakDB) })
	row("clipped samples", func(s Summary) string { return fmt.Sprint(s.Clipped) })
	row("silent clips", func(s Summary) string { return fmt.Sprint(s.Silent) })
	row("silence at start / end (max s)", func(s Summary) string { return fmt.Sprintf("%.2f / %.2f", s.MaxLead, s.MaxTail) })
	row("size (total bytes)", func(s Summary) string { return fmt.Sprint(s.Bytes) })
}

// WriteClips writes one line a clip: the figures of each report.
func WriteClips(w io.Writer, label string, reports []Report) {
	fmt.Fprintf(w, "\n%s\n%-12s %6s %6s %5s %5s %6s %6s %5s %5s %6s %6s %6s\n", label,
		"clip", "secs", "peak", "buzz", "hf", "HNR", "F0", "range", "click", "slope", "drop", "falls")
	for _, r := range reports {
		fmt.Fprintf(w, "%-12s %6.2f %6.1f %5.2f %5.1f %6.1f %6.0f %5.1f %5d %6.1f %6.1f %6v\n",
			r.Name, r.Seconds, r.PeakDB, r.Buzz, r.HFShare, r.HNR, r.F0Median, r.Range,
			len(r.Clicks), r.EndSlope, r.EndDrop, r.Falls())
	}
}
