"""Downloading the Fashion-MNIST files from mirrors, with a timeout on every read.

Downloads try each mirror in turn (torchvision's Fashion-MNIST mirrors, or the
comma-separated base URLs in ``D2LITE_FASHION_MNIST_MIRRORS``) with a timeout
on connecting and on every read (``D2LITE_DOWNLOAD_TIMEOUT`` seconds, 30 by
default), so a mirror that stalls is given up instead of waited on forever.
Fetching is written here rather than left to torchvision because its download
helpers take no timeout. The files reach the data root through
`d2lite.data.install`: checked, all together, one run at a time.

What a mirror sends is not trusted: nothing past the published file's size
(plus a margin) is downloaded or unpacked, a body whose length differs from
the announced Content-Length is named as such, and a web page (the login page
of a captive portal) is recognised instead of failing the checksum.
"""

from __future__ import annotations

import errno
import gzip
import http.client
import os
import socket
import zlib
from pathlib import Path
from typing import Any

from d2lite.data import idx
from d2lite.data.checksums import SizeLimit, TooLargeError, copy_hashing, unpack_hashing
from d2lite.data.idx import RAW_SUBDIR, how_to_get_files, verify_fashion_mnist
from d2lite.data.install import install, stderr_line
from d2lite.data.root import root_and_source
from d2lite.messages import text
from d2lite.version import __version__

__all__ = ["download_fashion_mnist"]

TIMEOUT_ENV = "D2LITE_DOWNLOAD_TIMEOUT"
MIRRORS_ENV = "D2LITE_FASHION_MNIST_MIRRORS"
DEFAULT_TIMEOUT = 30.0
_SCHEMES = ("http://", "https://", "file://")


class WebPageError(ValueError):
    """A mirror answered with an HTML page (a captive portal's login page, an error page)."""


class LengthMismatchError(ValueError):
    """The body's length differs from the Content-Length the server announced."""


# --------------------------------------------------------------------------- settings


def download_timeout() -> float:
    """Return the seconds to wait for a connection or for data: $D2LITE_DOWNLOAD_TIMEOUT or 30."""
    given = os.environ.get(TIMEOUT_ENV, "").strip()
    if not given:
        return DEFAULT_TIMEOUT
    try:
        value = float(given)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise ValueError(
            text(
                "data.bad_timeout",
                name=TIMEOUT_ENV,
                value=repr(given),
                default=f"{DEFAULT_TIMEOUT:g}",
            )
        )
    return value


def fashion_mnist_mirrors() -> list[str]:
    """Return the base URLs to download from: $D2LITE_FASHION_MNIST_MIRRORS, else torchvision's.

    Each base URL serves the four files as ``<base>/<name>.gz``.
    """
    given = os.environ.get(MIRRORS_ENV, "").strip()
    if given:
        mirrors = [m.strip() for m in given.split(",") if m.strip()]
        if not mirrors:
            raise ValueError(
                text("data.mirrors_empty", name=MIRRORS_ENV, value=repr(os.environ[MIRRORS_ENV]))
            )
        for mirror in mirrors:
            if not mirror.lower().startswith(_SCHEMES):  # URL schemes ignore case
                raise ValueError(text("data.mirrors_bad", name=MIRRORS_ENV, value=repr(mirror)))
    else:
        from torchvision.datasets import FashionMNIST

        mirrors = list(FashionMNIST.mirrors)
    return [m if m.endswith("/") else m + "/" for m in mirrors]


def _why_download_failed(err: BaseException, timeout: float) -> str:
    from urllib.error import HTTPError, URLError

    if isinstance(err, HTTPError):
        return text("data.http_error", code=err.code, reason=err.reason)
    if isinstance(err, URLError):
        if isinstance(err.reason, (TimeoutError, socket.timeout)):
            return text("data.connect_timeout", timeout=f"{timeout:g}")
        return text("data.connect_failed", reason=err.reason)
    if isinstance(err, (TooLargeError, WebPageError, LengthMismatchError)):
        return str(err)
    if isinstance(err, (TimeoutError, socket.timeout)):
        return text("data.transfer_stalled", timeout=f"{timeout:g}")
    if isinstance(err, (gzip.BadGzipFile, EOFError, zlib.error)):
        return text("data.download_bad_gzip", error=err)
    return f"{type(err).__name__}: {err}"


class _Chunks:
    """Read a response as the bytes that arrived (read1): a timeout then loses none of them."""

    def __init__(self, response: Any) -> None:
        self.read = getattr(response, "read1", response.read)


def _looks_like_web_page(path: Path) -> bool:
    with open(path, "rb") as f:
        head = f.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype", b"<html"))


def _fetch(
    url: str, dest: Path, timeout: float, progress: bool, desc: str, limit: SizeLimit
) -> None:
    """Download `url` into `dest`; give up when connecting or any read takes over `timeout` s.

    At most limit.limit bytes are written; a web page, or a body whose length
    differs from the announced Content-Length, is an error that says so.
    """
    import urllib.request

    from tqdm import tqdm

    request = urllib.request.Request(url, headers={"User-Agent": f"d2lite/{__version__}"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type in ("text/html", "application/xhtml+xml"):
            raise WebPageError(text("data.web_page"))
        length = response.headers.get("Content-Length", "").strip()
        total = int(length) if length.isdigit() else None
        if total is not None and total > limit.limit:
            raise TooLargeError(
                text(
                    "data.announced_too_large",
                    total=total,
                    limit=limit.limit,
                    published=limit.published,
                )
            )
        exact = isinstance(response, http.client.HTTPResponse) and not response.chunked
        if total is not None and exact:
            # Read to the end of the body (urllib asks the server to close the connection
            # after it) rather than stop at the announced length, to see if the two differ.
            response.length = None
        with tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            desc=desc,
            disable=not progress,
            leave=False,
            dynamic_ncols=True,
        ) as bar:
            try:
                copy_hashing(_Chunks(response), dest, bar.update, limit)
            except TimeoutError:
                # A server that keeps the connection open after the whole announced body.
                if total is None or not exact or dest.stat().st_size != total:
                    raise
        got = dest.stat().st_size
        if total is not None and got != total:
            closed = text("data.connection_closed", got=got) if got < total else ""
            raise LengthMismatchError(
                text("data.length_mismatch", total=total, got=got, closed=closed)
            )
    if _looks_like_web_page(dest):
        raise WebPageError(text("data.web_page"))


def _unpack(archive: Path, dest: Path, limit: SizeLimit) -> str:
    """Write the uncompressed content of `archive` (gzip, or raw) to `dest`; return its md5."""
    return unpack_hashing(lambda: open(archive, "rb"), dest, limit)


def _download_one(
    name: str, staging: Path, mirrors: list[str], timeout: float, progress: bool
) -> list[str]:
    """Download one raw file into staging from the first mirror that serves it right.

    Returns [] on success, else one reason per mirror tried.
    """
    if not mirrors:
        return [text("data.no_mirror", name=MIRRORS_ENV)]
    tried = []
    published = max(idx.RAW_SIZE[name], idx.GZ_SIZE[name])  # a mirror may serve it raw
    fetch_limit = SizeLimit(idx.size_limit(published), text("data.size_what_download"), published)
    unpack_limit = SizeLimit(
        idx.size_limit(idx.RAW_SIZE[name]), text("data.size_what_unpacked"), idx.RAW_SIZE[name]
    )
    for mirror in mirrors:
        url = f"{mirror}{name}.gz"
        archive = staging / f"{name}.gz"
        try:
            _fetch(url, archive, timeout, progress, f"{name}.gz", fetch_limit)
            got = _unpack(archive, staging / name, unpack_limit)
        except OSError as err:
            if err.errno == errno.ENOSPC:
                raise
            tried.append(f"{url}: {_why_download_failed(err, timeout)}")
            (staging / name).unlink(missing_ok=True)
            continue
        except Exception as err:  # any cause: each is reported in the error
            tried.append(f"{url}: {_why_download_failed(err, timeout)}")
            (staging / name).unlink(missing_ok=True)
            continue
        finally:
            archive.unlink(missing_ok=True)
        if got == idx.RAW_MD5[name]:
            return []
        tried.append(text("data.download_md5", url=url, got=got, expected=idx.RAW_MD5[name]))
        (staging / name).unlink(missing_ok=True)
    return tried


def download_fashion_mnist(
    root: str | os.PathLike[str] | None = None, *, progress: bool = True
) -> Path:
    """Download the raw files that are missing or wrong into <root>/FashionMNIST/raw/.

    Each file is fetched as ``<mirror>/<name>.gz`` from the mirrors in turn
    (see `fashion_mnist_mirrors`), with `download_timeout()` seconds allowed
    for connecting and for each read, and must match the md5 of the published
    uncompressed file. Files go to a staging folder first and are moved into
    place only when every needed file is right; on any failure nothing is left
    and RuntimeError names each mirror and why it failed. Nothing is written
    when all four files are already right. `progress` shows tqdm bars on
    stderr. Returns the folder holding the four files.
    """
    if not isinstance(progress, bool):
        raise TypeError(text("data.not_bool", name="progress", value=repr(progress)))
    root_path, source = root_and_source(root)
    folder = root_path / RAW_SUBDIR
    problems = verify_fashion_mnist(root_path)
    if not problems:
        return folder
    timeout = download_timeout()
    mirrors = fashion_mnist_mirrors()

    def fill(staging: Path, names: list[str]) -> None:
        for name in names:
            tried = _download_one(name, staging, mirrors, timeout, progress)
            if tried:
                raise RuntimeError(
                    text(
                        "data.download_failed",
                        folder=folder,
                        name=name,
                        tried="; ".join(tried),
                        how=how_to_get_files(folder, root_path, source),
                    )
                )

    return install(root_path, source, list(problems), fill, stderr_line, "download")
