"""The two small utilities the 1.0 edition builds its classes on: `add_to_class` and
`HyperParameters`.

The book (d2l.ai 1.0, "Object-Oriented Design for Implementation") writes a
class a piece at a time: `add_to_class` attaches a function defined later to a
class defined earlier, and `save_hyperparameters` turns the arguments of
`__init__` into attributes, so ``Model(lr=0.1)`` has ``self.lr``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from d2lite.messages import text

F = TypeVar("F", bound=Callable[..., Any])


def add_to_class(Class: type) -> Callable[[F], F]:
    """Return a decorator that sets the decorated function as an attribute of `Class`.

    ``@add_to_class(A)`` above ``def do(self): ...`` makes ``A().do()`` work,
    for instances created before and after. The function itself is returned,
    so its name stays usable where it was defined.
    """
    if not isinstance(Class, type):
        raise TypeError(text("classes.add_to_class", value=Class, type=type(Class).__name__))

    def wrapper(obj: F) -> F:
        setattr(Class, obj.__name__, obj)
        return obj

    return wrapper


class HyperParameters:
    """Base class whose `save_hyperparameters` stores the arguments of `__init__`."""

    def save_hyperparameters(self, ignore: Sequence[str] = ()) -> None:
        """Set each argument of the calling `__init__` as an attribute, and keep them in hparams.

        Arguments named in `ignore`, `self` and names starting with "_" are
        left out. Only the arguments are taken, not other local variables.
        """
        if isinstance(ignore, str) or not all(isinstance(k, str) for k in ignore):
            raise TypeError(text("classes.ignore", value=ignore))
        frame = inspect.currentframe()
        caller = frame.f_back if frame is not None else None
        try:
            if caller is None or caller.f_code.co_name != "__init__":
                if caller is not None:
                    where = f"{caller.f_code.co_name}()"
                else:
                    where = text("classes.outside_function")
                raise RuntimeError(text("classes.save_hparams_where", where=where))
            info = inspect.getargvalues(caller)
            names = [*info.args, *(n for n in (info.varargs, info.keywords) if n)]
            skip = {*ignore, "self"}
            hparams = {
                k: info.locals[k]
                for k in names
                if k not in skip and not k.startswith("_") and k in info.locals
            }
        finally:
            del frame, caller  # frames hold every local; do not keep them alive
        self.hparams = hparams
        for k, v in hparams.items():
            setattr(self, k, v)
