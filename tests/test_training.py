"""train_epoch_ch3, train_ch3 and predict_ch3: the book's loop, its errors, and real accuracy."""

import copy
import math
import os
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
import torch
from torch import nn

import d2lite as d2l
from d2lite.data import get_fashion_mnist_labels
from d2lite.data.loaders import ArrayLoader
from d2lite.training import History, Predictions

needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _images(n=600, side=8, num_classes=10, seed=0):
    """Images (n, 1, side, side) in [0, 1] whose label a linear model can learn."""
    g = torch.Generator().manual_seed(seed)
    X = torch.rand(n, 1, side, side, generator=g)
    teacher = torch.randn(side * side, num_classes, generator=g)
    y = (X.reshape(n, -1) @ teacher).argmax(dim=1)
    return X, y


def _loaders(n=600, side=8, batch_size=50):
    X, y = _images(n, side)
    return ArrayLoader((X, y), batch_size, shuffle=True), ArrayLoader((X, y), batch_size)


def _concise(side=8):
    net = nn.Sequential(nn.Flatten(), nn.Linear(side * side, 10))
    nn.init.normal_(net[1].weight, std=0.01)
    nn.init.zeros_(net[1].bias)
    return net


def softmax(X):
    X_exp = torch.exp(X)
    return X_exp / X_exp.sum(1, keepdim=True)  # the book's from-scratch softmax


def cross_entropy(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y])


def _scratch(num_inputs, device=None):
    """The book's from-scratch softmax regression: returns (net, W, b)."""
    W = torch.normal(0, 0.01, size=(num_inputs, 10), device=device, requires_grad=True)
    b = torch.zeros(10, device=device, requires_grad=True)

    def net(X):
        return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)

    return net, W, b


# ------------------------------------------------------------------ the loop, against a hand loop


def test_train_epoch_with_an_optimizer_matches_a_hand_written_loop():
    train_iter, _ = _loaders()
    loss = nn.CrossEntropyLoss(reduction="none")
    torch.manual_seed(1)
    net = _concise()
    hand_net = copy.deepcopy(net)

    torch.manual_seed(5)
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    avg_loss, avg_acc = d2l.train_epoch_ch3(net, train_iter, loss, trainer)

    torch.manual_seed(5)
    hand_trainer = torch.optim.SGD(hand_net.parameters(), lr=0.1)
    total_loss = correct = count = 0.0
    for X, y in train_iter:
        y_hat = hand_net(X)
        losses = loss(y_hat, y)
        hand_trainer.zero_grad()
        losses.mean().backward()
        hand_trainer.step()
        total_loss += float(losses.detach().sum())
        correct += float((y_hat.argmax(1) == y).sum())
        count += len(y)

    for p, q in zip(net.parameters(), hand_net.parameters(), strict=True):
        assert torch.equal(p, q)
    assert avg_loss == pytest.approx(total_loss / count, rel=1e-5)
    assert avg_acc == pytest.approx(correct / count)


def test_train_epoch_with_a_function_updater_matches_a_hand_written_loop():
    train_iter, _ = _loaders()
    torch.manual_seed(2)
    net, W, b = _scratch(64)
    W2, b2 = W.detach().clone().requires_grad_(), b.detach().clone().requires_grad_()
    lr = 0.1
    batch_sizes = []

    def updater(batch_size):
        batch_sizes.append(batch_size)
        d2l.sgd([W, b], lr, batch_size)

    torch.manual_seed(7)
    avg_loss, avg_acc = d2l.train_epoch_ch3(net, train_iter, cross_entropy, updater)

    torch.manual_seed(7)
    total_loss = correct = count = 0.0
    for X, y in train_iter:
        y_hat = softmax(X.reshape((-1, 64)) @ W2 + b2)
        losses = cross_entropy(y_hat, y)
        losses.sum().backward()
        d2l.sgd([W2, b2], lr, X.shape[0])
        total_loss += float(losses.detach().sum())
        correct += float((y_hat.argmax(1) == y).sum())
        count += len(y)

    assert batch_sizes == [50] * 12
    assert torch.equal(W, W2) and torch.equal(b, b2)
    assert avg_loss == pytest.approx(total_loss / count, rel=1e-5)
    assert avg_acc == pytest.approx(correct / count)


def test_train_epoch_puts_a_module_in_training_mode():
    train_iter, _ = _loaders()
    net = _concise().eval()
    d2l.train_epoch_ch3(
        net,
        train_iter,
        nn.CrossEntropyLoss(reduction="none"),
        torch.optim.SGD(net.parameters(), lr=0.1),
    )
    assert net.training


# -------------------------------------------------------------------------------- train_ch3


def test_train_ch3_learns_and_returns_the_history(capsys):
    train_iter, test_iter = _loaders()
    torch.manual_seed(0)
    net = _concise()
    trainer = torch.optim.SGD(net.parameters(), lr=0.5)
    loss = nn.CrossEntropyLoss(reduction="none")
    history = d2l.train_ch3(net, train_iter, test_iter, loss, 4, trainer, animate=False)

    assert isinstance(history, History)
    train_loss, train_acc, test_acc = history  # unpacks into the three lists
    assert len(train_loss) == len(train_acc) == len(test_acc) == 4
    assert history[2] is history.test_acc
    assert train_loss[-1] < train_loss[0]
    assert test_acc[-1] > 0.3  # 10 classes: chance is 0.1
    assert test_acc[-1] == pytest.approx(d2l.evaluate_accuracy(net, test_iter))
    assert repr(history) == (
        f"History(epochs=4, train_loss={train_loss[-1]:.4f}, train_acc={train_acc[-1]:.4f}, "
        f"test_acc={test_acc[-1]:.4f})"
    )
    assert capsys.readouterr().out == ""  # animate=False and not a terminal: silent


def test_train_ch3_animates_with_one_line_per_epoch_outside_jupyter(capsys):
    train_iter, test_iter = _loaders()
    net = _concise()
    trainer = torch.optim.SGD(net.parameters(), lr=0.5)
    loss = nn.CrossEntropyLoss(reduction="none")
    history = d2l.train_ch3(net, train_iter, test_iter, loss, 3, trainer)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4  # three epochs, then how to save the curves (no display here)
    assert lines[3].startswith("the training curves are not shown (no display)")
    assert lines[2] == (
        f"epoch 3: train loss {history.train_loss[2]:.3f}, train acc "
        f"{history.train_acc[2]:.3f}, test acc {history.test_acc[2]:.3f}"
    )
    assert "<Figure" not in "".join(lines)


def test_train_ch3_for_one_epoch_draws_without_warnings(capsys):
    train_iter, test_iter = _loaders()
    net = _concise()
    trainer = torch.optim.SGD(net.parameters(), lr=0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d2l.train_ch3(net, train_iter, test_iter, nn.CrossEntropyLoss(reduction="none"), 1, trainer)
    assert capsys.readouterr().out.startswith("epoch 1: train loss")


def test_train_ch3_progress_bar_is_on_request(capsys):
    train_iter, test_iter = _loaders()
    net = _concise()
    args = (net, train_iter, test_iter, nn.CrossEntropyLoss(reduction="none"), 2)
    d2l.train_ch3(*args, torch.optim.SGD(net.parameters(), lr=0.1), animate=False, progress=True)
    assert "epoch 2/2" in capsys.readouterr().err
    d2l.train_ch3(*args, torch.optim.SGD(net.parameters(), lr=0.1), animate=False)
    assert capsys.readouterr().err == ""  # None: only when stderr is a terminal


def test_train_ch3_trains_a_from_scratch_model():
    train_iter, test_iter = _loaders()
    torch.manual_seed(0)
    net, W, b = _scratch(64)
    history = d2l.train_ch3(
        net,
        train_iter,
        test_iter,
        cross_entropy,
        3,
        lambda batch_size: d2l.sgd([W, b], 0.5, batch_size),
        animate=False,
    )
    assert history.train_loss[-1] < history.train_loss[0]
    assert W.grad is not None and float(W.grad.abs().sum()) == 0.0  # sgd zeroed it


# ---------------------------------------------------------------------------------- errors


def _nan_batch_loaders():
    X, y = _images(100)
    X[25] = float("nan")  # batch 3 of 10-example batches
    return ArrayLoader((X, y), 10), ArrayLoader((X, y), 10)


def test_a_nan_loss_names_the_epoch_batch_and_learning_rate():
    train_iter, test_iter = _nan_batch_loaders()
    net = _concise()
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    loss = nn.CrossEntropyLoss(reduction="none")
    with pytest.raises(
        FloatingPointError,
        match=r"^loss became nan in epoch 1 \(batch 3\); the learning rate 0\.1 is probably too "
        r"large, try 0\.01 or smaller \(or check the data for nan/inf values\)$",
    ):
        d2l.train_ch3(net, train_iter, test_iter, loss, 2, trainer, animate=False)
    with pytest.raises(FloatingPointError, match=r"^loss became nan in batch 3;"):
        d2l.train_epoch_ch3(_concise(), train_iter, loss, trainer)


def test_a_diverging_from_scratch_model_is_stopped_with_its_learning_rate():
    train_iter, test_iter = _loaders()
    torch.manual_seed(0)
    net, W, b = _scratch(64)
    lr = 100

    def updater(batch_size):
        return d2l.sgd([W, b], lr, batch_size)  # the book's updater: `lr` is found here

    with pytest.raises(
        FloatingPointError,
        match=r"loss became (nan|inf) in epoch 1 \(batch \d+\); the learning rate 100 is "
        r"probably too large, try 10 or smaller",
    ):
        d2l.train_ch3(net, train_iter, test_iter, cross_entropy, 3, updater, animate=False)


def test_divergence_advice_without_a_known_learning_rate():
    train_iter, _ = _nan_batch_loaders()
    net, W, b = _scratch(64)
    with pytest.raises(FloatingPointError, match=r"the learning rate is probably too large, try"):
        d2l.train_epoch_ch3(net, train_iter, cross_entropy, lambda n: d2l.sgd([W, b], 0.1, n))
    lr = 0.3

    def updater(batch_size):
        d2l.sgd([W, b], lr, batch_size)  # `lr` from the enclosing function

    with pytest.raises(FloatingPointError, match=r"the learning rate 0\.3 is probably too large"):
        d2l.train_epoch_ch3(net, train_iter, cross_entropy, updater)


def test_a_reduced_loss_asks_for_reduction_none():
    train_iter, test_iter = _loaders()
    net = _concise()
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    with pytest.raises(
        ValueError,
        match=r"the loss returned shape \(\) for a batch of 50 examples, but training needs one "
        r"loss per example: create it with reduction='none'",
    ):
        d2l.train_ch3(net, train_iter, test_iter, nn.CrossEntropyLoss(), 1, trainer)


def test_an_output_with_the_wrong_number_of_rows_is_explained():
    train_iter, test_iter = _loaders(side=8)
    net, W, b = _scratch(32)  # expects 32 features per example, the images have 64

    def updater(batch_size):
        d2l.sgd([W, b], 0.1, batch_size)

    with pytest.raises(
        ValueError,
        match=r"the net's output has shape \(100, 10\) but there are 50 labels .*must return one "
        r"row of class scores per example, shape \(50, num_classes\)",
    ):
        d2l.train_ch3(net, train_iter, test_iter, cross_entropy, 1, updater, animate=False)


def test_an_output_with_extra_dimensions_is_explained():
    train_iter, _ = _loaders()
    net = nn.Conv2d(1, 10, 3)  # (B, 10, 6, 6): not flattened
    with pytest.raises(ValueError, match=r"output has shape \(50, 10, 6, 6\).*flatten"):
        d2l.train_epoch_ch3(
            net,
            train_iter,
            nn.CrossEntropyLoss(reduction="none"),
            torch.optim.SGD(net.parameters(), lr=0.1),
        )


def test_parameters_on_another_device_are_reported():
    train_iter, test_iter = _loaders()
    W = torch.zeros(64, 10, device="meta", requires_grad=True)

    def net(X):
        return X.reshape((-1, 64)) @ W

    def updater(batch_size):
        d2l.sgd([W], 0.1, batch_size)

    with pytest.raises(
        ValueError,
        match=r"device='cpu' puts the batches on cpu but a parameter of the net "
        r"\(shape \(64, 10\)\) is on meta; create the parameters on that device, e.g. "
        r"torch.normal\(0, 0.01, size=\(64, 10\), device='cpu', requires_grad=True\)",
    ):
        d2l.train_ch3(net, train_iter, test_iter, cross_entropy, 1, updater, device="cpu")
    with pytest.raises(ValueError, match=r"the batches are on cpu but .* pass device='meta'"):
        d2l.train_epoch_ch3(net, train_iter, cross_entropy, updater)
    # With a torch optimizer, the parameters are found in it.
    with pytest.raises(ValueError, match=r"the batches are on cpu but a parameter"):
        d2l.train_epoch_ch3(
            lambda X: net(X), train_iter, cross_entropy, torch.optim.SGD([W], lr=0.1)
        )


def test_an_unavailable_device_is_refused():
    if torch.cuda.device_count() > 3:
        pytest.skip("this machine has a cuda:3")
    train_iter, test_iter = _loaders()
    net = _concise()
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    with pytest.raises(ValueError, match=r"device asks for 'cuda:3'"):
        d2l.train_ch3(net, train_iter, test_iter, cross_entropy, 1, trainer, device="cuda:3")


def test_argument_errors():
    train_iter, test_iter = _loaders()
    net = _concise()
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    loss = nn.CrossEntropyLoss(reduction="none")
    with pytest.raises(ValueError, match=r"num_epochs must be >= 1, got 0"):
        d2l.train_ch3(net, train_iter, test_iter, loss, 0, trainer)
    with pytest.raises(TypeError, match=r"num_epochs must be an int, got 2.5"):
        d2l.train_ch3(net, train_iter, test_iter, loss, 2.5, trainer)
    with pytest.raises(TypeError, match=r"updater must be a torch.optim.Optimizer or a function"):
        d2l.train_ch3(net, train_iter, test_iter, loss, 1, 0.1)
    with pytest.raises(TypeError, match=r"loss must be callable, got str"):
        d2l.train_epoch_ch3(net, train_iter, "cross_entropy", trainer)
    with pytest.raises(TypeError, match=r"net must be callable"):
        d2l.train_epoch_ch3(None, train_iter, loss, trainer)
    with pytest.raises(ValueError, match=r"train_iter yielded no examples"):
        d2l.train_epoch_ch3(net, [], loss, trainer)
    with pytest.raises(ValueError, match=r"n must be >= 1, got 0"):
        d2l.predict_ch3(net, test_iter, n=0)


# ------------------------------------------------------------------------------ predict_ch3


def test_predict_ch3_shows_and_returns_labels_on_resized_images():
    X, y = _images(40, side=12)
    test_iter = ArrayLoader((X, y), 16)
    torch.manual_seed(0)
    net = _concise(side=12)
    result = d2l.predict_ch3(net, test_iter, n=5)
    assert isinstance(result, Predictions)
    names = get_fashion_mnist_labels
    with torch.no_grad():
        expected = names(net(X[:5]).argmax(1))
    assert result.predicted == expected
    assert result.true == names(y[:5])
    axes = plt.gcf().axes
    assert len(axes) == 5
    assert [ax.get_title() for ax in axes] == [
        f"{t}\n{p}" for t, p in zip(result.true, result.predicted, strict=True)
    ]
    assert axes[0].images[0].get_array().shape == (12, 12)
    assert net.training  # the mode is restored


def test_predict_ch3_shows_at_most_one_batch():
    X, y = _images(40)
    result = d2l.predict_ch3(_concise(), ArrayLoader((X, y), 4), n=6)
    assert len(result.predicted) == len(result.true) == 4


# -------------------------------------------------------------------------------- real data

DATA = os.environ.get("D2LITE_DATA")
has_data = DATA is not None and (Path(DATA) / "FashionMNIST/raw/t10k-images-idx3-ubyte").exists()
needs_data = pytest.mark.skipif(
    not has_data, reason="set D2LITE_DATA to a folder holding FashionMNIST/raw"
)


@pytest.fixture(scope="module")
def fashion_mnist():
    from d2lite.data import load_data_fashion_mnist

    return load_data_fashion_mnist(256, download=False)


@needs_data
def test_concise_softmax_reaches_the_books_accuracy(fashion_mnist):
    train_iter, test_iter = fashion_mnist
    torch.manual_seed(0)
    net = _concise(side=28)
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    loss = nn.CrossEntropyLoss(reduction="none")
    history = d2l.train_ch3(net, train_iter, test_iter, loss, 10, trainer, animate=False)
    assert 0.82 <= history.test_acc[-1] <= 0.85
    assert history.train_loss[-1] < 0.5 and history.train_acc[-1] > 0.83


@needs_data
def test_from_scratch_softmax_reaches_the_books_accuracy(fashion_mnist):
    train_iter, test_iter = fashion_mnist
    torch.manual_seed(0)
    net, W, b = _scratch(784)
    lr = 0.1

    def updater(batch_size):
        return d2l.sgd([W, b], lr, batch_size)

    history = d2l.train_ch3(net, train_iter, test_iter, cross_entropy, 10, updater, animate=False)
    assert history.test_acc[-1] >= 0.81
    result = d2l.predict_ch3(net, test_iter)
    assert len(result.predicted) == 6
    assert sum(p == t for p, t in zip(result.predicted, result.true, strict=True)) >= 4
    assert not any(math.isnan(v) for v in history.train_loss)


# ------------------------------------------------------------------------------------- GPU


@needs_cuda
def test_train_ch3_moves_a_module_and_cpu_batches_to_cuda():
    train_iter, test_iter = _loaders()
    torch.manual_seed(0)
    net = _concise()
    trainer = torch.optim.SGD(net.parameters(), lr=0.5)
    loss = nn.CrossEntropyLoss(reduction="none")
    history = d2l.train_ch3(net, train_iter, test_iter, loss, 3, trainer, device="cuda")
    assert next(net.parameters()).device.type == "cuda"
    assert history.train_loss[-1] < history.train_loss[0]
    result = d2l.predict_ch3(net, test_iter)  # the net is on cuda, the batches on cpu
    assert len(result.predicted) == 6


@needs_cuda
def test_train_ch3_trains_a_from_scratch_model_on_cuda_data():
    X, y = _images()
    train_iter = ArrayLoader((X.cuda(), y.cuda()), 50, shuffle=True)
    test_iter = ArrayLoader((X.cuda(), y.cuda()), 50)
    torch.manual_seed(0)
    net, W, b = _scratch(64, device="cuda")
    history = d2l.train_ch3(
        net, train_iter, test_iter, cross_entropy, 3, lambda n: d2l.sgd([W, b], 0.5, n)
    )
    assert history.train_loss[-1] < history.train_loss[0]
    cpu_net, W_cpu, b_cpu = _scratch(64)
    with pytest.raises(ValueError, match=r"the batches are on cuda:0 but a parameter"):
        d2l.train_epoch_ch3(cpu_net, train_iter, cross_entropy, lambda n: None)


@needs_cuda
def test_train_ch3_matches_on_cpu_and_cuda():
    train_iter, test_iter = _loaders()
    results = []
    for device in ("cpu", "cuda"):
        torch.manual_seed(0)
        net = _concise()
        trainer = torch.optim.SGD(net.parameters(), lr=0.5)
        loss = nn.CrossEntropyLoss(reduction="none")
        torch.manual_seed(1)
        results.append(
            d2l.train_ch3(
                net, train_iter, test_iter, loss, 3, trainer, device=device, animate=False
            )
        )
    assert results[0].train_loss == pytest.approx(results[1].train_loss, rel=1e-4)


def test_history_save_plot_writes_the_curves_without_pyplot(tmp_path):
    history = History([0.8, 0.6, 0.5], [0.7, 0.8, 0.83], [0.72, 0.79, 0.81])
    open_before = plt.get_fignums()
    path = history.save_plot(tmp_path / "curves.png")
    assert path == tmp_path / "curves.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plt.get_fignums() == open_before  # nothing left open or displayed
    one_epoch = History([0.8], [0.7], [0.72]).save_plot(tmp_path / "one.svg")
    assert one_epoch.read_text().lstrip().startswith("<?xml")


def test_history_save_plot_errors(tmp_path):
    with pytest.raises(ValueError, match=r"no epochs to plot"):
        History([], [], []).save_plot(tmp_path / "x.png")
    with pytest.raises(FileNotFoundError, match=r"the folder .*missing.* does not exist"):
        History([0.5], [0.8], [0.8]).save_plot(tmp_path / "missing" / "x.png")


def test_a_one_shot_iterator_is_rejected_before_training():
    X, y = torch.rand(8, 4), torch.randint(0, 3, (8,))
    net = nn.Linear(4, 3)
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    loss = nn.CrossEntropyLoss(reduction="none")
    batches = ((X[i : i + 4], y[i : i + 4]) for i in (0, 4))
    before = copy.deepcopy(net.state_dict())
    with pytest.raises(
        TypeError,
        match=r"train_iter is a one-shot iterator \(generator\).*2 "
        r"epochs.*d2l.load_array",
    ):
        d2l.train_ch3(net, batches, [(X, y)], loss, 2, trainer, animate=False)
    assert all(torch.equal(v, before[k]) for k, v in net.state_dict().items())  # nothing ran
    with pytest.raises(TypeError, match=r"test_iter is a one-shot iterator"):
        d2l.train_ch3(net, [(X, y)], iter([(X, y)]), loss, 2, trainer, animate=False)
    # One epoch over a generator is fine: it is used once.
    history = d2l.train_ch3(net, iter([(X, y)]), [(X, y)], loss, 1, trainer, animate=False)
    assert len(history.train_loss) == 1


def test_a_bad_save_plot_is_caught_before_training(tmp_path):
    X, y = torch.rand(8, 4), torch.randint(0, 3, (8,))
    net = nn.Linear(4, 3)
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    loss = nn.CrossEntropyLoss(reduction="none")
    before = copy.deepcopy(net.state_dict())
    with pytest.raises(TypeError, match=r"save_plot must be a file path such as 'curves.png'"):
        d2l.train_ch3(net, [(X, y)], [(X, y)], loss, 2, trainer, save_plot=True)
    with pytest.raises(FileNotFoundError, match=r"the folder .*nowhere' does not exist"):
        d2l.train_ch3(
            net, [(X, y)], [(X, y)], loss, 2, trainer, save_plot=tmp_path / "nowhere" / "c.png"
        )
    assert all(torch.equal(v, before[k]) for k, v in net.state_dict().items())  # nothing ran
