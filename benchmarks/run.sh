#!/usr/bin/env bash
# Runs resweep's JMH benchmarks and the PyTorch/NumPy baseline in the same session on this machine and writes
# benchmarks/results/<date>-<host>.md with the JVM/CPU header, both sets of timings and the ratios.
# Usage: benchmarks/run.sh [--quick | --kernels]   (--kernels: the nonlinear data-path subset; needs: scripts/setup --bench, i.e. python3-torch + numpy + libopenblas0)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
QUICK="${1:-}"
OUT="$ROOT/benchmarks/results"; mkdir -p "$OUT"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
scripts/setup --bench
export BENCH_LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')"
mvn -B -q -DskipTests package
./resweep inspect --depth 2 --shortcut 2 --init zero --no-hessian --export-data "$WORK/data" >/dev/null

if [[ "$QUICK" == "--kernels" ]]; then
  # The nonlinear data-path subset only (for a loaded machine): ReLU / tanh GD at depth 10 and the exact ReLU Hessian at
  # P = 1000 and 2000, JMH -f 1 -wi 2 -i 3, and the same work in PyTorch right after, in the same session.
  K=(-f 1 -wi 2 -i 3 -jvmArgsAppend "--add-modules=jdk.incubator.vector")
  java -jar benchmarks/target/resweep-benchmarks.jar BenchmarkTraining -p depth=10 -p path=data-relu,data-tanh "${K[@]}" \
    -rf json -rff "$WORK/jmh-train.json"
  java -jar benchmarks/target/resweep-benchmarks.jar BenchmarkHessian -p path=data-relu "${K[@]}" -rf json -rff "$WORK/jmh-hess.json"
  /usr/bin/python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1])) + json.load(open(sys.argv[2]))))' \
    "$WORK/jmh-train.json" "$WORK/jmh-hess.json" > "$WORK/jmh-core.json"
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/python/torch_baseline.py "$WORK/data" --threads 1 \
    --only gd1000_relu_mid_n2_depth10,gd1000_tanh_mid_n2_depth10,hessian_relu_mid_n2_depth10,hessian_relu_mid_n2_depth20 > "$WORK/torch.json"
  echo '[]' > "$WORK/jmh-eig.json"; echo '{}' > "$WORK/numpy-eig.json"
  /usr/bin/python3 benchmarks/python/report.py "$WORK/jmh-core.json" "$WORK/jmh-eig.json" "$WORK/torch.json" "$WORK/numpy-eig.json" \
    > "$OUT/$(date +%Y-%m-%d)-$(hostname)-kernels.md"
  cat "$OUT/$(date +%Y-%m-%d)-$(hostname)-kernels.md"
  exit 0
fi

# JMH: single-shot times (ms). The Vector API module makes the data-path kernels use SIMD (as under Spark).
JMH_FLAGS=(-jvmArgsAppend "--add-modules=jdk.incubator.vector" -rf json -rff "$WORK/jmh.json")
if [[ "$QUICK" == "--quick" ]]; then JMH_FLAGS+=(-wi 1 -i 1 -p depth=10); fi
OPENBLAS_NUM_THREADS=1 java -jar benchmarks/target/resweep-benchmarks.jar "BenchmarkTraining|BenchmarkHessian" "${JMH_FLAGS[@]}"
cp "$WORK/jmh.json" "$WORK/jmh-core.json"
# Eigenvalues: OpenBLAS with its default threads on both sides (numpy's default too).
java -jar benchmarks/target/resweep-benchmarks.jar BenchmarkEigen -jvmArgsAppend "--add-modules=jdk.incubator.vector" \
  -rf json -rff "$WORK/jmh-eig.json" ${QUICK:+-i 1}

# Baseline: Debian's torch lives in /usr/bin/python3.
OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/python/torch_baseline.py "$WORK/data" --threads 1 ${QUICK} > "$WORK/torch.json"
# numpy eigvalsh with the default OpenBLAS threads, as the Java LAPACK run above
/usr/bin/python3 - "$WORK/data" > "$WORK/numpy-eig.json" <<'PY'
import json, statistics, time, numpy as np
rng = np.random.default_rng(0); a = rng.standard_normal((4000, 4000)); a = (a + a.T) / 2
ts = []
for _ in range(3):
    t0 = time.perf_counter(); np.linalg.eigvalsh(a); ts.append(time.perf_counter() - t0)
print(json.dumps({"eigvalsh_4000": statistics.median(ts)}))
PY
/usr/bin/python3 benchmarks/python/report.py "$WORK/jmh-core.json" "$WORK/jmh-eig.json" "$WORK/torch.json" "$WORK/numpy-eig.json" > "$OUT/$(date +%Y-%m-%d)-$(hostname).md"
cat "$OUT/$(date +%Y-%m-%d)-$(hostname).md"
