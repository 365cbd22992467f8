"""Fashion-MNIST: reading and checking IDX files, the data root, downloads, and the loaders.

Most tests write small IDX files in tmp_path. Tests marked by the `real_root`
fixture read the real dataset from the data root ($D2LITE_DATA) and compare
with torchvision's own pipeline.
"""

from __future__ import annotations

import math
import os
import shutil
import stat
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision.datasets.utils as tv_utils
from idx_files import (
    FILE_NAMES,
    gzip_files,
    idx_bytes,
    md5_of,
    refused_url,
    serve_directory,
    snapshot,
    write_fashion_mnist,
    write_idx,
)
from torchvision import datasets, transforms

import d2lite as d2l
from d2lite.data import checksums, idx
from d2lite.data import fashion_mnist as fm
from d2lite.data import root as roots

RAW = Path("FashionMNIST") / "raw"


@pytest.fixture
def small(tmp_path, monkeypatch):
    """A data root with four small, valid raw files counted as the published ones.

    Returns (root, arrays by file name). Loading checks each file's md5, so the
    small files' md5s stand in for the published ones during the test.
    """
    root = tmp_path / "data"
    arrays = write_fashion_mnist(root / RAW, n_train=30, n_test=12)
    _patch_md5(monkeypatch, root / RAW)
    return root, arrays


def _load(root, batch_size=8, **kwargs):
    return d2l.load_data_fashion_mnist(batch_size, root=root, download=False, **kwargs)


def _patch_md5(monkeypatch, raw_dir):
    """Make the small files in raw_dir count as the published ones."""
    monkeypatch.setattr(idx, "RAW_MD5", {name: md5_of(raw_dir / name) for name in FILE_NAMES})


# --------------------------------------------------------------------------- loading


def test_batches_have_the_book_shapes_dtypes_and_lengths(small):
    root, _ = small
    train_iter, test_iter = _load(root)
    assert len(train_iter) == math.ceil(30 / 8) == 4 and len(test_iter) == 2
    assert len(train_iter.dataset) == 30 and len(test_iter.dataset) == 12
    X, y = next(iter(train_iter))
    assert X.shape == (8, 1, 28, 28) and X.dtype == torch.float32
    assert y.shape == (8,) and y.dtype == torch.int64
    assert X.device == y.device == torch.device("cpu")
    assert [len(y) for _, y in test_iter] == [8, 4]


def test_data_is_stored_once_as_uint8(small):
    root, _ = small
    train_iter, _ = _load(root)
    images, labels = train_iter.tensors
    assert images.dtype == torch.uint8 and images.shape == (30, 28, 28)
    assert labels.dtype == torch.int64


def test_test_set_is_in_file_order_with_exact_values(small):
    root, arrays = small
    _, test_iter = _load(root)
    X = torch.cat([X for X, _ in test_iter])
    y = torch.cat([y for _, y in test_iter])
    expected = torch.from_numpy(arrays["t10k-images-idx3-ubyte"]).float() / 255
    assert torch.equal(X[:, 0], expected)
    assert torch.equal(y, torch.from_numpy(arrays["t10k-labels-idx1-ubyte"]).long())
    assert float(X.min()) >= 0 and float(X.max()) <= 1


def test_train_set_reshuffles_every_epoch_and_repeats_with_seed(tmp_path, monkeypatch):
    root = tmp_path / "data"
    n = 200
    arrays = write_fashion_mnist(root / RAW, n_train=n, n_test=10)
    images = arrays["train-images-idx3-ubyte"]
    images[:, 0, 0] = np.arange(n)  # pixel (0, 0) tells which example a row is
    write_idx(root / RAW / "train-images-idx3-ubyte", images)
    _patch_md5(monkeypatch, root / RAW)
    labels = torch.from_numpy(arrays["train-labels-idx1-ubyte"]).long()
    train_iter, _ = _load(root, batch_size=32)

    def epoch():
        batches = list(train_iter)
        for X, y in batches:  # every image stays with its own label
            rows = (X[:, 0, 0, 0] * 255).round().long()
            assert torch.equal(y, labels[rows])
        return torch.cat([(X[:, 0, 0, 0] * 255).round().long() for X, _ in batches])

    torch.manual_seed(0)
    first, second = epoch(), epoch()
    torch.manual_seed(0)
    again = epoch()
    assert sorted(first.tolist()) == list(range(n))
    assert not torch.equal(first, torch.arange(n))
    assert not torch.equal(first, second)
    assert torch.equal(first, again)


def test_device_path_gives_the_same_batches_as_the_cpu_path(small):
    # On a GPU the loader batches with torch (ArrayLoader's iteration); on the CPU with NumPy.
    root, _ = small
    for loader in _load(root, batch_size=7):
        torch.manual_seed(5)
        cpu_path = list(loader)
        torch.manual_seed(5)
        torch_path = list(d2l.ArrayLoader.__iter__(loader))
        assert len(cpu_path) == len(torch_path) == len(loader)
        for (X, y), (X_t, y_t) in zip(cpu_path, torch_path, strict=True):
            assert X.dtype == X_t.dtype == torch.float32 and X.shape == X_t.shape
            assert torch.equal(X, X_t) and torch.equal(y, y_t)


@pytest.mark.parametrize("resize, shape", [(14, (14, 14)), ((20, 12), (20, 12)), (28, (28, 28))])
def test_resize_gives_the_asked_shape(small, resize, shape):
    root, _ = small
    train_iter, test_iter = _load(root, resize=resize)
    for loader in (train_iter, test_iter):
        X, _ = next(iter(loader))
        assert X.shape == (8, 1, *shape) and X.dtype == torch.float32
        assert loader.tensors[0].dtype == torch.uint8


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        ({"batch_size": 0}, ValueError, r"batch_size must be >= 1, got 0"),
        ({"batch_size": "8"}, TypeError, r"batch_size must be an int, got '8' of type str"),
        ({"resize": 0}, ValueError, r"resize must be >= 1, got 0"),
        ({"resize": 2.5}, TypeError, r"resize must be None, an int or a \(height, width\) pair"),
        ({"resize": "64"}, TypeError, r"got '64' of type str; pass for example 64 or \(32, 48\)"),
        ({"resize": (1, 2, 3)}, TypeError, r"resize must be None, an int or a \(height, width\)"),
        ({"resize": (0, 5)}, ValueError, r"resize\[0\] \(height\) must be >= 1, got 0"),
        ({"resize": (5, 1.5)}, TypeError, r"resize\[1\] \(width\) must be an int, got 1.5"),
        ({"download": "yes"}, TypeError, r"download must be True or False, got 'yes'"),
        ({"root": 123}, TypeError, r"root must be a path \(str or pathlib.Path\) or None, got 123"),
        ({"root": ""}, ValueError, r"root must not be empty"),
        ({"device": "tpu"}, ValueError, r"device 'tpu' is not a device name"),
    ],
)
def test_bad_arguments(small, kwargs, exc, match):
    root, _ = small
    args = {"batch_size": 8, "root": root, "download": False, **kwargs}
    with pytest.raises(exc, match=match):
        d2l.load_data_fashion_mnist(**args)


def test_missing_files_without_download_say_what_to_do(tmp_path, monkeypatch):
    monkeypatch.delenv("D2LITE_DATA", raising=False)
    root = tmp_path / "empty"
    folder = root / RAW
    with pytest.raises(FileNotFoundError) as info:
        d2l.load_data_fashion_mnist(256, root=root, download=False)
    message = str(info.value)
    assert f"Fashion-MNIST is not in {folder}" in message
    for name in FILE_NAMES:
        assert name in message
    assert "D2LITE_DATA (now unset)" in message
    assert "`d2lite data download`" in message and "copy the four files" in message
    assert "from the root argument" in message
    assert not root.exists()  # download=False writes nothing
    with pytest.raises(FileNotFoundError, match=r"missing t10k-labels-idx1-ubyte \(download=Fal"):
        write_fashion_mnist(folder)
        (folder / "t10k-labels-idx1-ubyte").unlink()
        d2l.load_data_fashion_mnist(256, root=root, download=False)


def test_missing_files_message_names_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("D2LITE_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=r"from the environment variable D2LITE_DATA\)"):
        d2l.load_data_fashion_mnist(256, download=False)
    with pytest.raises(FileNotFoundError, match=rf"D2LITE_DATA \(now {tmp_path}\)"):
        d2l.load_data_fashion_mnist(256, download=False)


# --------------------------------------------------------------------------- bad IDX files


def _corrupt(root, name, data):
    (root / RAW / name).write_bytes(data)


def test_truncated_images_file(small):
    root, arrays = small
    _corrupt(root, "train-images-idx3-ubyte", idx_bytes(arrays["train-images-idx3-ubyte"])[:1000])
    path = root / RAW / "train-images-idx3-ubyte"
    with pytest.raises(
        ValueError,
        match=rf"{path} is truncated: header says 30 images of 28x28 \(23536 bytes\) but the "
        rf"file has 1000 bytes; repair it with `d2lite data download`",
    ):
        _load(root)


def test_truncated_labels_file(small):
    root, arrays = small
    _corrupt(root, "t10k-labels-idx1-ubyte", idx_bytes(arrays["t10k-labels-idx1-ubyte"])[:15])
    with pytest.raises(
        ValueError,
        match=r"t10k-labels-idx1-ubyte is truncated: header says 12 labels \(20 bytes\) but "
        r"the file has 15 bytes",
    ):
        _load(root)


@pytest.mark.parametrize("size", [0, 2, 10])
def test_file_too_short_for_its_header(small, size):
    root, arrays = small
    data = idx_bytes(arrays["train-images-idx3-ubyte"])[:size]
    _corrupt(root, "train-images-idx3-ubyte", data)
    with pytest.raises(ValueError, match=rf"idx3-ubyte is truncated: it has {size} bytes"):
        _load(root)


def test_file_longer_than_its_header_says(small):
    root, arrays = small
    _corrupt(root, "train-labels-idx1-ubyte", idx_bytes(arrays["train-labels-idx1-ubyte"]) + b"x")
    with pytest.raises(
        ValueError, match=r"too long: header says 30 labels \(38 bytes\) but the file has 39"
    ):
        _load(root)


def test_bad_magic_number(small):
    root, arrays = small
    images = arrays["train-images-idx3-ubyte"]
    _corrupt(root, "train-images-idx3-ubyte", idx_bytes(images, magic=0x0801))
    with pytest.raises(
        ValueError,
        match=r"train-images-idx3-ubyte has a bad magic number 0x00000801, expected "
        r"0x00000803 for an IDX file of images",
    ):
        _load(root)


def test_gzip_file_in_place_of_the_raw_file(small):
    root, _ = small
    gzip_files(root / RAW, root / "gz")
    shutil.copy(root / "gz" / "t10k-images-idx3-ubyte.gz", root / RAW / "t10k-images-idx3-ubyte")
    with pytest.raises(ValueError, match=r"bad magic number 0x1f8b.*still gzip-compressed"):
        _load(root)


def test_wrong_image_dimensions(small):
    root, _ = small
    write_idx(root / RAW / "train-images-idx3-ubyte", np.zeros((30, 32, 32), np.uint8))
    with pytest.raises(
        ValueError,
        match=r"has the wrong dimensions: header says 30 images of 32x32, but Fashion-MNIST "
        r"images are 28x28",
    ):
        _load(root)


def test_labels_outside_0_to_9(small, monkeypatch):
    root, arrays = small
    labels = arrays["t10k-labels-idx1-ubyte"].copy()
    labels[[3, 7]] = [12, 255]
    write_idx(root / RAW / "t10k-labels-idx1-ubyte", labels)
    _patch_md5(monkeypatch, root / RAW)  # valid files: the content check must find it
    with pytest.raises(
        ValueError,
        match=r"t10k-labels-idx1-ubyte has labels outside 0..9: 2 of them, the first 12 at "
        r"index 3",
    ):
        _load(root)


def test_label_and_image_counts_disagree(small, monkeypatch):
    root, arrays = small
    write_idx(root / RAW / "train-labels-idx1-ubyte", arrays["train-labels-idx1-ubyte"][:29])
    _patch_md5(monkeypatch, root / RAW)  # valid files: the content check must find it
    with pytest.raises(ValueError, match=r"has 29 labels but .*train-images-idx3-ubyte has 30"):
        _load(root)


def test_empty_set(small, monkeypatch):
    root, _ = small
    write_idx(root / RAW / "t10k-labels-idx1-ubyte", np.zeros((0,), np.uint8))
    _patch_md5(monkeypatch, root / RAW)  # valid files: the content check must find it
    with pytest.raises(ValueError, match=r"holds no labels: its header says 0"):
        _load(root)


def test_read_idx_returns_the_stored_array(tmp_path):
    images = np.random.default_rng(1).integers(0, 256, (5, 28, 28), dtype=np.uint8)
    path = write_idx(tmp_path / "x-images-idx3-ubyte", images)
    out = idx.read_idx(path)
    assert out.dtype == torch.uint8 and torch.equal(out, torch.from_numpy(images))


# --------------------------------------------------------------------------- read-only folder


def test_read_only_folder_works_and_nothing_is_written(small, monkeypatch):
    root, _ = small
    _patch_md5(monkeypatch, root / RAW)
    paths = [root, root / "FashionMNIST", root / RAW]
    for name in FILE_NAMES:
        (root / RAW / name).chmod(0o444)
    for folder in paths:
        folder.chmod(0o555)
    try:
        before = snapshot(root)
        train_iter, test_iter = d2l.load_data_fashion_mnist(8, root=root)  # download=True
        assert len(list(train_iter)) == 4 and len(list(test_iter)) == 2
        assert d2l.verify_fashion_mnist(root) == {}
        assert d2l.download_fashion_mnist(root, progress=False) == root / RAW
        # As root, chmod is not enforced; the snapshot (which sees even a temporary file come
        # and go, through the folders' mtimes) is what shows that nothing was written.
        assert snapshot(root) == before
    finally:
        for folder in paths:
            folder.chmod(stat.S_IRWXU)


# --------------------------------------------------------------------------- data root


def test_data_root_from_argument_and_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("D2LITE_DATA", "from-env")
    assert d2l.data_root("somewhere") == tmp_path / "somewhere"  # the argument wins
    assert d2l.data_root(tmp_path / "abs") == tmp_path / "abs"
    assert d2l.data_root() == tmp_path / "from-env"  # relative: from the current directory
    monkeypatch.setenv("D2LITE_DATA", "~/x")
    assert d2l.data_root() == Path.home() / "x"


def test_default_root_in_a_checkout_is_shared_with_the_notebooks(monkeypatch):
    monkeypatch.delenv("D2LITE_DATA", raising=False)
    package = Path(roots.__file__).resolve().parent.parent  # src/d2lite
    checkout = package.parent.parent
    if not (package.parent.name == "src" and (checkout / "pyproject.toml").is_file()):
        pytest.skip("d2lite is installed, not imported from a source checkout")
    assert d2l.data_root() == checkout / "data"
    # The notebooks run in notebooks/ and the book's code there uses root="../data".
    monkeypatch.chdir(checkout / "notebooks")
    assert d2l.data_root("../data") == d2l.data_root()
    monkeypatch.setenv("D2LITE_DATA", "  ")  # blank counts as unset
    assert d2l.data_root() == checkout / "data"


def test_default_root_outside_a_checkout_is_per_user(tmp_path, monkeypatch):
    monkeypatch.delenv("D2LITE_DATA", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    site = tmp_path / "site-packages" / "d2lite" / "data" / "root.py"
    monkeypatch.setattr(roots, "__file__", str(site))
    assert d2l.data_root() == tmp_path / "home" / ".d2lite" / "data"


def test_layout_matches_torchvision():
    dataset = datasets.FashionMNIST.__new__(datasets.FashionMNIST)
    dataset.root = "R"
    assert Path(dataset.raw_folder) == Path("R") / idx.RAW_SUBDIR
    names = [archive.removesuffix(".gz") for archive, _ in datasets.FashionMNIST.resources]
    assert tuple(names) == idx.FILE_NAMES == FILE_NAMES


# --------------------------------------------------------------------------- file helpers


def test_fashion_mnist_files_lists_paths_and_sizes(small):
    root, _ = small
    (root / RAW / "t10k-labels-idx1-ubyte").unlink()
    files = d2l.fashion_mnist_files(root)
    assert [f.name for f in files] == list(FILE_NAMES)
    assert [f.path for f in files] == [root / RAW / name for name in FILE_NAMES]
    assert [f.exists for f in files] == [True, True, True, False]
    assert [f.size for f in files] == [16 + 30 * 784, 8 + 30, 16 + 12 * 784, None]


def test_verify_reports_missing_truncated_and_wrong_files(small, monkeypatch):
    root, arrays = small
    _patch_md5(monkeypatch, root / RAW)
    assert d2l.verify_fashion_mnist(root) == {}
    (root / RAW / "t10k-labels-idx1-ubyte").unlink()
    _corrupt(root, "train-images-idx3-ubyte", idx_bytes(arrays["train-images-idx3-ubyte"])[:100])
    flipped = arrays["t10k-images-idx3-ubyte"].copy()
    flipped[0, 0, 0] ^= 1
    write_idx(root / RAW / "t10k-images-idx3-ubyte", flipped)
    problems = d2l.verify_fashion_mnist(root)
    assert sorted(problems) == sorted(
        ["t10k-labels-idx1-ubyte", "train-images-idx3-ubyte", "t10k-images-idx3-ubyte"]
    )
    assert problems["t10k-labels-idx1-ubyte"].startswith("missing:")
    assert "is truncated: header says 30 images" in problems["train-images-idx3-ubyte"]
    expected = idx.RAW_MD5["t10k-images-idx3-ubyte"]
    assert (
        f"md5 {md5_of(root / RAW / 't10k-images-idx3-ubyte')}, expected {expected}"
        in (problems["t10k-images-idx3-ubyte"])
    )


# --------------------------------------------------------------------------- downloads


@pytest.fixture
def mirror(tmp_path, monkeypatch):
    """Serve gzip'd small raw files on 127.0.0.1 as torchvision's only FashionMNIST mirror.

    Yields (server, arrays by file name); torchvision's `resources` holds their md5s.
    """
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    arrays = write_fashion_mnist(tmp_path / "source", n_train=40, n_test=16, seed=3)
    _patch_md5(monkeypatch, tmp_path / "source")  # the served files count as the published ones
    resources = gzip_files(tmp_path / "source", tmp_path / "served")
    with serve_directory(tmp_path / "served") as server:
        monkeypatch.setattr(datasets.FashionMNIST, "mirrors", [server.url])
        monkeypatch.setattr(datasets.FashionMNIST, "resources", resources)
        yield server, arrays


def _files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_download_fetches_checks_and_places_the_four_files(mirror, tmp_path):
    _, arrays = mirror
    root = tmp_path / "fresh"
    assert d2l.download_fashion_mnist(root, progress=False) == root / RAW
    # Only the four raw files remain: no archives, no staging folder.
    assert _files_under(root) == sorted(
        ["FashionMNIST", str(RAW), *(str(RAW / name) for name in FILE_NAMES)]
    )
    for name, array in arrays.items():
        assert (root / RAW / name).read_bytes() == idx_bytes(array)
    train_iter, test_iter = d2l.load_data_fashion_mnist(16, root=root, download=False)
    assert len(train_iter) == 3 and len(test_iter) == 1


def test_load_downloads_missing_files_by_default(mirror, tmp_path, capsys):
    _, arrays = mirror
    root = tmp_path / "fresh"
    _, test_iter = d2l.load_data_fashion_mnist(16, root=root)
    X, y = next(iter(test_iter))
    assert torch.equal(X[:, 0], torch.from_numpy(arrays["t10k-images-idx3-ubyte"]).float() / 255)
    assert "t10k-labels-idx1-ubyte.gz" in capsys.readouterr().err  # the progress bar


def test_download_progress_can_be_switched_off(mirror, tmp_path, capsys):
    original = tv_utils.tqdm
    d2l.download_fashion_mnist(tmp_path / "quiet", progress=False)
    assert capsys.readouterr().err == ""
    d2l.download_fashion_mnist(tmp_path / "loud")
    err = capsys.readouterr().err
    assert "train-images-idx3-ubyte.gz" in err and "t10k-labels-idx1-ubyte.gz" in err
    assert tv_utils.tqdm is original  # torchvision's progress bar is put back


def test_download_fetches_only_what_is_missing_or_wrong(mirror, tmp_path, monkeypatch):
    server, arrays = mirror
    root = tmp_path / "partial"
    for name, array in arrays.items():
        write_idx(root / RAW / name, array)
    _patch_md5(monkeypatch, root / RAW)
    (root / RAW / "train-labels-idx1-ubyte").unlink()
    _corrupt(root, "t10k-images-idx3-ubyte", b"junk")
    server.fail.update({"train-images-idx3-ubyte.gz": 500, "t10k-labels-idx1-ubyte.gz": 500})
    d2l.download_fashion_mnist(root, progress=False)  # would fail if it asked for those two
    assert d2l.verify_fashion_mnist(root) == {}


def test_download_tries_the_next_mirror(mirror, tmp_path, monkeypatch):
    server, _ = mirror
    monkeypatch.setattr(datasets.FashionMNIST, "mirrors", [refused_url(), server.url])
    d2l.download_fashion_mnist(tmp_path / "r", progress=False)
    assert all(f.exists for f in d2l.fashion_mnist_files(tmp_path / "r"))


def _assert_download_fails(root, match):
    with pytest.raises(RuntimeError, match=match) as info:
        d2l.download_fashion_mnist(root, progress=False)
    message = str(info.value)
    assert f"could not download Fashion-MNIST into {root / RAW}" in message
    assert "Nothing was written there" in message
    for name in FILE_NAMES:
        assert name in message
    assert "D2LITE_DATA" in message and "copy the four files" in message
    assert root.exists() and _files_under(root) == []  # not even the folders it made


def test_download_checksum_mismatch_leaves_nothing(mirror, tmp_path, monkeypatch):
    monkeypatch.setitem(idx.RAW_MD5, "t10k-images-idx3-ubyte", "0" * 32)
    root = tmp_path / "root"
    root.mkdir()
    _assert_download_fails(
        root,
        r"t10k-images-idx3-ubyte.gz failed from every mirror \(http://127.0.0.1:\d+/"
        r"t10k-images-idx3-ubyte.gz: checksum mismatch: the file has md5 [0-9a-f]{32}, "
        r"expected 0{32}",
    )


@pytest.mark.parametrize("code, reason", [(500, "Internal Server Error"), (404, "Not Found")])
def test_download_server_error_leaves_nothing(mirror, tmp_path, code, reason):
    server, _ = mirror
    server.fail["t10k-labels-idx1-ubyte.gz"] = code  # the last file: three are already in
    root = tmp_path / "root"
    root.mkdir()
    _assert_download_fails(
        root, rf"t10k-labels-idx1-ubyte.gz failed .*: the server answered HTTP {code} {reason}\)"
    )


def test_download_connection_refused_leaves_nothing(mirror, tmp_path, monkeypatch):
    monkeypatch.setattr(datasets.FashionMNIST, "mirrors", [refused_url()])
    root = tmp_path / "root"
    root.mkdir()
    _assert_download_fails(root, r"could not connect \(.*Connection refused\)")


def test_load_with_download_failing_raises_a_clear_error(mirror, tmp_path, monkeypatch):
    monkeypatch.setattr(datasets.FashionMNIST, "mirrors", [refused_url()])
    root = tmp_path / "root"
    with pytest.raises(RuntimeError, match=r"could not download Fashion-MNIST into .*refused"):
        d2l.load_data_fashion_mnist(256, root=root)
    assert not root.exists()


def test_download_into_an_unwritable_place(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    root = blocker / "data"
    with pytest.raises(RuntimeError, match=rf"cannot write into {root / RAW} \(.*\)\. The folder"):
        d2l.download_fashion_mnist(root, progress=False)
    assert _files_under(tmp_path) == ["a-file"]


def test_download_rejects_a_bad_progress_argument(tmp_path):
    with pytest.raises(TypeError, match=r"progress must be True or False, got 'no'"):
        d2l.download_fashion_mnist(tmp_path, progress="no")


# --------------------------------------------------------------------------- book helpers


def test_text_labels():
    names = ["t-shirt", "trouser", "pullover", "dress", "coat"]
    names += ["sandal", "shirt", "sneaker", "bag", "ankle boot"]
    assert d2l.get_fashion_mnist_labels(torch.arange(10)) == names
    assert d2l.get_fashion_mnist_labels([9, 0]) == ["ankle boot", "t-shirt"]
    assert d2l.get_fashion_mnist_labels(np.array([2], dtype=np.uint8)) == ["pullover"]
    assert d2l.get_fashion_mnist_labels([torch.tensor(3)]) == ["dress"]
    assert d2l.get_fashion_mnist_labels(torch.tensor(8)) == ["bag"]


@pytest.mark.parametrize(
    "labels, exc, match",
    [
        (torch.tensor([0.0, 1.0]), TypeError, r"integer class indices, got a torch.float32 tensor"),
        ([1, 2.0], TypeError, r"got 2.0 of type float at position 1"),
        ([1, True], TypeError, r"got True of type bool at position 1"),
        (torch.tensor([3, 10]), ValueError, r"class indices 0..9, got 10 at position 1"),
        ([-1], ValueError, r"class indices 0..9, got -1 at position 0"),
    ],
)
def test_text_labels_reject_bad_input(labels, exc, match):
    with pytest.raises(exc, match=match):
        d2l.get_fashion_mnist_labels(labels)


def test_dataloader_workers_suit_the_platform(monkeypatch):
    workers = d2l.get_dataloader_workers()
    assert isinstance(workers, int) and 0 <= workers <= 4
    if sys.platform == "linux":
        monkeypatch.setattr(fm.multiprocessing, "get_start_method", lambda allow_none: "fork")
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
        assert d2l.get_dataloader_workers() == 4
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
        assert d2l.get_dataloader_workers() == 1
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
        assert d2l.get_dataloader_workers() == 0
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
        monkeypatch.setattr(fm.multiprocessing, "get_start_method", lambda allow_none: "spawn")
        assert d2l.get_dataloader_workers() == 0
    monkeypatch.setattr(sys, "platform", "win32")
    assert d2l.get_dataloader_workers() == 0


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def real_root():
    root = d2l.data_root()
    if not all(f.exists for f in d2l.fashion_mnist_files(root)):
        pytest.skip(
            f"the real Fashion-MNIST is not in {root / RAW}; set D2LITE_DATA to a folder "
            f"holding FashionMNIST/raw/ to run this test"
        )
    return root


def test_real_files_match_the_published_checksums(real_root):
    assert d2l.verify_fashion_mnist(real_root) == {}


def test_real_batches_equal_torchvision_to_tensor_bit_for_bit(real_root):
    before = snapshot(real_root / RAW)
    train_iter, test_iter = d2l.load_data_fashion_mnist(256, root=real_root, download=False)
    reference = datasets.FashionMNIST(real_root, train=False, transform=transforms.ToTensor())
    ref_loader = torch.utils.data.DataLoader(reference, batch_size=256)
    for k, ((X, y), (X_ref, y_ref)) in enumerate(zip(test_iter, ref_loader, strict=False)):
        assert X.dtype == X_ref.dtype == torch.float32 and y.dtype == y_ref.dtype == torch.int64
        assert torch.equal(X, X_ref) and torch.equal(y, y_ref)
        if k == 3:
            break
    assert torch.equal(test_iter.tensors[0], reference.data)
    assert torch.equal(test_iter.tensors[1], reference.targets)
    assert len(train_iter) == 235 and len(test_iter) == 40
    assert len(train_iter.dataset) == 60000 and len(test_iter.dataset) == 10000
    assert snapshot(real_root / RAW) == before


def test_real_training_epochs_cover_the_set_and_reshuffle(real_root):
    train_iter, _ = d2l.load_data_fashion_mnist(256, root=real_root, download=False)
    stored = train_iter.tensors[1]

    def epoch():
        ys, total, shapes = [], 0.0, set()
        for X, y in train_iter:
            ys.append(y)
            total += float(X.sum(dtype=torch.float64))
            shapes.add(tuple(X.shape))
        assert shapes == {(256, 1, 28, 28), (60000 - 234 * 256, 1, 28, 28)}
        return torch.cat(ys), total

    torch.manual_seed(1)
    (y1, s1), (y2, _) = epoch(), epoch()
    torch.manual_seed(1)
    y3, _ = epoch()
    assert torch.equal(torch.bincount(y1), torch.bincount(stored))
    assert s1 == pytest.approx(float(train_iter.tensors[0].double().sum()) / 255, rel=1e-6)
    assert not torch.equal(y1, stored) and not torch.equal(y1, y2)
    assert torch.equal(y1, y3)


@pytest.mark.parametrize("resize", [64, 14, 20, (32, 48)])
def test_real_resize_matches_pil_resize(real_root, resize):
    reference = datasets.FashionMNIST(
        real_root,
        train=False,
        transform=transforms.Compose([transforms.Resize(resize), transforms.ToTensor()]),
    )
    expected = torch.stack([reference[i][0] for i in range(300)])  # (300, 1, h, w)
    ours = fm.resize_images(reference.data[:300], fm._check_resize(resize)).unsqueeze(1) / 255
    assert ours.shape == expected.shape
    assert float((ours - expected).abs().mean()) <= 1 / 255


def test_real_load_with_resize_matches_the_book_pipeline(real_root):
    _, test_iter = d2l.load_data_fashion_mnist(64, resize=64, root=real_root, download=False)
    reference = datasets.FashionMNIST(
        real_root,
        train=False,
        transform=transforms.Compose([transforms.Resize(64), transforms.ToTensor()]),
    )
    X, y = next(iter(test_iter))
    expected = torch.stack([reference[i][0] for i in range(64)])
    assert X.shape == (64, 1, 64, 64) and X.dtype == torch.float32
    assert float((X - expected).abs().mean()) <= 1 / 255
    assert torch.equal(y, reference.targets[:64])


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_real_data_on_the_gpu(real_root):
    train_iter, test_iter = d2l.load_data_fashion_mnist(256, root=real_root, device="cuda")
    _, cpu_test = d2l.load_data_fashion_mnist(256, root=real_root, download=False)
    assert train_iter.tensors[0].is_cuda and train_iter.tensors[0].dtype == torch.uint8
    X, y = next(iter(train_iter))
    assert X.is_cuda and y.is_cuda and X.shape == (256, 1, 28, 28)
    for (X, y), (X_cpu, y_cpu) in zip(test_iter, cpu_test, strict=True):
        assert torch.equal(X.cpu(), X_cpu) and torch.equal(y.cpu(), y_cpu)


# --------------------------------------------------------------------------- data that is wrong


def _flip_one_pixel(path):
    data = bytearray(path.read_bytes())
    data[16 + 5] ^= 0x40  # a pixel of the first image; the size stays the same
    path.write_bytes(bytes(data))


def test_flipped_pixel_bytes_are_an_error_naming_the_file(small):
    root, _ = small
    _flip_one_pixel(root / RAW / "train-images-idx3-ubyte")
    with pytest.raises(
        ValueError,
        match=r"train-images-idx3-ubyte is not the published Fashion-MNIST file: its md5 is "
        r"[0-9a-f]{32}, expected [0-9a-f]{32} .*`d2lite data download`.*`d2lite data import",
    ):
        _load(root)


def test_permuted_labels_are_an_error(small):
    root, arrays = small
    labels = arrays["train-labels-idx1-ubyte"][::-1].copy()  # the same labels, another order
    write_idx(root / RAW / "train-labels-idx1-ubyte", labels)
    with pytest.raises(ValueError, match=r"train-labels-idx1-ubyte is not the published"):
        _load(root)


def test_test_files_copied_over_the_training_files_are_an_error(small):
    root, _ = small
    for kind in ("images-idx3", "labels-idx1"):
        (root / RAW / f"train-{kind}-ubyte").write_bytes(
            (root / RAW / f"t10k-{kind}-ubyte").read_bytes()
        )
    with pytest.raises(
        ValueError,
        match=r"train-images-idx3-ubyte is not the published .*test "
        r"set copied over the training set",
    ):
        _load(root)


def test_an_unchanged_file_is_hashed_once_per_process(small, monkeypatch):
    root, _ = small
    _load(root)
    calls = []
    real_md5 = checksums.hashlib.md5

    def counting(*args, **kwargs):
        calls.append(1)
        return real_md5(*args, **kwargs)

    monkeypatch.setattr(checksums.hashlib, "md5", counting)
    _load(root)
    assert calls == []  # already verified, unchanged
    _flip_one_pixel(root / RAW / "t10k-images-idx3-ubyte")
    with pytest.raises(ValueError, match="t10k-images-idx3-ubyte is not the published"):
        _load(root)
    assert calls  # a changed file is hashed again


def test_large_resize_happens_per_batch_with_the_same_values(small, monkeypatch):
    root, _ = small
    up_front_train, up_front_test = _load(root, batch_size=8, resize=(40, 36))
    monkeypatch.setattr(fm, "RESIZE_MEMORY_BUDGET", 1000)  # these images no longer fit
    train_iter, test_iter = _load(root, batch_size=8, resize=(40, 36))
    assert train_iter.resize == (40, 36) and tuple(train_iter.tensors[0].shape[1:]) == (28, 28)
    for ours, expected in zip(test_iter, up_front_test, strict=True):
        assert torch.equal(ours[0], expected[0]) and torch.equal(ours[1], expected[1])
    torch.manual_seed(1)
    X, _ = next(iter(train_iter))
    torch.manual_seed(1)
    X_expected, _ = next(iter(up_front_train))
    assert X.shape == (8, 1, 40, 36) and torch.equal(X, X_expected)
    image, label = test_iter.dataset[3]
    assert torch.equal(image, up_front_test.dataset[3][0]) and image.shape == (1, 40, 36)


def test_batches_are_copies_that_can_be_edited(small):
    root, arrays = small
    _, test_iter = _load(root, batch_size=4)
    X, y = next(iter(test_iter))
    y += 1
    X -= 1
    X2, y2 = next(iter(test_iter))
    assert torch.equal(y2, torch.from_numpy(arrays["t10k-labels-idx1-ubyte"][:4]).long())
    assert float(X2.min()) >= 0
    features, labels = torch.arange(6.0).reshape(3, 2), torch.arange(3.0)
    for is_train in (False, True):
        for Xb, yb in d2l.load_array((features, labels), 2, is_train=is_train):
            Xb -= 100  # the book's DataLoader yields copies: the stored data must not change
            yb *= 0
    assert torch.equal(features, torch.arange(6.0).reshape(3, 2))
    assert torch.equal(labels, torch.arange(3.0))


def test_a_relative_data_root_is_resolved_once_per_process(tmp_path, monkeypatch):
    from d2lite.data import root as roots

    monkeypatch.setattr(roots, "_resolved_env", {})
    first, second = tmp_path / "shell", tmp_path / "notebooks"
    first.mkdir()
    second.mkdir()
    monkeypatch.chdir(first)
    monkeypatch.setenv("D2LITE_DATA", "data")
    assert d2l.data_root() == first / "data"
    monkeypatch.chdir(second)  # e.g. a notebook kernel's own directory
    assert d2l.data_root() == first / "data"
    assert os.environ["D2LITE_DATA"] == str(first / "data")  # child processes inherit it


def test_verify_hashes_an_unchanged_right_file_once_per_process(small, monkeypatch):
    root, _ = small
    assert d2l.verify_fashion_mnist(root) == {}
    calls = []
    real_md5 = checksums.hashlib.md5

    def counting(*args, **kwargs):
        calls.append(1)
        return real_md5(*args, **kwargs)

    monkeypatch.setattr(checksums.hashlib, "md5", counting)
    assert d2l.verify_fashion_mnist(root) == {} and calls == []
    _flip_one_pixel(root / RAW / "train-images-idx3-ubyte")
    assert list(d2l.verify_fashion_mnist(root)) == ["train-images-idx3-ubyte"]
    assert calls  # changed: hashed again, and found wrong
