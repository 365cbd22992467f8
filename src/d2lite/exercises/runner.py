"""Running a check: validate its arguments, run every case under fixed seeds, print the verdict.

Every `check_*` function starts with `_start` (is `fn` callable, which language,
which device) and ends with `_run`, which runs the cases one by one, each after
seeding torch, Python's `random` and NumPy with the case's index, turns each
failure or exception into a `CaseFailure`, restores the random state the
learner had, and prints and returns the `CheckResult`.

The cases assume PyTorch's defaults, whatever the learner's notebook set
before: gradients on (a `torch.set_grad_enabled(False)` would fail every
gradient and sgd case of correct code) and float32 as the default dtype (the
checks build their inputs, and compare dtypes, as the book does). `_start`
saves the learner's grad mode and default dtype and sets the defaults, before
the check builds its inputs; `_run` puts the learner's back when it ends, also
when it raises.

The verdict is printed through `print_text`, which escapes what the output
stream cannot encode (Chinese on an ASCII console): the check has run by then,
and its result is returned either way.
"""

from __future__ import annotations

import contextlib
import random
import warnings
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
from d2lite.progress import print_text

# The learner's (grad mode, default dtype), saved by `_start` until `_run` takes them back.
_saved_settings: list[tuple[bool, torch.dtype]] = []


def _start(
    check: str, fn: object, lang: str | None, device: str | torch.device | None, arg: str = "fn"
) -> tuple[str, torch.device]:
    learner_name = "Accumulator" if arg == "cls" else check.removeprefix("check_")
    _check_callable(check, fn, arg, learner_name)
    lang = resolve_lang(lang)
    device = default_device() if device is None else parse_device(device)
    if device.index is None and device.type != "cpu":
        device = torch.empty(0, device=device).device  # 'cuda' -> 'cuda:0', as tensors report it
    _use_check_settings()
    return lang, device


def _use_check_settings() -> None:
    """Save the learner's grad mode and default dtype, then turn gradients on and use float32.

    Settings still saved by a check that stopped before its `_run` are put back first, so
    that what is saved is always the learner's own.
    """
    while _saved_settings:
        _set(*_saved_settings.pop())
    _saved_settings.append((torch.is_grad_enabled(), torch.get_default_dtype()))
    _set(True, torch.float32)


def _set(grad: bool, dtype: torch.dtype) -> None:
    torch.set_grad_enabled(grad)
    torch.set_default_dtype(dtype)


@contextlib.contextmanager
def _check_settings() -> Iterator[None]:
    """Run the cases with gradients on and float32 default; leave the learner's settings after."""
    if not _saved_settings:  # no `_start` before: the settings now are the learner's
        _use_check_settings()
    learners = _saved_settings.pop()
    try:
        _set(True, torch.float32)
        yield
    finally:
        _set(*learners)


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
    with _check_settings(), _seeded(device) as seed:
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
    try:
        print_text(result.report)
    except (OSError, ValueError) as error:  # a closed or broken output: the result still counts
        warnings.warn(f"could not print the verdict of {check} ({error})", stacklevel=3)
    return result
