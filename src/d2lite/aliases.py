"""The book's tensor aliases: `d2l.tensor`, `d2l.reshape`, `d2l.reduce_sum`, `d2l.numpy`, ...

The book's code calls these so the same text reads the same across its MXNet,
PyTorch and TensorFlow editions. They belong to the book namespace only
(`from d2lite import torch as d2l`), so `import d2lite` stays a plain library;
`ALIASES` lets the package explain where such a name lives.

Inside this module `torch` names PyTorch; the book namespace that re-exports
these is `d2lite.torch`.
"""

from __future__ import annotations

from typing import Any

import torch as _torch

_BEFORE = set(globals()) | {"_BEFORE"}

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


# Every name bound above is an alias: the list is read off the module, never kept by hand.
__all__ = sorted(name for name in globals() if name not in _BEFORE and not name.startswith("_"))
ALIASES = frozenset(__all__)
