"""Checkers for the exercises of concise linear regression: huber_loss and collapse.

`check_huber_loss` compares a hand-written Huber loss with nn.HuberLoss on grids
of residuals (|r| == delta included), for several deltas, flat labels, float64
and the gradient; `check_collapse` checks that one nn.Linear made from two stacked
ones computes the same function, without touching the two.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from d2lite.exercises.cases import CaseFn, _Case, _check_grad, _close, _dev, _randn
from d2lite.exercises.result import CheckResult
from d2lite.exercises.runner import _run, _start

__all__ = ["check_collapse", "check_huber_loss"]


# ---------------------------------------------------------------------------------------------
# huber_loss
# ---------------------------------------------------------------------------------------------


def check_huber_loss(
    fn: Callable[..., Any],
    lang: str | None = None,
    *,
    device: str | torch.device | None = None,
    strict: bool | None = None,
    time_limit: float | None = None,
) -> CheckResult:
    """Check a hand-written huber_loss(y_hat, y, delta=1.0), and print a verdict.

    y_hat: (n, 1); y: (n, 1) or (n,). The reference is
    nn.HuberLoss(delta=delta)(y_hat, y.reshape(y_hat.shape)): per example
    r**2 / 2 where |r| <= delta, else delta * (|r| - delta / 2), with r = y_hat - y,
    averaged over the minibatch (a scalar); its gradient too.
    """
    setup = _start("check_huber_loss", fn, lang, device, strict=strict, time_limit=time_limit)
    gen = torch.Generator().manual_seed(0)

    def reference(y_hat: torch.Tensor, y: torch.Tensor, delta: float) -> torch.Tensor:
        return nn.HuberLoss(delta=delta)(y_hat, y.reshape(y_hat.shape))

    def diagnose(ctx: _Case, got: torch.Tensor, r: torch.Tensor, delta: float) -> None:
        a = r.abs()
        inside = a <= delta
        per_example = torch.where(inside, a**2 / 2, delta * (a - delta / 2))
        n = len(r)
        if got.numel() == n and n > 1 and _close(got.reshape(r.shape), per_example):
            ctx.fail("hl_not_mean", got, got=tuple(got.shape))
        if got.numel() == 1 and n > 1 and _close(got.reshape(()), per_example.sum()):
            ctx.fail("hl_sum", got)
        if got.numel() != 1:
            ctx.fail("hl_shape", got, got=tuple(got.shape))
        got = got.reshape(())
        candidates = {
            "hl_smooth_l1": per_example / delta,
            "hl_no_half": torch.where(inside, a**2, delta * (a - delta / 2)),
            "hl_linear_part": torch.where(inside, a**2 / 2, delta * a),
            "hl_squared_only": a**2 / 2,
            "hl_abs": torch.where(inside, r**2 / 2, delta * (r - delta / 2)),
        }
        if delta != 1.0:
            candidates["hl_delta_ignored"] = torch.where(a <= 1, a**2 / 2, a - 0.5)
        for key, candidate in candidates.items():
            if _close(got, candidate.mean()):
                ctx.fail(key, got)
        ctx.fail("hl_formula", got)

    def values(
        r: torch.Tensor,
        delta: float | None,
        flat: bool = False,
        dtype: torch.dtype = torch.float32,
        on_device: bool = False,
    ) -> CaseFn:
        def run(ctx: _Case) -> None:
            where = ctx.device if on_device else torch.device("cpu")
            # labels on a grid of 0.25, so that y_hat - y gives the residuals r exactly
            y = (torch.randint(-12, 13, (len(r), 1), generator=gen) / 4).to(dtype)
            y_hat = (y + r.reshape(-1, 1).to(dtype)).to(where)
            y = (y.reshape(-1) if flat else y).to(where)
            d = 1.0 if delta is None else delta
            call = "huber_loss(y_hat, y)" if delta is None else f"huber_loss(y_hat, y, delta={d:g})"
            shown = [f"{v:g}" for v in r.tolist()]
            ctx.given = (
                f"{call}, y_hat = y + r, y.shape = {tuple(y.shape)}, "
                f"r = [{', '.join(shown)}]"
                + (f", dtype={dtype}" if dtype != torch.float32 else "")
                + (_dev(where) if on_device else "")
            )
            ctx.reference = f"nn.HuberLoss(delta={d:g})(y_hat, y.reshape(y_hat.shape))"
            expected = reference(y_hat, y, d)
            ctx.expected = expected
            args = (y_hat.clone(), y.clone())
            got = ctx.tensor(ctx.call(*args) if delta is None else ctx.call(*args, delta=d))
            if not _close(got, expected, rtol=1e-5, atol=1e-6):
                diagnose(ctx, got, (y_hat - y.reshape(y_hat.shape)).detach(), d)
            if got.dtype != dtype:
                ctx.fail("hl_dtype", got, got=got.dtype, want=dtype)
            ctx.on_device(got, where)

        return run

    def gradient(ctx: _Case) -> None:
        delta = 1.0
        r = torch.tensor([-3.0, -1.0, -0.4, 0.0, 0.3, 1.0, 2.5, -1.5])
        y = _randn(gen, 8, 1)
        ctx.given = (
            "l = huber_loss(y_hat, y, delta=1); l.backward(), y_hat = (y + r).requires_grad_(), "
            f"r = {r.tolist()}"
        )
        ctx.reference = "nn.HuberLoss(delta=1)(y_hat, y)"
        y_hat = (y + r.reshape(-1, 1)).detach()
        mine, ref = y_hat.clone().requires_grad_(), y_hat.clone().requires_grad_()
        got = ctx.tensor(ctx.call(mine, y, delta=delta))
        expected = reference(ref, y, delta)
        ctx.expected = expected
        if not _close(got, expected):
            diagnose(ctx, got, r.reshape(-1, 1), delta)
        _check_grad(ctx, got, expected, [mine], [ref], torch.ones(()))

    grid = torch.linspace(-3, 3, 13)  # steps of 0.5: +-0.5, +-1 and +-2 are on it exactly
    cases = [
        ("residual_grid", values(grid, None)),
        ("delta_half", values(grid, 0.5)),
        ("delta_two", values(grid, 2.0)),
        ("large_residuals", values(torch.tensor([-100.0, -7.0, 0.2, 5.0, 100.0]), 1.0)),
        ("flat_labels", values(grid[::2], 1.0, flat=True)),
        ("float64", values(grid, 1.0, dtype=torch.float64)),
        ("single_example", values(torch.tensor([2.0]), 1.0)),
        ("gradient", gradient),
        ("device", values(grid, 1.0, on_device=True)),
    ]
    return _run("check_huber_loss", fn, cases, setup)


# ---------------------------------------------------------------------------------------------
# collapse
# ---------------------------------------------------------------------------------------------


def _collapse_error(error: Exception) -> str | None:
    text = str(error)
    if "leaf Variable" in text or "in-place operation" in text:
        return "co_no_grad"
    if "cannot be multiplied" in text or "size mismatch" in text or "must match" in text:
        return "co_shapes"
    if isinstance(error, (TypeError, AttributeError)) and "NoneType" in text:
        return "co_no_bias"
    return None


def check_collapse(
    fn: Callable[..., Any],
    lang: str | None = None,
    *,
    device: str | torch.device | None = None,
    strict: bool | None = None,
    time_limit: float | None = None,
) -> CheckResult:
    """Check a hand-written collapse(two_layers), and print a verdict.

    two_layers: nn.Sequential(nn.Linear(a, b), nn.Linear(b, c)). The answer is
    one nn.Linear(a, c) computing the same function, W2 W1 x + (W2 b1 + b2),
    whose outputs agree with two_layers' within 1e-5 on random inputs; a layer
    made with bias=False has no bias (count it as zero); two_layers stays as
    it was. `device` is accepted for uniformity; the cases run on the CPU.
    """
    setup = _start("check_collapse", fn, lang, device, strict=strict, time_limit=time_limit)

    def stack(sizes: tuple[int, int, int], bias: tuple[bool, bool]) -> nn.Sequential:
        a, b, c = sizes
        return nn.Sequential(nn.Linear(a, b, bias=bias[0]), nn.Linear(b, c, bias=bias[1]))

    def same_function(
        sizes: tuple[int, int, int], bias: tuple[bool, bool] = (True, True)
    ) -> CaseFn:
        def run(ctx: _Case) -> None:
            a, b, c = sizes
            two = stack(sizes, bias)  # made here, after the case's seed: the same every time
            before = {k: v.clone() for k, v in two.state_dict().items()}
            flags = "" if all(bias) else ", bias=False"
            first = f"nn.Linear({a}, {b}{flags if not bias[0] else ''})"
            second = f"nn.Linear({b}, {c}{flags if not bias[1] else ''})"
            ctx.given = f"collapse(nn.Sequential({first}, {second}))"
            X = torch.randn(20, a)
            with torch.no_grad():
                expected = two(X)
            got = ctx.call(two)
            ctx.reference = ctx.text("co_reference")
            ctx.expected = ctx.text("co_expected", a=a, c=c)
            if not isinstance(got, nn.Linear):
                ctx.fail("co_not_linear", got, kind=ctx.kind(got), a=a, c=c)
            if (got.in_features, got.out_features) != (a, c):
                shown = f"nn.Linear({got.in_features}, {got.out_features})"
                ctx.fail("co_features", shown, a=a, c=c)
            changed = [k for k, v in two.state_dict().items() if not torch.equal(v, before[k])]
            if changed:
                ctx.expected = ctx.text("co_unchanged_expected")
                ctx.fail("co_changed", ctx.text("co_changed_got", names=changed))
            ctx.reference = "two_layers(X)"
            ctx.expected = expected
            ctx.given += f", X = torch.randn(20, {a})"
            with torch.no_grad():
                out = got(X)
            if not _close(out, expected, atol=1e-5):
                W1, W2 = two[0].weight.detach(), two[1].weight.detach()
                b1 = two[0].bias.detach() if two[0].bias is not None else torch.zeros(b)
                b2 = two[1].bias.detach() if two[1].bias is not None else torch.zeros(c)
                weight_ok = _close(got.weight, W2 @ W1, atol=1e-5)
                if weight_ok and got.bias is None and (b1.any() or b2.any()):
                    ctx.fail("co_bias_missing", out)
                if weight_ok and b == c and got.bias is not None and _close(got.bias, b1 + b2):
                    ctx.fail("co_bias_w2", out)
                if weight_ok:
                    ctx.fail("co_bias", out)
                ctx.fail("co_weight", out)

        return run

    cases = [
        ("book_shapes", same_function((2, 3, 1))),
        ("other_shapes", same_function((5, 4, 3))),
        ("no_bias", same_function((3, 4, 2), bias=(False, True))),
        ("layers_unchanged", same_function((4, 3, 3))),  # every case checks it; here b == c
    ]
    return _run("check_collapse", fn, cases, setup, _collapse_error)
