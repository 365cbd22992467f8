"""Re-execute notebooks top to bottom in place, so their stored outputs are what nbval compares.

Usage: python tools/execute_notebooks.py [notebooks/NN_name.ipynb ...]   (default: all)
All means the English notebooks and their Chinese twins in notebooks/zh/. Each runs in a fresh
kernel of this Python, with notebooks/ as the working directory.

The kernels run without any language setting in their environment (no LANG, LC_ALL,
LC_MESSAGES, LANGUAGE or D2LITE_LANG): each notebook chooses its own language with
`d2l.set_lang(...)` in its first code cell, so the stored outputs show that a Chinese notebook
speaks Chinese on any machine, whatever the language of the system it runs on.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
# The variables through which a kernel could learn a language other than from the notebook.
LANGUAGE_VARIABLES = ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "D2LITE_LANG")


def kernel_environment() -> dict[str, str]:
    """This process's environment without the language variables, for the kernels."""
    return {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARIABLES}


def execute(path: Path) -> float:
    """Execute one notebook in place and return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute(env=kernel_environment())  # passed on to the kernel manager's start_kernel
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
