"""Strict mode: notice an answer that calls the ready-made version of what it should write.

With ``strict=True`` (or the environment variable D2LITE_CHECK_STRICT=1, a
teacher's setting) a check fails an answer that calls the library's or PyTorch's
own version of the piece being written: `check_softmax` and ``torch.softmax``,
`check_sgd` and ``torch.optim.SGD.step``, ... (`READY_MADE` lists them per check).

How: for the whole check, `ReadyMade` replaces each of those callables with a
wrapper that calls the original and, while the learner's code runs (`watching`),
records the call; the check's own reference computations run outside it and are
never recorded. The wrappers are put wherever the callable is reachable by name:
the attribute of its class (``torch.Tensor.softmax``, ``nn.CrossEntropyLoss.forward``),
of its module (``torch.softmax``, ``F.softmax``), every loaded module of d2lite and of
the book's d2l package that binds it (``d2l.sgd``), and the globals of the learner's
function (``from d2lite import sgd``). `restore` puts every original back; the
runner calls it when the check ends, whether it ended normally, raised or timed out.
A class answer (check_accumulator) may not subclass the ready-made class either.
Without strict mode nothing is replaced.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["READY_MADE", "ReadyMade"]

# Per check: (owner, attribute, what the hint calls it) for PyTorch's versions, then the
# names of the book's helpers (looked up in d2lite and d2l, shown as d2l.NAME).
READY_MADE: dict[str, Callable[[], tuple[list[tuple[Any, str, str]], list[str]]]] = {
    "check_softmax": lambda: (
        [
            (torch, "softmax", "torch.softmax"),
            (F, "softmax", "F.softmax"),
            (torch.Tensor, "softmax", "Tensor.softmax"),
            (torch.special, "softmax", "torch.special.softmax"),
            (nn.Softmax, "forward", "nn.Softmax"),
        ],
        ["softmax"],
    ),
    "check_cross_entropy": lambda: (
        [
            (F, "cross_entropy", "F.cross_entropy"),
            (F, "nll_loss", "F.nll_loss"),
            (nn.CrossEntropyLoss, "forward", "nn.CrossEntropyLoss"),
            (nn.NLLLoss, "forward", "nn.NLLLoss"),
            (F, "log_softmax", "F.log_softmax"),
            (torch, "log_softmax", "torch.log_softmax"),
            (torch.Tensor, "log_softmax", "Tensor.log_softmax"),
        ],
        ["cross_entropy"],
    ),
    "check_sgd": lambda: ([(torch.optim.SGD, "step", "torch.optim.SGD")], ["sgd"]),
    "check_squared_loss": lambda: (
        [(F, "mse_loss", "F.mse_loss"), (nn.MSELoss, "forward", "nn.MSELoss")],
        ["squared_loss"],
    ),
    "check_linreg": lambda: (
        [(F, "linear", "F.linear"), (nn.Linear, "forward", "nn.Linear")],
        ["linreg"],
    ),
    "check_accuracy": lambda: ([], ["accuracy"]),
    "check_evaluate_accuracy": lambda: ([], ["evaluate_accuracy"]),
    "check_data_iter": lambda: (
        [(torch.utils.data.DataLoader, "__iter__", "torch.utils.data.DataLoader")],
        ["load_array", "data_iter"],
    ),
    "check_synthetic_data": lambda: ([], ["synthetic_data"]),
    "check_accumulator": lambda: ([], ["Accumulator"]),
    "check_huber_loss": lambda: (
        [
            (F, "huber_loss", "F.huber_loss"),
            (F, "smooth_l1_loss", "F.smooth_l1_loss"),
            (nn.HuberLoss, "forward", "nn.HuberLoss"),
            (nn.SmoothL1Loss, "forward", "nn.SmoothL1Loss"),
        ],
        [],
    ),
    "check_collapse": lambda: ([], []),
}

_MISSING = object()


def _book_modules() -> list[Any]:
    """The loaded modules of d2lite and of the book's d2l package."""
    return [
        module
        for name, module in list(sys.modules.items())
        if module is not None
        and (name in ("d2lite", "d2l") or name.startswith(("d2lite.", "d2l.")))
    ]


class ReadyMade:
    """The ready-made callables of one check, replaced by recording wrappers until `restore`."""

    def __init__(self, check: str, fn: object) -> None:
        self.calls: list[str] = []
        self._watching = 0
        self._thread = threading.get_ident()  # calls from other threads are not the learner's
        self._saved: list[tuple[Any, str, Any]] = []  # (namespace, name, original or _MISSING)
        self._classes: list[tuple[type, str]] = []
        torch_targets, book_names = READY_MADE.get(check, lambda: ([], []))()
        try:
            self._install(torch_targets, book_names, fn)
        except BaseException:
            self.restore()
            raise

    def reset(self) -> None:
        """Forget the calls recorded so far (a new case begins)."""
        self.calls.clear()
        self._watching = 0

    @contextlib.contextmanager
    def watching(self) -> Iterator[None]:
        """Record calls of the ready-made callables while the learner's code runs."""
        self._watching += 1
        try:
            yield
        finally:
            self._watching -= 1

    def _wrap(self, original: Any, label: str) -> Callable[..., Any]:
        @functools.wraps(original)
        def recording(*args: Any, **kwargs: Any) -> Any:
            if (
                self._watching
                and threading.get_ident() == self._thread
                and (not self.calls or self.calls[-1] != label)
            ):
                self.calls.append(label)
            return original(*args, **kwargs)

        return recording

    def _replace(self, namespace: Any, name: str, value: Any) -> None:
        """Set namespace.name (a module, class or dict) to value, remembering what was there."""
        if isinstance(namespace, dict):
            self._saved.append((namespace, name, namespace.get(name, _MISSING)))
            namespace[name] = value
        else:
            self._saved.append((namespace, name, vars(namespace).get(name, _MISSING)))
            setattr(namespace, name, value)

    def _install(self, torch_targets: list[tuple[Any, str, str]], names: list[str], fn: object):
        originals: dict[int, Callable[..., Any]] = {}  # id(original) -> its wrapper
        for owner, attr, label in torch_targets:
            original = getattr(owner, attr, None)
            if original is None:
                continue
            wrapper = originals.get(id(original)) or self._wrap(original, label)
            originals[id(original)] = wrapper
            self._replace(owner, attr, wrapper)
        modules = _book_modules()
        for name in names:
            for module in modules:
                value = vars(module).get(name)
                if value is None or id(value) in originals:
                    continue
                if isinstance(value, type):  # a class: record its construction instead
                    if any(value is cls for cls, _ in self._classes):
                        continue
                    self._classes.append((value, f"d2l.{name}"))
                    init = vars(value).get("__init__")
                    if init is not None:
                        self._replace(value, "__init__", self._wrap(init, f"d2l.{name}"))
                elif callable(value):
                    originals[id(value)] = self._wrap(value, f"d2l.{name}")
        # every binding of an original, in d2lite, d2l and the learner's globals, gets its wrapper
        spaces = [vars(module) for module in modules]
        for code in _functions(fn):
            spaces.append(code.__globals__)
        for space in spaces:
            for key, value in list(space.items()):
                wrapper = originals.get(id(value))
                if wrapper is not None and wrapper is not value:
                    self._replace(space, key, wrapper)

    def subclassed(self, fn: object) -> str | None:
        """The ready-made class that the learner's class `fn` derives from, if any."""
        for cls, label in self._classes:
            if isinstance(fn, type) and fn is not cls and issubclass(fn, cls):
                return label
        return None

    def restore(self) -> None:
        """Put every original back (in reverse order); calling it again does nothing."""
        while self._saved:
            namespace, name, original = self._saved.pop()
            if isinstance(namespace, dict):
                if original is _MISSING:
                    namespace.pop(name, None)
                else:
                    namespace[name] = original
            elif original is _MISSING:
                with contextlib.suppress(AttributeError):
                    delattr(namespace, name)
            else:
                setattr(namespace, name, original)


def _functions(fn: object) -> list[Any]:
    """The Python functions of the learner's answer: the function, or a class's methods."""
    if isinstance(fn, type):
        found = [v for v in vars(fn).values() if hasattr(v, "__globals__")]
        return found
    return [fn] if hasattr(fn, "__globals__") else []
