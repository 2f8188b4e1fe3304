#!/usr/bin/env bash
# partitions.sh - issue 13's benchmark "reconciliation and refunds with 1 and 2 partition workers": the same data, in
# one run, processed in one process, in P partitions by the launching process alone, and in P partitions with one
# `bazaar worker --batch` beside it (remote partitioning, docs/adr/0012-remote-partitioning.md).
#
#   scripts/bench/partitions.sh [--lines N] [--rows R] [--partitions P] [--only recon|refunds]
#
#   --lines N       captured payments and about N settlement lines (default 200000)
#   --rows R        rows of the refunds file (default 2000: about 30 ms a row here, see docs/performance.md)
#   --partitions P  the partitions of the partitioned variants (default 2; 2-64)
#   --only PART     run only the reconciliation or only the refunds part (the payments are generated either way)
#
# In a temporary BAZAAR_HOME (embedded PostgreSQL and the home's local Kafka broker, `bazaar kafka start`; the
# worker, the broker and the server stopped and everything deleted at exit, also on failure or Ctrl-C):
#   1. bazaar init, seller ACME (USD); the internal side of scripts/bench/reconciliation.sh generated with set-based
#      SQL (scripts/bench/settlement-data.sh: N captured payments with their ledger postings, N/1000 authorized, a
#      refund on 1 in 400) and its settlement file with about 2 % planted discrepancies; for the refunds, the first R
#      captured payments never refunded (of at least 2.00) get an order line each (product BENCH) and a refunds file
#      one row each (1.00 USD, idempotency key bench-<payment>); VACUUM ANALYZE, then the stopped server's data
#      directory is copied: EVERY VARIANT RUNS ON A FRESH COPY of it (same data, a fresh run id, nothing left by the
#      variants before; the copy is restored and the server started before the clock starts); the local Kafka
#      broker is started (timed, not part of any variant) and kept for all variants;
#   2. reconciliation, 4 variants in this order, each on the same file:
#        single        recon run --provider generic --file F --payout-date 2026-11-30     (steps stage, classify)
#        launcher      ... --partitions P, no worker: the launching process takes every partition, one at a time
#                      (steps stage, prepare, classify-partitions [classify-partition:partitionI], complete)
#        worker        ... --partitions P with one `worker --batch` started before (and stopped after) the run
#        single-again  as single: how much the machine drifted during the run (not a variant)
#      per variant: wall clock of the command; the job's step times from batch_step_execution; "classify" = from the
#      end of stage to the end of the job (single: step classify; partitioned: prepare + classify-partitions +
#      complete), lines/s over it, and its speed-up against single; how much the partitions overlapped (sum of their
#      times / their span: 1.0 = one after another, P = all at once); CPU seconds of the launching JVM (including its
#      start), of the worker JVM (during the run only) and of the embedded PostgreSQL (postmaster, its live backends
#      and the ones it reaped); the statements the server logged as taking >= BENCH_SLOW_MS, and its lock waits of
#      more than 100 ms (log_lock_waits, deadlock_timeout 100ms) by lock and statement;
#      check: the categories found = the planted ones, no settlement problem, every waterfall adds up, P partitions
#      COMPLETED;
#   3. refunds, the same 4 variants with `job run refunds --file F --mode apply [--partitions P]` on the refunds file.
#      "issue" = from the start of the job to the end
#      of its per-item step (single: refund; partitioned: stage-rows + refund-partitions), rows/s over it; the same
#      CPU figures; check: exit 0, "refunds succeeded: R" and "rejected: 0", R new refunds all SUCCEEDED on R distinct
#      payments (each row refunded once), R refunds asked of the simulated provider, P partitions COMPLETED, no staged
#      row left; at the end `ledger check` (of the last variant's database).
# Prints details, one line per part starting with RESULT; exit status 1 when a check failed.
#
# Environment: BENCH_JAVA_OPTS (default -Xmx512m, every bazaar JVM); BENCH_JAR (default cli/target/bazaar.jar, copied
# into the temporary directory first); BENCH_SLOW_MS (default 500; 0 = off). Builds (mvn -q -B -DskipTests package)
# when the jar is missing. Needs Java 17+, python3, psql, /proc. Two cores shared with PostgreSQL, the broker and
# both JVMs: compare the ratios measured in one run, not absolute times across runs.

set -euo pipefail

N=200000
ROWS=2000
P=2
ONLY=
while (( $# > 0 )); do
    case $1 in
        -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        --lines) N=${2:-}; shift 2 ;;
        --rows) ROWS=${2:-}; shift 2 ;;
        --partitions) P=${2:-}; shift 2 ;;
        --only) ONLY=${2:-}; shift 2 ;;
        *) echo "unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[[ $N =~ ^[1-9][0-9]*$ && $ROWS =~ ^[1-9][0-9]*$ ]] || { echo "--lines and --rows take positive numbers" >&2; exit 2; }
[[ $P =~ ^[0-9]+$ ]] && (( P >= 2 && P <= 64 )) || { echo "--partitions takes 2 to 64 (got '$P')" >&2; exit 2; }
[[ -z $ONLY || $ONLY == recon || $ONLY == refunds ]] || { echo "--only takes recon or refunds" >&2; exit 2; }
JAVA_OPTS_BENCH=${BENCH_JAVA_OPTS:--Xmx512m}
SLOW_MS=${BENCH_SLOW_MS:-500}
PAYOUT_DATE=2026-11-30
VARIANTS=(single launcher worker single-again)

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
cd "$ROOT"

command -v psql >/dev/null || { echo "psql is needed" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed to generate the file" >&2; exit 2; }

if [[ -z ${BENCH_JAR:-} && ! -f cli/target/bazaar.jar ]]; then
    echo "building (mvn -q -B -DskipTests package)..." >&2
    mvn -q -B -DskipTests package >&2
fi
SRC_JAR=${BENCH_JAR:-$ROOT/cli/target/bazaar.jar}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bazaar-partitions-bench.XXXXXX")
export BAZAAR_HOME=$WORK/home
JAR=$WORK/bazaar.jar
cp "$SRC_JAR" "$JAR"
WORKER_PID=

stop_worker() {
    [[ -n $WORKER_PID ]] || return 0
    kill -TERM "$WORKER_PID" 2>/dev/null || true
    wait "$WORKER_PID" 2>/dev/null || true
    WORKER_PID=
}

cleanup() {
    local rc=$?
    stop_worker
    if [[ -f $BAZAAR_HOME/kafka/broker.pid ]]; then
        "$JAVA" -jar "$JAR" kafka stop >/dev/null 2>&1 || echo "warning: 'kafka stop' failed for $BAZAAR_HOME" >&2
    fi
    if [[ -d $BAZAAR_HOME/pgdata ]]; then
        "$JAVA" -jar "$JAR" db stop >/dev/null 2>&1 || echo "warning: 'db stop' failed for $BAZAAR_HOME" >&2
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# settings that would point the CLI elsewhere (another database or Kafka cluster, another topic prefix)
unset BAZAAR_DB_URL BAZAAR_DB_USER BAZAAR_DB_PASSWORD BAZAAR_TOKEN BAZAAR_OUTPUT BAZAAR_CORRELATION_ID BAZAAR_KAFKA \
    BAZAAR_KAFKA_TOPIC_PREFIX BAZAAR_KAFKA_CLIENT_PROPERTIES
export BAZAAR_RECON_GRACE_DAYS=2

bz() { "$JAVA" $JAVA_OPTS_BENCH -jar "$JAR" "$@"; }
now_ns() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'; }
us_per() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.0f", s * 1e6 / n }'; }   # µs of $1 s over $2 items
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b > 0) printf f, a / b; else printf "-" }'; }
fail() { echo "FAILED: $*" >&2; exit 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
others() {   # other heavy processes on the machine (concurrent builds, JVMs, servers)
    echo "mvn=$(pgrep -fc 'org.codehaus.plexus.classworlds' || true) java=$(pgrep -c java || true) postgres=$(pgrep -c postgres || true)"
}
TICKS=$(getconf CLK_TCK)
# CPU seconds (x100, as clock ticks) of a process: user + system, with its reaped children when $2 = all
ticks_of() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    # fields after the command name (which may contain spaces): 14 utime 15 stime 16 cutime 17 cstime
    awk -v all="${2:-}" '{ print all == "all" ? $12 + $13 + $14 + $15 : $12 + $13 }' <<<"${stat##*) }"
}
pg_ticks() {   # the embedded server: the postmaster with the backends it reaped, and its live backends
    local pm t child
    pm=$(sed -n 1p "$BAZAAR_HOME/pgdata/postmaster.pid")
    t=$(ticks_of "$pm" all)
    for child in $(pgrep -P "$pm"); do t=$(( t + $(ticks_of "$child") )); done
    echo "$t"
}
cpu_s() { awk -v t="$1" -v hz="$TICKS" 'BEGIN { printf "%.1f", t / hz }'; }

echo "partitions bench: lines=$N rows=$ROWS partitions=$P, java opts '$JAVA_OPTS_BENCH', $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "jar: $SRC_JAR (built $(stat -c '%y' "$SRC_JAR" | cut -c1-19)); checkout at $(git rev-parse --short HEAD 2>/dev/null || echo '?')$( [[ -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]] && echo ' with uncommitted changes')"
echo "load at start: $(load) ($(others)); uptime: $(uptime)"

# ---- home, seller, internal side, settlement file, broker -------------------------------------------------------

# shellcheck source=settlement-data.sh
source "$ROOT/scripts/bench/settlement-data.sh"
bench_home
# lock waits longer than 100 ms are logged (deadlock_timeout only sets when the server looks for deadlocks)
pgsql -c "ALTER SYSTEM SET log_lock_waits = on" -c "ALTER SYSTEM SET deadlock_timeout = '100ms'" \
      -c "SELECT pg_reload_conf()" >/dev/null

t0=$(now_ns)
bench_internal_side "$N"
pgsql -At -c "SELECT 'internal side: ' || (SELECT count(*) FROM payments WHERE status = 'CAPTURED')
    || ' captured payments, ' || (SELECT count(*) FROM payments WHERE status = 'AUTHORIZED') || ' authorized, '
    || (SELECT count(*) FROM refunds) || ' refunds, ' || (SELECT count(*) FROM ledger_postings) || ' ledger postings'"
echo "  generated in $(secs $(( $(now_ns) - t0 ))) s (SQL, including VACUUM ANALYZE)"

FILE=$WORK/settlement.csv
PLANTED=$WORK/planted.txt
LINES=0
if [[ $ONLY != refunds ]]; then
    t0=$(now_ns)
    bench_settlement_file "$N" "$WORK/payments.csv" "$FILE" "$PLANTED"
    LINES=$(( $(wc -l <"$FILE") - 1 ))
    echo "  generated in $(secs $(( $(now_ns) - t0 ))) s: $LINES lines, $(stat -c %s "$FILE") bytes"
    echo "planted (category count):"; sed 's/^/  /' "$PLANTED"
fi

# refunds: the first R payments captured, never refunded, of at least 2.00 (a 1.00 refund leaves some captured); the
# generated orders have no lines, and a refund loads its order: one line each (product BENCH, quantity 1, the total)
REFUNDS=$WORK/refunds.csv
if [[ $ONLY != recon ]]; then
    bz product create --seller ACME --sku BENCH --title Bench --price 1.00 >/dev/null 2>"$WORK/product.err" \
        || { cat "$WORK/product.err" >&2; fail "product create"; }
    pgsql -c "CREATE TEMPORARY TABLE bench_refunded AS SELECT id, order_id FROM payments WHERE status = 'CAPTURED'
                  AND refunded_minor = 0 AND captured_minor >= 200 ORDER BY id LIMIT $ROWS" \
          -c "INSERT INTO order_lines (order_id, line_no, product_id, sku, quantity, unit_price_minor, discount_minor,
                  line_total_minor)
              SELECT o.id, 1, (SELECT id FROM products WHERE sku = 'BENCH'), 'BENCH', 1, o.total_minor, 0, o.total_minor
              FROM orders o JOIN bench_refunded b ON b.order_id = o.id" \
          -c "\\copy (SELECT id AS payment_ref, '1.00' AS amount, 'USD' AS currency, 'bench' AS reason, 'bench-' || id AS idempotency_key FROM bench_refunded ORDER BY id) TO '$REFUNDS' WITH (FORMAT csv, HEADER true)"
    (( $(wc -l <"$REFUNDS") - 1 == ROWS )) || fail "only $(( $(wc -l <"$REFUNDS") - 1 )) payments to refund: raise --lines"
    echo "refunds file: $ROWS rows (one per payment, 1.00 USD each)"
fi

# every variant runs on a copy of this database: the same data, a fresh run id, nothing of the variants before
BASE_REFUND=$(pgsql -At -c "SELECT coalesce(max(id), 0) FROM refunds")
BASE_ASKED=$(pgsql -At -c "SELECT count(*) FROM simulated_provider_operations WHERE operation = 'REFUND'")
pgsql -c "VACUUM ANALYZE" -c CHECKPOINT
bz db stop >/dev/null
cp -a "$BAZAAR_HOME/pgdata" "$WORK/pgdata.base"
echo "database copy for the variants: $(du -sm "$WORK/pgdata.base" | cut -f1) MB"
fresh_database() {
    bz db stop >/dev/null
    rm -rf "$BAZAAR_HOME/pgdata"
    cp -a "$WORK/pgdata.base" "$BAZAAR_HOME/pgdata"
    bz db status >/dev/null   # starts the server
}

t0=$(now_ns)
bz kafka start >"$WORK/kafka.out" 2>&1 || { cat "$WORK/kafka.out" >&2; fail "kafka start"; }
echo "local Kafka broker: started in $(secs $(( $(now_ns) - t0 ))) s ($(grep -o '127.0.0.1:[0-9]*' "$WORK/kafka.out" | head -1))"

# ---- one variant: the command timed, with or without a batch worker ---------------------------------------------

start_worker() {
    local waited=0
    "$JAVA" $JAVA_OPTS_BENCH -jar "$JAR" worker --batch >"$WORK/worker.out" 2>"$WORK/worker.err" &
    WORKER_PID=$!
    until grep -q 'Batch worker running' "$WORK/worker.out" 2>/dev/null; do
        if ! kill -0 "$WORKER_PID" 2>/dev/null; then
            cat "$WORK/worker.out" "$WORK/worker.err" >&2
            WORKER_PID=
            fail "worker --batch exited"
        fi
        (( waited++ < 1800 )) || fail "worker --batch did not start within 180 s"
        sleep 0.1
    done
    sleep 2   # it joins the consumer group of the request topic (no initial rebalance delay on the local broker)
}

# runs "$@" as variant $1 of part $2; sets WALL_NS, JVM_S, WORKER_S, PG_S
timed() {
    local label=$1 part=$2 rc=0 s e pg0 pg1 w0=0 w1=0
    shift 2
    fresh_database
    [[ $label != worker ]] || start_worker
    echo "$part $label: load before $(load) ($(others))"
    LOG_OFFSET=$(stat -c %s "$BAZAAR_HOME/postgres.log" 2>/dev/null || echo 0)
    pgsql -c CHECKPOINT
    sync
    pg0=$(pg_ticks)
    [[ -z $WORKER_PID ]] || w0=$(ticks_of "$WORKER_PID")
    s=$(now_ns)
    /usr/bin/time -f '%U %S %M' -o "$WORK/$part-$label.time" "$JAVA" $JAVA_OPTS_BENCH -jar "$JAR" "$@" \
        >"$WORK/$part-$label.out" 2>"$WORK/$part-$label.err" || rc=$?
    e=$(now_ns)
    [[ -z $WORKER_PID ]] || w1=$(ticks_of "$WORKER_PID")
    pg1=$(pg_ticks)
    stop_worker
    WALL_NS=$(( e - s ))
    if (( rc != 0 )); then
        echo "--- stdout"; cat "$WORK/$part-$label.out"; echo "--- stderr"; cat "$WORK/$part-$label.err"
        [[ ! -s $WORK/worker.err ]] || { echo "--- worker stderr"; cat "$WORK/worker.err"; }
        fail "$part $label exited $rc"
    fi
    JVM_S=$(awk 'END { printf "%.1f", $1 + $2 }' "$WORK/$part-$label.time")
    WORKER_S=$( [[ $label == worker ]] && cpu_s $(( w1 - w0 )) || echo 0)
    PG_S=$(cpu_s $(( pg1 - pg0 )))
    # where the wall clock went: before the job started (JVM, Spring, Kafka, the group), the job, after it (the
    # partition worker leaving the group, the report); the job repository keeps local times (UTC on these machines)
    if [[ $(date +%z) == +0000 ]]; then
        pgsql -At -F ' ' -c "SELECT round(extract(epoch FROM start_time) - $s / 1e9, 2), round(extract(epoch FROM end_time
                - start_time), 2), round($e / 1e9 - extract(epoch FROM end_time), 2)
            FROM batch_job_execution ORDER BY job_execution_id DESC LIMIT 1" \
            | awk '{ print "  wall clock: " $1 " s to the start of the job, " $2 " s the job, " $3 " s from its end to the exit" }'
    fi
    echo "$part $label: $(secs $WALL_NS) s wall (load after $(load)); CPU s: launcher JVM $JVM_S (peak RSS $(awk 'END { print int($3 / 1024) }' "$WORK/$part-$label.time") MB, JVM start included), worker JVM $WORKER_S, PostgreSQL $PG_S"
}

# the steps of job instance $1: name, start (s after the job's first step started), seconds, status, read, write
steps() {
    pgsql -At -F ' ' -c "WITH s AS (SELECT s.* FROM batch_step_execution s JOIN batch_job_execution j
            ON j.job_execution_id = s.job_execution_id WHERE j.job_instance_id = $1)
        SELECT step_name, 'at ' || round(extract(epoch FROM start_time - (SELECT min(start_time) FROM s))::numeric, 2),
            round(extract(epoch FROM end_time - start_time)::numeric, 2) || ' s', status, 'read ' || read_count,
            'write ' || write_count FROM s ORDER BY step_execution_id" | sed 's/^/  step /'
}

# seconds from the start of step $2 (or the first step) to the end of step $3 (or the last) of job instance $1
span() {
    pgsql -At -c "WITH s AS (SELECT s.* FROM batch_step_execution s JOIN batch_job_execution j
            ON j.job_execution_id = s.job_execution_id WHERE j.job_instance_id = $1)
        SELECT round(extract(epoch FROM coalesce((SELECT max(end_time) FROM s WHERE step_name = '$3'), max(end_time))
            - coalesce((SELECT max(${4:-start}_time) FROM s WHERE step_name = '$2'), min(start_time)))::numeric, 2)
        FROM s"
}

# how much the partitions (steps named $2:*) of job instance $1 overlapped: sum of their times / their span; and
# how many ended COMPLETED
overlap() {
    pgsql -At -F ' ' -c "WITH s AS (SELECT s.* FROM batch_step_execution s JOIN batch_job_execution j
            ON j.job_execution_id = s.job_execution_id WHERE j.job_instance_id = $1 AND s.step_name LIKE '$2:%')
        SELECT round((sum(extract(epoch FROM end_time - start_time))
                / nullif(extract(epoch FROM max(end_time) - min(start_time)), 0))::numeric, 2),
            count(*) FILTER (WHERE status = 'COMPLETED') FROM s"
}

slow_statements() {
    (( SLOW_MS > 0 )) || return 0
    echo "  statements the server logged as taking >= ${SLOW_MS} ms:"
    tail -c +$(( LOG_OFFSET + 1 )) "$BAZAAR_HOME/postgres.log" | grep -E 'duration: [0-9.]+ ms' \
        | sed -E 's/.*duration: ([0-9.]+) ms +(statement|execute [^:]*): */\1 ms: /' | tr -s ' \t' ' ' | cut -c1-130 \
        | sed 's/^/    /' || echo "    (none)"
}

# $1 = result key, $2 = job instance, $3 = worker step, $4 = partitions: their overlap (OVERLAP), and whether all
# of them COMPLETED (status 1 when not)
partitions_ran() {
    local over done_parts
    OVERLAP[$1]=-
    (( $4 > 1 )) || return 0
    read -r over done_parts < <(overlap "$2" "$3")
    OVERLAP[$1]=$over
    echo "  partitions: $done_parts of $4 COMPLETED; overlap $over (1.00 = one after another, $4 = all at once)"
    check "$4 partitions completed" $(( done_parts != $4 ))
    (( done_parts == $4 ))
}

# the lock waits of more than deadlock_timeout (100 ms here) the server logged since LOG_OFFSET, by lock and statement
lock_waits() {
    local waits
    waits=$(tail -c +$(( LOG_OFFSET + 1 )) "$BAZAAR_HOME/postgres.log" | awk '
        / still waiting for / { sub(/.* still waiting for /, ""); sub(/ after [0-9.]+ ms.*/, ""); lock = $0; next }
        lock != "" && /CONTEXT: / { sub(/.*CONTEXT: +/, ""); lock = lock " (" $0 ")"; next }
        lock != "" && /STATEMENT: / { sub(/.*STATEMENT: +/, ""); print lock " | " substr($0, 1, 60); lock = "" }' \
        | sed -E 's/transaction [0-9]+/transaction T/; s/tuple \([0-9,]+\)/tuple/g' | sort | uniq -c | sort -rn | head -5)
    echo "  lock waits > 100 ms: ${waits:+$'\n'}${waits:-none}" | sed '2,$s/^ */    /'
}

STATUS=0
check() {   # $1 = what, $2 = 0 when it holds
    if [[ $2 == 0 ]]; then echo "  check $1: OK"; else echo "  check $1: FAILED"; STATUS=1; fi
}

declare -A WALL CLASSIFY RATE JVM WORKER PG OVERLAP PERLINE

# ---- reconciliation ---------------------------------------------------------------------------------------------

recon_check=SKIPPED
if [[ $ONLY != refunds ]]; then
    recon_check=OK
    for v in "${VARIANTS[@]}"; do
        args=(recon run --provider generic --file "$FILE" --payout-date "$PAYOUT_DATE")
        parts=1
        if [[ $v == launcher || $v == worker ]]; then args+=(--partitions "$P"); parts=$P; fi
        timed "$v" recon "${args[@]}"
        run=$(pgsql -At -c "SELECT max(run_id) FROM recon_runs")
        steps "$run"
        slow_statements
        lock_waits
        after_stage=$(span "$run" stage "" end)
        WALL[recon-$v]=$(secs $WALL_NS)
        CLASSIFY[recon-$v]=$after_stage
        RATE[recon-$v]=$(div "$LINES" "$after_stage" %.0f)
        JVM[recon-$v]=$JVM_S; WORKER[recon-$v]=$WORKER_S; PG[recon-$v]=$PG_S
        PERLINE[recon-$v]=$(us_per "$PG_S" "$LINES")
        echo "  classify (end of stage to end of job): $after_stage s, $(div "$LINES" "$after_stage" %.0f) lines/s; PostgreSQL CPU per line ${PERLINE[recon-$v]} µs (stage + classify)"
        pgsql -At -F ' ' -c "SELECT category, count(*) FROM recon_items WHERE run_id = $run GROUP BY 1 ORDER BY 1" \
            >"$WORK/found-$v.txt"
        rc=0
        diff -u --label planted "$PLANTED" --label found "$WORK/found-$v.txt" >"$WORK/found-$v.diff" || rc=$?
        check "categories found = planted" $rc
        (( rc == 0 )) || { cat "$WORK/found-$v.diff"; recon_check=FAILED; }
        bad=$(pgsql -At -c "SELECT (SELECT count(*) FROM settlement_problems WHERE run_id = $run)
            + (SELECT count(*) FILTER (WHERE NOT adds_up) FROM recon_waterfalls WHERE run_id = $run)")
        check "no settlement problem, every waterfall adds up" "$bad"
        partitions_ran recon-$v "$run" classify-partition "$parts" || recon_check=FAILED
        [[ $bad == 0 ]] || recon_check=FAILED
    done
fi

# ---- refunds ----------------------------------------------------------------------------------------------------

refunds_check=SKIPPED
if [[ $ONLY != recon ]]; then
    refunds_check=OK
    for v in "${VARIANTS[@]}"; do
        args=(job run refunds --file "$REFUNDS" --mode apply)
        parts=1
        if [[ $v == launcher || $v == worker ]]; then args+=(--partitions "$P"); parts=$P; fi
        timed "$v" refunds "${args[@]}"
        job=$(pgsql -At -c "SELECT max(job_instance_id) FROM batch_job_instance WHERE job_name = 'refunds'")
        steps "$job"
        slow_statements
        lock_waits
        item_step=$( (( parts > 1 )) && echo refund-partitions || echo refund)
        issue=$(span "$job" "" "$item_step")
        WALL[refunds-$v]=$(secs $WALL_NS)
        CLASSIFY[refunds-$v]=$issue
        RATE[refunds-$v]=$(div "$ROWS" "$issue" %.0f)
        JVM[refunds-$v]=$JVM_S; WORKER[refunds-$v]=$WORKER_S; PG[refunds-$v]=$PG_S
        PERLINE[refunds-$v]=$(us_per "$PG_S" "$ROWS")
        echo "  issue (start of job to end of $item_step): $issue s, ${RATE[refunds-$v]} rows/s; CPU per row: PostgreSQL ${PERLINE[refunds-$v]} µs, JVMs $(us_per "$(awk -v a="$JVM_S" -v b="$WORKER_S" 'BEGIN { print a + b }')" "$ROWS") µs (launcher's start included)"
        out=$WORK/refunds-$v.out
        grep -E 'refunds (succeeded|replayed|failed|pending)|rejected' "$out" | sed 's/^/  output: /' || true
        read -r made distinct succeeded < <(pgsql -At -F ' ' -c "SELECT count(*), count(DISTINCT payment_id),
            count(*) FILTER (WHERE status = 'SUCCEEDED') FROM refunds WHERE id > $BASE_REFUND")
        asked=$(( $(pgsql -At -c "SELECT count(*) FROM simulated_provider_operations WHERE operation = 'REFUND'") - BASE_ASKED ))
        staged=$(pgsql -At -c "SELECT count(*) FROM staged_job_rows")
        echo "  rows $ROWS: refunds made $made, on distinct payments $distinct, SUCCEEDED $succeeded, refunds asked of the provider $asked, staged rows left $staged"
        ok=1
        grep -Eq "refunds succeeded:[[:space:]]+$ROWS\b" "$out" && grep -Eq 'rejected:[[:space:]]+0\b' "$out" \
            && [[ $made == "$ROWS" && $distinct == "$ROWS" && $succeeded == "$ROWS" && $asked == "$ROWS" && $staged == 0 ]] \
            && ok=0
        check "every row refunded once (refunds = rows = $ROWS)" $ok
        (( ok == 0 )) || refunds_check=FAILED
        partitions_ran refunds-$v "$job" refund-partition "$parts" || refunds_check=FAILED
    done
    if bz ledger check >"$WORK/ledger.out" 2>&1; then
        echo "ledger check: balanced"
    else
        cat "$WORK/ledger.out"; echo "ledger check: FAILED"; STATUS=1; refunds_check=FAILED
    fi
fi

echo "load at end: $(load) ($(others))"

# ---- summary ----------------------------------------------------------------------------------------------------

summary() {   # $1 = part, $2 = unit, $3 = count, $4 = name of the timed span
    local part=$1 unit=$2 n=$3 v base
    base=${CLASSIFY[$part-single]}
    printf '%-13s %9s %11s %10s %9s %8s %8s %8s %8s %8s\n' "$part" "wall s" "$4 s" "$unit/s" speedup overlap \
        "JVM s" "worker s" "PG s" "PG µs/$unit"
    for v in "${VARIANTS[@]}"; do
        printf '%-13s %9s %11s %10s %9s %8s %8s %8s %8s %8s\n' "$v" "${WALL[$part-$v]}" "${CLASSIFY[$part-$v]}" \
            "${RATE[$part-$v]}" "$(div "$base" "${CLASSIFY[$part-$v]}")" "${OVERLAP[$part-$v]}" "${JVM[$part-$v]}" \
            "${WORKER[$part-$v]}" "${PG[$part-$v]}" "${PERLINE[$part-$v]}"
    done
}
result() {   # $1 = part, $2 = what, $3 = check
    local part=$1 line="RESULT $1 $2 partitions=$P"
    for v in "${VARIANTS[@]}"; do
        line="$line ${v}_s=${CLASSIFY[$part-$v]} ${v}_wall_s=${WALL[$part-$v]}"
    done
    line="$line speedup_launcher=$(div "${CLASSIFY[$part-single]}" "${CLASSIFY[$part-launcher]}")"
    line="$line speedup_worker=$(div "${CLASSIFY[$part-single]}" "${CLASSIFY[$part-worker]}") check=$3"
    echo "$line"
}
echo
echo "=== summary (P = $P partitions; speedup against single; overlap: sum of partition times / their span)"
[[ $ONLY == refunds ]] || summary recon line "$LINES" classify
[[ $ONLY == recon ]] || summary refunds row "$ROWS" issue
[[ $ONLY == refunds ]] || result recon "lines=$LINES" "$recon_check"
[[ $ONLY == recon ]] || result refunds "rows=$ROWS" "$refunds_check"
[[ $recon_check != FAILED && $refunds_check != FAILED ]] || STATUS=1
exit $STATUS
