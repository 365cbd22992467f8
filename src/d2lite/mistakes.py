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

from d2lite.messages import text

_MATMUL = re.compile(r"shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)")
_DTYPE = re.compile(
    r"(same dtype|expected scalar type|found dtype|unsigned char|Byte|Long and Float|"
    r"Float and Long|not implemented for 'Long'|not implemented for 'Byte')",
    re.IGNORECASE,
)
_NO_GRAD = "does not require grad"
_BOUNDS = re.compile(r"(Target -?\d+ is out of bounds|index -?\d+ is out of bounds)")


def pytorch_said(explanation: str, err: BaseException) -> str:
    """Return `explanation` followed by PyTorch's own message, unchanged."""
    return text("mistakes.pytorch_said", explanation=explanation, error=err)


def _with(err: BaseException, explanation: str) -> BaseException:
    """Return an error of err's type whose message is `explanation` followed by PyTorch's."""
    said = pytorch_said(explanation, err)
    try:
        return type(err)(said)
    except TypeError:  # an error class that takes other arguments
        return RuntimeError(said)


def explain_forward(err: BaseException, X: torch.Tensor) -> BaseException | None:
    """Explain an error raised by net(X): a batch not flattened, or uint8 images."""
    said = str(err)
    if not X.is_floating_point() and _DTYPE.search(said):
        return _with(err, text("mistakes.uint8_images", dtype=X.dtype, shape=tuple(X.shape)))
    match = _MATMUL.search(said)
    if match:
        rows, cols, w_rows, w_cols = (int(v) for v in match.groups())
        if X.dim() > 2:
            fix = text("mistakes.flatten_fix", w_rows=w_rows)
        else:
            fix = text("mistakes.inputs_fix", w_rows=w_rows, w_cols=w_cols, cols=cols)
        explanation = text(
            "mistakes.matmul",
            shape=tuple(X.shape),
            w_rows=w_rows,
            w_cols=w_cols,
            rows=rows,
            cols=cols,
            fix=fix,
        )
        return _with(err, explanation)
    return None


def explain_loss(err: BaseException, y_hat: torch.Tensor, y: torch.Tensor) -> BaseException | None:
    """Explain an error raised by loss(y_hat, y): too few outputs for the labels."""
    if not _BOUNDS.search(str(err)) or y_hat.dim() != 2:
        return None
    num_outputs = y_hat.shape[1]
    largest = int(y.max()) if y.numel() else -1
    explanation = text(
        "mistakes.too_few_outputs",
        num_outputs=num_outputs,
        shape=tuple(y_hat.shape),
        largest=largest,
    )
    return _with(err, explanation)


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
    return _with(err, text("mistakes.no_grad"))


def call_explained(fn: Any, *args: Any, explain: Any, context: tuple[Any, ...]) -> Any:
    """Return fn(*args); raise explain(err, *context) instead of an error it recognises."""
    try:
        return fn(*args)
    except (RuntimeError, IndexError, TypeError, ValueError) as err:
        better = explain(err, *context)
        if better is None:
            raise
        raise better from err
