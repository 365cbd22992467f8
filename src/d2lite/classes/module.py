"""`Module` and `Classifier`: the 1.0 edition's base classes for models.

A `Module` is an `nn.Module` that knows its loss, how to take one training or
validation step on a batch, which optimizer trains it, and how to plot its
progress on its `board`. `Classifier` adds accuracy and cross-entropy. The
`Trainer` calls these; a learner's model overrides `forward`, `loss` or
`configure_optimizers` as the book's sections do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from d2lite.classes.board import ProgressBoard
from d2lite.classes.hyperparameters import HyperParameters
from d2lite.messages import text


class Module(nn.Module, HyperParameters):
    """The base class of models: an nn.Module with a loss, training steps and a board.

    plot_train_per_epoch: points of each training curve per epoch (each the
    mean of the batches since the last); plot_valid_per_epoch: the same for
    validation curves.
    """

    def __init__(self, plot_train_per_epoch: int = 2, plot_valid_per_epoch: int = 1) -> None:
        super().__init__()
        self.save_hyperparameters()
        self.board = ProgressBoard()

    def loss(self, y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Return the loss of predictions y_hat for labels y (a scalar); subclasses define it."""
        raise NotImplementedError(text("classes.no_loss", name=type(self).__name__))

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Return self.net(X)."""
        if not hasattr(self, "net"):
            raise NotImplementedError(text("classes.no_net", name=type(self).__name__))
        return self.net(X)

    def plot(self, key: str, value: Any, train: bool) -> None:
        """Plot `value` on the board as 'train_KEY' or 'val_KEY' against the epoch.

        Training points fall at fractional epochs (batch index / batches per
        epoch), each the mean of `num_train_batches / plot_train_per_epoch`
        batches; validation points at the end of each epoch. The value stays a
        tensor until a point is drawn. Outside a `Trainer` nothing is plotted.
        """
        trainer = getattr(self, "trainer", None)
        if trainer is None:
            return
        self.board.xlabel = "epoch"
        if train:
            x = trainer.train_batch_idx / trainer.num_train_batches
            n = trainer.num_train_batches / self.plot_train_per_epoch
        else:
            x = trainer.epoch + 1
            n = trainer.num_val_batches / self.plot_valid_per_epoch
        self.board.draw(x, value, ("train_" if train else "val_") + key, every_n=int(n))

    def training_step(self, batch: Sequence[torch.Tensor]) -> torch.Tensor:
        """Return the loss on one batch (inputs..., labels), plotted as train_loss."""
        l = self.loss(self(*batch[:-1]), batch[-1])  # noqa: E741 (the book's name)
        self.plot("loss", l, train=True)
        return l

    def validation_step(self, batch: Sequence[torch.Tensor]) -> None:
        """Compute the loss on one validation batch and plot it as val_loss."""
        l = self.loss(self(*batch[:-1]), batch[-1])  # noqa: E741
        self.plot("loss", l, train=False)

    def configure_optimizers(self) -> torch.optim.Optimizer:
        """Return minibatch SGD over self.parameters() with learning rate self.lr."""
        if not hasattr(self, "lr"):
            raise AttributeError(text("classes.no_lr", name=type(self).__name__))
        params = list(self.parameters())
        if not params:
            raise ValueError(text("classes.no_parameters", name=type(self).__name__))
        return torch.optim.SGD(params, lr=self.lr)

    def apply_init(self, inputs: Sequence[torch.Tensor], init: Callable | None = None) -> None:
        """Run a forward pass on `inputs` (giving lazy layers their shapes), then apply `init`."""
        self.forward(*inputs)
        if init is not None:
            self.net.apply(init)


class Classifier(Module):
    """A Module for classification: cross-entropy loss, accuracy, and both plotted in validation."""

    def validation_step(self, batch: Sequence[torch.Tensor]) -> None:
        """Plot val_loss and val_acc for one validation batch."""
        Y_hat = self(*batch[:-1])
        self.plot("loss", self.loss(Y_hat, batch[-1]), train=False)
        self.plot("acc", self.accuracy(Y_hat, batch[-1]), train=False)

    def accuracy(self, Y_hat: torch.Tensor, Y: torch.Tensor, averaged: bool = True) -> torch.Tensor:
        """Return the fraction of rows whose top score is the label (0/1 per row if not averaged).

        Y_hat: (..., num_classes) scores, reshaped to (-1, num_classes); Y: the labels.
        """
        Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
        preds = Y_hat.argmax(dim=1).type(Y.dtype)
        compare = (preds == Y.reshape(-1)).type(torch.float32)
        return compare.mean() if averaged else compare

    def loss(self, Y_hat: torch.Tensor, Y: torch.Tensor, averaged: bool = True) -> torch.Tensor:
        """Return the cross-entropy of scores Y_hat (..., num_classes) for labels Y."""
        Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
        Y = Y.reshape((-1,))
        return F.cross_entropy(Y_hat, Y, reduction="mean" if averaged else "none")

    def layer_summary(self, X_shape: Sequence[int]) -> None:
        """Print each layer of self.net and the shape of its output for an input of X_shape."""
        X = torch.randn(*X_shape)
        for layer in self.net:
            X = layer(X)
            print(layer.__class__.__name__, text("classes.output_shape"), X.shape)
