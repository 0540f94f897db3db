package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/adrg/xdg"
	gossh "golang.org/x/crypto/ssh"
)

// DefaultHostKey is where the server keeps its host key unless told
// otherwise: under the XDG state directory, as attune keeps its history.
func DefaultHostKey() string {
	return filepath.Join(xdg.StateHome, "attune", "ssh_host_ed25519_key")
}

// HostKey reads the PEM private key at path, first making an ed25519 one
// there (mode 0600, its directory 0700) when there is none, so that the
// server keeps one identity across restarts.
func HostKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		if _, err := gossh.ParsePrivateKey(b); err != nil {
			return nil, fmt.Errorf("reading host key %s: %w", path, err)
		}
		return b, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reading host key %s: %w", path, err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("making a host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "attune serve")
	if err != nil {
		return nil, fmt.Errorf("making a host key: %w", err)
	}
	b = pem.EncodeToMemory(block)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("making the host key's directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("writing host key %s: %w", path, err)
	}
	if _, err := f.Write(b); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("writing host key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("writing host key %s: %w", path, err)
	}
	return b, nil
}
