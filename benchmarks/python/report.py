#!/usr/bin/env python3
"""Turns JMH JSON results and the PyTorch/NumPy baseline JSON into the Markdown table of benchmarks/results/.

Usage: report.py JMH_CORE.json JMH_EIG.json TORCH.json NUMPY_EIG.json > results.md
Ratios are baseline time / resweep time (higher = resweep faster), measured in the same session.
"""
import json
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone


def jmh_seconds(path):
    out = {}
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 2)[-2]
        params = r.get("params", {})
        key = (name,) + tuple(sorted(params.items()))
        out[key] = r["primaryMetric"]["score"] / 1000.0  # ms -> s
        jvm = r.get("vmName", "") + " " + r.get("vmVersion", "") + " (" + r.get("jdkVersion", "") + ")"
        out["_jvm"] = jvm
    return out


def cpu():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main():
    core, eig, torch_json, npeig = sys.argv[1:5]
    j = jmh_seconds(core)
    j.update(jmh_seconds(eig))
    t = json.load(open(torch_json))
    n = json.load(open(npeig))
    tr = t["results"]
    rows = []

    def row(work, jkey, base, target, base_note, flops=None):
        js = j.get(jkey)
        if js is None and base is None:
            return  # not measured in this run (e.g. run.sh --kernels)
        if js is not None and flops:
            work += f" — {flops / js / 1e9:.1f} GFLOP/s"
        bs = base
        ratio = (bs / js) if (js and bs) else None
        ok = "" if ratio is None else ("meets" if ratio >= target else "MISSES")
        rows.append(f"| {work} | {js:.3f} s | {bs:.3f} s {base_note} | {ratio:.1f}× | ≥ {target}× ({ok}) |"
                    if js is not None and bs is not None else f"| {work} | {js} | {bs} | – | ≥ {target}× |")

    for depth in (10, 100):
        b = tr.get(f"gd1000_linear_n2_depth{depth}")
        row(f"1000 GD epochs, linear 2-shortcut, depth {depth} (moment path)",
            ("BenchmarkTraining", ("depth", str(depth)), ("path", "moment")), b, 100, "torch")
        row(f"1000 GD epochs, linear 2-shortcut, depth {depth} (data path)",
            ("BenchmarkTraining", ("depth", str(depth)), ("path", "data-linear")), b, 1, "torch")
        flops = 6.0 * depth * t["d"] ** 2 * t["n"] * 1000  # forward W·h, backward Wᵀδ and δ·hᵀ: 2 flops per multiply-add
        row(f"1000 GD epochs, ReLU-mid 2-shortcut, depth {depth} (data path)",
            ("BenchmarkTraining", ("depth", str(depth)), ("path", "data-relu")), tr.get(f"gd1000_relu_mid_n2_depth{depth}"), 4, "torch",
            flops)
        if f"gd1000_tanh_mid_n2_depth{depth}" in tr:
            row(f"1000 GD epochs, tanh-mid 2-shortcut, depth {depth} (data path)",
                ("BenchmarkTraining", ("depth", str(depth)), ("path", "data-tanh")), tr.get(f"gd1000_tanh_mid_n2_depth{depth}"), 4,
                "torch", flops)
    for depth in (10, 20):
        row(f"exact Hessian, linear, depth {depth} (P = {depth * 100}, moment)",
            ("BenchmarkHessian", ("depth", str(depth)), ("path", "moment")), tr.get(f"hessian_linear_n2_depth{depth}"), 50, "torch.autograd.functional.hessian")
        row(f"exact Hessian, linear, depth {depth} (P = {depth * 100}, data path)",
            ("BenchmarkHessian", ("depth", str(depth)), ("path", "data-linear")), tr.get(f"hessian_linear_n2_depth{depth}"), 5, "torch.autograd.functional.hessian")
        row(f"exact Hessian, ReLU-mid, depth {depth} (P = {depth * 100})",
            ("BenchmarkHessian", ("depth", str(depth)), ("path", "data-relu")), tr.get(f"hessian_relu_mid_n2_depth{depth}"), 40, "torch.autograd.functional.hessian")
    for backend, what in (("lapack", "LAPACK dsyevd via netlib JNI"), ("lapack-2stage", "LAPACK dsyevd_2stage via JNA")):
        ek = ("BenchmarkEigen", ("backend", backend), ("n", "4000"))
        if ek in j:
            rows.append(f"| all eigenvalues, symmetric n = 4000 ({what}) | {j[ek]:.3f} s | "
                        f"{n['eigvalsh_4000']:.3f} s numpy.linalg.eigvalsh | {n['eigvalsh_4000'] / j[ek]:.2f}× | "
                        f"≥ 1/1.2 = 0.83× ({'meets' if n['eigvalsh_4000'] / j[ek] >= 1 / 1.2 else 'MISSES'}) |")
    print(f"# resweep benchmarks — {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}\n")
    print(f"- CPU: {cpu()}, {os.cpu_count()} cores; OS: {platform.platform()}")
    print(f"- Load average at report time (1/5/15 min): {' / '.join(f'{v:.2f}' for v in os.getloadavg())}"
          f"{' — ' + os.environ['BENCH_LOAD_START'] + ' at the start' if os.environ.get('BENCH_LOAD_START') else ''}"
          " (the machine is shared: compare both sides of the same run only)")
    print(f"- JVM: {j.get('_jvm', '?')}")
    print(f"- Baseline: PyTorch {t['torch']} (float64, {t['threads']} thread, OPENBLAS_NUM_THREADS=1), NumPy {t['numpy']}")
    print(f"- Data: embedded MNIST, N = {t['n']}, d = {t['d']} (whitened; the same X.npy/Y.npy on both sides)")
    print("- Times: JMH single-shot medians/means (resweep), medians of repeats (baseline); same session, same machine.\n")
    print("| work | resweep | baseline | ratio (baseline / resweep) | target |")
    print("| --- | --- | --- | --- | --- |")
    for r in rows:
        print(r)


if __name__ == "__main__":
    main()
