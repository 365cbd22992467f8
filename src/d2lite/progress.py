"""Progress on long work: where it runs (Jupyter or a terminal) and a bar over the batches.

Both training loops, the book's `train_ch3` and the 1.0 `Trainer`, show a tqdm
bar only where a person watches a terminal; logs and notebooks get their
per-epoch lines and plots instead.
"""

from __future__ import annotations

import sys
from typing import Any


def ipython_kernel() -> Any:
    """Return the running IPython shell if it is a Jupyter kernel, else None."""
    # A kernel always has IPython imported; checking first keeps scripts from importing it.
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None  # plain terminal IPython has no kernel and no rich display
    return shell


def in_notebook() -> bool:
    """Return True when running inside a Jupyter (IPython kernel) session."""
    return ipython_kernel() is not None


def progress_bar(progress: bool | None, total: int | None) -> Any:
    """Return a tqdm bar over `total` batches, or None when progress is off.

    progress None shows it only when stderr is a terminal outside Jupyter.
    """
    if progress is None:
        progress = sys.stderr.isatty() and not in_notebook()
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="batch", leave=False, dynamic_ncols=True)


def write_line(text: str) -> None:
    """Print one line of progress without breaking a running tqdm bar."""
    from tqdm import tqdm

    tqdm.write(text)
