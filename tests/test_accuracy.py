"""accuracy and evaluate_accuracy against counts made by hand, on any device."""

import pytest
import torch
from torch import nn

import d2lite as d2l
from d2lite.data.loaders import ArrayLoader

needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


def test_accuracy_counts_correct_rows():
    y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.5, 0.2, 0.3], [0.2, 0.7, 0.1], [0.0, 0.1, 0.9]])
    y = torch.tensor([2, 1, 1, 0])
    # row argmaxes are 2, 0, 1, 2: rows 0 and 2 are right
    assert d2l.accuracy(y_hat, y) == 2.0
    assert isinstance(d2l.accuracy(y_hat, y), float)


def test_accuracy_takes_predicted_labels():
    y = torch.tensor([0, 1, 2, 3])
    assert d2l.accuracy(torch.tensor([0, 1, 0, 3]), y) == 3.0
    assert d2l.accuracy(torch.tensor([[0.0], [1.0], [0.0], [3.0]]), y) == 3.0  # a (B, 1) column


def test_accuracy_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"output has shape \(3, 10\) but there are 2 labels"):
        d2l.accuracy(torch.zeros(3, 10), torch.zeros(2, dtype=torch.long))
    with pytest.raises(ValueError, match=r"output has shape \(\) but there are 2 labels"):
        d2l.accuracy(torch.tensor(1.0), torch.zeros(2, dtype=torch.long))
    with pytest.raises(ValueError, match=r"shape \(2, 5, 3\).*flatten the extra dimensions"):
        d2l.accuracy(torch.zeros(2, 5, 3), torch.zeros(2, dtype=torch.long))


def _fixed_scores_data(n=50, num_classes=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    scores = torch.randn(n, num_classes, generator=g)
    y = torch.randint(0, num_classes, (n,), generator=g)
    return scores, y


def test_evaluate_accuracy_matches_a_hand_count_over_batches():
    scores, y = _fixed_scores_data()
    expected = sum(int(scores[i].argmax()) == int(y[i]) for i in range(len(y))) / len(y)
    loader = ArrayLoader((scores, y), batch_size=7)  # 50 = 7 * 7 + 1: a short last batch
    assert d2l.evaluate_accuracy(lambda X: X, loader) == pytest.approx(expected)
    assert d2l.evaluate_accuracy(lambda X: X, loader, device="cpu") == pytest.approx(expected)


class _ModeRecorder(nn.Module):
    def __init__(self, in_features, num_classes):
        super().__init__()
        self.linear = nn.Linear(in_features, num_classes)
        self.modes = []

    def forward(self, X):
        self.modes.append(self.training)
        return self.linear(X)


@pytest.mark.parametrize("start_training", [True, False])
def test_evaluate_accuracy_uses_eval_mode_and_restores_it(start_training):
    torch.manual_seed(0)
    net = _ModeRecorder(4, 3)
    net.train(start_training)
    X, y = torch.randn(20, 4), torch.randint(0, 3, (20,))
    acc = d2l.evaluate_accuracy(net, ArrayLoader((X, y), batch_size=8))
    with torch.no_grad():
        expected = (net.linear(X).argmax(1) == y).float().mean().item()
    assert acc == pytest.approx(expected)
    assert net.modes == [False, False, False]
    assert net.training is start_training


def test_evaluate_accuracy_builds_no_graph():
    W = torch.randn(4, 3, requires_grad=True)
    seen = []

    def net(X):
        out = X @ W
        seen.append(out.requires_grad)
        return out

    d2l.evaluate_accuracy(
        net, ArrayLoader((torch.randn(5, 4), torch.zeros(5, dtype=torch.long)), 5)
    )
    assert seen == [False]


def test_evaluate_accuracy_rejects_an_empty_loader():
    with pytest.raises(ValueError, match=r"data_iter yielded no examples"):
        d2l.evaluate_accuracy(lambda X: X, [])


def test_evaluate_accuracy_names_parameters_on_another_device():
    W = torch.zeros(4, 3, device="meta", requires_grad=True)

    def net(X):
        return X @ W

    loader = ArrayLoader((torch.randn(6, 4), torch.zeros(6, dtype=torch.long)), 3)
    with pytest.raises(
        ValueError,
        match=r"the batches are on cpu but a parameter of the net \(shape \(4, 3\)\) is on meta; "
        r"pass device='meta'",
    ):
        d2l.evaluate_accuracy(net, loader)


def test_evaluate_accuracy_names_a_module_on_another_device():
    net = nn.Linear(4, 3).to("meta")
    loader = ArrayLoader((torch.randn(6, 4), torch.zeros(6, dtype=torch.long)), 3)
    with pytest.raises(
        ValueError,
        match=r"device='cpu' puts the batches on cpu but a parameter of the net \(shape \(3, 4\)\) "
        r"is on meta; move the net there with net.to\('cpu'\)",
    ):
        d2l.evaluate_accuracy(net, loader, device="cpu")


def test_evaluate_accuracy_explains_pytorchs_device_error():
    class Net:  # a callable object: its parameters cannot be found before the call
        def __init__(self):
            self.linear = nn.Linear(4, 3).to("meta")

        def __call__(self, X):
            return self.linear(X)

    loader = ArrayLoader((torch.randn(6, 4), torch.zeros(6, dtype=torch.long)), 3)
    with pytest.raises(RuntimeError, match=r"parameters and the batch \(on cpu\) are on different"):
        d2l.evaluate_accuracy(Net(), loader)


@needs_cuda
def test_evaluate_accuracy_brings_cpu_batches_to_a_cuda_module():
    torch.manual_seed(0)
    net = nn.Linear(4, 3)
    X, y = torch.randn(30, 4), torch.randint(0, 3, (30,))
    expected = d2l.evaluate_accuracy(net, ArrayLoader((X, y), 8))
    net.to("cuda")
    assert d2l.evaluate_accuracy(net, ArrayLoader((X, y), 8)) == pytest.approx(expected)
    gpu_loader = ArrayLoader((X.cuda(), y.cuda()), 8)
    assert d2l.evaluate_accuracy(net, gpu_loader) == pytest.approx(expected)


def test_accuracy_rejects_labels_that_are_not_class_indices():
    y_hat = torch.tensor([[0.1, 0.9, 0.0], [0.8, 0.1, 0.1]])
    one_hot = torch.tensor([[0, 1, 0], [1, 0, 0]])
    with pytest.raises(ValueError, match=r"look one-hot encoded.*pass y.argmax\(dim=1\)"):
        d2l.accuracy(y_hat, one_hot)
    with pytest.raises(TypeError, match=r"labels are torch.float32 but must be class indices"):
        d2l.accuracy(y_hat, torch.tensor([1.0, 0.0]))
    with pytest.raises(ValueError, match=r"labels have shape \(2, 2\); accuracy needs one"):
        d2l.accuracy(y_hat, torch.tensor([[1, 0], [0, 1]]))
    assert d2l.accuracy(y_hat, torch.tensor([1, 0])) == 2.0
    # Predictions already made (one column) may meet float targets, as in regression.
    assert d2l.accuracy(torch.tensor([[1.0], [2.0]]), torch.tensor([[1.0], [3.0]])) == 1.0
