"""Importing Fashion-MNIST files downloaded by hand: a folder, a .zip, or the .gz files.

A learner behind a firewall gets the files some other way (a browser, a course
page, a USB stick). Names are recognised as browsers save them (``train-images-
idx3-ubyte (1).gz``, upper case), inside folders, .zip files (also a .zip inside
a folder) and zip members written with ``\\`` separators. Each candidate found is
unpacked no further than the published file's size, checked against the md5
of the published file, and the ones the data root lacks are installed through
`d2lite.data.install`: all together, or none.
"""

from __future__ import annotations

import gzip
import os
import re
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from d2lite.data import idx
from d2lite.data.checksums import SizeLimit, TooLargeError, unpack_hashing
from d2lite.data.idx import FILE_NAMES, RAW_SUBDIR, verify_fashion_mnist
from d2lite.data.install import install, stderr_line
from d2lite.data.root import root_and_source
from d2lite.messages import text

__all__ = ["import_fashion_mnist"]


# " (1)" or "(2)": what browsers add to the name of a file downloaded twice.
_COPY_NUMBER = re.compile(r"\s*\(\d+\)")


def canonical_name(base: str) -> str:
    """Return the raw file name that a saved file name stands for (maybe none of the four).

    'Train-Images-Idx3-Ubyte (1).GZ' -> 'train-images-idx3-ubyte'.
    """
    name = _COPY_NUMBER.sub("", base.strip().lower())
    return name.removesuffix(".gz").strip()


def _member_base(member: str) -> str:
    """The file name of a zip member, whether written with / or \\ separators."""
    return member.replace("\\", "/").rsplit("/", 1)[-1]


def _candidates(sources: Sequence[Path]) -> dict[str, list[tuple[Path, str | None]]]:
    """Find each raw file, or its .gz, in folders (searched recursively), .zip files or files.

    Returns {name: [(path, member inside a zip or None), ...]} in the order found.
    A .zip met inside a folder is searched too; one that cannot be read is skipped.
    """
    found: dict[str, list[tuple[Path, str | None]]] = {name: [] for name in FILE_NAMES}

    def consider(path: Path, member: str | None, base: str) -> None:
        name = canonical_name(base)
        if name in found:
            found[name].append((path, member))

    def search_zip(source: Path) -> None:
        with zipfile.ZipFile(source) as archive:
            for member in archive.namelist():
                consider(source, member, _member_base(member))

    for source in sources:
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                if path.is_file() and path.suffix.lower() == ".zip":
                    try:
                        search_zip(path)
                    except (zipfile.BadZipFile, OSError):
                        continue
                elif path.is_file():
                    consider(path, None, path.name)
        elif source.suffix.lower() == ".zip":
            try:
                search_zip(source)
            except zipfile.BadZipFile as err:
                raise ValueError(text("data.bad_zip", source=source, error=err)) from None
        else:
            consider(source, None, source.name)
    return found


def _open_candidate(path: Path, member: str | None) -> IO[bytes]:
    if member is None:
        return open(path, "rb")
    archive = zipfile.ZipFile(path)
    try:
        inner = archive.open(member)
    except BaseException:
        archive.close()
        raise
    inner_close = inner.close

    def close() -> None:  # closing the member closes the archive too
        inner_close()
        archive.close()

    inner.close = close  # type: ignore[method-assign]
    return inner


def _extract(path: Path, member: str | None, dest: Path, limit: SizeLimit) -> str:
    """Write the uncompressed content of a candidate to `dest`; return its md5."""
    return unpack_hashing(lambda: _open_candidate(path, member), dest, limit)


def import_fashion_mnist(
    *sources: str | os.PathLike[str], root: str | os.PathLike[str] | None = None
) -> Path:
    """Install Fashion-MNIST files downloaded by hand into <root>/FashionMNIST/raw/.

    sources: folders (searched recursively), .zip files, or the files
    themselves, raw (``train-images-idx3-ubyte``) or gzipped (``...-ubyte.gz``).
    Each file found must match the md5 of the published file; the ones the data
    root lacks (or holds wrong) are installed together, atomically, or none
    is. Returns the folder holding the four files.
    """
    if not sources:
        raise TypeError(text("data.import_no_source"))
    paths = [Path(os.fspath(s)).expanduser() for s in sources]
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(text("data.import_no_path", path=path))
    root_path, source = root_and_source(root)
    folder = root_path / RAW_SUBDIR
    found = _candidates(paths)
    problems = verify_fashion_mnist(root_path)
    lacking = [n for n in problems if not found[n]]
    if lacking:
        shown = ", ".join(str(p) for p in paths)
        raise FileNotFoundError(
            text(
                "data.import_lacking_one" if len(lacking) == 1 else "data.import_lacking_many",
                shown=shown,
                lacking=text("data.and_no").join(lacking),
                root=root_path,
                names=", ".join(FILE_NAMES),
            )
        )
    if not problems:
        return folder

    def fill(staging: Path, names: list[str]) -> None:
        for name in names:
            reasons = []
            for path, member in found[name]:
                where = f"{path}:{member}" if member else str(path)
                published = idx.RAW_SIZE[name]
                unpacked = text("data.size_what_member", where=where)
                limit = SizeLimit(idx.size_limit(published), unpacked, published)
                try:
                    got = _extract(path, member, staging / name, limit)
                except TooLargeError as err:
                    (staging / name).unlink(missing_ok=True)
                    reasons.append(str(err))
                    continue
                except (gzip.BadGzipFile, EOFError, zlib.error) as err:
                    reasons.append(text("data.import_bad_gzip", where=where, error=err))
                    continue
                except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as err:
                    # a damaged, encrypted or unusually compressed member of a .zip
                    reasons.append(text("data.import_bad_member", where=where, error=err))
                    continue
                if got == idx.RAW_MD5[name]:
                    break
                reasons.append(
                    text("data.import_md5", where=where, got=got, expected=idx.RAW_MD5[name])
                )
            else:
                raise ValueError(
                    text("data.import_failed", name=name, reasons="; ".join(reasons), folder=folder)
                )

    return install(root_path, source, list(problems), fill, stderr_line, "import")
