"""Errors that teach: the chapter's common mistakes, each explained with PyTorch's message kept."""

from __future__ import annotations

import re

import pytest
import torch
from torch import nn

import d2lite as d2l
from d2lite.data.loaders import ArrayLoader

torch.manual_seed(0)
IMAGES = torch.rand(64, 1, 28, 28)
LABELS = torch.randint(0, 10, (64,))
LOADER = ArrayLoader((IMAGES, LABELS), 32)
LOSS = nn.CrossEntropyLoss(reduction="none")


def _train(net, params, loader=LOADER, epochs=1):
    updater = torch.optim.SGD(params, lr=0.1)
    return d2l.train_ch3(net, loader, loader, LOSS, epochs, updater, animate=False)


def test_parameters_without_requires_grad():
    W = torch.normal(0, 0.01, size=(784, 10))  # forgot requires_grad=True
    b = torch.zeros(10)

    def net(X):
        return X.reshape((-1, 784)) @ W + b

    def updater(batch_size):
        d2l.sgd([W, b], 0.1, batch_size)

    with pytest.raises(RuntimeError) as info:
        d2l.train_ch3(net, LOADER, LOADER, LOSS, 1, updater, animate=False)
    message = str(info.value)
    assert "create the parameters with requires_grad=True" in message
    assert "torch.normal(0, 0.01, size=(784, 10), requires_grad=True)" in message
    assert "PyTorch said: element 0 of tensors does not require grad" in message
    assert isinstance(info.value.__cause__, RuntimeError)


def test_a_net_that_forgets_to_flatten():
    net = nn.Sequential(nn.Linear(784, 10))  # no nn.Flatten()
    with pytest.raises(RuntimeError) as info:
        _train(net, net.parameters())
    message = str(info.value)
    assert "the batch X of shape (32, 1, 28, 28)" in message
    assert "weight matrix of shape (784, 10)" in message
    assert "X.reshape((-1, 784))" in message and "nn.Flatten()" in message
    # PyTorch's own text follows; newer releases put the operation first ("addmm: mat1 ...").
    assert re.search(
        r"PyTorch said: (\w+: )?mat1 and mat2 shapes cannot be multiplied "
        r"\(896x28 and 784x10\)",
        message,
    )
    # The same sentence where the net is only evaluated.
    with pytest.raises(RuntimeError, match=r"nn.Flatten\(\).*PyTorch said: (\w+: )?mat1 and mat2"):
        d2l.evaluate_accuracy(net, LOADER)
    with pytest.raises(RuntimeError, match=r"nn.Flatten\(\).*PyTorch said: (\w+: )?mat1 and mat2"):
        d2l.predict_ch3(net, LOADER)


def test_too_few_outputs_for_the_classes():
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 5))  # 5 outputs, 10 classes
    with pytest.raises(IndexError) as info:
        _train(net, net.parameters())
    message = str(info.value)
    assert "the net returns 5 scores per example (output shape (32, 5))" in message
    assert "the labels go up to 9" in message and "nn.Linear(784, 10)" in message
    assert "PyTorch said: Target" in message and "is out of bounds" in message


def test_too_few_outputs_with_the_books_cross_entropy():
    W = torch.normal(0, 0.01, size=(784, 5), requires_grad=True)
    b = torch.zeros(5, requires_grad=True)

    def net(X):
        return torch.softmax(X.reshape((-1, 784)) @ W + b, dim=1)

    def cross_entropy(y_hat, y):
        return -torch.log(y_hat[range(len(y_hat)), y])

    def updater(batch_size):
        d2l.sgd([W, b], 0.1, batch_size)

    with pytest.raises(
        IndexError,
        match=r"returns 5 scores per example.*W of shape \(784, "
        r"10\).*PyTorch said: index \d is out of bounds for dimension 1",
    ):
        d2l.train_ch3(net, LOADER, LOADER, cross_entropy, 1, updater, animate=False)


def test_uint8_images_fed_to_a_float_model():
    raw = ArrayLoader(((IMAGES * 255).to(torch.uint8), LABELS), 32)  # not converted
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with pytest.raises(RuntimeError) as info:
        _train(net, net.parameters(), loader=raw)
    message = str(info.value)
    assert "the batch X holds torch.uint8 values (shape (32, 1, 28, 28))" in message
    assert "X.float() / 255" in message and "d2l.load_data_fashion_mnist" in message
    assert "PyTorch said:" in message


def test_other_errors_are_left_alone():
    def net(X):
        raise RuntimeError("something else entirely")

    with pytest.raises(RuntimeError, match=r"^something else entirely$"):
        d2l.evaluate_accuracy(net, LOADER)


class Tiny(d2l.DataModule):
    def __init__(self, images=IMAGES):
        super().__init__()
        self.batch_size = 32
        self.images = images

    def get_dataloader(self, train):
        return self.get_tensorloader((self.images, LABELS), train)


def test_the_trainer_explains_them_too():
    class NoFlatten(d2l.Classifier):
        def __init__(self, lr):
            super().__init__()
            self.save_hyperparameters()
            self.net = nn.Linear(784, 10)

    with pytest.raises(RuntimeError, match=r"nn.Flatten\(\).*PyTorch said: (\w+: )?mat1 and mat2"):
        d2l.Trainer(max_epochs=1).fit(NoFlatten(0.1), Tiny())

    with pytest.raises(IndexError, match=r"returns 5 scores per example.*PyTorch said: Target"):
        d2l.Trainer(max_epochs=1).fit(d2l.SoftmaxRegression(5, lr=0.1), Tiny())

    class Frozen(d2l.Classifier):
        def __init__(self, lr):
            super().__init__()
            self.save_hyperparameters()
            self.W = torch.zeros(784, 10)  # forgot requires_grad

        def parameters(self):
            return [self.W]

        def forward(self, X):
            return X.reshape((-1, 784)) @ self.W

    with pytest.raises(RuntimeError, match=r"requires_grad=True.*PyTorch said: element 0"):
        d2l.Trainer(max_epochs=1).fit(Frozen(0.1), Tiny())
