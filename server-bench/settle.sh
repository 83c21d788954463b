# Sourced by compare.sh and run-load.sh: settle, between two load scenarios. Uses server_pid and SETTLE.
# shellcheck shell=bash

# Waits until the server process has used less than 5 % of a core for a whole second, at most SETTLE seconds, so
# that work a scenario left behind is not charged to the next one: xmppd's archive writes queued during the closed
# loop (H2 writes them after the last delivery) and JIT compilations the JVM queued while both cores were busy.
# Without it, C's open loop measured 1,000 µs of CPU per message instead of 330, and a p99 of 60 ms instead of 6.
settle() { # label
    [ -n "$server_pid" ] && [ -r "/proc/$server_pid/stat" ] || return 0
    local hz start prev now i
    hz=$(getconf CLK_TCK)
    start=$SECONDS
    prev=$(cpu_ticks "$server_pid") || return 0
    for ((i = 0; i < SETTLE; i++)); do
        sleep 1
        now=$(cpu_ticks "$server_pid") || return 0
        if [ $(( (now - prev) * 100 )) -lt $(( hz * 5 )) ]; then
            [ $(( SECONDS - start )) -gt 2 ] && echo "$1: waited $(( SECONDS - start )) s for an idle server" >&2
            return 0
        fi
        prev=$now
    done
    echo "$1: the server was still busy after $SETTLE s; measuring anyway" >&2
}

cpu_ticks() { # pid: user + system CPU ticks of the process (fields 14 and 15 of /proc/pid/stat, after the name)
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    set -- $stat
    echo $(( ${12} + ${13} ))
}
