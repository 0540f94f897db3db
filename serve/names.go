package serve

import (
	"crypto/sha256"
	"encoding/binary"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Words for members' names: calm, short and plain, so that a name reads
// as a companion and never as a judgement.
var (
	adjectives = []string{
		"quiet", "calm", "gentle", "still", "soft", "slow", "warm", "kind",
		"easy", "steady", "light", "clear", "bright", "tender", "patient", "mellow",
		"hushed", "serene", "placid", "peaceful", "restful", "drowsy", "dreamy", "misty",
		"sunny", "silver", "golden", "amber", "mossy", "sandy", "snowy", "leafy",
	}
	animals = []string{
		"heron", "otter", "wren", "fox", "owl", "deer", "hare", "seal",
		"swan", "crane", "finch", "robin", "lark", "moth", "bee", "koala",
		"panda", "lynx", "badger", "beaver", "dove", "egret", "ibis", "loon",
		"mole", "newt", "orca", "puffin", "sloth", "stork", "tern", "whale",
	}
)

// Name is the name a member is shown by, made from id (a public key's
// fingerprint, or a session id): the same id always gives the same name,
// of lowercase letters and one hyphen, such as quiet-heron.
func Name(id string) string {
	h := sha256.Sum256([]byte("attune member " + id))
	a := binary.BigEndian.Uint32(h[0:4])
	b := binary.BigEndian.Uint32(h[4:8])
	return adjectives[a%uint32(len(adjectives))] + "-" + animals[b%uint32(len(animals))]
}

// identity is what a session's member name is made from: the fingerprint
// of the key the client proved it holds, or, when it gave none
// (keyboard-interactive or no authentication), the session's id.
func identity(s ssh.Session) string {
	if k := s.PublicKey(); k != nil {
		return gossh.FingerprintSHA256(k)
	}
	return "session " + s.Context().SessionID()
}
