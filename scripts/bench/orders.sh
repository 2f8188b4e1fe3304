#!/usr/bin/env bash
# orders.sh - order placement throughput through the real PlaceOrder service against an embedded PostgreSQL.
#
#   scripts/bench/orders.sh                 the default set of runs (below)
#   scripts/bench/orders.sh OPTIONS...      one run of the harness with these options, e.g. --workers 4 --seconds 10
#
# Harness options (cli/src/test/java/com/bazaar/cli/bench/OrderPlacementBenchmark.java):
#   --workers N (8)  --seconds S (20)  --warmup S (30) --products P (50)  --stock-per-product Q (1000000)
#   --lines L (3, distinct random SKUs per order)  --max-qty M (1, quantity per line is random 1..M)
#   --pool C (workers + 2; fewer connections than workers make the workers queue for one)
#   --lanes N (1; split every product's stock into N lanes first, ADR 0014: a flash sale's hot SKU is
#             --workers 16 --products 1 --lines 1 --lanes 16, its ceiling --mode raw-sql --workers 16 --products 1 --lines 1)
#   --mode service|raw-sql (service: the real PlaceOrder; raw-sql: the baseline below)
# BENCH_PROFILE_STATEMENTS=1 adds, after the RESULT line, each statement's calls and wall time per order in the measured
# window, the most expensive first (run it with --workers 1 to read the time as the server's plus a round trip).
#
# Default set, each run on a fresh embedded PostgreSQL in a temporary BAZAAR home (stopped and deleted at the end,
# also on failure or Ctrl-C):
#   throughput:  --workers 2, 4, 8, 16 with 50 products of 1,000,000 units (nearly every order succeeds)
#   refusals:    --workers 8 --products 3 --stock-per-product 10 --max-qty 3 --warmup 0 (the stock runs out within
#                the first moments, inside the measured window; every later order is refused with
#                INSUFFICIENT_STOCK while 8 workers fight over the same 3 rows)
#   baseline:    --mode raw-sql --workers 2, 8: not the product but plain JDBC on scratch tables of the same kind of
#                server, the transaction shape of the "order transaction" ceiling in the team's STACK.md notes (lock 3
#                stock rows in id order, reserve, insert order + 3 lines + 1 outbox row, commit), so the product's
#                numbers can be compared with a ceiling measured in the same minutes on the same machine
# The warm-up is 30 s because the JIT is not done before: with 5 s, C2 compiler threads used ~40 % of the JVM's CPU
# in the measured window (per-thread CPU from /proc), which the product pays and the raw-SQL baseline hardly does.
# BENCH_SECONDS and BENCH_WARMUP override the measured and warm-up seconds of the default set (the refusal run
# keeps no warm-up).
#
# Each run prints its details and one line starting with RESULT (workers, orders/s, p50/p90/p99/max latency of
# the place() call, refused, errors, oversold units, checks); the set ends with those lines again. Exit status 1
# if any run failed a check (oversold units, reserved != HELD reservations, lost or extra orders, broken audit
# chain) or saw an unexpected error.
#
# Builds when needed: `mvn -q -B -DskipTests package` from the repository root, in the same invocation writing the
# cli module's test class path to cli/target/bench-classpath.txt (resolved in the reactor, so it uses this
# checkout's modules and writes nothing to ~/.m2). Needs Java 17+ (JAVA_HOME or PATH) and Maven.

set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
MAIN=com.bazaar.cli.bench.OrderPlacementBenchmark
cd "$ROOT"

case ${1:-} in
    -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac

# ---- build when missing or stale (classpath.sh) ----------------------------------------------------------------

# shellcheck source=classpath.sh
source "$ROOT/scripts/bench/classpath.sh"
bench_classpath com/bazaar/cli/bench/OrderPlacementBenchmark.class

run() {
    "$JAVA" -cp "$CLASSPATH_ARG" "$MAIN" "$@"
}

# ---- one run with the caller's options ---------------------------------------------------------------------------

if [[ $# -gt 0 ]]; then
    run "$@"
    exit $?
fi

# ---- the default set --------------------------------------------------------------------------------------------

seconds=${BENCH_SECONDS:-20}
warmup=${BENCH_WARMUP:-30}
commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
[[ -z $(git status --porcelain 2>/dev/null) ]] || commit="$commit (plus uncommitted changes)"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, nproc=$(nproc), $("$JAVA" -version 2>&1 | head -1)"

summary=()
status=0
scenario() {
    local label=$1
    shift
    echo
    echo "=== $label: $*"
    local out
    out=$(mktemp)
    # the harness prints as it goes; keep its RESULT line for the summary
    local rc
    set +e
    run --seconds "$seconds" --warmup "$warmup" "$@" 2>&1 | grep -v ' INFO EmbeddedPostgresServer: ' | tee "$out"
    rc=${PIPESTATUS[0]}
    set -e
    if [[ $rc -ne 0 ]] || ! grep -q '^RESULT .* checks=ok' "$out"; then
        status=1
    fi
    summary+=("$label: $(grep '^RESULT ' "$out" | sed 's/^RESULT //' || echo 'no result (the run failed)')")
    rm -f "$out"
}

for workers in 2 4 8 16; do
    scenario "throughput" --workers "$workers"
done
scenario "refusals" --workers 8 --products 3 --stock-per-product 10 --max-qty 3 --warmup 0
for workers in 2 8; do
    scenario "raw-sql baseline" --mode raw-sql --workers "$workers"
done

echo
echo "=== summary (measured ${seconds} s after ${warmup} s warm-up per run)"
printf '%s\n' "${summary[@]}"
[[ $status -eq 0 ]] || echo "SOME RUNS FAILED A CHECK OR SAW ERRORS (see above)"
exit $status
