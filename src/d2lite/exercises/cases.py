"""What a check is made of: cases, the context they run in, and how values are shown.

A check is a list of named cases, each a function of a `_Case`: it fills in
`given` (the input, as code), `reference` and `expected` (what PyTorch gives),
calls the learner's code through `call` or `run`, and fails with `fail(key,
got)` when the result is wrong, `key` naming the hint in the message catalogue.
An exception from the learner's code leaves the case as a `_LearnerError`; a
wrong result as a `_Fail`. The helpers below turn values into the short,
language-neutral text the verdict shows (`_show`, `_literal`, ...) and compare
results with PyTorch's (`_close`, `_as_number`, `_check_grad`). Every word a verdict
shows comes from the message catalogue (`d2lite.messages`, keys "check.*") through `_text`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import numpy as np
import torch

from d2lite.messages import text

if TYPE_CHECKING:
    from d2lite.exercises.strict import ReadyMade

# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------


def _text(key: str, lang: str, /, **fields: Any) -> str:
    """Return the checkers' message "check.`key`" in `lang`, its `{fields}` filled in."""
    return text(f"check.{key}", lang, **fields)


# ---------------------------------------------------------------------------------------------
# Showing values
# ---------------------------------------------------------------------------------------------


def _num(v: object) -> str:
    if isinstance(v, float):
        return f"{v + 0.0:.4g}"  # + 0.0 shows -0.0 as 0
    return str(v)


def _values(t: torch.Tensor, rows: int = 3, cols: int = 6) -> str:
    if t.dim() == 0:
        return _num(t.item())
    if t.dim() == 1:
        items = [_num(v) for v in t[:cols].tolist()]
        return "[" + ", ".join(items) + (", ...]" if len(t) > cols else "]")
    parts = [_values(row, rows, cols) for row in t[:rows]]
    return "[" + ", ".join(parts) + (", ...]" if len(t) > rows else "]")


def _show(value: object, lang: str = "en") -> str:
    """Return a short description of a value for the verdict, in `lang` ("en" or "zh")."""
    if isinstance(value, str):
        return value
    if isinstance(value, torch.Tensor):
        t = value.detach()
        dtype = str(t.dtype).removeprefix("torch.")
        head = _text("show_tensor", lang, shape=tuple(t.shape), dtype=dtype)
        if t.device.type != "cpu":
            head = _text("show_on_device", lang, head=head, device=t.device)
        return f"{head} {_values(t.cpu())}"
    if isinstance(value, (list, tuple)) and any(isinstance(v, torch.Tensor) for v in value):
        return "; ".join(_show(v, lang) for v in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    text = repr(value)
    return text if len(text) <= 160 else text[:157] + "..."


def _literal(value: object) -> str:
    """Return a tensor or nested list as short Python code: torch.tensor([2, -3.4])."""
    if isinstance(value, torch.Tensor):
        return f"torch.tensor({_literal(value.tolist())})"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


# The types a learner's function most often returns instead of a tensor, named in words.
_KINDS = ("NoneType", "bool", "int", "float", "str", "list", "tuple", "dict", "generator")


def _kind(value: object, lang: str = "en") -> str:
    """Return what `value` is, for a hint: "a tensor of shape (5,)", "list [1, 2]", ..."""
    if isinstance(value, torch.Tensor):
        return _text("kind_tensor", lang, shape=tuple(value.shape))
    name, shown = type(value).__name__, _show(value, lang)
    if name in _KINDS:
        return _text(f"kind_{name}", lang, value=shown)
    return _text("kind_other", lang, type=name, value=shown)


def _error_text(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    message = lines[0] if lines else ""
    if len(message) > 200:
        message = message[:197] + "..."
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


# ---------------------------------------------------------------------------------------------
# Comparing with PyTorch
# ---------------------------------------------------------------------------------------------


def _close(a: object, b: torch.Tensor, rtol: float = 1e-4, atol: float = 1e-5) -> bool:
    """Return True if tensor `a` has b's shape and values (nan never matches)."""
    if not isinstance(a, torch.Tensor) or tuple(a.shape) != tuple(b.shape):
        return False
    a64 = a.detach().to("cpu", torch.float64)
    b64 = b.detach().to("cpu", torch.float64)
    return bool(torch.allclose(a64, b64, rtol=rtol, atol=atol))


def _as_number(value: object) -> float | None:
    """Return `value` as a float if it is one number (a Python, NumPy or 1-element tensor)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return float(value.detach().cpu().reshape(()))
    return None


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------


class _Fail(Exception):
    """Raised inside a case to fail it with a hint."""

    def __init__(self, hint: str, got: object) -> None:
        super().__init__(hint)
        self.hint = hint
        self.got = got


class _LearnerError(Exception):
    """Carries an exception raised by the learner's code out of a case."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class _Case:
    """The context one case runs in: the learner's callable, the language and the device."""

    def __init__(
        self,
        fn: Callable[..., Any],
        lang: str,
        device: torch.device,
        ready: ReadyMade | None = None,
    ) -> None:
        self.fn = fn
        self.lang = lang
        self.device = device
        self.ready = ready  # strict mode: records calls of the ready-made versions
        self.notes: list[str] = []
        self.start()

    def start(self) -> None:
        """Forget what the previous case said about its input and its reference."""
        self.given = ""
        self.expected: object = ""
        self.reference = ""
        self.error_hint: str | None = None  # a case-specific hint for an exception
        if self.ready is not None:
            self.ready.reset()

    @contextlib.contextmanager
    def learner(self) -> Iterator[None]:
        """Mark a stretch of the learner's code: strict mode records what it calls."""
        if self.ready is None:
            yield
        else:
            with self.ready.watching():
                yield

    def call(self, *args: Any, **kwargs: Any) -> Any:
        """Call the learner's code, marking an exception it raises as the learner's."""
        return self.run(self.fn, *args, **kwargs)

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call `fn` (learner's code, e.g. a method of their class), marking its exceptions."""
        with self.learner():
            try:
                return fn(*args, **kwargs)
            except Exception as error:
                raise _LearnerError(error) from error

    def fail(self, key: str, value: object, /, **fields: Any) -> NoReturn:
        """Fail the case with the hint `key` (filled in with `fields`), showing `value` as got."""
        raise _Fail(_text(key, self.lang, **fields), value)

    def tensor(self, got: object, key: str = "not_tensor") -> torch.Tensor:
        """Return `got` if it is a tensor, else fail the case."""
        if not isinstance(got, torch.Tensor):
            self.fail(key, got, kind=_kind(got, self.lang))
        return got

    def on_device(self, got: torch.Tensor, want: torch.device) -> None:
        """Fail unless `got` lives on the device `want`."""
        if got.device != want:
            self.fail("wrong_device", got, got=got.device, want=want)

    def kind(self, value: object) -> str:
        """Return what `value` is, in the language of the check (see `_kind`)."""
        return _kind(value, self.lang)

    def show(self, value: object) -> str:
        """Return `value` as the verdict shows it, in the language of the check."""
        return _show(value, self.lang)

    def text(self, key: str, **fields: Any) -> str:
        """Return the message `key` (filled in with `fields`) in the language of the check."""
        return _text(key, self.lang, **fields)

    def note(self, key: str) -> None:
        """Record a remark for the verdict (said once per check)."""
        text = _text(key, self.lang)
        if text not in self.notes:
            self.notes.append(text)


CaseFn = Callable[[_Case], None]
ErrorHint = Callable[[Exception], "str | None"]


def _randn(gen: torch.Generator, *shape: int) -> torch.Tensor:
    return torch.randn(*shape, generator=gen)


def _dev(device: torch.device) -> str:
    return f", device={str(device)!r}"


def _check_grad(
    ctx: _Case,
    out: torch.Tensor,
    ref_out: torch.Tensor,
    inputs: Sequence[torch.Tensor],
    ref_inputs: Sequence[torch.Tensor],
    weights: torch.Tensor,
) -> None:
    """Fail unless sum(out * weights) has the same gradient w.r.t. inputs as the reference."""
    if not out.requires_grad:
        ctx.reference = ""
        ctx.expected = ctx.text("grad_expected")
        ctx.fail("grad_lost", out)
    (out * weights.reshape(out.shape)).sum().backward()
    (ref_out * weights.reshape(ref_out.shape)).sum().backward()
    for x, r in zip(inputs, ref_inputs, strict=True):
        if x.grad is None or not _close(x.grad, r.grad):  # type: ignore[arg-type]
            ctx.reference = ctx.text("grad_reference")
            ctx.expected = [r.grad for r in ref_inputs]
            ctx.fail("grad_differs", [x.grad for x in inputs])
