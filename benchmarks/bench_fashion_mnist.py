"""Benchmark d2lite's Fashion-MNIST loader against the book's torchvision pipeline.

Usage (the data root must hold FashionMNIST/raw/):

    D2LITE_DATA=/path/to/data .venv/bin/python benchmarks/bench_fashion_mnist.py

In one run it measures, for d2lite and for the reference (torchvision
FashionMNIST + transforms.ToTensor() + DataLoader(num_workers=4), batch 256):

- one pass over the 60,000 training images (passes of the two alternate, so
  both see the same machine load; medians are compared);
- the time from files on disk to the first training batch, each in a fresh
  Python process (imports done first and timed apart; the OS file cache is
  warm, as it is after the first run);
- the memory the d2lite loader adds to its process for train and test at
  28x28: resident set size (VmRSS) and its peak (VmHWM, reset just before
  loading) read from /proc/self/status, before and after.

Targets: a pass at least 20x faster than the reference, first batch in under
0.5 s, at most about 70 MB added.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings

BATCH_SIZE = 256
REFERENCE_WORKERS = 4


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not found in /proc/self/status (Linux only)")


def _reset_peak_rss() -> bool:
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0).
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _reference_loaders(root: str, shuffle_train: bool = True):
    from torch.utils.data import DataLoader
    from torchvision import datasets, transforms

    trans = transforms.ToTensor()
    train = datasets.FashionMNIST(root, train=True, transform=trans, download=False)
    test = datasets.FashionMNIST(root, train=False, transform=trans, download=False)
    return (
        DataLoader(train, BATCH_SIZE, shuffle=shuffle_train, num_workers=REFERENCE_WORKERS),
        DataLoader(test, BATCH_SIZE, shuffle=False, num_workers=REFERENCE_WORKERS),
    )


def child(kind: str, root: str) -> dict[str, float]:
    """Measure, in this fresh process, the time (and for d2lite the memory) to a first batch."""
    start = time.perf_counter()
    import torch  # noqa: F401 -- both pipelines need it; timed as part of the imports

    if kind == "d2lite":
        import d2lite as d2l
    else:
        import torch.utils.data  # noqa: F401
        import torchvision.datasets  # noqa: F401
        import torchvision.transforms  # noqa: F401
    import_s = time.perf_counter() - start

    rss_before = _status_kb("VmRSS")
    peak_reset = _reset_peak_rss()
    start = time.perf_counter()
    if kind == "d2lite":
        train_iter, test_iter = d2l.load_data_fashion_mnist(BATCH_SIZE, root=root, download=False)
    else:
        train_iter, test_iter = _reference_loaders(root)
    X, y = next(iter(train_iter))
    first_s = time.perf_counter() - start
    assert X.shape == (BATCH_SIZE, 1, 28, 28) and y.shape == (BATCH_SIZE,)
    return {
        "import_s": import_s,
        "first_s": first_s,
        "rss_added_mb": (_status_kb("VmRSS") - rss_before) / 1024,
        "peak_added_mb": (_status_kb("VmHWM") - rss_before) / 1024 if peak_reset else float("nan"),
    }


def _run_child(kind: str, root: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--root", root],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _time_pass(loader) -> float:
    start = time.perf_counter()
    for _X, _y in loader:
        pass
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="reference passes (default 3)")
    parser.add_argument("--fresh", type=int, default=3, help="fresh processes per pipeline")
    parser.add_argument("--child", choices=["d2lite", "reference"], help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    args = parser.parse_args()
    # The reference asks for 4 workers, as the book does, on any machine; torch warns about that
    # when there are fewer CPUs. The numbers below say what it costs, so the warning is dropped.
    warnings.filterwarnings("ignore", message="This DataLoader will create")
    if args.child:
        print(json.dumps(child(args.child, args.root)))
        return 0

    import torch
    import torchvision

    import d2lite as d2l

    root = str(d2l.data_root())
    missing = [f.name for f in d2l.fashion_mnist_files(root) if not f.exists]
    if missing:
        print(f"Fashion-MNIST is missing from {root}: {missing}; set D2LITE_DATA", file=sys.stderr)
        return 1

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"Fashion-MNIST loader benchmark: data root {root}; torch {torch.__version__}, "
        f"torchvision {torchvision.__version__}, {cpus} CPUs, torch threads "
        f"{torch.get_num_threads()}, load average before {os.getloadavg()[0]:.2f}"
    )

    # One pass over the training set, the two pipelines alternating round by round.
    torch.manual_seed(0)
    train_iter, _ = d2l.load_data_fashion_mnist(BATCH_SIZE, root=root, download=False)
    reference_train, _ = _reference_loaders(root)
    _time_pass(train_iter)  # warm-up: first-touch costs belong to the first-batch timing
    ours, theirs = [], []
    for _ in range(args.rounds):
        theirs.append(_time_pass(reference_train))
        ours.extend(_time_pass(train_iter) for _ in range(5))
    ours_s, theirs_s = statistics.median(ours), statistics.median(theirs)
    pass_ratio = theirs_s / ours_s
    print(f"\none pass over the training set (60000 images, batch {BATCH_SIZE}):")
    print(
        f"  reference (FashionMNIST + ToTensor + DataLoader(num_workers={REFERENCE_WORKERS})): "
        f"median {theirs_s:.3f} s of {len(theirs)} passes "
        f"({', '.join(f'{t:.3f}' for t in theirs)})"
    )
    print(
        f"  d2lite: median {ours_s:.4f} s of {len(ours)} passes "
        f"(min {min(ours):.4f}, max {max(ours):.4f})"
    )
    print(f"  ratio: d2lite is {pass_ratio:.1f}x faster (target >= 20x)")

    # Files on disk to first batch, each in fresh processes.
    fresh: dict[str, list[dict[str, float]]] = {"reference": [], "d2lite": []}
    for _ in range(args.fresh):  # alternating, as for the passes
        for kind in fresh:
            fresh[kind].append(_run_child(kind, root))
    first = {k: statistics.median(r["first_s"] for r in runs) for k, runs in fresh.items()}
    imports = {k: statistics.median(r["import_s"] for r in runs) for k, runs in fresh.items()}
    print(f"\nfiles on disk to first training batch (fresh process, median of {args.fresh}):")
    print(
        f"  reference: {first['reference']:.3f} s   "
        f"(imports before it: {imports['reference']:.2f} s)"
    )
    print(f"  d2lite:    {first['d2lite']:.3f} s   (imports before it: {imports['d2lite']:.2f} s)")
    print(
        f"  ratio: d2lite is {first['reference'] / first['d2lite']:.1f}x faster "
        f"(target: d2lite < 0.5 s)"
    )

    rss = statistics.median(r["rss_added_mb"] for r in fresh["d2lite"])
    peak = statistics.median(r["peak_added_mb"] for r in fresh["d2lite"])
    print("\nmemory added by the d2lite loader (train + test, 28x28, median of fresh processes):")
    print(f"  resident set size: +{rss:.1f} MB, peak: +{peak:.1f} MB (target <= ~70 MB)")
    print(
        f"  (the raw uint8 images alone are {(60000 + 10000) * 784 / 2**20:.1f} MB; "
        f"labels as int64 {(60000 + 10000) * 8 / 2**20:.1f} MB)"
    )

    ok = pass_ratio >= 20 and first["d2lite"] < 0.5 and peak <= 70
    print(
        f"\ntargets {'met' if ok else 'NOT met'}; load average after "
        f"{os.getloadavg()[0]:.2f} (other work on the machine slows both pipelines)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
