"""Re-execute notebooks top to bottom in place, so their stored outputs are what nbval compares.

Usage: python tools/execute_notebooks.py [notebooks/NN_name.ipynb ...]   (default: all)
All means the English notebooks and their Chinese twins in notebooks/zh/. Each runs in a fresh
kernel of this Python, with notebooks/ as the working directory.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def execute(path: Path) -> float:
    """Execute one notebook in place and return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    ).execute()
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    paths = [Path(p).resolve() for p in argv] or [
        *sorted(NOTEBOOKS.glob("*.ipynb")),
        *sorted((NOTEBOOKS / "zh").glob("*.ipynb")),
    ]
    for path in paths:
        print(f"{path.relative_to(NOTEBOOKS)}: {execute(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
