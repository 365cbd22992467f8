"""Putting files into the data root: one run at a time, all the files or none.

Downloading and importing end the same way: the files are written into a
staging folder beside the destination, each is checked against the md5 of the
published (uncompressed) file, and only when every needed file is right are
they moved into place. A failed, interrupted or killed run therefore never
leaves a half-written file; its staging folder is removed at once, or by the
next run if the process was killed. One run at a time per data root: a lock
folder makes a second one wait.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from d2lite.data.idx import RAW_SUBDIR, how_to_get_files, verify_fashion_mnist

__all__: list[str] = []

STAGING_PREFIX = ".download-"
LOCK_NAME = ".download.lock"
# A lock whose owner cannot be checked (another machine sharing the folder) counts as
# abandoned after this long; on this machine a lock whose process has ended is abandoned.
STALE_LOCK_SECONDS = 3600.0


class DiskFullError(OSError):
    """The disk filled up while Fashion-MNIST was being written."""


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


def install(
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


def stderr_line(text: str) -> None:
    """Say what an install waits for or does, on stderr (stdout may be a result)."""
    print(text, file=sys.stderr, flush=True)
