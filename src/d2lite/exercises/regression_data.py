"""Checkers for the data of linear regression: synthetic_data and data_iter.

`check_synthetic_data` checks the generated examples by their shapes and by
statistics (the noise is random); `check_data_iter` feeds examples whose
features and labels all equal their index, so that it can tell which example
came in which batch and with which label.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F

from d2lite.exercises.cases import CaseFn, _Case, _dev, _LearnerError, _literal
from d2lite.exercises.result import CheckResult
from d2lite.exercises.runner import _run, _start

__all__ = ["check_data_iter", "check_synthetic_data"]


# ---------------------------------------------------------------------------------------------
# synthetic_data
# ---------------------------------------------------------------------------------------------


def check_synthetic_data(
    fn: Callable[..., Any],
    lang: str | None = None,
    *,
    device: str | torch.device | None = None,
    strict: bool | None = None,
    time_limit: float | None = None,
) -> CheckResult:
    """Check a from-scratch synthetic_data(w, b, num_examples) -> (X, y), and print a verdict.

    The reference: X from N(0, 1), shape (num_examples, len(w)), float32;
    y = X @ w + b + N(0, 0.01^2) noise, shape (num_examples, 1). The noise is
    random, so X's distribution and the noise's std are checked by statistics
    over 1000 examples. `device` is accepted for uniformity; the book's
    synthetic_data makes CPU tensors, so no case runs on the device.
    """
    setup = _start("check_synthetic_data", fn, lang, device, strict=strict, time_limit=time_limit)

    def draw(ctx: _Case, w: torch.Tensor, b: float, n: int) -> tuple[torch.Tensor, torch.Tensor]:
        ctx.given = f"synthetic_data(w, b, {n}), w = {_literal(w)}, b = {b}"
        out = ctx.call(w.clone(), b, n)
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            ctx.fail("sd_not_pair", out, kind=ctx.kind(out))
        X, y = (ctx.tensor(v) for v in out)
        d = len(w)
        ctx.expected = ctx.text("sd_expected", x=(n, d), y=(n, 1))
        if tuple(X.shape) != (n, d):
            ctx.fail("sd_x_shape", f"X.shape = {tuple(X.shape)}", want=(n, d))
        if tuple(y.shape) != (n, 1):
            ctx.fail("sd_y_shape", f"y.shape = {tuple(y.shape)}", want=(n, 1))
        if X.dtype != torch.float32 or y.dtype != torch.float32:
            got = f"X.dtype = {X.dtype}, y.dtype = {y.dtype}"
            ctx.fail("sd_dtype", got, x=X.dtype, y=y.dtype)
        return X.detach().cpu(), y.detach().cpu()

    def residual(X: torch.Tensor, y: torch.Tensor, w: torch.Tensor, b: float) -> torch.Tensor:
        return y.reshape(-1) - F.linear(X, w.reshape(1, -1), torch.tensor([b])).reshape(-1)

    true_w, true_b = torch.tensor([2, -3.4]), 4.2

    def shapes_and_dtype(ctx: _Case) -> None:
        draw(ctx, true_w, true_b, 1000)

    def noise_checks(
        ctx: _Case,
        X: torch.Tensor,
        y: torch.Tensor,
        w: torch.Tensor,
        b: float,
        low: float,
        high: float,
    ) -> None:
        r = residual(X, y, w, b).double()
        mean, std = float(r.mean()), float(r.std()) if len(r) > 1 else 0.0
        ctx.expected = ctx.text("sd_noise_expected")
        got = ctx.text("sd_noise_got", mean=mean, std=std)
        # Fit r = X @ a + c: noise leaves a and c near 0, a wrong formula (no b, another w)
        # does not. The fit's coefficients vary by about noise std / sqrt(n).
        A = torch.cat([X.double(), torch.ones(len(X), 1, dtype=torch.float64)], dim=1)
        coef = torch.linalg.lstsq(A, r.unsqueeze(1)).solution.reshape(-1)
        rest = float((r - A @ coef).std())
        if float(coef.abs().max()) > max(0.005, 6 * rest / math.sqrt(len(r))):
            ctx.fail("sd_formula", got, mean=mean, std=std)
        if rest < 1e-5:
            ctx.fail("sd_no_noise", got)
        if not low < rest < high:
            ctx.fail("sd_noise_scale", got, std=rest)

    def noise(ctx: _Case) -> None:
        X, y = draw(ctx, true_w, true_b, 1000)
        # 1000 draws of N(0, 0.01): the sample std is within 0.0002 of 0.01 (one sd)
        noise_checks(ctx, X, y, true_w, true_b, 0.008, 0.012)

    def x_distribution(ctx: _Case) -> None:
        X, _ = draw(ctx, true_w, true_b, 1000)
        mean, std = float(X.mean()), float(X.std())
        ctx.expected = ctx.text("sd_x_dist_expected")
        if abs(mean) > 0.1 or abs(std - 1) > 0.1:  # 2000 draws: sds of 0.022 and 0.016
            got = ctx.text("sd_x_dist_got", mean=mean, std=std)
            ctx.fail("sd_x_dist", got, mean=mean, std=std)

    def other_w_and_b(ctx: _Case) -> None:
        w, b = torch.tensor([1.0, -2.0, 0.5]), -1.5
        X, y = draw(ctx, w, b, 50)
        noise_checks(ctx, X, y, w, b, 0.005, 0.02)  # 50 draws: a looser band for the std

    def single_example(ctx: _Case) -> None:
        draw(ctx, true_w, true_b, 1)

    def fresh_draws(ctx: _Case) -> None:
        X1, _ = draw(ctx, true_w, true_b, 10)
        X2, _ = draw(ctx, true_w, true_b, 10)
        ctx.given += ctx.text("sd_twice_given")
        ctx.expected = ctx.text("sd_twice_expected")
        if torch.equal(X1, X2):
            ctx.fail("sd_same_draws", ctx.text("sd_same_draws_got"))

    cases = [
        ("shapes_and_dtype", shapes_and_dtype),
        ("noise", noise),
        ("x_distribution", x_distribution),
        ("other_w_and_b", other_w_and_b),
        ("single_example", single_example),
        ("fresh_draws", fresh_draws),
    ]
    return _run("check_synthetic_data", fn, cases, setup)


# ---------------------------------------------------------------------------------------------
# data_iter
# ---------------------------------------------------------------------------------------------


def _batches(
    ctx: _Case, batch_size: int, features: torch.Tensor, labels: torch.Tensor
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Collect one pass of the learner's data_iter, failing on anything that is not a batch."""
    n = len(features)
    limit = 2 * n + 10  # a loop that never ends is cut off here
    out = ctx.call(batch_size, features, labels)
    try:
        with ctx.learner():  # a DataLoader's __iter__ runs here
            iterator = iter(out)
    except TypeError:
        ctx.fail("di_not_iterable", out, kind=ctx.kind(out))
    batches = []
    while True:
        try:
            with ctx.learner():  # the body of the learner's generator runs here
                item = next(iterator)
        except StopIteration:
            break
        except Exception as error:
            raise _LearnerError(error) from error
        if len(batches) >= limit:
            got = ctx.text("di_too_many_got", limit=limit)
            ctx.fail("di_too_many", got, limit=limit, n=n)
        if not (
            isinstance(item, (tuple, list))
            and len(item) == 2
            and all(isinstance(t, torch.Tensor) for t in item)
        ):
            ctx.fail("di_not_pair", item, kind=ctx.kind(item))
        batches.append((item[0], item[1]))
    return batches


def _ids(
    ctx: _Case,
    batches: list[tuple[torch.Tensor, torch.Tensor]],
    features: torch.Tensor,
    labels: torch.Tensor,
) -> list[int]:
    """Return the example ids in the order they came, checking that pairs stayed together."""
    ids: list[int] = []
    for X, y in batches:
        if X.shape[1:] != features.shape[1:] or y.shape[1:] != labels.shape[1:] or len(X) != len(y):
            ctx.fail(
                "di_batch_shape",
                ctx.text("di_batch_shape_got", x=tuple(X.shape), y=tuple(y.shape)),
                x_want=("B", *features.shape[1:]),
                y_want=("B", *labels.shape[1:]),
                x_got=tuple(X.shape),
                y_got=tuple(y.shape),
            )
        ctx.on_device(X, features.device)
        ctx.on_device(y, labels.device)
        # Every feature of example i is i (its id), and so is its label.
        x_ids = X.detach().reshape(len(X), -1)[:, 0].cpu().round().long()
        y_ids = y.detach().reshape(len(y), -1)[:, 0].cpu().round().long()
        if not torch.equal(x_ids, y_ids):
            got = ctx.text("di_pairs_broken_got", x_ids=x_ids.tolist(), y_ids=y_ids.tolist())
            ctx.fail("di_pairs_broken", got)
        ids += x_ids.tolist()
    return ids


def check_data_iter(
    fn: Callable[..., Any],
    lang: str | None = None,
    *,
    device: str | torch.device | None = None,
    strict: bool | None = None,
    time_limit: float | None = None,
) -> CheckResult:
    """Check a from-scratch data_iter(batch_size, features, labels), and print a verdict.

    The reference: each pass yields (features[idx], labels[idx]) for shuffled
    idx, batch_size examples per batch and a short last batch, every example
    exactly once, as DataLoader(TensorDataset(...), shuffle=True) does.
    features: (n, ...); labels: (n, ...). Example i's features and label all
    equal i, so the check can tell which example came and with which label.
    """
    setup = _start("check_data_iter", fn, lang, device, strict=strict, time_limit=time_limit)

    def data(
        n: int, feature_shape: tuple[int, ...] = (2,), label_shape: tuple[int, ...] = (1,)
    ) -> tuple[torch.Tensor, torch.Tensor]:
        ids = torch.arange(n, dtype=torch.float32)
        features = ids.reshape(n, *[1] * len(feature_shape)).expand(n, *feature_shape).clone()
        labels = ids.reshape(n, *[1] * len(label_shape)).expand(n, *label_shape).clone()
        return features, labels

    def one_pass(
        n: int,
        batch_size: int,
        feature_shape: tuple[int, ...] = (2,),
        label_shape: tuple[int, ...] = (1,),
        on_device: bool = False,
        labels_long: bool = False,
    ) -> CaseFn:
        def run(ctx: _Case) -> None:
            features, labels = data(n, feature_shape, label_shape)
            if labels_long:
                labels = labels.long()
            where = _dev(ctx.device) if on_device else ""
            if on_device:
                features, labels = features.to(ctx.device), labels.to(ctx.device)
            shapes = (
                f"features.shape = {tuple(features.shape)}, labels.shape = {tuple(labels.shape)}"
            )
            ctx.given = f"data_iter({batch_size}, features, labels), {shapes}{where}" + ctx.text(
                "di_given"
            )
            sizes = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
            ctx.expected = ctx.text("di_expected", sizes=sizes)
            batches = _batches(ctx, batch_size, features, labels)
            ids = _ids(ctx, batches, features, labels)
            counts = torch.bincount(torch.tensor(ids, dtype=torch.long), minlength=n)
            got_sizes = [len(X) for X, _ in batches]
            if len(counts) > n or (counts > 1).any():
                i = int((counts > 1).nonzero()[0]) if (counts > 1).any() else n
                shown = ctx.text("di_overlap_got", sizes=got_sizes, ids=ids[:40])
                ctx.fail("di_overlap", shown, i=i, k=int(counts.max()))
            if (counts == 0).any():
                missing = (counts == 0).nonzero().reshape(-1).tolist()
                shown = ctx.text("di_missing_got", sizes=got_sizes, m=len(missing))
                r = n % batch_size
                if r and len(missing) == r and got_sizes == sizes[:-1]:
                    ctx.fail("di_dropped_last", shown, r=r, n=n, bs=batch_size)
                ctx.fail("di_missing", shown, m=len(missing), n=n, i=missing[0])
            if got_sizes != sizes:
                shown = ctx.text("di_sizes_got", sizes=got_sizes)
                ctx.fail("di_sizes", shown, got=got_sizes, want=sizes)

        return run

    def shuffled(ctx: _Case) -> None:
        n, batch_size = 50, 10
        features, labels = data(n)
        ctx.given = (
            f"data_iter({batch_size}, features, labels), features.shape = (50, 2)"
            + ctx.text("di_shuffled_given")
        )
        ctx.expected = ctx.text("di_shuffled_expected")
        first = _ids(ctx, _batches(ctx, batch_size, features, labels), features, labels)
        second = _ids(ctx, _batches(ctx, batch_size, features, labels), features, labels)
        if first == sorted(first):
            got = ctx.text("di_not_shuffled_got", ids=first[:20])
            ctx.fail("di_not_shuffled", got)
        if first == second:
            got = ctx.text("di_same_order_got", ids=first[:20])
            ctx.fail("di_same_order", got)

    cases = [
        ("ordinary", one_pass(20, 5)),
        ("short_last_batch", one_pass(23, 5)),
        ("batch_larger_than_data", one_pass(3, 10)),
        ("single_example", one_pass(1, 1)),
        ("image_features", one_pass(12, 5, (1, 2, 2), (), labels_long=True)),
        ("shuffled", shuffled),
        ("device", one_pass(17, 4, on_device=True)),
    ]
    return _run("check_data_iter", fn, cases, setup)
