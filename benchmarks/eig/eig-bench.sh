#!/usr/bin/env bash
# Eigenvalues only of real Hessians: LAPACK dsyevd (one-stage tridiagonalisation) against dsyevd_2stage and
# dsyevr_2stage (two-stage), from the liblapack.so.3 resweep loads, one BLAS thread (as executors run), by
# benchmarks/eig/eig_bench.c: thread CPU and wall time per call, agreement with dsyevd (max |Δλ| / max |λ|), same bits
# on repeated calls, and two concurrent calls on 2 threads (the split-run case: speedup = 2·t(one) / wall(two)).
# The matrices are fig4's: the Hessian at Xavier init of a linear plain net, width 10, depth L (P = 100·L), written by
# `resweep inspect --export-hessian`. Needs gcc and libopenblas0 (scripts/setup). Writes
# benchmarks/results/eig-bench-<date>-<host>.md. Run on an idle machine.
# Usage: benchmarks/eig/eig-bench.sh [REPS] [DEPTHS]   (default 3 "10 20 40 64": P = 1000, 2000, 4000, 6400)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
REPS="${1:-3}"; DEPTHS="${2:-10 20 40 64}"
OUT="$ROOT/benchmarks/results"; mkdir -p "$OUT"
WORK="$(mktemp -d /tmp/resweep-eig-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
LAPACK_SO="$( (/sbin/ldconfig -p 2>/dev/null || true) | awk '/liblapack\.so\.3 / {print $NF; exit}')"
gcc -O2 -o "$WORK/eig_bench" benchmarks/eig/eig_bench.c "${LAPACK_SO:-/usr/lib/x86_64-linux-gnu/liblapack.so.3}" -lpthread -lm
source "$ROOT/benchmarks/lib.sh"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
RESULT="liblapack.so.3 -> $(readlink -f "${LAPACK_SO:-/usr/lib/x86_64-linux-gnu/liblapack.so.3}")"$'\n'
for L in $DEPTHS; do
  ./resweep inspect --depth "$L" --shortcut 0 --init xavier --export-hessian "$WORK/h-$L.npy" >/dev/null
  RESULT+="$(OPENBLAS_NUM_THREADS=1 "$WORK/eig_bench" "$WORK/h-$L.npy" "$REPS" | sed "s|$WORK/||")"$'\n'
  rm -f "$WORK/h-$L.npy"
done
bench_report "$OUT/eig-bench-$(date +%Y-%m-%d)-$(hostname).md" "Eigenvalues only: dsyevd vs two-stage" \
  "benchmarks/eig/eig-bench.sh $REPS \"$DEPTHS\"" "$RESULT"
