# proc.sh: helpers the measurement scripts share (source it; Linux /proc).

# oncpu PID: nanoseconds the scheduler has run all of PID's threads
# (/proc/PID/task/*/schedstat). utime+stime from /proc/PID/stat is sampled
# at the clock tick and over-counts a program woken by timers.
oncpu() { cat "/proc/$1/task/"*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f", s}'; }

# stop PID: end a measured program and wait for it (SIGKILL after 5 s).
# script(1) outlives its tmux pane, and the program its pty: measured
# programs are stopped this way, or they run on and load what comes next.
stop() {
	[ -n "$1" ] || return 0
	kill -TERM "$1" 2>/dev/null || return 0
	for _ in $(seq 50); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null || true
}
