import pytest
import torch
import torch.nn.functional as F

import d2lite as d2l

TRUE_W = torch.tensor([2, -3.4])
TRUE_B = 4.2


def test_synthetic_data_shapes_and_noise():
    torch.manual_seed(0)
    X, y = d2l.synthetic_data(TRUE_W, TRUE_B, 1000)
    assert X.shape == (1000, 2) and y.shape == (1000, 1)
    assert X.dtype == y.dtype == torch.float32
    residual = y.reshape(-1) - (X @ TRUE_W + TRUE_B)
    assert 0.005 < residual.std().item() < 0.015  # the book's N(0, 0.01) noise
    assert abs(X.mean().item()) < 0.1 and abs(X.std().item() - 1) < 0.1


def test_synthetic_data_accepts_column_w_and_list():
    X, y = d2l.synthetic_data(torch.tensor([[2.0], [-3.4]]), 4.2, 5)
    assert X.shape == (5, 2) and y.shape == (5, 1)
    X, y = d2l.synthetic_data([1.0, 2.0, 3.0], 0.0, 4)
    assert X.shape == (4, 3)


@pytest.mark.parametrize(
    "w, b, n, exc, match",
    [
        (torch.ones(2, 3), 1.0, 10, ValueError, r"w must be a 1-D .* got shape \(2, 3\)"),
        (TRUE_W, torch.ones(2), 10, ValueError, r"b must be a scalar .* got shape \(2,\)"),
        (TRUE_W, 1.0, 0, ValueError, r"num_examples must be >= 1, got 0"),
        (TRUE_W, 1.0, 2.5, TypeError, r"num_examples must be an int, got 2.5"),
    ],
)
def test_synthetic_data_rejects_bad_input(w, b, n, exc, match):
    with pytest.raises(exc, match=match):
        d2l.synthetic_data(w, b, n)


def test_linreg_matches_matmul_and_checks_shapes():
    X, w, b = torch.randn(4, 2), torch.randn(2, 1), torch.randn(1)
    torch.testing.assert_close(d2l.linreg(X, w, b), X @ w + b)
    with pytest.raises(ValueError, match=r"X has 3 features .* w has 2 rows"):
        d2l.linreg(torch.randn(4, 3), w, b)


def test_squared_loss_matches_mse_loss():
    y_hat, y = torch.randn(8, 1), torch.randn(8)  # y flat, as the book passes it
    loss = d2l.squared_loss(y_hat, y)
    assert loss.shape == (8, 1)
    torch.testing.assert_close(loss.mean() * 2, F.mse_loss(y_hat, y.reshape(8, 1)))
    torch.testing.assert_close(loss, F.mse_loss(y_hat, y.reshape(8, 1), reduction="none") / 2)
    with pytest.raises(ValueError, match=r"y_hat has 8 values .* y has 7"):
        d2l.squared_loss(y_hat, torch.randn(7))


def test_sgd_matches_torch_optim_sgd():
    torch.manual_seed(0)
    X, y = torch.randn(10, 3), torch.randn(10, 1)
    w1 = torch.randn(3, 1, requires_grad=True)
    b1 = torch.zeros(1, requires_grad=True)
    w2 = w1.detach().clone().requires_grad_(True)
    b2 = b1.detach().clone().requires_grad_(True)
    opt = torch.optim.SGD([w2, b2], lr=0.03)
    for _ in range(3):
        d2l.squared_loss(d2l.linreg(X, w1, b1), y).sum().backward()
        d2l.sgd([w1, b1], lr=0.03, batch_size=10)
        # The book's sgd on a summed loss equals torch's SGD on the mean loss.
        opt.zero_grad()
        d2l.squared_loss(d2l.linreg(X, w2, b2), y).mean().backward()
        opt.step()
        torch.testing.assert_close(w1, w2)
        torch.testing.assert_close(b1, b2)
        assert torch.all(w1.grad == 0) and torch.all(b1.grad == 0)


def test_sgd_errors():
    w = torch.zeros(2, requires_grad=True)
    with pytest.raises(ValueError, match=r"parameter 0 \(shape \(2,\)\) has no gradient"):
        d2l.sgd([w], 0.1, 10)
    with pytest.raises(ValueError, match=r"batch_size must be >= 1, got 0"):
        d2l.sgd([w], 0.1, 0)


def test_linear_regression_from_scratch_recovers_parameters():
    torch.manual_seed(0)
    features, labels = d2l.synthetic_data(TRUE_W, TRUE_B, 1000)
    w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    lr, num_epochs, batch_size = 0.03, 3, 10
    for _ in range(num_epochs):
        for X, y in d2l.data_iter(batch_size, features, labels):
            d2l.squared_loss(d2l.linreg(X, w, b), y).sum().backward()
            d2l.sgd([w, b], lr, batch_size)
    with torch.no_grad():
        final_loss = d2l.squared_loss(d2l.linreg(features, w, b), labels).mean().item()
    assert final_loss < 1e-3
    assert (w.detach().reshape(-1) - TRUE_W).abs().max().item() < 1e-2
    assert abs(b.item() - TRUE_B) < 1e-2
