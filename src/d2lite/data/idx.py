"""The four raw Fashion-MNIST files: their names and checksums, reading and checking them.

The files live where torchvision keeps them, ``<root>/FashionMNIST/raw/``, as
IDX files of unsigned bytes: a header (magic number, dimensions) then the data.
Reading checks the header against the file size, so a truncated or foreign
file is an error that names it; `verify_fashion_mnist` also checks the md5s.
"""

from __future__ import annotations

import math
import os
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import torch

from d2lite.data.checksums import md5_of_bytes, md5sum
from d2lite.data.root import DATA_ENV, data_root
from d2lite.messages import text

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

# Sizes in bytes of the published files: uncompressed (RAW_SIZE), and as torchvision's and
# Zalando's mirrors serve them gzipped (GZ_SIZE). Nothing longer is copied, downloaded or
# unpacked (see `size_limit`), so an endless stream or a decompression bomb stops early.
RAW_SIZE = {
    TRAIN_IMAGES: 47040016,
    TRAIN_LABELS: 60008,
    TEST_IMAGES: 7840016,
    TEST_LABELS: 10008,
}
GZ_SIZE = {
    TRAIN_IMAGES: 26421880,
    TRAIN_LABELS: 29515,
    TEST_IMAGES: 4422102,
    TEST_LABELS: 5148,
}


def size_limit(size: int) -> int:
    """Return how many bytes a copy of a `size`-byte file may have: 1% and 64 KiB more."""
    return size + size // 100 + 64 * 1024


IMAGE_SIZE = (28, 28)
NUM_CLASSES = 10


def _redownload() -> str:
    """How to repair a wrong file, in the session's language (ends every file error)."""
    return text("data.redownload")


# Files whose md5 was checked in this process, with their size, mtime and inode then:
# loading the same unchanged file again does not hash it again.
_VERIFIED: set[tuple[str, int, int, int, str]] = set()


def how_to_get_files(folder: Path, root: Path, source: str) -> str:
    env = os.environ.get(DATA_ENV, "").strip()
    return text(
        "data.how_to_get_files",
        folder=folder,
        names=", ".join(FILE_NAMES),
        root=root,
        source=source,
        env_name=DATA_ENV,
        env=env if env else text("data.env_unset"),
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


def verify_fashion_mnist(root: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Check the four raw files; return {file name: what is wrong}, empty when all are right.

    A file is wrong when it is missing, when its IDX header does not match its
    size or shape, or when its md5 differs from the published data's.
    """
    problems = {}
    for file in fashion_mnist_files(root):
        if not file.exists:
            problems[file.name] = text("data.missing_file", path=file.path)
            continue
        try:
            check_header(file.path)
        except ValueError as err:
            problems[file.name] = str(err)
            continue
        key = _verified_key(file.path, file.path.stat(), RAW_MD5[file.name])
        if key in _VERIFIED:
            continue  # checked in this process and unchanged since
        md5 = md5sum(file.path)
        if md5 != RAW_MD5[file.name]:
            problems[file.name] = text(
                "data.md5_mismatch",
                path=file.path,
                md5=md5,
                expected=RAW_MD5[file.name],
                redownload=_redownload(),
            )
        else:
            _VERIFIED.add(key)
    return problems


def _verified_key(path: Path, stat: os.stat_result, md5: str) -> tuple[str, int, int, int, str]:
    """Identify a file's content as checked: where it is, its size, mtime and inode."""
    return (str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino, md5)


# --------------------------------------------------------------------------- IDX reading

_KIND = {3: "data.kind_images", 1: "data.kind_labels"}


def _describe(dims: Sequence[int]) -> str:
    if len(dims) == 3:
        return text("data.describe_images", count=dims[0], height=dims[1], width=dims[2])
    return text("data.describe_labels", count=dims[0])


def _expected_ndim(path: Path) -> int:
    return 3 if "idx3" in path.name else 1


def _parse_header(path: Path, head: bytes, size: int) -> tuple[int, ...]:
    """Return the dimensions an IDX header announces, checking them against the file size."""
    ndim = _expected_ndim(path)
    kind = text(_KIND[ndim])
    redownload = _redownload()
    if size < 4:
        raise ValueError(text("data.idx_too_small", path=path, size=size, redownload=redownload))
    magic = int.from_bytes(head[:4], "big")
    expected_magic = 0x0800 + ndim  # two zero bytes, 0x08 = unsigned bytes, number of dims
    if magic != expected_magic:
        raise ValueError(
            text(
                "data.idx_bad_magic",
                path=path,
                magic=f"0x{magic:08x}",
                expected=f"0x{expected_magic:08x}",
                kind=kind,
                redownload=redownload,
            )
        )
    header_size = 4 + 4 * ndim
    if size < header_size:
        raise ValueError(
            text(
                "data.idx_header_truncated",
                path=path,
                size=size,
                header=header_size,
                redownload=redownload,
            )
        )
    dims = struct.unpack(f">{ndim}I", head[4:header_size])
    expected_size = header_size + math.prod(dims)
    if size != expected_size:
        raise ValueError(
            text(
                "data.idx_truncated" if size < expected_size else "data.idx_too_long",
                path=path,
                described=_describe(dims),
                expected=expected_size,
                size=size,
                redownload=redownload,
            )
        )
    if dims[0] == 0:
        raise ValueError(text("data.idx_empty", path=path, kind=kind, redownload=redownload))
    if ndim == 3 and tuple(dims[1:]) != IMAGE_SIZE:
        raise ValueError(
            text(
                "data.idx_wrong_dims",
                path=path,
                described=_describe(dims),
                height=IMAGE_SIZE[0],
                width=IMAGE_SIZE[1],
                redownload=redownload,
            )
        )
    return dims


def check_header(path: Path) -> tuple[int, ...]:
    """Read only the header of an IDX file and check it; return the dimensions."""
    with open(path, "rb") as f:
        return _parse_header(path, f.read(16), os.fstat(f.fileno()).st_size)


def read_idx(path: str | os.PathLike[str], md5: str | None = None) -> torch.Tensor:
    """Read a Fashion-MNIST IDX file of unsigned bytes into a uint8 tensor, checking it.

    The file name says what it holds: ``*idx3*`` gives images (N, 28, 28), any
    other name labels (N,).
    A bad magic number, a size that disagrees with the header (truncated or too
    long) or images that are not 28x28 raise ValueError naming the file. With
    `md5`, the bytes read must have that md5 (hashed once per process for an
    unchanged file), so a corrupted or swapped file is an error too.
    """
    path = Path(path)
    with open(path, "rb") as f:
        stat = os.fstat(f.fileno())
        size = stat.st_size
        head = f.read(16)
        dims = _parse_header(path, head, size)
        header_size = 4 + 4 * len(dims)
        f.seek(header_size)
        # One read into a writable buffer that the tensor then shares: no copy, no per-item work.
        buffer = bytearray(size - header_size)
        got = f.readinto(buffer)
    if got != len(buffer):
        raise ValueError(
            text(
                "data.idx_read_short",
                path=path,
                expected=len(buffer),
                got=got,
                redownload=_redownload(),
            )
        )
    if md5 is not None:
        key = _verified_key(path, stat, md5)
        if key not in _VERIFIED:
            got_md5 = md5_of_bytes(head[:header_size], buffer)
            if got_md5 != md5:
                raise ValueError(
                    text(
                        "data.idx_md5",
                        path=path,
                        got=got_md5,
                        expected=md5,
                        redownload=_redownload(),
                    )
                )
            _VERIFIED.add(key)
    return torch.frombuffer(buffer, dtype=torch.uint8).view(*dims)


def read_split(folder: Path, images_name: str, labels_name: str) -> tuple[torch.Tensor, ...]:
    """Return images (N, 28, 28) uint8 and labels (N,) int64, each checked against its md5."""
    images = read_idx(folder / images_name, RAW_MD5[images_name])
    labels = read_idx(folder / labels_name, RAW_MD5[labels_name])
    if len(labels) != len(images):
        raise ValueError(
            text(
                "data.split_mismatch",
                labels_path=folder / labels_name,
                labels=len(labels),
                images_path=folder / images_name,
                images=len(images),
                redownload=_redownload(),
            )
        )
    bad = (labels >= NUM_CLASSES).nonzero()
    if len(bad):
        first = int(bad[0])
        raise ValueError(
            text(
                "data.label_out_of_range",
                path=folder / labels_name,
                last=NUM_CLASSES - 1,
                count=len(bad),
                value=int(labels[first]),
                index=first,
                redownload=_redownload(),
            )
        )
    return images, labels.to(torch.int64)
