"""Metrics for the chapter: `Accumulator` sums running totals over minibatches."""

from __future__ import annotations

from d2lite._checks import check_positive_int


class Accumulator:
    """Accumulate sums over `n` variables, e.g. (total loss, correct, examples)."""

    def __init__(self, n: int) -> None:
        n = check_positive_int("n", n)
        self.data = [0.0] * n

    def add(self, *args: float) -> None:
        """Add one value to each of the `n` sums (tensors are converted with float())."""
        if len(args) != len(self.data):
            raise ValueError(
                f"Accumulator.add expects {len(self.data)} values, got {len(args)}; "
                f"pass one value per accumulated variable"
            )
        self.data = [a + float(b) for a, b in zip(self.data, args, strict=True)]

    def reset(self) -> None:
        """Set every sum back to 0."""
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx: int) -> float:
        return self.data[idx]

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return f"Accumulator({self.data})"
