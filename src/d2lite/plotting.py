"""Plotting helpers with the book's names: `plot`, `show_images`, `Animator` and friends.

matplotlib and IPython are imported inside the functions that need them, so
`import d2lite` stays light, and nothing here writes matplotlib's global
settings (`rcParams`). Where the book changes `rcParams['figure.figsize']`,
d2lite keeps its own default size (`set_figsize`), used by `plot` and
`Animator` when they are given no `figsize`.

`Animator` adapts to where it runs: in Jupyter it draws one figure and updates
it in place (one output per training run); in a script with a desktop backend
(TkAgg, QtAgg, macOS) it opens a window at the first point and updates it
live; with no display it prints one line of metrics per `add` and can `save`
the figure as an image. Figures d2lite makes use constrained layout, so labels
are never cut, and text with Chinese characters falls back on an installed
CJK font (see `d2lite.fonts`). How a live figure is made and shown in each of
those places is `d2lite.live`, shared with the 1.0 edition's `ProgressBoard`.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from d2lite import live
from d2lite.display import in_notebook, ipython_kernel
from d2lite.files import write_file
from d2lite.fonts import add_cjk_fallback
from d2lite.live import DEFAULT_FIGSIZE, draw_lines, set_up_axes
from d2lite.live import pyplot as _pyplot
from d2lite.live import settings as _settings
from d2lite.live import widened as widened  # the book-style training loop imports it here
from d2lite.messages import text
from d2lite.progress import write_line
from d2lite.validation import check_positive_int

__all__ = ["Animator", "plot", "set_axes", "set_figsize", "show_images", "use_svg_display"]

DEFAULT_FMTS = ("-", "m--", "g-.", "r:")


def _check_figsize(figsize: object) -> tuple[float, float]:
    try:
        width, height = (float(v) for v in figsize)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise TypeError(text("plot.figsize_type", figsize=figsize)) from None
    if not (width > 0 and height > 0):
        raise ValueError(text("plot.figsize_positive", figsize=figsize))
    return width, height


def use_svg_display() -> None:
    """Show Jupyter's inline figures as SVG; outside Jupyter this does nothing.

    Only IPython's display formats change (and d2lite's `Animator` output);
    matplotlib's own settings stay as they are.
    """
    _settings.svg = True
    shell = ipython_kernel()
    if shell is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("svg")


def set_figsize(figsize: Sequence[float] = DEFAULT_FIGSIZE) -> None:
    """Set d2lite's default figure size (inches) and open a figure of that size.

    The book writes matplotlib's global `rcParams` here; d2lite does not.
    Instead `plot` and `Animator` use this size when given no `figsize`, and
    the new figure becomes pyplot's current one, so the book's pattern
    ``d2l.set_figsize(); d2l.plt.scatter(...)`` draws at this size. In
    Jupyter, a figure nothing was drawn into by the end of the cell is
    closed, so a cell holding only ``d2l.set_figsize()`` shows nothing (not
    ``<Figure size 350x250 with 0 Axes>``).
    """
    _settings.figsize = _check_figsize(figsize)
    fig = _pyplot().figure(figsize=_settings.figsize, layout="constrained")
    live.cell_end.add(fig, functools.partial(_close_if_empty, fig))


def _close_if_empty(fig: Any) -> None:
    if not fig.axes:
        _pyplot().close(fig)


def set_axes(
    axes: Any,
    xlabel: str | None,
    ylabel: str | None,
    xlim: Sequence[float] | None,
    ylim: Sequence[float] | None,
    xscale: str,
    yscale: str,
    legend: Sequence[str] | None,
) -> None:
    """Set the labels, limits, scales and legend of a matplotlib Axes, and turn its grid on."""
    set_up_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend)


def _has_one_axis(X: Any) -> bool:
    """Return True if X is one series (1-D), not a list of series."""
    return (hasattr(X, "ndim") and X.ndim == 1) or (
        isinstance(X, list) and len(X) > 0 and not hasattr(X[0], "__len__")
    )


def plot(
    X: Any,
    Y: Any = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    legend: Sequence[str] | None = None,
    xlim: Sequence[float] | None = None,
    ylim: Sequence[float] | None = None,
    xscale: str = "linear",
    yscale: str = "linear",
    fmts: Sequence[str] = DEFAULT_FMTS,
    figsize: Sequence[float] | None = None,
    axes: Any = None,
) -> None:
    """Plot one or more series (on `axes`, or pyplot's current axes).

    X, Y: a series (list, 1-D array or tensor) or a list of series; with
    `Y` None, `X` holds the y values, plotted against their indices. Several
    Y series may share one X. Tensors are detached and copied to the CPU.
    fmts: line formats, used in turn. figsize: (width, height) in inches;
    None means the size `set_figsize` set, (3.5, 2.5) unless changed.
    axes: draw there; None draws into pyplot's current axes, as the book does,
    opening a figure when none is open.
    """
    if axes is None:
        plt = _pyplot()
        size = _settings.figsize if figsize is None else _check_figsize(figsize)
        if plt.get_fignums():
            fig = plt.gcf()
            if figsize is not None and not fig.axes:
                fig.set_size_inches(size)
        else:
            fig = plt.figure(figsize=size, layout="constrained")
        axes = fig.gca()

    if _has_one_axis(X):
        X = [X]
    if Y is None:
        X, Y = [[]] * len(X), X
    elif _has_one_axis(Y):
        Y = [Y]
    if len(X) != len(Y):
        X = list(X) * len(Y)
    axes.cla()
    draw_lines(axes, X, Y, fmts)
    set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend)
    # Nothing is returned, as in the book, so a notebook cell ending in plot(...)
    # shows the figure alone; pass `axes` (or use plt.gca()) to change it further.


def _to_image_array(img: Any) -> Any:
    """Return one image as something `imshow` draws: (H, W) or (H, W, C)."""
    if hasattr(img, "detach") and hasattr(img, "cpu"):
        img = img.detach().cpu().numpy()
    if not hasattr(img, "ndim"):
        return img  # a PIL image, drawn as is
    if img.ndim == 3 and img.shape[0] in (1, 3, 4) and img.shape[-1] not in (1, 3, 4):
        img = img.transpose(1, 2, 0)  # channels first (C, H, W) -> (H, W, C)
    if img.ndim == 3 and img.shape[-1] == 1:
        img = img[..., 0]
    if img.ndim != 2 and not (img.ndim == 3 and img.shape[-1] in (3, 4)):
        raise ValueError(text("plot.image_shape", shape=tuple(img.shape)))
    return img


def show_images(
    imgs: Any,
    num_rows: int,
    num_cols: int,
    titles: Sequence[str] | None = None,
    scale: float = 1.5,
) -> Any:
    """Show a grid of images with hidden axes and return the flattened array of Axes.

    imgs: a tensor or array of shape (N, H, W) or (N, 1, H, W) (any device;
    tensors that require grad are fine), or a sequence of such images or of
    PIL images. Only the first num_rows * num_cols are shown; a grid larger
    than the images given shrinks to the rows they need, with empty cells
    hidden.
    titles: one per image. scale: inches per image.
    """
    num_rows = check_positive_int("num_rows", num_rows)
    num_cols = check_positive_int("num_cols", num_cols)
    if hasattr(imgs, "detach") and hasattr(imgs, "cpu"):
        imgs = imgs.detach().cpu()  # one copy for the whole batch, not one per image
    if len(imgs) == 0:
        raise ValueError(text("plot.no_images"))
    if num_rows * num_cols > len(imgs):
        num_cols = min(num_cols, len(imgs))
        num_rows = min(num_rows, -(-len(imgs) // num_cols))  # ceil
    if titles is not None and len(titles) < min(len(imgs), num_rows * num_cols):
        shown = min(len(imgs), num_rows * num_cols)
        raise ValueError(text("plot.titles", n=len(titles), shown=shown))
    plt = _pyplot()
    figsize = (num_cols * scale, num_rows * scale)
    fig, axes = plt.subplots(
        num_rows, num_cols, figsize=figsize, squeeze=False, layout="constrained"
    )
    axes = axes.flatten()
    for ax in axes[len(imgs) :]:
        ax.set_visible(False)  # the last row may have more cells than images left
    for i, (ax, img) in enumerate(zip(axes, imgs, strict=False)):
        ax.imshow(_to_image_array(img))
        ax.axes.get_xaxis().set_visible(False)
        ax.axes.get_yaxis().set_visible(False)
        if titles:
            ax.set_title(titles[i])
    add_cjk_fallback(fig)
    return axes


def _is_scalar(value: Any) -> bool:
    # A 0-dim tensor or array has __len__ but is one number.
    return not hasattr(value, "__len__") or getattr(value, "ndim", None) == 0


def format_value(value: float) -> str:
    return f"{value:.3f}" if 1e-3 <= abs(value) < 1e4 else f"{value:.3g}"


class Animator:
    """Plot data points as they arrive, e.g. one point per epoch while training.

    In Jupyter the figure is displayed once and updated in place through a
    display handle, so a notebook keeps exactly one figure per run. In a
    script with a desktop backend the window opens at the first point and is
    redrawn at each `add`, without taking the focus or blocking; it stays open
    when the script ends, until closed. Outside Jupyter each `add` also prints
    one line such as ``epoch 3: train loss 0.512, train acc 0.831, test acc
    0.822`` unless `quiet`, and `save(path)` writes the figure. `ylim` is kept
    while every value fits in it and widened when one does not (a loss above
    the book's 0.9 stays on the chart). figsize None means the size
    `set_figsize` set. The figure is `self.fig`, its Axes `self.axes`.
    """

    def __init__(
        self,
        xlabel: str | None = None,
        ylabel: str | None = None,
        legend: Sequence[str] | None = None,
        xlim: Sequence[float] | None = None,
        ylim: Sequence[float] | None = None,
        xscale: str = "linear",
        yscale: str = "linear",
        fmts: Sequence[str] = DEFAULT_FMTS,
        nrows: int = 1,
        ncols: int = 1,
        figsize: Sequence[float] | None = None,
        *,
        quiet: bool = False,
    ) -> None:
        nrows = check_positive_int("nrows", nrows)
        ncols = check_positive_int("ncols", ncols)
        size = _settings.figsize if figsize is None else _check_figsize(figsize)
        self.xlabel, self.ylabel = xlabel, ylabel
        self.legend = list(legend) if legend is not None else None
        self.fmts = fmts
        self.quiet = bool(quiet)
        self._notebook = in_notebook()
        self._live = live.LiveFigure()
        self.fig, self.axes = self._live.create(size, nrows, ncols)
        self.headless = not self._notebook and self._live.window is None

        def config_axes() -> None:
            set_up_axes(
                self.axes[0], xlabel, ylabel, xlim, ylim, xscale, yscale, self.legend, series=self.Y
            )

        self.config_axes = config_axes
        self.X: list[list[float]] | None = None
        self.Y: list[list[float]] | None = None

    def add(self, x: Any, y: Any) -> None:
        """Add one point to each line: x and y are numbers or equally long lists (None skips)."""
        y = [y] if _is_scalar(y) else list(y)
        n = len(y)
        x = [x] * n if _is_scalar(x) else list(x)
        if len(x) != n:
            raise ValueError(text("plot.add_xy", nx=len(x), ny=n))
        if self.X is None or self.Y is None:
            self.X = [[] for _ in range(n)]
            self.Y = [[] for _ in range(n)]
        if n != len(self.Y):
            raise ValueError(text("plot.add_count", n=n, before=len(self.Y)))
        for i, (a, b) in enumerate(zip(x, y, strict=True)):
            if a is not None and b is not None:
                self.X[i].append(float(a))
                self.Y[i].append(float(b))
        ax = self.axes[0]
        ax.cla()
        draw_lines(ax, self.X, self.Y, self.fmts)
        self.config_axes()
        self._live.show(self.fig)
        if not self._notebook and not self.quiet:
            self._print_line(x, y)

    def _print_line(self, x: Sequence[Any], y: Sequence[Any]) -> None:
        names = self.legend or (
            [self.ylabel] if self.ylabel and len(y) == 1 else [f"y{i}" for i in range(len(y))]
        )
        shown = [(name, b) for name, b in zip(names, y, strict=False) if b is not None]
        if not shown:
            return
        xs = [a for a in x if a is not None]
        x0 = float(xs[0]) if xs else float("nan")
        x_text = str(int(x0)) if x0.is_integer() else f"{x0:g}"
        label = self.xlabel or "x"
        values = ", ".join(f"{name} {format_value(float(b))}" for name, b in shown)
        write_line(f"{label} {x_text}: {values}")

    def save(self, path: str | Path) -> Path:
        """Write the figure to `path` (PNG unless the suffix names another format)."""
        return save_figure(self.fig, path)


def save_figure(fig: Any, path: str | Path, dpi: float | str = "figure") -> Path:
    """Write a matplotlib figure to `path` (PNG unless the suffix names another format).

    The image is drawn in memory, then written in one step without following a
    link at `path` (see `d2lite.files.write_file`).
    """
    path = Path(path)
    if not path.parent.exists():
        raise FileNotFoundError(text("plot.save_folder", path=str(path), folder=str(path.parent)))
    fmt = path.suffix[1:].lower() or "png"
    add_cjk_fallback(fig)  # text added since it was drawn, e.g. a title
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, bbox_inches="tight", dpi=dpi)
    return write_file(path, buffer.getvalue())
