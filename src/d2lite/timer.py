"""Timer: record several running times, as the book's `d2l.Timer` does."""

from __future__ import annotations

import time

import numpy as np

__all__ = ["Timer"]


class Timer:
    """Record multiple running times; it starts on creation."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.start()

    def start(self) -> None:
        """Start (or restart) the timer."""
        self.tik = time.perf_counter()

    def stop(self) -> float:
        """Stop the timer, record the interval and return it in seconds."""
        self.times.append(time.perf_counter() - self.tik)
        return self.times[-1]

    def avg(self) -> float:
        """Return the average recorded time (0.0 before the first `stop`)."""
        return sum(self.times) / len(self.times) if self.times else 0.0

    def sum(self) -> float:
        """Return the sum of recorded times."""
        return sum(self.times)

    def cumsum(self) -> list[float]:
        """Return the accumulated times after each `stop`."""
        return np.array(self.times).cumsum().tolist()
