"""The chapter's models and training recipes, as the `d2lite` command runs them.

Linear regression fits y = Xw + b + noise on synthetic data, from scratch
(`LinearScratch`: tensors w, b, `squared_loss`, `sgd`) or with nn.Linear
(`LinearConcise`); `train_linear` runs either and returns the loss after
each epoch and the errors of the learned w and b. Softmax regression on
Fashion-MNIST comes from scratch (`softmax_scratch`) or with nn.Sequential
(`softmax_concise`); `train_softmax` loads the data and trains it with
`train_ch3`. The hyperparameters are the book's (`MODEL_DEFAULTS`).

The recipes take plain arguments and return their results without printing,
so the command line, the tests and the benchmarks run the same code.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from os import PathLike
from typing import Any, NamedTuple

import torch
from torch import nn

from d2lite.data import data_iter, load_array, load_data_fashion_mnist
from d2lite.messages import text
from d2lite.nets import divergence_advice
from d2lite.regression import linreg, sgd, squared_loss, synthetic_data
from d2lite.timer import Timer
from d2lite.training import History, train_ch3

__all__ = [
    "LINEAR_MODELS",
    "MODEL_DEFAULTS",
    "NUM_EXAMPLES",
    "SOFTMAX_MODELS",
    "TRUE_B",
    "TRUE_W",
    "LinearConcise",
    "LinearResult",
    "LinearScratch",
    "SoftmaxResult",
    "softmax_concise",
    "softmax_scratch",
    "train_linear",
    "train_softmax",
]

# The linear-regression sections fit y = Xw + b + noise with these true parameters.
TRUE_W = (2.0, -3.4)
TRUE_B = 4.2
NUM_EXAMPLES = 1000

# The book's hyperparameters for each model; command-line options override them.
MODEL_DEFAULTS: dict[str, dict[str, int | float]] = {
    "linear-scratch": {"epochs": 3, "lr": 0.03, "batch_size": 10},
    "linear-concise": {"epochs": 3, "lr": 0.03, "batch_size": 10},
    "softmax-scratch": {"epochs": 10, "lr": 0.1, "batch_size": 256},
    "softmax-concise": {"epochs": 10, "lr": 0.1, "batch_size": 256},
}

Batches = Iterable[tuple[torch.Tensor, torch.Tensor]]


def _progress(iterable: Iterable[Any], enabled: bool, **kwargs: Any) -> Iterable[Any]:
    """Wrap `iterable` in a tqdm bar on stderr when `enabled`."""
    if not enabled:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, leave=False, dynamic_ncols=True, **kwargs)


# ---------------------------------------------------------------- linear regression


class LinearScratch:
    """The from-scratch linear regression: tensors w, b trained with `sgd` on `squared_loss`."""

    def __init__(
        self,
        features: torch.Tensor,
        labels: torch.Tensor,
        lr: float,
        batch_size: int,
        device: torch.device,
    ) -> None:
        self.features, self.labels = features, labels
        self.lr, self.batch_size = lr, batch_size
        self.w = torch.normal(0, 0.01, size=(2, 1), device=device, requires_grad=True)
        self.b = torch.zeros(1, device=device, requires_grad=True)

    def batches(self) -> Batches:
        """Return one epoch of shuffled minibatches."""
        return data_iter(self.batch_size, self.features, self.labels)

    def step(self, X: torch.Tensor, y: torch.Tensor) -> None:
        """Take one minibatch step, as the book does: sgd on the summed loss."""
        squared_loss(linreg(X, self.w, self.b), y).sum().backward()
        sgd([self.w, self.b], self.lr, self.batch_size)

    def loss(self) -> float:
        """Return the mean loss over the whole data set."""
        return squared_loss(linreg(self.features, self.w, self.b), self.labels).mean().item()

    def estimates(self) -> tuple[torch.Tensor, torch.Tensor]:
        """Return the learned (w, b)."""
        return self.w.detach(), self.b.detach()


class LinearConcise:
    """The concise linear regression: nn.Linear(2, 1), nn.MSELoss and torch.optim.SGD."""

    def __init__(
        self,
        features: torch.Tensor,
        labels: torch.Tensor,
        lr: float,
        batch_size: int,
        device: torch.device,
    ) -> None:
        self.features, self.labels = features, labels
        self.net = nn.Sequential(nn.Linear(2, 1)).to(device)
        self.net[0].weight.data.normal_(0, 0.01)
        self.net[0].bias.data.fill_(0)
        self.loss_fn = nn.MSELoss()
        self.trainer = torch.optim.SGD(self.net.parameters(), lr=lr)
        self.data_iter = load_array((features, labels), batch_size)

    def batches(self) -> Batches:
        """Return the loader, which shuffles on each pass."""
        return self.data_iter

    def step(self, X: torch.Tensor, y: torch.Tensor) -> None:
        """Take one optimizer step on the minibatch's mean loss."""
        self.trainer.zero_grad()
        self.loss_fn(self.net(X), y).backward()
        self.trainer.step()

    def loss(self) -> float:
        """Return the mean loss over the whole data set."""
        return self.loss_fn(self.net(self.features), self.labels).item()

    def estimates(self) -> tuple[torch.Tensor, torch.Tensor]:
        """Return the learned (w, b)."""
        return self.net[0].weight.data, self.net[0].bias.data


LINEAR_MODELS: dict[str, type[LinearScratch] | type[LinearConcise]] = {
    "linear-scratch": LinearScratch,
    "linear-concise": LinearConcise,
}


class LinearResult(NamedTuple):
    """What `train_linear` returns: losses[0] is before training, losses[i] after epoch i."""

    losses: list[float]
    w_error: list[float]
    b_error: float


def train_linear(
    model: type[LinearScratch] | type[LinearConcise],
    epochs: int,
    lr: float,
    batch_size: int,
    device: torch.device,
    *,
    progress: bool = False,
    on_epoch: Callable[[int, float], None] | None = None,
) -> LinearResult:
    """Fit y = Xw + b on `NUM_EXAMPLES` synthetic examples with `model`; return the result.

    model: `LinearScratch` or `LinearConcise`. progress: a bar over each
    epoch's batches on stderr. on_epoch(epoch, loss) is called after each
    epoch (counted from 1) with the mean loss over the data. Raises
    FloatingPointError when that loss becomes nan or infinite.
    """
    true_w = torch.tensor(TRUE_W)
    features, labels = synthetic_data(true_w, TRUE_B, NUM_EXAMPLES)
    features, labels = features.to(device), labels.to(device)
    fit = model(features, labels, lr, batch_size, device)
    with torch.no_grad():
        losses = [fit.loss()]  # before training: the curve starts at epoch 0
    num_batches = math.ceil(NUM_EXAMPLES / batch_size)
    for epoch in range(1, epochs + 1):
        desc = text("train.bar", epoch=epoch, num_epochs=epochs)
        for X, y in _progress(fit.batches(), progress, total=num_batches, desc=desc):
            fit.step(X, y)
        with torch.no_grad():
            losses.append(fit.loss())
        if on_epoch is not None:
            on_epoch(epoch, losses[-1])
        if not math.isfinite(losses[-1]):
            advice = divergence_advice(lr)
            raise FloatingPointError(
                text("train.diverged_epoch", value=losses[-1], epoch=epoch, advice=advice)
            )
    w_hat, b_hat = fit.estimates()
    w_error = (true_w - w_hat.cpu().reshape(true_w.shape)).tolist()
    b_error = TRUE_B - b_hat.cpu().item()
    return LinearResult(losses, w_error, b_error)


# ---------------------------------------------------------------- softmax regression

NUM_INPUTS = 28 * 28
NUM_OUTPUTS = 10

Model = tuple[Callable[..., torch.Tensor], Callable[..., torch.Tensor], Any]


def softmax_scratch(
    lr: float, device: torch.device
) -> tuple[Callable[[torch.Tensor], torch.Tensor], Callable[..., torch.Tensor], Any]:
    """Return the book's from-scratch model, loss and updater, with parameters on `device`."""
    W = torch.normal(0, 0.01, size=(NUM_INPUTS, NUM_OUTPUTS), device=device, requires_grad=True)
    b = torch.zeros(NUM_OUTPUTS, device=device, requires_grad=True)

    def softmax(X: torch.Tensor) -> torch.Tensor:
        X_exp = torch.exp(X)
        partition = X_exp.sum(1, keepdim=True)  # (B, 1): broadcast over the 10 columns
        return X_exp / partition

    def net(X: torch.Tensor) -> torch.Tensor:
        return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)  # (B, 784) -> (B, 10)

    def cross_entropy(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        rows = torch.arange(len(y_hat), device=y_hat.device)
        return -torch.log(y_hat[rows, y])  # (B,): the probability given to the true class

    def updater(batch_size: int) -> None:
        sgd([W, b], lr, batch_size)

    return net, cross_entropy, updater


def softmax_concise(
    lr: float, device: torch.device
) -> tuple[nn.Module, nn.Module, torch.optim.Optimizer]:
    """Return the book's nn.Sequential model, unreduced cross-entropy loss and SGD."""
    net = nn.Sequential(nn.Flatten(), nn.Linear(NUM_INPUTS, NUM_OUTPUTS))
    nn.init.normal_(net[1].weight, std=0.01)
    net.to(device)
    loss = nn.CrossEntropyLoss(reduction="none")
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    return net, loss, trainer


SOFTMAX_MODELS: dict[str, Callable[[float, torch.device], Model]] = {
    "softmax-scratch": softmax_scratch,
    "softmax-concise": softmax_concise,
}


class SoftmaxResult(NamedTuple):
    """What `train_softmax` returns: the History, the seconds taken, the examples trained on."""

    history: History
    seconds: float
    num_examples: int  # training examples over all epochs


def train_softmax(
    model: Callable[[float, torch.device], Model],
    epochs: int,
    lr: float,
    batch_size: int,
    device: torch.device,
    *,
    root: str | PathLike[str] | None = None,
    download: bool = True,
    progress: bool = False,
) -> SoftmaxResult:
    """Train softmax regression on Fashion-MNIST with `train_ch3`; return the result.

    model: `softmax_scratch` or `softmax_concise`. root, download: where the
    data is and whether missing files are fetched (else FileNotFoundError),
    as in `load_data_fashion_mnist`. train_ch3 prints one line of metrics per
    epoch (its live plot, in a terminal); progress: bars for a download and
    the batches. The seconds count loading the data and training.
    """
    timer = Timer()
    train_iter, test_iter = load_data_fashion_mnist(
        batch_size, root=root, download=download, device=device, progress=progress
    )
    net, loss, updater = model(lr, device)
    history = train_ch3(
        net,
        train_iter,
        test_iter,
        loss,
        epochs,
        updater,
        device=device,
        animate=True,  # in a terminal: one line of metrics per epoch
        progress=progress,
        save_plot=False,  # the caller saves it, with its own title and size
    )
    seconds = timer.stop()
    return SoftmaxResult(history, seconds, epochs * train_iter.num_examples)
