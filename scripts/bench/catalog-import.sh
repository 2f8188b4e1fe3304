#!/usr/bin/env bash
# catalog-import.sh - throughput of the catalog import job (issue 4) against raw PostgreSQL COPY of the same file.
#
#   scripts/bench/catalog-import.sh [N]      N rows (default 100000)
#
# In a temporary BAZAAR_HOME (embedded PostgreSQL; stopped and deleted at exit, also on failure or Ctrl-C):
#   1. bazaar init, seller create --code ACME --currency USD;
#   2. generates a realistic N-row catalog (columns sku,title,price,quantity,category,description,attributes; about
#      300 bytes a row: a 150-200-character description holding commas and sometimes doubled quotes, so it is quoted,
#      attributes as key=value;key=value; deterministic, seed 4);
#   3. times, each with `java $BENCH_JAVA_OPTS -jar bazaar.jar job run catalog-import --seller ACME --file F ...`
#      (BENCH_JAVA_OPTS defaults to -Xmx512m):
#        (a) --mode plan                         (stages the file, plans: N creates, nothing changes)
#        (b) --mode apply                        (stages the file again, applies: N products created)
#        (c) --mode apply on a copy of the file with one extra trailing newline (another checksum, so another job
#            instance: the file is really staged and applied again; every row unchanged)
#      then, untimed, the step durations of each run from the job repository (stage vs finish); a run over
#      BENCH_TIMEOUT is reported as DNF (re-apply is then skipped);
#   4. times raw COPY of the same file through psql into a plain table of the same columns on the same server:
#        CREATE TABLE bench_raw_catalog(sku text, title text, price numeric, quantity bigint, category text,
#                                       description text, attributes text);
#        \copy bench_raw_catalog FROM 'F' WITH (FORMAT csv, HEADER true)
#      once before (a) ("COPY before", a fresh server) and once after (c) ("COPY after", the spec's measurement),
#      each into a freshly created table;
#   5. prints a summary: wall time and rows/s of each, the job's own duration (without JVM start), peak RSS and CPU
#      seconds of each JVM (from /usr/bin/time -v, when installed), and the ratio apply rows/s / raw COPY rows/s.
#
# Environment:
#   BENCH_JAVA_OPTS   JVM flags of the import runs (default -Xmx512m)
#   BENCH_JAR         the jar to measure (default cli/target/bazaar.jar; copied into the temporary directory first)
#   BENCH_TIMEOUT     seconds an import run may take (default 1800); a run that takes longer is killed, its server
#                     statement cancelled, reported as DNF ("did not finish"), and the bench exits 1 at the end
#   BENCH_SLOW_MS     the embedded server logs statements taking at least this long (default 1000; 0 logs every
#                     statement, -1 = off); they are summed by kind at the end: where the server's time goes
#   BENCH_PG_SETTINGS what-if server settings for the whole run, e.g. "enable_nestloop=off" (comma-separated
#                     name=value, ALTER SYSTEM on the temporary server; default none; printed with the results)
#
# Wall times come from date +%s%N around the whole command (JVM start, Spring context, checksum of the file, job)
# and around psql (connect, COPY, exit). The goals of issue 16, all with -Xmx512m: apply of N new products >= 20% of
# the raw COPY speed (40% long-term; issue 4 asked 40%), re-apply of the unchanged file >= 40%, plan >= 30%.
# The jar is copied first, so a rebuild of cli/target/bazaar.jar by someone else during the run does not change
# what is measured. Builds (mvn -q -B -DskipTests install) when the jar is missing.
# Needs Java 17+, python3, psql. Exit status 1 if a command fails or a count is not what it should be.

set -euo pipefail

case ${1:-} in
    -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
N=${1:-100000}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "N must be a positive number (got '$N')" >&2; exit 2; }
JAVA_OPTS_BENCH=${BENCH_JAVA_OPTS:--Xmx512m}

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
cd "$ROOT"

command -v psql >/dev/null || { echo "psql is needed for the raw COPY baseline" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed to generate the file" >&2; exit 2; }
TIME=
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true 2>/dev/null; then TIME=/usr/bin/time; fi

if [[ -z ${BENCH_JAR:-} && ! -f cli/target/bazaar.jar ]]; then
    echo "building (mvn -q -B -DskipTests install)..." >&2
    mvn -q -B -DskipTests install >&2
fi

SRC_JAR=${BENCH_JAR:-$ROOT/cli/target/bazaar.jar}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bazaar-catalog-bench.XXXXXX")
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

bz() { "$JAVA" $JAVA_OPTS_BENCH -jar "$JAR" "$@"; }
now_ns() { date +%s%N; }
fail() { echo "FAILED: $*" >&2; exit 1; }

echo "catalog import bench: N=$N, java opts '$JAVA_OPTS_BENCH', $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "jar: $SRC_JAR (built $(stat -c '%y' "$SRC_JAR" | cut -c1-19), sha256 $(sha256sum "$JAR" | cut -c1-12)); checkout at $(git rev-parse --short HEAD 2>/dev/null || echo '?')$( [[ -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]] && echo ' with uncommitted changes')"
echo "work dir: $WORK"

# ---- home, seller -----------------------------------------------------------------------------------------------

mkdir -p -m 700 "$BAZAAR_HOME" # bazaar refuses a home that group or others may write
BAZAAR_TOKEN=$(bz init 2>"$WORK/init.err" | tail -n 1) || { cat "$WORK/init.err" >&2; fail "bazaar init"; }
export BAZAAR_TOKEN
# Bazaar's own logins are not superusers (docs/security.md, Database roles). This throwaway server lets its superuser
# in without a password from 127.0.0.1, for server settings, CHECKPOINT and cancelling; the restart applies the rule.
sed -i '1i host all bazaar 127.0.0.1/32 trust' "$BAZAAR_HOME/pgdata/pg_hba.conf"
bz db stop >/dev/null
bz seller create --code ACME --name Acme --currency USD >/dev/null 2>"$WORK/seller.err" \
    || { cat "$WORK/seller.err" >&2; fail "seller create"; }

pg_port() { sed -n 4p "$BAZAAR_HOME/pgdata/postmaster.pid"; }
pgsql() {
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(pg_port)" \
        -U bazaar -d bazaar "$@"
}

# Server statements taking >= BENCH_SLOW_MS go to $BAZAAR_HOME/postgres.log (summed by kind at the end).
SLOW_MS=${BENCH_SLOW_MS:-1000}
[[ $SLOW_MS =~ ^-?[0-9]+$ ]] || { echo "BENCH_SLOW_MS must be a number" >&2; exit 2; }
if (( SLOW_MS >= 0 )); then
    pgsql -c "ALTER SYSTEM SET log_min_duration_statement = $SLOW_MS" >/dev/null
fi
PG_SETTINGS=${BENCH_PG_SETTINGS:-}
if [[ -n $PG_SETTINGS ]]; then
    IFS=',' read -ra settings <<<"$PG_SETTINGS"
    for setting in "${settings[@]}"; do
        [[ $setting =~ ^[a-z_.]+=[A-Za-z0-9_.]+$ ]] || { echo "BENCH_PG_SETTINGS: bad setting '$setting'" >&2; exit 2; }
        pgsql -c "ALTER SYSTEM SET ${setting%%=*} = '${setting#*=}'" >/dev/null
    done
    echo "WHAT-IF server settings: $PG_SETTINGS"
fi
pgsql -c "SELECT pg_reload_conf()" >/dev/null
TIMEOUT=${BENCH_TIMEOUT:-1800}
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_TIMEOUT must be a positive number of seconds" >&2; exit 2; }

# ---- the file ---------------------------------------------------------------------------------------------------

FILE=$WORK/catalog.csv
t0=$(now_ns)
python3 - "$N" "$FILE" <<'PY'
import csv, random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(4)
adjectives = ["Classic", "Premium", "Compact", "Organic", "Vintage", "Rugged", "Slim", "Deluxe", "Eco", "Heavy-Duty",
              "Lightweight", "Handmade", "Modern", "Portable", "Stainless"]
nouns = ["Coffee Mug", "Water Bottle", "Desk Lamp", "Yoga Mat", "Backpack", "Cutting Board", "Phone Case",
         "Throw Pillow", "Chef Knife", "Notebook", "Bluetooth Speaker", "Plant Pot", "Wall Clock", "Tea Kettle",
         "Running Socks", "Wool Scarf", "Picture Frame", "Camping Chair"]
colors = ["black", "white", "red", "navy", "olive", "grey", "sand", "teal", "mustard", "walnut"]
sizes = ["XS", "S", "M", "L", "XL", "12oz", "16oz", "1L", "A5", "A4"]
materials = ["cotton", "stainless steel", "bamboo", "ceramic", "recycled PET", "oak", "wool", "silicone", "glass"]
categories = ["Home & Kitchen > Drinkware", "Home & Kitchen > Cookware", "Sports > Yoga", "Office > Lighting",
              "Bags > Backpacks", "Electronics > Audio", "Garden > Planters", "Apparel > Accessories",
              "Outdoors > Camping", "Home > Decor"]
phrases = ["built to last, easy to clean", "dishwasher safe, BPA free", "ships in recyclable packaging",
           "designed in Portland, made in Portugal", "fits most standard sizes", "backed by a 2-year warranty",
           "soft-touch finish, non-slip base", "ideal for home, office, or travel", "a best seller since 2019",
           "tested for durability, comfort, and style", "gift ready, with a printed card",
           "each piece is unique, so colors may vary slightly"]
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["sku", "title", "price", "quantity", "category", "description", "attributes"])
    for i in range(1, n + 1):
        adj, noun, color = rnd.choice(adjectives), rnd.choice(nouns), rnd.choice(colors)
        size = rnd.choice(sizes)
        sku = "ACME-%07d-%s" % (i, color[:3].upper())
        title = "%s %s, %s (%s)" % (adj, noun, color.capitalize(), size)
        price = "%d.%02d" % (rnd.randint(1, 499), rnd.randint(0, 99))
        quantity = str(rnd.randint(0, 5000))
        desc = "The %s %s in %s: " % (adj.lower(), noun.lower(), color)
        if rnd.random() < 0.2:
            desc += 'the "%s" edition, ' % rnd.choice(["studio", "weekend", "pro", "signature"])
        while len(desc) < 150:
            desc += rnd.choice(phrases) + ", "
        desc = desc.rstrip(", ") + "."
        attrs = "color=%s;size=%s;material=%s;weight_g=%d" % (color, size, rnd.choice(materials), rnd.randint(50, 5000))
        w.writerow([sku, title, price, quantity, rnd.choice(categories), desc, attrs])
PY
gen_ms=$(( ($(now_ns) - t0) / 1000000 ))
bytes=$(stat -c %s "$FILE")
echo "generated $FILE: $N rows, $bytes bytes ($(( bytes / N )) bytes/row incl. header share), ${gen_ms} ms"
echo "sample rows:"; sed -n '1,3p' "$FILE" | cut -c1-400 | sed 's/^/  /'
cp "$FILE" "$WORK/catalog-again.csv"
printf '\n' >>"$WORK/catalog-again.csv"

# ---- raw COPY baseline ------------------------------------------------------------------------------------------

declare -A wall_ms rss_kb cpu_s job_ms steps dnf
dnf_count=0

raw_copy() {   # $1 = label
    local label=$1
    pgsql -c "DROP TABLE IF EXISTS bench_raw_catalog" \
          -c "CREATE TABLE bench_raw_catalog(sku text, title text, price numeric, quantity bigint, category text,
                                             description text, attributes text)"
    sync
    local s e
    s=$(now_ns)
    pgsql -c "\\copy bench_raw_catalog FROM '$FILE' WITH (FORMAT csv, HEADER true)"
    e=$(now_ns)
    wall_ms[$label]=$(( (e - s) / 1000000 ))
    local count
    count=$(pgsql -At -c "SELECT count(*) FROM bench_raw_catalog")
    [[ $count == "$N" ]] || fail "raw COPY loaded $count rows, expected $N"
    echo "$label: ${wall_ms[$label]} ms"
}

# ---- import runs ------------------------------------------------------------------------------------------------

json_field() {  # $1 = json file, $2 = key
    python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); v=v[0] if isinstance(v,list) else v; print(v.get(sys.argv[2]))' "$1" "$2"
}

import_run() {  # $1 = label, $2 = file, $3 = mode, $4 = expected "created updated unchanged rejected"
    local label=$1 file=$2 mode=$3 expect=$4
    local out=$WORK/$label.json err=$WORK/$label.err tv=$WORK/$label.time
    local -a cmd=(timeout --kill-after=20 "$TIMEOUT" "$JAVA" $JAVA_OPTS_BENCH -jar "$JAR" --output=json
                  job run catalog-import --seller ACME --file "$file" --mode "$mode" --on-error skip-rows)
    [[ -n $TIME ]] && cmd=("$TIME" -v -o "$tv" "${cmd[@]}")
    sync
    local s e rc=0
    s=$(now_ns)
    "${cmd[@]}" >"$out" 2>"$err" || rc=$?
    e=$(now_ns)
    wall_ms[$label]=$(( (e - s) / 1000000 ))
    if (( rc == 124 || rc == 137 )); then
        dnf[$label]=1
        dnf_count=$(( dnf_count + 1 ))
        echo "$label: DID NOT FINISH within ${TIMEOUT} s; the server was running:"
        pgsql -At -F ' | ' -c "SELECT now() - query_start, state, regexp_replace(left(query, 160), '\s+', ' ', 'g')
                               FROM pg_stat_activity WHERE datname = 'bazaar' AND pid <> pg_backend_pid()
                               AND state <> 'idle'" | sed 's/^/  /'
        pgsql -At -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = 'bazaar'
                      AND pid <> pg_backend_pid() AND state <> 'idle'" >/dev/null
        tail -n 3 "$err" | sed 's/^/  stderr: /'
        return 0
    fi
    if (( rc != 0 )); then
        { echo "--- stdout"; cat "$out"; echo "--- stderr"; cat "$err"; } >&2
        fail "$label exited $rc"
    fi
    local got
    got="$(json_field "$out" created) $(json_field "$out" updated) $(json_field "$out" unchanged) $(json_field "$out" rejected)"
    [[ $got == "$expect" ]] || { cat "$out" >&2; fail "$label: created/updated/unchanged/rejected = $got, expected $expect"; }
    [[ $(json_field "$out" rows) == "$N" ]] || { cat "$out" >&2; fail "$label: rows read is not $N"; }
    local took
    took=$(json_field "$out" duration_ms)          # typed JSON since issue 15; "duration": "3180 ms" before
    [[ $took == None ]] && took=$(json_field "$out" duration)
    job_ms[$label]=$(tr -dc 0-9 <<<"$took")
    if [[ -n $TIME ]]; then
        rss_kb[$label]=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tv")
        cpu_s[$label]=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f", u+s}' "$tv")
    fi
    # step durations (untimed), from the job repository: stage = read + check + COPY per chunk,
    # finish = catalog rules + plan (+ apply)
    local execution
    execution=$(json_field "$out" execution)
    steps[$label]=$(pgsql -At -c "SELECT string_agg(step_name || ' ' || (extract(epoch FROM end_time - start_time)
            * 1000)::bigint || ' ms (' || commit_count || ' commits)', ', ' ORDER BY step_execution_id)
        FROM batch_step_execution WHERE job_execution_id = $execution" || true)
    echo "$label: ${wall_ms[$label]} ms wall, job ${job_ms[$label]} ms (${steps[$label]:-steps n/a})$( [[ -n $TIME ]] && echo ", JVM peak RSS $(( ${rss_kb[$label]} / 1024 )) MB, CPU ${cpu_s[$label]} s")"
}

raw_copy "COPY before"
import_run plan "$FILE" plan "$N 0 0 0"
import_run apply "$FILE" apply "$N 0 0 0"
if [[ -z ${dnf[apply]:-} ]]; then
    import_run re-apply "$WORK/catalog-again.csv" apply "0 0 $N 0"
else
    echo "re-apply: skipped (apply did not finish)"
fi
raw_copy "COPY after"

if [[ -z ${dnf[apply]:-} ]]; then
    products=$(pgsql -At -c "SELECT count(*) FROM products p JOIN sellers s ON s.id = p.seller_id WHERE s.code = 'ACME'")
    [[ $products == "$N" ]] || fail "ACME has $products products, expected $N"
fi
echo "database size after the runs: $(pgsql -At -c "SELECT pg_size_pretty(pg_database_size('bazaar'))")"

if (( SLOW_MS >= 0 )) && [[ -f $BAZAAR_HOME/postgres.log ]]; then
    echo
    echo "server statements taking >= ${SLOW_MS} ms, summed by kind over the whole run (the raw COPY excluded;"
    echo "count = executions, times include their parse and bind steps):"
    printf '  %7s %10s %9s  %s\n' count "total ms" "max ms" "statement (start)"
    awk '/LOG:  duration: / {
            d = $0; sub(/.*duration: /, "", d); ms = d + 0; sub(/^[0-9.]+ ms +/, "", d)
            if (d ~ /bench_raw_catalog/ || d ~ /^statement: *$/) next
            counted = d !~ /^(parse|bind) /      # parse and bind add their time to the execution they precede
            sub(/^(execute|parse|bind) [^:]*: /, "", d); sub(/^statement: /, "", d); gsub(/[ \t]+/, " ", d)
            k = substr(d, 1, 110); n[k] += counted; t[k] += ms; if (ms > m[k]) m[k] = ms }
         END { for (k in n) printf "  %7d %10.0f %9.0f  %s\n", n[k], t[k], m[k], k }' \
        "$BAZAAR_HOME/postgres.log" | sort -k2,2nr | head -n 25
fi

# ---- summary ----------------------------------------------------------------------------------------------------

rate() { awk -v n="$N" -v ms="$1" 'BEGIN { printf "%.0f", n / (ms / 1000.0) }'; }
ratio() { awk -v a="$1" -v c="$2" 'BEGIN { printf "%.1f%%", 100 * c / a }'; }   # rows/s ratio = inverse ms ratio
echo
echo "SUMMARY N=$N rows, $bytes bytes, heap flag: $JAVA_OPTS_BENCH${PG_SETTINGS:+, WHAT-IF server settings: $PG_SETTINGS}"
printf '%-12s | %9s | %9s | %8s | %10s | %8s | %6s\n' run "wall ms" "rows/s" "job ms" "job rows/s" "RSS MB" "CPU s"
printf -- '-------------|-----------|-----------|----------|------------|----------|-------\n'
for label in plan apply re-apply "COPY before" "COPY after"; do
    ms=${wall_ms[$label]:-}
    if [[ -z $ms ]]; then
        printf '%-12s | %9s | %9s | %8s | %10s | %8s | %6s\n' "$label" - - - - - -
    elif [[ -n ${dnf[$label]:-} ]]; then
        printf '%-12s | %9s | %9s | %8s | %10s | %8s | %6s\n' "$label" ">$ms" "DNF" - - - -
    elif [[ -n ${job_ms[$label]:-} ]]; then
        printf '%-12s | %9d | %9s | %8d | %10s | %8s | %6s\n' "$label" "$ms" "$(rate "$ms")" "${job_ms[$label]}" \
            "$(rate "${job_ms[$label]}")" "$( [[ -n ${rss_kb[$label]:-} ]] && echo $(( rss_kb[$label] / 1024 )) || echo -)" \
            "${cpu_s[$label]:--}"
    else
        printf '%-12s | %9d | %9s | %8s | %10s | %8s | %6s\n' "$label" "$ms" "$(rate "$ms")" - - - -
    fi
done
echo
r() { [[ -n ${dnf[$1]:-} ]] && echo "DNF(>${TIMEOUT}s)" || { [[ -n ${wall_ms[$1]:-} ]] && rate "${wall_ms[$1]}" || echo -; }; }
q() {  # ratio of run $1 to the raw COPY measured after (c) ("<" when $1 did not finish)
    [[ -n ${wall_ms[$1]:-} ]] || { echo -; return; }
    echo "${dnf[$1]:+<}$(ratio "${wall_ms[$1]}" "${wall_ms[COPY after]}")"
}
echo "RESULT N=$N plan=$(r plan) apply=$(r apply) re-apply=$(r re-apply) copy=$(r "COPY after") rows/s;" \
     "apply/COPY = $(q apply) (goal >= 20%), re-apply/COPY = $(q re-apply) (goal >= 40%)," \
     "plan/COPY = $(q plan) (goal >= 30%)," \
     "apply/COPY before = ${dnf[apply]:+<}$(ratio "${wall_ms[apply]}" "${wall_ms[COPY before]}")," \
     "apply job-only/COPY = $( [[ -n ${job_ms[apply]:-} ]] && ratio "${job_ms[apply]}" "${wall_ms[COPY after]}" || echo -)${PG_SETTINGS:+ [what-if: $PG_SETTINGS]}"
(( dnf_count == 0 )) || exit 1
