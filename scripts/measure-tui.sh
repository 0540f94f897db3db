#!/usr/bin/env bash
# measure-tui.sh: what attune's screen costs, beside a naive Bubble Tea orb.
#
# Builds attune and scripts/naiveorb, runs each in a private tmux server at
# 80x24 under script(1) (which records every byte written to the terminal),
# attune in true colour and in the 256-colour palette, and reports per
# program:
#   first   ms from exec to the first frame reaching the terminal (median
#           of FIRST_RUNS=5 cold starts)
#   cpu     % of one core over the window: the time the scheduler ran the
#           program's threads (/proc/PID/task/*/schedstat, nanoseconds).
#           utime+stime from /proc/PID/stat is sampled at the clock tick and
#           over-counts a program that wakes on timers, as a screen does
#   bytes/s written to the terminal over the same window
#   rss     peak resident memory (VmHWM from /proc/PID/status)
#
# Usage: scripts/measure-tui.sh [seconds]   (window, default 30; warm-up 5 s)
# ATTUNE_FLAGS are given to attune (default: --sound none --no-history, so the
# figures are the screen's own).
# Needs: go, tmux, script (util-linux), Linux /proc. Reports; never fails on
# the figures themselves.
set -euo pipefail

WINDOW=${1:-30}
WARMUP=${WARMUP:-5}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
sock="measure-tui-$$"
cleanup() { tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for tool in go tmux script; do
	command -v "$tool" >/dev/null || { echo "measure-tui: $tool is not installed" >&2; exit 1; }
done

mkdir -p "$work/bin"
go build -o "$work/bin/attune" ./cmd/attune
go build -o "$work/bin/naiveorb" ./scripts/naiveorb

# shellcheck source=scripts/lib/proc.sh
. scripts/lib/proc.sh # the working directory is the repository

now_ns() { date +%s%N; }

# firstframe NAME MARKER CMD...: ms from exec to MARKER (text of the first
# frame) reaching the terminal; the median of FIRST_RUNS cold starts.
firstframe() {
	local name=$1 marker=$2
	shift 2
	local runs=() i
	for i in $(seq "${FIRST_RUNS:-5}"); do
		local dir="$work/$name-first-$i"
		mkdir -p "$dir"
		cat >"$dir/run.sh" <<RUN
#!/bin/sh
date +%s%N >"$dir/t0"
echo \$\$ >"$dir/pid"
exec "\$@"
RUN
		chmod +x "$dir/run.sh"
		local cmd
		cmd=$(printf '%q ' "$dir/run.sh" "$@")
		tmux -L "$sock" new-session -d -s "first" -x 80 -y 24 \
			"$colours script -q -f -c $(printf '%q' "$cmd") $(printf '%q' "$dir/typescript")"
		local deadline=$(($(now_ns) + 5000000000)) t1=""
		while [ "$(now_ns)" -lt "$deadline" ]; do
			if [ -s "$dir/typescript" ] && grep -q -a -- "$marker" "$dir/typescript"; then
				t1=$(now_ns)
				break
			fi
		done
		stop "$(cat "$dir/pid" 2>/dev/null)"
		tmux -L "$sock" kill-session -t "first" 2>/dev/null || true
		if [ -n "$t1" ] && [ -s "$dir/t0" ]; then
			runs+=($((($t1 - $(cat "$dir/t0")) / 1000000)))
		fi
		sleep 0.5
	done
	if [ ${#runs[@]} -eq 0 ]; then
		echo "n/a"
		return
	fi
	printf '%s\n' "${runs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# measure NAME MARKER CMD...: MARKER is text that appears in the first frame.
measure() {
	local name=$1 marker=$2
	shift 2
	local first
	first=$(firstframe "$name" "$marker" "$@")
	local dir="$work/$name"
	mkdir -p "$dir"
	printf '%s\n' "$@" >"$dir/argv"
	cat >"$dir/run.sh" <<RUN
#!/bin/sh
date +%s%N >"$dir/t0"
echo \$\$ >"$dir/pid"
exec "\$@"
RUN
	chmod +x "$dir/run.sh"
	local cmd
	cmd=$(printf '%q ' "$dir/run.sh" "$@")
	tmux -L "$sock" new-session -d -s "$name" -x 80 -y 24 \
		"$colours script -q -f -c $(printf '%q' "$cmd") $(printf '%q' "$dir/typescript")"
	local deadline=$(($(now_ns) + 5000000000))
	while [ ! -s "$dir/pid" ] && [ "$(now_ns)" -lt "$deadline" ]; do sleep 0.05; done
	local pid
	pid=$(cat "$dir/pid")
	sleep "$WARMUP"
	local c0 b0 c1 b1 s0 s1
	c0=$(oncpu "$pid")
	b0=$(stat -c %s "$dir/typescript")
	s0=$(now_ns)
	sleep "$WINDOW"
	c1=$(oncpu "$pid")
	b1=$(stat -c %s "$dir/typescript")
	s1=$(now_ns)
	local rss
	rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
	stop "$pid"
	tmux -L "$sock" kill-session -t "$name" 2>/dev/null || true
	awk -v n="$name" -v c0="$c0" -v c1="$c1" -v b0="$b0" -v b1="$b1" -v s0="$s0" -v s1="$s1" \
		-v rss="$rss" -v first="$first" 'BEGIN {
		secs = (s1 - s0) / 1e9
		printf "%-18s first %5s ms   cpu %5.2f %%   %7.0f bytes/s   rss %5.1f MB\n",
			n, first, 100 * (c1 - c0) / 1e9 / secs, (b1 - b0) / secs, rss / 1024
	}'
}

echo "80x24 in tmux $(tmux -V | cut -d' ' -f2), ${WARMUP}s warm-up, ${WINDOW}s window"
read -r -a flags <<<"${ATTUNE_FLAGS---sound none --no-history}"
# The colour profile each program sees: true colour (COLORTERM), or the
# 256-colour palette (TERM alone).
truecolour="TERM=xterm-256color COLORTERM=truecolor"
palette="TERM=xterm-256color COLORTERM="
colours=$truecolour
measure attune "get comfortable" "$work/bin/attune" "${flags[@]}" coherent 30m
measure attune-still "get comfortable" "$work/bin/attune" "${flags[@]}" --still coherent 30m
colours=$palette
measure attune-256 "get comfortable" "$work/bin/attune" "${flags[@]}" coherent 30m
measure attune-256-still "get comfortable" "$work/bin/attune" "${flags[@]}" --still coherent 30m
colours=$truecolour
measure naiveorb "breathe" "$work/bin/naiveorb"
