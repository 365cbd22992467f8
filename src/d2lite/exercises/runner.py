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

Every case runs within a time limit (`time_limit=` seconds, else the
environment variable D2LITE_CHECK_TIME_LIMIT, else 5 s): a `Watchdog`
(`d2lite.exercises.watchdog`) raises `CaseTimeout` in the checking thread when
the limit passes, with ``PyThreadState_SetAsyncExc``, which works on every
platform and in any thread. The learner's code runs in the checking thread as
before; a single long C call (one huge torch operation) is interrupted only when
it returns. A case that timed out fails ("probably loops forever") and the cases
after it are not run; the watchdog is stopped and joined, and any exception still
pending cleared, before the check returns.

A `raise NotImplementedError` from the learner's own code (the stub of a
student copy) fails its case as "not written yet", not as an error. With
`strict` (or D2LITE_CHECK_STRICT=1) a case also fails when the learner's code
calls the ready-made version of what it should write (`d2lite.exercises.strict`).
When the environment variable D2LITE_CHECK_LOG names a file, every check appends
one JSON line to it for grading (`_log`).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import random
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

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
    _text,
)
from d2lite.exercises.report import _label, _report
from d2lite.exercises.result import CaseFailure, CheckResult
from d2lite.exercises.strict import ReadyMade
from d2lite.exercises.watchdog import CaseTimeout, Watchdog
from d2lite.lang import resolve_lang
from d2lite.progress import print_text

DEFAULT_TIME_LIMIT = 5.0  # seconds per case
TIME_LIMIT_ENV = "D2LITE_CHECK_TIME_LIMIT"
STRICT_ENV = "D2LITE_CHECK_STRICT"
LOG_ENV = "D2LITE_CHECK_LOG"

# Where a NotImplementedError comes from library code rather than from the learner's stub.
_LIBRARY_DIRS = tuple(
    str(Path(module.__file__).resolve().parent) + os.sep
    for module in (torch, np)
    if module.__file__
) + (str(Path(__file__).resolve().parent.parent) + os.sep,)

# The learner's (grad mode, default dtype), saved by `_start` until `_run` takes them back.
_saved_settings: list[tuple[bool, torch.dtype]] = []


class _Setup(NamedTuple):
    """What `_start` settled for one check."""

    lang: str
    device: torch.device
    strict: bool
    time_limit: float


def _start(
    check: str,
    fn: object,
    lang: str | None,
    device: str | torch.device | None,
    arg: str = "fn",
    *,
    strict: bool | None = None,
    time_limit: float | None = None,
) -> _Setup:
    learner_name = "Accumulator" if arg == "cls" else check.removeprefix("check_")
    lang = resolve_lang(lang)
    _check_callable(check, fn, arg, learner_name, lang)
    limit = _time_limit(time_limit, lang)
    device = default_device() if device is None else parse_device(device)
    if device.index is None and device.type != "cpu":
        device = torch.empty(0, device=device).device  # 'cuda' -> 'cuda:0', as tensors report it
    _use_check_settings()
    return _Setup(lang, device, _strict(strict), limit)


def _time_limit(value: object, lang: str) -> float:
    """Return the per-case limit: `value`, else D2LITE_CHECK_TIME_LIMIT, else 5 s."""
    source = "time_limit"
    if value is None:
        value = os.environ.get(TIME_LIMIT_ENV, "").strip() or DEFAULT_TIME_LIMIT
        source = TIME_LIMIT_ENV
    try:
        limit = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        limit = math.nan
    if isinstance(value, bool) or not (0 < limit < math.inf):
        raise ValueError(_text("bad_time_limit", lang, name=source, value=value))
    return limit


def _strict(strict: object) -> bool:
    """Strict mode: `strict` when given (True or False), else D2LITE_CHECK_STRICT=1 turns it on.

    An exercise that asks for the library's own tool (notebook 03 builds its
    minibatches with `d2l.load_array`) passes strict=False, which a teacher's
    environment variable does not override.
    """
    if strict is not None:
        return bool(strict)
    return os.environ.get(STRICT_ENV, "").strip().lower() in ("1", "true", "yes", "on")


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


def _check_callable(check: str, fn: object, arg: str, learner_name: str, lang: str) -> None:
    if not callable(fn):
        raise TypeError(
            _text(
                "not_callable",
                lang,
                arg=arg,
                value=_show(fn, lang),
                type=type(fn).__name__,
                name=learner_name,
                check=check,
            )
        )


def _run(
    check: str,
    fn: Callable[..., Any],
    cases: Sequence[tuple[str, CaseFn]],
    setup: _Setup,
    error_hint: ErrorHint | None = None,
) -> CheckResult:
    """Run every case on `fn`, print the verdict and return it as a CheckResult."""
    lang, device = setup.lang, setup.device
    ready = ReadyMade(check, fn) if setup.strict else None
    ctx = _Case(fn, lang, device, ready)
    subclassed = ready.subclassed(fn) if ready is not None else None
    passed: list[str] = []
    failed: list[str] = []
    failures: dict[str, CaseFailure] = {}
    stopped_at: str | None = None  # the case that ran out of time
    try:
        with _check_settings(), _seeded(device) as seed:
            for i, (name, case) in enumerate(cases):
                if stopped_at is not None:
                    failed.append(name)
                    not_run = _text("not_run", lang)
                    hint = _text("not_run_hint", lang, case=_label(stopped_at, lang, device))
                    failures[name] = CaseFailure("", not_run, "", hint, kind="not_run")
                    continue
                seed(i)
                ctx.start()
                failure = _one_case(ctx, case, setup.time_limit, error_hint, subclassed)
                if failure is None:
                    passed.append(name)
                    continue
                failed.append(name)
                failures[name] = failure
                if failure.kind == "timeout":
                    stopped_at = name
    finally:
        if ready is not None:
            ready.restore()
    if stopped_at is not None:
        ctx.notes.append(
            _text(
                "timeout_note", lang, case=_label(stopped_at, lang, device), limit=setup.time_limit
            )
        )
    result = CheckResult(check, passed, failed, failures, ctx.notes, lang=lang)
    result.not_written = any(f.kind == "not_written" for f in failures.values())
    result.timed_out = stopped_at is not None
    result.report = _report(result, device)
    try:
        print_text(result.report)
    except (OSError, ValueError) as error:  # a closed or broken output: the result still counts
        warnings.warn(_text("print_failed", lang, check=check, error=error), stacklevel=3)
    _log(result, device)
    return result


def _one_case(
    ctx: _Case,
    case: CaseFn,
    limit: float,
    error_hint: ErrorHint | None,
    subclassed: str | None,
) -> CaseFailure | None:
    """Run one case within `limit` seconds; return its failure, or None if it passed."""
    kind = ""
    dog = Watchdog(limit)
    try:
        try:
            case(ctx)
        finally:
            dog.stop()
    except CaseTimeout:
        dog.stop()  # in case the exception came before the first stop
        got = _text("timed_out", ctx.lang, limit=limit)
        hint, kind = _text("timeout_hint", ctx.lang, limit=limit), "timeout"
    except _Fail as failure:
        got, hint = _show(failure.got, ctx.lang), failure.hint
    except _LearnerError as raised:
        got = _text("raised", ctx.lang, error=_error_text(raised.error))
        stub = _stub_name(raised.error)
        if stub is not None:
            hint, kind = _text("not_written", ctx.lang, name=stub), "not_written"
        else:
            key = ctx.error_hint or (error_hint(raised.error) if error_hint else None)
            hint = _text(key or "error_generic", ctx.lang)
    except Exception as error:  # what came back broke the comparison
        got = _text("raised", ctx.lang, error=_error_text(error))
        hint = _text("not_comparable", ctx.lang, error=_error_text(error))
    else:
        got = hint = ""
    calls = ctx.ready.calls if ctx.ready is not None else []
    if kind not in ("timeout", "not_written") and (calls or subclassed):
        call = calls[0] if calls else subclassed
        got = _text("strict_got", ctx.lang, call=call)
        hint, kind = _text("strict_hint", ctx.lang, call=call), "strict"
    if not hint:
        return None
    expected = _show(ctx.expected, ctx.lang)
    if ctx.reference:
        expected = f"{ctx.reference} = {expected}" if expected else ctx.reference
    return CaseFailure(ctx.given, got, expected, hint, kind=kind)


def _stub_name(error: BaseException) -> str | None:
    """The learner's function that raised NotImplementedError itself (a stub), else None."""
    if not isinstance(error, NotImplementedError):
        return None
    tb = error.__traceback__
    if tb is None:
        return None
    while tb.tb_next is not None:
        tb = tb.tb_next
    code = tb.tb_frame.f_code
    path = os.path.abspath(code.co_filename)
    if path.startswith(_LIBRARY_DIRS):
        return None
    name = getattr(code, "co_qualname", code.co_name)
    return code.co_name if "<" in name else name


def _log(result: CheckResult, device: torch.device) -> None:
    """Append the result as one JSON line to the file named by D2LITE_CHECK_LOG, if any."""
    path = os.environ.get(LOG_ENV)
    if not path:
        return
    first = result.failed[0] if result.failed else None
    record = {
        "exercise": result.name,
        "passed": len(result.passed),
        "total": len(result.passed) + len(result.failed),
        "first_failure": _label(first, result.lang, device) if first is not None else None,
        "not_written": result.not_written,
        "timed_out": result.timed_out,
    }
    with contextlib.suppress(Exception):  # grading must never break a learner's check
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
            log.flush()
