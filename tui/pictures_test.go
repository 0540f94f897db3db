package tui

import (
	"testing"

	"github.com/attune-breath/attune/pacing"
)

// TestPicturesShared checks that orbs of one size and one palette share
// their pictures, and that another palette never gets them.
func TestPicturesShared(t *testing.T) {
	dark, light := NewStyles(true), NewStyles(false)
	a, b, c := &Orb{}, &Orb{}, &Orb{}
	for _, o := range []*Orb{a, b, c} {
		o.SetSize(40, 16, false)
	}
	pa := a.View(0.6, pacing.Inhale, &dark)
	k := pictureKey{w: 40, h: 16, inks: dark.inks, k: orbKey{step: a.Quantum(0.6), group: groupOf(pacing.Inhale), band: band(0.6), look: dark.Look}}
	if v, ok := pictures.get(k); !ok || v != pa {
		t.Fatal("a drawn picture was not kept for the other orbs")
	}
	if pb := b.View(0.6, pacing.Inhale, &dark); pb != pa {
		t.Error("two orbs of one size and palette drew the same moment differently")
	}
	if dark.inks == light.inks {
		t.Fatal("dark and light styles have the same inks")
	}
	if pc := c.View(0.6, pacing.Inhale, &light); pc == pa {
		t.Error("a light palette got the dark palette's picture")
	}
	// Screens of one size in other colour profiles (a room server's
	// sessions, each drawn for its own terminal) never share a picture.
	seen := map[string]Look{}
	for _, lk := range []Look{LookTrue, LookFull, LookFlat, LookMono} {
		st := NewStylesFor(defaultBG(true), true, lk)
		o := &Orb{}
		o.SetLook(lk)
		o.SetSize(40, 16, false)
		v := o.View(0.6, pacing.Inhale, &st)
		if other, ok := seen[v]; ok {
			t.Errorf("looks %d and %d drew the same picture", other, lk)
		}
		seen[v] = lk
	}
}
