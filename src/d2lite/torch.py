"""The book-compatible namespace: `from d2lite import torch as d2l`.

Code written for the book starts with `from d2l import torch as d2l`; changing
that one line to `from d2lite import torch as d2l` runs it on d2lite. This
module holds every public helper of `d2lite` (taken from `d2lite.__all__`, so
it never falls behind the package) plus the tensor aliases the book's code
calls (`d2l.tensor`, `d2l.reshape`, `d2l.reduce_sum`, `d2l.numpy`, ...) and
`d2l.plt`. The aliases live only here, so `import d2lite` stays a plain
library. `d2l.plt` imports matplotlib on first use, not on import.

Inside this module `torch` would name the module itself, hence `_torch`.
"""

from __future__ import annotations

from typing import Any

import torch as _torch

import d2lite as _d2lite
from d2lite._book_names import missing_name as _missing_name

# Names `d2lite` has already bound are copied now; names it provides lazily
# (through its own module __getattr__, e.g. `plt`) are forwarded on first use
# by __getattr__ below, so importing this module imports nothing extra.
_FORWARDED = tuple(_d2lite.__all__)
globals().update({name: vars(_d2lite)[name] for name in _FORWARDED if name in vars(_d2lite)})

# Tensor aliases, as in the book's `d2l/torch.py`: the chapter's code calls
# these so the same text reads the same across its MXNet, PyTorch and
# TensorFlow editions.
tensor = _torch.tensor
zeros = _torch.zeros
ones = _torch.ones
zeros_like = _torch.zeros_like
ones_like = _torch.ones_like
arange = _torch.arange
linspace = _torch.linspace
meshgrid = _torch.meshgrid
eye = _torch.eye
normal = _torch.normal
rand = _torch.rand
randn = _torch.randn
matmul = _torch.matmul
exp = _torch.exp
log = _torch.log
abs = _torch.abs  # the book's name; it shadows the builtin only in this namespace
sin = _torch.sin
cos = _torch.cos
tanh = _torch.tanh
sinh = _torch.sinh
cosh = _torch.cosh
concat = _torch.cat
stack = _torch.stack
float32 = _torch.float32
int32 = _torch.int32
nn_Module = _torch.nn.Module


def reshape(x: _torch.Tensor, *args: Any, **kwargs: Any) -> _torch.Tensor:
    """Return `x` reshaped, e.g. reshape(x, (-1, 1)); a view when possible."""
    return x.reshape(*args, **kwargs)


def reduce_sum(x: _torch.Tensor, *args: Any, **kwargs: Any) -> _torch.Tensor:
    """Return x.sum(...), e.g. reduce_sum(X, 1, keepdim=True): (n, q) -> (n, 1)."""
    return x.sum(*args, **kwargs)


def reduce_mean(x: _torch.Tensor, *args: Any, **kwargs: Any) -> _torch.Tensor:
    """Return x.mean(...), with the same arguments as `Tensor.mean`."""
    return x.mean(*args, **kwargs)


def argmax(x: _torch.Tensor, *args: Any, **kwargs: Any) -> _torch.Tensor:
    """Return x.argmax(...); the book writes argmax(y_hat, axis=1): (n, q) -> (n,)."""
    return x.argmax(*args, **kwargs)


def astype(x: _torch.Tensor, *args: Any, **kwargs: Any) -> _torch.Tensor:
    """Return `x` converted to a dtype, e.g. astype(cmp, y.dtype)."""
    return x.type(*args, **kwargs)


def size(x: _torch.Tensor, *args: Any, **kwargs: Any) -> int:
    """Return the number of elements of `x` (not its shape)."""
    return x.numel(*args, **kwargs)


def numpy(x: _torch.Tensor, *args: Any, **kwargs: Any) -> Any:
    """Return `x` as a NumPy array, detached from autograd and copied to the CPU if needed.

    The book's version fails on CUDA tensors; moving to the CPU first lets the
    same plotting code run on any device.
    """
    return x.detach().cpu().numpy(*args, **kwargs)


def to(x: _torch.Tensor, *args: Any, **kwargs: Any) -> _torch.Tensor:
    """Return x.to(...), e.g. to(X, device)."""
    return x.to(*args, **kwargs)


def transpose(x: _torch.Tensor, *args: Any, **kwargs: Any) -> _torch.Tensor:
    """Return the transpose of a 2-D tensor, x.t(): (n, m) -> (m, n)."""
    return x.t(*args, **kwargs)


_ALIASES = [
    "abs",
    "arange",
    "argmax",
    "astype",
    "concat",
    "cos",
    "cosh",
    "exp",
    "eye",
    "float32",
    "int32",
    "linspace",
    "log",
    "matmul",
    "meshgrid",
    "nn_Module",
    "normal",
    "numpy",
    "ones",
    "ones_like",
    "rand",
    "randn",
    "reduce_mean",
    "reduce_sum",
    "reshape",
    "sin",
    "sinh",
    "size",
    "stack",
    "tanh",
    "tensor",
    "to",
    "transpose",
    "zeros",
    "zeros_like",
]

ALIASES = frozenset(_ALIASES)

__all__ = sorted(set(_FORWARDED) | set(_ALIASES) | {"plt"})


def __getattr__(name: str) -> Any:
    # Called only for names not bound above: the package's lazy names, such as plt.
    if name in _FORWARDED or name == "plt":
        return getattr(_d2lite, name)
    raise _missing_name(__name__, name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
