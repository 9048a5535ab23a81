# Sourced by the benchmark scripts (split-bench.sh, sweep-bench.sh, store-bench.sh) after they set ROOT and cd there.

# bench_classpath MODULE: compiles MODULE and what it depends on (offline, no tests run) and sets BENCH_CP to its test
# classes, its classes and every dependency, including Spark (provided) and the sibling modules' classes of this reactor.
bench_classpath() {
  local module="$1"
  local cp_file="$ROOT/$module/target/test-classpath.txt"
  mvn -B -q -o -pl "$module" -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
  BENCH_CP="$ROOT/$module/target/test-classes:$ROOT/$module/target/classes:$(cat "$cp_file")"
}

# bench_java HEAP MAIN [ARGS...]: runs MAIN on BENCH_CP with the JVM module flags resweep runs with, Spark on the
# loopback address, one BLAS thread and G1 regions of 4 MiB (as the ./resweep launcher runs Spark commands), plus
# BENCH_JAVA_OPTS (space-separated JVM options, e.g. -Dresweep.bench.seeds=4); stderr (Spark's logging) is dropped.
bench_java() {
  local heap="$1"; shift
  local flags extra
  read -r -a flags < "$ROOT/conf/jvm-module-flags"
  read -r -a extra <<< "${BENCH_JAVA_OPTS:-}"
  SPARK_LOCAL_IP=127.0.0.1 OPENBLAS_NUM_THREADS=1 java "${flags[@]}" -XX:G1HeapRegionSize=4m "${extra[@]}" -Xmx"$heap" -cp "$BENCH_CP" "$@" 2>/dev/null
}

# bench_report FILE TITLE COMMAND RESULT: writes a Markdown report (title, command and commit, CPU with the load
# average before (LOAD_BEFORE, set by the caller) and now, JVM, then RESULT verbatim) to FILE and prints it.
# An existing FILE (an earlier report of the same day, possibly committed) is never overwritten: the report goes to
# FILE with -2, -3, ... before its extension instead.
bench_report() {
  local file="$1" title="$2" command="$3" result="$4"
  if [ -e "$file" ]; then
    local base="${file%.md}" n=2
    while [ -e "$base-$n.md" ]; do n=$((n + 1)); done
    file="$base-$n.md"
  fi
  {
    echo "# $title, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "- command: \`$command\` (code $(git rev-parse --short HEAD))"
    echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- JVM: $(java -version 2>&1 | head -1); OPENBLAS_NUM_THREADS=1 (one BLAS thread per task, as resweep runs executors)"
    echo
    echo '```'
    echo "$result"
    echo '```'
  } > "$file"
  cat "$file"
}
