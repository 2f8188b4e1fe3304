# settlement-data.sh - sourced by the reconciliation benchmarks (reconciliation.sh, partitions.sh): the internal side
# of an N-payment reconciliation, generated with set-based SQL, and the settlement file with planted discrepancies
# (reconciliation.sh's header describes both: payments, late captures, authorized payments, refunds; the categories
# planted and their shares).
#
#   bench_internal_side N                 N captured payments (orders, ledger postings), N/1000 authorized, a refund
#                                         on 1 in 400; then VACUUM ANALYZE
#   bench_settlement_file N EXPORT FILE PLANTED
#                                         exports the payments to EXPORT, writes the settlement CSV (payout id
#                                         po-bench) to FILE and the planted "CATEGORY COUNT" lines to PLANTED
#   bench_home                            the temporary home: BAZAAR_HOME (0700), `bazaar init` (BAZAAR_TOKEN
#                                         exported), the bazaar login let in from 127.0.0.1 without a password, seller
#                                         ACME (USD); prints the server's settings; logs statements >= SLOW_MS (> 0)
#   pg_port, pgsql                        the home's server's port; psql on it as the bazaar login (UTC)
#
# Expects BAZAAR_HOME, WORK, SLOW_MS and the functions bz and fail.

bench_home() {
    mkdir -p -m 700 "$BAZAAR_HOME" # bazaar refuses a home that group or others may write
    BAZAAR_TOKEN=$(bz init 2>"$WORK/init.err" | tail -n 1) || { cat "$WORK/init.err" >&2; fail "bazaar init"; }
    export BAZAAR_TOKEN
    # Bazaar's own logins are not superusers (docs/security.md, Database roles). This throwaway server lets its
    # superuser in without a password from 127.0.0.1, for server settings, CHECKPOINT and cancelling; the restart
    # applies the rule.
    sed -i '1i host all bazaar 127.0.0.1/32 trust' "$BAZAAR_HOME/pgdata/pg_hba.conf"
    bz db stop >/dev/null
    bz seller create --code ACME --name Acme --currency USD >/dev/null 2>"$WORK/seller.err" \
        || { cat "$WORK/seller.err" >&2; fail "seller create"; }
    echo "server: $(pgsql -At -c "SELECT current_setting('server_version') || ', shared_buffers ' || current_setting('shared_buffers') || ', work_mem ' || current_setting('work_mem') || ', synchronous_commit ' || current_setting('synchronous_commit')")"
    if (( SLOW_MS > 0 )); then
        pgsql -c "ALTER SYSTEM SET log_min_duration_statement = $SLOW_MS" -c "SELECT pg_reload_conf()" >/dev/null
    fi
}

pg_port() { sed -n 4p "$BAZAAR_HOME/pgdata/postmaster.pid"; }
pgsql() {
    PGTZ=UTC PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 \
        -p "$(pg_port)" -U bazaar -d bazaar "$@"
}

bench_internal_side() {
    local N=$1 SELLER_ID CHUNK lo hi M
    SELLER_ID=$(pgsql -At -c "SELECT id FROM sellers WHERE code = 'ACME'")
    CHUNK=100000
    for (( lo = 1; lo <= N; lo += CHUNK )); do
        hi=$(( lo + CHUNK - 1 < N ? lo + CHUNK - 1 : N ))
        pgsql <<SQL
BEGIN;
WITH g AS (
    SELECT i, 100 + (i * 7919) % 49900 AS amount,
           CASE WHEN i % 500 = 250 THEN timestamptz '2026-11-29 12:00:00+00'
                ELSE timestamptz '2026-11-24 00:00:00+00' + (i % 3) * interval '1 day' + (i % 86400) * interval '1 second'
           END AS captured_at
    FROM generate_series($lo::bigint, $hi::bigint) AS i),
o AS (
    INSERT INTO orders (seller_id, buyer, status, total_minor, currency, idempotency_key, placed_at, updated_at)
    SELECT $SELLER_ID, 'bench-buyer-' || (i % 1000), 'PAID', amount, 'USD', 'bench-order-' || i,
           captured_at - interval '10 minutes', captured_at
    FROM g ORDER BY i
    RETURNING id, total_minor, updated_at),
p AS (
    INSERT INTO payments (order_id, amount_minor, currency, status, provider_reference, captured_minor, created_at,
                          updated_at)
    SELECT id, total_minor, 'USD', 'CAPTURED', 'ch_bench_' || id, total_minor, updated_at - interval '5 minutes',
           updated_at
    FROM o ORDER BY id
    RETURNING id, amount_minor, updated_at)
INSERT INTO ledger_postings (transaction_ref, account, amount_minor, currency, posted_at)
SELECT 'capture:' || p.id, x.account, x.amount, 'USD', p.updated_at
FROM p CROSS JOIN LATERAL (VALUES ('provider:clearing', p.amount_minor),
                                  ('seller:ACME:payable', -(p.amount_minor - p.amount_minor / 10)),
                                  ('platform:commission', -(p.amount_minor / 10))) AS x(account, amount);
COMMIT;
SQL
    done
    M=$(( N / 1000 > 0 ? N / 1000 : 1 ))
    pgsql <<SQL
BEGIN;
WITH o AS (
    INSERT INTO orders (seller_id, buyer, status, total_minor, currency, idempotency_key, placed_at, updated_at)
    SELECT $SELLER_ID, 'bench-buyer-auth', 'PLACED', 100 + (i * 7919) % 49900, 'USD', 'bench-auth-order-' || i,
           timestamptz '2026-11-26 10:00:00+00', timestamptz '2026-11-26 10:00:00+00'
    FROM generate_series(1::bigint, $M::bigint) AS i ORDER BY i
    RETURNING id, total_minor, updated_at)
INSERT INTO payments (order_id, amount_minor, currency, status, provider_reference, created_at, updated_at)
SELECT id, total_minor, 'USD', 'AUTHORIZED', 'auth_bench_' || id, updated_at, updated_at FROM o ORDER BY id;
-- a refund of half the amount on 1 captured payment in 400 (not a late capture)
WITH r AS (
    INSERT INTO refunds (payment_id, amount_minor, currency, status, reason, idempotency_key, created_at, updated_at)
    SELECT id, amount_minor / 2, 'USD', 'SUCCEEDED', 'bench refund', 'bench-refund-' || id,
           timestamptz '2026-11-27 09:00:00+00', timestamptz '2026-11-27 09:00:00+00'
    FROM payments WHERE status = 'CAPTURED' AND id % 400 = 7 AND updated_at < timestamptz '2026-11-28 00:00:00+00'
    ORDER BY id
    RETURNING id, payment_id, amount_minor, created_at),
u AS (
    UPDATE payments p SET refunded_minor = r.amount_minor FROM r WHERE p.id = r.payment_id)
INSERT INTO ledger_postings (transaction_ref, account, amount_minor, currency, posted_at)
SELECT 'refund:' || r.id, x.account, x.amount, 'USD', r.created_at
FROM r CROSS JOIN LATERAL (VALUES ('provider:clearing', -r.amount_minor),
                                  ('seller:ACME:payable', r.amount_minor)) AS x(account, amount);
COMMIT;
VACUUM ANALYZE orders;
VACUUM ANALYZE payments;
VACUUM ANALYZE refunds;
VACUUM ANALYZE ledger_postings;
SQL
}

bench_settlement_file() {
    local N=$1 EXPORT=$2 FILE=$3 PLANTED=$4
    pgsql -c "\\copy (SELECT p.id, p.amount_minor, p.status, p.updated_at >= timestamptz '2026-11-28 00:00:00+00', coalesce(r.amount_minor, 0) FROM payments p LEFT JOIN refunds r ON r.payment_id = p.id ORDER BY p.id) TO '$EXPORT' WITH (FORMAT csv)"
    python3 - "$N" "$EXPORT" "$FILE" "$PLANTED" <<'PY'
import csv, random, sys
from collections import Counter
n, export, path, planted_path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
rnd = random.Random(5)

captured, authorized, recent, refunded = [], [], [], []
with open(export, newline="") as f:
    for pid, amount, status, is_recent, refund in csv.reader(f):
        pid, amount, refund = int(pid), int(amount), int(refund)
        if status == "AUTHORIZED":
            authorized.append((pid, amount))
        elif is_recent == "t":
            recent.append((pid, amount))
        elif refund > 0:
            refunded.append((pid, amount, refund))
        else:
            captured.append((pid, amount))

def money(minor):
    sign = "-" if minor < 0 else ""
    minor = abs(minor)
    return "%s%d.%02d" % (sign, minor // 100, minor % 100)

# booked at most a day before the latest capture (2026-11-29): a line booked earlier than that before its payment's
# capture is SETTLED_BEFORE_CAPTURE, which the file does not plant
days = ["2026-11-28", "2026-11-29"]
lines = []            # (merchant_reference, type, gross, fee, currency)
expected = Counter()

def line(mref, typ, gross, fee, cur="USD", category=None):
    lines.append((mref, typ, gross, fee, cur))
    if category:
        expected[category] += 1

def share(pct):
    return max(1, round(n * pct / 100))

rnd.shuffle(captured)
pool = iter(captured)
take = lambda k: [next(pool) for _ in range(k)]
for pid, amount in take(share(0.3)):
    line(str(pid), "PAYMENT", amount + rnd.randint(1, 500) * rnd.choice([-1, 1]) if amount > 500 else amount + rnd.randint(1, 500), 0,
         category="AMOUNT_MISMATCH")
for pid, amount in take(share(0.2)):
    line(str(pid), "PAYMENT", amount, 0, "EUR", category="CURRENCY_MISMATCH")
for pid, amount in take(share(0.3)):
    line(str(pid), "PAYMENT", amount, rnd.randint(1, amount // 20 + 1), category="FEE_ONLY")
for pid, amount in take(share(0.3)):
    line(str(pid), "PAYMENT", amount, 0, category="MATCHED")
    line(str(pid), "PAYMENT", amount, 0, category="DUPLICATE_IN_SETTLEMENT")
for pid, amount in take(share(0.3)):
    expected["MISSING_IN_SETTLEMENT"] += 1          # left out of the file
for pid, amount in take(share(0.1)):
    line(str(pid), "PAYMENT", amount, 0, category="MATCHED")
    line(str(pid), "CHARGEBACK", -amount, 1500, category="CHARGEBACK")
for pid, amount in pool:
    line(str(pid), "PAYMENT", amount, 0, category="MATCHED")
for k, (pid, amount) in enumerate(recent):
    if k % 2 == 0:
        expected["PENDING_SETTLEMENT"] += 1         # captured within the grace period, not settled yet
    else:
        line(str(pid), "PAYMENT", amount, 0, category="MATCHED")
for pid, amount, refund in refunded:
    line(str(pid), "PAYMENT", amount, 0, category="MATCHED")
    line(str(pid), "REFUND", -refund, 0, category="MATCHED")
for pid, amount in authorized:
    line(str(pid), "PAYMENT", amount, 0, category="STATUS_MISMATCH")
for k in range(share(0.3)):
    line("9%010d" % k, "PAYMENT", rnd.randint(100, 49999), 0, category="MISSING_IN_LEDGER")
for k in range(n // 100000 + 1):
    line(None, "FEE", -2500, 0, category="FEE_ONLY")
rnd.shuffle(lines)

net_by_currency = Counter()
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["provider_reference", "merchant_reference", "type", "gross", "fee", "net", "currency", "booking_date",
                "payout_id", "exchange_rate"])
    for k, (mref, typ, gross, fee, cur) in enumerate(lines, 1):
        net_by_currency[cur] += gross - fee
        w.writerow(["st_%d" % k, mref or "", typ, money(gross), money(fee), money(gross - fee), cur, rnd.choice(days),
                    "po-bench", ""])
    for k, cur in enumerate(sorted(net_by_currency), 1):
        paid = -net_by_currency[cur]
        w.writerow(["po-bench-%s" % cur.lower(), "", "PAYOUT", money(paid), "0.00", money(paid), cur, "2026-11-30",
                    "po-bench", ""])
        expected["MATCHED"] += 1
with open(planted_path, "w") as f:
    for category in sorted(expected):
        f.write("%s %d\n" % (category, expected[category]))
print("settlement file: %d lines (+ header); planted discrepancies %d (%.2f%% of the lines + left-out payments)" % (
    len(lines) + len(net_by_currency), sum(v for k, v in expected.items() if k != "MATCHED"),
    100.0 * sum(v for k, v in expected.items() if k != "MATCHED") / (len(lines) + len(net_by_currency)
        + expected["MISSING_IN_SETTLEMENT"] + expected["PENDING_SETTLEMENT"])))
PY
}
