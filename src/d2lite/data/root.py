"""Where the datasets live: the data root.

It is the `root` argument, else the environment variable ``D2LITE_DATA``, else
the checkout's ``data/`` folder when d2lite runs from a source checkout (the
folder the book's code reaches as ``../data`` from ``notebooks/``), else
``~/.d2lite/data``.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "D2LITE_DATA"


def _default_root() -> tuple[Path, str]:
    package = Path(__file__).resolve().parent.parent  # src/d2lite
    checkout = package.parent.parent
    if package.parent.name == "src" and (checkout / "pyproject.toml").is_file():
        return checkout / "data", "the default for a source checkout: its data/ folder"
    return Path.home() / ".d2lite" / "data", "the default: ~/.d2lite/data"


def root_and_source(root: str | os.PathLike[str] | None) -> tuple[Path, str]:
    if root is not None:
        if not isinstance(root, (str, os.PathLike)):
            raise TypeError(
                f"root must be a path (str or pathlib.Path) or None, got {root!r} of type "
                f"{type(root).__name__}; pass for example '../data'"
            )
        if not os.fspath(root):
            raise ValueError("root must not be empty; pass a folder such as '../data', or None")
        source = "the root argument"
    else:
        root = os.environ.get(DATA_ENV, "").strip()
        if not root:
            return _default_root()
        source = f"the environment variable {DATA_ENV}"
    # Relative paths are taken from the current directory, once, so that later changes of
    # directory do not move the data.
    return Path(os.path.abspath(os.path.expanduser(os.fspath(root)))), source


def data_root(root: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that holds the datasets, as an absolute path.

    It is `root` if given, else $D2LITE_DATA, else ``<checkout>/data`` when d2lite
    is imported from a source checkout (``<checkout>/src/d2lite`` next to
    ``<checkout>/pyproject.toml``), else ``~/.d2lite/data``. Relative paths are
    resolved against the current directory. Fashion-MNIST sits in
    ``<data root>/FashionMNIST/raw/``.
    """
    return root_and_source(root)[0]
