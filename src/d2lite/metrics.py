"""Metrics for the chapter: `Accumulator`, `accuracy`, `evaluate_accuracy` and `evaluate_loss`.

`Accumulator` sums running totals over minibatches, as in the book. The
accuracy helpers also hold the check that training shares: that a net's
output has one row per label. Moving batches, eval mode and the device
checks come from `d2lite.nets`, as for the training loops.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import torch

from d2lite.messages import text
from d2lite.nets import check_same_device, eval_mode, forward, target_device, to_device
from d2lite.validation import check_positive_int

__all__ = ["Accumulator", "accuracy", "evaluate_accuracy", "evaluate_loss"]


class Accumulator:
    """Accumulate sums over `n` variables, e.g. (total loss, correct, examples)."""

    def __init__(self, n: int) -> None:
        n = check_positive_int("n", n)
        self.data = [0.0] * n

    def add(self, *args: float) -> None:
        """Add one value to each of the `n` sums (tensors are converted with float())."""
        if len(args) != len(self.data):
            raise ValueError(text("metrics.accumulator_add", n=len(self.data), got=len(args)))
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


def check_scores(y_hat: torch.Tensor, y: torch.Tensor) -> None:
    """Raise ValueError unless y_hat holds one prediction row per label in y."""
    if y_hat.dim() == 0 or y_hat.shape[0] != y.shape[0]:
        raise ValueError(
            text(
                "metrics.rows",
                shape=tuple(y_hat.shape),
                num_labels=y.shape[0],
                y_shape=tuple(y.shape),
            )
        )
    if y_hat.dim() > 2:
        raise ValueError(text("metrics.extra_dims", shape=tuple(y_hat.shape)))
    if y_hat.dim() == 2 and y_hat.shape[1] > 1:  # class scores: y must hold class indices
        if y.dim() == 2 and y.shape[1] == y_hat.shape[1]:
            raise ValueError(
                text(
                    "metrics.one_hot",
                    y_shape=tuple(y.shape),
                    shape=tuple(y_hat.shape),
                    n=y.shape[0],
                )
            )
        if y.numel() != y.shape[0]:
            raise ValueError(text("metrics.label_shape", y_shape=tuple(y.shape), n=y.shape[0]))
        if y.is_floating_point() or y.is_complex() or y.dtype == torch.bool:
            raise TypeError(text("metrics.label_dtype", dtype=y.dtype, last=y_hat.shape[1] - 1))


def count_correct(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Return the number of correct predictions as a 0-dim tensor on y_hat's device.

    y_hat: (B, num_classes) scores (the argmax of each row is the prediction),
    or (B,) / (B, 1) predicted labels; y: (B,) labels. Staying a tensor lets a
    training loop sum counts on the GPU without waiting for each batch.
    """
    check_scores(y_hat, y)
    cmp = predicted_labels(y_hat).to(y.dtype) == y.reshape(-1)
    return cmp.sum()


def predicted_labels(y_hat: torch.Tensor) -> torch.Tensor:
    """Return the predicted class of each row: (B, num_classes) scores -> (B,) by argmax.

    A (B,) or (B, 1) y_hat already holds labels and is returned as (B,).
    """
    if y_hat.dim() == 2 and y_hat.shape[1] > 1:
        return y_hat.argmax(dim=1)
    return y_hat.reshape(-1)


def accuracy(y_hat: torch.Tensor, y: torch.Tensor) -> float:
    """Return the number of correct predictions (a count, as a float, as in the book).

    y_hat: (B, num_classes) scores, or (B,) predicted labels; y: (B,) int labels.
    """
    return float(count_correct(y_hat, y))


def _average_over(
    net: Callable[..., Any],
    data_iter: Iterable[Any],
    device: str | torch.device | None,
    measure: Callable[[torch.Tensor, torch.Tensor], tuple[torch.Tensor, int]],
) -> float:
    """Return sum(measure(net(X), y)[0]) / sum(measure(...)[1]) over data_iter.

    The pass runs without gradients and, for an nn.Module, in eval mode (its
    mode is restored after). Batches go to `device` (see `target_device`);
    the sums stay on the device and are read once at the end.
    """
    device = target_device(net, device)
    sums: list[torch.Tensor] = []
    count = 0
    with eval_mode(net), torch.no_grad():
        for X, y in data_iter:
            X, y = to_device((X, y), device)
            if not sums:
                check_same_device(net, X, device)
            total, n = measure(forward(net, X), y)
            sums.append(total)
            count += n
    if count == 0:
        raise ValueError(text("metrics.no_examples"))
    return float(torch.stack(sums).sum()) / count  # one device sync per pass


def evaluate_accuracy(
    net: Callable[..., Any], data_iter: Iterable[Any], device: str | torch.device | None = None
) -> float:
    """Return the fraction of examples in `data_iter` that `net` classifies correctly.

    net: an nn.Module (put in eval mode for the pass, then back to its mode)
    or a function X -> (B, num_classes) scores. data_iter yields (X, y) with
    y of shape (B,). device: where to run; batches are moved there. None
    means the device of the module's parameters, or for a function, wherever
    each batch already is.
    """
    return _average_over(net, data_iter, device, lambda out, y: (count_correct(out, y), y.numel()))


def evaluate_loss(
    net: Callable[..., Any],
    data_iter: Iterable[Any],
    loss: Callable[..., torch.Tensor],
    device: str | torch.device | None = None,
) -> float:
    """Return the average per-example loss of `net` over `data_iter`.

    loss(out, y) must return one loss per example (reduction='none'); y is
    reshaped to the net's output shape first, as in the book (so labels
    (B,) meet outputs (B, 1)). net: an nn.Module (in eval mode for the pass)
    or a function. device: as in `evaluate_accuracy`.
    """

    def measure(out: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, int]:
        if out.numel() != y.numel():
            raise ValueError(
                text("metrics.loss_outputs", shape=tuple(out.shape), y_shape=tuple(y.shape))
            )
        losses = loss(out, y.reshape(out.shape))
        if losses.numel() == 1 and out.numel() > 1:
            raise ValueError(text("metrics.loss_reduced"))
        return losses.sum(), losses.numel()

    return _average_over(net, data_iter, device, measure)
