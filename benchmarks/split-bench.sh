#!/usr/bin/env bash
# Two-stage split benchmark: one Hessian-dominated run (linear 2-shortcut net, depth DEPTH, a Hessian at every epoch)
# through the Spark sweep engine on local[2] (or MASTER), as one task and split into a training task and checkpoint
# tasks (`resweep run --split never` / `--split auto`); prints the wall times and their ratio and checks that both
# stored the same rows. Writes benchmarks/results/split-bench-<date>-<host>.md. See benchmarks/README.md.
# Usage: benchmarks/split-bench.sh [MASTER] [DEPTH] [EPOCHS] [REPS]   (default local[2] 20 100 2; an idle machine)
# MASTER: local[N]; standalone:N = a real standalone cluster on 127.0.0.1 started for the benchmark (a master and N
# workers of 1 core each, one executor per worker); or spark://HOST:PORT of a cluster on this machine. Scaling with
# executors: run it with standalone:1 and standalone:2 and compare the split walls. The output begins with how to read it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MASTER="${1:-local[2]}"; DEPTH="${2:-20}"; EPOCHS="${3:-100}"; REPS="${4:-2}"
OUT="$ROOT/benchmarks/results"; mkdir -p "$OUT"
source "$ROOT/benchmarks/lib.sh"
bench_classpath jobs
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
RESULT="$(bench_java 4g org.resweep.jobs.SplitBenchMain "$MASTER" "$DEPTH" "$EPOCHS" "$REPS")"
bench_report "$OUT/split-bench-$(date +%Y-%m-%d)-$(hostname).md" "Split-run benchmark" \
  "benchmarks/split-bench.sh $MASTER $DEPTH $EPOCHS $REPS" "$RESULT"
