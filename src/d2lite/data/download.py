"""Getting the Fashion-MNIST files: downloading them from mirrors, or importing a copy.

Both end the same way: the files are written into a staging folder beside the
destination, each is checked against the md5 of the published (uncompressed)
file, and only when every needed file is right are they moved into place. A
failed, interrupted or killed run therefore never leaves a half-written file;
its staging folder is removed at once, or by the next run if the process was
killed. One run at a time per data root: a lock folder makes a second one wait.

Downloads try each mirror in turn (torchvision's Fashion-MNIST mirrors, or the
comma-separated base URLs in ``D2LITE_FASHION_MNIST_MIRRORS``) with a timeout
on connecting and on every read (``D2LITE_DOWNLOAD_TIMEOUT`` seconds, 30 by
default), so a mirror that stalls is given up instead of waited on forever.
Fetching is written here rather than left to torchvision because its download
helpers take no timeout.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import hashlib
import os
import shutil
import socket
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from d2lite.data import idx
from d2lite.data.idx import FILE_NAMES, RAW_SUBDIR, how_to_get_files, verify_fashion_mnist
from d2lite.data.root import root_and_source

TIMEOUT_ENV = "D2LITE_DOWNLOAD_TIMEOUT"
MIRRORS_ENV = "D2LITE_FASHION_MNIST_MIRRORS"
DEFAULT_TIMEOUT = 30.0

STAGING_PREFIX = ".download-"
LOCK_NAME = ".download.lock"
# A lock whose owner cannot be checked (another machine sharing the folder) counts as
# abandoned after this long; on this machine a lock whose process has ended is abandoned.
STALE_LOCK_SECONDS = 3600.0

_CHUNK = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b"


class DiskFullError(OSError):
    """The disk filled up while Fashion-MNIST was being written."""


# --------------------------------------------------------------------------- settings


def download_timeout() -> float:
    """Return the seconds to wait for a connection or for data: $D2LITE_DOWNLOAD_TIMEOUT or 30."""
    text = os.environ.get(TIMEOUT_ENV, "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise ValueError(
            f"the environment variable {TIMEOUT_ENV} must be a number of seconds > 0, got "
            f"{text!r}; set it for example to 60, or unset it for the default of "
            f"{DEFAULT_TIMEOUT:g}"
        )
    return value


def fashion_mnist_mirrors() -> list[str]:
    """Return the base URLs to download from: $D2LITE_FASHION_MNIST_MIRRORS, else torchvision's.

    Each base URL serves the four files as ``<base>/<name>.gz``.
    """
    text = os.environ.get(MIRRORS_ENV, "").strip()
    if text:
        mirrors = [m.strip() for m in text.split(",") if m.strip()]
        for mirror in mirrors:
            if not mirror.startswith(("http://", "https://", "file://")):
                raise ValueError(
                    f"{MIRRORS_ENV} must list base URLs separated by commas, got {mirror!r}; "
                    f"write for example https://example.org/fashion-mnist/"
                )
    else:
        from torchvision.datasets import FashionMNIST

        mirrors = list(FashionMNIST.mirrors)
    return [m if m.endswith("/") else m + "/" for m in mirrors]


# --------------------------------------------------------------------------- one at a time


# A lock without its owner file (a run killed right after taking it) counts as abandoned
# after this long; its owner writes the file at once.
_OWNERLESS_LOCK_SECONDS = 60.0


def _owner_text(lock: Path) -> str | None:
    try:
        return (lock / "owner").read_text()
    except OSError:
        return None


def _process_ended(pid: int) -> bool:
    """Return True if no process `pid` runs on this machine (POSIX; never guessed on Windows)."""
    if sys.platform == "win32":
        return False  # os.kill(pid, 0) there would send Ctrl+C, not test the process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # it exists but belongs to someone else
    return False


def _lock_is_stale(lock: Path, owner: str | None) -> bool:
    """Return True if the lock `lock`, whose owner file reads `owner`, was abandoned."""
    try:
        age = time.time() - lock.stat().st_mtime
    except OSError:
        return False  # released meanwhile: look again
    fields = owner.split() if owner is not None else []
    if len(fields) != 2 or not fields[0].isdigit():
        return age > _OWNERLESS_LOCK_SECONDS
    pid, host = int(fields[0]), fields[1]
    if host == socket.gethostname() and _process_ended(pid):
        return True  # the process that held it has ended (killed, or crashed)
    return age > STALE_LOCK_SECONDS


def _break_stale_lock(lock: Path, owner: str | None) -> None:
    """Remove an abandoned lock, unless another process replaced it meanwhile.

    The lock is first renamed to a name of its own (of two processes that
    both found it abandoned, one rename succeeds); a lock that turns out not
    to be the abandoned one, because it was replaced in between, is put back.
    """
    claimed = lock.with_name(f"{lock.name}.abandoned-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.rename(lock, claimed)
    except OSError:
        return  # someone else took it away first
    if _owner_text(claimed) == owner:
        shutil.rmtree(claimed, ignore_errors=True)
        return
    with contextlib.suppress(OSError):
        os.rename(claimed, lock)  # a live lock: give it back


@contextlib.contextmanager
def _exclusive(folder: Path, message: Callable[[str], None]) -> Iterator[None]:
    """Hold the lock of `folder` (a lock folder inside it) for the duration of the block.

    Creating a folder is atomic on every file system, so of two processes only
    one succeeds; the other waits, saying so once, until the lock is released
    or its owner turns out to have died.
    """
    lock = folder / LOCK_NAME
    told = False
    while True:
        folder.mkdir(parents=True, exist_ok=True)  # another run's clean-up may remove it
        try:
            os.mkdir(lock)
            break
        except FileNotFoundError:
            continue
        except FileExistsError:
            owner = _owner_text(lock)
            if _lock_is_stale(lock, owner):
                _break_stale_lock(lock, owner)
                continue
            if not told:
                message(
                    f"d2lite: another download or import into {folder} is running; waiting "
                    f"for it to finish (remove {lock} if no such process exists)"
                )
                told = True
            time.sleep(0.2)
    try:
        (lock / "owner").write_text(f"{os.getpid()} {socket.gethostname()}\n")
        yield
    finally:
        shutil.rmtree(lock, ignore_errors=True)


def _remove_stale_staging(folder: Path) -> None:
    """Remove staging folders left by runs that were killed (called while holding the lock)."""
    for path in folder.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(path, ignore_errors=True)


def _remove_created_dirs(created: list[Path]) -> None:
    for folder in reversed(created):  # deepest first; only folders left empty go
        with contextlib.suppress(OSError):
            folder.rmdir()


def _disk_full(folder: Path) -> DiskFullError:
    return DiskFullError(
        errno.ENOSPC,
        f"the disk holding {folder} is full (no space left on device): Fashion-MNIST needs "
        f"about 30 MB while downloading and 55 MB for the four files; free some space, or "
        f"keep the data on another disk (set D2LITE_DATA, or pass root= / --data-root). "
        f"Nothing was written there",
    )


def _copy_hashing(source: IO[bytes], dest: Path, on_chunk: Callable[[int], None]) -> str:
    """Copy the byte stream `source` into the file `dest`; return the md5 of what was copied."""
    digest = hashlib.md5(usedforsecurity=False)
    with open(dest, "wb") as out:
        while chunk := source.read(_CHUNK):
            out.write(chunk)
            digest.update(chunk)
            on_chunk(len(chunk))
    return digest.hexdigest()


def _install(
    root: Path,
    source: str,
    names: Sequence[str],
    fill: Callable[[Path, list[str]], None],
    message: Callable[[str], None],
    what: str,
) -> Path:
    """Write the files `names` with fill(staging, names) and move them into <root>/FashionMNIST/raw.

    Holds the data root's lock throughout; files another run installed in the
    meantime are not fetched again. On any failure nothing is left behind.
    """
    folder = root / RAW_SUBDIR
    created = [p for p in (*reversed(folder.parents), folder) if not p.exists()]
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        _remove_created_dirs(created)
        raise RuntimeError(
            f"could not {what} Fashion-MNIST: cannot write into {folder} "
            f"({err.strerror or err}). {how_to_get_files(folder, root, source)}"
        ) from None
    try:
        with _exclusive(folder.parent, message):
            problems = verify_fashion_mnist(root)
            wanted = [n for n in names if n in problems]
            if not wanted:
                return folder  # another run put them in place while we waited
            _remove_stale_staging(folder.parent)
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder.parent))
            try:
                try:
                    fill(staging, wanted)
                    folder.mkdir(exist_ok=True)
                    for name in wanted:
                        # Same file system as the destination: each move is an atomic rename.
                        os.replace(staging / name, folder / name)
                except OSError as err:
                    if err.errno == errno.ENOSPC and not isinstance(err, DiskFullError):
                        raise _disk_full(folder) from err
                    raise
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        _remove_created_dirs(created)
        raise
    return folder


# --------------------------------------------------------------------------- download


def _why_download_failed(err: BaseException, timeout: float) -> str:
    from urllib.error import HTTPError, URLError

    if isinstance(err, HTTPError):
        return f"the server answered HTTP {err.code} {err.reason}"
    if isinstance(err, URLError):
        if isinstance(err.reason, (TimeoutError, socket.timeout)):
            return f"no connection within {timeout:g} s"
        return f"could not connect ({err.reason})"
    if isinstance(err, (TimeoutError, socket.timeout)):
        return f"the transfer stalled: no data for {timeout:g} s"
    if isinstance(err, (gzip.BadGzipFile, EOFError, zlib.error)):
        return f"the file is not a complete gzip archive ({err})"
    return f"{type(err).__name__}: {err}"


def _fetch(url: str, dest: Path, timeout: float, progress: bool, desc: str) -> None:
    """Download `url` into `dest`; give up when connecting or any read takes over `timeout` s."""
    import urllib.request

    from tqdm import tqdm

    from d2lite import __version__

    request = urllib.request.Request(url, headers={"User-Agent": f"d2lite/{__version__}"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        with tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            desc=desc,
            disable=not progress,
            leave=False,
            dynamic_ncols=True,
        ) as bar:
            _copy_hashing(response, dest, bar.update)
        if total is not None and dest.stat().st_size < total:
            raise EOFError(f"the connection closed after {dest.stat().st_size} of {total} bytes")


def _unpack(archive: Path, dest: Path) -> str:
    """Write the uncompressed content of `archive` (gzip, or raw) to `dest`; return its md5."""
    with open(archive, "rb") as f:
        compressed = f.read(2) == _GZIP_MAGIC
    opener = gzip.open if compressed else open
    with opener(archive, "rb") as source:
        return _copy_hashing(source, dest, lambda n: None)


def _download_one(
    name: str, staging: Path, mirrors: list[str], timeout: float, progress: bool
) -> list[str]:
    """Download one raw file into staging from the first mirror that serves it right.

    Returns [] on success, else one reason per mirror tried.
    """
    tried = []
    for mirror in mirrors:
        url = f"{mirror}{name}.gz"
        archive = staging / f"{name}.gz"
        try:
            _fetch(url, archive, timeout, progress, desc=f"{name}.gz")
            got = _unpack(archive, staging / name)
        except OSError as err:
            if err.errno == errno.ENOSPC:
                raise
            tried.append(f"{url}: {_why_download_failed(err, timeout)}")
            continue
        except Exception as err:  # any cause: each is reported in the error
            tried.append(f"{url}: {_why_download_failed(err, timeout)}")
            continue
        finally:
            archive.unlink(missing_ok=True)
        if got == idx.RAW_MD5[name]:
            return []
        tried.append(
            f"{url}: checksum mismatch: the file has md5 {got}, expected {idx.RAW_MD5[name]} "
            f"(the published file)"
        )
        (staging / name).unlink(missing_ok=True)
    return tried


def _stderr_line(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


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
        raise TypeError(f"progress must be True or False, got {progress!r}")
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
                    f"could not download Fashion-MNIST into {folder}: {name}.gz failed from "
                    f"every mirror ({'; '.join(tried)}). Nothing was written there. "
                    f"{how_to_get_files(folder, root_path, source)}"
                )

    return _install(root_path, source, list(problems), fill, _stderr_line, "download")


# --------------------------------------------------------------------------- import


def _candidates(sources: Sequence[Path]) -> dict[str, list[tuple[Path, str | None]]]:
    """Find each raw file, or its .gz, in folders (searched recursively), .zip files or files.

    Returns {name: [(path, member inside a zip or None), ...]} in the order found.
    """
    found: dict[str, list[tuple[Path, str | None]]] = {name: [] for name in FILE_NAMES}

    def consider(path: Path, member: str | None, base: str) -> None:
        name = base.removesuffix(".gz")
        if name in found:
            found[name].append((path, member))

    for source in sources:
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    consider(path, None, path.name)
        elif source.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(source) as archive:
                    for member in archive.namelist():
                        consider(source, member, Path(member).name)
            except zipfile.BadZipFile as err:
                raise ValueError(f"{source} is not a readable .zip file ({err})") from None
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


def _extract(path: Path, member: str | None, dest: Path) -> str:
    """Write the uncompressed content of a candidate to `dest`; return its md5."""
    with _open_candidate(path, member) as f:
        compressed = f.read(2) == _GZIP_MAGIC
    with _open_candidate(path, member) as raw:
        if compressed:
            with gzip.open(raw, "rb") as source:
                return _copy_hashing(source, dest, lambda n: None)
        return _copy_hashing(raw, dest, lambda n: None)


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
        raise TypeError(
            "import_fashion_mnist needs at least one source: a folder, a .zip file, or the "
            "four files (raw or .gz)"
        )
    paths = [Path(os.fspath(s)).expanduser() for s in sources]
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(
                f"{path} does not exist; pass the folder, .zip or .gz files you downloaded"
            )
    root_path, source = root_and_source(root)
    folder = root_path / RAW_SUBDIR
    found = _candidates(paths)
    problems = verify_fashion_mnist(root_path)
    lacking = [n for n in problems if not found[n]]
    if lacking:
        shown = ", ".join(str(p) for p in paths)
        raise FileNotFoundError(
            f"{shown} holds no {' and no '.join(lacking)} (raw or .gz), and the data root "
            f"{root_path} lacks {'it' if len(lacking) == 1 else 'them'} too; Fashion-MNIST "
            f"needs the four files {', '.join(FILE_NAMES)}"
        )
    if not problems:
        return folder

    def fill(staging: Path, names: list[str]) -> None:
        for name in names:
            reasons = []
            for path, member in found[name]:
                where = f"{path}:{member}" if member else str(path)
                try:
                    got = _extract(path, member, staging / name)
                except (gzip.BadGzipFile, EOFError, zlib.error) as err:
                    reasons.append(f"{where} is not a complete gzip file ({err})")
                    continue
                except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as err:
                    # a damaged, encrypted or unusually compressed member of a .zip
                    reasons.append(f"{where} cannot be read from the .zip ({err})")
                    continue
                if got == idx.RAW_MD5[name]:
                    break
                reasons.append(
                    f"{where} has md5 {got}, expected {idx.RAW_MD5[name]}: it is not the "
                    f"published file (a damaged copy, or another data set's file of the same "
                    f"name, such as MNIST's digits)"
                )
            else:
                raise ValueError(
                    f"could not import {name}: {'; '.join(reasons)}. Nothing was written "
                    f"into {folder}"
                )

    return _install(root_path, source, list(problems), fill, _stderr_line, "import")
