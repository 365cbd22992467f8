"""The d2l.ai 1.0 edition's chapter code, run through `from d2lite import torch as d2l`.

Each test is one section of "Linear Neural Networks for Regression" or "...for
Classification", written as the book writes it (its local classes and
`add_to_class` patches included), with only the import line changed. Where the
book implements something by hand, PyTorch is the reference.
"""

from __future__ import annotations

import collections
import os
import random
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision
from torch import nn
from torch.nn import functional as F
from torchvision import transforms

from d2lite import torch as d2l

DATA = os.environ.get("D2LITE_DATA")
has_data = DATA is not None and (Path(DATA) / "FashionMNIST/raw/t10k-images-idx3-ubyte").exists()
needs_data = pytest.mark.skipif(
    not has_data, reason="set D2LITE_DATA to a folder holding FashionMNIST/raw"
)
needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


@pytest.fixture(autouse=True)
def _restore_classes():
    """The book patches d2l.Trainer and d2l.Classifier with add_to_class; undo it after a test."""
    saved = {cls: dict(vars(cls)) for cls in (d2l.Trainer, d2l.Classifier, d2l.Module)}
    yield
    for cls, attrs in saved.items():
        for name in set(vars(cls)) - set(attrs):
            delattr(cls, name)
        for name, value in attrs.items():
            if vars(cls).get(name) is not value and name not in ("__dict__", "__weakref__"):
                setattr(cls, name, value)
    d2l.plt.close("all")


@pytest.fixture(scope="module")
def fashion():
    return d2l.FashionMNIST(batch_size=256, download=False)


# ---------------------------------------------------------------- oo-design


def test_add_to_class_and_save_hyperparameters(capsys):
    class A:
        def __init__(self):
            self.b = 1

    a = A()

    @d2l.add_to_class(A)
    def do(self):
        print('Class attribute "b" is', self.b)

    a.do()
    assert capsys.readouterr().out == 'Class attribute "b" is 1\n'

    class B(d2l.HyperParameters):
        def __init__(self, a, b, c):
            self.save_hyperparameters(ignore=["c"])
            print("self.a =", self.a, "self.b =", self.b)
            print("There is no self.c =", not hasattr(self, "c"))

    b = B(a=1, b=2, c=3)
    assert capsys.readouterr().out == "self.a = 1 self.b = 2\nThere is no self.c = True\n"
    assert b.hparams == {"a": 1, "b": 2}


def test_save_hyperparameters_takes_arguments_not_other_locals():
    class C(d2l.HyperParameters):
        def __init__(self, lr, *sizes, _private=0, **options):
            scratch = lr * 2  # a local variable, not an argument
            self.save_hyperparameters()
            self.scratch = scratch

    c = C(0.1, 3, 4, momentum=0.9)
    assert c.hparams == {"lr": 0.1, "sizes": (3, 4), "options": {"momentum": 0.9}}
    assert not hasattr(c, "_private")


def test_save_hyperparameters_outside_init_is_an_error():
    class D(d2l.HyperParameters):
        def setup(self, lr):
            self.save_hyperparameters()

    with pytest.raises(RuntimeError, match=r"called from setup\(\).*inside __init__"):
        D().setup(0.1)
    with pytest.raises(TypeError, match=r"ignore must be a list of argument names.*\['c'\]"):

        class E(d2l.HyperParameters):
            def __init__(self, c):
                self.save_hyperparameters(ignore="c")

        E(1)


def test_add_to_class_needs_a_class():
    with pytest.raises(TypeError, match="add_to_class takes a class"):
        d2l.add_to_class(3)


def test_progress_board_averages_every_n_points():
    board = d2l.ProgressBoard("x")
    xs = np.arange(0, 10, 0.1)
    for x in xs:
        board.draw(x, np.sin(x), "sin", every_n=2)
        board.draw(x, np.cos(x), "cos", every_n=10)
    assert list(board.data) == ["sin", "cos"]
    assert len(board.data["sin"]) == 50 and len(board.data["cos"]) == 10
    sin = np.sin(xs).reshape(50, 2).mean(1)
    cos = np.cos(xs).reshape(10, 10).mean(1)
    assert np.allclose([p.y for p in board.data["sin"]], sin)
    assert np.allclose([p.x for p in board.data["cos"]], xs.reshape(10, 10).mean(1))
    assert np.allclose([p.y for p in board.data["cos"]], cos)
    assert board.data["sin"][-1]._fields == ("x", "y")
    assert board.xlabel == "x"


def test_progress_board_saves_every_point(tmp_path):
    board = d2l.ProgressBoard(xlabel="epoch", ylim=[-1, 1], yscale="linear")
    for x in range(5):
        board.draw(x, torch.tensor(float(x) / 5), "loss")
    path = board.save(tmp_path / "board.png")
    assert path.stat().st_size > 1000
    [line] = board.fig.axes[0].get_lines()
    assert list(line.get_xdata()) == [0, 1, 2, 3, 4]


def test_progress_board_rejects_vectors():
    with pytest.raises(ValueError, match=r"one number per point.*shape \(3,\)"):
        d2l.ProgressBoard().draw(0, torch.ones(3), "loss")


# ---------------------------------------------------------------- synthetic regression data


def test_synthetic_regression_data_matches_the_books_draws():
    class BookData(d2l.DataModule):  # the book's class, as its section writes it
        def __init__(self, w, b, noise=0.01, num_train=1000, num_val=1000, batch_size=32):
            super().__init__()
            self.save_hyperparameters()
            n = num_train + num_val
            self.X = torch.randn(n, len(w))
            noise = torch.randn(n, 1) * noise
            self.y = torch.matmul(self.X, w.reshape((-1, 1))) + b + noise

    w, b = torch.tensor([2, -3.4]), 4.2
    torch.manual_seed(5)
    book = BookData(w, b)
    torch.manual_seed(5)
    data = d2l.SyntheticRegressionData(w=w, b=b)
    assert torch.equal(data.X, book.X) and torch.equal(data.y, book.y)
    assert data.root == "../data" and data.num_workers == 4  # DataModule's defaults
    assert data.X.shape == (2000, 2) and data.y.shape == (2000, 1)

    X, y = next(iter(data.train_dataloader()))
    assert X.shape == (32, 2) and y.shape == (32, 1)
    assert len(data.train_dataloader()) == 32  # ceil(1000 / 32)
    val = torch.cat([y for _, y in data.val_dataloader()])
    assert torch.equal(val, data.y[1000:])  # validation keeps its order


def test_the_books_generator_dataloader_trains():
    class SyntheticRegressionData(d2l.DataModule):
        def __init__(self, w, b, noise=0.01, num_train=1000, num_val=1000, batch_size=32):
            super().__init__()
            self.save_hyperparameters()
            n = num_train + num_val
            self.X = torch.randn(n, len(w))
            noise = torch.randn(n, 1) * noise
            self.y = torch.matmul(self.X, w.reshape((-1, 1))) + b + noise

    @d2l.add_to_class(SyntheticRegressionData)
    def get_dataloader(self, train):
        if train:
            indices = list(range(0, self.num_train))
            random.shuffle(indices)
        else:
            indices = list(range(self.num_train, self.num_train + self.num_val))
        for i in range(0, len(indices), self.batch_size):
            batch_indices = torch.tensor(indices[i : i + self.batch_size])
            yield self.X[batch_indices], self.y[batch_indices]

    data = SyntheticRegressionData(w=torch.tensor([2, -3.4]), b=4.2)
    X, y = next(iter(data.train_dataloader()))
    assert X.shape == (32, 2)

    @d2l.add_to_class(SyntheticRegressionData)
    def get_dataloader(self, train):  # noqa: F811 -- the book replaces it, as here
        i = slice(0, self.num_train) if train else slice(self.num_train, None)
        return self.get_tensorloader((self.X, self.y), train, i)

    assert len(data.train_dataloader()) == 32


# ---------------------------------------------------------------- linear regression


def test_linear_regression_scratch_as_the_book_writes_it(capsys):
    class LinearRegressionScratch(d2l.Module):
        def __init__(self, num_inputs, lr, sigma=0.01):
            super().__init__()
            self.save_hyperparameters()
            self.w = torch.normal(0, sigma, (num_inputs, 1), requires_grad=True)
            self.b = torch.zeros(1, requires_grad=True)

    @d2l.add_to_class(LinearRegressionScratch)
    def forward(self, X):
        return torch.matmul(X, self.w) + self.b

    @d2l.add_to_class(LinearRegressionScratch)
    def loss(self, y_hat, y):
        l = (y_hat - y) ** 2 / 2  # noqa: E741
        return l.mean()

    class SGD(d2l.HyperParameters):
        def __init__(self, params, lr):
            self.save_hyperparameters()

        def step(self):
            for param in self.params:
                param -= self.lr * param.grad

        def zero_grad(self):
            for param in self.params:
                if param.grad is not None:
                    param.grad.zero_()

    @d2l.add_to_class(LinearRegressionScratch)
    def configure_optimizers(self):
        return SGD([self.w, self.b], self.lr)

    @d2l.add_to_class(d2l.Trainer)
    def prepare_batch(self, batch):
        return batch

    @d2l.add_to_class(d2l.Trainer)
    def fit_epoch(self):
        self.model.train()
        for batch in self.train_dataloader:
            loss = self.model.training_step(self.prepare_batch(batch))
            self.optim.zero_grad()
            with torch.no_grad():
                loss.backward()
                if self.gradient_clip_val > 0:
                    self.clip_gradients(self.gradient_clip_val, self.model)
                self.optim.step()
            self.train_batch_idx += 1
        if self.val_dataloader is None:
            return
        self.model.eval()
        for batch in self.val_dataloader:
            with torch.no_grad():
                self.model.validation_step(self.prepare_batch(batch))
            self.val_batch_idx += 1

    torch.manual_seed(0)
    model = LinearRegressionScratch(2, lr=0.03)
    data = d2l.SyntheticRegressionData(w=torch.tensor([2, -3.4]), b=4.2)
    trainer = d2l.Trainer(max_epochs=3)
    trainer.fit(model, data)
    with torch.no_grad():
        w_error = data.w - model.w.reshape(data.w.shape)
        b_error = data.b - model.b
    assert w_error.abs().max() < 0.5 and b_error.abs().max() < 0.5  # the book: about 0.1-0.2
    # Points at fractional epochs: 32 batches per epoch, two points each, 3 epochs.
    assert [round(p.x, 4) for p in model.board.data["train_loss"][:2]] == [0.2344, 0.7344]
    assert len(model.board.data["train_loss"]) == 6 and len(model.board.data["val_loss"]) == 3
    assert [p.x for p in model.board.data["val_loss"]] == [1, 2, 3]
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == ["epoch 1/3", "epoch 2/3", "epoch 3/3"]
    assert lines[3].startswith("the training curves are not shown (no display)")


def test_the_packages_linear_regression_scratch_and_sgd_match_pytorch():
    torch.manual_seed(0)
    model = d2l.LinearRegressionScratch(2, lr=0.03)
    assert model.w.shape == (2, 1) and model.b.shape == (1,)
    X, y = torch.randn(8, 2), torch.randn(8, 1)
    assert torch.allclose(model.loss(model(X), y), F.mse_loss(model(X), y) / 2)

    # The book's SGD takes the same step as torch.optim.SGD.
    w = torch.randn(3, requires_grad=True)
    v = w.detach().clone().requires_grad_(True)
    ours, reference = d2l.SGD([w], lr=0.1), torch.optim.SGD([v], lr=0.1)
    for _ in range(3):
        for p, opt in ((w, ours), (v, reference)):
            opt.zero_grad()
            ((p * torch.arange(3.0)) ** 2).sum().backward()
            opt.step()
    assert torch.allclose(w, v)


def test_linear_regression_concise():
    torch.manual_seed(0)
    model = d2l.LinearRegression(lr=0.03)
    data = d2l.SyntheticRegressionData(w=torch.tensor([2, -3.4]), b=4.2)
    trainer = d2l.Trainer(max_epochs=3)
    trainer.fit(model, data)
    w, b = model.get_w_b()
    assert (data.w - w.reshape(data.w.shape)).abs().max() < 0.05
    assert abs(data.b - b.item()) < 0.05
    X, y = torch.randn(4, 2), torch.randn(4, 1)
    assert torch.allclose(model.loss(model(X), y), nn.MSELoss()(model(X), y))


def test_linear_regression_initializes_as_the_book_says():
    torch.manual_seed(0)
    model = d2l.LinearRegression(lr=0.03)
    model(torch.randn(2, 500))  # the lazy layer gets its shape here
    w, b = model.get_w_b()
    assert w.shape == (1, 500) and torch.equal(b, torch.zeros(1))
    assert 0.008 < w.std().item() < 0.012  # N(0, 0.01^2)


@pytest.mark.filterwarnings("ignore:Converting a tensor with requires_grad")  # the book's float()
def test_weight_decay_reuses_one_trainer():
    class Data(d2l.DataModule):
        def __init__(self, num_train, num_val, num_inputs, batch_size):
            self.save_hyperparameters()
            n = num_train + num_val
            self.X = torch.randn(n, num_inputs)
            noise = torch.randn(n, 1) * 0.01
            w, b = torch.ones((num_inputs, 1)) * 0.01, 0.05
            self.y = torch.matmul(self.X, w) + b + noise

        def get_dataloader(self, train):
            i = slice(0, self.num_train) if train else slice(self.num_train, None)
            return self.get_tensorloader([self.X, self.y], train, i)

    def l2_penalty(w):
        return (w**2).sum() / 2

    class WeightDecayScratch(d2l.LinearRegressionScratch):
        def __init__(self, num_inputs, lambd, lr, sigma=0.01):
            super().__init__(num_inputs, lr, sigma)
            self.save_hyperparameters()

        def loss(self, y_hat, y):
            return super().loss(y_hat, y) + self.lambd * l2_penalty(self.w)

    torch.manual_seed(0)
    data = Data(num_train=20, num_val=100, num_inputs=200, batch_size=5)
    trainer = d2l.Trainer(max_epochs=10)

    def train_scratch(lambd):
        model = WeightDecayScratch(num_inputs=200, lambd=lambd, lr=0.01)
        model.board.yscale = "log"
        trainer.fit(model, data)
        return float(l2_penalty(model.w)), model

    norm_plain, plain = train_scratch(0)
    norm_decayed, decayed = train_scratch(3)
    assert norm_decayed < norm_plain / 5
    assert plain.board.data["val_loss"][-1].y > decayed.board.data["val_loss"][-1].y
    assert len(decayed.board.data["val_loss"]) == 10  # the second fit starts anew

    class WeightDecay(d2l.LinearRegression):
        def __init__(self, wd, lr):
            super().__init__(lr)
            self.save_hyperparameters()
            self.wd = wd

        def configure_optimizers(self):
            return torch.optim.SGD(
                [{"params": self.net.weight, "weight_decay": self.wd}, {"params": self.net.bias}],
                lr=self.lr,
            )

    model = WeightDecay(wd=3, lr=0.01)
    model.board.yscale = "log"
    trainer.fit(model, data)
    assert float(l2_penalty(model.get_w_b()[0])) < norm_plain / 5


def test_gradient_clipping_matches_the_books_rule():
    model = d2l.LinearRegressionScratch(3, lr=0.1)
    trainer = d2l.Trainer(max_epochs=1, gradient_clip_val=1)
    for scale, clipped in ((10.0, True), (0.01, False)):
        model.w.grad = torch.full((3, 1), scale)
        model.b.grad = torch.full((1,), scale)
        grads = [model.w.grad.clone(), model.b.grad.clone()]

        class Params:  # clip_gradients reads model.parameters()
            def parameters(self):
                return [model.w, model.b]

        trainer.clip_gradients(1, Params())
        norm = torch.sqrt(sum((g**2).sum() for g in grads))
        expected = [g * (1 / norm) if clipped else g for g in grads]
        assert torch.allclose(model.w.grad, expected[0]) and torch.allclose(
            model.b.grad, expected[1]
        )


# ---------------------------------------------------------------- the dataset


@needs_data
def test_fashion_mnist_dataset_section(fashion):
    data = d2l.FashionMNIST(resize=(32, 32), download=False)
    assert len(data.train) == 60000 and len(data.val) == 10000
    assert data.train[0][0].shape == (1, 32, 32)
    X, y = next(iter(data.train_dataloader()))
    assert X.shape == (64, 1, 32, 32) and X.dtype == torch.float32
    assert y.shape == (64,) and y.dtype == torch.int64
    assert len(data.train_dataloader()) == 938  # ceil(60000 / 64)
    batch = next(iter(data.val_dataloader()))
    data.visualize(batch)
    assert len(d2l.plt.gcf().axes) == 8
    assert data.text_labels([0, 9]) == ["t-shirt", "ankle boot"]


@needs_data
def test_fashion_mnist_examples_are_torchvisions(fashion):
    reference = torchvision.datasets.FashionMNIST(
        root=DATA, train=True, transform=transforms.ToTensor(), download=False
    )
    for i in (0, 1, 12345, 59999, -1):
        image, label = fashion.train[i]
        ref_image, ref_label = reference[i % len(reference)]
        assert image.dtype == torch.float32 and image.shape == (1, 28, 28)
        assert torch.equal(image, ref_image) and label == ref_label and type(label) is int
    # The classic loaders' datasets give the same examples.
    train_iter, test_iter = d2l.load_data_fashion_mnist(32, download=False)
    assert torch.equal(train_iter.dataset[7][0], reference[7][0])
    assert train_iter.dataset[7][1] == reference[7][1] and len(test_iter.dataset) == 10000
    # ... and a net takes them (unsqueezed to a batch of one), as with torchvision.
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    assert net(train_iter.dataset[0][0].unsqueeze(0)).shape == (1, 10)


def test_image_dataset_index_errors():
    dataset = d2l.ImageDataset(torch.zeros(3, 4, 4, dtype=torch.uint8), torch.arange(3))
    assert len(dataset) == 3 and dataset[-1][1] == 2
    with pytest.raises(IndexError, match="index 3 is out of range for a dataset of 3"):
        dataset[3]
    with pytest.raises(TypeError, match="an example is taken by its position"):
        dataset[0:2]


@needs_data
def test_fashion_mnist_bad_resize_is_an_error():
    with pytest.raises(ValueError, match=r"resize.* must be >= 1, got 0"):
        d2l.FashionMNIST(resize=0, download=False)


# ---------------------------------------------------------------- classification


def test_classifier_accuracy_and_loss_match_pytorch():
    model = d2l.Classifier()
    Y_hat = torch.randn(6, 10)
    Y = torch.tensor([0, 1, 2, 3, 4, 5])
    Y_hat[torch.arange(3), Y[:3]] = 10  # the first three are right
    expected = (Y_hat.argmax(1) == Y).float()
    assert torch.equal(model.accuracy(Y_hat, Y, averaged=False), expected)
    assert model.accuracy(Y_hat, Y).item() == pytest.approx(expected.mean().item())
    assert torch.allclose(model.loss(Y_hat, Y), F.cross_entropy(Y_hat, Y))
    per_example = model.loss(Y_hat.reshape(2, 3, 10), Y.reshape(2, 3), averaged=False)
    assert torch.allclose(per_example, F.cross_entropy(Y_hat, Y, reduction="none"))


def test_layer_summary_prints_each_layer(capsys):
    model = d2l.SoftmaxRegression(num_outputs=10, lr=0.1)
    model.layer_summary((2, 1, 28, 28))
    out = capsys.readouterr().out
    assert "Flatten output shape:\t torch.Size([2, 784])" in out
    assert "Linear output shape:\t torch.Size([2, 10])" in out


def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdims=True)
    return X_exp / partition


def cross_entropy(y_hat, y):
    return -torch.log(y_hat[list(range(len(y_hat))), y]).mean()


class SoftmaxRegressionScratch(d2l.Classifier):
    def __init__(self, num_inputs, num_outputs, lr, sigma=0.01):
        super().__init__()
        self.save_hyperparameters()
        self.W = torch.normal(0, sigma, size=(num_inputs, num_outputs), requires_grad=True)
        self.b = torch.zeros(num_outputs, requires_grad=True)

    def parameters(self):
        return [self.W, self.b]

    def forward(self, X):
        X = X.reshape((-1, self.W.shape[0]))
        return softmax(torch.matmul(X, self.W) + self.b)

    def loss(self, y_hat, y):
        return cross_entropy(y_hat, y)


def test_the_books_softmax_pieces_match_pytorch():
    X = torch.randn(5, 10)
    y = torch.randint(0, 10, (5,))
    assert torch.allclose(softmax(X), F.softmax(X, dim=1))
    assert torch.allclose(cross_entropy(softmax(X), y), F.cross_entropy(X, y))


@needs_data
def test_softmax_regression_scratch_reaches_the_books_accuracy(fashion):
    torch.manual_seed(0)
    model = SoftmaxRegressionScratch(num_inputs=784, num_outputs=10, lr=0.1)
    trainer = d2l.Trainer(max_epochs=10)
    trainer.fit(model, fashion)
    assert 0.82 <= model.board.data["val_acc"][-1].y <= 0.86

    X, y = next(iter(fashion.val_dataloader()))
    preds = model(X).argmax(axis=1)
    assert preds.shape == (256,)
    wrong = preds.type(y.dtype) != y
    X, y, preds = X[wrong], y[wrong], preds[wrong]
    labels = [
        a + "\n" + b
        for a, b in zip(fashion.text_labels(y), fashion.text_labels(preds), strict=True)
    ]
    fashion.visualize([X, y], labels=labels)


@needs_data
def test_softmax_regression_concise_reaches_the_books_accuracy(fashion):
    @d2l.add_to_class(d2l.Classifier)
    def loss(self, Y_hat, Y, averaged=True):
        Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
        Y = Y.reshape((-1,))
        return F.cross_entropy(Y_hat, Y, reduction="mean" if averaged else "none")

    torch.manual_seed(0)
    model = d2l.SoftmaxRegression(num_outputs=10, lr=0.1)
    trainer = d2l.Trainer(max_epochs=10)
    trainer.fit(model, fashion)
    assert 0.82 <= model.board.data["val_acc"][-1].y <= 0.86
    assert len(model.board.data["train_loss"]) == 20  # two points per epoch


# ---------------------------------------------------------------- progress and devices


def _tiny_classification(n=64, batch_size=16):
    class Tiny(d2l.DataModule):
        def __init__(self, batch_size):
            super().__init__()
            self.save_hyperparameters()
            self.X = torch.randn(n, 1, 4, 4)
            self.y = torch.randint(0, 10, (n,))

        def get_dataloader(self, train):
            return self.get_tensorloader((self.X, self.y), train)

    return Tiny(batch_size)


def test_fit_plots_tensors_and_reads_them_only_per_point(monkeypatch):
    from d2lite.classes import board as board_module

    seen, reads = [], []
    draw = d2l.ProgressBoard.draw

    def spy(self, x, y, label, every_n=1):
        seen.append(type(y))
        return draw(self, x, y, label, every_n)

    mean = board_module._mean

    def counting_mean(values):
        reads.append(len(values))
        return mean(values)

    monkeypatch.setattr(d2l.ProgressBoard, "draw", spy)
    monkeypatch.setattr(board_module, "_mean", counting_mean)
    model = d2l.SoftmaxRegression(num_outputs=10, lr=0.1)
    d2l.Trainer(max_epochs=2).fit(model, _tiny_classification())
    assert set(seen) == {torch.Tensor}  # never a float read from the device per batch
    points = sum(len(v) for v in model.board.data.values())
    assert len(reads) == 2 * points  # one mean of x and one of y per plotted point


def test_fit_in_jupyter_updates_one_output(monkeypatch, capsys):
    import IPython.display

    from d2lite import display as where

    class Handle:
        updates = 0

        def update(self, obj):
            Handle.updates += 1

    shown = []

    def display(obj, display_id=None):
        shown.append(obj)
        return Handle()

    class Events:
        registered = []
        callbacks = {"post_execute": []}

        def register(self, name, fn):
            self.registered.append(name)

    class Shell:
        kernel = object()
        events = Events()

    monkeypatch.setattr(where, "ipython_kernel", lambda: Shell())
    monkeypatch.setattr(IPython.display, "display", display)
    model = d2l.SoftmaxRegression(num_outputs=10, lr=0.1)
    d2l.Trainer(max_epochs=3).fit(model, _tiny_classification())
    assert len(shown) == 1  # one output per fit, updated in place
    assert capsys.readouterr().out == ""  # no printed lines in a notebook
    assert d2l.plt.get_fignums() == []  # the inline backend will not show it twice
    axes = model.board.fig.axes[0]
    drawn = [len(line.get_xdata()) for line in axes.get_lines()]
    assert drawn == [len(points) for points in model.board.data.values()] == [6, 3, 3]
    d2l.Trainer(max_epochs=1).fit(model, _tiny_classification())
    assert len(shown) == 2  # a new fit gets its own output


def test_board_display_false_collects_without_drawing(capsys):
    model = d2l.SoftmaxRegression(num_outputs=10, lr=0.1)
    model.board.display = False
    d2l.Trainer(max_epochs=2).fit(model, _tiny_classification())
    assert capsys.readouterr().out == ""
    assert model.board.fig is None
    assert isinstance(model.board.data["val_loss"][-1].y, float)


def test_fit_stops_when_the_loss_diverges():
    torch.manual_seed(0)
    model = d2l.LinearRegression(lr=10.0)
    data = d2l.SyntheticRegressionData(w=torch.tensor([2, -3.4]), b=4.2)
    with pytest.raises(FloatingPointError, match=r"epoch 1; the learning rate 10 is probably"):
        d2l.Trainer(max_epochs=3).fit(model, data)


def test_plain_tensor_attributes_follow_the_model(monkeypatch):
    from d2lite.nets import move_tensor_attributes

    model = d2l.LinearRegressionScratch(2, lr=0.1)
    move_tensor_attributes(model, torch.device("meta"))
    assert model.w.device.type == "meta" and model.w.requires_grad and model.w.is_leaf
    assert model.b.device.type == "meta"


def test_trainer_device_argument_and_cpu_default():
    assert d2l.Trainer(max_epochs=1).device == torch.device("cpu")
    assert d2l.Trainer(max_epochs=1, device="cpu").gpus == []
    model = d2l.SoftmaxRegression(num_outputs=10, lr=0.1)
    d2l.Trainer(max_epochs=1, device="cpu").fit(model, _tiny_classification())


@needs_cuda
def test_trainer_on_the_gpu_moves_model_scratch_tensors_and_batches():
    torch.manual_seed(0)
    data = _tiny_classification()
    model = SoftmaxRegressionScratch(num_inputs=16, num_outputs=10, lr=0.1)
    trainer = d2l.Trainer(max_epochs=2, num_gpus=1)
    trainer.fit(model, data)
    assert model.W.device.type == "cuda" and model.W.is_leaf
    concise = d2l.SoftmaxRegression(num_outputs=10, lr=0.1)

    @d2l.add_to_class(d2l.Trainer)
    def prepare_batch(self, batch):  # the book's CPU-only version: batches must still meet
        return batch

    d2l.Trainer(max_epochs=1, device="cuda").fit(concise, data)
    assert next(concise.parameters()).device.type == "cuda"


# ---------------------------------------------------------------- bad input


def test_fit_needs_a_module_with_training_step():
    with pytest.raises(TypeError, match=r"fit needs a d2l.Module .* got Sequential"):
        d2l.Trainer(max_epochs=1).fit(nn.Sequential(nn.Linear(2, 1)), _tiny_classification())


def test_fit_needs_an_optimizer():
    class NoLR(d2l.Classifier):
        def __init__(self):
            super().__init__()
            self.net = nn.Sequential(nn.Flatten(), nn.Linear(16, 10))

    with pytest.raises(AttributeError, match=r"NoLR has no learning rate self.lr"):
        d2l.Trainer(max_epochs=1).fit(NoLR(), _tiny_classification())

    class NoParams(d2l.Classifier):
        def __init__(self, lr):
            super().__init__()
            self.save_hyperparameters()
            self.W = torch.zeros(16, 10, requires_grad=True)

    with pytest.raises(ValueError, match=r"NoParams.parameters\(\) is empty.*nn.Parameter"):
        d2l.Trainer(max_epochs=1).fit(NoParams(0.1), _tiny_classification())

    class NotAnOptimizer(d2l.Classifier):
        def configure_optimizers(self):
            return None

    with pytest.raises(TypeError, match=r"configure_optimizers\(\) must return an optimizer"):
        d2l.Trainer(max_epochs=1).fit(NotAnOptimizer(), _tiny_classification())


def test_fit_with_data_that_yields_nothing():
    class Empty(d2l.DataModule):
        def __init__(self):
            super().__init__()
            self.batch_size = 4

        def get_dataloader(self, train):
            return self.get_tensorloader((torch.zeros(0, 2), torch.zeros(0, 1)), train)

    with pytest.raises(ValueError, match=r"Empty.train_dataloader\(\) yields no batches"):
        d2l.Trainer(max_epochs=1).fit(d2l.LinearRegression(lr=0.1), Empty())
    with pytest.raises(TypeError, match=r"fit needs data with train_dataloader"):
        d2l.Trainer(max_epochs=1).fit(d2l.LinearRegression(lr=0.1), [1, 2])


def test_loader_without_length_is_an_error():
    class Gen(d2l.DataModule):
        def get_dataloader(self, train):
            yield torch.zeros(2, 2), torch.zeros(2, 1)

    with pytest.raises(TypeError, match=r"training loader must have a length .* generator"):
        d2l.Trainer(max_epochs=1).fit(d2l.LinearRegression(lr=0.1), Gen())


def test_training_step_must_return_a_scalar_loss():
    class Forgot(d2l.Classifier):
        def __init__(self, lr):
            super().__init__()
            self.save_hyperparameters()
            self.net = nn.Sequential(nn.Flatten(), nn.Linear(16, 10))

        def training_step(self, batch):
            self.loss(self(*batch[:-1]), batch[-1])

    with pytest.raises(TypeError, match=r"Forgot.training_step must return the loss"):
        d2l.Trainer(max_epochs=1).fit(Forgot(0.1), _tiny_classification())

    class PerExample(Forgot):
        def training_step(self, batch):
            return self.loss(self(*batch[:-1]), batch[-1], averaged=False)

    with pytest.raises(ValueError, match=r"loss has shape \(16,\).*l.mean\(\)"):
        d2l.Trainer(max_epochs=1).fit(PerExample(0.1), _tiny_classification())


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_more_gpus_than_present_is_an_error():
    with pytest.raises(ValueError, match=r"num_gpus=1 but PyTorch sees 0 CUDA.*num_gpus=0"):
        d2l.Trainer(max_epochs=1, num_gpus=1)


def test_trainer_argument_errors():
    with pytest.raises(ValueError, match=r"max_epochs must be >= 1, got 0"):
        d2l.Trainer(max_epochs=0)
    with pytest.raises(ValueError, match=r"num_gpus must be a whole number >= 0, got -1"):
        d2l.Trainer(max_epochs=1, num_gpus=-1)
    with pytest.raises(ValueError, match=r"gradient_clip_val must be a number >= 0"):
        d2l.Trainer(max_epochs=1, gradient_clip_val=-1)


def test_module_without_net_or_loss_says_what_to_define():
    with pytest.raises(NotImplementedError, match=r"has no self.net and no forward"):
        d2l.Module()(torch.zeros(1))
    with pytest.raises(NotImplementedError, match=r"Module has no loss: define loss"):
        d2l.Module().loss(torch.zeros(1), torch.zeros(1))
    with pytest.raises(NotImplementedError, match=r"DataModule has no get_dataloader"):
        d2l.DataModule().train_dataloader()


def test_apply_init_runs_lazy_layers_then_the_init():
    model = d2l.SoftmaxRegression(num_outputs=10, lr=0.1)

    def init_zero(module):
        if type(module) is nn.Linear:
            nn.init.zeros_(module.weight)

    model.apply_init([torch.randn(2, 1, 28, 28)], init_zero)
    assert model.net[1].weight.shape == (10, 784) and model.net[1].weight.abs().sum() == 0


def test_step_outside_a_trainer_returns_the_loss_without_plotting():
    model = d2l.SoftmaxRegression(num_outputs=10, lr=0.1)
    batch = (torch.randn(4, 1, 28, 28), torch.tensor([0, 1, 2, 3]))
    loss = model.training_step(batch)
    assert loss.dim() == 0 and model.board.data == collections.OrderedDict()


def test_a_copied_linear_regression_keeps_its_first_weights():
    import copy

    model = d2l.LinearRegression(lr=0.03)
    twin = copy.deepcopy(model)  # before the first forward pass, as when saving a template
    X = torch.randn(4, 3)
    twin(X)
    first = twin.get_w_b()[0].clone()
    twin(X)
    assert torch.equal(twin.get_w_b()[0], first)  # initialized once, not at every pass
    assert 0 < first.abs().max() < 0.1


def test_fashion_mnist_resized_beyond_the_budget_gives_batches_of_that_size(tmp_path, monkeypatch):
    from idx_files import FILE_NAMES, md5_of, write_fashion_mnist

    from d2lite.data import fashion_mnist, idx

    raw = tmp_path / "FashionMNIST" / "raw"
    write_fashion_mnist(raw, n_train=20, n_test=8)
    monkeypatch.setattr(idx, "RAW_MD5", {n: md5_of(raw / n) for n in FILE_NAMES})
    monkeypatch.setattr(fashion_mnist, "RESIZE_MEMORY_BUDGET", 1000)  # resized per batch
    data = d2l.FashionMNIST(batch_size=8, resize=(40, 36), root=tmp_path, download=False)
    X, _ = next(iter(data.train_dataloader()))
    assert X.shape == (8, 1, 40, 36) and data.train[0][0].shape == (1, 40, 36)
    assert next(iter(data.val_dataloader()))[0].shape == (8, 1, 40, 36)


def test_trainer_argument_types():
    with pytest.raises(TypeError, match=r"num_gpus must be a whole number, got 'one'"):
        d2l.Trainer(max_epochs=1, num_gpus="one")
    with pytest.raises(TypeError, match=r"gradient_clip_val must be a number, got '1'"):
        d2l.Trainer(max_epochs=1, gradient_clip_val="1")


def test_data_module_argument_errors():
    with pytest.raises(
        ValueError, match=r"w must be a 1-D tensor of weights .* got shape \(2, 2\)"
    ):
        d2l.SyntheticRegressionData(w=torch.ones(2, 2), b=1.0)

    class NoBatchSize(d2l.DataModule):
        def get_dataloader(self, train):
            return self.get_tensorloader((torch.zeros(4, 2),), train)

    with pytest.raises(AttributeError, match=r"NoBatchSize has no batch_size: take batch_size"):
        NoBatchSize().train_dataloader()
    with pytest.raises(TypeError, match=r"every_n must be a whole number, got 'two'"):
        d2l.ProgressBoard().draw(0, 1.0, "loss", every_n="two")


def test_synthetic_data_num_val_error():
    with pytest.raises(ValueError, match=r"num_val must be a whole number >= 0, got -1"):
        d2l.SyntheticRegressionData(w=torch.tensor([2.0]), b=1.0, num_val=-1)


def test_building_the_lazy_models_shows_no_pytorch_warning(monkeypatch):
    import warnings

    class OldLazyLinear(nn.LazyLinear):  # what torch before 2.3 does on every lazy layer
        def __init__(self, *args, **kwargs):
            warnings.warn(
                "Lazy modules are a new feature under heavy development so changes to the API "
                "or functionality can happen at any moment.",
                UserWarning,
                stacklevel=2,
            )
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(nn, "LazyLinear", OldLazyLinear)
    with pytest.warns(UserWarning, match="Lazy modules"):
        nn.LazyLinear(1)  # the stand-in does warn
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d2l.SoftmaxRegression(num_outputs=10, lr=0.1)
        d2l.LinearRegression(lr=0.03)
