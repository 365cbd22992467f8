"""The exercise checkers: the book's code passes, realistic mistakes fail with the right hint.

Each learner function below is written as a learner would write it: first as
the book does (动手学深度学习 / d2l 0.17, and the 1.0 edition where it differs),
then with one mistake each. The checkers compare with PyTorch themselves; these
tests check their verdicts: which cases fail, and the hint that is printed.
"""

from __future__ import annotations

import functools
import random

import numpy as np
import pytest
import torch

from d2lite.check import (
    CheckResult,
    check_accumulator,
    check_accuracy,
    check_cross_entropy,
    check_data_iter,
    check_evaluate_accuracy,
    check_linreg,
    check_sgd,
    check_softmax,
    check_squared_loss,
    check_synthetic_data,
)

needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """Run every check in English on the CPU unless a test says otherwise."""
    monkeypatch.delenv("D2LITE_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("D2LITE_DEVICE", "cpu")


def verdict(capsys, check, fn, **kwargs) -> tuple[CheckResult, str]:
    """Run `check` on `fn` and return its result and what it printed."""
    result = check(fn, **kwargs)
    out = capsys.readouterr().out
    assert out.strip() == result.report  # the report is exactly what was printed
    return result, " ".join(out.split())  # undo the wrapping of long lines


def assert_fails(capsys, check, fn, failed, hint, **kwargs) -> CheckResult:
    """Assert that `check` fails `fn` on exactly the cases `failed`, printing `hint`."""
    result, out = verdict(capsys, check, fn, **kwargs)
    assert not result
    assert result.failed == failed, out
    assert hint in out, out
    assert hint in " ".join(result.failures[failed[0]].hint.split())
    return result


def assert_passes(capsys, check, fn, **kwargs) -> CheckResult:
    result, out = verdict(capsys, check, fn, **kwargs)
    assert result, out
    assert result.failed == [] and result.passed
    assert "all" in out and "cases passed" in out
    return result


# --------------------------------------------------------------------------------------------
# The book's code
# --------------------------------------------------------------------------------------------


def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        batch_indices = torch.tensor(indices[i : min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition


def softmax_stable(X):
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition


def cross_entropy(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y])


def cross_entropy_1_0(y_hat, y):  # the 1.0 edition returns the mean
    return -torch.log(y_hat[list(range(len(y_hat))), y]).mean()


def accuracy(y_hat, y):
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


class Accumulator:
    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args, strict=False)]

    def reset(self):
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx):
        return self.data[idx]


def evaluate_accuracy(net, data_iter):
    if isinstance(net, torch.nn.Module):
        net.eval()
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


BOOK = [
    (check_synthetic_data, synthetic_data),
    (check_data_iter, data_iter),
    (check_linreg, linreg),
    (check_squared_loss, squared_loss),
    (check_sgd, sgd),
    (check_softmax, softmax_stable),
    (check_cross_entropy, cross_entropy),
    (functools.partial(check_cross_entropy, edition="1.0"), cross_entropy_1_0),
    (check_accuracy, accuracy),
    (check_evaluate_accuracy, evaluate_accuracy),
    (check_accumulator, Accumulator),
]


@pytest.mark.parametrize("check, fn", BOOK)
def test_the_books_code_passes(capsys, check, fn):
    assert_passes(capsys, check, fn)


def test_cross_entropy_says_which_edition_it_matches(capsys):
    result, out = verdict(capsys, check_cross_entropy, cross_entropy)
    assert "one loss per example" in out and "Chinese edition" in out
    result, out = verdict(capsys, check_cross_entropy, cross_entropy_1_0, edition="1.0")
    assert result and "mean loss" in out and "1.0 edition" in out


def test_the_books_naive_softmax_fails_only_on_huge_logits(capsys):
    result = assert_fails(
        capsys,
        check_softmax,
        softmax,
        ["large_logits", "large_negative_logits"],
        "subtract each row's max first",
    )
    assert "ordinary" in result.passed and "gradient" in result.passed
    assert "nan" in result.failures["large_logits"].got
    assert "1000 + torch.randn(3, 4)" in result.failures["large_logits"].given


# --------------------------------------------------------------------------------------------
# Mistakes, one checker at a time
# --------------------------------------------------------------------------------------------

true_w, true_b = torch.tensor([2, -3.4]), 4.2


def synthetic_data_without_noise(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    return X, (torch.matmul(X, w) + b).reshape((-1, 1))


def synthetic_data_flat_y(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    return X, y + torch.normal(0, 0.01, y.shape)


def synthetic_data_global_w(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X[:, :2], true_w) + true_b  # the notebook's globals, not the arguments
    return X, (y + torch.normal(0, 0.01, y.shape)).reshape((-1, 1))


def synthetic_data_noise_std_1(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    return X, (y + torch.normal(0, 1, y.shape)).reshape((-1, 1))


def synthetic_data_uniform_x(w, b, num_examples):
    X = torch.rand(num_examples, len(w))
    y = torch.matmul(X, w) + b
    return X, (y + torch.normal(0, 0.01, y.shape)).reshape((-1, 1))


def synthetic_data_seeded(w, b, num_examples):
    torch.manual_seed(42)
    return synthetic_data(w, b, num_examples)


def synthetic_data_float64(w, b, num_examples):
    X = torch.from_numpy(np.random.normal(0, 1, (num_examples, len(w))))
    y = X @ w.double() + b + torch.from_numpy(np.random.normal(0, 0.01, num_examples))
    return X, y.reshape((-1, 1))


ALL_SYNTHETIC = [
    "shapes_and_dtype",
    "noise",
    "x_distribution",
    "other_w_and_b",
    "single_example",
    "fresh_draws",
]


@pytest.mark.parametrize(
    "fn, failed, hint",
    [
        (synthetic_data_without_noise, ["noise", "other_w_and_b"], "add the noise"),
        (
            synthetic_data_flat_y,
            ALL_SYNTHETIC,
            "y should be a column of shape (num_examples, 1) = (1000, 1)",
        ),
        (synthetic_data_global_w, ["other_w_and_b"], "not from the globals true_w and true_b"),
        (synthetic_data_noise_std_1, ["noise", "other_w_and_b"], "should have std 0.01"),
        (synthetic_data_uniform_x, ["x_distribution"], "should come from the standard normal"),
        (synthetic_data_seeded, ["fresh_draws"], "two calls returned the same X"),
        (
            synthetic_data_float64,
            ALL_SYNTHETIC,
            "X and y should be float32",
        ),
    ],
)
def test_check_synthetic_data_catches(capsys, fn, failed, hint):
    assert_fails(capsys, check_synthetic_data, fn, failed, hint)


def data_iter_unshuffled(batch_size, features, labels):
    num_examples = len(features)
    for i in range(0, num_examples, batch_size):
        yield features[i : i + batch_size], labels[i : i + batch_size]


def data_iter_drops_last(batch_size, features, labels):
    indices = list(range(len(features)))
    random.shuffle(indices)
    for i in range(0, len(features) - batch_size + 1, batch_size):  # full batches only
        batch_indices = torch.tensor(indices[i : i + batch_size])
        yield features[batch_indices], labels[batch_indices]


def data_iter_overlapping(batch_size, features, labels):
    indices = list(range(len(features)))
    random.shuffle(indices)
    for i in range(0, len(features) - batch_size + 1):  # steps by 1, not by batch_size
        batch_indices = torch.tensor(indices[i : i + batch_size])
        yield features[batch_indices], labels[batch_indices]


def data_iter_separate_shuffles(batch_size, features, labels):
    X = features[torch.randperm(len(features))]
    y = labels[torch.randperm(len(labels))]
    for i in range(0, len(features), batch_size):
        yield X[i : i + batch_size], y[i : i + batch_size]


def data_iter_seeded(batch_size, features, labels):
    random.seed(0)
    yield from data_iter(batch_size, features, labels)


def data_iter_returns_list(batch_size, features, labels):
    return features.tolist()


@pytest.mark.parametrize(
    "fn, failed, hint",
    [
        (data_iter_unshuffled, ["shuffled"], "shuffle the indices at the start of every pass"),
        (
            data_iter_drops_last,
            ["short_last_batch", "batch_larger_than_data", "image_features", "device"],
            "the last 3 examples never came",
        ),
        (
            data_iter_overlapping,
            ["ordinary", "short_last_batch", "batch_larger_than_data", "image_features", "device"],
            "every example must come exactly once",
        ),
        (
            data_iter_separate_shuffles,
            [
                "ordinary",
                "short_last_batch",
                "batch_larger_than_data",
                "image_features",
                "shuffled",
                "device",
            ],
            "index features and labels with the same batch_indices",
        ),
        (data_iter_seeded, ["shuffled"], "two passes gave the same order"),
        (
            data_iter_returns_list,
            [
                "ordinary",
                "short_last_batch",
                "batch_larger_than_data",
                "single_example",
                "image_features",
                "shuffled",
                "device",
            ],
            "each batch should be a pair (X, y) of tensors",
        ),
    ],
)
def test_check_data_iter_catches(capsys, fn, failed, hint):
    assert_fails(capsys, check_data_iter, fn, failed, hint)


def test_check_data_iter_stops_an_endless_loop(capsys):
    def endless(batch_size, features, labels):
        while True:
            yield features[:batch_size], labels[:batch_size]

    result = check_data_iter(endless)
    capsys.readouterr()
    assert result.passed == []
    assert "make sure the loop ends" in result.failures["ordinary"].hint


ALL_LINREG = ["ordinary", "many_features", "one_feature", "single_example", "gradient", "device"]


@pytest.mark.parametrize(
    "fn, failed, hint",
    [
        (lambda X, w, b: torch.matmul(X, w), ALL_LINREG, "add the bias"),
        (
            lambda X, w, b: X * w.T + b,
            ["ordinary", "many_features", "single_example", "gradient", "device"],
            "not the elementwise X * w",
        ),
        (lambda X, w, b: torch.matmul(w, X) + b, ALL_LINREG, "multiply in this order"),
        (
            lambda X, w, b: torch.matmul(X, w.reshape(-1)) + b,
            ALL_LINREG,
            "keep w a column (d, 1)",
        ),
        (lambda X, w, b: (X @ w + b).detach(), ["gradient"], "autograd cannot differentiate"),
    ],
)
def test_check_linreg_catches(capsys, fn, failed, hint):
    assert_fails(capsys, check_linreg, fn, failed, hint)


@pytest.mark.parametrize(
    "fn, failed, hint",
    [
        (lambda y_hat, y: (y_hat - y) ** 2 / 2, ["flat_labels"], "reshape y first"),
        (
            lambda y_hat, y: (y_hat - y.reshape(y_hat.shape)) ** 2,
            ["ordinary", "flat_labels", "single_example", "gradient", "device"],
            "divide by 2",
        ),
        (
            lambda y_hat, y: ((y_hat - y.reshape(y_hat.shape)) ** 2 / 2).mean(),
            ["ordinary", "flat_labels", "single_example", "gradient", "device"],
            "return one loss per example, shape (8, 1)",
        ),
        (
            lambda y_hat, y: (y_hat - y.reshape(y_hat.shape)).abs() / 2,
            ["ordinary", "flat_labels", "single_example", "gradient", "device"],
            "square the difference",
        ),
        (
            lambda y_hat, y: (y_hat.reshape(-1) - y.reshape(-1)) ** 2 / 2,
            ["ordinary", "flat_labels", "single_example", "gradient", "device"],
            "instead of y_hat's (8, 1)",
        ),
    ],
)
def test_check_squared_loss_catches(capsys, fn, failed, hint):
    assert_fails(capsys, check_squared_loss, fn, failed, hint)


def sgd_without_division(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad
            param.grad.zero_()


def sgd_without_zeroing(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size


def sgd_rebinding(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            grad = param.grad
            param = param - lr * grad / batch_size  # a new tensor; the caller's is unchanged
            grad.zero_()


def sgd_outside_no_grad(params, lr, batch_size):
    for param in params:
        param -= lr * param.grad / batch_size
        param.grad.zero_()


def sgd_plus(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param += lr * param.grad / batch_size
            param.grad.zero_()


ALL_SGD = [
    "one_step",
    "grads_zeroed",
    "two_steps",
    "book_settings",
    "batch_size_one",
    "softmax_regression",
    "device",
]


@pytest.mark.parametrize(
    "fn, failed, hint",
    [
        (
            sgd_without_division,
            ["one_step", "two_steps", "book_settings", "softmax_regression", "device"],
            "divide by batch_size",
        ),
        (sgd_without_zeroing, ["grads_zeroed", "two_steps"], "call param.grad.zero_()"),
        (
            sgd_rebinding,
            [c for c in ALL_SGD if c != "grads_zeroed"],
            "param = param - ... makes a new tensor",
        ),
        (sgd_outside_no_grad, ALL_SGD, "inside with torch.no_grad()"),
        (
            sgd_plus,
            [c for c in ALL_SGD if c != "grads_zeroed"],
            "subtract the gradient",
        ),
    ],
)
def test_check_sgd_catches(capsys, fn, failed, hint):
    assert_fails(capsys, check_sgd, fn, failed, hint)


def test_check_sgd_accepts_setting_grads_to_none(capsys):
    def sgd_none(params, lr, batch_size):
        with torch.no_grad():
            for param in params:
                param -= lr * param.grad / batch_size
                param.grad = None  # what optimizer.zero_grad() does by default

    assert_passes(capsys, check_sgd, sgd_none)


def softmax_dim0(X):
    X_exp = torch.exp(X)
    return X_exp / X_exp.sum(0, keepdim=True)


def softmax_no_keepdim(X):
    X_exp = torch.exp(X)
    return X_exp / X_exp.sum(1)


def softmax_numpy(X):
    X_exp = np.exp(X.detach().numpy())
    return torch.tensor(X_exp / X_exp.sum(1, keepdims=True))


ALL_SOFTMAX = [
    "ordinary",
    "ten_classes",
    "single_row",
    "one_column",
    "square",
    "large_logits",
    "large_negative_logits",
    "gradient",
    "device",
]


@pytest.mark.parametrize(
    "fn, failed, hint",
    [
        (
            softmax_dim0,
            ALL_SOFTMAX,
            "each column sums to 1 instead of each row",
        ),
        (
            torch.exp,
            ALL_SOFTMAX,
            "the rows do not sum to 1",
        ),
        (
            softmax_no_keepdim,
            [c for c in ALL_SOFTMAX if c != "single_row"],
            "keep them a column",
        ),
        (softmax_numpy, ["large_logits", "large_negative_logits", "gradient"], "exp of logits"),
    ],
)
@pytest.mark.filterwarnings("ignore:(overflow|invalid value) encountered:RuntimeWarning")
def test_check_softmax_catches(capsys, fn, failed, hint):
    result, out = verdict(capsys, check_softmax, fn)
    assert sorted(result.failed) == sorted(failed), out
    assert hint in out


def test_check_softmax_shows_the_gradient_hint(capsys):
    def softmax_detached(X):
        return softmax_stable(X).detach()

    assert_fails(capsys, check_softmax, softmax_detached, ["gradient"], "no grad_fn")


def cross_entropy_wrong_axis(y_hat, y):
    return -torch.log(y_hat[y, range(len(y_hat))])


def cross_entropy_all_columns(y_hat, y):
    return -torch.log(y_hat[:, y])


def cross_entropy_no_minus(y_hat, y):
    return torch.log(y_hat[range(len(y_hat)), y])


def cross_entropy_sum(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y]).sum()


def cross_entropy_one_hot(y_hat, y):
    one_hot = torch.nn.functional.one_hot(y, y_hat.shape[1])
    return -(one_hot * torch.log(y_hat)).sum(1)


def cross_entropy_log10(y_hat, y):
    return -torch.log10(y_hat[range(len(y_hat)), y])


ALL_CE = [
    "book_example",
    "ten_classes",
    "single_example",
    "square",
    "zero_probabilities",
    "gradient",
    "device",
]


@pytest.mark.parametrize(
    "fn, failed, hint",
    [
        (
            cross_entropy_wrong_axis,
            ALL_CE,
            "rows are examples and columns classes",
        ),
        (
            cross_entropy_all_columns,
            ALL_CE,  # a single example gives shape (1, 1), not (1,)
            "y_hat[:, y] takes, for every example, the column of every label",
        ),
        (cross_entropy_no_minus, ALL_CE, "put a minus in front"),
        (
            cross_entropy_sum,
            [c for c in ALL_CE if c != "single_example"],
            "this is the sum of the per-example losses",
        ),
        (cross_entropy_one_hot, ["zero_probabilities"], "0 * log(0) = nan"),
        (cross_entropy_log10, ALL_CE, "use the natural log"),
    ],
)
def test_check_cross_entropy_catches(capsys, fn, failed, hint):
    assert_fails(capsys, check_cross_entropy, fn, failed, hint)


def test_check_cross_entropy_names_the_swapped_axis_on_a_square_input(capsys):
    result = assert_fails(
        capsys,
        check_cross_entropy,
        cross_entropy_wrong_axis,
        ALL_CE,
        "an index was out of range",
    )
    assert "rows and columns are swapped" in result.failures["square"].hint
    assert "IndexError" in result.failures["book_example"].got


def accuracy_axis0(y_hat, y):
    cmp = y_hat.argmax(axis=0).type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def accuracy_fraction(y_hat, y):
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    return float((y_hat.type(y.dtype) == y).sum()) / len(y)


def accuracy_cast_first(y_hat, y):
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.type(y.dtype).argmax(axis=1)
    return float((y_hat == y).sum())


def accuracy_not_summed(y_hat, y):
    return y_hat.argmax(axis=1) == y


def accuracy_always_argmax(y_hat, y):
    return float((y_hat.argmax(axis=1) == y).sum())


def accuracy_ties_count(y_hat, y):
    if len(y_hat.shape) == 1:
        return float((y_hat == y).sum())
    return float((y_hat[range(len(y)), y] == y_hat.max(axis=1).values).sum())


ALL_ACC = [
    "book_example",
    "ordinary",
    "square",
    "all_correct",
    "none_correct",
    "single_example",
    "predicted_labels",
    "int32_labels",
    "ties",
    "device",
]


@pytest.mark.parametrize(
    "fn, failed, hint",
    [
        (accuracy_axis0, ALL_ACC, "the predictions and the labels have different lengths"),
        (
            accuracy_fraction,
            [c for c in ALL_ACC if c not in ("none_correct", "single_example")],  # 0 and 1
            "the book's accuracy returns the number correct",
        ),
        (
            accuracy_cast_first,
            # all zeros after the cast, so argmax says class 0: right by chance in the book's
            # example, and predicted labels are not cast
            [c for c in ALL_ACC if c not in ("book_example", "predicted_labels")],
            "convert after the argmax",
        ),
        (
            accuracy_not_summed,
            [c for c in ALL_ACC if c not in ("single_example",)],
            "return the number of correct predictions as one number",
        ),
        (accuracy_always_argmax, ["predicted_labels"], "already holds predicted labels"),
        (accuracy_ties_count, ["ties"], "when two classes tie, argmax picks the first"),
    ],
)
def test_check_accuracy_catches(capsys, fn, failed, hint):
    result, out = verdict(capsys, check_accuracy, fn)
    assert result.failed == failed, out
    assert hint in out


def test_check_accuracy_names_the_axis_on_a_square_input(capsys):
    result, _ = verdict(capsys, check_accuracy, accuracy_axis0)
    assert "over the classes, dim 1" in result.failures["square"].hint


def evaluate_accuracy_batch_mean(net, data_iter):
    if isinstance(net, torch.nn.Module):
        net.eval()
    accs = []
    with torch.no_grad():
        for X, y in data_iter:
            accs.append(accuracy(net(X), y) / y.numel())
    return sum(accs) / len(accs)


def evaluate_accuracy_no_eval(net, data_iter):
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def evaluate_accuracy_count(net, data_iter):
    if isinstance(net, torch.nn.Module):
        net.eval()
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0]


def evaluate_accuracy_per_batch(net, data_iter):
    if isinstance(net, torch.nn.Module):
        net.eval()
    correct = 0.0
    with torch.no_grad():
        for X, y in data_iter:
            correct += accuracy(net(X), y)
    return correct / len(data_iter)


@pytest.mark.parametrize(
    "fn, failed, hint",
    [
        (
            evaluate_accuracy_batch_mean,
            ["short_last_batch", "module", "device"],
            "batches of different sizes must count by examples",
        ),
        (evaluate_accuracy_no_eval, ["eval_mode"], "call net.eval() first"),
        (
            evaluate_accuracy_count,
            ["ordinary", "short_last_batch", "module", "eval_mode", "device"],
            "divide by the number of examples",
        ),
        (
            evaluate_accuracy_per_batch,
            ["ordinary", "short_last_batch", "module", "eval_mode", "device"],
            "this divides by the number of batches",
        ),
    ],
)
def test_check_evaluate_accuracy_catches(capsys, fn, failed, hint):
    assert_fails(capsys, check_evaluate_accuracy, fn, failed, hint)


class AccumulatorReplaces(Accumulator):
    def add(self, *args):
        self.data = [float(b) for b in args]


class AccumulatorInt(Accumulator):
    def add(self, *args):
        self.data = [a + int(b) for a, b in zip(self.data, args, strict=False)]


class AccumulatorBadReset(Accumulator):
    def reset(self):
        self.data = [0.0, 0.0]


def accumulator_shared():
    """Return a new Accumulator class whose sums live in the class body, shared by instances."""

    class AccumulatorShared:
        data = [0.0, 0.0, 0.0]

        def __init__(self, n):
            pass

        def add(self, *args):
            for i, b in enumerate(args):
                self.data[i] += float(b)

        def reset(self):
            for i in range(len(self.data)):
                self.data[i] = 0.0

        def __getitem__(self, idx):
            return self.data[idx]

    return AccumulatorShared


@pytest.mark.parametrize(
    "fn, failed, hint",
    [
        (AccumulatorReplaces, ["sums", "tensors", "one_variable", "device"], "must add up"),
        (AccumulatorInt, ["sums", "tensors", "one_variable", "device"], "not int(b)"),
        (AccumulatorBadReset, ["reset"], "reset must set every sum back to 0.0"),
        (
            accumulator_shared(),
            ["tensors", "one_variable", "separate_instances", "device"],
            "a list made in the class body is shared by every accumulator",
        ),
    ],
)
def test_check_accumulator_catches(capsys, fn, failed, hint):
    result, out = verdict(capsys, check_accumulator, fn)
    assert result.failed == failed, out
    assert hint in " ".join(f.hint for f in result.failures.values()), out


# --------------------------------------------------------------------------------------------
# How the checks behave
# --------------------------------------------------------------------------------------------


def test_a_learners_exception_is_a_failed_case_with_the_error_shown(capsys):
    def broken(X):
        raise ZeroDivisionError("oops")

    result, out = verdict(capsys, check_softmax, broken)
    assert not result and result.passed == []
    assert len(result.failed) == len(ALL_SOFTMAX)
    assert "raised ZeroDivisionError: oops" in out
    assert "your code raised an error on this input" in out


def test_a_wrong_kind_of_value_is_a_failed_case(capsys):
    result, out = verdict(capsys, check_softmax, lambda X: [[1.0]])
    assert result.passed == []
    assert "return a torch tensor (got list [[1.0]])" in out


def test_result_is_false_when_any_case_fails_and_reads_well(capsys):
    result, _ = verdict(capsys, check_softmax, softmax)
    assert bool(result) is False
    assert repr(result) == (
        f"CheckResult('check_softmax', passed={result.passed!r}, "
        "failed=['large_logits', 'large_negative_logits'])"
    )
    assert set(result.failures) == {"large_logits", "large_negative_logits"}
    good, _ = verdict(capsys, check_softmax, softmax_stable)
    assert bool(good) is True and good.passed == ALL_SOFTMAX


def test_the_failure_shows_pytorchs_answer(capsys):
    result, out = verdict(capsys, check_softmax, softmax)
    expected = result.failures["large_logits"].expected
    assert expected.startswith("torch.softmax(X, dim=1) = tensor (3, 4) float32")
    assert "First failing case, large logits:" in out
    for label in ("given:", "got:", "expected:", "hint:"):
        assert label in out


@pytest.mark.parametrize("bad", [None, 3, "softmax", torch.ones(2)])
def test_a_check_that_cannot_run_raises_type_error(bad):
    with pytest.raises(
        TypeError,
        match=r"fn must be callable, got .* of type \w+; pass your softmax itself, for example "
        r"check_softmax\(softmax\), not what it returns",
    ):
        check_softmax(bad)
    with pytest.raises(TypeError, match=r"cls must be callable, got .*check_accumulator\(Accumu"):
        check_accumulator(Accumulator(2))


def test_chinese_verdict_by_argument(capsys):
    result, out = verdict(capsys, check_softmax, softmax, lang="zh")
    assert result.lang == "zh"
    assert "9 个用例中通过 7 个" in out
    assert "很大的 `logits`" in out and "第一个未通过的用例" in out
    assert "先减去每行的最大值" in out
    assert result.failed == ["large_logits", "large_negative_logits"]  # names stay English
    _, out = verdict(capsys, check_softmax, softmax_stable, lang="zh")
    assert "全部 9 个用例通过" in out


def test_chinese_verdict_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("D2LITE_LANG", "zh")
    _, out = verdict(capsys, check_sgd, sgd_without_division)
    assert "请除以 batch_size" in out
    _, out = verdict(capsys, check_sgd, sgd_without_division, lang="en")
    assert "divide by batch_size" in out


def test_a_chinese_system_gets_chinese_verdicts(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    _, out = verdict(capsys, check_sgd, sgd_without_division)
    assert "请除以 batch_size" in out
    monkeypatch.setenv("D2LITE_LANG", "en")  # an explicit choice wins
    _, out = verdict(capsys, check_sgd, sgd_without_division)
    assert "divide by batch_size" in out


def test_every_text_has_both_languages(capsys):
    from d2lite.messages import TEXT

    for key, (en, zh) in TEXT.items():
        if key.startswith("check."):
            assert en and zh and en != zh, key
    for check, fn in BOOK:
        result = check(fn, lang="zh")
        cases = [case for case in result.passed if case != "device"]
        assert all(f"check.case.{case}" in TEXT for case in cases), result
    capsys.readouterr()


def test_bad_language_raises(monkeypatch):
    with pytest.raises(ValueError, match=r"lang must be 'en' or 'zh', got 'fr'"):
        check_softmax(softmax, lang="fr")
    with pytest.raises(TypeError, match=r"lang must be a str, got 1"):
        check_softmax(softmax, lang=1)
    monkeypatch.setenv("D2LITE_LANG", "de")
    with pytest.raises(ValueError, match=r"D2LITE_LANG must be 'en' or 'zh', got 'de'"):
        check_softmax(softmax)


def test_bad_device_raises():
    with pytest.raises(ValueError, match=r"is not a device name"):
        check_softmax(softmax, device="gpu0")


def test_checks_leave_the_random_state_as_it_was(capsys):
    torch.manual_seed(123)
    random.seed(123)
    np.random.seed(123)
    before = (torch.get_rng_state(), random.getstate(), np.random.get_state()[1].copy())
    check_data_iter(data_iter)  # draws from Python's random
    check_synthetic_data(synthetic_data)  # draws from torch
    check_synthetic_data(synthetic_data_float64)  # draws from NumPy
    capsys.readouterr()
    assert torch.equal(torch.get_rng_state(), before[0])
    assert random.getstate() == before[1]
    assert (np.random.get_state()[1] == before[2]).all()


def test_checks_repeat_exactly(capsys):
    first, _ = verdict(capsys, check_synthetic_data, synthetic_data_noise_std_1)
    second, _ = verdict(capsys, check_synthetic_data, synthetic_data_noise_std_1)
    assert first.report == second.report


def test_the_learners_inputs_are_copies(capsys):
    def softmax_in_place(X):
        X -= X.max(dim=1, keepdim=True).values  # changes the caller's tensor
        X.exp_()
        return X / X.sum(1, keepdim=True)

    result, out = verdict(capsys, check_softmax, softmax_in_place)
    assert result.failed == ["gradient"], out  # in place on a leaf that requires grad


@needs_cuda
@pytest.mark.parametrize("check, fn", BOOK)
def test_the_books_code_passes_on_the_gpu(capsys, check, fn):
    result = assert_passes(capsys, check, fn, device="cuda")
    if check is not check_synthetic_data:  # the book makes its data on the CPU
        assert "on the device (cuda:0)" in result.report


@needs_cuda
def test_a_result_moved_to_the_cpu_fails_on_the_gpu(capsys):
    assert_fails(
        capsys,
        check_softmax,
        lambda X: softmax_stable(X).cpu(),
        ["device"],
        "the result is on cpu but the inputs are on cuda",
        device="cuda",
    )


# --------------------------------------------------------------------------------------------
# The learner's torch settings: the cases run with PyTorch's defaults, and get them back after
# --------------------------------------------------------------------------------------------


@pytest.fixture
def learners_settings():
    """Put back the grad mode and default dtype a test changes, as a new notebook has them."""
    grad, dtype = torch.is_grad_enabled(), torch.get_default_dtype()
    yield
    torch.set_grad_enabled(grad)
    torch.set_default_dtype(dtype)


def test_checks_run_with_gradients_after_set_grad_enabled_false(capsys, learners_settings):
    torch.set_grad_enabled(False)
    result = assert_passes(capsys, check_sgd, sgd)
    assert len(result.passed) == 7
    assert torch.is_grad_enabled() is False
    assert_passes(capsys, check_softmax, softmax_stable)
    assert torch.is_grad_enabled() is False


def test_checks_run_with_float32_after_set_default_dtype_float64(capsys, learners_settings):
    torch.set_default_dtype(torch.float64)
    assert_passes(capsys, check_synthetic_data, synthetic_data)
    assert torch.get_default_dtype() == torch.float64
    assert_passes(capsys, check_sgd, sgd)
    assert torch.get_default_dtype() == torch.float64


def test_the_learners_code_sees_the_defaults(capsys, learners_settings):
    seen = set()

    def softmax_watching(X):
        seen.add((torch.is_grad_enabled(), torch.get_default_dtype()))
        return softmax_stable(X)

    torch.set_grad_enabled(False)
    torch.set_default_dtype(torch.float64)
    assert_passes(capsys, check_softmax, softmax_watching)
    assert seen == {(True, torch.float32)}
    assert (torch.is_grad_enabled(), torch.get_default_dtype()) == (False, torch.float64)


def test_the_learners_settings_come_back_when_a_case_raises(capsys, learners_settings):
    def softmax_interrupted(X):
        raise KeyboardInterrupt  # not a learner's error: it ends the check

    def softmax_broken(X):
        raise RuntimeError("oops")

    torch.set_grad_enabled(False)
    torch.set_default_dtype(torch.float64)
    with pytest.raises(KeyboardInterrupt):
        check_softmax(softmax_interrupted)
    assert (torch.is_grad_enabled(), torch.get_default_dtype()) == (False, torch.float64)
    result, _ = verdict(capsys, check_softmax, softmax_broken)
    assert result.passed == []
    assert (torch.is_grad_enabled(), torch.get_default_dtype()) == (False, torch.float64)
    assert_passes(capsys, check_softmax, softmax_stable)  # and the next check still runs
    assert (torch.is_grad_enabled(), torch.get_default_dtype()) == (False, torch.float64)
