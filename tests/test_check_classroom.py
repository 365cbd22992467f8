"""The exercise checkers in a classroom: stubs, endless loops, editions, strict mode, grading.

A student copy's stub (`raise NotImplementedError`) is "not written yet", not an
error; an infinite loop ends its case at the time limit; cross_entropy is judged
by the edition the learner follows; evaluate_accuracy must not build a graph;
strict mode fails ready-made calls; notebook 03's huber_loss and collapse have
checkers; every check can log a JSON line for the grader and has a score.
"""

from __future__ import annotations

import json
import threading
import time

import pytest
import torch
import torch.nn.functional as F
from torch import nn

import d2lite
from d2lite import torch as d2l_namespace
from d2lite.check import (
    check_accumulator,
    check_accuracy,
    check_collapse,
    check_cross_entropy,
    check_data_iter,
    check_evaluate_accuracy,
    check_huber_loss,
    check_linreg,
    check_sgd,
    check_softmax,
    check_squared_loss,
    check_synthetic_data,
)
from d2lite.messages import TEXT
from tests.test_check import (
    Accumulator,
    accuracy,
    cross_entropy,
    cross_entropy_1_0,
    data_iter,
    evaluate_accuracy,
    linreg,
    sgd,
    softmax_stable,
    squared_loss,
    synthetic_data,
)


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """Run every check in English on the CPU, without a teacher's settings."""
    monkeypatch.delenv("D2LITE_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "D2LITE_CHECK_STRICT", "D2LITE_CHECK_LOG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("D2LITE_CHECK_TIME_LIMIT", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("D2LITE_DEVICE", "cpu")


def run(capsys, check, fn, **kwargs):
    """Run `check` on `fn`; return its result and what it printed, on one line."""
    result = check(fn, **kwargs)
    out = capsys.readouterr().out
    assert out.strip() == result.report
    return result, " ".join(out.split())


# --------------------------------------------------------------------------------------------
# 1. A stub is "not written yet"
# --------------------------------------------------------------------------------------------


def sgd_stub(params, lr, batch_size):
    # your code here
    raise NotImplementedError


class RunningSums:
    """A student copy's class: every method a stub."""

    def __init__(self, n):
        raise NotImplementedError

    def add(self, *args):
        raise NotImplementedError

    def reset(self):
        raise NotImplementedError

    def __getitem__(self, idx):
        raise NotImplementedError


class RunningSumsNoReset(Accumulator):
    def reset(self):
        raise NotImplementedError


def data_iter_stub(batch_size, features, labels):
    raise NotImplementedError
    yield  # a generator, as the book's data_iter is


def test_a_stub_is_not_written_yet(capsys):
    result, out = run(capsys, check_sgd, sgd_stub)
    assert not result and result.passed == [] and result.score == 0.0
    assert result.not_written and not result.timed_out
    assert "`sgd_stub` is not written yet: replace the `raise NotImplementedError` line" in out
    assert "your code raised an error" not in out
    assert all(f.kind == "not_written" for f in result.failures.values())


@pytest.mark.parametrize(
    "check, fn, name",
    [
        (check_accumulator, RunningSums, "RunningSums.__init__"),
        (check_data_iter, data_iter_stub, "data_iter_stub"),
        (check_softmax, lambda X: (_ for _ in ()).throw(NotImplementedError()), None),
    ],
)
def test_a_stub_class_or_generator_is_not_written_yet(capsys, check, fn, name):
    result, out = run(capsys, check, fn)
    assert result.passed == [] and result.not_written
    assert "is not written yet" in out and "raised an error" not in out
    if name:
        assert f"`{name}` is not written yet" in out


def test_a_method_left_as_a_stub_is_named(capsys):
    result, out = run(capsys, check_accumulator, RunningSumsNoReset)
    assert result.failed == ["reset"] and result.not_written
    assert "`RunningSumsNoReset.reset` is not written yet" in out


def test_not_written_in_chinese(capsys):
    _, out = run(capsys, check_sgd, sgd_stub, lang="zh")
    assert "`sgd_stub` 还没有写：请把 `raise NotImplementedError` 这一行换成你的代码" in out


def test_a_not_implemented_error_from_pytorch_is_an_error(capsys):
    def softmax_module(X):
        return nn.Module()(X)  # Module.forward is not implemented: PyTorch raises

    result, out = run(capsys, check_softmax, softmax_module)
    assert not result.not_written
    assert "your code raised an error" in out


# --------------------------------------------------------------------------------------------
# 2. The time limit
# --------------------------------------------------------------------------------------------


def data_iter_loops(batch_size, features, labels):
    while True:
        pass


def data_iter_never_yields(batch_size, features, labels):
    i = 0
    while i < len(features):  # forgot to move i on, and to yield
        pass
    yield features, labels


def data_iter_hangs_after_one(batch_size, features, labels):
    yield features[:batch_size], labels[:batch_size]
    while True:
        try:
            time.sleep(0.01)
        except Exception:  # a learner's broad except cannot swallow the time limit
            pass


@pytest.mark.parametrize("fn", [data_iter_loops, data_iter_never_yields, data_iter_hangs_after_one])
def test_an_endless_loop_ends_at_the_time_limit(capsys, fn):
    start = time.monotonic()
    result, out = run(capsys, check_data_iter, fn, time_limit=1)
    assert time.monotonic() - start < 1 + 2
    assert result.timed_out and result.passed == []
    assert result.failures["ordinary"].kind == "timeout"
    assert "ran longer than 1 s" in out and "probably loops forever" in out
    assert result.failures["shuffled"].kind == "not_run"
    time.sleep(0.7)  # nothing arrives late from the watchdog
    sum(range(100_000))


def test_the_time_limit_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("D2LITE_CHECK_TIME_LIMIT", "0.5")
    start = time.monotonic()
    result, out = run(capsys, check_data_iter, data_iter_loops)
    assert time.monotonic() - start < 0.5 + 2
    assert "ran longer than 0.5 s" in out


def test_a_normal_check_is_unaffected_by_a_short_limit(capsys):
    result, _ = run(capsys, check_data_iter, data_iter, time_limit=1)
    assert result and not result.timed_out
    result, _ = run(capsys, check_sgd, sgd, time_limit=2)
    assert result and result.score == 1.0


def test_the_time_limit_works_in_another_thread(capsys):
    results = []
    thread = threading.Thread(
        target=lambda: results.append(check_data_iter(data_iter_loops, time_limit=0.5))
    )
    thread.start()
    thread.join(10)
    capsys.readouterr()
    assert not thread.is_alive() and results[0].timed_out


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), "soon", True])
def test_a_bad_time_limit_raises(bad):
    with pytest.raises(ValueError, match="time_limit must be a number of seconds greater than 0"):
        check_sgd(sgd, time_limit=bad)


def test_a_bad_time_limit_in_the_environment_raises(monkeypatch):
    monkeypatch.setenv("D2LITE_CHECK_TIME_LIMIT", "five")
    with pytest.raises(ValueError, match="D2LITE_CHECK_TIME_LIMIT must be a number of seconds"):
        check_sgd(sgd)


# --------------------------------------------------------------------------------------------
# 3. Cross-entropy by edition
# --------------------------------------------------------------------------------------------

CE_CASES = ["book_example", "ten_classes", "square", "zero_probabilities", "gradient", "device"]


def test_the_classic_edition_fails_a_mean_and_says_why(capsys):
    result, out = run(capsys, check_cross_entropy, cross_entropy_1_0)
    assert result.failed == CE_CASES  # one example's mean is its loss: single_example passes
    assert "train_ch3 sums the per-example losses (l.sum().backward())" in out
    assert "a mean is divided twice" in out and "about 0.009" in out
    assert 'edition="1.0"' in out
    result, _ = run(capsys, check_cross_entropy, cross_entropy, edition="classic")
    assert result


def test_the_1_0_edition_fails_one_loss_per_example(capsys):
    result, out = run(capsys, check_cross_entropy, cross_entropy, edition="1.0")
    assert result.failed == CE_CASES
    assert "one loss per example" in out and "loss.backward()" in out
    assert 'edition="classic"' in out
    result, out = run(capsys, check_cross_entropy, cross_entropy_1_0, edition="1.0")
    assert result and "1.0 edition" in out


def test_the_edition_hint_in_chinese(capsys):
    _, out = run(capsys, check_cross_entropy, cross_entropy_1_0, lang="zh")
    assert "除了两次" in out and "约 0.009" in out


@pytest.mark.parametrize("bad", ["zh", "2.0", None, 1.0])
def test_a_bad_edition_raises(bad):
    with pytest.raises(ValueError, match=r"edition must be one of \('classic', '1.0'\)"):
        check_cross_entropy(cross_entropy, edition=bad)


# --------------------------------------------------------------------------------------------
# 4. evaluate_accuracy builds no graph
# --------------------------------------------------------------------------------------------


def evaluate_accuracy_with_grad(net, data_iter):
    if isinstance(net, torch.nn.Module):
        net.eval()
    metric = Accumulator(2)
    for X, y in data_iter:  # no torch.no_grad(): a graph per batch
        metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def evaluate_accuracy_attached(net, data_iter):
    if isinstance(net, torch.nn.Module):
        net.eval()
    correct, total = 0.0, 0
    for X, y in data_iter:
        out = net(X)
        correct = correct + (out.argmax(1) == y).sum() + 0 * out.sum()  # keeps the graph
        total += y.numel()
    return correct / total


def test_evaluate_accuracy_without_no_grad_fails(capsys):
    result, out = run(capsys, check_evaluate_accuracy, evaluate_accuracy_with_grad)
    assert result.passed == [] and "Wrap the loop in `with torch.no_grad():`" in out
    result, _ = run(capsys, check_evaluate_accuracy, evaluate_accuracy)
    assert result


def test_evaluate_accuracy_returning_an_attached_tensor_fails(capsys):
    result, out = run(capsys, check_evaluate_accuracy, evaluate_accuracy_attached)
    assert "module" in result.failed
    hints = " ".join(" ".join(f.hint.split()) for f in result.failures.values())
    assert "a tensor still attached to the graph" in hints


# --------------------------------------------------------------------------------------------
# 5. The Accumulator's hints guide without giving the answer
# --------------------------------------------------------------------------------------------


class RunningSumsPass:
    """A stub whose methods are left empty (`pass`), not raising."""

    def __init__(self, n):
        pass

    def add(self, *args):
        pass

    def reset(self):
        pass

    def __getitem__(self, idx):
        pass


def test_the_accumulator_hints_do_not_print_the_answer(capsys):
    for key, (english, chinese) in TEXT.items():
        if key.startswith("check.am_"):
            for code in ("self.data = [", "return self.data", "zip(self.data"):
                assert code not in english and code not in chinese, key
    for cls in (RunningSums, RunningSumsPass):
        result, out = run(capsys, check_accumulator, cls)
        assert result.passed == []
        assert "self.data" not in out


# --------------------------------------------------------------------------------------------
# 6. Strict mode
# --------------------------------------------------------------------------------------------


class AccumulatorDelegates:
    def __init__(self, n):
        self.inner = d2lite.Accumulator(n)

    def add(self, *args):
        self.inner.add(*args)

    def reset(self):
        self.inner.reset()

    def __getitem__(self, idx):
        return self.inner[idx]


class AccumulatorSubclass(d2lite.Accumulator):
    pass


READY_MADE = [
    (check_softmax, lambda X: torch.softmax(X, dim=1), "torch.softmax"),
    (check_softmax, lambda X: F.softmax(X, dim=1), "F.softmax"),
    (check_softmax, lambda X: X.softmax(1), "Tensor.softmax"),
    (
        check_cross_entropy,
        lambda y_hat, y: F.nll_loss(y_hat.log(), y, reduction="none"),
        "F.nll_loss",
    ),
    (
        check_cross_entropy,
        lambda y_hat, y: nn.CrossEntropyLoss(reduction="none")(y_hat.log(), y),
        "nn.CrossEntropyLoss",
    ),
    (check_sgd, lambda params, lr, bs: d2l_namespace.sgd(params, lr, bs), "d2l.sgd"),
    (check_sgd, lambda params, lr, bs: d2lite.sgd(params, lr, bs), "d2l.sgd"),
    (
        check_squared_loss,
        lambda y_hat, y: F.mse_loss(y_hat, y.reshape(y_hat.shape), reduction="none") / 2,
        "F.mse_loss",
    ),
    (check_squared_loss, lambda y_hat, y: d2lite.squared_loss(y_hat, y), "d2l.squared_loss"),
    (check_linreg, lambda X, w, b: F.linear(X, w.T, b), "F.linear"),
    (check_linreg, lambda X, w, b: d2l_namespace.linreg(X, w, b), "d2l.linreg"),
    (check_accuracy, lambda y_hat, y: d2lite.accuracy(y_hat, y), "d2l.accuracy"),
    (
        check_evaluate_accuracy,
        lambda net, it: d2lite.evaluate_accuracy(net, it),
        "d2l.evaluate_accuracy",
    ),
    (check_data_iter, lambda bs, f, y: d2lite.load_array((f, y), bs), "d2l.load_array"),
    (
        check_data_iter,
        lambda bs, f, y: torch.utils.data.DataLoader(
            torch.utils.data.TensorDataset(f, y), bs, shuffle=True
        ),
        "torch.utils.data.DataLoader",
    ),
    (check_synthetic_data, lambda w, b, n: d2lite.synthetic_data(w, b, n), "d2l.synthetic_data"),
    (check_accumulator, AccumulatorDelegates, "d2l.Accumulator"),
    (check_accumulator, AccumulatorSubclass, "d2l.Accumulator"),
]


@pytest.mark.parametrize("check, fn, call", READY_MADE)
def test_strict_mode_fails_a_ready_made_call(capsys, check, fn, call):
    result, out = run(capsys, check, fn, strict=True)
    assert result.passed == [], out
    assert "strict mode: your code calls the ready-made" in out and call in out
    assert all(f.kind == "strict" for f in result.failures.values())


@pytest.mark.parametrize("check, fn, call", READY_MADE)
def test_without_strict_mode_a_ready_made_call_is_fine(capsys, check, fn, call):
    result, out = run(capsys, check, fn)
    assert "strict mode" not in out
    if call != "nn.CrossEntropyLoss":  # log_softmax(log(0)) gives nan on zero probabilities
        assert result, out


BOOK = [
    (check_synthetic_data, synthetic_data),
    (check_data_iter, data_iter),
    (check_linreg, linreg),
    (check_squared_loss, squared_loss),
    (check_sgd, sgd),
    (check_softmax, softmax_stable),
    (check_cross_entropy, cross_entropy),
    (check_accuracy, accuracy),
    (check_evaluate_accuracy, evaluate_accuracy),
    (check_accumulator, Accumulator),
]


@pytest.mark.parametrize("check, fn", BOOK)
def test_the_books_hand_written_code_passes_strict_mode(capsys, check, fn):
    result, out = run(capsys, check, fn, strict=True)
    assert result, out


def test_strict_mode_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("D2LITE_CHECK_STRICT", "1")
    result, out = run(capsys, check_softmax, lambda X: torch.softmax(X, 1))
    assert result.passed == [] and "strict mode" in out


def test_strict_mode_puts_everything_back(capsys):
    originals = (
        torch.softmax,
        F.softmax,
        F.nll_loss,
        torch.optim.SGD.step,
        nn.CrossEntropyLoss.forward,
        d2lite.sgd,
        d2l_namespace.sgd,
        d2lite.Accumulator.__init__,
        torch.utils.data.DataLoader.__iter__,
    )
    shadowed = set(vars(torch.Tensor))

    def softmax_loops(X):
        torch.softmax(X, 1)
        while True:
            pass

    for check, fn, _ in READY_MADE:
        check(fn, strict=True)
    check_softmax(softmax_loops, strict=True, time_limit=0.3)
    with pytest.raises(KeyboardInterrupt):
        check_softmax(lambda X: (_ for _ in ()).throw(KeyboardInterrupt), strict=True)
    capsys.readouterr()
    after = (
        torch.softmax,
        F.softmax,
        F.nll_loss,
        torch.optim.SGD.step,
        nn.CrossEntropyLoss.forward,
        d2lite.sgd,
        d2l_namespace.sgd,
        d2lite.Accumulator.__init__,
        torch.utils.data.DataLoader.__iter__,
    )
    assert all(a is b for a, b in zip(originals, after, strict=True))
    assert set(vars(torch.Tensor)) == shadowed
    assert sgd_stub.__globals__.get("sgd") is sgd  # the learner's globals are as they were


def test_strict_mode_catches_a_name_imported_into_the_learners_globals(capsys):
    namespace = {"book_sgd": d2lite.sgd}
    exec("def sgd(params, lr, batch_size):\n    book_sgd(params, lr, batch_size)\n", namespace)
    result, out = run(capsys, check_sgd, namespace["sgd"], strict=True)
    assert result.passed == [] and "d2l.sgd" in out
    assert namespace["book_sgd"] is d2lite.sgd


# --------------------------------------------------------------------------------------------
# 7. Notebook 03: huber_loss and collapse
# --------------------------------------------------------------------------------------------


def huber_loss(y_hat, y, delta=1.0):
    r = (y_hat - y.reshape(y_hat.shape)).abs()
    return torch.where(r <= delta, r**2 / 2, delta * (r - delta / 2)).mean()


def huber_per_example(y_hat, y, delta=1.0):
    r = (y_hat - y.reshape(y_hat.shape)).abs()
    return torch.where(r <= delta, r**2 / 2, delta * (r - delta / 2))


def huber_smooth_l1(y_hat, y, delta=1.0):
    return huber_loss(y_hat, y, delta) / delta


def huber_no_half(y_hat, y, delta=1.0):
    r = (y_hat - y.reshape(y_hat.shape)).abs()
    return torch.where(r <= delta, r**2, delta * (r - delta / 2)).mean()


def huber_fixed_delta(y_hat, y, delta=1.0):
    return huber_loss(y_hat, y)


def huber_broadcast(y_hat, y, delta=1.0):  # (n, 1) - (n,) broadcasts to (n, n)
    r = (y_hat - y).abs()
    return torch.where(r <= delta, r**2 / 2, delta * (r - delta / 2)).mean()


def huber_float32(y_hat, y, delta=1.0):
    return huber_loss(y_hat.float(), y.float(), delta)


@pytest.mark.parametrize(
    "fn, failed, hint",
    [
        (huber_per_example, None, "averaged over the minibatch"),
        (huber_smooth_l1, ["delta_half", "delta_two"], "nn.SmoothL1Loss"),
        (huber_no_half, None, "the quadratic part is r**2 / 2"),
        (huber_fixed_delta, ["delta_half", "delta_two"], "use the delta argument"),
        (huber_broadcast, ["flat_labels"], "Huber's loss of a residual"),
        (huber_float32, ["float64"], "the inputs are torch.float64"),
    ],
)
def test_check_huber_loss_catches(capsys, fn, failed, hint):
    result, out = run(capsys, check_huber_loss, fn)
    assert not result
    if failed is not None:
        assert result.failed == failed, out
    assert hint in out, out


def test_check_huber_loss_passes_the_answer_and_fails_the_ready_made_in_strict_mode(capsys):
    result, out = run(capsys, check_huber_loss, huber_loss)
    assert result and len(result.passed) == 9, out
    ready = lambda y_hat, y, delta=1.0: nn.HuberLoss(delta=delta)(y_hat, y.reshape(y_hat.shape))  # noqa: E731
    assert run(capsys, check_huber_loss, ready)[0]
    result, out = run(capsys, check_huber_loss, ready, strict=True)
    assert result.passed == [] and "nn.HuberLoss" in out
    result, out = run(capsys, check_huber_loss, huber_loss, strict=True)
    assert result


def collapse(two_layers):
    first, second = two_layers[0], two_layers[1]
    single = nn.Linear(first.in_features, second.out_features)
    b1 = first.bias if first.bias is not None else torch.zeros(first.out_features)
    b2 = second.bias if second.bias is not None else torch.zeros(second.out_features)
    with torch.no_grad():
        single.weight.copy_(second.weight @ first.weight)
        single.bias.copy_(second.weight @ b1 + b2)
    return single


def collapse_notebook(two_layers):  # notebook 03's solution: biases assumed
    first, second = two_layers[0], two_layers[1]
    single = nn.Linear(first.in_features, second.out_features)
    with torch.no_grad():
        single.weight.copy_(second.weight @ first.weight)
        single.bias.copy_(second.weight @ first.bias + second.bias)
    return single


def collapse_bias_sum(two_layers):
    single = collapse(two_layers)
    with torch.no_grad():
        single.bias.copy_(two_layers[0].bias + two_layers[1].bias)
    return single


def collapse_in_place(two_layers):
    single = collapse(two_layers)
    with torch.no_grad():
        two_layers[0].weight.zero_()
    return single


def collapse_wrong_order(two_layers):
    first, second = two_layers[0], two_layers[1]
    single = nn.Linear(first.in_features, second.out_features)
    with torch.no_grad():
        single.weight.copy_(first.weight @ second.weight)
    return single


def collapse_without_no_grad(two_layers):
    first, second = two_layers[0], two_layers[1]
    single = nn.Linear(first.in_features, second.out_features)
    single.weight.copy_(second.weight @ first.weight)
    return single


@pytest.mark.parametrize(
    "fn, failed, hint",
    [
        (collapse_notebook, ["no_bias"], "a layer made with bias=False has bias None"),
        (collapse_bias_sum, None, "the bias is W2 b1 + b2"),
        (collapse_in_place, ["book_shapes", "other_shapes", "no_bias", "layers_unchanged"], ""),
        (collapse_wrong_order, None, "W2 @ W1 is (c, a)"),
        (collapse_without_no_grad, None, "inside `with torch.no_grad():`"),
        (lambda two: two, None, "return one nn.Linear(2, 1)"),
    ],
)
def test_check_collapse_catches(capsys, fn, failed, hint):
    result, out = run(capsys, check_collapse, fn)
    assert not result
    if failed is not None:
        assert result.failed == failed, out
    assert hint in " ".join(" ".join(f.hint.split()) for f in result.failures.values()), out


def test_check_collapse_passes_and_reports_changed_layers(capsys):
    result, out = run(capsys, check_collapse, collapse)
    assert result and result.passed == [
        "book_shapes",
        "other_shapes",
        "no_bias",
        "layers_unchanged",
    ]
    result, out = run(capsys, check_collapse, collapse_in_place)
    assert "collapse changed the layers it was given" in out and "0.weight" in out


# --------------------------------------------------------------------------------------------
# 8. The check log and the score
# --------------------------------------------------------------------------------------------


def test_every_check_appends_a_json_line_to_the_log(capsys, monkeypatch, tmp_path):
    log = tmp_path / "checks.jsonl"
    monkeypatch.setenv("D2LITE_CHECK_LOG", str(log))
    check_sgd(sgd)
    check_sgd(sgd_stub, lang="zh")
    check_data_iter(data_iter_loops, time_limit=0.3)
    check_softmax(lambda X: torch.exp(X) / torch.exp(X).sum(1, keepdim=True))
    capsys.readouterr()
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert records[0] == {
        "exercise": "check_sgd",
        "passed": 7,
        "total": 7,
        "first_failure": None,
        "not_written": False,
        "timed_out": False,
    }
    assert records[1]["passed"] == 0 and records[1]["not_written"] is True
    assert records[1]["first_failure"] == "一步更新"  # in the learner's language
    assert records[2]["timed_out"] is True and records[2]["first_failure"] == "ordinary"
    assert records[3]["passed"] == 7 and records[3]["first_failure"] == "large logits"


def test_a_log_that_cannot_be_written_is_ignored(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("D2LITE_CHECK_LOG", str(tmp_path / "missing" / "folder" / "log.jsonl"))
    result, _ = run(capsys, check_sgd, sgd)
    assert result
    monkeypatch.setenv("D2LITE_CHECK_LOG", str(tmp_path))  # a folder
    result, _ = run(capsys, check_sgd, sgd)
    assert result


def test_the_score_is_the_share_of_cases_passed(capsys):
    result, _ = run(capsys, check_softmax, lambda X: torch.exp(X) / torch.exp(X).sum(1, True))
    assert result.score == pytest.approx(7 / 9)
    assert isinstance(result.score, float)
    from d2lite.check import CheckResult

    assert CheckResult("x", [], []).score == 0.0
