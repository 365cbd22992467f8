"""Linear regression from scratch: synthetic data, the model, the loss and minibatch SGD."""

from __future__ import annotations

from collections.abc import Iterable

import torch

from d2lite.messages import text
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
        raise ValueError(text("regression.bad_w", shape=tuple(w.shape)))
    b = torch.as_tensor(b, dtype=torch.float32)
    if b.numel() != 1:
        raise ValueError(text("regression.bad_b", shape=tuple(b.shape)))
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = X @ w + b.reshape(())  # (n, d) @ (d,) -> (n,)
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


def linreg(X: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return the linear model X @ w + b: (n, d) @ (d, 1) -> (n, 1)."""
    if X.shape[-1] != w.shape[0]:
        raise ValueError(
            text(
                "regression.linreg",
                features=X.shape[-1],
                x_shape=tuple(X.shape),
                rows=w.shape[0],
                w_shape=tuple(w.shape),
            )
        )
    return torch.matmul(X, w) + b


def squared_loss(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Return the per-example squared loss (y_hat - y)^2 / 2, shaped like y_hat (no reduction)."""
    if y_hat.numel() != y.numel():
        raise ValueError(
            text(
                "regression.squared_loss",
                n_hat=y_hat.numel(),
                hat_shape=tuple(y_hat.shape),
                n=y.numel(),
                y_shape=tuple(y.shape),
            )
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
                raise ValueError(text("regression.no_grad", i=i, shape=tuple(param.shape)))
            param -= lr * param.grad / batch_size
            param.grad.zero_()
