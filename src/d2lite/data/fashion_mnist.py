"""Fashion-MNIST held in memory: load it in milliseconds, batch it by indexing.

The book's loader decodes every image through PIL in worker processes. Here
the four raw IDX files are read once into uint8 tensors (55 MB for train and
test together), and each batch is one indexing operation plus a conversion to
float32 in [0, 1] -- the exact values `transforms.ToTensor()` gives.
"""

from __future__ import annotations

import multiprocessing
import numbers
import os
import sys
from collections.abc import Sequence

import torch

from d2lite.data.download import download_fashion_mnist
from d2lite.data.idx import (
    FILE_NAMES,
    NUM_CLASSES,
    RAW_SUBDIR,
    TEST_IMAGES,
    TEST_LABELS,
    TRAIN_IMAGES,
    TRAIN_LABELS,
    how_to_get_files,
    read_split,
)
from d2lite.data.loaders import ImageLoader, resize_images
from d2lite.data.root import root_and_source
from d2lite.devices import resolve_device
from d2lite.messages import text
from d2lite.validation import check_positive_int

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
TEXT_LABELS_ZH = ("T恤", "裤子", "套衫", "连衣裙", "外套", "凉鞋", "衬衫", "运动鞋", "包", "短靴")
TEXT_LABELS_BY_LANG = {"en": TEXT_LABELS, "zh": TEXT_LABELS_ZH}

# Resized images are kept in memory, up front, while train and test together take at most
# this many bytes (as uint8: up to about 62x62 pixels); larger sizes are resized batch by
# batch, with the same values, so that resize=224 needs no more memory than 28x28.
RESIZE_MEMORY_BUDGET = 256 * 2**20
# The largest resize per side: 1024x1024 float32 is 4 MiB an image, already 1 GiB for a
# batch of 256; larger sizes fail deep in interpolate with an allocation error.
MAX_RESIZE = 1024
# Up-front resizing of more pixels than this takes over a second on a laptop: show progress.
_RESIZE_PROGRESS_PIXELS = 150_000_000


# --------------------------------------------------------------------------- loading


def _check_side(name: str, value: object) -> int:
    side = check_positive_int(name, value)
    if side > MAX_RESIZE:
        raise ValueError(text("data.resize_too_large", name=name, most=MAX_RESIZE, value=side))
    return side


def _check_resize(resize: object) -> tuple[int, int] | None:
    if resize is None:
        return None
    if isinstance(resize, numbers.Integral) and not isinstance(resize, bool):
        size = _check_side("resize", resize)
        return size, size
    if isinstance(resize, (tuple, list, torch.Size)) and len(resize) == 2:
        return (
            _check_side(text("data.resize_height"), resize[0]),
            _check_side(text("data.resize_width"), resize[1]),
        )
    raise TypeError(text("data.resize_type", value=repr(resize), type=type(resize).__name__))


def load_data_fashion_mnist(
    batch_size: int,
    resize: int | tuple[int, int] | None = None,
    *,
    root: str | os.PathLike[str] | None = None,
    download: bool = True,
    device: str | torch.device | None = None,
    progress: bool = True,
) -> tuple[ImageLoader, ImageLoader]:
    """Load Fashion-MNIST into memory and return (train_iter, test_iter).

    Batches are X (B, 1, 28, 28) float32 in [0, 1] -- or (B, 1, h, w) with
    `resize` (an int, or a (h, w) pair) -- and y (B,) int64. The training set
    is reshuffled every epoch with torch's generator (so `torch.manual_seed`
    repeats it); the test set keeps file order. The data is kept as uint8 and
    converted per batch; resized images are kept too while they fit in
    RESIZE_MEMORY_BUDGET bytes, else each batch is resized as it is made. Each
    file is checked against the md5 of the published file (once per process).
    With `device` (e.g. 'cuda'), the data is stored and batches are made there;
    None keeps the CPU. Missing files are downloaded when `download` is true
    (see `download_fashion_mnist`); otherwise FileNotFoundError says what to do.
    progress: show bars for a download or a long resize.
    """
    batch_size = check_positive_int("batch_size", batch_size)
    size = _check_resize(resize)
    if not isinstance(download, bool):
        raise TypeError(text("data.not_bool", name="download", value=repr(download)))
    if not isinstance(progress, bool):
        raise TypeError(text("data.not_bool", name="progress", value=repr(progress)))
    target = resolve_device(device) if device is not None else torch.device("cpu")
    root_path, source = root_and_source(root)
    folder = root_path / RAW_SUBDIR

    missing = [name for name in FILE_NAMES if not (folder / name).is_file()]
    if missing and download:
        download_fashion_mnist(root_path, progress=progress)
    elif missing:
        raise FileNotFoundError(
            text(
                "data.missing_no_download",
                folder=folder,
                missing=", ".join(missing),
                how=how_to_get_files(folder, root_path, source),
            )
        )

    splits = [
        (*read_split(folder, TRAIN_IMAGES, TRAIN_LABELS), True),
        (*read_split(folder, TEST_IMAGES, TEST_LABELS), False),
    ]
    per_batch = None
    if size is not None and size != tuple(splits[0][0].shape[1:]):
        pixels = sum(len(images) for images, _, _ in splits) * size[0] * size[1]
        if pixels > RESIZE_MEMORY_BUDGET:
            per_batch = size
        else:
            show = progress and pixels > _RESIZE_PROGRESS_PIXELS
            splits = [(resize_images(im, size, show), lab, sh) for im, lab, sh in splits]
    loaders = [
        ImageLoader(images.to(target), labels.to(target), batch_size, shuffle, per_batch)
        for images, labels, shuffle in splits
    ]
    return loaders[0], loaders[1]


# --------------------------------------------------------------------------- book helpers


def get_fashion_mnist_labels(labels: torch.Tensor | Sequence[int], lang: str = "en") -> list[str]:
    """Return the text label of each class index in `labels` (a tensor (N,) or a list of ints).

    lang: "en" (the book's English names) or "zh" (the Chinese book's: T恤, 裤子, ...).
    """
    if lang not in TEXT_LABELS_BY_LANG:
        raise ValueError(text("data.labels_lang", value=repr(lang)))
    if isinstance(labels, torch.Tensor):
        if labels.is_floating_point() or labels.is_complex() or labels.dtype == torch.bool:
            raise TypeError(text("data.labels_dtype", dtype=labels.dtype))
        values = labels.detach().reshape(-1).tolist()
    else:
        values = list(labels)
        for i, value in enumerate(values):
            if isinstance(value, torch.Tensor) and value.numel() == 1:
                value = values[i] = value.item()
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TypeError(
                    text(
                        "data.labels_item_type",
                        value=repr(value),
                        type=type(value).__name__,
                        position=i,
                    )
                )
    for i, value in enumerate(values):
        if not 0 <= value < NUM_CLASSES:
            raise ValueError(
                text(
                    "data.labels_range",
                    last=NUM_CLASSES - 1,
                    value=value,
                    position=i,
                    count=NUM_CLASSES,
                )
            )
    names = TEXT_LABELS_BY_LANG[lang]
    return [names[int(value)] for value in values]


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
