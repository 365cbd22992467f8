"""Errors that teach: the chapter's common mistakes, explained in the learner's terms.

PyTorch reports these mistakes from deep inside a training loop, in its own
terms ("mat1 and mat2 shapes cannot be multiplied", "Target 6 is out of
bounds"). The functions here recognise them and return an error of the same
type that says what is wrong, shows the shapes or dtypes involved, gives the
fix, and keeps PyTorch's message at the end. They return None for anything
they do not recognise, so PyTorch's error is left alone where no better
sentence exists.
"""

from __future__ import annotations

import re
from typing import Any

import torch

_MATMUL = re.compile(r"shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)")
_DTYPE = re.compile(
    r"(same dtype|expected scalar type|found dtype|unsigned char|Byte|Long and Float|"
    r"Float and Long|not implemented for 'Long'|not implemented for 'Byte')",
    re.IGNORECASE,
)
_NO_GRAD = "does not require grad"
_BOUNDS = re.compile(r"(Target -?\d+ is out of bounds|index -?\d+ is out of bounds)")


def _with(err: BaseException, text: str) -> BaseException:
    """Return an error of err's type whose message is `text` followed by PyTorch's."""
    message = f"{text}. PyTorch said: {err}"
    try:
        return type(err)(message)
    except TypeError:  # an error class that takes other arguments
        return RuntimeError(message)


def explain_forward(err: BaseException, X: torch.Tensor) -> BaseException | None:
    """Explain an error raised by net(X): a batch not flattened, or uint8 images."""
    text = str(err)
    if not X.is_floating_point() and _DTYPE.search(text):
        return _with(
            err,
            f"the batch X holds {X.dtype} values (shape {tuple(X.shape)}) but the net computes "
            f"in floating point: convert the images with X.float() / 255 (what ToTensor does), "
            f"or load them with d2l.load_data_fashion_mnist, whose batches are already float32 "
            f"in [0, 1]",
        )
    match = _MATMUL.search(text)
    if match:
        rows, cols, w_rows, w_cols = (int(v) for v in match.groups())
        if X.dim() > 2:
            fix = (
                f"each example must become one row of {w_rows} numbers first: "
                f"X.reshape((-1, {w_rows})) in a from-scratch net, or nn.Flatten() as the "
                f"first layer of nn.Sequential"
            )
        else:
            fix = (
                f"the layer expects {w_rows} inputs per example but gets {cols}: give it "
                f"{cols} inputs (e.g. nn.Linear({cols}, {w_cols})) or check how X is built"
            )
        return _with(
            err,
            f"the net cannot multiply the batch X of shape {tuple(X.shape)} by a weight matrix "
            f"of shape ({w_rows}, {w_cols}): it got a ({rows}, {cols}) matrix; {fix}",
        )
    return None


def explain_loss(err: BaseException, y_hat: torch.Tensor, y: torch.Tensor) -> BaseException | None:
    """Explain an error raised by loss(y_hat, y): too few outputs for the labels."""
    if not _BOUNDS.search(str(err)) or y_hat.dim() != 2:
        return None
    num_outputs = y_hat.shape[1]
    largest = int(y.max()) if y.numel() else -1
    return _with(
        err,
        f"the net returns {num_outputs} scores per example (output shape "
        f"{tuple(y_hat.shape)}) but the labels go up to {largest}: there must be one output "
        f"per class, so for Fashion-MNIST's 10 classes the last layer needs 10 outputs, e.g. "
        f"nn.Linear(784, 10), or W of shape (784, 10) and b of shape (10,)",
    )


def check_labels_fit(y_hat: torch.Tensor, y: torch.Tensor) -> None:
    """Raise the explained error before the loss when a label has no output (GPU batches).

    On a GPU an out-of-range label stops the device with an assert that no
    message can follow, so the first batch there is checked beforehand (one
    read from the device).
    """
    if y_hat.dim() == 2 and y_hat.shape[1] > 1 and not y.is_floating_point() and y.numel():
        largest = int(y.max())
        if largest >= y_hat.shape[1]:
            error = IndexError(f"Target {largest} is out of bounds.")
            raise explain_loss(error, y_hat, y) or error


def explain_backward(err: BaseException) -> BaseException | None:
    """Explain an error raised by loss.backward(): parameters that do not require grad."""
    if _NO_GRAD not in str(err):
        return None
    return _with(
        err,
        "the loss does not depend on any tensor that requires a gradient, so backward() has "
        "nothing to compute: create the parameters with requires_grad=True, e.g. "
        "W = torch.normal(0, 0.01, size=(784, 10), requires_grad=True), or make them "
        "nn.Parameter; also check that the model does not call .detach() or run under "
        "torch.no_grad()",
    )


def call_explained(fn: Any, *args: Any, explain: Any, context: tuple[Any, ...]) -> Any:
    """Return fn(*args); raise explain(err, *context) instead of an error it recognises."""
    try:
        return fn(*args)
    except (RuntimeError, IndexError, TypeError, ValueError) as err:
        better = explain(err, *context)
        if better is None:
            raise
        raise better from err
