"""Linear regression from scratch: synthetic data, the model, the loss and minibatch SGD."""

from __future__ import annotations

from collections.abc import Iterable

import torch

from d2lite.validation import check_positive_int

__all__ = ["synthetic_data", "linreg", "squared_loss", "sgd"]


def synthetic_data(
    w: torch.Tensor, b: float | torch.Tensor, num_examples: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Generate y = Xw + b + noise.

    w: (d,) weights (a (d, 1) column is accepted too); b: a scalar.
    Returns X of shape (num_examples, d) drawn from N(0, 1) and y of shape
    (num_examples, 1) with N(0, 0.01^2) noise added, both float32.
    """
    num_examples = check_positive_int("num_examples", num_examples)
    w = torch.as_tensor(w, dtype=torch.float32)
    if w.dim() == 2 and w.shape[1] == 1:
        w = w.reshape(-1)
    if w.dim() != 1 or w.numel() == 0:
        raise ValueError(
            f"w must be a 1-D tensor of weights of shape (d,), got shape {tuple(w.shape)}; "
            f"pass for example torch.tensor([2, -3.4])"
        )
    b = torch.as_tensor(b, dtype=torch.float32)
    if b.numel() != 1:
        raise ValueError(
            f"b must be a scalar bias, got shape {tuple(b.shape)}; pass for example 4.2"
        )
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = X @ w + b.reshape(())  # (n, d) @ (d,) -> (n,)
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


def linreg(X: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return the linear model X @ w + b: (n, d) @ (d, 1) -> (n, 1)."""
    if X.shape[-1] != w.shape[0]:
        raise ValueError(
            f"X has {X.shape[-1]} features (shape {tuple(X.shape)}) but w has {w.shape[0]} "
            f"rows (shape {tuple(w.shape)}); w needs one row per feature of X"
        )
    return torch.matmul(X, w) + b


def squared_loss(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Return the per-example squared loss (y_hat - y)^2 / 2, shaped like y_hat (no reduction)."""
    if y_hat.numel() != y.numel():
        raise ValueError(
            f"y_hat has {y_hat.numel()} values (shape {tuple(y_hat.shape)}) but y has "
            f"{y.numel()} (shape {tuple(y.shape)}); pass one prediction per label"
        )
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params: Iterable[torch.Tensor], lr: float, batch_size: int) -> None:
    """Take one minibatch SGD step in place: p -= lr * p.grad / batch_size, then zero p.grad.

    Divide by `batch_size` because the loss was summed (not averaged) over the batch.
    """
    batch_size = check_positive_int("batch_size", batch_size)
    with torch.no_grad():
        for i, param in enumerate(params):
            if param.grad is None:
                raise ValueError(
                    f"parameter {i} (shape {tuple(param.shape)}) has no gradient; create it "
                    f"with requires_grad=True and call l.sum().backward() before sgd"
                )
            param -= lr * param.grad / batch_size
            param.grad.zero_()
