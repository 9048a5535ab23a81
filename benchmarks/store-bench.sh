#!/usr/bin/env bash
# Store benchmark: commit throughput of the sweep engine into a MiniDFSCluster (or a local directory) and the
# driver's heap, with cheap synthetic runs (FakeRuns) so that only the engine and the store are measured.
# Usage: benchmarks/store-bench.sh [hdfs|local] [RUNS] [EPOCHS] [MIN_TASK_COST] [HEAP]
#   e.g. benchmarks/store-bench.sh hdfs 20000 1000 0.05 2g     (the 20,000-run driver-heap measurement)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODE="${1:-hdfs}"; RUNS="${2:-2000}"; EPOCHS="${3:-1000}"; PACK="${4:-0}"; HEAP="${5:-2g}"
source "$ROOT/benchmarks/lib.sh"
bench_classpath driver
bench_java "$HEAP" org.resweep.driver.testing.StoreBenchMain "$MODE" "$RUNS" "$EPOCHS" "$PACK"
