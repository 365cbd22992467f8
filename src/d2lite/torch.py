"""The book-compatible namespace: `from d2lite import torch as d2l`.

Code written for the book starts with `from d2l import torch as d2l`; changing
that one line to `from d2lite import torch as d2l` runs it on d2lite. This
module holds every public helper of `d2lite` (read off `d2lite.__all__`, so it
never falls behind the package) plus the tensor aliases of `d2lite.aliases`
(`d2l.tensor`, `d2l.reshape`, `d2l.reduce_sum`, `d2l.numpy`, ...) and
`d2l.plt`, which imports matplotlib on first use, not on import.
"""

from __future__ import annotations

from typing import Any

import d2lite as _d2lite
from d2lite import aliases as _aliases
from d2lite._book_names import missing_name as _missing_name

# Names `d2lite` has bound are copied now; names it provides lazily (through its own
# module __getattr__, e.g. `plt`) are forwarded on first use by __getattr__ below, so
# importing this module imports nothing extra.
_FORWARDED = tuple(_d2lite.__all__)
globals().update({name: vars(_d2lite)[name] for name in _FORWARDED if name in vars(_d2lite)})
globals().update({name: getattr(_aliases, name) for name in _aliases.__all__})

ALIASES = _aliases.ALIASES

__all__ = sorted(set(_FORWARDED) | ALIASES | {"plt"})


def __getattr__(name: str) -> Any:
    # Called only for names not bound above: the package's lazy names, such as plt.
    if name in _FORWARDED or name == "plt":
        return getattr(_d2lite, name)
    raise _missing_name(__name__, name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
