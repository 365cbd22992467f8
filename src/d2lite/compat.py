"""Checks of the installed releases that pip's dependency ranges cannot express.

PyTorch wheels before 2.3 were built against NumPy 1: with NumPy 2 installed,
`import torch` only warns, and the first `Tensor.numpy()` (every plot, every
accuracy) fails far from the cause. d2lite's dependencies ask for numpy<2 where
such a PyTorch is the newest (Intel Macs); anywhere else the combination comes
from an install by hand, and `import d2lite` stops at once with the command
that repairs it.
"""

from __future__ import annotations

import re

import numpy
import torch

from d2lite.messages import text

__all__: list[str] = []  # nothing here is part of the book's namespace


def release(version: str) -> tuple[int, int]:
    """Return (major, minor) of a version string: "2.2.2+cpu" -> (2, 2); (0, 0) if unreadable."""
    match = re.match(r"(\d+)(?:\.(\d+))?", version)
    return (int(match.group(1)), int(match.group(2) or 0)) if match else (0, 0)


def check_numpy_for_torch(torch_version: str, numpy_version: str) -> None:
    """Raise ImportError when this PyTorch cannot work with this NumPy (torch < 2.3, NumPy 2)."""
    if release(torch_version) < (2, 3) and release(numpy_version) >= (2, 0):
        raise ImportError(
            text("core.numpy_for_old_torch", torch=torch_version, numpy=numpy_version)
        )


check_numpy_for_torch(torch.__version__, numpy.__version__)
