#!/usr/bin/env bash
# End-to-end sweep benchmark: real runs through the Spark sweep engine on local[2] (or MASTER), results committed to
# Parquet as `resweep run` does. (a) 2,000 cheap linear runs: per-task overhead; (b) a few long runs among many short
# ones: makespan against the ideal; (c) 100,000 cheap linear runs with 1,000-epoch curves through `resweep run`'s path:
# exactly once, per-run overhead, driver heap and RSS, best_lr aggregation, `resweep sql` over the result (~2.4 GB of
# Parquet in a temporary directory, removed afterwards; ~5 min on an idle 2-core machine).
# Writes benchmarks/results/sweep-bench-<date>-<host>.md. See benchmarks/README.md.
# Usage: benchmarks/sweep-bench.sh [MASTER] [CASES]   (default local[2] abc; run on an otherwise idle machine)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MASTER="${1:-local[2]}"
CASES="${2:-abc}"
OUT="$ROOT/benchmarks/results"; mkdir -p "$OUT"
CP_FILE="$ROOT/jobs/target/test-classpath.txt"
# test classes + every dependency including Spark (provided) and the sibling modules' classes from this reactor
mvn -B -q -o -pl jobs -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
read -r -a FLAGS < "$ROOT/conf/jvm-module-flags"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
RESULT="$(SPARK_LOCAL_IP=127.0.0.1 OPENBLAS_NUM_THREADS=1 java "${FLAGS[@]}" -Xmx4g \
  -cp "$ROOT/jobs/target/test-classes:$ROOT/jobs/target/classes:$(cat "$CP_FILE")" \
  org.resweep.jobs.SweepBenchMain "$MASTER" "$CASES" 2>/dev/null)"
FILE="$OUT/sweep-bench-$(date +%Y-%m-%d)-$(hostname)-$CASES.md"
{
  echo "# Sweep engine benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "- command: \`benchmarks/sweep-bench.sh $MASTER $CASES\` (code $(git rev-parse --short HEAD))"
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- JVM: $(java -version 2>&1 | head -1)"
  echo
  echo '```'
  echo "$RESULT"
  echo '```'
} > "$FILE"
cat "$FILE"
