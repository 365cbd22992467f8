"""Progress on long work: a bar over the batches and one-line reports that do not break it.

Both training loops, the book's `train_ch3` and the 1.0 `Trainer`, show a tqdm
bar only where a person watches a terminal; logs and notebooks get their
per-epoch lines and plots instead. Where the code runs is told by
`d2lite.display`; `ipython_kernel` and `in_notebook` are also reachable here.
"""

from __future__ import annotations

import sys
from typing import Any

from d2lite.display import in_notebook, ipython_kernel

__all__ = ["in_notebook", "ipython_kernel", "progress_bar", "write_line"]


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
