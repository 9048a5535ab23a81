"""Expected curvature statistics for SpectrumCurvatureFixtureTest, computed with NumPy.

Regenerate (from the repository root; any python3 with NumPy >= 1.22):

    python3 worker-core/src/test/resources/curvature/curvature_stats.py

It (1) writes the synthetic spectra syn-*.npy of this folder from a fixed seed, and (2) for every *.npy spectrum
in this folder, synthetic or exported by resweep, writes one line of expected.tsv:
file, r, then the statistics as float.hex() / integers. The real-*.npy spectra were exported with

    ./resweep inspect --depth 4 --shortcut 2 --init small --epochs 1000 --lr 0.2 --export-spectrum real-l4-s2-small-converged.npy
    ./resweep inspect --depth 4 --shortcut 2 --init zero --export-spectrum real-l4-s2-zero.npy
    ./resweep inspect --depth 6 --shortcut 1 --init xavier --export-spectrum real-l6-s1-xavier.npy

Definitions (docs/results-schema.md, "Hessian statistics"); every one is reproduced bit for bit:
sums run sequentially in ascending order of lambda (np.cumsum), fractions are count / n, and the r largest |lambda|
are taken by a stable sort of the ascending spectrum by descending |lambda|.
"""
import os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def synthetic():
    rng = np.random.default_rng(20261130)
    cases = {}
    for n in (1, 2, 7, 100, 1000):
        lam = rng.standard_normal(n) * np.exp(3 * rng.standard_normal(n))
        cases[f"syn-random-{n:04d}"] = np.sort(lam)
    # exact +-sigma ties straddling the r-th position, zeros and a negative zero
    cases["syn-ties"] = np.array([-3.0, -3.0, -2.0, -0.0, 0.0, 0.0, 1e-9, 2.0, 3.0, 3.0])
    cases["syn-zero"] = np.zeros(6)
    cases["syn-all-negative"] = np.sort(-np.abs(rng.standard_normal(50)))
    # a near-null tail split in sign under a few large eigenvalues (the linear-network shape)
    tail = rng.standard_normal(300) * 1e-8
    big = np.abs(rng.standard_normal(20)) * 10
    big[:3] *= -1
    cases["syn-null-tail"] = np.sort(np.concatenate([tail, big]))
    for name, lam in cases.items():
        np.save(os.path.join(HERE, name + ".npy"), lam)


R = {"syn-random-0001": 1, "syn-random-0002": 1, "syn-random-0007": 3, "syn-random-0100": 10,
     "syn-random-1000": 100, "syn-ties": 3, "syn-zero": 2, "syn-all-negative": 7, "syn-null-tail": 20}


def stats(lam, r):
    n = lam.size
    a = np.abs(lam)
    mx = a.max()
    abs_sum = np.cumsum(a)[-1]
    neg = a[lam < 0]
    neg_sum = np.cumsum(neg)[-1] if neg.size else 0.0
    r = min(r, n)
    order = np.argsort(-a, kind="stable")[:r]
    rth = np.sort(a)[n - r]
    return {
        "index_raw": np.count_nonzero(lam < 0) / n,
        "index_1e6": np.count_nonzero(lam < -(1e-6 * mx)) / n,
        "index_1e3": np.count_nonzero(lam < -(1e-3 * mx)) / n,
        "neg_mass": float(neg_sum / abs_sum) if abs_sum != 0 else 0.0,
        "top_r": r,
        "index_top": np.count_nonzero(lam[order] < 0) / r,
        "cond_top": float(mx / rth) if rth != 0 else float("inf"),
        "n_flat": int(np.count_nonzero(a <= 1e-6 * mx)),
    }


def main():
    synthetic()
    lines = ["file\tr\tindex_raw\tindex_1e6\tindex_1e3\tneg_mass\ttop_r\tindex_top\tcond_top\tn_flat"]
    for f in sorted(os.listdir(HERE)):
        if not f.endswith(".npy"):
            continue
        lam = np.load(os.path.join(HERE, f))
        assert lam.ndim == 1 and np.all(np.diff(lam) >= 0), f
        r = R.get(f[:-4], 100)  # real spectra: d^2 = 100
        s = stats(lam, r)
        cols = [f, str(r)]
        for k in ("index_raw", "index_1e6", "index_1e3", "neg_mass", "top_r", "index_top", "cond_top", "n_flat"):
            v = s[k]
            cols.append(str(v) if isinstance(v, int) else float(v).hex())
        lines.append("\t".join(cols))
    with open(os.path.join(HERE, "expected.tsv"), "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
