"""The live-figure engine shared by `Animator` and `ProgressBoard`: figures redrawn as data arrives.

Both classes plot curves that grow while a model trains, and must behave the
same wherever they run, so everything that depends on the place lives here
once:

- `LiveFigure` makes the figure for the place: in Jupyter it is shown through
  one `LiveOutput` updated in place; with a desktop backend in a `LiveWindow`
  that stays open when the script ends; with no display it is closed at once
  and can only be saved.
- `cell_end` runs work left for the end of the running Jupyter cell (boards'
  last points, empty figures to close), through one post_execute callback.
- `draw_lines` and `set_up_axes` draw curves (with a marker for a curve of one
  point) and set labels, limits (widened to hold every value), scales and
  legend, with Chinese text falling back on a CJK font.
- `settings` holds d2lite's own figure defaults (size, SVG in Jupyter), which
  d2lite uses instead of changing matplotlib's `rcParams`.

matplotlib and IPython are imported only when a figure is made or shown.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

from d2lite import display as where
from d2lite.display import has_display_backend, in_notebook
from d2lite.fonts import add_cjk_fallback
from d2lite.messages import text

__all__ = ["LiveFigure", "LiveOutput", "LiveWindow", "draw_lines", "set_up_axes", "widened"]

DEFAULT_FIGSIZE = (3.5, 2.5)


class Settings:
    """d2lite's own figure defaults, changed by `set_figsize` and `use_svg_display`."""

    figsize: tuple[float, float] = DEFAULT_FIGSIZE
    svg: bool = False


settings = Settings()


def pyplot() -> Any:
    import matplotlib.pyplot as plt

    return plt


# ---------------------------------------------------------------- end of a Jupyter cell


class CellEnd:
    """Work to do when the running Jupyter cell ends, each piece once.

    The instance itself is the post_execute callback, put first in the kernel's
    list: the inline backend shows the open pyplot figures in its own callback,
    and an empty figure must be closed before that.
    """

    def __init__(self) -> None:
        self._tasks: dict[int, Callable[[], object]] = {}

    def add(self, key: object, task: Callable[[], object]) -> bool:
        """Run `task` when the cell ends (one task per `key`); False outside Jupyter."""
        shell = where.ipython_kernel()
        if shell is None:
            return False
        self._tasks[id(key)] = task
        callbacks = shell.events.callbacks["post_execute"]
        if not any(callback is self for callback in callbacks):
            callbacks.insert(0, self)
        return True

    def discard(self, key: object) -> None:
        """Forget the task of `key`, e.g. because it was done already."""
        self._tasks.pop(id(key), None)

    def __call__(self) -> None:
        tasks = list(self._tasks.values())
        self._tasks.clear()
        for task in tasks:
            task()


cell_end = CellEnd()


# ---------------------------------------------------------------- where the figure is shown


class LiveOutput:
    """One output in a Jupyter notebook that shows a figure and is updated in place.

    The first `show` displays the figure as an image with a display id; later
    calls replace that image, so the notebook keeps one output per run and
    never flickers. `new` makes the next `show` start a fresh output.
    """

    def __init__(self) -> None:
        self._handle: Any = None

    def new(self) -> None:
        """Make the next `show` display a new output instead of updating the last one."""
        self._handle = None

    def show(self, fig: Any) -> None:
        """Display `fig` (PNG, or SVG after `use_svg_display`), or update the shown one."""
        from IPython.display import SVG, Image, display

        buffer = io.BytesIO()
        fmt = "svg" if settings.svg else "png"
        add_cjk_fallback(fig)
        fig.savefig(buffer, format=fmt, bbox_inches="tight")
        image = SVG(buffer.getvalue()) if fmt == "svg" else Image(buffer.getvalue(), format="png")
        if self._handle is None:
            self._handle = display(image, display_id=True)
        else:
            self._handle.update(image)


# Figures shown in windows by d2lite, kept open at the end of a script until closed.
_windows: list[Any] = []


def _keep_windows_open() -> None:
    plt = pyplot()
    if any(plt.fignum_exists(fig.number) for fig in _windows):
        print(text("plot.window_open"), flush=True)
        plt.show()


class LiveWindow:
    """A figure in a desktop window, redrawn in place as data arrives (scripts, IDEs).

    The window opens at the first `update` without being raised above other
    windows, and is redrawn by processing the window's pending events instead
    of `plt.pause`, which would take the focus at every point. When the script
    ends with the window still open, it stays until the learner closes it, as
    `plt.show()` at the end of a script would.
    """

    def __init__(self, fig: Any) -> None:
        self.fig = fig
        self.shown = False

    def update(self) -> None:
        """Show the window if it is not yet shown, then redraw it."""
        import matplotlib

        if not self.shown:
            with matplotlib.rc_context({"figure.raise_window": False}):
                self.fig.show()
            self.shown = True
            if not _windows:
                import atexit

                atexit.register(_keep_windows_open)
            _windows.append(self.fig)
        add_cjk_fallback(self.fig)
        self.fig.canvas.draw_idle()
        self.fig.canvas.flush_events()


class LiveFigure:
    """Where a live figure goes: one Jupyter output, a desktop window, or nowhere.

    `create` makes the figure; `show` puts its current drawing on screen. A
    figure made elsewhere (passed by the user) can be shown too: in Jupyter it
    goes to the output, elsewhere it is left to its owner.
    """

    def __init__(self) -> None:
        self.output = LiveOutput()
        self.window: LiveWindow | None = None

    def create(self, figsize: Sequence[float], nrows: int = 1, ncols: int = 1) -> tuple[Any, list]:
        """Return a new figure of nrows x ncols Axes and the list of its Axes."""
        plt = pyplot()
        fig, axes = plt.subplots(
            nrows, ncols, figsize=tuple(figsize), squeeze=False, layout="constrained"
        )
        if in_notebook() or not has_display_backend():
            # In Jupyter the figure goes through our own output; left to pyplot, the
            # inline backend would show it once more when the cell ends. Without a
            # display nobody can show it: do not let figures pile up.
            plt.close(fig)
        else:
            self.window = LiveWindow(fig)
        return fig, list(axes.flatten())

    def new_output(self) -> None:
        """Make the next `show` in Jupyter start a fresh output."""
        self.output.new()

    def show(self, fig: Any) -> None:
        """Show the current drawing of `fig`: update the Jupyter output or the window."""
        if in_notebook():
            self.output.show(fig)
        elif self.window is not None:
            self.window.update()


# ---------------------------------------------------------------- drawing


def _to_plottable(values: Any) -> Any:
    """Return tensors as NumPy arrays on the CPU (detached); anything else unchanged."""
    if hasattr(values, "detach") and hasattr(values, "cpu"):
        return values.detach().cpu().numpy()
    return values


def draw_lines(
    axes: Any,
    X: Sequence[Any],
    Y: Sequence[Any],
    fmts: Sequence[str | None],
    styles: Sequence[dict[str, Any]] = ({},),
) -> None:
    """Plot each series Y[i] against X[i] (against its indices when X[i] is empty).

    fmts: matplotlib format strings used in turn (None: no format string);
    styles: keyword arguments for `plot` used in turn, e.g. linestyle and color.
    A series of one point gets a marker: a line needs two points, and without
    one the point would not show at all.
    """
    for x, y, fmt, style in zip(X, Y, itertools.cycle(fmts), itertools.cycle(styles)):
        x, y = _to_plottable(x), _to_plottable(y)
        args = ((x, y) if len(x) else (y,)) + (() if fmt is None else (fmt,))
        lines = axes.plot(*args, **style)
        if len(y) == 1:
            for line in lines:
                if line.get_marker() in (None, "None", "", " "):
                    line.set_marker("o")


def widened(
    ylim: Sequence[float] | None, series: Sequence[Sequence[float]] | None, yscale: str = "linear"
) -> Sequence[float] | None:
    """Return `ylim`, widened to hold every finite value of `series` (with a small margin)."""
    if ylim is None or not series:
        return ylim
    values = [v for s in series for v in s if math.isfinite(v) and (yscale != "log" or v > 0)]
    if not values:
        return ylim
    low, high = float(ylim[0]), float(ylim[1])
    lowest, highest = min(values), max(values)
    if yscale == "log":
        if lowest < low:
            low = lowest / 1.5
        if highest > high:
            high = highest * 1.5
    else:
        margin = 0.05 * (max(highest, high) - min(lowest, low))
        if lowest < low:
            low = lowest - margin
        if highest > high:
            high = highest + margin
    return [low, high]


def set_up_axes(
    axes: Any,
    xlabel: str | None,
    ylabel: str | None,
    xlim: Sequence[float] | None,
    ylim: Sequence[float] | None,
    xscale: str,
    yscale: str,
    legend: Sequence[str] | None,
    *,
    series: Sequence[Sequence[float]] | None = None,
    grid: bool = True,
) -> None:
    """Set the labels, scales, limits and legend of a matplotlib Axes.

    ylim is widened to hold every value of `series` when given, so a value
    outside it stays on the chart. grid turns the grid on. Text with Chinese
    characters falls back on an installed CJK font.
    """
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_xscale(xscale)
    axes.set_yscale(yscale)
    axes.set_xlim(xlim)
    axes.set_ylim(widened(ylim, series, yscale))
    if legend:
        axes.legend(legend)
    if grid:
        axes.grid(True)
    add_cjk_fallback(axes.figure)
