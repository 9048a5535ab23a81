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
source "$ROOT/benchmarks/lib.sh"
bench_classpath jobs
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
RESULT="$(bench_java 4g org.resweep.jobs.SweepBenchMain "$MASTER" "$CASES")"
# a run with BENCH_JAVA_OPTS (e.g. a smoke run with fewer seeds) does not overwrite the day's report
bench_report "$OUT/sweep-bench-$(date +%Y-%m-%d)-$(hostname)-$CASES${BENCH_JAVA_OPTS:+-custom}.md" "Sweep engine benchmark" \
  "${BENCH_JAVA_OPTS:+BENCH_JAVA_OPTS=$BENCH_JAVA_OPTS }benchmarks/sweep-bench.sh $MASTER $CASES" "$RESULT"
