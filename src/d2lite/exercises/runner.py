"""Running a check: validate its arguments, run every case under fixed seeds, print the verdict.

Every `check_*` function starts with `_start` (is `fn` callable, which language,
which device) and ends with `_run`, which runs the cases one by one, each after
seeding torch, Python's `random` and NumPy with the case's index, turns each
failure or exception into a `CaseFailure`, restores the random state the
learner had, and prints and returns the `CheckResult`.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import torch

from d2lite.devices import default_device, parse_device
from d2lite.exercises.cases import (
    CaseFn,
    ErrorHint,
    _Case,
    _error_text,
    _Fail,
    _LearnerError,
    _show,
)
from d2lite.exercises.messages import _text
from d2lite.exercises.report import _report
from d2lite.exercises.result import CaseFailure, CheckResult
from d2lite.lang import resolve_lang


def _start(
    check: str, fn: object, lang: str | None, device: str | torch.device | None, arg: str = "fn"
) -> tuple[str, torch.device]:
    learner_name = "Accumulator" if arg == "cls" else check.removeprefix("check_")
    _check_callable(check, fn, arg, learner_name)
    lang = resolve_lang(lang)
    device = default_device() if device is None else parse_device(device)
    if device.index is None and device.type != "cpu":
        device = torch.empty(0, device=device).device  # 'cuda' -> 'cuda:0', as tensors report it
    return lang, device


@contextlib.contextmanager
def _seeded(device: torch.device) -> Iterator[Callable[[int], None]]:
    """Yield a function seeding every generator a learner may use; restore them all after."""
    cpu_state = torch.random.get_rng_state()
    py_state = random.getstate()
    np_state = np.random.get_state()
    cuda_states = torch.cuda.get_rng_state_all() if device.type == "cuda" else None
    mps_state = torch.mps.get_rng_state() if device.type == "mps" else None

    def seed(value: int) -> None:
        torch.random.default_generator.manual_seed(value)
        random.seed(value)
        np.random.seed(value)
        if cuda_states is not None:
            torch.cuda.manual_seed_all(value)
        if mps_state is not None:
            torch.mps.manual_seed(value)

    try:
        yield seed
    finally:
        torch.random.set_rng_state(cpu_state)
        random.setstate(py_state)
        np.random.set_state(np_state)
        if cuda_states is not None:
            torch.cuda.set_rng_state_all(cuda_states)
        if mps_state is not None:
            torch.mps.set_rng_state(mps_state)


def _check_callable(check: str, fn: object, arg: str, learner_name: str) -> None:
    if not callable(fn):
        raise TypeError(
            f"{arg} must be callable, got {_show(fn)} of type {type(fn).__name__}; pass your "
            f"{learner_name} itself, for example {check}({learner_name}), not what it returns"
        )


def _run(
    check: str,
    fn: Callable[..., Any],
    cases: Sequence[tuple[str, CaseFn]],
    lang: str | None,
    device: torch.device,
    error_hint: ErrorHint | None = None,
) -> CheckResult:
    """Run every case on `fn`, print the verdict and return it as a CheckResult."""
    ctx = _Case(fn, lang or "en", device)
    passed: list[str] = []
    failed: list[str] = []
    failures: dict[str, CaseFailure] = {}
    with _seeded(device) as seed:
        for i, (name, case) in enumerate(cases):
            seed(i)
            ctx.start()
            try:
                case(ctx)
            except _Fail as failure:
                got, hint = _show(failure.got), failure.hint
            except _LearnerError as raised:
                got = _text("raised", ctx.lang, error=_error_text(raised.error))
                key = ctx.error_hint or (error_hint(raised.error) if error_hint else None)
                hint = _text(key or "error_generic", ctx.lang)
            except Exception as error:  # what came back broke the comparison
                got = _text("raised", ctx.lang, error=_error_text(error))
                hint = _text("not_comparable", ctx.lang, error=_error_text(error))
            else:
                passed.append(name)
                continue
            failed.append(name)
            expected = _show(ctx.expected)
            if ctx.reference:
                expected = f"{ctx.reference} = {expected}" if expected else ctx.reference
            failures[name] = CaseFailure(ctx.given, got, expected, hint)
    result = CheckResult(check, passed, failed, failures, ctx.notes, lang=ctx.lang)
    result.report = _report(result, device)
    print(result.report)
    return result
