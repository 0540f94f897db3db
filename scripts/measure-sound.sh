#!/usr/bin/env bash
# measure-sound.sh: what attune's sound costs, beside the screen alone.
#
# Starts a private PulseAudio server with a 48 kHz null sink, then runs
# attune (coherent 30m, --no-history) in a private tmux server at 80x24 with
# --sound none, --sound tones and --sound voice,tones,breath, and reports per
# run:
#   cpu      % of one core over the window: the time the scheduler ran all of
#            attune's threads (/proc/PID/task/*/schedstat, nanoseconds)
#   server   the same for the PulseAudio server, so that a saving here is not
#            a cost moved there
#   writes/s write syscalls attune made (/proc/PID/io syscw), screen included
#   reads/s  read syscalls attune made (syscr)
# then the median of each figure over RUNS runs. The programs and settings
# are taken in turn within each run, so a noisy machine skews them alike.
#
# With STRACE=1 each sound run is followed by 5 s of strace on attune's
# sound socket: the requests answered per second and their median size.
#
# Usage: scripts/measure-sound.sh [seconds]   (window, default 30; warm-up 5 s)
#   BINS="before=/path/a after=/path/b"  programs to compare (default: this
#                                        tree, built now, named "attune")
#   RUNS=3                               runs of each
#   SOUNDS="none tones voice,tones,breath"
# Needs: go, tmux, pulseaudio, Linux /proc (and strace for STRACE=1). Kills
# everything it started; reports, never fails on the figures themselves.
set -euo pipefail

WINDOW=${1:-30}
WARMUP=${WARMUP:-5}
RUNS=${RUNS:-3}
SOUNDS=${SOUNDS:-none tones voice,tones,breath}
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/msXXXX) # short: unix socket paths are limited
sock="measure-sound-$$"
papid=""
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	if [ -n "$papid" ]; then kill "$papid" 2>/dev/null || true; wait "$papid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

for tool in go tmux pulseaudio; do
	command -v "$tool" >/dev/null || { echo "measure-sound: $tool is not installed" >&2; exit 1; }
done

bins=()
if [ -z "${BINS:-}" ]; then
	mkdir -p "$work/bin"
	go build -o "$work/bin/attune" ./cmd/attune
	bins=("attune=$work/bin/attune")
else
	read -r -a bins <<<"$BINS"
fi

# The private sound server.
pa="$work/pa"
mkdir -p "$pa"
XDG_RUNTIME_DIR=$pa HOME=$pa pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no \
	--system=false --disallow-exit \
	-L "module-null-sink sink_name=m rate=48000 channels=2" \
	-L "module-native-protocol-unix socket=$pa/native auth-anonymous=1" >"$work/pa.log" 2>&1 &
papid=$!
for _ in $(seq 100); do [ -S "$pa/native" ] && break; sleep 0.05; done
[ -S "$pa/native" ] || { echo "measure-sound: pulseaudio did not start" >&2; cat "$work/pa.log" >&2; exit 1; }

io() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/io"; }
now_ns() { date +%s%N; }

# shellcheck source=scripts/lib/proc.sh
. scripts/lib/proc.sh # the working directory is the repository

# requests PID: requests/s and their median size in bytes, from 5 s of
# strace on the process's writes to its sound socket.
requests() {
	local pid=$1 fd="" f
	for f in /proc/"$pid"/fd/*; do
		case $(readlink "$f") in socket:*) fd=${f##*/} ;; esac
	done
	[ -n "$fd" ] || { echo "no socket"; return; }
	timeout 5 strace -f -qq -e trace=write -p "$pid" -o "$work/strace" 2>/dev/null || true
	awk -v fd="$fd" '
		{ sub(/^[0-9]+ +/, "") }
		index($0, "write(" fd ",") == 1 && $NF + 0 > 1000 { print $NF + 0 }' "$work/strace" | sort -n |
		awk '{ a[NR] = $1 } END {
			if (NR == 0) { print "none seen"; exit }
			printf "%.1f requests/s of %d bytes (median)", NR / 5, a[int((NR + 1) / 2)]
		}' || true
}

# measure NAME BIN SOUND: one run; prints "NAME SOUND cpu server writes reads".
measure() {
	local name=$1 bin=$2 sound=$3 dir="$work/run"
	rm -rf "$dir"
	mkdir -p "$dir"
	cat >"$dir/run.sh" <<RUN
#!/bin/sh
echo \$\$ >"$dir/pid"
exec env XDG_RUNTIME_DIR=$pa HOME=$pa PULSE_SERVER=unix:$pa/native TERM=xterm-256color COLORTERM=truecolor "\$@"
RUN
	chmod +x "$dir/run.sh"
	tmux -L "$sock" new-session -d -s m -x 80 -y 24 \
		"$(printf '%q ' "$dir/run.sh" "$bin" --sound "$sound" --no-history coherent 30m)"
	local deadline=$(($(now_ns) + 5000000000))
	while [ ! -s "$dir/pid" ] && [ "$(now_ns)" -lt "$deadline" ]; do sleep 0.05; done
	local pid
	pid=$(cat "$dir/pid")
	sleep "$WARMUP"
	local c0 p0 w0 r0 s0 c1 p1 w1 r1 s1
	c0=$(oncpu "$pid"); p0=$(oncpu "$papid"); w0=$(io "$pid" syscw); r0=$(io "$pid" syscr); s0=$(now_ns)
	sleep "$WINDOW"
	c1=$(oncpu "$pid"); p1=$(oncpu "$papid"); w1=$(io "$pid" syscw); r1=$(io "$pid" syscr); s1=$(now_ns)
	local req=""
	if [ "${STRACE:-0}" = 1 ] && [ "$sound" != none ]; then
		req=$(requests "$pid")
	fi
	stop "$pid"
	tmux -L "$sock" kill-session -t m 2>/dev/null || true
	awk -v n="$name" -v snd="$sound" -v c0="$c0" -v c1="$c1" -v p0="$p0" -v p1="$p1" \
		-v w0="$w0" -v w1="$w1" -v r0="$r0" -v r1="$r1" -v s0="$s0" -v s1="$s1" -v req="$req" 'BEGIN {
		secs = (s1 - s0) / 1e9
		printf "%s %s %.2f %.2f %.1f %.1f", n, snd, 100 * (c1 - c0) / 1e9 / secs, 100 * (p1 - p0) / 1e9 / secs, (w1 - w0) / secs, (r1 - r0) / secs
		if (req != "") printf "   (%s)", req
		printf "\n"
	}'
}

echo "80x24 in tmux $(tmux -V | cut -d' ' -f2), private PulseAudio null sink 48 kHz, ${WARMUP}s warm-up, ${WINDOW}s window, $RUNS runs"
printf '%-10s %-20s %8s %8s %9s %9s\n' program sound "cpu %" "server %" writes/s reads/s
for r in $(seq "$RUNS"); do
	for sound in $SOUNDS; do
		for b in "${bins[@]}"; do
			measure "${b%%=*}" "${b#*=}" "$sound" | tee -a "$work/results" |
				awk '{printf "%-10s %-20s %8s %8s %9s %9s", $1, $2, $3, $4, $5, $6; $1=$2=$3=$4=$5=$6=""; print $0}'
		done
	done
done
echo "median of $RUNS runs:"
sort -k1,1 -k2,2 "$work/results" | awk '
	function med(a, k,   i, j, t) {
		for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
	}
	function flush() {
		if (key != "") printf "%-31s %8.2f %8.2f %9.1f %9.1f\n", key, med(c, k), med(s, k), med(w, k), med(rd, k)
		delete c; delete s; delete w; delete rd; k = 0
	}
	{
		kk = sprintf("%-10s %-20s", $1, $2)
		if (kk != key) { flush(); key = kk }
		k++; c[k] = $3; s[k] = $4; w[k] = $5; rd[k] = $6
	}
	END { flush() }'
