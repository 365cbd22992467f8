"""`ProgressBoard`: the 1.0 edition's live plot of training curves.

`draw(x, y, label, every_n)` collects points per curve and plots the mean of
each `every_n` of them, as the book's board does. What differs is the cost and
the places it works:

- Values may be tensors (on any device). They are kept as tensors, summed on
  their device, and read once per plotted point, so a GPU never waits batch by
  batch (the book copies every batch's loss to the CPU).
- In Jupyter one output per run is updated in place, at most a few times a
  second; whatever is left is drawn when the cell finishes (the book redraws
  the whole figure for every point and clears the output each time).
- In a script with a desktop backend (TkAgg, QtAgg, macOS) a window opens
  and is redrawn live, a few times a second at most, without taking the
  focus; it stays open when the script ends, until closed.
- Outside Jupyter the `Trainer` asks for one line of averaged metrics per
  epoch (`log_epoch`); with no display nothing is drawn until training ends
  or `save` is called.
- The y range is widened when a value falls outside `ylim`, and text with
  Chinese characters falls back on an installed CJK font.

How the figure is made, shown and redrawn in each place is `d2lite.live`,
shared with the book's `Animator`.
"""

from __future__ import annotations

import collections
import math
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import torch

from d2lite import live
from d2lite.classes.hyperparameters import HyperParameters
from d2lite.display import has_display_backend, in_notebook
from d2lite.messages import text
from d2lite.plotting import format_value, save_figure
from d2lite.progress import write_line

__all__ = ["ProgressBoard"]

# In Jupyter a redraw costs tens of milliseconds; drawing at most this often keeps
# training fast while the figure still moves.
REDRAW_SECONDS = 0.5


class Point(NamedTuple):
    """One plotted point of a curve."""

    x: float
    y: float


def _as_value(y: Any) -> Any:
    if isinstance(y, torch.Tensor):
        if y.numel() != 1:
            raise ValueError(text("classes.board_scalar", shape=tuple(y.shape)))
        return y.detach().reshape(())
    return y


# The curves the book's classes draw, named in the learner's language where they are shown.
SHOWN_LABELS = {
    "train_loss": "classes.label_train_loss",
    "train_acc": "classes.label_train_acc",
    "val_loss": "classes.label_val_loss",
    "val_acc": "classes.label_val_acc",
}


def shown_label(label: str) -> str:
    """Return the name of curve `label` to show: "val_acc", or 验证精度 in Chinese."""
    key = SHOWN_LABELS.get(label)
    return label if key is None else text(key)


def _mean(values: Sequence[Any]) -> float:
    return float(sum(values) / len(values))  # one device read for tensors


class ProgressBoard(HyperParameters):
    """Plot data points as they arrive, averaging `every_n` raw points into one.

    Arguments as in the book: labels, limits and scales of the axes; `ls` and
    `colors` for the curves in turn; `fig` and `axes` to draw into (created
    when None); `figsize` in inches; `display` False collects the points in
    `data` without drawing or printing. `data` maps each label to its list of
    plotted `Point(x, y)`.
    """

    def __init__(
        self,
        xlabel: str | None = None,
        ylabel: str | None = None,
        xlim: Sequence[float] | None = None,
        ylim: Sequence[float] | None = None,
        xscale: str = "linear",
        yscale: str = "linear",
        ls: Sequence[str] = ("-", "--", "-.", ":"),
        colors: Sequence[str] = ("C0", "C1", "C2", "C3"),
        fig: Any = None,
        axes: Any = None,
        figsize: Sequence[float] = (3.5, 2.5),
        display: bool = True,
    ) -> None:
        self.save_hyperparameters()
        self.raw_points: collections.OrderedDict[str, list[Point]] = collections.OrderedDict()
        self.data: collections.OrderedDict[str, list[Point]] = collections.OrderedDict()
        self._epoch_sums: dict[str, list[Any]] = {}  # label -> [sum of raw values, count]
        self._live = live.LiveFigure()
        self._dirty = False
        self._last_draw = -math.inf

    def draw(self, x: float, y: Any, label: str, every_n: int = 1) -> None:
        """Add the raw point (x, y) to the curve `label`; plot the mean of each `every_n`."""
        if isinstance(every_n, bool) or not isinstance(every_n, (int, float)):
            raise TypeError(text("classes.every_n", value=every_n))
        every_n = max(1, int(every_n))
        y = _as_value(y)
        points = self.raw_points.setdefault(label, [])
        line = self.data.setdefault(label, [])
        points.append(Point(x, y))
        sums = self._epoch_sums.setdefault(label, [0.0, 0])
        sums[0] = sums[0] + y
        sums[1] += 1
        if len(points) < every_n:
            return
        line.append(Point(_mean([p.x for p in points]), _mean([p.y for p in points])))
        points.clear()
        if not self.display:
            return
        self._dirty = True
        if in_notebook():
            if time.monotonic() - self._last_draw >= REDRAW_SECONDS:
                self.flush()
            else:
                live.cell_end.add(self, self.flush)  # the rest is drawn when the cell ends
        elif has_display_backend() and time.monotonic() - self._last_draw >= REDRAW_SECONDS:
            self.flush()  # a desktop window: live, a few times a second at most

    # ------------------------------------------------------------------ drawing

    def _figure(self) -> Any:
        if self.fig is None:
            self.fig, _ = self._live.create(self.figsize)
        return self.fig

    def _render(self) -> None:
        fig = self._figure()
        axes = self.axes if self.axes is not None else (fig.axes[0] if fig.axes else fig.gca())
        axes.cla()
        X, Y, styles, labels = [], [], [], []
        for (label, points), ls, color in zip(
            self.data.items(), self.ls, self.colors, strict=False
        ):
            if points:
                X.append([p.x for p in points])
                Y.append([p.y for p in points])
                styles.append({"linestyle": ls, "color": color})
                labels.append(shown_label(label))
        live.draw_lines(axes, X, Y, fmts=(None,), styles=styles or ({},))
        live.set_up_axes(
            axes,
            self.xlabel,
            self.ylabel,
            self.xlim or None,
            self.ylim or None,
            self.xscale,
            self.yscale,
            labels,
            series=[[p.y for p in points] for points in self.data.values()],
            grid=False,  # the book's board has no grid
        )

    def flush(self) -> None:
        """Draw the points not drawn yet (in Jupyter, update the shown figure)."""
        live.cell_end.discard(self)
        if not (self._dirty and self.display):
            return
        self._render()
        self._live.show(self.fig)
        self._dirty = False
        self._last_draw = time.monotonic()

    def new_output(self) -> None:
        """Start a fresh output in Jupyter at the next drawing (e.g. for a new `fit`)."""
        self._live.new_output()

    def save(self, path: str | Path) -> Path:
        """Draw every point and write the figure to `path` (PNG unless the suffix says else)."""
        self._render()
        return save_figure(self.fig, path)

    # ------------------------------------------------------------------ per-epoch summary

    def log_epoch(self, epoch: int, num_epochs: int | None = None) -> dict[str, float]:
        """Return the mean of every curve's raw values since the last call, and start anew.

        Outside Jupyter, and when `display` is on, also print them as one line,
        e.g. ``epoch 3/10: train_loss 0.512, val_loss 0.530, val_acc 0.822``.
        """
        labels = [k for k, (_, count) in self._epoch_sums.items() if count]
        totals = [self._epoch_sums[k][0] for k in labels]
        counts = [self._epoch_sums[k][1] for k in labels]
        self._epoch_sums = {}
        if not labels:
            return {}
        devices = {t.device for t in totals if isinstance(t, torch.Tensor)}
        if len(devices) == 1 and all(isinstance(t, torch.Tensor) for t in totals):
            values = torch.stack([t.float() for t in totals]).tolist()  # one device read
        else:
            values = [float(t) for t in totals]
        means = {k: v / n for k, v, n in zip(labels, values, counts, strict=True)}
        if self.display and not in_notebook():
            of = f"/{num_epochs}" if num_epochs is not None else ""
            shown = ", ".join(f"{shown_label(k)} {format_value(v)}" for k, v in means.items())
            write_line(text("classes.board_line", epoch=epoch, of=of, shown=shown))
        return means
