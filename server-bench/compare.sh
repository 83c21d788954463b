#!/usr/bin/env bash
# Issue #4, item 2: the load scenarios A–D against xmppd, Prosody and ejabberd in one run, plus a raw TCP relay as
# the machine's reference line, printing one Markdown table (also written to $OUT,
# default server-bench/target/compare-<UTC time>.md).
#
#   server-bench/compare.sh                 # RUNS=2, full sizes (estimated 40-60 minutes on 2 cores)
#   QUICK=1 server-bench/compare.sh         # tiny sizes, one run: checks the whole chain in a few minutes
#   SERVERS="xmppd relay" MODES=plain PAIRS=100 server-bench/compare.sh     # any subset, any size
#
# Sizes and switches (environment): see the variables below and docs/performance.md, "Side by side". Data directories
# are removed after each server stops (KEEP_DATA=1 keeps them); configurations and logs stay in the printed
# directory.
#
# Prosody and ejabberd come from Debian packages (installed with apt-get when missing; needs root or sudo; their
# system services are kept from starting and never used). Every server runs from its own generated configuration
# and data directory under one temporary directory, on its own loopback address (xmppd 127.0.0.11, Prosody
# 127.0.0.12, ejabberd 127.0.0.13, relay 127.0.0.14, port $PORT), and is freshly started for every mode (plain,
# tls) of every run. Accounts: xmppd BulkAccounts, Prosody ProsodyAccounts (files), ejabberd in-band registration
# (LoadMain scenario R) and presence subscriptions for D's rosters (scenario S), then a restart. Credentials are
# hashed everywhere (SCRAM keys, 4096 iterations, SHA-256), so PLAIN logins derive a key on every server. Then:
# B (idle sessions logged in with SCRAM, RSS of the server process), A (logins), C closed loop, C open loop at
# RATE msg/s, D (presence fan-out); the relay runs B and C only. PROFILE=default enables on every server what
# xmppd enables by default for one-to-one traffic (roster, presence, offline, carbons, MAM archiving every message,
# blocking, vCard, private XML, last activity, version, time, ad-hoc); PROFILE=lean only roster, presence, disco and
# ping. Every phase is bounded in count and time (LoadMain --timeout, server start-up and shutdown timeouts).
set -euo pipefail

cd "$(dirname "$0")/.."
if [ "${QUICK:-0}" = 1 ]; then
    : "${RUNS:=1}" "${LOGINS:=200}" "${IN_FLIGHT:=20}" "${SESSIONS:=300}" "${PAIRS:=20}" "${SECONDS_C:=3}"
    : "${RATE:=200}" "${USERS:=20}" "${CONTACTS:=6}" "${SECONDS_D:=2}" "${WARMUP:=1}" "${WARMUP_LOGINS:=20}"
    : "${WARMUP_SESSIONS:=20}" "${WARMUP_RATE:=1}" "${SETTLE:=10}"
    : "${TIMEOUT:=60}"
fi
RUNS=${RUNS:-2}                 # runs per server and mode; the table shows medians
LOGINS=${LOGINS:-2000}          # A: measured logins
WARMUP_LOGINS=${WARMUP_LOGINS:-3000} # A: unmeasured logins first (xmppd's JIT: 500 left it at half its speed)
IN_FLIGHT=${IN_FLIGHT:-100}     # A: logins at the same time
SESSIONS=${SESSIONS:-10000}     # B: idle sessions
WARMUP_SESSIONS=${WARMUP_SESSIONS:-200} # B: sessions in and out before the first RSS reading (code loaded on first use)
PAIRS=${PAIRS:-250}             # C: pairs
SECONDS_C=${SECONDS_C:-20}      # C: measured seconds
RATE=${RATE:-1000}              # C: open-loop messages/s
USERS=${USERS:-200}             # D: users
CONTACTS=${CONTACTS:-50}        # D: roster contacts per user
SECONDS_D=${SECONDS_D:-10}      # D: measured seconds
WARMUP=${WARMUP:-30}            # C closed loop and D: warm-up seconds (xmppd's JIT: 5 s left it at 2/3 of its speed)
WARMUP_RATE=${WARMUP_RATE:-20}  # C open loop: warm-up seconds (JIT: see server-bench/settle.sh)
SETTLE=${SETTLE:-60}            # at most this many seconds of waiting for an idle server before C and D
TIMEOUT=${TIMEOUT:-300}         # bound on each phase
SERVERS=${SERVERS:-xmppd prosody ejabberd relay}
MODES=${MODES:-plain tls}
PROFILE=${PROFILE:-default}
XMPPD_STORAGE=${XMPPD_STORAGE:-h2} # h2, or postgresql: a local PostgreSQL (.ci/postgres.sh), whose CPU is not counted
PORT=${PORT:-5222}
OUT=${OUT:-server-bench/target/compare-$(date -u +%Y%m%dT%H%M%SZ).md}
SERVER_OPTS=${XMPPD_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}
CLIENT_OPTS=${CLIENT_OPTS:--Xms256m -Xmx1g}
declare -A ADDR=([xmppd]=127.0.0.11 [prosody]=127.0.0.12 [ejabberd]=127.0.0.13 [relay]=127.0.0.14)
ACCOUNTS=$(( SESSIONS > 2 * PAIRS ? SESSIONS : 2 * PAIRS ))
ACCOUNTS=$(( ACCOUNTS > LOGINS ? ACCOUNTS : LOGINS ))
ACCOUNTS=$(( ACCOUNTS > USERS ? ACCOUNTS : USERS ))
case "$PROFILE" in
    default | lean) ;;
    *) echo "compare: PROFILE=$PROFILE (expected: default or lean)" >&2; exit 2 ;;
esac
case "$XMPPD_STORAGE" in
    h2 | postgresql) ;;
    *) echo "compare: XMPPD_STORAGE=$XMPPD_STORAGE (expected: h2 or postgresql)" >&2; exit 2 ;;
esac

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
log() { echo "compare: $*" >&2; }

install_peers() {
    local need=()
    command -v prosody >/dev/null || need+=(prosody)
    command -v ejabberdctl >/dev/null || need+=(ejabberd)
    [ ${#need[@]} -eq 0 ] && return
    log "installing ${need[*]} from Debian packages (services kept stopped)"
    local policy=/usr/sbin/policy-rc.d created=""
    if [ ! -e "$policy" ]; then # invoke-rc.d and deb-systemd-invoke then start no service
        printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null && as_root chmod 755 "$policy" && created=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || true
    local rc=0
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2 || rc=$?
    [ -n "$created" ] && as_root rm -f "$policy"
    [ "$rc" = 0 ] || { log "apt-get install ${need[*]} failed ($rc)"; exit 1; }
    for s in "${need[@]}"; do # in case an init system started one anyway
        if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
            as_root systemctl disable --now "$s" >/dev/null 2>&1 || true
        elif [ -x "/etc/init.d/$s" ] && [ -e "/run/$s/$s.pid" ]; then # only a running one: a stop runs ejabberdctl
            as_root "/etc/init.d/$s" stop >/dev/null 2>&1 || true
        fi
    done
}

jar_app=server-app/target/xmppd.jar
jar_bench=server-bench/target/benchmarks.jar
if [ ! -f "$jar_app" ] || [ ! -f "$jar_bench" ]; then
    log "building $jar_app and $jar_bench ..."
    mvn -B -ntp -o -q package -DskipTests -pl server-app,server-bench -am >&2
fi
case " $SERVERS " in *" prosody "* | *" ejabberd "*) install_peers ;; esac
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fds=$(ulimit -n)
[ "$fds" = unlimited ] && fds=1048576
if [ "$fds" -lt $(( SESSIONS + 1000 )) ]; then
    log "ulimit -n is $fds, too low for $SESSIONS sessions"
    exit 1
fi
# TLS idle sessions (B): as many as plaintext ones. xmppd's TLS (OpenSSL) needs one descriptor per session; with
# the Conscrypt fallback it would need three, so lower SESSIONS_TLS then.
SESSIONS_TLS=${SESSIONS_TLS:-$SESSIONS}

work=$(mktemp -d /tmp/xmppd-compare.XXXXXX)
chmod 755 "$work" # Prosody and ejabberd run as their own users and read their directories below it
results="$work/results"
: >"$results"
server_pid=""
stop_server() {
    [ -n "$server_pid" ] || return 0
    if kill -0 "$server_pid" 2>/dev/null; then
        as_root kill "$server_pid" 2>/dev/null || true
        timeout 60 tail --pid="$server_pid" -f /dev/null || as_root kill -9 "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
trap stop_server EXIT
started=$(date -u '+%Y-%m-%d %H:%M')
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 30 \
    -subj /CN=localhost 2>/dev/null

. server-bench/compare-servers.sh
. server-bench/settle.sh

load() { # server, mode, run, LoadMain arguments
    local server=$1 mode=$2 run=$3
    shift 3
    local tls=() raw=()
    [ "$mode" = tls ] && tls=(--tls)
    [ "$server" = relay ] && raw=(--raw)
    log "$server $mode run $run: $*"
    # shellcheck disable=SC2086 # CLIENT_OPTS is a list of options
    java $CLIENT_OPTS -cp "$jar_bench" dev.xmppd.bench.load.LoadMain --host "${ADDR[$server]}" --port "$PORT" \
        --timeout "$TIMEOUT" ${tls[@]+"${tls[@]}"} ${raw[@]+"${raw[@]}"} "$@" 2>>"$dir/load.log" |
        sed -u "s/^RESULT /RESULT server=$server transport=$mode run=$run /" | tee -a "$results" >&2 ||
        log "failed: $server $mode run $run: $* (see $dir/load.log)"
}

scenarios() { # server, mode, run
    local s=$1 m=$2 r=$3 sessions=$SESSIONS
    [ "$m" = tls ] && sessions=$SESSIONS_TLS
    # B logs in with SCRAM in both modes, as clients do: with PLAIN, ejabberd derives the key inside the session's
    # process, whose heap then stays large while idle (about 380 KB per session instead of 7 KB, measured at 600).
    load "$s" "$m" "$r" --scenario B --count "$sessions" --in-flight "$IN_FLIGHT" --server-pid "$server_pid" \
        --warmup "$WARMUP_SESSIONS" --mech SCRAM-SHA-256
    if [ "$s" != relay ]; then
        load "$s" "$m" "$r" --scenario A --count "$LOGINS" --in-flight "$IN_FLIGHT" --accounts "$LOGINS" \
            --warmup "$WARMUP_LOGINS" --server-pid "$server_pid"
    fi
    settle "$s"
    load "$s" "$m" "$r" --scenario C --pairs "$PAIRS" --warmup-seconds "$WARMUP" --seconds "$SECONDS_C" \
        --server-pid "$server_pid"
    settle "$s"
    load "$s" "$m" "$r" --scenario C --pairs "$PAIRS" --rate "$RATE" --warmup-seconds "$WARMUP_RATE" \
        --seconds "$SECONDS_C" --server-pid "$server_pid"
    if [ "$s" != relay ]; then
        settle "$s"
        load "$s" "$m" "$r" --scenario D --users "$USERS" --contacts "$CONTACTS" --warmup-seconds "$WARMUP" \
            --seconds "$SECONDS_D"
    fi
}

for run in $(seq 1 "$RUNS"); do
    for server in $SERVERS; do
        for mode in $MODES; do
            [ "$server" = relay ] && [ "$mode" != plain ] && continue
            dir="$work/$server-$mode-$run"
            mkdir -p "$dir"
            chmod 755 "$dir"
            log "$server $mode run $run: set-up in $dir"
            if "prepare_$server" "$dir" "$mode" "$run" && start_server "$server" "$dir"; then
                scenarios "$server" "$mode" "$run"
            else
                log "$server $mode run $run: could not start (see $dir)"
            fi
            stop_server
            clean_data "$dir"
        done
    done
done
[ "${KEEP_DATA:-0}" = 1 ] || as_root rm -rf "$work/ejabberd-db"

version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo '?'; }
commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
# The thin jar is rewritten only when server-app changes; its modules' jars in lib/ say when the code was built.
newest=$(ls -t "$jar_app" "$(dirname "$jar_app")"/lib/server-*.jar 2>/dev/null | head -1)
built=$(date -u -r "${newest:-$jar_app}" '+%Y-%m-%d %H:%M')
cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)
storage=$XMPPD_STORAGE
if [ "$XMPPD_STORAGE" = postgresql ]; then
    storage+=" (local PostgreSQL $(version postgresql); its CPU is not in xmppd's CPU per operation)"
fi
notes=(--note "Measured $started–$(date -u +%H:%M) UTC with server-bench/compare.sh at commit $commit\
 (xmppd.jar built $built), Prosody $(version prosody), ejabberd $(version ejabberd), $(java -version 2>&1 | sed -n 1p)."
    --note "Machine: $(nproc) CPUs ($cpu); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    --note "Sizes: A $LOGINS logins, $IN_FLIGHT in flight; B $SESSIONS sessions ($SESSIONS_TLS with TLS); C $PAIRS\
 pairs, ${SECONDS_C} s, open loop at $RATE msg/s; D $USERS users × $CONTACTS contacts, ${SECONDS_D} s."
    --note "xmppd storage: $storage."
    --note "Warm-up before each measurement: A $WARMUP_LOGINS logins, C's closed loop and D $WARMUP s, C's open loop\
 $WARMUP_RATE s; between scenarios the script waits for an idle server (at most $SETTLE s).")
java -cp "$jar_bench" dev.xmppd.bench.load.CompareReport --profile "$PROFILE" --runs "$RUNS" "${notes[@]}" "$results" |
    tee "$OUT"
log "table in $OUT; results and logs in $work"
