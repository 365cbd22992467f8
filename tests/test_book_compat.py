"""The book's chapter code, run through `from d2lite import torch as d2l`.

Each test is one section of the linear-networks chapter, written as the book
writes it (its own helper definitions included), with only the import line
changed. The checks are the numbers the book shows, with some slack.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision
from torch import nn
from torch.utils import data
from torchvision import transforms

import d2lite
from d2lite import torch as d2l

TRUE_W = torch.tensor([2, -3.4])
TRUE_B = 4.2


# ---------------------------------------------------------------- the namespace itself


def test_namespace_holds_every_public_helper_of_the_package():
    assert set(d2lite.__all__) <= set(d2l.__all__)
    for name in d2lite.__all__:
        assert getattr(d2l, name) is getattr(d2lite, name), name


def test_aliases_live_only_in_the_book_namespace():
    for name in ("tensor", "reshape", "reduce_sum", "argmax", "astype", "size", "numpy"):
        assert hasattr(d2l, name), name
        assert not hasattr(d2lite, name), name
    assert "torch" not in d2lite.__all__


def test_tensor_aliases_match_the_book():
    x = d2l.arange(12, dtype=d2l.float32)
    assert torch.equal(d2l.reshape(x, (3, 4)), x.reshape(3, 4))
    X = d2l.reshape(x, (3, 4))
    assert torch.equal(d2l.reduce_sum(X, 1, keepdim=True), X.sum(1, keepdim=True))
    assert d2l.reduce_sum(X).item() == 66
    assert torch.equal(d2l.reduce_mean(X, 0), X.mean(0))
    assert torch.equal(d2l.argmax(X, axis=1), torch.full((3,), 3))  # the book passes axis=
    assert d2l.astype(X, d2l.int32).dtype == torch.int32
    assert d2l.size(X) == 12
    assert torch.equal(d2l.transpose(X), X.T)
    assert torch.equal(d2l.concat((X, X), 0), torch.cat((X, X), 0))
    assert torch.equal(d2l.stack((x, x)), torch.stack((x, x)))
    assert torch.equal(d2l.matmul(X, d2l.ones((4, 1))), X.sum(1, keepdim=True))
    assert torch.allclose(d2l.log(d2l.exp(x)), x)
    assert d2l.normal(0, 1, (2, 5)).shape == (2, 5)
    assert d2l.zeros_like(X).sum() == 0 and d2l.ones_like(X).sum() == 12
    assert d2l.tensor([1, 2]).dtype == torch.int64
    assert d2l.to(x, torch.float64).dtype == torch.float64


def test_numpy_alias_detaches_and_copies_to_cpu():
    w = torch.ones(3, requires_grad=True) * 2  # x.numpy() would fail: requires grad
    array = d2l.numpy(w)
    assert isinstance(array, np.ndarray) and array.tolist() == [2.0, 2.0, 2.0]


def test_book_namespace_imports_matplotlib_only_when_plt_is_used(tmp_path):
    code = (
        "import sys, json\n"
        "from d2lite import torch as d2l\n"
        "before = 'matplotlib' in sys.modules\n"
        "plt = d2l.plt\n"
        "print(json.dumps([before, plt.__name__, 'plt' in dir(d2l)]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [False, "matplotlib.pyplot", True]


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match=r"module 'd2lite.torch' has no attribute 'nope'"):
        d2l.nope  # noqa: B018


# ---------------------------------------------------------------- linear regression


def test_generating_the_dataset():
    torch.manual_seed(0)
    true_w = torch.tensor([2, -3.4])
    true_b = 4.2
    features, labels = d2l.synthetic_data(true_w, true_b, 1000)
    assert features.shape == (1000, 2) and labels.shape == (1000, 1)
    assert features[0].shape == (2,) and labels[0].shape == (1,)

    d2l.set_figsize()
    collection = d2l.plt.scatter(d2l.numpy(features[:, 1]), d2l.numpy(labels), 1)
    assert len(collection.get_offsets()) == 1000
    assert tuple(d2l.plt.gcf().get_size_inches()) == (3.5, 2.5)
    d2l.plt.close("all")


def test_reading_the_dataset_with_the_books_data_iter():
    # The book's own generator, defined in the notebook.
    def data_iter(batch_size, features, labels):
        num_examples = len(features)
        indices = list(range(num_examples))
        random.shuffle(indices)
        for i in range(0, num_examples, batch_size):
            batch_indices = torch.tensor(indices[i : min(i + batch_size, num_examples)])
            yield features[batch_indices], labels[batch_indices]

    features, labels = d2l.synthetic_data(TRUE_W, TRUE_B, 1000)
    batch_size = 10
    for X, y in data_iter(batch_size, features, labels):
        assert X.shape == (10, 2) and y.shape == (10, 1)
        break
    # The package's data_iter yields the same shapes and covers every example once.
    seen = torch.cat([y for _, y in d2l.data_iter(batch_size, features, labels)])
    assert torch.equal(seen.sort(0).values, labels.sort(0).values)


def test_linear_regression_from_scratch():
    torch.manual_seed(0)
    true_w = torch.tensor([2, -3.4])
    true_b = 4.2
    features, labels = d2l.synthetic_data(true_w, true_b, 1000)
    w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)

    lr = 0.03
    num_epochs = 3
    batch_size = 10
    net = d2l.linreg
    loss = d2l.squared_loss
    for _epoch in range(num_epochs):
        for X, y in d2l.data_iter(batch_size, features, labels):
            l = loss(net(X, w, b), y)  # noqa: E741 -- the book's name
            l.sum().backward()
            d2l.sgd([w, b], lr, batch_size)
        with torch.no_grad():
            train_l = loss(net(features, w, b), labels)
    assert float(train_l.mean()) < 2e-4  # the book shows about 5e-05
    w_error = true_w - d2l.reshape(w, true_w.shape)
    b_error = true_b - b
    assert w_error.abs().max().item() < 1e-2
    assert b_error.abs().item() < 1e-2


def test_linear_regression_from_scratch_with_the_books_own_definitions():
    # The notebook defines these itself with the aliases, as the book's d2l module does.
    def linreg(X, w, b):
        return d2l.matmul(X, w) + b

    def squared_loss(y_hat, y):
        return (y_hat - d2l.reshape(y, y_hat.shape)) ** 2 / 2

    def sgd(params, lr, batch_size):
        with torch.no_grad():
            for param in params:
                param -= lr * param.grad / batch_size
                param.grad.zero_()

    torch.manual_seed(1)
    features, labels = d2l.synthetic_data(TRUE_W, TRUE_B, 1000)
    w = d2l.normal(0, 0.01, size=(2, 1), requires_grad=True)
    b = d2l.zeros(1, requires_grad=True)
    for _epoch in range(3):
        for X, y in d2l.data_iter(10, features, labels):
            squared_loss(linreg(X, w, b), y).sum().backward()
            sgd([w, b], 0.03, 10)
    assert (TRUE_W - d2l.reshape(w, TRUE_W.shape)).abs().max().item() < 1e-2
    assert abs(TRUE_B - b.item()) < 1e-2


def test_concise_linear_regression():
    torch.manual_seed(0)
    true_w = torch.tensor([2, -3.4])
    true_b = 4.2
    features, labels = d2l.synthetic_data(true_w, true_b, 1000)
    batch_size = 10
    data_iter = d2l.load_array((features, labels), batch_size)
    X, y = next(iter(data_iter))
    assert X.shape == (10, 2) and y.shape == (10, 1)

    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight.data.normal_(0, 0.01)
    net[0].bias.data.fill_(0)
    loss = nn.MSELoss()
    trainer = torch.optim.SGD(net.parameters(), lr=0.03)
    num_epochs = 3
    for _epoch in range(num_epochs):
        for X, y in data_iter:
            l = loss(net(X), y)  # noqa: E741 -- the book's name
            trainer.zero_grad()
            l.backward()
            trainer.step()
        l = loss(net(features), labels)  # noqa: E741
    assert l.item() < 4e-4  # MSELoss has no 1/2: the book shows about 1e-4
    w = net[0].weight.data
    b = net[0].bias.data
    assert (true_w - d2l.reshape(w, true_w.shape)).abs().max().item() < 1e-2
    assert abs(true_b - b.item()) < 1e-2


# ---------------------------------------------------------------- Fashion-MNIST and softmax

RAW = Path("FashionMNIST") / "raw"


@pytest.fixture
def real_root(monkeypatch):
    """The data root holding the real Fashion-MNIST, exported as $D2LITE_DATA; skip without it."""
    root = d2l.data_root()
    if not all(f.exists for f in d2l.fashion_mnist_files(root)):
        pytest.skip(f"the real Fashion-MNIST is not in {root / RAW}; set D2LITE_DATA to run this")
    monkeypatch.setenv("D2LITE_DATA", str(root))
    return root


@pytest.fixture
def book_dir(tmp_path, monkeypatch, real_root):
    """Run in a folder whose ../data holds the real files (as symlinks), as the book expects."""
    raw = tmp_path / "data" / RAW
    raw.mkdir(parents=True)
    for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"):
        (raw / name).symlink_to(real_root / RAW / name)
    for name in ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
        (raw / name).symlink_to(real_root / RAW / name)
    work = tmp_path / "chapter"
    work.mkdir()
    monkeypatch.chdir(work)
    return tmp_path


@pytest.fixture
def fashion(real_root):
    """The book's `train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size)`."""
    torch.manual_seed(0)
    return d2l.load_data_fashion_mnist(256)


def test_the_image_classification_dataset_section(book_dir):
    d2l.use_svg_display()
    trans = transforms.ToTensor()
    mnist_train = torchvision.datasets.FashionMNIST(
        root="../data", train=True, transform=trans, download=True
    )
    mnist_test = torchvision.datasets.FashionMNIST(
        root="../data", train=False, transform=trans, download=True
    )
    assert (len(mnist_train), len(mnist_test)) == (60000, 10000)
    assert mnist_train[0][0].shape == (1, 28, 28)

    X, y = next(iter(data.DataLoader(mnist_train, batch_size=18)))
    titles = d2l.get_fashion_mnist_labels(y)
    assert titles[:3] == ["ankle boot", "t-shirt", "t-shirt"]  # the book's first images
    axes = d2l.show_images(X.reshape(18, 28, 28), 2, 9, titles=titles)
    assert len(axes) == 18 and axes[0].get_title() == "ankle boot"
    d2l.plt.close("all")

    timer = d2l.Timer()
    train_iter, test_iter = d2l.load_data_fashion_mnist(32, resize=64)
    for X, y in train_iter:  # noqa: B007 -- the book times one pass this way
        continue
    assert timer.stop() > 0
    X, y = next(iter(train_iter))
    assert (X.shape, X.dtype, y.shape, y.dtype) == (
        (32, 1, 64, 64),
        torch.float32,
        (32,),
        torch.int64,
    )

    # d2lite's test set holds the same images, in the same order, as torchvision's.
    X_book, y_book = next(iter(data.DataLoader(mnist_test, batch_size=32)))
    X, y = next(iter(d2l.load_data_fashion_mnist(32)[1]))
    assert torch.equal(X, X_book) and torch.equal(y, y_book)
    assert sorted(p.name for p in (book_dir / "data").rglob("*")) == sorted(
        ["FashionMNIST", "raw", *(f.name for f in d2l.fashion_mnist_files(book_dir / "data"))]
    )  # torchvision found the files: nothing downloaded or added


def test_softmax_regression_from_scratch(fashion):
    train_iter, test_iter = fashion
    num_inputs = 784
    num_outputs = 10
    W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)
    b = torch.zeros(num_outputs, requires_grad=True)

    def softmax(X):
        X_exp = d2l.exp(X)
        partition = d2l.reduce_sum(X_exp, 1, keepdims=True)
        return X_exp / partition  # broadcasting

    X = d2l.normal(0, 1, (2, 5))
    X_prob = softmax(X)
    assert torch.allclose(X_prob, torch.softmax(X, dim=1))
    assert torch.allclose(d2l.reduce_sum(X_prob, 1), torch.ones(2))

    def net(X):
        return softmax(d2l.matmul(d2l.reshape(X, (-1, W.shape[0])), W) + b)

    def cross_entropy(y_hat, y):
        return -d2l.log(y_hat[range(len(y_hat)), y])

    y = d2l.tensor([0, 2])
    y_hat = d2l.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    assert torch.allclose(cross_entropy(y_hat, y), torch.tensor([2.3026, 0.6931]), atol=1e-4)

    # The book's own accuracy and evaluate_accuracy, written with the aliases.
    def accuracy(y_hat, y):
        if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
            y_hat = d2l.argmax(y_hat, axis=1)
        cmp = d2l.astype(y_hat, y.dtype) == y
        return float(d2l.reduce_sum(d2l.astype(cmp, y.dtype)))

    def evaluate_accuracy(net, data_iter):
        metric = d2l.Accumulator(2)  # correct predictions, predictions
        with torch.no_grad():
            for X, y in data_iter:
                metric.add(accuracy(net(X), y), d2l.size(y))
        return metric[0] / metric[1]

    assert accuracy(y_hat, y) / len(y) == 0.5 == d2l.accuracy(y_hat, y) / len(y)
    untrained = evaluate_accuracy(net, test_iter)
    assert untrained == d2l.evaluate_accuracy(net, test_iter) and untrained < 0.4

    lr = 0.1

    def updater(batch_size):
        return d2l.sgd([W, b], lr, batch_size)

    num_epochs = 2  # the book trains 10; test_training checks the 10-epoch accuracy
    history = d2l.train_ch3(net, train_iter, test_iter, cross_entropy, num_epochs, updater)
    assert len(history.train_loss) == num_epochs
    assert history.train_loss[-1] < history.train_loss[0] < 1.0
    assert history.test_acc[-1] > 0.75 and history.train_acc[-1] > 0.75
    assert evaluate_accuracy(net, test_iter) == pytest.approx(history.test_acc[-1])

    predictions = d2l.predict_ch3(net, test_iter)
    X, y = next(iter(test_iter))
    assert predictions.true == d2l.get_fashion_mnist_labels(y[:6])
    assert predictions.predicted == d2l.get_fashion_mnist_labels(d2l.argmax(net(X[:6]), axis=1))
    d2l.plt.close("all")


def test_concise_softmax_regression(fashion):
    train_iter, test_iter = fashion
    # PyTorch does not implicitly reshape the inputs: Flatten turns (B, 1, 28, 28) into (B, 784).
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))

    def init_weights(m):
        if type(m) == nn.Linear:  # noqa: E721 -- the book's test
            nn.init.normal_(m.weight, std=0.01)

    net.apply(init_weights)
    loss = nn.CrossEntropyLoss(reduction="none")
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    num_epochs = 2
    train_loss, train_acc, test_acc = d2l.train_ch3(
        net, train_iter, test_iter, loss, num_epochs, trainer
    )
    assert train_loss[-1] < train_loss[0] < 1.0
    assert test_acc[-1] > 0.75 and train_acc[-1] > 0.75
    predicted, true = d2l.predict_ch3(net, test_iter, n=8)
    assert len(predicted) == len(true) == 8
    assert sum(p == t for p, t in zip(predicted, true, strict=True)) >= 5
    d2l.plt.close("all")


# ---------------------------------------------------------------- the chapter after: MLPs


def test_evaluate_loss_matches_pytorch():
    torch.manual_seed(0)
    X, y = torch.randn(50, 3), torch.randn(50)  # labels (n,) meet outputs (n, 1)
    net = nn.Sequential(nn.Dropout(0.5), nn.Linear(3, 1))
    loader = d2l.load_array((X, y), 8, is_train=False)
    got = d2l.evaluate_loss(net, loader, nn.MSELoss(reduction="none"))
    net.eval()
    expected = nn.functional.mse_loss(net(X), y.reshape(-1, 1)).item()
    assert got == pytest.approx(expected, rel=1e-6)
    assert net.training is False  # restored to the mode it was in

    w, b = torch.randn(3, 1), torch.zeros(1)

    def linear(X):
        return d2l.linreg(X, w, b)

    got = d2l.evaluate_loss(linear, loader, d2l.squared_loss)
    assert got == pytest.approx(((X @ w).reshape(-1) - y).pow(2).mean().item() / 2, rel=1e-6)


def test_evaluate_loss_errors():
    loader = d2l.load_array((torch.randn(4, 3), torch.randn(4)), 2)
    net = nn.Linear(3, 1)
    with pytest.raises(ValueError, match=r"one number for the whole batch.*reduction='none'"):
        d2l.evaluate_loss(net, loader, nn.MSELoss())
    with pytest.raises(ValueError, match=r"output has shape \(2, 2\) but the labels"):
        d2l.evaluate_loss(nn.Linear(3, 2), loader, nn.MSELoss(reduction="none"))
    with pytest.raises(ValueError, match="yielded no examples"):
        d2l.evaluate_loss(net, [], nn.MSELoss(reduction="none"))


def test_underfitting_and_overfitting_section():
    import math

    max_degree = 20
    n_train, n_test = 100, 100
    true_w = np.zeros(max_degree)
    true_w[0:4] = np.array([5, 1.2, -3.4, 5.6])
    rng = np.random.default_rng(0)
    features = rng.normal(size=(n_train + n_test, 1))
    rng.shuffle(features)
    poly_features = np.power(features, np.arange(max_degree).reshape(1, -1))
    for i in range(max_degree):
        poly_features[:, i] /= math.gamma(i + 1)
    labels = np.dot(poly_features, true_w)
    labels += rng.normal(scale=0.1, size=labels.shape)
    true_w, features, poly_features, labels = [
        torch.tensor(x, dtype=d2l.float32) for x in [true_w, features, poly_features, labels]
    ]

    def train(train_features, test_features, train_labels, test_labels, num_epochs=400):
        loss = nn.MSELoss(reduction="none")
        input_shape = train_features.shape[-1]
        net = nn.Sequential(nn.Linear(input_shape, 1, bias=False))
        batch_size = min(10, train_labels.shape[0])
        train_iter = d2l.load_array((train_features, train_labels.reshape(-1, 1)), batch_size)
        test_iter = d2l.load_array(
            (test_features, test_labels.reshape(-1, 1)), batch_size, is_train=False
        )
        trainer = torch.optim.SGD(net.parameters(), lr=0.01)
        animator = d2l.Animator(
            xlabel="epoch",
            ylabel="loss",
            yscale="log",
            xlim=[1, num_epochs],
            ylim=[1e-3, 1e2],
            legend=["train", "test"],
            quiet=True,
        )
        for epoch in range(num_epochs):
            d2l.train_epoch_ch3(net, train_iter, loss, trainer)
            if epoch == 0 or (epoch + 1) % 20 == 0:
                animator.add(
                    epoch + 1,
                    (
                        d2l.evaluate_loss(net, train_iter, loss),
                        d2l.evaluate_loss(net, test_iter, loss),
                    ),
                )
        return net[0].weight.data.numpy(), animator

    torch.manual_seed(0)
    weight, animator = train(
        poly_features[:n_train, :4], poly_features[n_train:, :4], labels[:n_train], labels[n_train:]
    )
    assert np.abs(weight.reshape(-1) - true_w[:4].numpy()).max() < 0.2  # the book: close
    train_loss, test_loss = animator.Y[0][-1], animator.Y[1][-1]
    assert train_loss < 0.02 and test_loss < 0.02  # noise variance 0.01, halved: about 0.005
    d2l.plt.close("all")


def test_weight_decay_section_from_scratch():
    n_train, n_test, num_inputs, batch_size = 20, 100, 200, 5
    true_w, true_b = torch.ones((num_inputs, 1)) * 0.01, 0.05
    torch.manual_seed(0)
    train_data = d2l.synthetic_data(true_w, true_b, n_train)
    train_iter = d2l.load_array(train_data, batch_size)
    test_data = d2l.synthetic_data(true_w, true_b, n_test)
    test_iter = d2l.load_array(test_data, batch_size, is_train=False)

    def init_params():
        w = torch.normal(0, 1, size=(num_inputs, 1), requires_grad=True)
        b = torch.zeros(1, requires_grad=True)
        return [w, b]

    def l2_penalty(w):
        return torch.sum(w.pow(2)) / 2

    def train(lambd):
        w, b = init_params()
        net, loss = lambda X: d2l.linreg(X, w, b), d2l.squared_loss
        num_epochs, lr = 100, 0.003
        test_losses = []
        for epoch in range(num_epochs):
            for X, y in train_iter:
                l = loss(net(X), y) + lambd * l2_penalty(w)  # noqa: E741
                l.sum().backward()
                d2l.sgd([w, b], lr, batch_size)
            if (epoch + 1) % 5 == 0:
                test_losses.append(d2l.evaluate_loss(net, test_iter, loss))
        return torch.norm(w).item(), test_losses[-1]

    norm_plain, test_plain = train(lambd=0)
    norm_decayed, test_decayed = train(lambd=3)
    assert norm_decayed < norm_plain / 10  # the book: about 13 against 0.4
    assert test_decayed < test_plain


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_multilayer_perceptron_from_scratch(fashion):
    train_iter, test_iter = fashion
    num_inputs, num_outputs, num_hiddens = 784, 10, 256
    torch.manual_seed(0)
    W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens, requires_grad=True) * 0.01)
    b1 = nn.Parameter(torch.zeros(num_hiddens, requires_grad=True))
    W2 = nn.Parameter(torch.randn(num_hiddens, num_outputs, requires_grad=True) * 0.01)
    b2 = nn.Parameter(torch.zeros(num_outputs, requires_grad=True))
    params = [W1, b1, W2, b2]

    def relu(X):
        a = torch.zeros_like(X)
        return torch.max(X, a)

    def net(X):
        X = X.reshape((-1, num_inputs))
        H = relu(X @ W1 + b1)
        return H @ W2 + b2

    loss = nn.CrossEntropyLoss(reduction="none")
    num_epochs, lr = 1, 0.1
    updater = torch.optim.SGD(params, lr=lr)
    history = d2l.train_ch3(net, train_iter, test_iter, loss, num_epochs, updater, animate=False)
    assert history.test_acc[-1] > 0.7
    d2l.predict_ch3(net, test_iter)
    d2l.plt.close("all")


def test_a_later_chapters_name_says_where_it_belongs():
    with pytest.raises(AttributeError, match=r"train_ch6 belongs to the book's chapter Convolut"):
        d2l.train_ch6  # noqa: B018
    with pytest.raises(AttributeError, match=r"d2lite covers the book's linear-networks chapter"):
        d2lite.load_data_time_machine  # noqa: B018
    with pytest.raises(AttributeError, match=r"from d2lite import torch as d2l"):
        d2lite.reduce_sum  # noqa: B018
    assert not hasattr(d2lite, "no_such_thing")
