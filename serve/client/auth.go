package client

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// DefaultIdentities are the key files tried, under ~/.ssh, as ssh tries
// them.
var DefaultIdentities = []string{"id_ed25519", "id_ecdsa", "id_rsa"}

// auth is how the client proves who it is: the keys of the SSH agent at
// sock (when there is one), those in the identity files that are not
// locked by a passphrase, and, should the server take no key,
// keyboard-interactive with no answers. The returned func lets the agent
// go.
func auth(sock string, identities []string) ([]gossh.AuthMethod, func()) {
	var signers []gossh.Signer
	done := func() {}
	if sock != "" {
		if c, err := net.Dial("unix", sock); err == nil {
			if s, err := agent.NewClient(c).Signers(); err == nil {
				signers = append(signers, s...)
			}
			done = func() { _ = c.Close() }
		}
	}
	for _, path := range identities {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		s, err := gossh.ParsePrivateKey(b)
		var locked *gossh.PassphraseMissingError
		if err != nil || errors.As(err, &locked) {
			continue // an agent may hold it
		}
		signers = append(signers, s)
	}
	methods := []gossh.AuthMethod{}
	if len(signers) > 0 {
		methods = append(methods, gossh.PublicKeys(signers...))
	}
	methods = append(methods, gossh.KeyboardInteractive(func(_, _ string, questions []string, _ []bool) ([]string, error) {
		return make([]string, len(questions)), nil
	}))
	return methods, done
}

// CheckIdentity says why the file at path cannot be an identity: it cannot
// be read, or holds no private key. A key locked by a passphrase is
// accepted (an agent may hold it).
func CheckIdentity(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var locked *gossh.PassphraseMissingError
	if _, err := gossh.ParsePrivateKey(b); err != nil && !errors.As(err, &locked) {
		return fmt.Errorf("not a private key: %w", err)
	}
	return nil
}

// homeSSH is path under ~/.ssh, or "" without a home.
func homeSSH(path string) string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".ssh", path)
}
