"""Argument validation for the public helpers: checks that raise errors naming the fix."""

from __future__ import annotations

import numbers


def check_positive_int(name: str, value: object) -> int:
    """Return `value` if it is an int >= 1, else raise TypeError/ValueError naming `name`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an int, got {value!r} of type {type(value).__name__}; "
            f"pass a whole number such as 10"
        )
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value}; pass a positive whole number")
    return int(value)


def check_nonnegative_int(name: str, value: object) -> int:
    """Return `value` if it is an int >= 0, else raise TypeError/ValueError naming `name`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an int, got {value!r} of type {type(value).__name__}; "
            f"pass a whole number such as 0"
        )
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}; device indices start at 0")
    return int(value)
