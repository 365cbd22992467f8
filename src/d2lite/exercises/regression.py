"""Checkers for linear regression from scratch: linreg, squared_loss and sgd.

Each compares the learner's function with PyTorch on the same inputs: linreg
with F.linear, squared_loss with F.mse_loss, sgd with torch.optim.SGD stepping
on linear and on softmax regression; the first two check the gradients too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch
import torch.nn.functional as F

from d2lite.exercises.cases import CaseFn, _Case, _check_grad, _close, _dev, _literal, _randn
from d2lite.exercises.result import CheckResult
from d2lite.exercises.runner import _run, _start

__all__ = ["check_linreg", "check_sgd", "check_squared_loss"]


# ---------------------------------------------------------------------------------------------
# linreg
# ---------------------------------------------------------------------------------------------


def _linreg_error(error: Exception) -> str | None:
    text = str(error)
    if "cannot be multiplied" in text or "size mismatch" in text or "must match" in text:
        return "lr_shape_error"
    return None


def check_linreg(
    fn: Callable[..., Any],
    lang: str | None = None,
    *,
    device: str | torch.device | None = None,
    strict: bool | None = None,
    time_limit: float | None = None,
) -> CheckResult:
    """Check a from-scratch linreg(X, w, b), and print a verdict.

    X: (n, d); w: (d, 1); b: (1,). The reference is F.linear(X, w.T, b), of
    shape (n, 1), and its gradients with respect to w and b.
    """
    setup = _start("check_linreg", fn, lang, device, strict=strict, time_limit=time_limit)
    gen = torch.Generator().manual_seed(0)

    def values(X: torch.Tensor, w: torch.Tensor, b: torch.Tensor, on_device: bool = False):
        def run(ctx: _Case) -> None:
            Xd, wd, bd = (t.to(ctx.device) for t in (X, w, b)) if on_device else (X, w, b)
            where = _dev(ctx.device) if on_device else ""
            ctx.given = (
                f"linreg(X, w, b), X = torch.randn{tuple(X.shape)}, w = "
                f"{_literal(w)}, b = {_literal(b)}{where}"
            )
            ctx.reference = "F.linear(X, w.T, b)"
            expected = F.linear(Xd, wd.T, bd)
            ctx.expected = expected
            got = ctx.tensor(ctx.call(Xd.clone(), wd.clone(), bd.clone()))
            if not _close(got, expected):
                if _close(got, Xd @ wd):
                    ctx.fail("lr_no_bias", got)
                if got.numel() == expected.numel() and _close(
                    got.reshape(expected.shape), expected
                ):
                    ctx.fail("lr_flat", got, got=tuple(got.shape), want=tuple(expected.shape))
                if _close(got, Xd * wd.T + bd) or _close(got, Xd * wd.T):
                    ctx.fail("lr_elementwise", got)
                ctx.fail("lr_formula", got)
            ctx.on_device(got, Xd.device)

        return run

    def gradient(ctx: _Case) -> None:
        X, w, b = _randn(gen, 6, 3), _randn(gen, 3, 1), _randn(gen, 1)
        weights = _randn(gen, 6, 1)
        ctx.given = (
            "out = linreg(X, w, b); (out * g).sum().backward(), X = torch.randn(6, 3), "
            "w = torch.randn(3, 1, requires_grad=True), b = torch.randn(1, requires_grad=True)"
        )
        ctx.reference = "F.linear(X, w.T, b)"
        params = [w.clone().requires_grad_(), b.clone().requires_grad_()]
        ref = [w.clone().requires_grad_(), b.clone().requires_grad_()]
        got = ctx.tensor(ctx.call(X, *params))
        expected = F.linear(X, ref[0].T, ref[1])
        ctx.expected = expected
        if not _close(got, expected):
            ctx.fail("lr_formula", got)
        _check_grad(ctx, got, expected, params, ref, weights)

    cases = [
        (
            "ordinary",
            values(_randn(gen, 10, 2), torch.tensor([[2.0], [-3.4]]), torch.tensor([4.2])),
        ),
        ("many_features", values(_randn(gen, 4, 5), _randn(gen, 5, 1), torch.tensor([-0.5]))),
        ("one_feature", values(_randn(gen, 6, 1), torch.tensor([[1.5]]), torch.tensor([0.3]))),
        ("single_example", values(_randn(gen, 1, 2), torch.tensor([[2.0], [-3.4]]), torch.ones(1))),
        ("gradient", gradient),
        ("device", values(_randn(gen, 5, 2), _randn(gen, 2, 1), torch.tensor([1.0]), True)),
    ]
    return _run("check_linreg", fn, cases, setup, _linreg_error)


# ---------------------------------------------------------------------------------------------
# squared_loss
# ---------------------------------------------------------------------------------------------


def check_squared_loss(
    fn: Callable[..., Any],
    lang: str | None = None,
    *,
    device: str | torch.device | None = None,
    strict: bool | None = None,
    time_limit: float | None = None,
) -> CheckResult:
    """Check a from-scratch squared_loss(y_hat, y), and print a verdict.

    y_hat: (n, 1); y: (n, 1) or (n,). The reference is
    F.mse_loss(y_hat, y.reshape(y_hat.shape), reduction='none') / 2: one loss
    per example, shaped like y_hat, no sum or mean.
    """
    setup = _start("check_squared_loss", fn, lang, device, strict=strict, time_limit=time_limit)
    gen = torch.Generator().manual_seed(0)

    def reference(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return F.mse_loss(y_hat, y.reshape(y_hat.shape), reduction="none") / 2

    def values(y_hat: torch.Tensor, y: torch.Tensor, on_device: bool = False) -> CaseFn:
        def run(ctx: _Case) -> None:
            yh, yd = (y_hat.to(ctx.device), y.to(ctx.device)) if on_device else (y_hat, y)
            where = _dev(ctx.device) if on_device else ""
            ctx.given = (
                f"squared_loss(y_hat, y), y_hat = torch.randn{tuple(y_hat.shape)}, "
                f"y = torch.randn{tuple(y.shape)}{where}"
            )
            ctx.reference = "F.mse_loss(y_hat, y.reshape(y_hat.shape), reduction='none') / 2"
            expected = reference(yh, yd)
            ctx.expected = expected
            got = ctx.tensor(ctx.call(yh.clone(), yd.clone()))
            if not _close(got, expected):
                diff = yh - yd.reshape(yh.shape)
                if got.dim() == 2 and got.shape[0] == got.shape[1] > 1 and yd.dim() == 1:
                    ctx.fail(
                        "sl_broadcast",
                        got,
                        got=tuple(got.shape),
                        y=tuple(yd.shape),
                        y_hat=tuple(yh.shape),
                    )
                if _close(got, 2 * expected):
                    ctx.fail("sl_half", got)
                if got.numel() == 1 and len(expected) > 1:
                    ctx.fail("sl_reduced", got, want=tuple(expected.shape))
                if _close(got, diff.abs() / 2) or _close(got, diff.abs()):
                    ctx.fail("sl_not_squared", got)
                if got.numel() == expected.numel() and _close(
                    got.reshape(expected.shape), expected
                ):
                    ctx.fail("sl_shape", got, got=tuple(got.shape), want=tuple(expected.shape))
                ctx.fail("sl_formula", got)
            ctx.on_device(got, yh.device)

        return run

    def gradient(ctx: _Case) -> None:
        y_hat, y, weights = _randn(gen, 5, 1), _randn(gen, 5, 1), _randn(gen, 5, 1)
        ctx.given = (
            "l = squared_loss(y_hat, y); (l * g).sum().backward(), "
            "y_hat = torch.randn(5, 1, requires_grad=True), y = torch.randn(5, 1)"
        )
        ctx.reference = "F.mse_loss(y_hat, y, reduction='none') / 2"
        mine, ref = y_hat.clone().requires_grad_(), y_hat.clone().requires_grad_()
        got = ctx.tensor(ctx.call(mine, y))
        expected = reference(ref, y)
        ctx.expected = expected
        if not _close(got, expected):
            ctx.fail("sl_formula", got)
        _check_grad(ctx, got, expected, [mine], [ref], weights)

    cases = [
        ("ordinary", values(_randn(gen, 8, 1), _randn(gen, 8, 1))),
        ("flat_labels", values(_randn(gen, 8, 1), _randn(gen, 8))),
        ("single_example", values(_randn(gen, 1, 1), _randn(gen, 1, 1))),
        ("gradient", gradient),
        ("device", values(_randn(gen, 6, 1), _randn(gen, 6, 1), True)),
    ]
    return _run("check_squared_loss", fn, cases, setup)


# ---------------------------------------------------------------------------------------------
# sgd
# ---------------------------------------------------------------------------------------------


def _linreg_losses(params: Sequence[torch.Tensor], X: torch.Tensor, y: torch.Tensor):
    w, b = params
    return ((X @ w + b - y) ** 2 / 2).reshape(-1)  # (B, d) @ (d, 1) -> (B, 1) -> (B,)


def _softmax_losses(params: Sequence[torch.Tensor], X: torch.Tensor, y: torch.Tensor):
    W, b = params
    return F.cross_entropy(X @ W + b, y, reduction="none")  # (B, d) @ (d, q) -> (B, q) -> (B,)


def _sgd_error(error: Exception) -> str | None:
    text = str(error)
    if "leaf Variable" in text or "in-place operation" in text:
        return "sgd_no_grad"
    if isinstance(error, AttributeError) and "zero_" in text:
        return "sgd_not_in_place"
    return None


def check_sgd(
    fn: Callable[..., Any],
    lang: str | None = None,
    *,
    device: str | torch.device | None = None,
    strict: bool | None = None,
    time_limit: float | None = None,
) -> CheckResult:
    """Check a from-scratch sgd(params, lr, batch_size), and print a verdict.

    params: a list of leaf tensors whose .grad holds the gradient of the loss
    summed over a minibatch of batch_size examples. The reference is
    torch.optim.SGD(params, lr) stepping on the mean loss, which is the same
    update, p -= lr * p.grad / batch_size; after it the gradients must be
    zero (or None) and the caller's tensors changed in place.
    """
    setup = _start("check_sgd", fn, lang, device, strict=strict, time_limit=time_limit)
    gen = torch.Generator().manual_seed(0)

    def problem(batch_size: int, d: int = 2, classes: int = 0):
        X = _randn(gen, batch_size, d)
        if classes:
            init = [_randn(gen, d, classes) * 0.1, _randn(gen, classes) * 0.1]
            y = torch.randint(0, classes, (batch_size,), generator=gen)
            return init, X, y, _softmax_losses
        init = [_randn(gen, d, 1), _randn(gen, 1)]
        return init, X, _randn(gen, batch_size, 1) * 3, _linreg_losses

    def steps_case(
        batch_size: int,
        lr: float,
        steps: int = 1,
        classes: int = 0,
        zeroed_only: bool = False,
        on_device: bool = False,
    ) -> CaseFn:
        init, X, y, losses = problem(batch_size, classes=classes)

        def run(ctx: _Case) -> None:
            where = ctx.device if on_device else torch.device("cpu")
            Xd, yd = X.to(where), y.to(where)
            names = "[W, b]" if classes else "[w, b]"
            shapes = ", ".join(str(tuple(p.shape)) for p in init)
            model = ctx.text("sgd_softmax_model" if classes else "sgd_linear_model")
            ctx.given = (
                f"l.sum().backward(); sgd({names}, lr={lr}, batch_size={batch_size})"
                + ctx.text("sgd_given", model=model, batch_size=batch_size, shapes=shapes)
                + (ctx.text("sgd_steps_given", steps=steps) if steps > 1 else "")
            )
            ctx.given += _dev(where) if on_device else ""
            ctx.reference = f"torch.optim.SGD({names}, lr={lr}), l.mean().backward()"
            params = [p.detach().clone().to(where).requires_grad_() for p in init]
            ref = [p.detach().clone().to(where).requires_grad_() for p in init]
            optimizer = torch.optim.SGD(ref, lr=lr)
            for step in range(steps):
                before = [p.detach().clone() for p in params]
                losses(params, Xd, yd).sum().backward()
                grads = [p.grad.detach().clone() for p in params]  # type: ignore[union-attr]
                ctx.call(list(params), lr, batch_size)
                optimizer.zero_grad()
                losses(ref, Xd, yd).mean().backward()
                optimizer.step()
                ctx.expected = [r.detach() for r in ref]
                got = [p.detach() for p in params]
                if any(not p.requires_grad for p in params):
                    ctx.fail("sgd_leaf", got)
                if not zeroed_only and not all(
                    _close(p, r, atol=1e-6) for p, r in zip(params, ref, strict=True)
                ):
                    flat = torch.cat(
                        [(p.detach() - b).reshape(-1) for p, b in zip(got, before, strict=True)]
                    )
                    g = torch.cat([g.reshape(-1) for g in grads])
                    if all(torch.equal(p, b) for p, b in zip(got, before, strict=True)):
                        ctx.fail("sgd_not_in_place", got)
                    if batch_size > 1 and _close(flat, -lr * g, atol=1e-6):
                        ctx.fail("sgd_no_division", got, bs=batch_size)
                    if _close(flat, lr * g / batch_size, atol=1e-6):
                        ctx.fail("sgd_wrong_sign", got)
                    ctx.fail("sgd_formula", got)
                if zeroed_only or step < steps - 1:
                    left = [p.grad for p in params if p.grad is not None and p.grad.any()]
                    if left:
                        ctx.reference = ""
                        ctx.expected = ctx.text("sgd_not_zeroed_expected")
                        ctx.fail("sgd_not_zeroed", f"param.grad = {ctx.show(left[0])}")
                for p in got:
                    ctx.on_device(p, where)

        return run

    cases = [
        ("one_step", steps_case(4, 0.1)),
        ("grads_zeroed", steps_case(4, 0.1, zeroed_only=True)),
        ("two_steps", steps_case(4, 0.1, steps=2)),
        ("book_settings", steps_case(10, 0.03)),
        ("batch_size_one", steps_case(1, 0.5)),
        ("softmax_regression", steps_case(6, 0.1, classes=3)),
        ("device", steps_case(5, 0.1, on_device=True)),
    ]
    return _run("check_sgd", fn, cases, setup, _sgd_error)
