package heart

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Flags of the Bluetooth Heart Rate Measurement characteristic (0x2A37).
const (
	flagHR16      = 1 << 0 // heart rate is a uint16, not a uint8
	flagContact   = 1 << 1 // sensor contact: detected
	flagContactOK = 1 << 2 // sensor contact: the feature is supported
	flagEnergy    = 1 << 3 // energy expended is present
	flagRR        = 1 << 4 // RR intervals are present
)

// Contact says what a strap reports about its contact with the skin.
type Contact int

// The sensor contact states of the 0x2A37 flags.
const (
	ContactUnsupported Contact = iota // the strap does not say
	ContactLost                       // supported, and not in contact
	ContactOK                         // supported, and in contact
)

// String names the contact state.
func (c Contact) String() string {
	switch c {
	case ContactLost:
		return "lost"
	case ContactOK:
		return "ok"
	}
	return "unsupported"
}

// Measurement is one Bluetooth Heart Rate Measurement (0x2A37) packet.
type Measurement struct {
	HR      int     // heart rate, beats/min
	Contact Contact // what the strap says about skin contact
	// Energy is the energy expended in kilojoules since it was last reset;
	// HasEnergy says whether the packet carries it.
	Energy    int
	HasEnergy bool
	// RR holds the beat-to-beat intervals in the packet, oldest first, in
	// milliseconds (the packet carries them in units of 1/1024 s).
	RR []float64
}

// ErrShortPacket is wrapped by ParseMeasurement's error for a packet that
// ends before the fields its flags announce.
var ErrShortPacket = errors.New("heart rate packet too short")

// ParseMeasurement reads a Heart Rate Measurement packet (Bluetooth GATT
// characteristic 0x2A37): a flags byte; the heart rate as a uint8 or, with
// flag bit 0, a little-endian uint16; with bit 3, the energy expended as a
// uint16; with bit 4, one or more RR intervals as uint16s in 1/1024 s.
// Bits 1–2 give the sensor contact. A packet shorter than its flags
// announce, or with an odd byte left over among the RR intervals, is an
// error.
func ParseMeasurement(b []byte) (Measurement, error) {
	if len(b) < 2 {
		return Measurement{}, fmt.Errorf("%w: %d bytes, need at least 2", ErrShortPacket, len(b))
	}
	flags := b[0]
	var m Measurement
	i := 1
	if flags&flagHR16 != 0 {
		if len(b) < 3 {
			return Measurement{}, fmt.Errorf("%w: a 16-bit heart rate needs 3 bytes, got %d", ErrShortPacket, len(b))
		}
		m.HR = int(binary.LittleEndian.Uint16(b[1:3]))
		i = 3
	} else {
		m.HR = int(b[1])
		i = 2
	}
	switch {
	case flags&flagContactOK == 0:
		m.Contact = ContactUnsupported
	case flags&flagContact != 0:
		m.Contact = ContactOK
	default:
		m.Contact = ContactLost
	}
	if flags&flagEnergy != 0 {
		if len(b) < i+2 {
			return Measurement{}, fmt.Errorf("%w: energy expended announced but %d bytes", ErrShortPacket, len(b))
		}
		m.Energy, m.HasEnergy = int(binary.LittleEndian.Uint16(b[i:i+2])), true
		i += 2
	}
	if flags&flagRR != 0 {
		rest := b[i:]
		if len(rest)%2 != 0 {
			return Measurement{}, fmt.Errorf("%w: RR intervals take 2 bytes each, %d left", ErrShortPacket, len(rest))
		}
		for k := 0; k+1 < len(rest); k += 2 {
			v := binary.LittleEndian.Uint16(rest[k : k+2])
			m.RR = append(m.RR, float64(v)*1000/1024)
		}
	}
	return m, nil
}

// Reading gives the packet as a heart reading.
func (m Measurement) Reading() Reading {
	return Reading{Form: "ble", RR: m.RR, HR: float64(m.HR)}
}
