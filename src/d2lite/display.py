"""Where figures can be shown: a Jupyter kernel, a desktop window, or nowhere.

Plots, progress bars and printed lines all depend on where the code runs, so
the answers live here, below everything that draws. Nothing here imports
matplotlib's pyplot or IPython unless they are already in use: asking must not
pick a backend or slow down `import d2lite`.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["FILE_ONLY_BACKENDS", "has_display_backend", "in_notebook", "ipython_kernel"]

# Backends that can only write files: figures made under them are closed once
# built (nobody can show them), so repeated training runs do not pile up figures.
FILE_ONLY_BACKENDS = {"agg", "cairo", "pdf", "pgf", "ps", "svg", "template"}


def ipython_kernel() -> Any:
    """Return the running IPython shell if it is a Jupyter kernel, else None."""
    # A kernel always has IPython imported; checking first keeps scripts from importing it.
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None  # plain terminal IPython has no kernel and no rich display
    return shell


def in_notebook() -> bool:
    """Return True when running inside a Jupyter (IPython kernel) session."""
    return ipython_kernel() is not None


def has_display_backend() -> bool:
    """Return True if pyplot's backend opens windows (TkAgg, QtAgg, macosx, ...)."""
    backend = _backend().lower()
    return backend not in FILE_ONLY_BACKENDS and "inline" not in backend


def _backend() -> str:
    """Return the name of the backend pyplot uses, or will use once imported."""
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        chosen = _chosen_backend(matplotlib)
        if chosen is not None:
            return chosen
        if _headless():
            # pyplot would try every desktop backend, find none usable, and settle on Agg.
            return "agg"
    # Left to pyplot: only importing it finds which desktop backend works here.
    import matplotlib.pyplot as plt

    return plt.get_backend()


def _chosen_backend(matplotlib: Any) -> str | None:
    """Return the backend set by MPLBACKEND, matplotlibrc or `use`; None when left to pyplot."""
    try:
        return matplotlib.get_backend(auto_select=False)  # matplotlib 3.10 and later
    except TypeError:
        pass
    get = getattr(matplotlib.rcParams, "_get_backend_or_none", None)
    if get is not None:
        return get()
    from matplotlib import rcsetup

    backend = dict.__getitem__(matplotlib.rcParams, "backend")
    return None if backend is rcsetup._auto_backend_sentinel else backend


def _headless() -> bool:
    """Return True when matplotlib finds no screen to open windows on (e.g. no DISPLAY)."""
    from matplotlib import cbook

    framework = getattr(cbook, "_get_running_interactive_framework", None)
    try:
        return framework is not None and framework() == "headless"
    except Exception:  # a private helper: if it changes, ask pyplot instead
        return False
