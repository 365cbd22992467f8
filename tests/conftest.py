"""Test-wide settings: a headless matplotlib backend and an absolute data root.

The backend is set here, in the pytest process only: the notebook kernels that
nbval starts keep their inline backend, so their figures can be compared.
"""

from __future__ import annotations

import inspect
import os
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

# The tests read English messages unless a test chooses otherwise; each notebook chooses its
# own language in its first cell.
os.environ["D2LITE_LANG"] = "en"

# Notebook kernels run in notebooks/, so a relative data root would point elsewhere.
if os.environ.get("D2LITE_DATA"):
    os.environ["D2LITE_DATA"] = str(Path(os.environ["D2LITE_DATA"]).expanduser().resolve())


# The superuser may write into read-only folders; Windows has no geteuid (and no root).
IS_ROOT = getattr(os, "geteuid", lambda: -1)() == 0


def _can_symlink() -> bool:
    """Windows creates symbolic links only in Developer Mode or with administrator rights."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            os.symlink(folder, os.path.join(folder, "link"))
        except (OSError, NotImplementedError):
            return False
    return True


def pytest_collection_modifyitems(config, items):
    """Skip, with the reason, the tests that make symbolic links where links cannot be made."""
    if sys.platform != "win32" or _can_symlink():
        return
    import pytest

    skip = pytest.mark.skip(reason="this Windows account cannot create symbolic links")
    for item in items:
        function = getattr(item, "function", None)
        if function is not None and "symlink" in inspect.getsource(function):
            item.add_marker(skip)
