#!/usr/bin/env bash
# Load scenarios A–D of issue #4 against xmppd on this machine, plaintext and TLS, printing one table.
#
#   server-bench/run-load.sh            (sizes below; override with e.g. SESSIONS=2000 PAIRS=50 SECONDS_C=5)
#
# For each of "plain" and "tls": a fresh data directory, accounts written by BulkAccounts with the server stopped,
# a freshly started xmppd (bin/xmppd's default JVM options unless XMPPD_OPTS is set) listening on 127.0.0.1 only,
# then B (idle sessions, RSS per session), A (login rate), C closed loop, C open loop at RATE msg/s, D (presence
# fan-out), and the server is stopped. A third mode, "lean", runs C again in plaintext with only the modules
# LEAN_MODULES (no MAM archive, offline storage, carbons...): what message routing costs without the archive. Every phase is bounded in count and time (LoadMain --timeout). Prosody and
# ejabberd are not run by this script: server-bench/compare.sh runs the same scenarios against all three and a TCP relay.
set -euo pipefail

cd "$(dirname "$0")/.."
LOGINS=${LOGINS:-2000}          # A: measured logins
IN_FLIGHT=${IN_FLIGHT:-100}     # A: logins at the same time
SESSIONS=${SESSIONS:-10000}     # B: idle sessions
PAIRS=${PAIRS:-250}             # C: pairs
SECONDS_C=${SECONDS_C:-20}      # C: measured seconds per run
RATE=${RATE:-1000}              # C: open-loop messages/s
USERS=${USERS:-200}             # D: users
CONTACTS=${CONTACTS:-50}        # D: roster contacts per user
SECONDS_D=${SECONDS_D:-10}      # D: measured seconds
TIMEOUT=${TIMEOUT:-180}         # bound on each phase
WARMUP_LOGINS=${WARMUP_LOGINS:-3000} # A: unmeasured logins first (the JIT: 500 left xmppd at half its speed)
WARMUP=${WARMUP:-30}            # C closed loop and D: warm-up seconds (the JIT: 5 s left xmppd at 2/3 of its speed)
WARMUP_RATE=${WARMUP_RATE:-20}  # C open loop: warm-up seconds (JIT: see server-bench/settle.sh)
SETTLE=${SETTLE:-60}            # at most this many seconds of waiting for an idle server before C and D
SERVER_OPTS=${XMPPD_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}
CLIENT_OPTS=${CLIENT_OPTS:--Xms256m -Xmx1g}
LEAN_MODULES=${LEAN_MODULES:-[disco, ping, roster, presence]}
ACCOUNTS=$(( SESSIONS > 2 * PAIRS ? SESSIONS : 2 * PAIRS ))
ACCOUNTS=$(( ACCOUNTS > LOGINS ? ACCOUNTS : LOGINS ))

jar_app=server-app/target/xmppd.jar
jar_bench=server-bench/target/benchmarks.jar
if [ ! -f "$jar_app" ] || [ ! -f "$jar_bench" ]; then
    echo "run-load: building $jar_app and $jar_bench ..." >&2
    mvn -B -ntp -o -q package -DskipTests -pl server-app,server-bench -am >&2
fi
# Each session is a socket in the server and one in the load generator.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fds=$(ulimit -n)
[ "$fds" = unlimited ] && fds=1048576
if [ "$fds" -lt $(( SESSIONS + 1000 )) ]; then
    echo "run-load: ulimit -n is $fds, too low for $SESSIONS sessions" >&2
    exit 1
fi
# TLS idle sessions (B): as many as plaintext ones. xmppd's TLS (OpenSSL) needs one descriptor per session; with
# the Conscrypt fallback it would need three, so lower SESSIONS_TLS then.
SESSIONS_TLS=${SESSIONS_TLS:-$SESSIONS}
port=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
work=$(mktemp -d /tmp/xmppd-load.XXXXXX)
results="$work/results"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid"
        timeout 30 tail --pid="$server_pid" -f /dev/null || kill -9 "$server_pid"
    fi
}
trap cleanup EXIT
. server-bench/settle.sh

settings=(--set "listeners.c2s.address=127.0.0.1" --set "listeners.c2s.port=$port"
    --set listeners.c2s-tls.enabled=false --set listeners.s2s.enabled=false
    --set listeners.s2s-tls.enabled=false --set listeners.https.enabled=false
    --set listeners.c2s.starttls=optional --set auth.plain-without-tls=true
    --set limits.connections-per-ip=100000 --set limits.auth-failures-per-ip=100000)

load() { # mode, then LoadMain arguments
    local mode=$1
    shift
    local tls=()
    [ "$mode" = tls ] && tls=(--tls)
    echo "run-load: $mode $*" >&2
    echo "MODE $mode" >>"$results"
    # shellcheck disable=SC2086 # CLIENT_OPTS is a list of options
    java $CLIENT_OPTS -cp "$jar_bench" dev.xmppd.bench.load.LoadMain --host 127.0.0.1 --port "$port" \
        --timeout "$TIMEOUT" ${tls[@]+"${tls[@]}"} "$@" | tee -a "$results" >&2 || echo "run-load: failed: $mode $*" >&2
}

for mode in plain tls lean; do
    data="$work/$mode"
    mkdir -p "$data"
    common=(--set "data=$data" --set "storage.path=$data/xmppd" "${settings[@]}")
    [ "$mode" = lean ] && common+=(--set "modules=$LEAN_MODULES")
    java -cp "$jar_bench" dev.xmppd.bench.load.BulkAccounts -c conf/xmppd.yml "${common[@]}" --count "$ACCOUNTS" \
        --roster-users "$USERS" --contacts "$CONTACTS" 2>"$data/bulk.log" >&2
    # shellcheck disable=SC2086 # SERVER_OPTS is a list of options
    java $SERVER_OPTS -Dlogback.configurationFile=conf/logback.xml -jar "$jar_app" -c conf/xmppd.yml \
        "${common[@]}" >"$data/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 120); do
        grep -q "serving" "$data/server.log" && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$data/server.log" >&2; exit 1; }
        sleep 0.5
    done
    mech=()
    [ "$mode" = tls ] && mech=(--mech PLAIN) # idle memory does not depend on the mechanism; PLAIN is quicker to set up
    if [ "$mode" != lean ]; then
        sessions=$SESSIONS
        [ "$mode" = tls ] && sessions=$SESSIONS_TLS
        load "$mode" --scenario B --count "$sessions" --in-flight "$IN_FLIGHT" --server-pid "$server_pid" \
            ${mech[@]+"${mech[@]}"}
        load "$mode" --scenario A --count "$LOGINS" --in-flight "$IN_FLIGHT" --accounts "$LOGINS" \
            --warmup "$WARMUP_LOGINS" --server-pid "$server_pid"
    fi
    settle "$mode"
    load "$mode" --scenario C --pairs "$PAIRS" --warmup-seconds "$WARMUP" --seconds "$SECONDS_C" \
        --server-pid "$server_pid"
    settle "$mode"
    load "$mode" --scenario C --pairs "$PAIRS" --rate "$RATE" --warmup-seconds "$WARMUP_RATE" --seconds "$SECONDS_C" \
        --server-pid "$server_pid"
    [ "$mode" = lean ] || settle "$mode"
    [ "$mode" = lean ] || load "$mode" --scenario D --users "$USERS" --contacts "$CONTACTS" --warmup-seconds "$WARMUP" \
        --seconds "$SECONDS_D"
    cleanup
    server_pid=""
done

field() { # line, key
    tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"
}
printf '\n%-5s %-28s %-14s %s\n' mode scenario figure "details"
while read -r line; do
    case "$line" in MODE*) mode=${line#MODE } ;; esac
    case "$line" in RESULT*) ;; *) continue ;; esac
    case "$(field "$line" scenario)" in
        A) printf '%-5s %-28s %-14s p50 %s ms, p99 %s ms, failed %s\n' "$mode" "A logins/s ($(field "$line" mech))" \
            "$(field "$line" logins_per_s)" "$(field "$line" p50_ms)" "$(field "$line" p99_ms)" \
            "$(field "$line" failed)" ;;
        B) printf '%-5s %-28s %-14s %s sessions, RSS %s -> %s KB\n' "$mode" "B KB/idle session" \
            "$(field "$line" kb_per_session)" "$(field "$line" sessions)" "$(field "$line" rss_before_kb)" \
            "$(field "$line" rss_after_kb)" ;;
        C) printf '%-5s %-28s %-14s p50 %s ms, p99 %s ms, p99.9 %s ms\n' "$mode" \
            "C msgs/s $(field "$line" mode)" "$(field "$line" msgs_per_s)" "$(field "$line" p50_ms)" \
            "$(field "$line" p99_ms)" "$(field "$line" p999_ms)" ;;
        D) printf '%-5s %-28s %-14s %s deliveries/s, p50 %s ms, p99 %s ms, online in %s s\n' "$mode" \
            "D presence updates/s" "$(field "$line" updates_per_s)" "$(field "$line" deliveries_per_s)" \
            "$(field "$line" p50_ms)" "$(field "$line" p99_ms)" "$(field "$line" online_seconds)" ;;
    esac
done <"$results"
echo "run-load: logs in $work" >&2
