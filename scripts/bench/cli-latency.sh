#!/usr/bin/env bash
# cli-latency.sh - wall-clock latency of everyday bazaar commands, naive `java -jar` vs the scripts/bazaar launcher
# (and, with --dist, vs the installed distribution's bin/bazaar).
#
#   scripts/bench/cli-latency.sh [-n RUNS] [--cold] [--dist] [--quick]
#
#   -n RUNS   timed runs per command and mode (default 10, or $BENCH_RUNS)
#   --cold    also time the launcher's one-time preparation: delete cli/target/launch first, then time the first
#             launcher call (extracting the jar and training the CDS archive)
#   --quick   time only `--help` and `whoami` (the two the targets name; for a busy machine, where the five
#             commands and the concurrent pair take long and may time out)
#   --dist    also time mode "dist": the release tarball (dist/target/bazaar-*.tar.gz, built by `mvn package`; or
#             $BENCH_DIST_TARBALL) unpacked into the temporary directory, run by its bin/bazaar with its own empty
#             XDG_CACHE_HOME; its first call (training its CDS archive) is untimed and reported apart. The report
#             then also gives dist vs launcher (issue 15: the install must start as fast as the checkout).
#
# With a temporary BAZAAR_HOME it runs `bazaar init` once (which starts the embedded PostgreSQL and prints the
# admin token), then times, RUNS times each and in both modes:
#     bazaar --help | bazaar config show | bazaar whoami | bazaar seller list | 2 x bazaar whoami at once
# naive    = java -jar cli/target/bazaar.jar ...
# launcher = scripts/bazaar ...   (one untimed call first, so a needed build or preparation is not counted)
# dist     = <unpacked tarball>/bin/bazaar ...   (with --dist; one untimed call first, which trains its archive)
# Modes and commands are interleaved run by run, so a slow phase of the (shared) machine hits all of them alike.
# Every timed command must exit 0 (both concurrent ones too), else the bench stops. Prints a table of
# median / min / max milliseconds. At exit (also on failure or Ctrl-C) the embedded server is stopped and the
# temporary home removed.
# Pure bash: times come from $EPOCHREALTIME (bash 5), no hyperfine needed. Needs Java 17+ (JAVA_HOME or PATH).

set -euo pipefail

runs=${BENCH_RUNS:-10}
cold=false
dist=false
quick=false
while [[ $# -gt 0 ]]; do
    case $1 in
        -n) runs=${2:?-n needs a number}; shift 2 ;;
        --cold) cold=true; shift ;;
        --dist) dist=true; shift ;;
        --quick) quick=true; shift ;;
        -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "-n must be a positive number" >&2; exit 2; }

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
JAR=$ROOT/cli/target/bazaar.jar
LAUNCHER=$ROOT/scripts/bazaar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
cd "$ROOT"

# ---- timing helpers ---------------------------------------------------------------------------------------------

# Microseconds since the epoch, without starting a process ($EPOCHREALTIME; date as a fallback for old bash).
now_us() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then
        local t=${EPOCHREALTIME//[.,]/}
        echo "$t"
    else
        echo $(( $(date +%s%N) / 1000 ))
    fi
}

# Runs a command quietly; on failure prints what it said and stops the bench.
ERR=
must() {
    if ! "$@" >/dev/null 2>"$ERR"; then
        echo "FAILED: $*" >&2
        sed 's/^/  /' "$ERR" >&2
        exit 1
    fi
}

# Two commands started at the same moment; both must succeed. The time is until the second one ends.
pair() {
    local mode=$1; shift
    "$@" >/dev/null 2>"$ERR.a" & local a=$!
    "$@" >/dev/null 2>"$ERR.b" & local b=$!
    local ok=true
    wait "$a" || { ok=false; echo "FAILED (first of two concurrent, $mode): $*" >&2; sed 's/^/  /' "$ERR.a" >&2; }
    wait "$b" || { ok=false; echo "FAILED (second of two concurrent, $mode): $*" >&2; sed 's/^/  /' "$ERR.b" >&2; }
    $ok || exit 1
}

declare -A samples   # "command|mode" -> space-separated milliseconds

# Times one invocation and records it, in whole milliseconds.
timed() {
    local key=$1; shift
    local start end
    start=$(now_us)
    "$@"
    end=$(now_us)
    samples[$key]+="$(( (end - start) / 1000 )) "
}

# median min max of a list of integers (median of an even count: mean of the middle two).
stats() {
    local sorted n
    mapfile -t sorted < <(tr ' ' '\n' <<< "$1" | grep . | sort -n)
    n=${#sorted[@]}
    local median
    if (( n % 2 )); then median=${sorted[n/2]}; else median=$(( (sorted[n/2-1] + sorted[n/2]) / 2 )); fi
    echo "$median ${sorted[0]} ${sorted[n-1]}"
}

# ---- setup and cleanup ------------------------------------------------------------------------------------------

export BAZAAR_HOME
BAZAAR_HOME=$(mktemp -d "${TMPDIR:-/tmp}/bazaar-bench.XXXXXX")
ERR=$BAZAAR_HOME/.bench-stderr
unset BAZAAR_TOKEN BAZAAR_DB_URL BAZAAR_DB_USER BAZAAR_DB_PASSWORD BAZAAR_OUTPUT
cleanup() {
    # Stop the embedded PostgreSQL of the temporary home (if it runs), then remove the home.
    if [[ -f $BAZAAR_HOME/pgdata/postmaster.pid && -f $JAR ]]; then
        "$JAVA" -jar "$JAR" db stop >/dev/null 2>&1 || echo "warning: could not stop the server in $BAZAAR_HOME" >&2
    fi
    rm -rf -- "$BAZAAR_HOME"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[[ -f $JAR ]] || { echo "no $JAR: build first (mvn -q -B -DskipTests package) or run scripts/bazaar once" >&2; exit 1; }

dist_ms=
if $dist; then
    tarball=${BENCH_DIST_TARBALL:-}
    if [[ -z $tarball ]]; then
        tarball=$(ls -t "$ROOT"/dist/target/bazaar-*.tar.gz 2>/dev/null | head -n 1)
    fi
    [[ -n $tarball && -f $tarball ]] || { echo "no dist/target/bazaar-*.tar.gz: build it (mvn -q -B -DskipTests package)" >&2; exit 1; }
    mkdir -p "$BAZAAR_HOME/.bench-dist" "$BAZAAR_HOME/.bench-cache"
    tar -xzf "$tarball" -C "$BAZAAR_HOME/.bench-dist"
    DIST_BIN=$(echo "$BAZAAR_HOME"/.bench-dist/bazaar-*/bin/bazaar)
    [[ -x $DIST_BIN ]] || { echo "no bin/bazaar in $tarball" >&2; exit 1; }
    DIST_CACHE=$BAZAAR_HOME/.bench-cache
    # Untimed (reported apart): the first call of a fresh install trains its class data sharing archive.
    start=$(now_us); XDG_CACHE_HOME=$DIST_CACHE must "$DIST_BIN" --version; end=$(now_us)
    dist_ms=$(( (end - start) / 1000 ))
fi

cold_ms=
if $cold; then
    rm -rf -- "$ROOT/cli/target/launch"
    start=$(now_us); must "$LAUNCHER" --version; end=$(now_us)
    cold_ms=$(( (end - start) / 1000 ))
fi
# Untimed first launcher call: builds the jar if sources changed, prepares the fast-start copy if needed.
must "$LAUNCHER" --version
jar_before=$(stat -c '%.9Y.%s' "$JAR")

start=$(now_us)
"$JAVA" -jar "$JAR" init >"$BAZAAR_HOME/.init-out" 2>"$ERR" || { echo "FAILED: bazaar init" >&2; cat "$ERR" >&2; exit 1; }
end=$(now_us)
init_ms=$(( (end - start) / 1000 ))
BAZAAR_TOKEN=$(tail -n 1 "$BAZAAR_HOME/.init-out")
export BAZAAR_TOKEN

# ---- the runs ---------------------------------------------------------------------------------------------------

commands=("--help" "config show" "whoami" "seller list" "2 x whoami (concurrent)")
$quick && commands=("--help" "whoami")
modes=(naive launcher)
$dist && modes+=(dist)

invoke() {   # invoke MODE ARGS... : one bazaar invocation in the given mode
    local mode=$1; shift
    case $mode in
        naive) "$JAVA" -jar "$JAR" "$@" ;;
        launcher) "$LAUNCHER" "$@" ;;
        dist) XDG_CACHE_HOME=$DIST_CACHE "$DIST_BIN" "$@" ;;
    esac
}

echo "timing $runs runs of ${#commands[@]} commands x ${#modes[@]} modes (BAZAAR_HOME=$BAZAAR_HOME)..." >&2
for ((i = 1; i <= runs; i++)); do
    for mode in "${modes[@]}"; do
        timed "--help|$mode" must invoke "$mode" --help
        $quick || timed "config show|$mode" must invoke "$mode" config show
        timed "whoami|$mode" must invoke "$mode" whoami
        $quick || timed "seller list|$mode" must invoke "$mode" seller list
        $quick || timed "2 x whoami (concurrent)|$mode" pair "$mode" invoke "$mode" whoami
    done
    printf '.' >&2
done
echo >&2

jar_after=$(stat -c '%.9Y.%s' "$JAR")

# ---- report -----------------------------------------------------------------------------------------------------

java_version=$("$JAVA" -version 2>&1 | head -n 1)
echo
echo "Bazaar CLI latency: $runs runs per command and mode, wall-clock milliseconds ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo "Machine: $(nproc) cores, $(uname -sr); $java_version"
echo "Commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(
    [[ -n $(git -C "$ROOT" status --porcelain 2>/dev/null) ]] && echo ' (working tree has changes)')"
echo "bazaar init (first start of the embedded PostgreSQL, naive): $init_ms ms"
[[ -n $cold_ms ]] && echo "launcher first call after a build (extract + CDS training, once per build): $cold_ms ms"
[[ -n $dist_ms ]] && echo "dist first call of a fresh install (CDS training, once per version, JVM and user): $dist_ms ms"
echo
ratio() {   # ratio A B: "A/B x (+-N%)" of two medians
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f x (%+d%%)", a / b, (a - b) * 100 / b }'
}
printf '| %-24s | %-8s | %6s | %6s | %6s | %-29s |\n' command mode median min max "ratio of medians"
echo '|--------------------------|----------|-------:|-------:|-------:|-------------------------------|'
for c in "${commands[@]}"; do
    read -r n_med n_min n_max <<< "$(stats "${samples[$c|naive]}")"
    read -r l_med l_min l_max <<< "$(stats "${samples[$c|launcher]}")"
    printf '| %-24s | %-8s | %6d | %6d | %6d | %-29s |\n' "$c" naive "$n_med" "$n_min" "$n_max" ""
    printf '| %-24s | %-8s | %6d | %6d | %6d | %-29s |\n' "$c" launcher "$l_med" "$l_min" "$l_max" \
        "launcher/naive $(ratio "$l_med" "$n_med")"
    if $dist; then
        read -r d_med d_min d_max <<< "$(stats "${samples[$c|dist]}")"
        printf '| %-24s | %-8s | %6d | %6d | %6d | %-29s |\n' "$c" dist "$d_med" "$d_min" "$d_max" \
            "dist/launcher $(ratio "$d_med" "$l_med")"
    fi
done
echo
$quick || echo "(\"2 x whoami (concurrent)\": two processes started together; time until both have exited.)"
if [[ $jar_before != "$jar_after" ]]; then
    echo "WARNING: cli/target/bazaar.jar changed during the bench (someone rebuilt it): the figures are not comparable."
fi
