"""Training a classifier, as in the book's chapter 3: `train_epoch_ch3`, `train_ch3`, `predict_ch3`.

The book's semantics are kept: the loss is per example (unreduced); a torch
optimizer gets zero_grad, ``l.mean().backward()``, step; any other updater
gets ``l.sum().backward()`` then ``updater(batch_size)``. On top of that:

- `device`: an nn.Module is moved there and every batch too; a from-scratch
  model (a function using tensors W, b the learner made) must already have
  its parameters there, which is checked.
- The loop keeps the loss sum and correct count on the device and reads
  them once per epoch, so a GPU is never made to wait batch by batch.
- Bad input stops with a message that names the fix: a loss that became
  nan/inf (with the epoch and batch), a loss already reduced to a scalar, an
  output with the wrong number of rows, a net and data on different devices.
- `train_ch3` returns its `History` instead of asserting on the results.

Progress: the live plot (`animate`, see `d2lite.plotting.Animator`: a figure
updated in place in Jupyter, one line per epoch in a terminal) and, in a
terminal, a tqdm bar over the batches (`progress`).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal, NamedTuple

import torch
from torch import nn

from d2lite.data import get_fashion_mnist_labels
from d2lite.messages import text
from d2lite.metrics import check_scores, count_correct, evaluate_accuracy, predicted_labels
from d2lite.mistakes import call_explained, check_labels_fit, explain_backward, explain_loss
from d2lite.nets import (
    check_per_example_loss,
    check_same_device,
    divergence_advice,
    eval_mode,
    forward,
    learning_rate,
    place,
    target_device,
    to_device,
)
from d2lite.plotting import Animator, plot, save_figure, show_images, widened
from d2lite.progress import progress_bar, write_line
from d2lite.validation import check_positive_int

__all__ = ["History", "predict_ch3", "train_ch3", "train_epoch_ch3"]

Updater = torch.optim.Optimizer | Callable[[int], Any]

# The three curves, as message keys: their names follow the language ("train loss", 训练损失).
CURVES = ("train.curve_train_loss", "train.curve_train_acc", "train.curve_test_acc")
YLIM = (0.3, 0.9)  # the book's range for these curves


def _curve_names() -> list[str]:
    """The names of the three curves in the session's language ("train loss", ...)."""
    return [text(key) for key in CURVES]


def _xlim(num_epochs: int) -> list[float]:
    # One epoch is one point: centre it rather than leave it on the edge.
    return [0.5, 1.5] if num_epochs == 1 else [1, num_epochs]


class History(NamedTuple):
    """Per-epoch metrics returned by `train_ch3`: one float per epoch in each list.

    A named tuple: ``history.test_acc[-1]`` is the final test accuracy, and
    ``train_loss, train_acc, test_acc = history`` unpacks the three lists.
    """

    train_loss: list[float]
    train_acc: list[float]
    test_acc: list[float]

    def __repr__(self) -> str:
        name = type(self).__name__
        if not self.train_loss:
            return text("train.history_empty", name=name)
        return text(
            "train.history",
            name=name,
            epochs=len(self.train_loss),
            train_loss=self.train_loss[-1],
            train_acc=self.train_acc[-1],
            test_acc=self.test_acc[-1],
        )

    def save_plot(
        self,
        path: str | Path,
        title: str | None = None,
        dpi: float = 150,
        figsize: tuple[float, float] = (3.5, 2.5),
    ) -> Path:
        """Draw the three curves as `train_ch3`'s live plot does and save them to `path`.

        The figure is made without pyplot, so nothing is displayed and no
        figure stays open; the format follows the suffix (PNG by default).
        title: above the curves (e.g. the settings). dpi: dots per inch of a
        PNG (150 by default: 525 x 375 pixels at the default size).
        """
        from matplotlib.figure import Figure

        if not self.train_loss:
            raise ValueError(text("train.no_epochs_to_plot"))
        fig = Figure(figsize=figsize, layout="constrained")
        epochs = list(range(1, len(self.train_loss) + 1))
        plot(
            epochs,
            list(self),
            xlabel=text("train.curve_epoch"),
            legend=_curve_names(),
            xlim=_xlim(len(epochs)),
            ylim=widened(YLIM, list(self)),
            axes=fig.gca(),
        )
        if title:
            fig.gca().set_title(title)
        return save_figure(fig, path, dpi=dpi)


class Predictions(NamedTuple):
    """Text labels returned by `predict_ch3`: what the net predicted and the truth."""

    predicted: list[str]
    true: list[str]


def _check_callables(net: object, loss: object, updater: object) -> None:
    if not callable(net):
        raise TypeError(text("train.net_not_callable", type=type(net).__name__))
    if not callable(loss):
        raise TypeError(text("train.loss_not_callable", type=type(loss).__name__))
    if not isinstance(updater, torch.optim.Optimizer) and not callable(updater):
        raise TypeError(text("train.bad_updater", type=type(updater).__name__))


def _diverged(value: float, epoch: int | None, batch: int, updater: object) -> FloatingPointError:
    if epoch is not None:
        where = text("train.in_epoch_batch", epoch=epoch, batch=batch)
    else:
        where = text("train.in_batch", batch=batch)
    advice = divergence_advice(learning_rate(updater))
    return FloatingPointError(text("train.diverged", value=value, where=where, advice=advice))


def _backward(loss: torch.Tensor) -> None:
    call_explained(loss.backward, explain=explain_backward, context=())


def _run_epoch(
    net: Callable[..., Any],
    train_iter: Iterable[Any],
    loss: Callable[..., torch.Tensor],
    updater: Updater,
    device: torch.device | None,
    epoch: int | None = None,
    bar: Any = None,
) -> tuple[float, float]:
    """Train for one pass over train_iter; return (average loss, accuracy)."""
    if isinstance(net, nn.Module):
        net.train()
    use_optimizer = isinstance(updater, torch.optim.Optimizer)
    # Per-batch tensors, read once at the end: .item() per batch would make the
    # CPU wait for the GPU after every step.
    batch_losses: list[torch.Tensor] = []
    batch_correct: list[torch.Tensor] = []
    num_examples = 0
    for X, y in train_iter:
        X, y = to_device((X, y), device)
        if not batch_losses:
            check_same_device(net, X, device, updater)
        y_hat = forward(net, X)
        check_scores(y_hat, y)  # before the loss, whose own error would be cryptic
        if not batch_losses and X.device.type == "cuda":
            check_labels_fit(y_hat, y)  # on a GPU a bad label would stop the device
        # (B,): one loss per example, as the book's `l`
        losses = call_explained(loss, y_hat, y, explain=explain_loss, context=(y_hat, y))
        check_per_example_loss(losses, y)
        if use_optimizer:
            updater.zero_grad()  # type: ignore[union-attr]
            _backward(losses.mean())
            updater.step()  # type: ignore[union-attr]
        else:
            _backward(losses.sum())
            updater(X.shape[0])  # type: ignore[operator]
        batch_losses.append(losses.detach().sum())  # detached: no graph is kept alive
        batch_correct.append(count_correct(y_hat.detach(), y))
        num_examples += y.numel()
        if bar is not None:
            bar.update()
    if num_examples == 0:
        raise ValueError(text("train.no_examples"))
    sums = torch.stack(batch_losses).float()  # (num_batches,) loss sum of each batch
    correct_sum = torch.stack(batch_correct).sum().float()
    total_loss, correct = torch.stack([sums.sum(), correct_sum]).tolist()  # the one sync
    if not math.isfinite(total_loss):
        bad = (~torch.isfinite(sums)).nonzero().flatten().tolist()
        batch = bad[0] if bad else len(batch_losses) - 1  # else the sum itself overflowed
        raise _diverged(float(sums[batch]) if bad else total_loss, epoch, batch + 1, updater)
    return total_loss / num_examples, correct / num_examples


def train_epoch_ch3(
    net: Callable[..., Any],
    train_iter: Iterable[Any],
    loss: Callable[..., torch.Tensor],
    updater: Updater,
    *,
    device: str | torch.device | None = None,
) -> tuple[float, float]:
    """Train `net` for one epoch and return (average training loss, training accuracy).

    train_iter yields X of shape (B, ...) and y of shape (B,); net maps X to
    (B, num_classes) scores; loss(y_hat, y) returns one loss per example
    (shape (B,)). updater: a torch optimizer, or a function taking the batch
    size (e.g. ``lambda batch_size: d2l.sgd([W, b], lr, batch_size)``).
    device: move a module and every batch there; None keeps the module where
    it is and brings the batches to it.
    """
    _check_callables(net, loss, updater)
    return _run_epoch(net, train_iter, loss, updater, place(net, device))


def _check_save_plot(save_plot: object) -> None:
    """Check save_plot before training, so a bad value does not cost the run's result."""
    if save_plot is None or save_plot is False:
        return
    if isinstance(save_plot, bool) or not isinstance(save_plot, (str, os.PathLike)):
        raise TypeError(text("train.save_plot_type", value=save_plot))
    folder = Path(save_plot).parent
    if not folder.is_dir():
        raise FileNotFoundError(
            text("train.save_plot_folder", path=os.fspath(save_plot), folder=str(folder))
        )


def _check_reiterable(name: str, data: Iterable[Any], num_epochs: int) -> None:
    """Reject a one-shot iterator (a generator) that would be empty after the first epoch."""
    # An iterator returns itself from iter(); asking via __next__ avoids calling iter() on a
    # DataLoader, which would start its worker processes.
    if hasattr(data, "__next__"):
        raise TypeError(
            text("train.one_shot", name=name, type=type(data).__name__, num_epochs=num_epochs)
        )


def train_ch3(
    net: Callable[..., Any],
    train_iter: Iterable[Any],
    test_iter: Iterable[Any],
    loss: Callable[..., torch.Tensor],
    num_epochs: int,
    updater: Updater,
    *,
    device: str | torch.device | None = None,
    animate: bool = True,
    progress: bool | None = None,
    save_plot: str | os.PathLike[str] | Literal[False] | None = None,
) -> History:
    """Train `net` for `num_epochs` epochs, evaluating on test_iter after each; return the History.

    Arguments as in `train_epoch_ch3`. animate: draw the curves with an
    `Animator` (in Jupyter one figure updated in place; in a terminal one line
    per epoch). progress: a tqdm bar over the batches; None shows it only
    when stderr is a terminal outside Jupyter. Raises FloatingPointError when
    the loss becomes nan or infinite. save_plot: a path to save the curves to
    at the end (the line printed says where); None, outside Jupyter with no
    display, prints how to save them instead; False says nothing.
    """
    num_epochs = check_positive_int("num_epochs", num_epochs)
    _check_callables(net, loss, updater)
    _check_save_plot(save_plot)
    if num_epochs > 1:
        _check_reiterable("train_iter", train_iter, num_epochs)
        _check_reiterable("test_iter", test_iter, num_epochs)
    device_ = place(net, device)
    animator = None
    if animate:
        animator = Animator(
            xlabel=text("train.curve_epoch"),
            xlim=_xlim(num_epochs),
            ylim=list(YLIM),
            legend=_curve_names(),
        )
    try:
        total = num_epochs * len(train_iter)  # type: ignore[arg-type]
    except TypeError:  # a generator has no length
        total = None
    bar = progress_bar(progress, total)
    history = History([], [], [])
    try:
        for epoch in range(1, num_epochs + 1):
            if bar is not None:
                bar.set_description(text("train.bar", epoch=epoch, num_epochs=num_epochs))
            train_loss, train_acc = _run_epoch(
                net, train_iter, loss, updater, device_, epoch=epoch, bar=bar
            )
            test_acc = evaluate_accuracy(net, test_iter, device_)
            history.train_loss.append(train_loss)
            history.train_acc.append(train_acc)
            history.test_acc.append(test_acc)
            if animator is not None:
                animator.add(epoch, (train_loss, train_acc, test_acc))
    finally:
        if bar is not None:
            bar.close()
    if save_plot:
        saved = history.save_plot(save_plot)  # type: ignore[arg-type]
        write_line(text("train.saved_plot", path=saved))
    elif save_plot is None and animator is not None and animator.headless:
        write_line(text("train.no_display"))
    return history


def predict_ch3(
    net: Callable[..., Any],
    test_iter: Iterable[Any],
    n: int = 6,
    *,
    device: str | torch.device | None = None,
) -> Predictions:
    """Show the first `n` images of test_iter titled "true\\npred"; return the text labels.

    Images of any size (B, 1, H, W) work, so resized data does too. device:
    where to run the net (as in `evaluate_accuracy`). Returns
    Predictions(predicted, true), two lists of n Fashion-MNIST class names
    (fewer if the first batch is smaller).
    """
    n = check_positive_int("n", n)
    device_ = target_device(net, device)
    X, y = next(iter(test_iter))
    X, y = X[:n], y[:n]
    X, y = to_device((X, y), device_)
    check_same_device(net, X, device_)
    with eval_mode(net), torch.no_grad():
        y_hat = forward(net, X)
    check_scores(y_hat, y)
    true = get_fashion_mnist_labels(y.cpu())
    predicted = get_fashion_mnist_labels(predicted_labels(y_hat).cpu())
    titles = [f"{t}\n{p}" for t, p in zip(true, predicted, strict=True)]
    show_images(X, 1, len(X), titles=titles)
    return Predictions(list(predicted), list(true))
