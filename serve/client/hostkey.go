package client

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// ErrHostKeyRefused is a host key the user did not accept.
var ErrHostKeyRefused = errors.New("host key not accepted")

// hostKeys checks a server's key against the known_hosts file at path, as
// ssh does. A host not in it is asked about through ask (nil refuses), and
// on yes added to the file; a host whose key changed is refused.
func hostKeys(path string, ask func(question string) bool) gossh.HostKeyCallback {
	return func(host string, remote net.Addr, key gossh.PublicKey) error {
		err := known(path, host, remote, key)
		var ke *knownhosts.KeyError
		switch {
		case err == nil:
			return nil
		case errors.As(err, &ke) && len(ke.Want) > 0:
			return fmt.Errorf("the host key of %s has changed (it is now %s %s; %s has another): someone may be listening in, or the server was reinstalled; if you trust it, remove its line from %s",
				host, keyType(key), gossh.FingerprintSHA256(key), path, path)
		case !errors.As(err, &ke):
			return err
		}
		if ask == nil || !ask(Question(host, key)) {
			return fmt.Errorf("%s: %w", host, ErrHostKeyRefused)
		}
		return remember(path, host, key)
	}
}

// known checks key against path; a missing file knows no host.
func known(path, host string, remote net.Addr, key gossh.PublicKey) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return &knownhosts.KeyError{}
	}
	cb, err := knownhosts.New(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	return cb(host, remote, key)
}

// remember adds host's key to the known_hosts file at path.
func remember(path, host string, key gossh.PublicKey) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("adding the host key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("adding the host key: %w", err)
	}
	_, err = fmt.Fprintln(f, knownhosts.Line([]string{knownhosts.Normalize(host)}, key))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("adding the host key to %s: %w", path, err)
	}
	return nil
}

// Question is what ssh asks about a host it does not know.
func Question(host string, key gossh.PublicKey) string {
	h := knownhosts.Normalize(host)
	return fmt.Sprintf("The authenticity of host '%s (%s)' can't be established.\n%s key fingerprint is %s.\nAre you sure you want to continue connecting (yes/no)? ",
		h, h, keyType(key), gossh.FingerprintSHA256(key))
}

// keyType is a key's type as ssh names it in its question: ED25519, RSA,
// ECDSA.
func keyType(key gossh.PublicKey) string {
	t := strings.TrimPrefix(key.Type(), "ssh-")
	if strings.HasPrefix(t, "ecdsa") {
		return "ECDSA"
	}
	return strings.ToUpper(t)
}
