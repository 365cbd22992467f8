"""The chapter's models in the 1.0 style: linear regression (from scratch and concise),
the book's own `SGD`, and softmax regression.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

import torch
from torch import nn

from d2lite.classes.hyperparameters import HyperParameters
from d2lite.classes.module import Classifier, Module


def _lazy_linear(out_features: int) -> nn.LazyLinear:
    """Return nn.LazyLinear(out_features) without the "new feature" warning older PyTorch prints.

    PyTorch before 2.3 warns on every lazy layer built; the warning (with a path of the
    machine) would land in a learner's notebook each time a model is made.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Lazy modules are a new feature")
        return nn.LazyLinear(out_features)


class SGD(HyperParameters):
    """Minibatch stochastic gradient descent written out: param -= lr * param.grad."""

    def __init__(self, params: Iterable[torch.Tensor], lr: float) -> None:
        self.save_hyperparameters()
        self.params = list(params)

    def step(self) -> None:
        """Move every parameter against its gradient by lr times the gradient."""
        with torch.no_grad():
            for param in self.params:
                param -= self.lr * param.grad

    def zero_grad(self) -> None:
        """Set every gradient to zero."""
        for param in self.params:
            if param.grad is not None:
                param.grad.zero_()


class LinearRegressionScratch(Module):
    """Linear regression from scratch: w (num_inputs, 1) ~ N(0, sigma^2), b = 0, squared loss."""

    def __init__(self, num_inputs: int, lr: float, sigma: float = 0.01) -> None:
        super().__init__()
        self.save_hyperparameters()
        self.w = torch.normal(0, sigma, (num_inputs, 1), requires_grad=True)
        self.b = torch.zeros(1, requires_grad=True)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Return X @ w + b: (B, d) @ (d, 1) -> (B, 1)."""
        return torch.matmul(X, self.w) + self.b

    def loss(self, y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Return the mean over the batch of (y_hat - y)^2 / 2."""
        l = (y_hat - y) ** 2 / 2  # noqa: E741 (the book's name)
        return l.mean()

    def configure_optimizers(self) -> SGD:
        """Return the book's SGD over w and b."""
        return SGD([self.w, self.b], self.lr)


class LinearRegression(Module):
    """Linear regression with nn.LazyLinear(1), nn.MSELoss and torch.optim.SGD."""

    def __init__(self, lr: float) -> None:
        super().__init__()
        self.save_hyperparameters()
        self.net = _lazy_linear(1)
        # A lazy layer has no weights until its first forward pass; initialize them then,
        # from a forward pre-hook that runs after the one that creates them. A bound method
        # and a flag (not a closure holding the hook's handle) so that copies and pickles of
        # the model behave the same.
        self._init_pending = True
        self.net.register_forward_pre_hook(self._init_weights_once)

    def _init_weights_once(self, module: nn.Module, args: Any) -> None:
        """Draw the weights from N(0, 0.01^2) and zero the bias, at the first forward pass."""
        if self._init_pending:
            with torch.no_grad():
                module.weight.normal_(0, 0.01)
                module.bias.zero_()
            self._init_pending = False

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Return self.net(X): (B, d) -> (B, 1)."""
        return self.net(X)

    def loss(self, y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Return the mean squared error."""
        fn = nn.MSELoss()
        return fn(y_hat, y)

    def configure_optimizers(self) -> torch.optim.Optimizer:
        """Return torch.optim.SGD over the layer's parameters."""
        return torch.optim.SGD(self.parameters(), self.lr)

    def get_w_b(self) -> tuple[torch.Tensor, torch.Tensor]:
        """Return the learnt weight (1, d) and bias (1,)."""
        return (self.net.weight.data, self.net.bias.data)


class SoftmaxRegression(Classifier):
    """Softmax regression: flatten the images, then one nn.LazyLinear(num_outputs) layer."""

    def __init__(self, num_outputs: int, lr: float) -> None:
        super().__init__()
        self.save_hyperparameters()
        self.net = nn.Sequential(nn.Flatten(), _lazy_linear(num_outputs))

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Return the class scores (logits): (B, 1, H, W) -> (B, num_outputs)."""
        return self.net(X)
