#!/usr/bin/env bash
# run.sh - load and chaos test of order intake (issue 13, items 2 and 6; docs/load-testing.md).
#
#   scripts/load/run.sh [--producers N] [--rate R] [--workers M] [--duration S] [--seed X] [--overload]
#                       [--overload-rate R2] [--overload-duration S2] [--no-chaos] [--drain-timeout S] [--keep]
#   scripts/load/run.sh --short        the CI version: 60 s of load at 15 requests/s, seed 20261203, one action of each
#                                      kind (kill -9 of a worker, the relay, the replica, the primary; SIGSTOP of the
#                                      broker), ~2.5-3 minutes in all
#
# On loopback only, in a temporary BAZAAR_HOME (deleted at the end, also on failure or Ctrl-C, unless --keep):
#   setup   bazaar init (embedded PostgreSQL), the home's Kafka broker (bazaar kafka start), a seller LOAD whose
#           catalog (one catalog-import job) has 3 scarce SKUs (HOT-1..3: 30, 60 and 120 units, so overselling is
#           attempted all the time) and 20 plentiful ones, the users storefront (operator: the requests' requested_by),
#           load-worker (operator: the workers' token) and load-relay (sre: the relay's token), a streaming replica
#           (bazaar db replica create) and the Redis cache when Redis answers on 127.0.0.1:6379 (else said and skipped)
#   run     M workers (bazaar worker --only order-intake,sales,dead-letters[,cache-invalidation]), bazaar events relay,
#           and N producers sending order requests at R per second in all through Kafka (LoadDriver, a Java main of the
#           cli module's test classes: a JVM per request would be too slow), for S seconds; meanwhile the chaos
#           schedule (below); between its actions, reads through the replica and the cache (report sales, price quote)
#   overload (--overload) then R2 requests/s (default 8 x R) for S2 seconds (default 20), above what the workers
#           place, with the primary PostgreSQL frozen (SIGSTOP of all its processes) for 6 s 5 s in: the
#           backlog grows in Kafka (the order-intake lag, printed every 2 s), order-intake pauses (back-pressure:
#           the worker's log and its bazaar_consumer_paused gauge), the time from placement to answer stays bounded,
#           and the backlog drains afterwards
#   chaos   from the seed (the same seed, the same schedule; printed first): kill -9 or SIGSTOP/SIGCONT of a worker,
#           the relay, the broker; kill -9 of the replica and of the primary PostgreSQL (postmaster and backends);
#           each brought back after a few seconds (a new worker or relay; bazaar kafka start; bazaar db replica start;
#           bazaar db status, which starts the primary again)
#   checks  once the driver has every answer and the backlog drained (bounded waits): oversold units = 0, each request
#           answered with one outcome, orders = PLACED answers, outbox published, every event in its topic in order,
#           sales events applied exactly once (read model = SQL totals), no dead letter, bazaar ledger check,
#           bazaar audit verify, bazaar events status (backlog 0), the workers and the relay still running, reads ok
# Exit 0 when every check holds; otherwise 1, and the violations are named on the last lines (2: bad options; 3: the
# setup failed). Logs of every process: $TMPDIR/bazaar-load.XXXX/ (kept with --keep or on failure).
#
# Builds what is missing: cli/target/bazaar.jar through scripts/bazaar, and the driver's class path
# (cli/target/load-classpath.txt: mvn test-compile + dependency:build-classpath, without repackaging the jar).

set -uo pipefail
{ # the whole script is read before it runs: editing the file meanwhile cannot change a run in progress

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$ROOT"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; }

producers=4 rate=30 workers=2 duration=120 seed= overload=0 overload_rate= overload_duration=20 chaos=1 drain=300
keep=0 short=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --producers) producers=$2; shift ;;
        --rate) rate=$2; shift ;;
        --workers) workers=$2; shift ;;
        --duration) duration=${2%s}; shift ;;
        --seed) seed=$2; shift ;;
        --overload) overload=1 ;;
        --overload-rate) overload=1; overload_rate=$2; shift ;;
        --overload-duration) overload=1; overload_duration=${2%s}; shift ;;
        --no-chaos) chaos=0 ;;
        --drain-timeout) drain=${2%s}; shift ;;
        --keep) keep=1 ;;
        --short) short=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if [[ $short == 1 ]]; then
    producers=2 rate=15 workers=2 duration=60 seed=${seed:-20261203} drain=240
fi
[[ -n $seed ]] || seed=$(( (RANDOM << 15 | RANDOM) % 1000000 ))
[[ -n $overload_rate ]] || overload_rate=$(( rate * 8 ))
for n in "$producers" "$rate" "$workers" "$duration" "$seed" "$overload_rate" "$overload_duration" "$drain"; do
    [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || { echo "options take positive whole numbers (got '$n')" >&2; exit 2; }
done
[[ $duration -ge 30 ]] || { echo "--duration must be at least 30 s" >&2; exit 2; }

began=$(date +%s)
log() { printf '[%(%H:%M:%S)T +%4ss] %s\n' -1 "$(( $(date +%s) - began ))" "$*"; }

# ---- build what is missing ---------------------------------------------------------------------------------------

CP_FILE=$ROOT/cli/target/load-classpath.txt
if [[ ! -s $CP_FILE || ! -f cli/target/test-classes/com/bazaar/cli/bench/LoadDriver.class
      || -n $(find . -path '*/target' -prune -o -path './.git' -prune -o \( -name pom.xml -o -path '*/src/*' \) \
              -type f -newer "$CP_FILE" -print -quit) ]]; then
    log "building the driver's class path (mvn -q -B -DskipTests test-compile dependency:build-classpath)..."
    rm -f "$CP_FILE"
    mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/load-classpath.txt \
        -Dmdep.includeScope=test >&2 || { echo "the build failed" >&2; exit 3; }
fi
CLASSPATH_ARG=$ROOT/cli/target/test-classes:$ROOT/cli/target/classes:$(cat "$CP_FILE")
scripts/bazaar --version >/dev/null || { echo "cannot build or run cli/target/bazaar.jar" >&2; exit 3; }

# ---- the installation and its processes --------------------------------------------------------------------------

RUN=$(mktemp -d "${TMPDIR:-/tmp}/bazaar-load.XXXXXX")
HOME_DIR=$RUN/home
mkdir -m 700 "$HOME_DIR"
# nothing of the caller's configuration: this home, its embedded PostgreSQL, its broker
while read -r name; do
    [[ $name == BAZAAR_JAVA_OPTS || $name == BAZAAR_LAUNCH ]] || unset "$name"
done < <(compgen -e | grep '^BAZAAR_')
export BAZAAR_HOME=$HOME_DIR
# a greedy buyer (5 % of the requests) meets this limit: RATE_LIMITED answers
export BAZAAR_LIMITS_ORDER_PER_BUYER=20/min
cache=off
if (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3 | grep -q PONG) 2>/dev/null
then
    export BAZAAR_CACHE=redis://127.0.0.1:6379 BAZAAR_CACHE_KEY_PREFIX=bazaar-load-$$ BAZAAR_CACHE_TTL=2m
    cache=on
fi

bz() { scripts/bazaar "$@"; }
ADMIN= WORKER_TOKEN= RELAY_TOKEN= BOOTSTRAP=
declare -a WORKER_PIDS=() STOPPED=()
RELAY_PID= DRIVER_PID= BROKER_PID= TAIL_PID=
worker_generation=0 relay_generation=0
violations=()

pid_of_file() { [[ -f $1 ]] && head -1 "$1" 2>/dev/null | tr -dc 0-9; }
primary_pid() { pid_of_file "$HOME_DIR/pgdata/postmaster.pid"; }
replica_pid() { pid_of_file "$HOME_DIR/replica/pgdata/postmaster.pid"; }
alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null && [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]; }
# a process and the processes it started (a postmaster and its backends), by pid
with_children() { echo "$1"; ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' '; }

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    log "cleaning up"
    local pid
    for pid in "${STOPPED[@]}"; do kill -CONT "$pid" 2>/dev/null; done
    for pid in $DRIVER_PID $TAIL_PID $RELAY_PID "${WORKER_PIDS[@]}"; do alive "$pid" && kill -TERM "$pid" 2>/dev/null; done
    for _ in $(seq 1 30); do
        local left=0
        for pid in $DRIVER_PID $RELAY_PID "${WORKER_PIDS[@]}"; do alive "$pid" && left=1; done
        [[ $left == 0 ]] && break
        sleep 1
    done
    for pid in $DRIVER_PID $RELAY_PID "${WORKER_PIDS[@]}"; do alive "$pid" && kill -KILL "$pid" 2>/dev/null; done
    # the broker, the replica and the primary: their data goes with the home, so no orderly shutdown is needed
    local broker
    broker=$(pid_of_file "$HOME_DIR/kafka/broker.pid")
    for pid in $BROKER_PID $broker; do alive "$pid" && kill -KILL "$pid" 2>/dev/null; done
    for pid in $(replica_pid) $(primary_pid); do
        alive "$pid" && kill -KILL $(with_children "$pid") 2>/dev/null
    done
    if [[ $keep == 1 || $rc != 0 ]]; then
        rm -rf "$HOME_DIR/kafka/data" "$HOME_DIR/replica/pgdata"
        echo "logs kept in $RUN"
    else
        rm -rf "$RUN"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

start_worker() { # index
    local i=$1 only=order-intake,sales,dead-letters
    [[ $cache == on ]] && only+=,cache-invalidation
    worker_generation=$((worker_generation + 1))
    BAZAAR_TOKEN=$WORKER_TOKEN scripts/bazaar --metrics-file "$RUN/worker-$i.prom" worker --only "$only" \
        --metrics-every 2s >"$RUN/worker-$i.$worker_generation.log" 2>&1 &
    WORKER_PIDS[$i]=$!
}
start_relay() {
    relay_generation=$((relay_generation + 1))
    BAZAAR_TOKEN=$RELAY_TOKEN scripts/bazaar events relay >"$RUN/relay.$relay_generation.log" 2>&1 &
    RELAY_PID=$!
}
# waits (at most 2 minutes) until a process's log says it runs; a chaos action is over when what it killed is back
await_log() { # pid file text
    local _
    for _ in $(seq 1 240); do
        grep -q "$3" "$2" 2>/dev/null && return 0
        alive "$1" || return 1
        sleep 0.5
    done
    return 1
}
start_broker() {
    local out
    out=$(bz kafka start 2>&1) || { echo "$out" >&2; return 1; }
    BROKER_PID=$(grep -o 'broker (pid [0-9][0-9]*)' <<<"$out" | head -1 | tr -dc 0-9)
    BOOTSTRAP=$(grep -o '127\.0\.0\.1:[0-9]*' <<<"$out" | head -1)
    [[ -n $BROKER_PID && -n $BOOTSTRAP ]] || { echo "$out" >&2; return 1; }
}
driver() { "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$CLASSPATH_ARG" com.bazaar.cli.bench.LoadDriver "$@"; }
fail_setup() { echo "setup failed: $*" >&2; exit 3; }

log "load run: seed $seed, $producers producers at $rate requests/s for $duration s, $workers workers$( \
    [[ $overload == 1 ]] && echo ", then overload at $overload_rate/s for $overload_duration s"), chaos $( \
    [[ $chaos == 1 ]] && echo on || echo off), cache $cache$( [[ $cache == off ]] && \
    echo ' (no Redis answers on 127.0.0.1:6379: skipped)'); nproc=$(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg)"
log "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), home $HOME_DIR"

# ---- the chaos schedule: from the seed only ----------------------------------------------------------------------

RANDOM=$seed
if [[ $short == 1 ]]; then
    kinds=(kill-worker kill-relay stop-broker kill-replica kill-primary)
else
    kinds=(kill-worker stop-worker kill-relay stop-relay kill-broker stop-broker kill-replica kill-primary)
fi
for (( i = ${#kinds[@]} - 1; i > 0; i-- )); do   # seeded shuffle
    j=$(( RANDOM % (i + 1) )); tmp=${kinds[i]}; kinds[i]=${kinds[j]}; kinds[j]=$tmp
done
schedule=()   # "at outage kind target"
if [[ $chaos == 1 ]]; then
    at=$(( short ? 5 : 8 + RANDOM % 5 )) k=0
    while :; do
        kind=${kinds[k % ${#kinds[@]}]}
        outage=$(( short ? 2 + RANDOM % 2 : 3 + RANDOM % 6 ))
        # what an action costs before the next may start: the outage and bringing it back (a JVM, a broker)
        case $kind in
            kill-broker) cost=$(( outage + 25 )) ;;
            kill-*) cost=$(( outage + 6 )) ;;
            *) cost=$(( outage + 2 )) ;;
        esac
        (( at + cost <= duration - 3 )) || break
        schedule+=("$at $outage $kind $(( RANDOM % workers ))")
        at=$(( at + cost + (short ? 1 + RANDOM % 3 : 2 + RANDOM % 8) )) k=$((k + 1))
    done
fi
log "chaos schedule (seed $seed; second of the run, outage, action):"
for entry in "${schedule[@]}"; do
    read -r at outage kind target <<<"$entry"
    printf '    %4s s  %2s s  %s%s\n' "$at" "$outage" "$kind" "$([[ $kind == *worker ]] && echo " #$target")"
done
[[ ${#schedule[@]} -gt 0 ]] || echo "    (none)"

# ---- setup -------------------------------------------------------------------------------------------------------

ADMIN=$(bz init 2>"$RUN/init.err" | tail -1)
[[ $ADMIN == bzr_* ]] || fail_setup "bazaar init: $(cat "$RUN/init.err")"
start_broker >"$RUN/broker-start.log" 2>&1 &
broker_starter=$!
export BAZAAR_TOKEN=$ADMIN
tokens=$(printf '%s\n' "seller create --code LOAD --name Load --currency USD" \
    "user create --name storefront --role operator" "user create --name load-worker --role operator" \
    "user create --name load-relay --role sre" | bz shell 2>"$RUN/setup.err" | grep -o '^bzr_[A-Za-z0-9_-]*')
WORKER_TOKEN=$(sed -n 2p <<<"$tokens")
RELAY_TOKEN=$(sed -n 3p <<<"$tokens")
[[ -n $RELAY_TOKEN ]] || fail_setup "seller and users: $(cat "$RUN/setup.err")"
CATALOG=$RUN/catalog.csv
{
    echo "sku,title,price,quantity,status"
    echo "HOT-1,Scarce one,19.99,30,ACTIVE"
    echo "HOT-2,Scarce two,29.99,60,ACTIVE"
    echo "HOT-3,Scarce three,9.50,120,ACTIVE"
    for i in $(seq -w 1 20); do echo "COLD-$i,Plentiful $i,$((10#$i + 4)).25,1000000,ACTIVE"; done
} >"$CATALOG"
bz job run catalog-import --seller LOAD --file "$CATALOG" --mode apply >"$RUN/catalog.log" 2>&1 \
    || fail_setup "catalog import: $(cat "$RUN/catalog.log")"
bz db replica create >"$RUN/replica-create.log" 2>&1 || fail_setup "replica: $(cat "$RUN/replica-create.log")"
unset BAZAAR_TOKEN
wait "$broker_starter" || fail_setup "kafka start: $(cat "$RUN/broker-start.log")"
BROKER_PID=$(awk '/^pid:/ {print $2}' <(bz kafka status 2>/dev/null))
BOOTSTRAP=$(awk '/^bootstrap servers:/ {print $3}' <(bz kafka status 2>/dev/null))
[[ -n $BROKER_PID && -n $BOOTSTRAP ]] || fail_setup "the broker did not say its pid and address"
driver topics --bootstrap "$BOOTSTRAP" --partitions $(( workers > 3 ? workers : 3 )) >"$RUN/topics.log" 2>&1 \
    || fail_setup "topics: $(cat "$RUN/topics.log")"
for (( i = 0; i < workers; i++ )); do start_worker "$i"; done
start_relay
# the load starts once every worker consumes and the relay holds its lease (at most 3 minutes)
for (( waited = 0; waited < 180; waited++ )); do
    ready=$(cat "$RUN"/worker-*.log 2>/dev/null | grep -c '^Worker running')
    [[ $ready -ge $workers ]] && grep -q 'lease taken' "$RUN/relay.1.log" 2>/dev/null && break
    sleep 1
done
(( waited < 180 )) || fail_setup "the workers or the relay did not start: $(tail -3 "$RUN"/worker-*.log "$RUN/relay.1.log")"
log "setup done: broker pid $BROKER_PID at $BOOTSTRAP, primary pid $(primary_pid), replica pid $(replica_pid)," \
    "$workers workers, relay"

# ---- run: the driver, the chaos, reads in between -----------------------------------------------------------------

hot=HOT-1,HOT-2,HOT-3
cold=$(seq -w 1 20 | sed 's/^/COLD-/' | paste -sd,)
overload_args=()
[[ $overload == 1 ]] && overload_args=(--overload-rate "$overload_rate" --overload-duration "$overload_duration")
"$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$CLASSPATH_ARG" com.bazaar.cli.bench.LoadDriver run \
    --bootstrap "$BOOTSTRAP" --out "$RUN" --seller LOAD --requested-by storefront --hot "$hot" --cold "$cold" \
    --producers "$producers" --rate "$rate" --duration "$duration" --seed "$seed" --drain-timeout "$drain" \
    "${overload_args[@]}" >"$RUN/driver.out" 2>"$RUN/driver.err" &
DRIVER_PID=$!
# the driver's own lines (its Kafka clients' warnings stay in the file)
tail -n +1 -f --pid="$DRIVER_PID" "$RUN/driver.out" \
    | grep --line-buffered -v -E '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} (WARN|INFO|ERROR) ' | sed -u 's/^/  driver| /' &
TAIL_PID=$!
# the chaos schedule counts from the start of the load, after the driver's warm-up (at most 4 minutes)
for (( waited = 0; waited < 240; waited++ )); do
    grep -q '] phase normal' "$RUN/driver.out" 2>/dev/null || ! alive "$DRIVER_PID" && break
    sleep 1
done
t0=$(date +%s)
chaos_done=()
reads_ok=0 reads_failed=0 read_turn=0

# one read through the replica or the cache (never while something is down: the primary would be started by it)
read_once() {
    local out rc
    read_turn=$((read_turn + 1))
    if (( read_turn % 2 )); then
        out=$(BAZAAR_TOKEN=$ADMIN timeout 120 scripts/bazaar report sales --seller LOAD --from "$(date -u +%F)" \
            --to "$(date -u +%F)" 2>&1); rc=$?
    else
        out=$(BAZAAR_TOKEN=$ADMIN timeout 120 scripts/bazaar price quote --seller LOAD --line COLD-01:2 \
            --line HOT-1:1 2>&1); rc=$?
    fi
    if [[ $rc == 0 ]]; then reads_ok=$((reads_ok + 1)); else
        reads_failed=$((reads_failed + 1)); echo "$out" >>"$RUN/reads-failed.log"
        log "a read failed (exit $rc): $(tail -1 <<<"$out")"
    fi
}

# sleeps until second $1 of the run, reading now and then
idle_until() {
    while :; do
        local left=$(( $1 - ($(date +%s) - t0) ))
        (( left <= 0 )) && return
        if (( left >= 8 )) && alive "$DRIVER_PID"; then read_once; else sleep $(( left < 2 ? left : 2 )); fi
    done
}

kill_postgres() { # pid: kill -9 of the postmaster and every backend, as an OOM kill would
    [[ -n $1 ]] && kill -KILL $(with_children "$1") 2>/dev/null
    local _; for _ in $(seq 1 50); do alive "$1" || return 0; sleep 0.2; done
}

chaos() { # kind outage target
    local kind=$1 outage=$2 target=$3 pid what began_at=$(( $(date +%s) - t0 ))
    case $kind in
        kill-worker)
            pid=${WORKER_PIDS[$target]}; kill -KILL "$pid"; wait "$pid" 2>/dev/null; sleep "$outage"
            start_worker "$target"
            await_log "${WORKER_PIDS[$target]}" "$RUN/worker-$target.$worker_generation.log" '^Worker running' \
                || violations+=("the worker started after a kill did not run")
            what="worker #$target (pid $pid) killed, a new one (pid ${WORKER_PIDS[$target]})" ;;
        stop-worker)
            pid=${WORKER_PIDS[$target]}; kill -STOP "$pid"; STOPPED+=("$pid"); sleep "$outage"; kill -CONT "$pid"; STOPPED=()
            what="worker #$target (pid $pid) stopped and continued" ;;
        kill-relay)
            pid=$RELAY_PID; kill -KILL "$pid"; wait "$pid" 2>/dev/null; sleep "$outage"; start_relay
            await_log "$RELAY_PID" "$RUN/relay.$relay_generation.log" 'lease taken' \
                || violations+=("the relay started after a kill did not take the lease")
            what="relay (pid $pid) killed, a new one (pid $RELAY_PID)" ;;
        stop-relay)
            pid=$RELAY_PID; kill -STOP "$pid"; STOPPED+=("$pid"); sleep "$outage"; kill -CONT "$pid"; STOPPED=()
            what="relay (pid $pid) stopped and continued" ;;
        kill-broker)
            pid=$BROKER_PID; kill -KILL "$pid"; sleep "$outage"
            start_broker >>"$RUN/broker-start.log" 2>&1 || violations+=("the broker did not start again after kill -9")
            what="broker (pid $pid) killed, started again (pid $BROKER_PID)" ;;
        stop-broker)
            pid=$BROKER_PID; kill -STOP "$pid"; STOPPED+=("$pid"); sleep "$outage"; kill -CONT "$pid"; STOPPED=()
            what="broker (pid $pid) stopped and continued" ;;
        kill-replica)
            pid=$(replica_pid); kill_postgres "$pid"; sleep "$outage"
            bz db replica start >>"$RUN/replica-start.log" 2>&1 || violations+=("the replica did not start again")
            what="replica (pid $pid) killed, started again (pid $(replica_pid))" ;;
        kill-primary)
            pid=$(primary_pid); kill_postgres "$pid"; sleep "$outage"
            bz db status >>"$RUN/db-status.log" 2>&1 || violations+=("the primary did not start again")
            bz db replica status >>"$RUN/replica-start.log" 2>&1   # the replica follows a new port
            what="primary PostgreSQL (pid $pid) killed with its backends, started again by db status (pid $(primary_pid))"
            ;;
    esac
    chaos_done+=("$(printf '%4s-%s s %s (outage %s s)' "$began_at" "$(( $(date +%s) - t0 ))" "$what" "$outage")")
    log "chaos: $what (second $began_at to $(( $(date +%s) - t0 )) of the load)"
}

done_actions=0
for entry in "${schedule[@]}"; do
    read -r at outage kind target <<<"$entry"
    idle_until "$at"
    # late actions (each waits until what it killed is back) still run, while the driver waits for its answers
    if ! alive "$DRIVER_PID"; then
        log "chaos: the driver has finished; $(( ${#schedule[@]} - done_actions )) action(s) left out"
        break
    fi
    chaos "$kind" "$outage" "$target"
    done_actions=$((done_actions + 1))
done

idle_until $(( duration - 2 ))   # reads until the end of the load (without chaos: all along)

if [[ $overload == 1 ]]; then
    # the overload phase starts at second $duration; 5 s in, the primary is frozen for 6 s: order-intake pauses
    idle_until $(( duration + 5 ))
    pid=$(primary_pid); frozen=$(with_children "$pid")
    kill -STOP $frozen; STOPPED+=($frozen)
    log "overload: the primary PostgreSQL frozen (SIGSTOP of its $(wc -w <<<"$frozen") processes) for 6 s"
    sleep 4.5   # the requests in hand are slower than --slow-above (2 s) by now; the metrics files are rewritten every 2 s
    log "overload: during the freeze, the workers' metrics files say: $(grep -h \
        'bazaar_consumer_paused{consumer="order-intake"' "$RUN"/worker-*.prom 2>/dev/null | tr '\n' ' ')"
    sleep 1.5
    kill -CONT $frozen; STOPPED=()
    chaos_done+=("$(printf '%4s-%s s %s (outage 6 s)' "$(( $(date +%s) - t0 - 6 ))" "$(( $(date +%s) - t0 ))" \
        "overload: primary PostgreSQL frozen (SIGSTOP of its $(wc -w <<<"$frozen") processes)")")
    log "overload: the primary continued; bazaar events status while the backlog grows:"
    BAZAAR_TOKEN=$RELAY_TOKEN timeout 120 scripts/bazaar events status 2>&1 | sed 's/^/    /' \
        | tee "$RUN/status-overload.txt"
fi

wait "$DRIVER_PID"; driver_rc=$?
wait "$TAIL_PID" 2>/dev/null
[[ $driver_rc == 0 ]] || violations+=("the driver: not every request was answered (exit $driver_rc)")
log "driver finished (exit $driver_rc)"

# ---- checks ------------------------------------------------------------------------------------------------------

for (( i = 0; i < workers; i++ )); do
    alive "${WORKER_PIDS[$i]}" || violations+=("worker #$i (pid ${WORKER_PIDS[$i]}) ended by itself")
done
alive "$RELAY_PID" || violations+=("the relay ended by itself")
driver check --home "$HOME_DIR" --bootstrap "$BOOTSTRAP" --seller LOAD --out "$RUN" --catalog "$CATALOG" \
    --wait "$drain" 2>"$RUN/check.err" | tee "$RUN/check.out"
check_rc=${PIPESTATUS[0]}
[[ $check_rc == 0 ]] || violations+=("$(grep '^RESULT' "$RUN/check.out" | sed 's/^RESULT //' || echo "the checks did not run: $(tail -3 "$RUN/check.err")")")

cli_check() { # name expected-exit command...
    local name=$1 out rc
    shift
    out=$(BAZAAR_TOKEN=$ADMIN timeout 180 scripts/bazaar "$@" 2>&1); rc=$?
    if [[ $rc == 0 ]]; then echo "CHECK ok   $name: $(grep -v '^ *$' <<<"$out" | tr -s ' ' | paste -sd';')"; else
        echo "CHECK FAIL $name (exit $rc): $(tail -3 <<<"$out" | tr '\n' ' ')"; violations+=("$name"); fi
}
cli_check "bazaar ledger check" ledger check
cli_check "bazaar audit verify" audit verify
status=$(BAZAAR_TOKEN=$RELAY_TOKEN timeout 120 scripts/bazaar events status 2>&1)
echo "$status" >"$RUN/status-end.txt"
backlog=$(awk -F: '/^outbox.unpublished *:/ {gsub(/[^0-9]/, "", $2); print $2; exit}' <<<"$status")
echo "bazaar events status at the end:"; sed 's/^/    /' <<<"$status"
[[ ${backlog:-x} == 0 ]] && echo "CHECK ok   backlog drained: bazaar events status says $backlog unpublished" \
    || { echo "CHECK FAIL backlog drained: bazaar events status: ${backlog:-no backlog line}"; violations+=("backlog drained"); }
for consumer in order-intake sales dead-letters; do
    lag=$(awk -v c="$consumer" '$1 == c {print $3}' <<<"$status")
    [[ $lag == 0 ]] && echo "CHECK ok   consumer $consumer caught up: lag 0" \
        || { echo "CHECK FAIL consumer $consumer caught up: lag ${lag:-unknown}"; violations+=("consumer $consumer lag"); }
done
read_once; read_once   # after the load too: the replica and the cache after the chaos
(( reads_failed == 0 )) && echo "CHECK ok   reads during the run: $reads_ok, none failed" \
    || { echo "CHECK FAIL reads during the run: $reads_failed of $((reads_ok + reads_failed)) failed"; violations+=("reads"); }

# ---- summary -----------------------------------------------------------------------------------------------------

echo
echo "=== load run summary (seed $seed; $(( $(date +%s) - began )) s in all; cache $cache)"
sed -n '/^=== driver summary/,/^RESULT driver/p' "$RUN/driver.out" | grep -v '^=== \|^RESULT'
grep '^service time' "$RUN/check.out"
echo "chaos actions done (${#chaos_done[@]}):"
for line in "${chaos_done[@]}"; do echo "  - $line"; done
paused=$(cat "$RUN"/worker-*.log 2>/dev/null | grep -c 'consumer order-intake paused for')
echo "back-pressure: order-intake paused $paused time(s) (the workers' logs)$( [[ $paused -gt 0 ]] && echo ": $(cat "$RUN"/worker-*.log | grep -m1 'consumer order-intake paused for' | sed 's/^.*consumer order-intake/consumer order-intake/')")"
if (( ${#violations[@]} )); then
    echo "VIOLATIONS (${#violations[@]}):"
    for v in "${violations[@]}"; do echo "  - $v"; done
    exit 1
fi
echo "all checks passed"
exit 0
}
