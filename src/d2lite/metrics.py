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


def check_scores(y_hat: torch.Tensor, y: torch.Tensor) -> None:
    """Raise ValueError unless y_hat holds one prediction row per label in y."""
    if y_hat.dim() == 0 or y_hat.shape[0] != y.shape[0]:
        raise ValueError(
            f"the net's output has shape {tuple(y_hat.shape)} but there are {y.shape[0]} labels "
            f"(shape {tuple(y.shape)}); the net must return one row of class scores per "
            f"example, shape ({y.shape[0]}, num_classes): check how it reshapes X (e.g. "
            f"X.reshape((-1, W.shape[0]))) and that the images have the size the model expects"
        )
    if y_hat.dim() > 2:
        raise ValueError(
            f"the net's output has shape {tuple(y_hat.shape)}; accuracy needs class scores of "
            f"shape (batch_size, num_classes) or predicted labels of shape (batch_size,): "
            f"flatten the extra dimensions in the net"
        )
    if y_hat.dim() == 2 and y_hat.shape[1] > 1:  # class scores: y must hold class indices
        if y.dim() == 2 and y.shape[1] == y_hat.shape[1]:
            raise ValueError(
                f"the labels have shape {tuple(y.shape)}, one row per example like the scores "
                f"{tuple(y_hat.shape)}: they look one-hot encoded, but accuracy compares class "
                f"indices of shape ({y.shape[0]},); pass y.argmax(dim=1)"
            )
        if y.numel() != y.shape[0]:
            raise ValueError(
                f"the labels have shape {tuple(y.shape)}; accuracy needs one class index per "
                f"example, shape ({y.shape[0]},)"
            )
        if y.is_floating_point() or y.is_complex() or y.dtype == torch.bool:
            raise TypeError(
                f"the labels are {y.dtype} but must be class indices (integers 0 to "
                f"{y_hat.shape[1] - 1}); convert whole-number labels with y.long()"
            )


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
        raise ValueError("data_iter yielded no examples; pass a loader with at least one batch")
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
                f"the net's output has shape {tuple(out.shape)} but the labels have shape "
                f"{tuple(y.shape)}; evaluate_loss needs one output per label"
            )
        losses = loss(out, y.reshape(out.shape))
        if losses.numel() == 1 and out.numel() > 1:
            raise ValueError(
                "the loss returned one number for the whole batch, but evaluate_loss averages "
                "per-example losses: create it with reduction='none', e.g. "
                "nn.MSELoss(reduction='none')"
            )
        return losses.sum(), losses.numel()

    return _average_over(net, data_iter, device, measure)
