"""Checkers for measuring a classifier: accuracy and evaluate_accuracy.

accuracy counts the correct predictions of one batch and evaluate_accuracy
combines such counts over a data iterator (without building a graph); each
check compares the learner's version with the same count made with
torch.argmax. Accumulator, which sums the counts, is checked in `accumulator`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import nn

from d2lite.data.loaders import ArrayLoader
from d2lite.exercises.cases import CaseFn, _as_number, _Case, _dev, _literal, _randn
from d2lite.exercises.result import CheckResult
from d2lite.exercises.runner import _run, _start

__all__ = ["check_accuracy", "check_evaluate_accuracy"]


# ---------------------------------------------------------------------------------------------
# accuracy
# ---------------------------------------------------------------------------------------------


def _accuracy_error(error: Exception) -> str | None:
    text = str(error)
    if "must match the size" in text:
        return "acc_size_error"
    if isinstance(error, IndexError) and "Dimension out of range" in text:
        return "acc_labels"
    return None


def _count_correct(y_hat: torch.Tensor, y: torch.Tensor) -> float:
    """Return the book's accuracy with torch: rows whose argmax equals the label, as a float."""
    if y_hat.dim() > 1 and y_hat.shape[1] > 1:
        y_hat = torch.argmax(y_hat, dim=1)
    return float((y_hat.reshape(-1).to(y.dtype) == y).sum())


def check_accuracy(
    fn: Callable[..., Any],
    lang: str | None = None,
    *,
    device: str | torch.device | None = None,
    strict: bool | None = None,
    time_limit: float | None = None,
) -> CheckResult:
    """Check a from-scratch accuracy(y_hat, y), and print a verdict.

    y_hat: (n, q) scores or probabilities, or (n,) predicted labels; y: (n,)
    labels. The reference is the book's semantics computed with torch: the
    number (a count, as a float) of rows whose torch.argmax(y_hat, dim=1)
    equals y; evaluate_accuracy divides by the number of examples later.
    """
    setup = _start("check_accuracy", fn, lang, device, strict=strict, time_limit=time_limit)
    gen = torch.Generator().manual_seed(0)

    def labels_with(y_hat: torch.Tensor, wrong: Sequence[int]) -> torch.Tensor:
        """Return the argmax labels of y_hat with the rows in `wrong` made wrong."""
        y = y_hat.argmax(dim=1)
        for i in wrong:
            y[i] = (y[i] + 1) % y_hat.shape[1]
        return y

    def values(y_hat: torch.Tensor, y: torch.Tensor, made: str, on_device: bool = False) -> CaseFn:
        def run(ctx: _Case) -> None:
            yh, yd = (y_hat.to(ctx.device), y.to(ctx.device)) if on_device else (y_hat, y)
            ctx.given = (
                f"accuracy(y_hat, y), y_hat = {made}, y = torch.tensor({y.tolist()}"
                + (", dtype=torch.int32)" if y.dtype == torch.int32 else ")")
                + (_dev(ctx.device) if on_device else "")
            )
            ctx.reference = (
                "float((torch.argmax(y_hat, dim=1) == y).sum())"
                if y_hat.dim() == 2
                else "float((y_hat == y).sum())"
            )
            expected = _count_correct(yh, yd)
            ctx.expected = expected
            out = ctx.call(yh.clone(), yd.clone())
            got = _as_number(out)
            if got is None:
                if isinstance(out, torch.Tensor) and out.numel() == len(y):
                    ctx.fail("acc_not_summed", out)
                ctx.fail("acc_not_number", out, kind=ctx.kind(out))
            if abs(got - expected) > 1e-6:
                n = len(y)
                if n > 1 and abs(got - expected / n) < 1e-6:
                    ctx.fail("acc_fraction", got, got=got, want=expected)
                if y_hat.dim() == 2 and y_hat.shape[1] > 1:
                    if yh.shape[0] == yh.shape[1]:
                        by_column = float((yh.argmax(dim=0) == yd).sum())
                        if abs(got - by_column) < 1e-6:
                            ctx.fail("acc_axis", got)
                    if abs(got - _count_correct(yh.to(yd.dtype), yd)) < 1e-6:
                        ctx.fail("acc_cast_first", got)
                    tied = float(
                        (yh[torch.arange(n, device=yh.device), yd] == yh.max(dim=1).values).sum()
                    )
                    if abs(got - tied) < 1e-6:
                        ctx.fail("acc_ties", got)
                ctx.fail("acc_formula", got)

        return run

    book = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    probs = torch.softmax(_randn(gen, 10, 4), dim=1)
    square = _randn(gen, 5, 5)
    square_y = torch.tensor([square[0].argmax(), 0, 0, square[3].argmax(), 4])
    if _count_correct(square, square_y) == float((square.argmax(0) == square_y).sum()):
        square_y[4] = square[4].argmax()  # keep the two axes apart
    all_right = _randn(gen, 7, 3)
    none_right = _randn(gen, 6, 3)
    one = _randn(gen, 1, 3)
    ties = torch.tensor([[0.4, 0.4, 0.2], [0.1, 0.45, 0.45], [0.3, 0.3, 0.4], [0.2, 0.5, 0.3]])
    int_scores = torch.softmax(_randn(gen, 8, 5), dim=1)
    on_dev = _randn(gen, 9, 4)
    cases = [
        ("book_example", values(book, torch.tensor([0, 2]), _literal(book))),
        (
            "ordinary",
            values(probs, labels_with(probs, [1, 4, 7, 8]), "torch.softmax(torch.randn(10, 4), 1)"),
        ),
        ("square", values(square, square_y, "torch.randn(5, 5)")),
        ("all_correct", values(all_right, labels_with(all_right, []), "torch.randn(7, 3)")),
        (
            "none_correct",
            values(none_right, labels_with(none_right, range(6)), "torch.randn(6, 3)"),
        ),
        ("single_example", values(one, labels_with(one, []), "torch.randn(1, 3)")),
        (
            "predicted_labels",
            values(
                torch.tensor([0, 2, 1, 1, 3]),
                torch.tensor([0, 1, 1, 1, 3]),
                "torch.tensor([0, 2, 1, 1, 3])",
            ),
        ),
        (
            "int32_labels",
            values(
                int_scores,
                labels_with(int_scores, [0, 5]).to(torch.int32),
                "torch.softmax(torch.randn(8, 5), 1)",
            ),
        ),
        ("ties", values(ties, torch.tensor([1, 2, 2, 1]), _literal(ties))),
        ("device", values(on_dev, labels_with(on_dev, [2, 3]), "torch.randn(9, 4)", True)),
    ]
    return _run("check_accuracy", fn, cases, setup, _accuracy_error)


# ---------------------------------------------------------------------------------------------
# evaluate_accuracy
# ---------------------------------------------------------------------------------------------


class _TrainEvalNet(nn.Module):
    """A linear net that, like one with dropout, answers differently while training.

    In eval mode it returns X @ W; in training mode -(X @ W), whose argmax is
    the worst class, so an evaluation left in training mode scores badly.
    """

    def __init__(self, W: torch.Tensor) -> None:
        super().__init__()
        self.linear = nn.Linear(W.shape[0], W.shape[1], bias=False)
        with torch.no_grad():
            self.linear.weight.copy_(W.T)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        out = self.linear(X)  # (B, d) @ (d, q) -> (B, q)
        return -out if self.training else out


def check_evaluate_accuracy(
    fn: Callable[..., Any],
    lang: str | None = None,
    *,
    device: str | torch.device | None = None,
    strict: bool | None = None,
    time_limit: float | None = None,
) -> CheckResult:
    """Check a from-scratch evaluate_accuracy(net, data_iter), and print a verdict.

    net: a function or an nn.Module mapping X (B, 4) to scores (B, 3);
    data_iter: a loader of (X, y) batches with `.dataset` and len(), like the
    book's DataLoader, its last batch possibly short. The reference is
    (number correct) / (number of examples) over all batches, with the
    module in eval mode, counted with torch.argmax. The net must run under
    torch.no_grad() (an evaluation builds no graph) and the result must be a
    number, not a tensor still attached to a graph.
    """
    setup = _start(
        "check_evaluate_accuracy", fn, lang, device, strict=strict, time_limit=time_limit
    )
    gen = torch.Generator().manual_seed(0)
    W = _randn(gen, 4, 3)

    def make_data(n: int, wrong: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor]:
        X = _randn(gen, n, 4)
        y = (X @ W).argmax(dim=1)
        for i in wrong:
            y[i] = (y[i] + 1) % 3
        return X, y

    def values(
        n: int, batch_size: int, wrong: Sequence[int], net_kind: str, on_device: bool = False
    ) -> CaseFn:
        X, y = make_data(n, wrong)

        def run(ctx: _Case) -> None:
            where = ctx.device if on_device else torch.device("cpu")
            Xd, yd = X.to(where), y.to(where)
            Wd = W.to(where)
            grad_on: list[bool] = []  # was autograd recording at each call of the net?
            if net_kind == "function":

                def net(X: torch.Tensor) -> torch.Tensor:
                    grad_on.append(torch.is_grad_enabled())
                    return X @ Wd

                shown = "net = lambda X: X @ W, W = torch.randn(4, 3)"
            else:
                if net_kind == "module":
                    module: nn.Module = nn.Linear(4, 3, bias=False).to(where)
                    with torch.no_grad():
                        module.weight.copy_(Wd.T)
                    shown = "net = nn.Linear(4, 3, bias=False)"
                else:
                    module = _TrainEvalNet(W).to(where)
                    shown = ctx.text("ea_train_eval_given")
                module.register_forward_hook(
                    lambda *_: grad_on.append(torch.is_grad_enabled())  # type: ignore[func-returns-value]
                )
                net = module
            loader = ArrayLoader((Xd, yd), batch_size)
            sizes = [len(b) for _, b in loader]
            ctx.given = f"evaluate_accuracy(net, data_iter), {shown}; " + ctx.text(
                "ea_data_given", n=n, sizes=sizes
            )
            ctx.given += _dev(where) if on_device else ""
            ctx.reference = ctx.text("ea_reference")
            with torch.no_grad():
                scores = Xd @ Wd  # (n, 4) @ (4, 3) -> (n, 3)
            correct = (scores.argmax(dim=1) == yd).float().cpu()
            expected = float(correct.mean())
            ctx.expected = expected
            out = ctx.call(net, loader)
            got = _as_number(out)
            if got is None:
                ctx.fail("ea_not_number", out, kind=ctx.kind(out))
            if abs(got - expected) > 1e-6:
                per_batch = correct.split(batch_size)
                batch_mean = float(torch.stack([b.mean() for b in per_batch]).mean())
                if net_kind == "train_eval":
                    in_training = float((scores.argmin(dim=1) == yd).float().mean())
                    if abs(got - in_training) < 1e-6:
                        ctx.fail("ea_eval_mode", got)
                if len(per_batch) > 1 and abs(got - batch_mean) < 1e-6:
                    ctx.fail("ea_batch_mean", got, got=got)
                if abs(got - float(correct.sum())) < 1e-6 and n > 1:
                    ctx.fail("ea_count", got, got=got)
                if abs(got - float(correct.sum()) / len(per_batch)) < 1e-6:
                    ctx.fail("ea_per_batch_count", got)
                ctx.fail("ea_formula", got)
            if isinstance(out, torch.Tensor) and (out.requires_grad or out.grad_fn is not None):
                ctx.expected = ctx.text("ea_detached_expected")
                ctx.fail("ea_attached", out)
            if any(grad_on):
                ctx.expected = ctx.text("ea_no_grad_expected")
                ctx.fail("ea_no_grad", ctx.text("ea_no_grad_got"))

        return run

    cases = [
        ("ordinary", values(12, 4, [0, 5, 6], "function")),
        # batches of 4, 4 and 2 examples with 4, 2 and 0 right: 6 / 10, not the batch mean 0.5
        ("short_last_batch", values(10, 4, [0, 3, 8, 9], "function")),
        ("module", values(9, 5, [2, 5, 6, 8], "module")),
        ("eval_mode", values(8, 4, [3], "train_eval")),
        ("single_example", values(1, 1, [], "function")),
        ("device", values(11, 4, [1, 9], "module", on_device=True)),
    ]
    return _run("check_evaluate_accuracy", fn, cases, setup)
