#!/usr/bin/env bash
# price-quote.sh - issue 13's cache: `price quote` in-process with and without the Redis cache, calls/s and the ratio,
# in one run on a fresh embedded PostgreSQL and the machine's Redis.
#
#   scripts/bench/price-quote.sh                 the default run (below)
#   scripts/bench/price-quote.sh OPTIONS...      one run of the harness with these options, e.g. --clients 8
#
# Harness options (cli/src/test/java/com/bazaar/cli/bench/PriceQuoteBenchmark.java):
#   --clients C (4)  --seconds D (10: timed per way, after a warm-up of D/3, at least 2 s)  --lines L (3)
#   --products P (1000)
#
# One seller with P active products and a 10 % discount on everything; C threads call QuotePrice (as `price quote`
# does: the seller's authorisation, the products of the lines, the discount rules valid now, the pricing) with L
# random SKUs per call, first over the database's ports, then over the cached ones (CachedProducts, CachedDiscounts;
# the cache is filled during the warm-up). Redis: BAZAAR_TEST_REDIS or redis://127.0.0.1:6379; the run's keys are
# deleted at the end. The RESULT line gives both rates and the ratio cached/uncached. Exit status 1 if the cache
# stopped answering during the run (the cached figure would then be the database's).
#
# Builds when needed, as scripts/bench/orders.sh does (the same class path file, cli/target/bench-classpath.txt).
# Needs Java 17+ (JAVA_HOME or PATH), Maven and a Redis.

set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
MAIN=com.bazaar.cli.bench.PriceQuoteBenchmark
cd "$ROOT"

case ${1:-} in
    -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac

# shellcheck source=classpath.sh
source "$ROOT/scripts/bench/classpath.sh"
bench_classpath com/bazaar/cli/bench/PriceQuoteBenchmark.class

commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
[[ -z $(git status --porcelain 2>/dev/null) ]] || commit="$commit (plus uncommitted changes)"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, nproc=$(nproc), $("$JAVA" -version 2>&1 | head -1)"
echo "=== price-quote.sh ${*:-(defaults)}"

out=$(mktemp)
trap 'rm -f "$out"' EXIT
set +e
"$JAVA" -cp "$CLASSPATH_ARG" "$MAIN" "$@" 2>&1 | grep -v ' INFO EmbeddedPostgresServer: ' | tee "$out"
rc=${PIPESTATUS[0]}
set -e

echo
echo "=== summary"
grep '^RESULT ' "$out" || echo "no result (the run failed)"
exit "$rc"
