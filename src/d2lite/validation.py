"""Argument validation for the public helpers: checks that raise errors naming the fix."""

from __future__ import annotations

import numbers

from d2lite.messages import text


def _check_int(name: str, value: object, example: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            text(
                "core.int_type",
                name=name,
                value=repr(value),
                type=type(value).__name__,
                example=example,
            )
        )
    return int(value)


def check_positive_int(name: str, value: object) -> int:
    """Return `value` if it is an int >= 1, else raise TypeError/ValueError naming `name`."""
    number = _check_int(name, value, 10)
    if number < 1:
        raise ValueError(text("core.positive_int", name=name, value=value))
    return number


def check_nonnegative_int(name: str, value: object) -> int:
    """Return `value` if it is an int >= 0, else raise TypeError/ValueError naming `name`."""
    number = _check_int(name, value, 0)
    if number < 0:
        raise ValueError(text("core.nonnegative_int", name=name, value=value))
    return number
