"""Files d2lite writes: never overwrite what is not ours.

A plot is saved at the end of a run, so its path is checked before the run
starts: a bad path must not cost the training. An existing file is replaced
only when it is an image matplotlib wrote (an earlier plot); a learner's
notes that happen to carry the name are left alone.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

__all__ = ["check_image_path"]

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
            f"{os.fspath(given)} is a folder; give a file name such as {path / example_name}"
        )
    if not path.suffix:
        path = path.with_name(path.name + ".png")
    fmt = path.suffix[1:].lower()
    formats = FigureCanvasBase.get_supported_filetypes()
    if fmt not in formats:
        raise ValueError(
            f"{path.suffix!r} is not an image format matplotlib writes; use .png "
            f"(or one of {', '.join('.' + f for f in sorted(formats))})"
        )
    if path.exists() and not _is_our_image(path, fmt):
        raise ValueError(
            f"{path} exists and is not a {fmt.upper()} image written by matplotlib; d2lite will "
            f"not overwrite it: pick another name, or delete it first"
        )
    existing = path.parent  # the nearest folder that exists: the rest is made when saving
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        if not existing.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, f"{existing} is a file, not a folder")
        if existing == path.parent:
            with tempfile.NamedTemporaryFile(dir=existing, prefix=".d2lite-write-test-"):
                pass
        elif not os.access(existing, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, "permission denied")
    except OSError as err:
        raise ValueError(
            f"cannot write into the folder {path.parent} ({err.strerror or err}); pick "
            f"another place"
        ) from None
    return path
