"""Checkers for softmax regression's building blocks: softmax and cross_entropy.

Both are compared with PyTorch (torch.softmax, F.nll_loss) on ordinary and
extreme inputs, logits near +-1000 and probabilities of exactly 0 included,
and on the gradient they give to autograd.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F

from d2lite.exercises.cases import CaseFn, _Case, _check_grad, _close, _dev, _literal, _randn
from d2lite.exercises.result import CheckResult
from d2lite.exercises.runner import _run, _start
from d2lite.messages import text

__all__ = ["EDITIONS", "check_cross_entropy", "check_softmax"]

EDITIONS = ("classic", "1.0")  # the Chinese book / d2l 0.17, and d2l.ai 1.0


# ---------------------------------------------------------------------------------------------
# softmax
# ---------------------------------------------------------------------------------------------


def _softmax_error(error: Exception) -> str | None:
    if "must match the size" in str(error):
        return "sm_keepdim"
    return None


def check_softmax(
    fn: Callable[..., Any],
    lang: str | None = None,
    *,
    device: str | torch.device | None = None,
    strict: bool | None = None,
    time_limit: float | None = None,
) -> CheckResult:
    """Check a from-scratch softmax(X), and print a verdict.

    X: (n, q) scores, one row per example. The reference is
    torch.softmax(X, dim=1): every row non-negative and summing to 1. Logits
    near +1000 and -1000 are among the cases: the book's X_exp / partition
    gives nan there, and subtracting each row's max fixes it.
    """
    setup = _start("check_softmax", fn, lang, device, strict=strict, time_limit=time_limit)
    gen = torch.Generator().manual_seed(0)

    def values(X: torch.Tensor, made: str, on_device: bool = False) -> CaseFn:
        def run(ctx: _Case) -> None:
            Xd = X.to(ctx.device) if on_device else X
            ctx.given = f"softmax(X), X = {made}" + (_dev(ctx.device) if on_device else "")
            ctx.reference = "torch.softmax(X, dim=1)"
            expected = torch.softmax(Xd, dim=1)
            ctx.expected = expected
            got = ctx.tensor(ctx.call(Xd.clone()))
            if not _close(got, expected):
                exp = torch.exp(Xd.double())
                if not torch.isfinite(got).all() and Xd.abs().max() > 80:
                    ctx.fail("sm_overflow", got)
                if tuple(got.shape) != tuple(expected.shape):
                    ctx.fail("sm_shape", got, got=tuple(got.shape), want=tuple(expected.shape))
                if _close(got, torch.softmax(Xd, dim=0)):
                    ctx.fail("sm_axis", got)
                square = Xd.shape[0] == Xd.shape[1]
                if square and _close(
                    got, exp / exp.sum(1)
                ):  # (n, n) / (n,): column j / row j's sum
                    ctx.fail("sm_keepdim", got)
                if _close(got, exp) or not torch.allclose(
                    got.detach().double().sum(1).cpu(), torch.ones(len(got), dtype=torch.float64)
                ):
                    ctx.fail("sm_not_normalised", got)
                ctx.fail("sm_formula", got)
            ctx.on_device(got, Xd.device)

        return run

    def gradient(ctx: _Case) -> None:
        X, weights = _randn(gen, 4, 5), _randn(gen, 4, 5)
        ctx.given = (
            "out = softmax(X); (out * g).sum().backward(), "
            "X = torch.randn(4, 5, requires_grad=True)"
        )
        ctx.reference = "torch.softmax(X, dim=1)"
        mine, ref = X.clone().requires_grad_(), X.clone().requires_grad_()
        got = ctx.tensor(ctx.call(mine))
        expected = torch.softmax(ref, dim=1)
        ctx.expected = expected
        if not _close(got, expected):
            ctx.fail("sm_formula", got)
        _check_grad(ctx, got, expected, [mine], [ref], weights)

    cases = [
        ("ordinary", values(_randn(gen, 2, 5), "torch.normal(0, 1, (2, 5))")),
        ("ten_classes", values(3 * _randn(gen, 8, 10), "3 * torch.randn(8, 10)")),
        ("single_row", values(_randn(gen, 1, 4), "torch.randn(1, 4)")),
        ("one_column", values(_randn(gen, 3, 1), "torch.randn(3, 1)")),
        ("square", values(_randn(gen, 4, 4), "torch.randn(4, 4)")),
        ("large_logits", values(1000 + _randn(gen, 3, 4), "1000 + torch.randn(3, 4)")),
        ("large_negative_logits", values(_randn(gen, 3, 4) - 1000, "torch.randn(3, 4) - 1000")),
        ("gradient", gradient),
        ("device", values(_randn(gen, 3, 5), "torch.randn(3, 5)", True)),
    ]
    return _run("check_softmax", fn, cases, setup, _softmax_error)


# ---------------------------------------------------------------------------------------------
# cross_entropy
# ---------------------------------------------------------------------------------------------


# What each edition's cross_entropy returns, as PyTorch computes it.
REFERENCE = {
    "classic": "F.nll_loss(torch.log(y_hat), y, reduction='none')",
    "1.0": "F.nll_loss(torch.log(y_hat), y)",
}


def _cross_entropy_error(error: Exception) -> str | None:
    if isinstance(error, IndexError) or "out of bounds" in str(error):
        return "ce_index"
    return None


def check_cross_entropy(
    fn: Callable[..., Any],
    lang: str | None = None,
    *,
    device: str | torch.device | None = None,
    strict: bool | None = None,
    time_limit: float | None = None,
    edition: str = "classic",
) -> CheckResult:
    """Check a from-scratch cross_entropy(y_hat, y), and print a verdict.

    y_hat: (n, q) predicted probabilities; y: (n,) int64 labels. With
    edition="classic" (the Chinese book, d2l 0.17) the reference is
    F.nll_loss(torch.log(y_hat), y, reduction='none'), one loss per example,
    shape (n,); returning their mean fails, with a hint on what it does to
    train_ch3 (which sums the losses and divides by the batch size itself). With
    edition="1.0" (d2l.ai 1.0) the reference is their mean, a scalar, and one loss
    per example fails (the 1.0 Trainer calls backward() on the loss).
    """
    if edition not in EDITIONS:
        raise ValueError(text("check.bad_edition", lang, editions=EDITIONS, value=edition))
    mean = edition == "1.0"
    setup = _start("check_cross_entropy", fn, lang, device, strict=strict, time_limit=time_limit)
    gen = torch.Generator().manual_seed(0)

    def reference(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return F.nll_loss(torch.log(y_hat), y, reduction="none")

    def probabilities(n: int, q: int) -> torch.Tensor:
        return torch.softmax(_randn(gen, n, q), dim=1)

    def diagnose(ctx: _Case, got: torch.Tensor, y_hat: torch.Tensor, y: torch.Tensor) -> None:
        n = len(y)
        per_example = reference(y_hat, y)
        if got.dim() == 2 and tuple(got.shape) == (n, n) and n > 1:
            ctx.fail("ce_all_columns", got, got=tuple(got.shape))
        if got.numel() == 1 and n > 1 and _close(got.reshape(()), per_example.sum()):
            ctx.fail("ce_sum", got)
        if got.numel() != n and got.numel() != 1:
            ctx.fail("ce_shape", got, want=(n,), got=tuple(got.shape))
        if torch.isnan(got).any() and (y_hat == 0).any():
            ctx.fail("ce_one_hot_nan", got)
        rows = torch.arange(n, device=y_hat.device)
        picked = y_hat[rows, y]
        candidates = {
            "ce_minus": -per_example,
            "ce_no_log": -picked,
            "ce_log_base": -torch.log10(picked),
            "ce_predicted": -torch.log(y_hat.max(dim=1).values),
            "ce_all_classes": -torch.log(y_hat).sum(dim=1),
        }
        candidates["ce_log_base_2"] = -torch.log2(picked)
        if int(y.max()) < n and n <= y_hat.shape[1]:
            candidates["ce_axis"] = -torch.log(y_hat[y, rows])
        for key, candidate in candidates.items():
            if _close(got, candidate) or (got.dim() == 0 and _close(got, candidate.mean())):
                ctx.fail(key.removesuffix("_2"), got)
        if got.numel() == n and got.dim() != 1:
            ctx.fail("ce_shape", got, want=(n,), got=tuple(got.shape))
        ctx.fail("ce_formula", got)

    def edition_matches(
        ctx: _Case, got: torch.Tensor, per_example: torch.Tensor, yh: torch.Tensor, yd: torch.Tensor
    ) -> None:
        """Pass the edition's answer (and say so), fail the other edition's with its hint."""
        single = len(yd) == 1  # one example's loss is also its mean: either shape will do
        if got.dim() == 0 and _close(got, per_example.mean()):
            if mean:
                ctx.note("ce_note_mean")
            elif not single:
                ctx.fail("ce_mean_classic", got)
        elif got.dim() == 1 and _close(got, per_example):
            if not mean:
                ctx.note("ce_note_vector")
            elif not single:
                ctx.fail("ce_per_example_1_0", got)
        else:
            diagnose(ctx, got, yh, yd)

    def values(y_hat: torch.Tensor, y: torch.Tensor, made: str, on_device: bool = False) -> CaseFn:
        def run(ctx: _Case) -> None:
            yh, yd = (y_hat.to(ctx.device), y.to(ctx.device)) if on_device else (y_hat, y)
            ctx.given = f"cross_entropy(y_hat, y), y_hat = {made}, y = {_literal(y)}" + (
                _dev(ctx.device) if on_device else ""
            )
            per_example = reference(yh, yd)
            ctx.reference = REFERENCE[edition]
            ctx.expected = per_example.mean() if mean else per_example
            got = ctx.tensor(ctx.call(yh.clone(), yd.clone()))
            edition_matches(ctx, got, per_example, yh, yd)
            ctx.on_device(got, yh.device)

        return run

    def gradient(ctx: _Case) -> None:
        y_hat, y = probabilities(5, 4), torch.tensor([3, 0, 1, 1, 2])
        ctx.given = (
            "l = cross_entropy(y_hat, y); l.sum().backward(), y_hat = torch.softmax("
            "torch.randn(5, 4), 1).requires_grad_(), y = torch.tensor([3, 0, 1, 1, 2])"
        )
        if mean:
            ctx.given = ctx.given.replace("l.sum().backward()", "l.backward()")
        mine, ref = y_hat.clone().requires_grad_(), y_hat.clone().requires_grad_()
        got = ctx.tensor(ctx.call(mine, y))
        per_example = reference(ref, y)
        expected = per_example.mean() if mean else per_example
        ctx.reference = REFERENCE[edition]
        ctx.expected = expected
        edition_matches(ctx, got, per_example.detach(), y_hat, y)
        _check_grad(ctx, got, expected, [mine], [ref], torch.ones(expected.shape))

    book = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    zeros = torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.2, 0.8], [0.5, 0.5, 0.0]])
    cases = [
        ("book_example", values(book, torch.tensor([0, 2]), _literal(book))),
        (
            "ten_classes",
            values(
                probabilities(6, 10),
                torch.tensor([3, 9, 0, 4, 4, 7]),
                "torch.softmax(torch.randn(6, 10), 1)",
            ),
        ),
        (
            "single_example",
            values(probabilities(1, 3), torch.tensor([2]), "torch.softmax(torch.randn(1, 3), 1)"),
        ),
        (
            "square",
            values(
                probabilities(4, 4),
                torch.tensor([1, 3, 0, 2]),
                "torch.softmax(torch.randn(4, 4), 1)",
            ),
        ),
        ("zero_probabilities", values(zeros, torch.tensor([0, 2, 1]), _literal(zeros))),
        ("gradient", gradient),
        (
            "device",
            values(
                probabilities(5, 3),
                torch.tensor([0, 2, 1, 1, 0]),
                "torch.softmax(torch.randn(5, 3), 1)",
                True,
            ),
        ),
    ]
    return _run("check_cross_entropy", fn, cases, setup, _cross_entropy_error)
