#!/usr/bin/env bash
# check-release.sh: build a snapshot release with GoReleaser and check what a
# user would get from it. Publishes nothing.
#
#   goreleaser check, then goreleaser release --snapshot --clean into dist/;
#   from the linux amd64 .deb (unpacked with dpkg-deb -x): attune version
#   (this commit, the snapshot's version), attune --help, every man page
#   renders (man -l), the bash completion loads, the systemd unit passes
#   systemd-analyze verify and its exposure score (systemd-analyze security
#   --offline=yes) is printed and must stay OK, and the unit's command line
#   with the default settings starts a server; every archive holds the binary,
#   README, NOTICE, the man page and completions; checksums.txt matches; the
#   SBOMs, the Arch package, the Homebrew cask and the Scoop manifest are
#   there; a second snapshot of the same commit has the same checksums.
#
# Usage: scripts/check-release.sh        (from anywhere in the repository)
# Needs: go, git; installs goreleaser v2.15.1 and cyclonedx-gomod v1.10.0 (the
# SBOMs) with go install, and (as root, with apt-get) systemd, man-db, unzip,
# zstd and jq when they are missing.
# GORELEASER_PARALLELISM sets how many targets build at once (default: the
# number of cores).
set -euo pipefail
cd "$(dirname "$0")/.."
# Go where its official archive puts it, then where go install puts tools
# (asked of go once it is found: GOBIN, or GOPATH's bin).
export PATH="$PATH:/usr/local/go/bin"
gobin=$(go env GOBIN)
export PATH="$PATH:${gobin:-$(go env GOPATH)/bin}"

fail() { echo "check-release: $*" >&2; exit 1; }

tmp=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# --- tools -----------------------------------------------------------------
packages=(systemd man-db unzip zstd jq)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! goreleaser --version 2>/dev/null | grep -q 'GitVersion: *v2\.15\.1$'; then
  echo "== installing goreleaser v2.15.1"
  start=$SECONDS
  go install github.com/goreleaser/goreleaser/v2@v2.15.1
  echo "installed in $((SECONDS - start)) s"
fi
if ! command -v cyclonedx-gomod >/dev/null; then
  echo "== installing cyclonedx-gomod v1.10.0 (the SBOMs)"
  go install github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod@v1.10.0
fi

# The man page and completion command is built only with this tag; check it
# as CI checks the rest.
echo "== go vet, staticcheck -tags attunedocs"
go vet -tags attunedocs ./cmd/attune ./internal/clidocs
if command -v staticcheck >/dev/null; then
  staticcheck -tags attunedocs ./cmd/attune ./internal/clidocs
fi

# --- the snapshot ----------------------------------------------------------
# GoReleaser reads the commit, its date and the remote from git; a clone
# without a remote would leave them all empty, so name the project's remote
# through git's environment (nothing is written to the repository).
if [ -z "$(git remote)" ]; then
  export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.url
  export GIT_CONFIG_VALUE_0=https://github.com/attune-breath/attune.git
fi

echo "== goreleaser check"
goreleaser check

echo "== goreleaser release --snapshot --clean"
start=$SECONDS
goreleaser release --snapshot --clean --parallelism "${GORELEASER_PARALLELISM:-$(nproc)}" >"$tmp/goreleaser.log" 2>&1 ||
  { cat "$tmp/goreleaser.log"; fail "the snapshot release failed"; }
grep -E 'took:|succeeded' "$tmp/goreleaser.log" || true
echo "snapshot built in $((SECONDS - start)) s"

version=$(jq -r .version dist/metadata.json)
commit=$(git rev-parse HEAD)
[ -n "$version" ] || fail "dist/metadata.json has no version"

# --- the .deb: binary, help, man pages, completion ---------------------------
echo "== the linux amd64 .deb"
debs=(dist/attune_*_amd64.deb)
[ -f "${debs[0]}" ] || fail "no linux amd64 .deb in dist/"
dpkg-deb -x "${debs[0]}" "$tmp/root"
bin="$tmp/root/usr/bin/attune"
"$bin" version | tee "$tmp/version"
[ "$(sed -n 1p "$tmp/version")" = "attune v$version" ] || fail "attune version does not say v$version"
[ "$(sed -n 2p "$tmp/version")" = "commit: $commit" ] || fail "attune version does not say commit $commit"
grep -qE '^built:  [0-9]{4}-[0-9]{2}-[0-9]{2}T' "$tmp/version" || fail "attune version has no build date"
"$bin" --version | cmp -s - "$tmp/version" || fail "attune --version differs from attune version"
"$bin" --help >"$tmp/help"
grep -q '^Usage:' "$tmp/help" || fail "attune --help prints no usage"
echo "attune --help: $(wc -l <"$tmp/help") lines"

man1="$tmp/root/usr/share/man/man1"
pages=("$man1"/*.1.gz)
[ -f "$man1/attune.1.gz" ] && [ -f "$man1/attune-serve.1.gz" ] || fail "the .deb lacks attune.1 or attune-serve.1"
for page in "${pages[@]}"; do
  out=$(MANWIDTH=80 man --warnings -l "$page" 2>"$tmp/man.err") || fail "man -l $page failed"
  [ ! -s "$tmp/man.err" ] || { cat "$tmp/man.err"; fail "man -l $(basename "$page") warns"; }
  grep -q '^NAME' <<<"$out" || fail "$(basename "$page") has no NAME section"
done
MANWIDTH=80 man -l "$man1/attune.1.gz" | head -12
echo "${#pages[@]} man pages render"

bash -c "source '$tmp/root/usr/share/bash-completion/completions/attune'; complete -p attune"
for f in usr/share/zsh/vendor-completions/_attune usr/share/fish/vendor_completions.d/attune.fish \
  usr/lib/systemd/system/attune-serve.service etc/default/attune usr/share/doc/attune/README.md; do
  [ -s "$tmp/root/$f" ] || fail "the .deb lacks /$f"
done
dpkg-deb -f "${debs[0]}" Version >/dev/null
dpkg-deb -I "${debs[0]}" conffiles | grep -qx /etc/default/attune || fail "/etc/default/attune is not a conffile"

# --- the systemd unit --------------------------------------------------------
echo "== the systemd unit"
# verify checks that ExecStart's binary exists and that the man page named in
# Documentation= is found: point both at the unpacked package.
unit="$tmp/attune-serve.service"
sed "s|/usr/bin/attune|$bin|" "$tmp/root/usr/lib/systemd/system/attune-serve.service" >"$unit"
# verify exits 0 on a setting it could not parse and ignores: any word from
# it fails the check.
verify=$(MANPATH="$tmp/root/usr/share/man" systemd-analyze verify "$unit" 2>&1) || { echo "$verify"; fail "systemd-analyze verify failed"; }
[ -z "$verify" ] || { echo "$verify"; fail "systemd-analyze verify complains"; }
echo "systemd-analyze verify: passed"
systemd-analyze security --offline=yes "$unit" >"$tmp/security" || true
grep -v '^✓' "$tmp/security"
score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$tmp/security")
[ -n "$score" ] || fail "systemd-analyze security printed no exposure level"
echo "exposure score: $score"
awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || fail "exposure score $score is above 2.0"

# The unit's command line, with the default file's settings, starts a
# server (on a free loopback port, with a host key in a temporary state
# directory). As root, it runs as the unit runs it: as an unprivileged user
# (nobody) with no capabilities and no new privileges, HOME=/.
state="$tmp/state"
chmod 755 "$tmp"
mkdir -p -m 755 "$state"
mkdir -m 700 "$state/attune"
as_user=""
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  chown 65534:65534 "$state/attune"
  as_user="setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all"
fi
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
exec_start=${exec_start//%S/$state}
(
  set -a
  # shellcheck source=../packaging/attune.default
  . "$tmp/root/etc/default/attune"
  set +a
  ATTUNE_LISTEN=127.0.0.1:0 HOME=/
  eval "exec $as_user $exec_start"
) >"$tmp/serve.log" 2>&1 &
server=$!
# Up to a minute (a guard against a hang, not a measure: a loaded machine
# may take seconds to start the server and its embedded NATS).
for _ in $(seq 300); do
  grep -q 'attune serve listening' "$tmp/serve.log" && break
  sleep 0.2
done
grep -q 'attune serve listening' "$tmp/serve.log" || { cat "$tmp/serve.log"; fail "the unit's command line did not start a server"; }
[ -f "$state/attune/ssh_host_ed25519_key" ] || fail "no host key under the state directory"
kill "$server"
wait "$server" 2>/dev/null || true
server=""
echo "the unit's command line starts attune serve${as_user:+ as nobody}: $(grep -o 'addr=[^ ]*' "$tmp/serve.log")"

echo "== archives"
archives=(dist/attune_*.tar.gz dist/attune_*.zip)
[ ${#archives[@]} -eq 7 ] || fail "want 7 archives, found ${#archives[@]}: ${archives[*]}"
for a in "${archives[@]}"; do
  case $a in
  *.zip) list=$(unzip -Z1 "$a") exe=attune.exe ;;
  *) list=$(tar -tzf "$a") exe=attune ;;
  esac
  for want in "$exe" README.md NOTICE NOTICE.voice manpages/attune.1.gz completions/attune.bash; do
    grep -qx "$want" <<<"$list" || fail "$a lacks $want"
  done
  echo "ok $a"
done

echo "== checksums"
(cd dist && sha256sum -c checksums.txt)
[ "$(wc -l <dist/checksums.txt)" -eq 20 ] || fail "want 20 files in checksums.txt (7 archives, 7 SBOMs, 2 .deb, 2 .rpm, 2 Arch)"

echo "== SBOMs"
sboms=(dist/attune_*.cdx.json)
[ ${#sboms[@]} -eq 7 ] || fail "want 7 SBOMs, found ${#sboms[@]}"
for b in "${sboms[@]}"; do
  jq -e --arg v "v$version" '.bomFormat == "CycloneDX" and .metadata.component.version == $v
    and any(.components[]; .name == "github.com/nats-io/nats-server/v2")' "$b" >/dev/null ||
    fail "$b is not a CycloneDX SBOM of attune v$version and its modules"
done
echo "${#sboms[@]} SBOMs, $(jq '.components | length' "${sboms[0]}") components each"

echo "== the other packages"
ls dist/attune-*.x86_64.rpm dist/attune-*.aarch64.rpm >/dev/null || fail "no .rpm packages"
arch=(dist/attune-*-x86_64.pkg.tar.zst)
[ -f "${arch[0]}" ] || fail "no Arch package"
tar --zstd -tf "${arch[0]}" >"$tmp/arch.list"
for want in usr/bin/attune usr/share/man/man1/attune.1.gz usr/lib/systemd/system/attune-serve.service \
  usr/share/zsh/site-functions/_attune .PKGINFO; do
  grep -qx "$want" "$tmp/arch.list" || fail "${arch[0]} lacks $want"
done
for page in attune attune-serve attune-together; do
  grep -q "manpage \"manpages/$page.1.gz\"" dist/homebrew/Casks/attune.rb || fail "the Homebrew cask lacks the man page $page.1"
done
jq -e '.architecture."64bit".bin == ["attune.exe"]' dist/scoop/attune.json >/dev/null || fail "no Scoop manifest"

# The same commit builds the same files: a second snapshot (from the Go build
# cache, so it costs a link per target) has the same checksums.
echo "== reproducible"
cp dist/checksums.txt "$tmp/checksums.first"
goreleaser release --snapshot --clean --parallelism "${GORELEASER_PARALLELISM:-$(nproc)}" >"$tmp/goreleaser.log" 2>&1 ||
  { cat "$tmp/goreleaser.log"; fail "the second snapshot release failed"; }
diff "$tmp/checksums.first" dist/checksums.txt || fail "a second snapshot of the same commit differs"
echo "a second snapshot has the same checksums"

echo "== dist/"
ls -la dist/
echo "check-release: all checks passed (snapshot $version, exposure $score)"
