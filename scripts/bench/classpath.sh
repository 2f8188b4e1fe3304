# classpath.sh - sourced by the Java benchmarks' scripts (orders.sh, events.sh): builds when needed and sets
# CLASSPATH_ARG to the cli module's test class path.
#
#   bench_classpath CLASS_FILE      CLASS_FILE: the harness's class under cli/target/test-classes
#
# Builds when the class path file or CLASS_FILE is missing or any source, resource or pom is newer than the last
# build: `mvn -q -B -DskipTests package` from the repository root, in the same invocation writing the cli module's
# test class path to cli/target/bench-classpath.txt (resolved in the reactor, so it uses this checkout's modules and
# writes nothing to ~/.m2). Expects ROOT (the repository root, the current directory).

CP_FILE=$ROOT/cli/target/bench-classpath.txt

bench_classpath() {
    local class_file=$1
    if bench_needs_build "$class_file"; then
        echo "building (mvn -q -B -DskipTests package)..." >&2
        rm -f "$CP_FILE"
        mvn -q -B -DskipTests package dependency:build-classpath \
            -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
    fi
    [[ -s $CP_FILE ]] || { echo "no class path in $CP_FILE after the build" >&2; exit 1; }
    CLASSPATH_ARG=$ROOT/cli/target/test-classes:$ROOT/cli/target/classes:$(cat "$CP_FILE")
}

bench_needs_build() {
    [[ -f $CP_FILE && -f cli/target/test-classes/$1 ]] || return 0
    # any source, resource or pom newer than the last build
    [[ -n $(find . -path '*/target' -prune -o -path './.git' -prune -o \
                 \( -name pom.xml -o -path '*/src/*' \) -type f -newer "$CP_FILE" -print -quit) ]]
}
