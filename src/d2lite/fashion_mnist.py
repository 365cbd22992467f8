"""Fashion-MNIST held in memory: load it in milliseconds, batch it by indexing.

The book's loader decodes every image through PIL in worker processes. Here
the four raw IDX files are read once into uint8 tensors (55 MB for train and
test together), and each batch is one indexing operation plus a conversion to
float32 in [0, 1] -- the exact values `transforms.ToTensor()` gives.

The files live where torchvision keeps them, ``<root>/FashionMNIST/raw/``,
and are downloaded with torchvision's download code, mirrors and checksums
(`torchvision.datasets.FashionMNIST`). The data root is the `root` argument,
else the environment variable ``D2LITE_DATA``, else the checkout's ``data/``
folder when d2lite runs from a source checkout (the folder the book's code
reaches as ``../data`` from ``notebooks/``), else ``~/.d2lite/data``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import math
import multiprocessing
import numbers
import os
import shutil
import struct
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch

from d2lite._checks import check_positive_int
from d2lite.devices import resolve_device
from d2lite.iterators import ArrayLoader

DATA_ENV = "D2LITE_DATA"

# torchvision's layout: <root>/<class name>/raw/<file>, each file the .gz name without ".gz".
RAW_SUBDIR = Path("FashionMNIST") / "raw"
TRAIN_IMAGES = "train-images-idx3-ubyte"
TRAIN_LABELS = "train-labels-idx1-ubyte"
TEST_IMAGES = "t10k-images-idx3-ubyte"
TEST_LABELS = "t10k-labels-idx1-ubyte"
FILE_NAMES = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)

# md5 of the decompressed files. torchvision's checksums (FashionMNIST.resources) cover the
# .gz archives, which are not kept after a download, so the raw files are checked with these.
RAW_MD5 = {
    TRAIN_IMAGES: "f4a8712d7a061bf5bd6d2ca38dc4d50a",
    TRAIN_LABELS: "9018921c3c673c538a1fc5bad174d6f9",
    TEST_IMAGES: "8181f5470baa50b63fa0f6fddb340f0a",
    TEST_LABELS: "15d484375f8d13e6eb1aabb0c3f46965",
}

IMAGE_SIZE = (28, 28)
NUM_CLASSES = 10
TEXT_LABELS = (
    "t-shirt",
    "trouser",
    "pullover",
    "dress",
    "coat",
    "sandal",
    "shirt",
    "sneaker",
    "bag",
    "ankle boot",
)

_REDOWNLOAD = "delete it and download again (`d2lite data download`)"

# Resizing runs in slices of this many images, so the float work space stays small.
_RESIZE_CHUNK = 4096


# --------------------------------------------------------------------------- data root


def _default_root() -> tuple[Path, str]:
    package = Path(__file__).resolve().parent
    checkout = package.parent.parent
    if package.parent.name == "src" and (checkout / "pyproject.toml").is_file():
        return checkout / "data", "the default for a source checkout: its data/ folder"
    return Path.home() / ".d2lite" / "data", "the default: ~/.d2lite/data"


def _root_and_source(root: str | os.PathLike[str] | None) -> tuple[Path, str]:
    if root is not None:
        if not isinstance(root, (str, os.PathLike)):
            raise TypeError(
                f"root must be a path (str or pathlib.Path) or None, got {root!r} of type "
                f"{type(root).__name__}; pass for example '../data'"
            )
        if not os.fspath(root):
            raise ValueError("root must not be empty; pass a folder such as '../data', or None")
        source = "the root argument"
    else:
        root = os.environ.get(DATA_ENV, "").strip()
        if not root:
            return _default_root()
        source = f"the environment variable {DATA_ENV}"
    # Relative paths are taken from the current directory, once, so that later changes of
    # directory do not move the data.
    return Path(os.path.abspath(os.path.expanduser(os.fspath(root)))), source


def data_root(root: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that holds the datasets, as an absolute path.

    It is `root` if given, else $D2LITE_DATA, else ``<checkout>/data`` when d2lite
    is imported from a source checkout (``<checkout>/src/d2lite`` next to
    ``<checkout>/pyproject.toml``), else ``~/.d2lite/data``. Relative paths are
    resolved against the current directory. Fashion-MNIST sits in
    ``<data root>/FashionMNIST/raw/``.
    """
    return _root_and_source(root)[0]


def _how_to_get_files(folder: Path, root: Path, source: str) -> str:
    env = os.environ.get(DATA_ENV, "").strip()
    return (
        f"The folder {folder} should hold the four files {', '.join(FILE_NAMES)} "
        f"(data root {root}, from {source}). To get them, run `d2lite data download` or "
        f"d2lite.download_fashion_mnist() on a machine with internet access (or load with "
        f"download=True), or copy the four files into that folder; to use a copy kept "
        f"elsewhere, set the environment variable {DATA_ENV} (now "
        f"{env if env else 'unset'}) to the folder that holds FashionMNIST/raw/, or pass root=."
    )


# --------------------------------------------------------------------------- file checks


class FashionMNISTFile(NamedTuple):
    """One of the four raw files: its name, where it should be, and what is there."""

    name: str
    path: Path
    exists: bool
    size: int | None  # bytes; None when the file is missing


def fashion_mnist_files(root: str | os.PathLike[str] | None = None) -> list[FashionMNISTFile]:
    """Return the four raw files' names, paths, and whether and how big they exist."""
    folder = data_root(root) / RAW_SUBDIR
    files = []
    for name in FILE_NAMES:
        path = folder / name
        size = path.stat().st_size if path.is_file() else None
        files.append(FashionMNISTFile(name, path, size is not None, size))
    return files


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def verify_fashion_mnist(root: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Check the four raw files; return {file name: what is wrong}, empty when all are right.

    A file is wrong when it is missing, when its IDX header does not match its
    size or shape, or when its md5 differs from the published data's.
    """
    problems = {}
    for file in fashion_mnist_files(root):
        if not file.exists:
            problems[file.name] = f"missing: {file.path} does not exist"
            continue
        try:
            _check_header(file.path)
        except ValueError as err:
            problems[file.name] = str(err)
            continue
        md5 = _md5(file.path)
        if md5 != RAW_MD5[file.name]:
            problems[file.name] = (
                f"{file.path} has md5 {md5}, expected {RAW_MD5[file.name]}; {_REDOWNLOAD}"
            )
    return problems


# --------------------------------------------------------------------------- IDX reading

_KIND = {3: "images", 1: "labels"}


def _describe(dims: Sequence[int]) -> str:
    if len(dims) == 3:
        return f"{dims[0]} images of {dims[1]}x{dims[2]}"
    return f"{dims[0]} labels"


def _expected_ndim(path: Path) -> int:
    return 3 if "idx3" in path.name else 1


def _parse_header(path: Path, head: bytes, size: int) -> tuple[int, ...]:
    """Return the dimensions an IDX header announces, checking them against the file size."""
    ndim = _expected_ndim(path)
    kind = _KIND[ndim]
    if size < 4:
        raise ValueError(
            f"{path} is truncated: it has {size} bytes, too few for an IDX header; {_REDOWNLOAD}"
        )
    magic = int.from_bytes(head[:4], "big")
    expected_magic = 0x0800 + ndim  # two zero bytes, 0x08 = unsigned bytes, number of dims
    if magic != expected_magic:
        raise ValueError(
            f"{path} has a bad magic number 0x{magic:08x}, expected 0x{expected_magic:08x} for "
            f"an IDX file of {kind}; it is not a Fashion-MNIST {kind} file (or it is still "
            f"gzip-compressed); {_REDOWNLOAD}"
        )
    header_size = 4 + 4 * ndim
    if size < header_size:
        raise ValueError(
            f"{path} is truncated: it has {size} bytes, fewer than its {header_size}-byte "
            f"header; {_REDOWNLOAD}"
        )
    dims = struct.unpack(f">{ndim}I", head[4:header_size])
    expected_size = header_size + math.prod(dims)
    if size < expected_size:
        raise ValueError(
            f"{path} is truncated: header says {_describe(dims)} ({expected_size} bytes) but "
            f"the file has {size} bytes; {_REDOWNLOAD}"
        )
    if size > expected_size:
        raise ValueError(
            f"{path} is too long: header says {_describe(dims)} ({expected_size} bytes) but "
            f"the file has {size} bytes; {_REDOWNLOAD}"
        )
    if dims[0] == 0:
        raise ValueError(f"{path} holds no {kind}: its header says 0; {_REDOWNLOAD}")
    if ndim == 3 and tuple(dims[1:]) != IMAGE_SIZE:
        raise ValueError(
            f"{path} has the wrong dimensions: header says {_describe(dims)}, but "
            f"Fashion-MNIST images are {IMAGE_SIZE[0]}x{IMAGE_SIZE[1]}; {_REDOWNLOAD}"
        )
    return dims


def _check_header(path: Path) -> tuple[int, ...]:
    """Read only the header of an IDX file and check it; return the dimensions."""
    with open(path, "rb") as f:
        return _parse_header(path, f.read(16), os.fstat(f.fileno()).st_size)


def read_idx(path: str | os.PathLike[str]) -> torch.Tensor:
    """Read a Fashion-MNIST IDX file of unsigned bytes into a uint8 tensor, checking it.

    The file name says what it holds: ``*idx3*`` gives images (N, 28, 28), any
    other name labels (N,).
    A bad magic number, a size that disagrees with the header (truncated or too
    long) or images that are not 28x28 raise ValueError naming the file.
    """
    path = Path(path)
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        dims = _parse_header(path, f.read(16), size)
        header_size = 4 + 4 * len(dims)
        f.seek(header_size)
        # One read into a writable buffer that the tensor then shares: no copy, no per-item work.
        buffer = bytearray(size - header_size)
        got = f.readinto(buffer)
    if got != len(buffer):
        raise ValueError(
            f"{path} is truncated: expected {len(buffer)} bytes after the header but read "
            f"{got}; {_REDOWNLOAD}"
        )
    return torch.frombuffer(buffer, dtype=torch.uint8).view(*dims)


def _read_split(folder: Path, images_name: str, labels_name: str) -> tuple[torch.Tensor, ...]:
    """Return images (N, 28, 28) uint8 and labels (N,) int64, checked against each other."""
    images = read_idx(folder / images_name)
    labels = read_idx(folder / labels_name)
    if len(labels) != len(images):
        raise ValueError(
            f"{folder / labels_name} has {len(labels)} labels but {folder / images_name} has "
            f"{len(images)} images; the files do not belong together; {_REDOWNLOAD}"
        )
    bad = (labels >= NUM_CLASSES).nonzero()
    if len(bad):
        first = int(bad[0])
        raise ValueError(
            f"{folder / labels_name} has labels outside 0..{NUM_CLASSES - 1}: "
            f"{len(bad)} of them, the first {int(labels[first])} at index {first}; "
            f"{_REDOWNLOAD}"
        )
    return images, labels.to(torch.int64)


# --------------------------------------------------------------------------- download


@contextlib.contextmanager
def _torchvision_progress(enabled: bool, desc: str) -> Iterator[None]:
    """Label torchvision's download progress bar, or switch it off.

    torchvision draws it with the `tqdm` its download module imported and offers
    no switch, so that name is swapped for the duration of one file's download.
    """
    import torchvision.datasets.utils as tv_utils

    original = getattr(tv_utils, "tqdm", None)
    if original is None:  # another torchvision layout: keep its default bar
        yield
        return
    tv_utils.tqdm = functools.partial(original, desc=desc, disable=not enabled)
    try:
        yield
    finally:
        tv_utils.tqdm = original


def _why_download_failed(err: BaseException, partial: Path, md5: str) -> str:
    from urllib.error import HTTPError, URLError

    if isinstance(err, HTTPError):
        return f"the server answered HTTP {err.code} {err.reason}"
    if isinstance(err, URLError):
        return f"could not connect ({err.reason})"
    if partial.is_file():
        got = _md5(partial)
        if got != md5:
            return f"checksum mismatch: the download has md5 {got}, expected {md5}"
    return f"{type(err).__name__}: {err}"


def _remove_created_dirs(created: list[Path]) -> None:
    for folder in reversed(created):  # deepest first; only folders left empty go
        with contextlib.suppress(OSError):
            folder.rmdir()


def download_fashion_mnist(
    root: str | os.PathLike[str] | None = None, *, progress: bool = True
) -> Path:
    """Download the raw files that are missing or wrong into <root>/FashionMNIST/raw/.

    Uses torchvision's FashionMNIST mirrors and .gz checksums and its download
    code (`download_and_extract_archive`). Files go to a temporary folder first
    and are moved into place only when every needed file has downloaded, passed
    its checksum and has a valid IDX header; on any failure the temporary files
    (and folders this call created) are removed and RuntimeError says why.
    Nothing is written when all four files are already right. `progress` shows
    tqdm bars on stderr. Returns the folder holding the four files.
    """
    if not isinstance(progress, bool):
        raise TypeError(f"progress must be True or False, got {progress!r}")
    root_path, source = _root_and_source(root)
    folder = root_path / RAW_SUBDIR
    problems = verify_fashion_mnist(root_path)
    if not problems:
        return folder

    from torchvision.datasets import FashionMNIST
    from torchvision.datasets.utils import download_and_extract_archive

    help_text = _how_to_get_files(folder, root_path, source)
    created = [p for p in (*reversed(folder.parents), folder) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Same file system as the destination, so the final move is an atomic rename.
        staging = Path(tempfile.mkdtemp(prefix=".download-", dir=folder.parent))
    except OSError as err:
        _remove_created_dirs(created)
        raise RuntimeError(
            f"could not download Fashion-MNIST: cannot write into {folder} "
            f"({err.strerror or err}). {help_text}"
        ) from None
    try:
        failures = []
        for archive, md5 in FashionMNIST.resources:
            name = archive.removesuffix(".gz")
            if name not in problems:
                continue
            tried = []
            for mirror in FashionMNIST.mirrors:
                url = f"{mirror}{archive}"
                try:
                    with _torchvision_progress(progress, archive):
                        download_and_extract_archive(
                            url, download_root=staging, filename=archive, md5=md5
                        )
                    _check_header(staging / name)
                except ValueError as err:
                    tried.append(f"{url}: the file is not valid ({err})")
                except Exception as err:  # any cause: each is reported in the error below
                    tried.append(f"{url}: {_why_download_failed(err, staging / archive, md5)}")
                else:
                    break
                with contextlib.suppress(FileNotFoundError):
                    (staging / archive).unlink()
            else:
                failures.append(f"{archive} ({'; '.join(tried)})")
                break  # the set is useless without this file; stop here
        if failures:
            raise RuntimeError(
                f"could not download Fashion-MNIST into {folder}: {'; '.join(failures)}. "
                f"Nothing was written there. {help_text}"
            )
        for name in problems:
            os.replace(staging / name, folder / name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_created_dirs(created)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    return folder


# --------------------------------------------------------------------------- loading


def _check_resize(resize: object) -> tuple[int, int] | None:
    if resize is None:
        return None
    if isinstance(resize, numbers.Integral) and not isinstance(resize, bool):
        size = check_positive_int("resize", resize)
        return size, size
    if isinstance(resize, (tuple, list, torch.Size)) and len(resize) == 2:
        return (
            check_positive_int("resize[0] (height)", resize[0]),
            check_positive_int("resize[1] (width)", resize[1]),
        )
    raise TypeError(
        f"resize must be None, an int or a (height, width) pair of ints, got {resize!r} of "
        f"type {type(resize).__name__}; pass for example 64 or (32, 48)"
    )


def resize_images(images: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    """Resize uint8 images (N, H, W) to (N, *size) as transforms.Resize does on PIL images.

    Uses torchvision's tensor resize (bilinear, antialiased) on uint8, which
    agrees with PIL's to within about one grey level.
    """
    from torchvision.transforms.v2 import functional as F

    out = torch.empty((len(images), *size), dtype=torch.uint8, device=images.device)
    for start in range(0, len(images), _RESIZE_CHUNK):
        chunk = images[start : start + _RESIZE_CHUNK].unsqueeze(1)  # (n, 1, H, W)
        out[start : start + _RESIZE_CHUNK] = F.resize(chunk, list(size), antialias=True)[:, 0]
    return out


def _to_float_batch(X: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    # (B, H, W) uint8 -> (B, 1, H, W) float32 in [0, 1]; x / 255 is exactly what ToTensor computes.
    return X.unsqueeze(1).to(torch.float32).div_(255), y


class ImageLoader(ArrayLoader):
    """Iterate (X, y) minibatches of images stored as uint8, like the book's DataLoader.

    images: (N, H, W) uint8; labels: (N,) int64. Batches are X (B, 1, H, W)
    float32 in [0, 1] (x / 255, as `transforms.ToTensor()` computes it) and y (B,).

    On the CPU each batch is gathered and converted by NumPy in the calling
    thread. Torch would spread these small per-batch operations over its thread
    pool, and when other programs keep the CPUs busy, waiting for that pool made
    a pass over the training set 5 to 20 times slower on a 2-core machine (see
    benchmarks/bench_fashion_mnist.py). On other devices torch does the work there.
    """

    def __init__(
        self, images: torch.Tensor, labels: torch.Tensor, batch_size: int, shuffle: bool = False
    ) -> None:
        super().__init__(
            (images, labels),
            batch_size,
            shuffle,
            transform=_to_float_batch,
            names=("images", "labels"),
        )

    def __iter__(self) -> Iterator[tuple[torch.Tensor, ...]]:
        if self.device.type != "cpu":
            yield from super().__iter__()
            return
        images, labels = self.tensors
        pixels = images.numpy()  # shares memory with the stored tensor
        # The same draw from torch's generator as ArrayLoader, so torch.manual_seed repeats it.
        order = torch.randperm(self.num_examples) if self.shuffle else None
        order_np = order.numpy() if order is not None else None
        for start in range(0, self.num_examples, self.batch_size):
            stop = start + self.batch_size
            if order is None:
                X, y = pixels[start:stop], labels[start:stop]
            else:
                X, y = np.take(pixels, order_np[start:stop], axis=0), labels[order[start:stop]]
            X = X.astype(np.float32)
            np.divide(X, np.float32(255), out=X)  # IEEE division: the same bits as torch's
            yield torch.from_numpy(X).unsqueeze(1), y


def load_data_fashion_mnist(
    batch_size: int,
    resize: int | tuple[int, int] | None = None,
    *,
    root: str | os.PathLike[str] | None = None,
    download: bool = True,
    device: str | torch.device | None = None,
) -> tuple[ImageLoader, ImageLoader]:
    """Load Fashion-MNIST into memory and return (train_iter, test_iter).

    Batches are X (B, 1, 28, 28) float32 in [0, 1] -- or (B, 1, h, w) with
    `resize` (an int, or a (h, w) pair; images are resized once, up front) --
    and y (B,) int64. The training set is reshuffled every epoch with torch's
    generator (so `torch.manual_seed` repeats it); the test set keeps file order.
    The data is kept as uint8 and converted per batch. With `device` (e.g.
    'cuda'), the data is stored and batches are made there; None keeps the CPU.
    Missing files are downloaded when `download` is true (see
    `download_fashion_mnist`); otherwise FileNotFoundError says what to do.
    """
    batch_size = check_positive_int("batch_size", batch_size)
    size = _check_resize(resize)
    if not isinstance(download, bool):
        raise TypeError(f"download must be True or False, got {download!r}")
    target = resolve_device(device) if device is not None else torch.device("cpu")
    root_path, source = _root_and_source(root)
    folder = root_path / RAW_SUBDIR

    missing = [name for name in FILE_NAMES if not (folder / name).is_file()]
    if missing and download:
        download_fashion_mnist(root_path, progress=True)
    elif missing:
        raise FileNotFoundError(
            f"Fashion-MNIST is not in {folder}: missing {', '.join(missing)} (download=False). "
            f"{_how_to_get_files(folder, root_path, source)}"
        )

    loaders = []
    for images_name, labels_name, shuffle in (
        (TRAIN_IMAGES, TRAIN_LABELS, True),
        (TEST_IMAGES, TEST_LABELS, False),
    ):
        images, labels = _read_split(folder, images_name, labels_name)
        if size is not None and size != tuple(images.shape[1:]):
            images = resize_images(images, size)
        loaders.append(ImageLoader(images.to(target), labels.to(target), batch_size, shuffle))
    return loaders[0], loaders[1]


# --------------------------------------------------------------------------- book helpers


def get_fashion_mnist_labels(labels: torch.Tensor | Sequence[int]) -> list[str]:
    """Return the text label of each class index in `labels` (a tensor (N,) or a list of ints)."""
    if isinstance(labels, torch.Tensor):
        if labels.is_floating_point() or labels.is_complex() or labels.dtype == torch.bool:
            raise TypeError(
                f"labels must hold integer class indices, got a {labels.dtype} tensor; "
                f"pass y, or y_hat.argmax(axis=1) for predictions"
            )
        values = labels.detach().reshape(-1).tolist()
    else:
        values = list(labels)
        for i, value in enumerate(values):
            if isinstance(value, torch.Tensor) and value.numel() == 1:
                value = values[i] = value.item()
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TypeError(
                    f"labels must hold integer class indices, got {value!r} of type "
                    f"{type(value).__name__} at position {i}; pass for example [0, 9, 2]"
                )
    for i, value in enumerate(values):
        if not 0 <= value < NUM_CLASSES:
            raise ValueError(
                f"labels must be class indices 0..{NUM_CLASSES - 1}, got {value} at position "
                f"{i}; Fashion-MNIST has {NUM_CLASSES} classes"
            )
    return [TEXT_LABELS[int(value)] for value in values]


def get_dataloader_workers() -> int:
    """Return how many DataLoader worker processes suit this machine; 0 where they only cost.

    d2lite's own loaders never use worker processes: each batch is one indexing
    operation on tensors already in memory, and a worker would only add its
    start-up time and copy every batch between processes. The number returned
    is for a torch DataLoader that decodes files per example, as the book's
    PIL-based loader does: 0 on Windows and macOS, and wherever worker processes
    are started by "spawn" or "forkserver" (each worker re-imports torch, which
    costs more than one pass over Fashion-MNIST), and on a single CPU; else one
    fewer than the CPUs this process may use (the main process needs one), at
    most 4.
    """
    if sys.platform in ("win32", "darwin"):
        return 0
    method = multiprocessing.get_start_method(allow_none=True)
    if (method or multiprocessing.get_all_start_methods()[0]) != "fork":
        return 0
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(0, min(4, (cpus or 1) - 1))
