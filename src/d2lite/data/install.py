"""Putting files into the data root: one run at a time, all the files or none.

Downloading and importing end the same way: the files are written into a
staging folder beside the destination, each is checked against the md5 of the
published (uncompressed) file, and only when every needed file is right are
they moved into place. A failed, interrupted or killed run therefore never
leaves a half-written file; its staging folder is removed at once, or by the
next run if the process was killed. One run at a time per data root: a lock
folder makes a second one wait (sleeping between looks, saying once what it
waits for and how to clear it). A data root that cannot be written, or a lock
left behind that cannot be removed, is an error before anything is downloaded.
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
from typing import Any

from d2lite.data.idx import RAW_SUBDIR, how_to_get_files, verify_fashion_mnist
from d2lite.messages import text

__all__: list[str] = []

STAGING_PREFIX = ".download-"
LOCK_NAME = ".download.lock"
# A lock whose owner cannot be checked (another machine sharing the folder) counts as
# abandoned after this long; on this machine a lock whose process has ended is abandoned.
STALE_LOCK_SECONDS = 3600.0


# How long to wait, sleeping between looks, for an abandoned lock that this process may not
# remove (someone else's, in a shared folder) to be removed by someone who may.
STUCK_LOCK_SECONDS = 60.0
_LOCK_POLL_SECONDS = 0.2
_NOT_WRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)


class DiskFullError(OSError):
    """The disk filled up while Fashion-MNIST was being written."""


class _Explained(OSError):
    """An OSError whose text is its message alone, without "[Errno N]"."""

    def __str__(self) -> str:
        return self.strerror or super().__str__()


class DataRootNotWritableError(_Explained, PermissionError):
    """The data root cannot be written by this user, and a file there is missing or wrong."""


class StuckLockError(_Explained, PermissionError):
    """A download lock left by an ended run cannot be removed."""


class RawFolderIsAFileError(_Explained, FileExistsError):
    """A file stands where the folder of the raw files should be."""


def _action(what: str) -> str:
    """The verb of a run, "download" or "import", in the session's language."""
    return text(f"data.action_{what}")


def _not_writable(root: Path, path: Path, err: OSError, what: str) -> DataRootNotWritableError:
    return DataRootNotWritableError(
        err.errno or errno.EACCES,
        text(
            "data.not_writable",
            action=_action(what),
            root=root,
            error=err.strerror or err,
            path=path,
        ),
    )


# A lock without its owner file (a run killed right after taking it) counts as abandoned
# after this long; its owner writes the file at once.
_OWNERLESS_LOCK_SECONDS = 60.0


def _owner_text(lock: Path) -> str | None:
    try:
        return (lock / "owner").read_text()
    except OSError:
        return None


def _windows_process_ended(
    pid: int, kernel32: Any = None, last_error: Callable[[], int] | None = None
) -> bool:
    """Windows: ask the kernel about process `pid` (os.kill there would stop it, not test it).

    OpenProcess fails with ERROR_INVALID_PARAMETER when no process has that id;
    a process that exists reports STILL_ACTIVE as its exit code until it ends.
    Any other failure (access denied) counts as running: a lock is never broken
    on a guess.
    """
    import ctypes

    if kernel32 is None:
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        last_error = ctypes.get_last_error  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return last_error is not None and last_error() == _ERROR_INVALID_PARAMETER
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return False
        return code.value != _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_ERROR_INVALID_PARAMETER = 87
_STILL_ACTIVE = 259


def _process_ended(pid: int) -> bool:
    """Return True if no process `pid` runs on this machine (False when it cannot tell)."""
    if sys.platform == "win32":
        try:
            return _windows_process_ended(pid)
        except (OSError, AttributeError):
            return False
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
    Raises OSError when the lock is there but may not be renamed.
    """
    claimed = lock.with_name(f"{lock.name}.abandoned-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.rename(lock, claimed)
    except FileNotFoundError:
        return  # someone else took it away first
    if _owner_text(claimed) == owner:
        shutil.rmtree(claimed, ignore_errors=True)
        return
    with contextlib.suppress(OSError):
        os.rename(claimed, lock)  # a live lock: give it back


def _stuck_lock_error(lock: Path, err: OSError, waited: float) -> StuckLockError:
    after = text("data.lock_waited", seconds=f"{waited:.0f}") if waited else ""
    return StuckLockError(
        err.errno or errno.EACCES,
        text(
            "data.stuck_lock",
            lock=lock,
            error=err.strerror or err,
            waited=after,
            parent=lock.parent,
        ),
    )


def _root_writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


@contextlib.contextmanager
def _exclusive(folder: Path, message: Callable[[str], None]) -> Iterator[None]:
    """Hold the lock of `folder` (a lock folder inside it) for the duration of the block.

    Creating a folder is atomic on every file system, so of two processes only
    one succeeds; the other waits, sleeping between looks and saying so once,
    until the lock is released or its owner turns out to have died. A lock
    that cannot be created, or an abandoned one that cannot be removed, raises
    PermissionError instead of waiting (after STUCK_LOCK_SECONDS where the folder
    may be written and someone else may still remove it).
    """
    lock = folder / LOCK_NAME
    told: set[str] = set()  # what was said already: each thing once
    stuck_since: float | None = None
    while True:
        folder.mkdir(parents=True, exist_ok=True)  # another run's clean-up may remove it
        try:
            os.mkdir(lock)
            break
        except FileNotFoundError:
            pass  # the folder was removed in between: look again after a pause
        except FileExistsError:
            owner = _owner_text(lock)
            if _lock_is_stale(lock, owner):
                try:
                    _break_stale_lock(lock, owner)
                    continue
                except OSError as err:
                    now = time.monotonic()
                    stuck_since = now if stuck_since is None else stuck_since
                    if err.errno == errno.EROFS or not _root_writable(folder):
                        raise _stuck_lock_error(lock, err, 0.0) from None
                    if now - stuck_since >= STUCK_LOCK_SECONDS:
                        raise _stuck_lock_error(lock, err, now - stuck_since) from None
                    if "stuck" not in told:
                        message(
                            text(
                                "data.lock_stuck_waiting",
                                program="d2lite",
                                lock=lock,
                                error=err.strerror or err,
                                seconds=f"{STUCK_LOCK_SECONDS:g}",
                            )
                        )
                        told.add("stuck")
            elif "running" not in told:
                message(text("data.lock_running", program="d2lite", folder=folder, lock=lock))
                told.add("running")
        time.sleep(_LOCK_POLL_SECONDS)
    try:
        (lock / "owner").write_text(f"{os.getpid()} {socket.gethostname()}\n")
        yield
    finally:
        shutil.rmtree(lock, ignore_errors=True)


@contextlib.contextmanager
def _locked(root: Path, folder: Path, message: Callable[[str], None], what: str) -> Iterator[None]:
    """`_exclusive`, with a folder or lock that may not be created named as the data root's."""
    entered = False
    try:
        with _exclusive(folder, message):
            entered = True
            yield
    except OSError as err:
        if entered or err.errno not in _NOT_WRITABLE or isinstance(err, StuckLockError):
            raise
        raise _not_writable(root, Path(err.filename or folder), err, what) from None


def _remove_stale_staging(folder: Path) -> None:
    """Remove staging folders left by runs that were killed (called while holding the lock)."""
    for path in folder.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(path, ignore_errors=True)


def _remove_created_dirs(created: list[Path]) -> None:
    for folder in reversed(created):  # deepest first; only folders left empty go
        with contextlib.suppress(OSError):
            folder.rmdir()


def _disk_full(folder: Path) -> DiskFullError:
    return DiskFullError(errno.ENOSPC, text("data.disk_full", folder=folder))


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
        if err.errno in _NOT_WRITABLE:
            raise _not_writable(root, Path(err.filename or folder.parent), err, what) from None
        raise RuntimeError(
            text(
                "data.cannot_write_raw",
                action=_action(what),
                folder=folder,
                error=err.strerror or err,
                how=how_to_get_files(folder, root, source),
            )
        ) from None
    if folder.exists() and not folder.is_dir():
        raise RawFolderIsAFileError(
            errno.EEXIST, text("data.raw_is_file", action=_action(what), folder=folder)
        )
    try:
        with _locked(root, folder.parent, message, what):
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
