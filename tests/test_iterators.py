import pytest
import torch

import d2lite as d2l


def _data(n=25):
    return torch.arange(n * 2, dtype=torch.float32).reshape(n, 2), torch.arange(n)


def test_data_iter_covers_every_example_once_with_short_last_batch():
    X, y = _data(25)
    batches = list(d2l.data_iter(10, X, y))
    assert [len(b[1]) for b in batches] == [10, 10, 5]
    seen = torch.cat([b[1] for b in batches])
    assert sorted(seen.tolist()) == list(range(25))
    for Xb, yb in batches:  # rows stay paired with their labels
        torch.testing.assert_close(Xb, X[yb])


def test_data_iter_shuffles_repeatably_with_manual_seed():
    X, y = _data(100)
    torch.manual_seed(1)
    first = torch.cat([b for _, b in d2l.data_iter(7, X, y)])
    torch.manual_seed(1)
    again = torch.cat([b for _, b in d2l.data_iter(7, X, y)])
    assert torch.equal(first, again)
    assert not torch.equal(first, y)


@pytest.mark.parametrize(
    "bs, exc, match",
    [
        (0, ValueError, r"batch_size must be >= 1, got 0"),
        (-3, ValueError, r"batch_size must be >= 1, got -3"),
        (2.0, TypeError, r"batch_size must be an int, got 2.0 of type float"),
        ("10", TypeError, r"batch_size must be an int, got '10' of type str"),
    ],
)
def test_bad_batch_size(bs, exc, match):
    X, y = _data()
    with pytest.raises(exc, match=match):
        next(d2l.data_iter(bs, X, y))
    with pytest.raises(exc, match=match):
        d2l.load_array((X, y), bs)


def test_length_mismatch():
    X, y = _data(10)
    with pytest.raises(ValueError, match=r"features has 10, labels has 9"):
        next(d2l.data_iter(3, X, y[:9]))
    with pytest.raises(ValueError, match=r"data_arrays\[0\] has 10, data_arrays\[1\] has 9"):
        d2l.load_array((X, y[:9]), 3)


def test_load_array_rejects_a_bare_tensor():
    X, _ = _data()
    with pytest.raises(TypeError, match=r"data_arrays must be a tuple or list .* got Tensor"):
        d2l.load_array(X, 3)


def test_load_array_behaves_like_dataloader():
    X, y = _data(25)
    loader = d2l.load_array((X, y), 10, is_train=False)
    reference = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), 10)
    assert len(loader) == len(reference) == 3
    assert len(loader.dataset) == 25
    for (a, b), (c, d) in zip(loader, reference, strict=True):
        assert torch.equal(a, c) and torch.equal(b, d)


def test_load_array_reshuffles_every_epoch_and_repeats_with_seed():
    X, y = _data(50)
    loader = d2l.load_array((X, y), 8)
    torch.manual_seed(0)
    epoch1 = torch.cat([b for _, b in loader])
    epoch2 = torch.cat([b for _, b in loader])
    torch.manual_seed(0)
    again = torch.cat([b for _, b in loader])
    assert sorted(epoch1.tolist()) == list(range(50))
    assert not torch.equal(epoch1, epoch2)
    assert torch.equal(epoch1, again)


def test_array_loader_transform_runs_per_batch():
    images = torch.randint(0, 256, (9, 4, 4), dtype=torch.uint8)
    labels = torch.arange(9)
    loader = d2l.ArrayLoader(
        (images, labels), 4, transform=lambda x, y: (x.unsqueeze(1).float() / 255, y)
    )
    X, y = next(iter(loader))
    assert X.shape == (4, 1, 4, 4) and X.dtype == torch.float32
    torch.testing.assert_close(X[:, 0], images[:4].float() / 255)
    assert "batch_size=4" in repr(loader)
