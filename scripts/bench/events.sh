#!/usr/bin/env bash
# events.sh - issue 12's Kafka paths: the outbox relay against a plain Kafka producer, and order intake through the
# queue against PlaceOrder in-process, in one run on a fresh embedded PostgreSQL and the tests' in-process broker.
#
#   scripts/bench/events.sh                 the default run (below)
#   scripts/bench/events.sh OPTIONS...      one run of the harness with these options, e.g. --events 50000 --orders 0
#
# Harness options (cli/src/test/java/com/bazaar/cli/bench/EventsBenchmark.java):
#   --events N (50000)  --rounds R (5: relay pass then plain producer, R times; medians)  --warmup-events W (100000)  --orders M (2000; 0 skips the order intake)  --warmup-orders O (200)
#   --clients C (8)  --intake-workers K (1)  --intake-concurrency T (1: threads per worker)  --partitions P (3)
#
# Relay: N outbox events (docs/events.md shapes: per sale OrderPlaced with 3 lines, StockReserved, PaymentAuthorized,
# PaymentCaptured, OrderPaid, StockAdjusted; over N/6 orders and payments and 500 products) are inserted, then one
# pass of the real relay (RelayEvents over JdbcUnpublishedEvents, JdbcRelayLease and KafkaEventPublisher, wired as
# `events relay`) publishes and marks them: events/s. Baseline: a plain KafkaProducer with the relay's producer
# settings (acks=all, idempotent, linger 20 ms, 64 KiB batches, lz4) sends the same records (payloads, keys, headers) to topics of its
# own and flushes: events/s. The RESULT line gives the ratio relay/baseline (goal >= 0.5).
# Order intake: C clients publish requests to <prefix>.order-requests.v1 and wait for each result from K in-process
# workers (WorkerRuntime, consumer order-intake; measured once their group is balanced, its partitions per consumer
# printed): orders/s, p50/p99 from the send to the result; then the same C clients call PlaceOrder in-process on the
# same database. With K workers give at least K partitions (--partitions), or some workers get none.
#
# The broker is com.bazaar.testsupport.TestKafka (in-process KRaft, 1 broker, replication 1) in the harness's own
# JVM: not a production cluster, and it competes with the relay, the workers and PostgreSQL for the same CPUs.
# The embedded PostgreSQL runs in a temporary BAZAAR home, stopped and deleted at the end (also on failure or
# Ctrl-C); the broker's temporary logs go with the JVM.
#
# Each part prints its details and one line starting with RESULT; exit status 1 if a check failed (an event not
# published once and marked, an order not placed or not answered).
#
# Builds when needed, as scripts/bench/orders.sh does (the same class path file, cli/target/bench-classpath.txt).
# Needs Java 17+ (JAVA_HOME or PATH) and Maven.

set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
MAIN=com.bazaar.cli.bench.EventsBenchmark
cd "$ROOT"

case ${1:-} in
    -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac

# ---- build when missing or stale (classpath.sh) ----------------------------------------------------------------

# shellcheck source=classpath.sh
source "$ROOT/scripts/bench/classpath.sh"
bench_classpath com/bazaar/cli/bench/EventsBenchmark.class

commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
[[ -z $(git status --porcelain 2>/dev/null) ]] || commit="$commit (plus uncommitted changes)"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, nproc=$(nproc), $("$JAVA" -version 2>&1 | head -1)"
echo "=== events.sh ${*:-(defaults)}"

out=$(mktemp)
trap 'rm -f "$out"' EXIT
set +e
# the in-process broker logs its shutdown (its temporary directory deleted under it) after the harness finished
"$JAVA" -cp "$CLASSPATH_ARG" "$MAIN" "$@" 2>&1 | grep -v ' INFO EmbeddedPostgresServer: ' \
    | awk '!done { print; fflush() } /^benchmark finished;/ { done = 1 }' | tee "$out"
rc=${PIPESTATUS[0]}
set -e

echo
echo "=== summary"
grep '^RESULT ' "$out" || echo "no result (the run failed)"
exit "$rc"
