"""Where the datasets live: the data root.

It is the `root` argument, else the environment variable ``D2LITE_DATA``, else
the checkout's ``data/`` folder when d2lite runs from a source checkout (the
folder the book's code reaches as ``../data`` from ``notebooks/``), else
``~/.d2lite/data``.
"""

from __future__ import annotations

import os
from pathlib import Path

from d2lite.messages import text

DATA_ENV = "D2LITE_DATA"

# A relative $D2LITE_DATA is resolved against the current directory the first time d2lite
# reads it in a process, then remembered (and written back to the environment as an
# absolute path, so that processes started from this one, such as notebook kernels that
# run in another directory, use the same folder).
_resolved_env: dict[str, Path] = {}


def _env_root(value: str) -> Path:
    path = _resolved_env.get(value)
    if path is None:
        path = Path(os.path.abspath(os.path.expanduser(value)))
        _resolved_env[value] = _resolved_env[str(path)] = path
        if os.environ.get(DATA_ENV, "").strip() == value:
            os.environ[DATA_ENV] = str(path)
    return path


def _default_root() -> tuple[Path, str]:
    package = Path(__file__).resolve().parent.parent  # src/d2lite
    checkout = package.parent.parent
    if package.parent.name == "src" and (checkout / "pyproject.toml").is_file():
        return checkout / "data", text("data.source_checkout")
    return Path.home() / ".d2lite" / "data", text("data.source_home")


def root_and_source(root: str | os.PathLike[str] | None) -> tuple[Path, str]:
    if root is not None:
        if not isinstance(root, (str, os.PathLike)):
            raise TypeError(text("data.root_type", value=repr(root), type=type(root).__name__))
        if not os.fspath(root):
            raise ValueError(text("data.root_empty"))
        source = text("data.source_argument")
    else:
        value = os.environ.get(DATA_ENV, "").strip()
        if not value:
            return _default_root()
        return _env_root(value), text("data.source_env", name=DATA_ENV)
    return Path(os.path.abspath(os.path.expanduser(os.fspath(root)))), source


def data_root(root: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that holds the datasets, as an absolute path.

    It is `root` if given, else $D2LITE_DATA, else ``<checkout>/data`` when d2lite
    is imported from a source checkout (``<checkout>/src/d2lite`` next to
    ``<checkout>/pyproject.toml``), else ``~/.d2lite/data``. A relative `root`
    is resolved against the current directory; a relative $D2LITE_DATA against
    the current directory when d2lite first reads it in this process (later
    changes of directory do not move the data). Fashion-MNIST sits in
    ``<data root>/FashionMNIST/raw/``.
    """
    return root_and_source(root)[0]
