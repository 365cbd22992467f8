"""The checker of Accumulator: n running sums, added to, reset and read.

The learner's class is built, fed numbers and one-element tensors, reset and
read back; the reference sums the same values with torch. The hints say what
is wrong and where (which method, what it must keep) without giving the code
away: the class is an exercise the learner writes from memory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch

from d2lite.exercises.cases import CaseFn, _as_number, _Case, _dev
from d2lite.exercises.result import CheckResult
from d2lite.exercises.runner import _run, _start

__all__ = ["check_accumulator"]


# ---------------------------------------------------------------------------------------------
# Accumulator
# ---------------------------------------------------------------------------------------------


def check_accumulator(
    cls: Callable[..., Any],
    lang: str | None = None,
    *,
    device: str | torch.device | None = None,
    strict: bool | None = None,
    time_limit: float | None = None,
) -> CheckResult:
    """Check a from-scratch Accumulator class, and print a verdict.

    Accumulator(n) keeps n running sums: add(*args) adds one value (a number
    or a one-element tensor) to each, reset() sets them to 0.0 and acc[i]
    reads one. The reference sums the same values with torch.
    """
    setup = _start(
        "check_accumulator", cls, lang, device, arg="cls", strict=strict, time_limit=time_limit
    )

    def read(ctx: _Case, acc: Any, n: int) -> list[float]:
        values = []
        for i in range(n):
            value = _as_number(ctx.run(acc.__getitem__, i))
            if value is None:
                ctx.fail("am_index", ctx.run(acc.__getitem__, i))
            values.append(value)
        return values

    def sums(
        rows: Sequence[Sequence[Any]], made: str, keys: Sequence[str] = (), on_device: bool = False
    ) -> CaseFn:
        def run(ctx: _Case) -> None:
            n = len(rows[0])
            where = ctx.device if on_device else None
            args_rows = [
                [torch.tensor(v, device=where) if on_device else v for v in row] for row in rows
            ]
            # the device case says in words what it adds: one-element tensors
            shown = made or ctx.text("am_device_given")
            ctx.given = shown + (_dev(ctx.device) if on_device else "")
            ctx.reference = "torch.tensor(rows, dtype=torch.float64).sum(0)"
            expected = torch.tensor([[float(v) for v in row] for row in rows]).double().sum(0)
            ctx.expected = expected.tolist()
            ctx.error_hint = "am_length"
            acc = ctx.call(n)
            start = read(ctx, acc, n)
            if start != [0.0] * n:
                ctx.reference, ctx.expected = f"Accumulator({n})", [0.0] * n
                ctx.fail("am_init", start, got=start)
            for row in args_rows:
                ctx.run(acc.add, *row)
            got = read(ctx, acc, n)
            if not torch.allclose(torch.tensor(got, dtype=torch.float64), expected):
                truncated = torch.tensor([[int(v) for v in row] for row in rows]).sum(0)
                if got == [float(v) for v in rows[-1]]:
                    ctx.fail("am_not_summed", got)
                if got == truncated.double().tolist():
                    ctx.fail("am_truncates", got)
                ctx.fail("am_formula", got)

        return run

    def reset(ctx: _Case) -> None:
        ctx.given = "acc = Accumulator(3); acc.add(1, 2.5, 3); acc.reset(); acc.add(1, 1, 1)"
        ctx.expected = ctx.text("am_reset_expected")
        acc = ctx.call(3)
        ctx.run(acc.add, 1, 2.5, 3)
        ctx.error_hint = "am_reset"
        ctx.run(acc.reset)
        got = read(ctx, acc, 3)
        if got != [0.0, 0.0, 0.0]:
            ctx.fail("am_reset", got)
        ctx.run(acc.add, 1, 1, 1)
        got = read(ctx, acc, 3)
        if got != [1.0, 1.0, 1.0]:
            ctx.fail("am_reset", got)

    def separate_instances(ctx: _Case) -> None:
        ctx.given = "a = Accumulator(2); b = Accumulator(2); a.add(1, 2); [b[0], b[1]]"
        ctx.reference = ctx.text("am_shared_reference")
        ctx.expected = [0.0, 0.0]
        a, b = ctx.call(2), ctx.call(2)
        ctx.run(a.add, 1, 2)
        got = read(ctx, b, 2)
        if got != [0.0, 0.0]:
            ctx.fail("am_shared", got)

    rows_sums = [[1, 2.5], [3, 4.25], [0.5, 0]]
    rows_tensors = [[0.5, 2, 3], [1.25, 1, 4]]
    cases = [
        ("sums", sums(rows_sums, "acc = Accumulator(2); acc.add(1, 2.5); acc.add(3, 4.25); ...")),
        (
            "tensors",
            sums(
                [[torch.tensor(v) for v in row] for row in rows_tensors],
                "acc = Accumulator(3); acc.add(torch.tensor(0.5), torch.tensor(2), "
                "torch.tensor(3)); acc.add(...)",
            ),
        ),
        ("one_variable", sums([[2.5], [2.5], [2.5]], "acc = Accumulator(1); acc.add(2.5) x 3")),
        ("reset", reset),
        ("separate_instances", separate_instances),
        (
            "device",
            sums(rows_tensors, "", on_device=True),
        ),
    ]
    return _run("check_accumulator", cls, cases, setup)
