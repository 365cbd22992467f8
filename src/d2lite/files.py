"""Files d2lite writes: never overwrite what is not ours, never write through a link.

A plot is saved at the end of a run, so its path is checked before the run
starts: a bad path must not cost the training. An existing file is replaced
only when it is an image matplotlib wrote (an earlier plot); a learner's
notes that happen to carry the name are left alone, and so is a symbolic
link at the name, wherever it points.

The notebooks are written with `write_file`: the bytes go to a new file in
the same folder, which then takes the name with `os.replace`. That replaces
a link at the name, not the file it points to, and a reader never sees a
half-written notebook. `in_the_way` and `check_folder` let a caller check
every destination before it writes any.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import tempfile
from pathlib import Path

from d2lite.messages import text

__all__ = ["check_folder", "check_image_path", "in_the_way", "write_file", "write_new_file"]

# Create a file that is not there yet; with O_NOFOLLOW a link at the name is never followed.
_NEW_FILE = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)

# Bytes that only matplotlib's own output holds (its PNG, SVG, PDF and EPS metadata), and the
# first bytes of formats that carry no such mark.
_MATPLOTLIB_MARK = b"atplotlib"
_MAGIC = {"jpg": b"\xff\xd8", "jpeg": b"\xff\xd8", "tif": b"II", "tiff": b"II", "webp": b"RIFF"}


def _is_our_image(path: Path, fmt: str) -> bool:
    """Return True if `path` is an image matplotlib wrote (or, without metadata, of that type)."""
    try:
        if path.stat().st_size > 50 * 2**20:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    if fmt in _MAGIC:
        return data.startswith(_MAGIC[fmt]) or data.startswith(b"MM") and fmt.startswith("tif")
    return _MATPLOTLIB_MARK in data


def check_image_path(given: str | os.PathLike[str], example_name: str = "plot.png") -> Path:
    """Return where an image may be written: a new file, or one of our own earlier images.

    Without a suffix ".png" is added. Raises ValueError when the suffix is
    not an image format matplotlib writes, the path is a folder (the message
    suggests `example_name` inside it), the file exists and is not such an
    image, or the folder cannot be written. The folder itself is not made.
    """
    from matplotlib.backend_bases import FigureCanvasBase

    path = Path(given)
    if path.is_dir():
        raise ValueError(
            text("core.image_path_folder", given=os.fspath(given), example=path / example_name)
        )
    if not path.suffix:
        path = path.with_name(path.name + ".png")
    fmt = path.suffix[1:].lower()
    formats = FigureCanvasBase.get_supported_filetypes()
    if fmt not in formats:
        shown = ", ".join("." + f for f in sorted(formats))
        raise ValueError(text("core.image_format", suffix=repr(path.suffix), formats=shown))
    if path.is_symlink():
        raise ValueError(text("core.image_symlink", path=path, target=os.readlink(path)))
    if path.exists() and not _is_our_image(path, fmt):
        raise ValueError(text("core.image_exists", path=path, format=fmt.upper()))
    existing = path.parent  # the nearest folder that exists: the rest is made when saving
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        if not existing.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, text("core.file_not_folder", path=existing))
        if existing == path.parent:
            with tempfile.NamedTemporaryFile(dir=existing, prefix=".d2lite-write-test-"):
                pass
        elif not os.access(existing, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, text("core.permission_denied"))
    except OSError as err:
        raise ValueError(
            text("core.image_folder_unwritable", folder=path.parent, error=err.strerror or err)
        ) from None
    return path


def _write_new(path: Path, data: bytes) -> None:
    """Create `path` (it must not exist, not even as a link) and write `data` to disk."""
    fd = os.open(path, _NEW_FILE, 0o666)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def write_new_file(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to a new file `path`; FileExistsError if anything, a link too, has the name."""
    path = Path(path)
    _write_new(path, data)
    return path


def write_file(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to `path` atomically, without following a link at `path`.

    The data goes to a temporary file in the same folder, which then replaces
    the name in one step (`os.replace`): a link at `path` is replaced, never
    written through, and an existing file is either the old one or the new one.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    _write_new(temporary, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def in_the_way(path: str | os.PathLike[str]) -> str | None:
    """Say what stops `path` from being written as a file ("a folder", ...); None if nothing.

    Nothing stands in the way of a name that is free or holds a regular file.
    A symbolic link is in the way even when it points to a regular file.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        return text("core.in_the_way_link", target=os.readlink(path))
    if stat.S_ISDIR(mode):
        return text("core.in_the_way_folder")
    if not stat.S_ISREG(mode):
        return text("core.in_the_way_other")
    return None


def _probe_write(folder: Path) -> None:
    """Create and remove a temporary file in `folder`; OSError if that is not allowed."""
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".d2lite-write-test-"):
        pass


def check_folder(folder: str | os.PathLike[str], what: str | None = None) -> None:
    """Check that `folder` is, or can be made as, a folder this process may write `what` into.

    A link to a folder is fine: whoever named it chose where it points.
    Raises NotADirectoryError when a file (or a dangling link) is in the way
    of the folder, PermissionError when it cannot be written. Writes nothing
    that stays: an existing folder is probed with a temporary file. `what` is
    shown in the message as is (None: "the files", in the session's language).
    """
    folder = Path(folder)
    if folder.is_dir():
        try:
            _probe_write(folder)
        except OSError as err:
            raise PermissionError(
                text("core.folder_unwritable", folder=folder, error=err.strerror or err)
            ) from None
        return
    existing = folder
    while not existing.is_dir() and existing != existing.parent:
        if existing.is_symlink() or existing.exists():
            kind = (
                text("core.kind_link", target=os.readlink(existing))
                if existing.is_symlink()
                else text("core.kind_file")
            )
            raise NotADirectoryError(
                text(
                    "core.folder_blocked",
                    existing=existing,
                    kind=kind,
                    folder=folder,
                    what=what if what is not None else text("core.the_files"),
                    name=existing.name,
                )
            )
        existing = existing.parent
    if not os.access(existing, os.W_OK | os.X_OK):
        raise PermissionError(text("core.cannot_make_folder", folder=folder, existing=existing))
