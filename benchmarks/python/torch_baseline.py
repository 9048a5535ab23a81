#!/usr/bin/env python3
"""PyTorch baselines for resweep's benchmarks: the same work a user would otherwise run, timed on this machine.

Usage: torch_baseline.py DATA_DIR [--threads 1] [--quick] [--only NAME,NAME...] > torch.json
DATA_DIR holds X.npy and Y.npy (N x d float64) written by `./resweep inspect --export-data DATA_DIR`
(the embedded MNIST, whitened), so both sides train on identical numbers.

Networks are built exactly as resweep's (docs/model.md §1): blocks of n layers, h -> h + post(W_n mid(... W_1 pre(h)));
W[l] maps layer input to output; loss (1/2N) sum ||f(x) - y||^2. float64, CPU, full batch.
Prints one JSON object: {"torch": version, "threads": t, "results": {name: seconds}}; each timing is the
median of `repeats` runs.
"""
import json
import statistics
import sys
import time

import numpy as np
import torch


def forward(ws, x, n, act_mid):
    """x: (N, d) rows are samples; ws: list of (d, d) tensors, W maps input to output => h @ W.T."""
    h = x
    for k in range(0, len(ws), n):
        z = h
        for m in range(n):
            if m > 0 and act_mid is not None:
                z = act_mid(z)
            z = z @ ws[k + m].T
        h = h + z
    return h


def loss_fn(ws, x, y, n, act_mid):
    r = forward(ws, x, n, act_mid) - y
    return 0.5 * (r * r).sum() / x.shape[0]


def init(depth, d, scale, seed):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(d, d, generator=g, dtype=torch.float64) * (scale / d ** 0.5) for _ in range(depth)]


def time_gd(x, y, depth, n, act_mid, epochs, lr=0.01):
    ws = [w.requires_grad_() for w in init(depth, x.shape[1], 0.01, 0)]
    t0 = time.perf_counter()
    for _ in range(epochs):
        loss = loss_fn(ws, x, y, n, act_mid)
        grads = torch.autograd.grad(loss, ws)
        with torch.no_grad():
            for w, g in zip(ws, grads):
                w -= lr * g
    return time.perf_counter() - t0


def time_hessian(x, y, depth, n, act_mid):
    d = x.shape[1]
    w0 = torch.cat([w.reshape(-1) for w in init(depth, d, 0.5, 1)])

    def f(flat):
        ws = [flat[l * d * d:(l + 1) * d * d].reshape(d, d) for l in range(depth)]
        return loss_fn(ws, x, y, n, act_mid)

    t0 = time.perf_counter()
    h = torch.autograd.functional.hessian(f, w0)
    assert h.shape == (depth * d * d, depth * d * d)
    return time.perf_counter() - t0


def time_eigvalsh(n):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n))
    a = (a + a.T) / 2
    t0 = time.perf_counter()
    np.linalg.eigvalsh(a)
    return time.perf_counter() - t0


def median(fn, repeats):
    return statistics.median(fn() for _ in range(repeats))


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    data_dir = args[0]
    threads = int(args[args.index("--threads") + 1]) if "--threads" in args else 1
    quick = "--quick" in args
    torch.set_num_threads(threads)
    x = torch.from_numpy(np.load(f"{data_dir}/X.npy"))
    y = torch.from_numpy(np.load(f"{data_dir}/Y.npy"))
    only = set(args[args.index("--only") + 1].split(",")) if "--only" in args else None
    relu, tanh = torch.relu, torch.tanh
    r = 1 if quick else 3
    work = [  # (name, repeats, run in --quick, timing)
        ("gd1000_linear_n2_depth10", r, True, lambda: time_gd(x, y, 10, 2, None, 1000)),
        ("gd1000_relu_mid_n2_depth10", r, True, lambda: time_gd(x, y, 10, 2, relu, 1000)),
        ("gd1000_tanh_mid_n2_depth10", r, True, lambda: time_gd(x, y, 10, 2, tanh, 1000)),
        ("gd1000_linear_n2_depth100", 1, False, lambda: time_gd(x, y, 100, 2, None, 1000)),
        ("gd1000_relu_mid_n2_depth100", 1, False, lambda: time_gd(x, y, 100, 2, relu, 1000)),
        ("hessian_linear_n2_depth10", r, True, lambda: time_hessian(x, y, 10, 2, None)),
        ("hessian_relu_mid_n2_depth10", r, True, lambda: time_hessian(x, y, 10, 2, relu)),
        ("hessian_linear_n2_depth20", 1, False, lambda: time_hessian(x, y, 20, 2, None)),
        ("hessian_relu_mid_n2_depth20", 1, False, lambda: time_hessian(x, y, 20, 2, relu)),
    ]
    res = {}
    for name, repeats, in_quick, fn in work:
        if (only is None and (in_quick or not quick)) or (only is not None and name in only):
            res[name] = median(fn, repeats)
    print(json.dumps({"torch": torch.__version__, "numpy": np.__version__, "threads": threads,
                      "n": int(x.shape[0]), "d": int(x.shape[1]), "results": res}, indent=1))


if __name__ == "__main__":
    main()
