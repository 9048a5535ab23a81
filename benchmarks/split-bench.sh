#!/usr/bin/env bash
# Two-stage split benchmark: one Hessian-dominated run (linear 2-shortcut net, depth DEPTH, a Hessian at every epoch)
# through the Spark sweep engine on local[2] (or MASTER), as one task and split into a training task and checkpoint
# tasks (`resweep run --split never` / `--split auto`); prints the wall times and their ratio and checks that both
# stored the same rows. Writes benchmarks/results/split-bench-<date>-<host>.md. See benchmarks/README.md.
# Usage: benchmarks/split-bench.sh [MASTER] [DEPTH] [EPOCHS] [REPS]   (default local[2] 20 100 2; an idle machine)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MASTER="${1:-local[2]}"; DEPTH="${2:-20}"; EPOCHS="${3:-100}"; REPS="${4:-2}"
OUT="$ROOT/benchmarks/results"; mkdir -p "$OUT"
CP_FILE="$ROOT/jobs/target/test-classpath.txt"
mvn -B -q -o -pl jobs -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
read -r -a FLAGS < "$ROOT/conf/jvm-module-flags"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
RESULT="$(SPARK_LOCAL_IP=127.0.0.1 OPENBLAS_NUM_THREADS=1 java "${FLAGS[@]}" -Xmx4g \
  -cp "$ROOT/jobs/target/test-classes:$ROOT/jobs/target/classes:$(cat "$CP_FILE")" \
  org.resweep.jobs.SplitBenchMain "$MASTER" "$DEPTH" "$EPOCHS" "$REPS" 2>/dev/null)"
FILE="$OUT/split-bench-$(date +%Y-%m-%d)-$(hostname).md"
{
  echo "# Split-run benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "- command: \`benchmarks/split-bench.sh $MASTER $DEPTH $EPOCHS $REPS\` (code $(git rev-parse --short HEAD))"
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- JVM: $(java -version 2>&1 | head -1); OPENBLAS_NUM_THREADS=1 (one BLAS thread per task, as resweep runs executors)"
  echo
  echo '```'
  echo "$RESULT"
  echo '```'
} > "$FILE"
cat "$FILE"
