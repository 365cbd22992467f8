"""What every training and evaluation loop does with a net and its batches.

The classic loop (`d2lite.training`), the 1.0 `Trainer` and the metrics all
need the same plumbing: find a net's parameters (an nn.Module lists them; a
from-scratch function keeps them in its closure or globals), decide where
batches go and move them there, check that the net and a batch share a
device, run the forward pass with errors that explain the chapter's common
mistakes, switch a module to eval mode for a pass, check the loss a learner
returns, and say what to try when the loss diverges. Keeping it here gives
every loop the same checks and the same messages.
"""

from __future__ import annotations

import copy
import inspect
import numbers
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import torch
from torch import nn

from d2lite.data.loaders import ArrayLoader
from d2lite.devices import parse_device
from d2lite.messages import text
from d2lite.mistakes import explain_forward, pytorch_said

__all__: list[str] = []


# ---------------------------------------------------------------- parameters and devices


def _grad_tensors(objects: Iterable[object]) -> list[torch.Tensor]:
    return [v for v in objects if isinstance(v, torch.Tensor) and v.requires_grad]


def net_parameters(net: Callable[..., Any], updater: object = None) -> list[torch.Tensor]:
    """Return the trainable tensors of `net`, as far as they can be found.

    An nn.Module lists them; for a plain function (a from-scratch model) they
    come from a torch optimizer `updater`, else from the tensors requiring grad
    that the function's code names (globals or closure variables, such as the
    book's W and b). An empty list means none could be found.
    """
    if isinstance(net, nn.Module):
        return list(net.parameters())
    if isinstance(updater, torch.optim.Optimizer):
        return [p for group in updater.param_groups for p in group["params"]]
    try:
        names = inspect.getclosurevars(net)  # type: ignore[arg-type]
    except TypeError:  # not a plain Python function, e.g. a callable object
        return []
    return _grad_tensors([*names.nonlocals.values(), *names.globals.values()])


def check_same_device(
    net: Callable[..., Any], X: torch.Tensor, device: torch.device | None, updater: object = None
) -> None:
    """Raise ValueError if a parameter of `net` is on another device than the batch X."""
    for p in net_parameters(net, updater):
        if p.device != X.device:
            if device is not None and isinstance(net, nn.Module):
                fix = text("nets.device_fix_module", device=str(device))
            elif device is not None:
                fix = text(
                    "nets.device_fix_scratch",
                    shape=tuple(p.shape),
                    device=str(device),
                    param_device=str(p.device),
                )
            else:
                fix = text("nets.device_fix_none", param_device=str(p.device))
            if device is not None:
                where = text("nets.device_where_given", device=str(device), batch_device=X.device)
            else:
                where = text("nets.device_where", batch_device=X.device)
            raise ValueError(
                text(
                    "nets.device_mismatch",
                    where=where,
                    shape=tuple(p.shape),
                    param_device=p.device,
                    fix=fix,
                )
            )


def target_device(
    net: Callable[..., Any], device: str | torch.device | None
) -> torch.device | None:
    """Return where batches should go: `device`, else a module's parameter device, else None."""
    if device is not None:
        return parse_device(device)
    if isinstance(net, nn.Module):
        first = next(iter(net.parameters()), None)
        return None if first is None else first.device
    return None


def place(net: Callable[..., Any], device: str | torch.device | None) -> torch.device | None:
    """Move a module to `device` (if given); return where the batches should go."""
    target = target_device(net, device)
    if device is not None and isinstance(net, nn.Module):
        net.to(target)
    return target


def to_device(batch: Any, device: torch.device | None) -> Any:
    """Return `batch` (a tensor, or a list or tuple of them) with its tensors on `device`.

    None leaves the batch where it is. The copies are non-blocking: from
    pinned memory the next batch can travel while the GPU still computes.
    """
    if device is None:
        return batch
    if isinstance(batch, torch.Tensor):
        return batch.to(device, non_blocking=True)
    if isinstance(batch, (list, tuple)):
        return type(batch)(to_device(b, device) for b in batch)
    return batch


class _DeviceLoader:
    """Wrap a loader so each batch arrives on `device`; len() as the loader's."""

    def __init__(self, loader: Any, device: torch.device) -> None:
        self.loader, self.device = loader, device

    def __len__(self) -> int:
        return len(self.loader)

    def __iter__(self) -> Iterator[Any]:
        for batch in self.loader:
            yield to_device(batch, self.device)


def on_device(loader: Any, device: torch.device) -> Any:
    """Return a loader whose batches are on `device` (None stays None)."""
    if loader is None:
        return None
    if isinstance(loader, ArrayLoader):
        if loader.device == device:
            return loader
        moved = copy.copy(loader)  # the data goes to the device once, not batch by batch
        moved.tensors = tuple(t.to(device) for t in loader.tensors)
        return moved
    return _DeviceLoader(loader, device)


def move_tensor_attributes(model: nn.Module, device: torch.device) -> None:
    """Move tensors a model keeps as plain attributes (the book's from-scratch w, b) to `device`.

    nn.Module.to moves only registered parameters and buffers. A trainable
    leaf stays a trainable leaf, so `parameters()` and the optimizer see it.
    """
    for name, value in list(vars(model).items()):
        if isinstance(value, torch.Tensor) and value.device != device:
            moved = value.detach().to(device)
            if value.requires_grad:
                moved.requires_grad_(True)
            setattr(model, name, moved)


# ---------------------------------------------------------------- the forward pass


def is_device_error(error: RuntimeError) -> bool:
    """Return True if PyTorch raised `error` because tensors were on different devices."""
    said = str(error)
    return "same device" in said or ("expected" in said and "device" in said)


def forward(net: Callable[..., Any], X: torch.Tensor) -> torch.Tensor:
    """Return net(X), turning PyTorch's errors for the chapter's common mistakes into ones
    that explain them (devices, a batch not flattened, uint8 images; see `d2lite.mistakes`).
    """
    try:
        return net(X)
    except (RuntimeError, TypeError) as error:
        if not isinstance(error, RuntimeError) or not is_device_error(error):
            better = explain_forward(error, X)
            if better is None:
                raise
            raise better from error
        explanation = text("nets.different_devices", device=X.device)
        raise RuntimeError(pytorch_said(explanation, error)) from error


@contextmanager
def eval_mode(net: Callable[..., Any]) -> Iterator[None]:
    """Put an nn.Module in eval mode for the block, then back in the mode it was in.

    A plain function (a from-scratch model) has no mode and is left alone.
    """
    if not isinstance(net, nn.Module):
        yield
        return
    was_training = net.training
    net.eval()
    try:
        yield
    finally:
        net.train(was_training)


# ---------------------------------------------------------------- losses


def check_per_example_loss(losses: torch.Tensor, y: torch.Tensor) -> None:
    """Raise ValueError unless `losses` holds one loss per example of y (the classic loop)."""
    if losses.dim() == 0 or losses.shape[0] != y.shape[0]:
        raise ValueError(text("nets.per_example_loss", shape=tuple(losses.shape), batch=y.shape[0]))


def check_scalar_loss(loss: Any, model: Any) -> None:
    """Raise unless `model`'s training_step returned a single number (the 1.0 Trainer)."""
    name = type(model).__name__
    if not isinstance(loss, torch.Tensor):
        raise TypeError(text("nets.step_not_tensor", name=name, loss=loss))
    if loss.numel() != 1:
        raise ValueError(text("nets.loss_not_scalar", name=name, shape=tuple(loss.shape)))


def learning_rate(updater: object) -> float | None:
    """Return the learning rate an updater uses, or None if it cannot be found."""
    if isinstance(updater, torch.optim.Optimizer):
        return float(updater.param_groups[0]["lr"])
    # The book's updater reads a variable named `lr`: d2l.sgd([W, b], lr, batch_size).
    try:
        names = inspect.getclosurevars(updater)  # type: ignore[arg-type]
    except TypeError:  # not a plain Python function
        return None
    for scope in (names.nonlocals, names.globals):
        lr = scope.get("lr")
        if isinstance(lr, numbers.Real) and not isinstance(lr, bool):
            return float(lr)
    return None


def divergence_advice(lr: float | None, option: str | None = None) -> str:
    """Return what to try when the loss became nan or infinite while training with `lr`.

    lr: the learning rate, None when it is not known. option: the
    command-line option that set it (e.g. '--lr'), to name in the advice
    instead of the Python setting.
    """
    if lr is None:
        return text("nets.advice_unknown_lr")
    if option is not None:
        return text("nets.advice_option", option=option, lr=lr, smaller=lr / 10)
    return text("nets.advice_lr", lr=lr, smaller=lr / 10)
