"""Re-execute notebooks top to bottom in place, so their stored outputs are what nbval compares.

Usage: python tools/execute_notebooks.py [notebooks/NN_name.ipynb ...]   (default: all)
All means the English notebooks and their Chinese twins in notebooks/zh/. Each runs in a fresh
kernel of this Python, with notebooks/ as the working directory.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def execute(path: Path) -> float:
    """Execute one notebook in place and return the seconds it took.

    A Chinese notebook (in notebooks/zh/) runs with D2LITE_LANG=zh, so the stored verdicts of
    the exercise checks are in Chinese, as a learner with a Chinese system sees them.
    """
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    lang = "zh" if path.parent.name == "zh" else "en"
    previous = os.environ.get("D2LITE_LANG")
    os.environ["D2LITE_LANG"] = lang  # the kernel inherits this process's environment
    try:
        NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
        ).execute()
    finally:
        if previous is None:
            del os.environ["D2LITE_LANG"]
        else:
            os.environ["D2LITE_LANG"] = previous
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
