"""Progress on long work: a bar over the batches and one-line reports that do not break it.

Both training loops, the book's `train_ch3` and the 1.0 `Trainer`, show a tqdm
bar only where a person watches a terminal; logs and notebooks get their
per-epoch lines and plots instead. Where the code runs (Jupyter or a terminal)
is told by `d2lite.display`.

`print_text` prints text that may hold characters the stream cannot encode
(Chinese verdicts on an ASCII or legacy Windows console): those are written as
backslash escapes instead of aborting the work that produced the text.
"""

from __future__ import annotations

import sys
from typing import Any

from d2lite.display import in_notebook

__all__ = ["print_text", "progress_bar", "write_line"]


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


def print_text(text: str, file: Any = None) -> None:
    """Print `text` to `file` (default: sys.stdout), escaping what its encoding cannot hold.

    On a stream that encodes everything (UTF-8) this is exactly `print(text, file=file)`.
    """
    stream = sys.stdout if file is None else file
    try:
        print(text, file=stream)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            escaped = text.encode(encoding, "backslashreplace").decode(encoding)
        except (LookupError, UnicodeError):  # an unknown or odd codec: plain ASCII is safe
            escaped = text.encode("ascii", "backslashreplace").decode("ascii")
        print(escaped, file=stream)
