#!/usr/bin/env bash
# reconciliation.sh - full reconciliation (issue 5) of an N-line settlement file against N captured payments,
# with planted discrepancies that must be found exactly, timed against a plain SQL baseline in the same run.
#
#   scripts/bench/reconciliation.sh [N]      N captured payments and about N settlement lines (default 100000)
#
# In a temporary BAZAAR_HOME (embedded PostgreSQL; stopped and deleted at exit, also on failure or Ctrl-C):
#   1. bazaar init, seller create --code ACME --name Acme --currency USD;
#   2. generates the internal side with set-based SQL (generate_series, in chunks of 100,000 payments, each chunk one
#      transaction so the ledger's deferred balance trigger checks it at commit):
#        - N orders (PAID) + N payments CAPTURED with captured_minor = amount_minor (USD 1.00..499.99), each with its
#          balanced capture transaction 'capture:<id>' (provider:clearing +A, seller:ACME:payable -(A-c),
#          platform:commission -c, c = A/10), captured 2026-11-24..26 (well before payout date 2026-11-30 minus the
#          2 grace days), except 1 in 500 payments captured 2026-11-29 (within the grace period);
#        - N/1000 (at least 1) extra payments AUTHORIZED, never captured (no ledger postings);
#        - a SUCCEEDED refund of half the amount on 1 payment in 400 (refunded_minor updated, balanced ledger
#          transaction 'refund:<id>');
#      then VACUUM ANALYZE of the tables (a production database has statistics too);
#   3. exports (payment id, amount, status, recent capture, refund) and generates the generic settlement CSV
#      (docs/formats/settlement.md; deterministic, seed 5; lines shuffled; payout id po-bench) with about 2%
#      planted discrepancies; the other payments get one PAYMENT line with fee 0 (MATCHED):
#        AMOUNT_MISMATCH          0.3% of the payments settled with gross = amount + 0.01..5.00
#        CURRENCY_MISMATCH        0.2% settled in EUR (same digits)
#        FEE_ONLY                 0.3% settled with a fee (net = gross - fee), plus N/100000+1 FEE lines
#        DUPLICATE_IN_SETTLEMENT  0.3% settled twice (the first line by line number MATCHED, the second the duplicate)
#        MISSING_IN_LEDGER        0.3% of N extra PAYMENT lines naming no Bazaar payment (merchant_reference 9xxxxxxxxxx)
#        MISSING_IN_SETTLEMENT    0.3% of the payments left out of the file (captured 2026-11-24..26)
#        PENDING_SETTLEMENT       half of the late captures (0.1%) left out of the file (captured 2026-11-29)
#        STATUS_MISMATCH          one PAYMENT line per AUTHORIZED payment (0.1%)
#        CHARGEBACK               0.1% of the matched payments get an extra CHARGEBACK line (fee 15.00)
#      plus a matched REFUND line per refund (MATCHED) and one PAYOUT line per currency (MATCHED) whose amount makes
#      every waterfall add up;
#   4. times `java $BENCH_JAVA_OPTS -jar bazaar.jar recon run --provider generic --file F --payout-date 2026-11-30`
#      (wall clock: JVM start, Spring, checksum, stage, classify, report), with BAZAAR_RECON_GRACE_DAYS=2; then
#      compares the run's recon_items per category with the planted counts (exit 1 with a diff when they differ),
#      and checks: no settlement problems, every waterfall adds up; prints the stage/classify step times from the job
#      repository and the statements the server logged as slow (>= BENCH_SLOW_MS, default 500);
#   5. the SQL baseline on the same server, just after: \copy of the same CSV into a plain table
#      (bench_settlement, all columns typed, an identity column as the line number) and ONE classifying statement,
#      CREATE TABLE bench_baseline_items AS ... settlement lines FULL OUTER JOIN payments (every category above:
#      duplicates by row_number(), refunds by EXISTS, the capture time of unsettled payments from the ledger);
#      its counts per category must equal the planted ones too. Run twice (before and after the product run, each
#      into fresh tables); the ratio uses the one after;
#   6. prints N, lines, recon seconds, baseline seconds (COPY + classify) and the ratio (goal of issue 5: < 3).
#
# Environment: BENCH_JAVA_OPTS (default -Xmx512m); BENCH_JAR (default cli/target/bazaar.jar, copied into the temporary
# directory first, so a concurrent rebuild does not change what is measured); BENCH_SLOW_MS (default 500; 0 = off).
# Builds (mvn -q -B -DskipTests package) when the jar is missing. Needs Java 17+, python3, psql.
# Exit status 1 when a command fails or the found categories differ from the planted ones.

set -euo pipefail

case ${1:-} in
    -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
N=${1:-100000}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "N must be a positive number (got '$N')" >&2; exit 2; }
JAVA_OPTS_BENCH=${BENCH_JAVA_OPTS:--Xmx512m}
SLOW_MS=${BENCH_SLOW_MS:-500}
PAYOUT_DATE=2026-11-30

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

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bazaar-recon-bench.XXXXXX")
export BAZAAR_HOME=$WORK/home
JAR=$WORK/bazaar.jar
cp "$SRC_JAR" "$JAR"

cleanup() {
    local rc=$?
    if [[ -d $BAZAAR_HOME/pgdata ]]; then
        "$JAVA" -jar "$JAR" db stop >/dev/null 2>&1 || echo "warning: 'db stop' failed for $BAZAAR_HOME" >&2
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# settings that would point the CLI elsewhere or change the grace period
unset BAZAAR_DB_URL BAZAAR_DB_USER BAZAAR_DB_PASSWORD BAZAAR_TOKEN BAZAAR_OUTPUT BAZAAR_CORRELATION_ID
export BAZAAR_RECON_GRACE_DAYS=2

bz() { "$JAVA" $JAVA_OPTS_BENCH -jar "$JAR" "$@"; }
now_ns() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'; }
fail() { echo "FAILED: $*" >&2; exit 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
others() {   # other heavy processes on the machine (concurrent builds, JVMs, servers)
    local n
    n=$(pgrep -fc 'org.codehaus.plexus.classworlds' || true)
    echo "mvn=$n java=$(pgrep -c java || true) postgres=$(pgrep -c postgres || true)"
}

echo "reconciliation bench: N=$N, java opts '$JAVA_OPTS_BENCH', $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "jar: $SRC_JAR (built $(stat -c '%y' "$SRC_JAR" | cut -c1-19)); checkout at $(git rev-parse --short HEAD 2>/dev/null || echo '?')$( [[ -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]] && echo ' with uncommitted changes')"
echo "load at start: $(load) ($(others))"

# ---- home, seller -----------------------------------------------------------------------------------------------

# shellcheck source=settlement-data.sh
source "$ROOT/scripts/bench/settlement-data.sh"
bench_home

# ---- internal side: orders, payments, ledger (set-based SQL) ----------------------------------------------------

t0=$(now_ns)
bench_internal_side "$N"
gen_db_ns=$(( $(now_ns) - t0 ))
pgsql -At -F ' ' -c "SELECT 'internal side: ' || (SELECT count(*) FROM payments WHERE status = 'CAPTURED' AND captured_minor > 0)
    || ' captured payments, ' || (SELECT count(*) FROM payments WHERE status = 'AUTHORIZED') || ' authorized, '
    || (SELECT count(*) FROM refunds) || ' refunds, ' || (SELECT count(*) FROM ledger_postings) || ' ledger postings'"
echo "  generated in $(secs $gen_db_ns) s (SQL, including VACUUM ANALYZE)"

# ---- the settlement file ----------------------------------------------------------------------------------------

EXPORT=$WORK/payments.csv
FILE=$WORK/settlement.csv
PLANTED=$WORK/planted.txt
t0=$(now_ns)
bench_settlement_file "$N" "$EXPORT" "$FILE" "$PLANTED"
LINES=$(( $(wc -l <"$FILE") - 1 ))
echo "  generated in $(secs $(( $(now_ns) - t0 ))) s: $FILE, $(stat -c %s "$FILE") bytes"
echo "planted (category count):"; sed 's/^/  /' "$PLANTED"
echo "sample lines:"; sed -n '1,4p' "$FILE" | sed 's/^/  /'

# ---- the SQL baseline -------------------------------------------------------------------------------------------

declare -A base_copy_ns base_class_ns
baseline() {   # $1 = label
    local label=$1 s m e
    pgsql -c "DROP TABLE IF EXISTS bench_settlement, bench_baseline_items" \
          -c "CREATE TABLE bench_settlement (line bigint GENERATED ALWAYS AS IDENTITY, provider_reference text NOT NULL,
                  merchant_reference text, type text NOT NULL, gross numeric NOT NULL, fee numeric NOT NULL,
                  net numeric NOT NULL, currency char(3) NOT NULL, booking_date date NOT NULL, payout_id text,
                  exchange_rate numeric)" -c CHECKPOINT
    s=$(now_ns)
    pgsql -c "\\copy bench_settlement (provider_reference, merchant_reference, type, gross, fee, net, currency, booking_date, payout_id, exchange_rate) FROM '$FILE' WITH (FORMAT csv, HEADER true)"
    m=$(now_ns)
    pgsql <<SQL
CREATE TABLE bench_baseline_items AS
WITH s AS (
    SELECT b.line, b.type, b.currency, (b.gross * 100)::bigint AS gross_minor, (b.fee * 100)::bigint AS fee_minor,
           CASE WHEN b.merchant_reference ~ '^[0-9]{1,18}\$' THEN b.merchant_reference::bigint END AS ref,
           row_number() OVER (PARTITION BY b.type, coalesce(b.merchant_reference, b.provider_reference)
                              ORDER BY b.line) AS nth
    FROM bench_settlement b)
SELECT s.line, p.id AS payment_id,
    CASE
        WHEN s.line IS NULL THEN
            CASE WHEN (SELECT min(posted_at) FROM ledger_postings l WHERE l.transaction_ref = 'capture:' || p.id)
                      < (date '$PAYOUT_DATE' - 2)::timestamptz
                 THEN 'MISSING_IN_SETTLEMENT' ELSE 'PENDING_SETTLEMENT' END
        WHEN s.type = 'PAYMENT' THEN
            CASE WHEN s.nth > 1 THEN 'DUPLICATE_IN_SETTLEMENT'
                 WHEN p.id IS NULL THEN 'MISSING_IN_LEDGER'
                 WHEN p.currency <> s.currency THEN 'CURRENCY_MISMATCH'
                 WHEN p.status <> 'CAPTURED' THEN 'STATUS_MISMATCH'
                 WHEN p.captured_minor <> s.gross_minor THEN 'AMOUNT_MISMATCH'
                 WHEN s.fee_minor <> 0 THEN 'FEE_ONLY'
                 ELSE 'MATCHED' END
        WHEN s.type = 'REFUND' THEN
            CASE WHEN p.id IS NULL THEN 'MISSING_IN_LEDGER'
                 WHEN NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id
                                  AND r.amount_minor = -s.gross_minor) THEN 'AMOUNT_MISMATCH'
                 WHEN s.fee_minor <> 0 THEN 'FEE_ONLY'
                 ELSE 'MATCHED' END
        WHEN s.type = 'CHARGEBACK' THEN 'CHARGEBACK'
        WHEN s.type = 'FEE' THEN 'FEE_ONLY'
        WHEN s.type = 'ADJUSTMENT' THEN 'AMOUNT_MISMATCH'
        ELSE 'MATCHED' END AS category
FROM s FULL OUTER JOIN payments p ON p.id = s.ref
WHERE s.line IS NOT NULL OR p.captured_minor > 0;
SQL
    e=$(now_ns)
    base_copy_ns[$label]=$(( m - s ))
    base_class_ns[$label]=$(( e - m ))
    pgsql -At -F ' ' -c "SELECT category, count(*) FROM bench_baseline_items GROUP BY 1 ORDER BY 1" >"$WORK/baseline.txt"
    if ! diff -u --label planted "$PLANTED" --label "baseline ($label)" "$WORK/baseline.txt" >"$WORK/baseline.diff"; then
        cat "$WORK/baseline.diff"
        fail "the SQL baseline's categories differ from the planted ones"
    fi
    echo "SQL baseline ($label): COPY $(secs ${base_copy_ns[$label]}) s + classify $(secs ${base_class_ns[$label]}) s = $(secs $(( e - s ))) s (categories = planted: OK; load $(load))"
}

baseline before
pgsql -c "DROP TABLE bench_settlement, bench_baseline_items" -c CHECKPOINT

# ---- the product: bazaar recon run ------------------------------------------------------------------------------

OUT=$WORK/recon.out
ERR=$WORK/recon.err
TIMEV=$WORK/recon.time
TIME=
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true 2>/dev/null; then TIME="/usr/bin/time -v -o $TIMEV"; fi
echo "recon run: load before $(load) ($(others))"
log_offset=$(stat -c %s "$BAZAAR_HOME/postgres.log" 2>/dev/null || echo 0)
pgsql -c CHECKPOINT
sync
s=$(now_ns)
rc=0
$TIME "$JAVA" $JAVA_OPTS_BENCH -jar "$JAR" recon run --provider generic --file "$FILE" --payout-date "$PAYOUT_DATE" \
    >"$OUT" 2>"$ERR" || rc=$?
e=$(now_ns)
recon_ns=$(( e - s ))
if (( rc != 0 )); then
    echo "--- stdout"; cat "$OUT"; echo "--- stderr"; cat "$ERR"
    fail "recon run exited $rc"
fi
echo "recon run: $(secs $recon_ns) s wall (load after $(load))"
if [[ -f $TIMEV ]]; then
    echo "  JVM: $(grep -E 'Maximum resident set size' "$TIMEV" | awk '{print "peak RSS " int($NF/1024) " MB"}'), CPU user $(grep 'User time' "$TIMEV" | awk '{print $NF}') s + sys $(grep 'System time' "$TIMEV" | awk '{print $NF}') s"
fi
RUN=$(pgsql -At -c "SELECT max(run_id) FROM recon_runs")
pgsql -At -F ' ' -c "SELECT s.step_name, round(extract(epoch FROM s.end_time - s.start_time)::numeric, 2) || ' s', s.status,
        'read ' || s.read_count, 'write ' || s.write_count
    FROM batch_step_execution s JOIN batch_job_execution j ON j.job_execution_id = s.job_execution_id
    WHERE j.job_instance_id = $RUN ORDER BY s.step_execution_id" | sed 's/^/  step /'
pgsql -At -c "SELECT round(extract(epoch FROM end_time - start_time)::numeric, 2) FROM batch_job_execution WHERE job_instance_id = $RUN" \
    | sed 's/^/  job (without JVM start and report): /; s/$/ s/'
if (( SLOW_MS > 0 )); then
    echo "  statements the server logged as taking >= ${SLOW_MS} ms during the run:"
    tail -c +$(( log_offset + 1 )) "$BAZAAR_HOME/postgres.log" | grep -E 'duration: [0-9.]+ ms' \
        | sed -E 's/.*duration: ([0-9.]+) ms +(statement|execute [^:]*): */\1 ms: /' | tr -s ' \t' ' ' | cut -c1-150 \
        | sed 's/^/    /' || echo "    (none)"
fi

pgsql -At -F ' ' -c "SELECT category, count(*) FROM recon_items WHERE run_id = $RUN GROUP BY 1 ORDER BY 1" >"$WORK/found.txt"
echo "found (category count):"; sed 's/^/  /' "$WORK/found.txt"
status=0
if diff -u --label planted "$PLANTED" --label found "$WORK/found.txt" >"$WORK/found.diff"; then
    check="OK"
else
    check="DIFFERENT"
    status=1
    echo "PLANTED vs FOUND differ:"; cat "$WORK/found.diff"
fi
problems=$(pgsql -At -c "SELECT count(*) FROM settlement_problems WHERE run_id = $RUN")
bad_waterfalls=$(pgsql -At -c "SELECT count(*) FILTER (WHERE NOT adds_up) || '/' || count(*) FROM recon_waterfalls WHERE run_id = $RUN")
staged=$(pgsql -At -c "SELECT count(*) FROM settlement_lines WHERE run_id = $RUN")
echo "checks: staged lines $staged of $LINES, settlement problems $problems, waterfalls not adding up $bad_waterfalls"
[[ $staged == "$LINES" && $problems == 0 && $bad_waterfalls == 0/* ]] || { status=1; check="$check, other checks FAILED"; }

# ---- the SQL baseline again, after the product ------------------------------------------------------------------

baseline after
base_ns=$(( base_copy_ns[after] + base_class_ns[after] ))
echo "load at end: $(load) ($(others))"

echo
echo "=== summary"
printf '%-9s %-9s %-12s %-15s %-15s %-7s %s\n' N lines "recon s" "baseline s" "(before) s" ratio "planted = found"
printf '%-9s %-9s %-12s %-15s %-15s %-7s %s\n' "$N" "$LINES" "$(secs $recon_ns)" "$(secs $base_ns)" \
    "$(secs $(( base_copy_ns[before] + base_class_ns[before] )))" \
    "$(awk -v a="$recon_ns" -v b="$base_ns" 'BEGIN { printf "%.1f", a / b }')" "$check"
echo "RESULT n=$N lines=$LINES recon_s=$(secs $recon_ns) baseline_s=$(secs $base_ns) baseline_copy_s=$(secs ${base_copy_ns[after]}) baseline_classify_s=$(secs ${base_class_ns[after]}) ratio=$(awk -v a="$recon_ns" -v b="$base_ns" 'BEGIN { printf "%.2f", a / b }') goal_ratio=3 check=$check"
exit $status
