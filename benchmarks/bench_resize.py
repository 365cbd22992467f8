"""Benchmark: Fashion-MNIST at resize=224 (the later chapters' size): first batch and memory.

Each way runs in a fresh process, which reports the seconds from "files on
disk" (imports done) to the first training batch in hand, and its peak
resident memory (getrusage's ru_maxrss, measured, for the process and, for
the DataLoader's workers, its children):

- d2lite: `load_data_fashion_mnist(256, resize=224)`; the resized set would
  not fit the memory budget, so each batch is resized as it is made.
- d2lite, up front: the same with the budget lifted, as d2lite did before:
  every image resized once, 70,000 x 224 x 224 bytes kept.
- reference: the book's loader, torchvision FashionMNIST with Resize(224) and
  ToTensor, DataLoader(batch_size=256, shuffle=True, num_workers=4).

Run: D2LITE_DATA=../shared/data python benchmarks/bench_resize.py [--size 224]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time, warnings
size, way, root = int(sys.argv[1]), sys.argv[2], sys.argv[3]
import torch
if way == "reference":
    import torchvision
    from torch.utils import data
    from torchvision import transforms
    warnings.filterwarnings("ignore")
    start = time.perf_counter()
    trans = transforms.Compose([transforms.Resize(size), transforms.ToTensor()])
    train = torchvision.datasets.FashionMNIST(root=root, train=True, transform=trans)
    loader = data.DataLoader(train, 256, shuffle=True, num_workers=4)
    X, y = next(iter(loader))
else:
    import d2lite as d2l
    from d2lite.data import fashion_mnist
    if way == "up-front":
        fashion_mnist.RESIZE_MEMORY_BUDGET = float("inf")
    start = time.perf_counter()
    train_iter, _ = d2l.load_data_fashion_mnist(256, resize=size, root=root, progress=False)
    X, y = next(iter(train_iter))
seconds = time.perf_counter() - start
mib = lambda who: resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux
print(json.dumps({"seconds": seconds, "rss": mib(resource.RUSAGE_SELF),
                  "children": mib(resource.RUSAGE_CHILDREN), "shape": list(X.shape)}))
"""


def measure(way: str, size: int, root: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(size), way, root],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--root", default=os.environ.get("D2LITE_DATA", "../shared/data"))
    args = parser.parse_args()
    print(f"resize={args.size}, batch 256, first training batch, {os.cpu_count()} CPUs")
    results = {
        way: measure(way, args.size, args.root) for way in ("d2lite", "up-front", "reference")
    }
    for way, r in results.items():
        workers = f" (+ its workers' peak {r['children']:.0f} MiB)" if way == "reference" else ""
        print(
            f"{way:9}: first batch {r['seconds']:6.2f} s, peak resident memory "
            f"{r['rss']:7.0f} MiB{workers}, batch {tuple(r['shape'])}"
        )
    ours, ref, old = results["d2lite"], results["reference"], results["up-front"]
    print(
        f"first batch: {ref['seconds'] / ours['seconds']:.1f}x faster than the reference, "
        f"{old['seconds'] / ours['seconds']:.0f}x faster than resizing up front (target <= 1 s)"
    )
    print(
        f"memory: {old['rss'] / ours['rss']:.1f}x less than resizing up front (target < 1536 MiB)"
    )


if __name__ == "__main__":
    main()
