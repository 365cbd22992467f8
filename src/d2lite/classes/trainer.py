"""`Trainer`: the 1.0 edition's training loop, `fit(model, data)`.

It keeps the book's attributes and hooks (`prepare_data`, `prepare_model`,
`fit_epoch`, `prepare_batch`, `clip_gradients`; `train_batch_idx`, `epoch`,
...), so the book's sections that replace one of them with `add_to_class`
still work. On top of that:

- The device: `num_gpus=1` or ``device='cuda'`` trains there, else the CPU.
  The model (plain tensors it keeps as attributes included) and the loaders
  are moved there before training, so model and batches always meet, even
  when a learner's `prepare_batch` returns the batch unchanged.
- Progress: a bar over the batches in a terminal, one line of averaged
  metrics per epoch, the board's figure updated in place in Jupyter.
- Bad input stops before training with a message that names the fix, and a
  loss that becomes nan or infinite stops training with the epoch.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import torch
from torch import nn

from d2lite.classes.hyperparameters import HyperParameters
from d2lite.devices import gpu, parse_device
from d2lite.devices import num_gpus as visible_gpus
from d2lite.display import has_display_backend, in_notebook
from d2lite.messages import text
from d2lite.mistakes import call_explained, explain_backward, explain_forward, explain_loss
from d2lite.nets import (
    check_scalar_loss,
    divergence_advice,
    move_tensor_attributes,
    on_device,
    to_device,
)
from d2lite.progress import progress_bar, write_line
from d2lite.validation import check_positive_int


def _num_batches(loader: Any, which: str) -> int:
    """Return len(loader); which: "train" or "val", the loader named in the error."""
    try:
        return len(loader)
    except TypeError:
        name = text(f"trainer.which_{which}")
        raise TypeError(
            text("trainer.loader_len", which=name, type=type(loader).__name__)
        ) from None


class Trainer(HyperParameters):
    """Train a `Module` on a `DataModule` for max_epochs epochs: ``trainer.fit(model, data)``.

    num_gpus: how many GPUs to use (0: the CPU; the chapter's models use the
    first one). gradient_clip_val: rescale the gradients when their norm is
    larger (0: never). device: a device name ('cpu', 'cuda', 'cuda:1', 'mps')
    instead of num_gpus. progress: the bar over batches; None shows it only in
    a terminal. One Trainer may fit several models in turn.
    """

    def __init__(
        self,
        max_epochs: int,
        num_gpus: int = 0,
        gradient_clip_val: float = 0,
        *,
        device: str | torch.device | None = None,
        progress: bool | None = None,
    ) -> None:
        self.save_hyperparameters()
        check_positive_int("max_epochs", max_epochs)
        if isinstance(num_gpus, bool) or not isinstance(num_gpus, int):
            raise TypeError(
                text("trainer.num_gpus_type", value=num_gpus, type=type(num_gpus).__name__)
            )
        if num_gpus < 0:
            raise ValueError(text("trainer.num_gpus_negative", value=num_gpus))
        if isinstance(gradient_clip_val, bool) or not isinstance(gradient_clip_val, numbers.Real):
            raise TypeError(text("trainer.clip_type", value=gradient_clip_val))
        if not gradient_clip_val >= 0:
            raise ValueError(text("trainer.clip_negative", value=gradient_clip_val))
        if device is not None:
            self.device = parse_device(device)
            self.gpus = [self.device] if self.device.type == "cuda" else []
        else:
            available = visible_gpus()
            if num_gpus > available:
                at_most = text("trainer.at_most", available=available) if available else ""
                raise ValueError(
                    text(
                        "trainer.too_many_gpus",
                        num_gpus=num_gpus,
                        available=available,
                        at_most=at_most,
                    )
                )
            self.gpus = [gpu(i) for i in range(num_gpus)]
            self.device = self.gpus[0] if self.gpus else torch.device("cpu")
        self._bar: Any = None

    # ------------------------------------------------------------------ preparing

    def prepare_data(self, data: Any) -> None:
        """Get the loaders from `data` and count their batches."""
        if not hasattr(data, "train_dataloader"):
            raise TypeError(text("trainer.not_data", type=type(data).__name__))
        train = data.train_dataloader()
        val = data.val_dataloader()
        self.num_train_batches = _num_batches(train, "train")
        self.num_val_batches = _num_batches(val, "val") if val is not None else 0
        if self.num_train_batches == 0:
            raise ValueError(text("trainer.no_batches", name=type(data).__name__))
        self.train_dataloader = on_device(train, self.device)
        self.val_dataloader = on_device(val, self.device)

    def prepare_model(self, model: Any) -> None:
        """Link `model` to this trainer, set its board's x range, and move it to the device."""
        if not (callable(getattr(model, "training_step", None)) and hasattr(model, "board")):
            raise TypeError(text("trainer.not_module", type=type(model).__name__))
        model.trainer = self
        model.board.xlim = [0, self.max_epochs]
        if isinstance(model, nn.Module):
            model.to(self.device)
            move_tensor_attributes(model, self.device)
        self.model = model

    # ------------------------------------------------------------------ training

    def fit(self, model: Any, data: Any) -> None:
        """Train `model` on `data` for max_epochs epochs, plotting on model.board."""
        self.prepare_data(data)
        self.prepare_model(model)
        self.optim = model.configure_optimizers()
        if not (callable(getattr(self.optim, "step", None)) and hasattr(self.optim, "zero_grad")):
            raise TypeError(
                text("trainer.not_optimizer", name=type(model).__name__, optim=self.optim)
            )
        self.epoch = 0
        self.train_batch_idx = 0
        self.val_batch_idx = 0
        board = model.board
        board.new_output()
        self._bar = progress_bar(self.progress, self.max_epochs * self.num_train_batches)
        try:
            for self.epoch in range(self.max_epochs):  # noqa: B020 (the book's loop)
                if self._bar is not None:
                    epoch = self.epoch + 1
                    self._bar.set_description(
                        text("train.bar", epoch=epoch, num_epochs=self.max_epochs)
                    )
                self.fit_epoch()
                means = board.log_epoch(self.epoch + 1, self.max_epochs)
                self._check_finite(means)
        finally:
            if self._bar is not None:
                self._bar.close()
                self._bar = None
            board.flush()
        if board.display and not in_notebook() and not has_display_backend():
            write_line(text("trainer.no_display"))

    def fit_epoch(self) -> None:
        """Train on every training batch, then evaluate every validation batch."""
        self.model.train()
        for batch in self.train_dataloader:
            batch = self.prepare_batch(batch)
            loss = self._training_step(batch)
            if self.train_batch_idx == 0:
                check_scalar_loss(loss, self.model)
            self.optim.zero_grad()
            with torch.no_grad():
                call_explained(loss.backward, explain=explain_backward, context=())
                if self.gradient_clip_val > 0:
                    self.clip_gradients(self.gradient_clip_val, self.model)
                self.optim.step()
            self.train_batch_idx += 1
            if self._bar is not None:
                self._bar.update()
        if self.val_dataloader is None:
            return
        self.model.eval()
        for batch in self.val_dataloader:
            with torch.no_grad():
                self.model.validation_step(self.prepare_batch(batch))
            self.val_batch_idx += 1

    def _training_step(self, batch: Any) -> Any:
        """Return model.training_step(batch), explaining the chapter's common mistakes."""
        try:
            return self.model.training_step(batch)
        except (RuntimeError, IndexError, TypeError) as err:
            X, y = batch[0], batch[-1]
            better = None
            if isinstance(X, torch.Tensor):
                better = explain_forward(err, X)
            if better is None and isinstance(y, torch.Tensor) and isinstance(err, IndexError):
                with torch.no_grad():
                    y_hat = self.model(*batch[:-1])  # again, to show its shape
                better = explain_loss(err, y_hat.reshape(-1, y_hat.shape[-1]), y)
            if better is None:
                raise
            raise better from err

    def prepare_batch(self, batch: Any) -> Any:
        """Return the batch with its tensors on the trainer's device."""
        return to_device(batch, self.device)

    def clip_gradients(self, grad_clip_val: float, model: Any) -> None:
        """Scale the gradients by grad_clip_val / norm when their joint norm is larger."""
        params = [p for p in model.parameters() if p.requires_grad and p.grad is not None]
        if not params:
            return
        norm = torch.sqrt(sum(torch.sum(p.grad**2) for p in params))
        # clamp instead of `if norm > grad_clip_val`: the same result, without making
        # the CPU wait for the GPU to know the norm.
        scale = torch.clamp(grad_clip_val / norm, max=1.0)
        for param in params:
            param.grad.mul_(scale)

    def _check_finite(self, means: dict[str, float]) -> None:
        value = means.get("train_loss")
        if value is None or math.isfinite(value):
            return
        lr = getattr(self.model, "lr", None)
        advice = divergence_advice(float(lr) if isinstance(lr, numbers.Real) else None)
        raise FloatingPointError(
            text("trainer.diverged", value=value, epoch=self.epoch + 1, advice=advice)
        )
