"""Repeatable runs: one call seeds Python, NumPy and PyTorch (CPU and CUDA)."""

from __future__ import annotations

import random

import numpy as np
import torch

from d2lite.validation import check_nonnegative_int

__all__ = ["set_seed"]


def set_seed(seed: int = 0) -> None:
    """Seed Python's `random`, NumPy and PyTorch on every device."""
    seed = check_nonnegative_int("seed", seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device
