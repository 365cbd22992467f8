"""md5 checksums of the raw files, computed while copying, reading or unpacking them.

The published Fashion-MNIST files are identified by md5 (not for security: to
catch damaged, truncated or swapped copies). Every place that hashes data goes
through here, so the algorithm and the chunk size are chosen once. Copies can
be bounded: past a limit they stop with `TooLargeError`, so an endless stream
(a broken mirror, /dev/zero) or a decompression bomb never fills the disk.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, NamedTuple

from d2lite.messages import text

__all__: list[str] = []

CHUNK = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"


class TooLargeError(ValueError):
    """A copy went past the size of the file it should be: not the Fashion-MNIST file."""


class SizeLimit(NamedTuple):
    """Stop a copy past `limit` bytes; `what` names the data, `published` its real size."""

    limit: int
    what: str
    published: int

    def error(self) -> TooLargeError:
        return TooLargeError(
            text("data.too_large", what=self.what, limit=self.limit, published=self.published)
        )


def _new() -> hashlib._Hash:
    return hashlib.md5(usedforsecurity=False)


def md5_of_bytes(*parts: bytes | bytearray | memoryview) -> str:
    """Return the md5 of the concatenated `parts`, already in memory."""
    digest = _new()
    for part in parts:
        digest.update(part)
    return digest.hexdigest()


def copy_hashing(
    source: IO[bytes],
    dest: Path | None,
    on_chunk: Callable[[int], None] | None = None,
    limit: SizeLimit | None = None,
) -> str:
    """Copy the byte stream `source` into the file `dest` (None: only read it); return its md5.

    on_chunk(n) is called after each chunk of n bytes, e.g. to move a progress bar.
    With `limit`, a stream longer than limit.limit bytes raises TooLargeError
    once it is past it; at most that many bytes are written.
    """
    digest = _new()
    total = 0
    out = open(dest, "wb") if dest is not None else None  # noqa: SIM115 (closed below)
    try:
        while chunk := source.read(CHUNK):
            total += len(chunk)
            if limit is not None and total > limit.limit:
                raise limit.error()
            if out is not None:
                out.write(chunk)
            digest.update(chunk)
            if on_chunk is not None:
                on_chunk(len(chunk))
    finally:
        if out is not None:
            out.close()
    return digest.hexdigest()


def md5sum(path: Path) -> str:
    """Return the md5 of the file at `path`."""
    with open(path, "rb") as f:
        return copy_hashing(f, None)


def unpack_hashing(
    open_source: Callable[[], IO[bytes]], dest: Path, limit: SizeLimit | None = None
) -> str:
    """Write the uncompressed content of a gzip (or already raw) stream to `dest`; return its md5.

    open_source() opens the stream from its start; it is called twice, once to
    look at the first bytes, so a stream that cannot seek (a member of a .zip)
    works too. `limit` bounds the uncompressed bytes (see `copy_hashing`).
    """
    with open_source() as f:
        compressed = f.read(2) == GZIP_MAGIC
    with open_source() as raw:
        if compressed:
            with gzip.open(raw, "rb") as source:
                return copy_hashing(source, dest, limit=limit)
        return copy_hashing(raw, dest, limit=limit)
