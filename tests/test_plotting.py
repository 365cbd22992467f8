"""Plotting helpers under Agg: the book's semantics, no global matplotlib change, Animator."""

import copy
import json
import os
import subprocess
import sys

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from PIL import Image

import d2lite as d2l
from d2lite import display as where
from d2lite import live, plotting


@pytest.fixture(autouse=True)
def _clean_state():
    """Close figures and put d2lite's plotting defaults back; check rcParams did not move."""
    before = copy.deepcopy(dict(matplotlib.rcParams))
    yield
    plt.close("all")
    plotting._settings.figsize = plotting.DEFAULT_FIGSIZE
    plotting._settings.svg = False
    assert dict(matplotlib.rcParams) == before


def test_plt_is_pyplot_and_imported_only_on_use(tmp_path):
    assert d2l.plt is plt
    code = (
        "import sys, json\n"
        "import d2lite as d2l\n"
        "before = 'matplotlib' in sys.modules\n"
        "d2l.plt.figure\n"
        "print(json.dumps([before, 'matplotlib.pyplot' in sys.modules]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert json.loads(result.stdout) == [False, True], result.stderr
    with pytest.raises(AttributeError, match=r"module 'd2lite' has no attribute 'plot_everything'"):
        d2l.plot_everything  # noqa: B018


# ------------------------------------------------------------------------------------ plot


def test_plot_draws_several_series_against_one_x_with_labels():
    x = torch.arange(0, 3, 0.5, requires_grad=True)  # tensors needing grad are fine
    d2l.plot(
        x,
        [x**2, 2 * x],
        "x",
        "f(x)",
        legend=["f(x)", "Tangent line (x=1)"],
        xlim=[0, 3],
        ylim=[0.1, 10],
        yscale="log",
    )
    ax = plt.gca()
    assert len(ax.lines) == 2
    np.testing.assert_allclose(ax.lines[0].get_xdata(), x.detach().numpy())
    np.testing.assert_allclose(ax.lines[1].get_ydata(), (2 * x).detach().numpy())
    assert ax.lines[1].get_linestyle() == "--" and ax.lines[1].get_color() == "m"
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_yscale()) == ("x", "f(x)", "log")
    assert tuple(ax.get_xlim()) == (0, 3)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["f(x)", "Tangent line (x=1)"]
    assert ax.xaxis.get_gridlines()[0].get_visible()
    assert tuple(ax.figure.get_size_inches()) == (3.5, 2.5)


def test_plot_with_only_y_uses_indices_and_cycles_formats():
    assert d2l.plot([[1, 2, 3]] * 5, figsize=(4.5, 2.5)) is None  # as in the book
    ax = plt.gca()
    assert len(ax.lines) == 5
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [0, 1, 2])
    assert ax.lines[4].get_linestyle() == "-"  # the fifth series reuses the first format
    assert tuple(ax.figure.get_size_inches()) == (4.5, 2.5)


def test_plot_draws_into_given_axes_and_clears_them():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [5, 5])
    d2l.plot([1, 2], [3, 4], axes=ax)
    assert len(ax.lines) == 1  # cleared first, as the book's plot does


def test_set_figsize_sizes_d2lites_figures_and_the_next_pyplot_figure():
    d2l.set_figsize((5, 2))
    plt.scatter([1, 2], [3, 4])  # the book: d2l.set_figsize(); d2l.plt.scatter(...)
    assert tuple(plt.gcf().get_size_inches()) == (5, 2)
    plt.close("all")
    d2l.plot([1, 2])
    assert tuple(plt.gcf().get_size_inches()) == (5, 2)
    plt.close("all")
    d2l.set_figsize()
    d2l.plot([1, 2])  # set_figsize's empty figure is used, not a second one
    assert len(plt.get_fignums()) == 1 and len(plt.gcf().axes[0].lines) == 1
    assert tuple(d2l.Animator().fig.get_size_inches()) == (3.5, 2.5)


def test_set_figsize_errors():
    with pytest.raises(TypeError, match=r"figsize must be a pair \(width, height\) in inches"):
        d2l.set_figsize(3)
    with pytest.raises(ValueError, match=r"figsize must be positive, got \(0, 2\)"):
        d2l.set_figsize((0, 2))


def test_set_axes_twice_keeps_the_grid_on():
    _, ax = plt.subplots()
    for _ in range(2):
        d2l.set_axes(ax, "x", "y", [0, 1], [0, 2], "linear", "linear", ["a"])
    assert ax.xaxis.get_gridlines()[0].get_visible()
    assert tuple(ax.get_ylim()) == (0, 2)


def test_use_svg_display_is_harmless_outside_jupyter():
    d2l.use_svg_display()  # no kernel here: only d2lite's own Animator output changes
    assert plotting._settings.svg


# ------------------------------------------------------------------------------ show_images


def test_show_images_takes_a_tensor_batch_that_requires_grad():
    imgs = torch.rand(4, 1, 6, 5, requires_grad=True)
    axes = d2l.show_images(imgs, 2, 3, titles=["a", "b", "c", "d"])
    assert axes.shape == (6,)
    assert [ax.get_title() for ax in axes[:4]] == ["a", "b", "c", "d"]
    np.testing.assert_allclose(axes[1].images[0].get_array(), imgs[1, 0].detach().numpy())
    assert not axes[4].images  # more cells than images: the rest stay empty
    assert not axes[0].xaxis.get_visible()
    assert tuple(axes[0].figure.get_size_inches()) == (4.5, 3.0)  # 3 x 1.5, 2 x 1.5


def test_show_images_takes_numpy_pil_and_colour_images():
    gray = np.random.rand(2, 7, 7)
    assert d2l.show_images(gray, 1, 2)[1].images[0].get_array().shape == (7, 7)
    pil = [Image.new("L", (9, 4), color=128)]
    assert d2l.show_images(pil, 1, 1, scale=2)[0].images[0].get_array().shape == (4, 9)
    rgb = torch.rand(1, 3, 5, 6)
    assert d2l.show_images(rgb, 1, 1)[0].images[0].get_array().shape == (5, 6, 3)


def test_show_images_errors():
    with pytest.raises(ValueError, match=r"num_rows must be >= 1, got 0"):
        d2l.show_images(torch.rand(2, 4, 4), 0, 2)
    with pytest.raises(ValueError, match=r"titles has 1 entries but 2 images are shown"):
        d2l.show_images(torch.rand(2, 4, 4), 1, 2, titles=["only one"])
    with pytest.raises(ValueError, match=r"got \(2, 4, 4, 4\); pass a batch such as X"):
        d2l.show_images(torch.rand(1, 2, 4, 4, 4), 1, 1)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_show_images_takes_cuda_tensors():
    axes = d2l.show_images(torch.rand(2, 1, 4, 4, device="cuda"), 1, 2)
    assert axes[1].images[0].get_array().shape == (4, 4)


# --------------------------------------------------------------------------------- Animator


def _legend_animator(**kwargs):
    return d2l.Animator(
        xlabel="epoch", xlim=[1, 3], legend=["train loss", "train acc", "test acc"], **kwargs
    )


def test_animator_prints_one_line_per_add_without_a_kernel(capsys):
    animator = _legend_animator()
    animator.add(1, (0.5123, 0.8, None))
    animator.add(2, [0.45, 0.83, 0.82])
    out = capsys.readouterr().out
    assert out == (
        "epoch 1: train loss 0.512, train acc 0.800\n"
        "epoch 2: train loss 0.450, train acc 0.830, test acc 0.820\n"
    )
    assert animator.X == [[1.0, 2.0], [1.0, 2.0], [2.0]]  # the None was skipped
    lines = animator.axes[0].lines
    assert [list(line.get_ydata()) for line in lines] == [[0.5123, 0.45], [0.8, 0.83], [0.82]]
    assert animator.fig.number not in plt.get_fignums()  # Agg: closed, nothing piles up


def test_animator_lines_for_other_labels(capsys):
    animator = d2l.Animator(xlabel="step", ylabel="loss")
    animator.add(0.5, 1e-5)
    animator.add(1.5, [None])
    unnamed = d2l.Animator()
    unnamed.add([1, 2], [3.0, 4.0])
    tensors = d2l.Animator(xlabel="epoch", legend=["acc"])
    tensors.add(torch.tensor(3), torch.tensor(0.25))  # 0-dim tensors are single values
    assert capsys.readouterr().out == (
        "step 0.5: loss 1e-05\nx 1: y0 3.000, y1 4.000\nepoch 3: acc 0.250\n"
    )


def test_a_quiet_animator_prints_nothing_and_saves_a_png(tmp_path, capsys):
    animator = _legend_animator(quiet=True)
    animator.add(1, (0.5, 0.8, 0.79))
    path = animator.save(tmp_path / "curves.png")
    assert capsys.readouterr().out == ""
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert animator.save(tmp_path / "curves").read_bytes()[:4] == b"\x89PNG"  # no suffix: PNG


def test_animator_errors(tmp_path):
    animator = d2l.Animator()
    with pytest.raises(FileNotFoundError, match=r"the folder '.*missing' does not exist"):
        animator.save(tmp_path / "missing" / "curves.png")
    with pytest.raises(ValueError, match=r"got 2 x values but 3 y values"):
        animator.add([1, 2], [1, 2, 3])
    animator.add(1, [1, 2])
    with pytest.raises(ValueError, match=r"got 3 y values but earlier calls had 2"):
        animator.add(2, [1, 2, 3])
    with pytest.raises(ValueError, match=r"nrows must be >= 1, got 0"):
        d2l.Animator(nrows=0)


class _FakeHandle:
    def __init__(self):
        self.updates = []

    def update(self, obj):
        self.updates.append(obj)


@pytest.fixture
def fake_notebook(monkeypatch):
    """Pretend to run in a Jupyter kernel and record what is displayed."""
    import IPython.display

    calls = {"display": [], "handle": _FakeHandle()}

    def display(obj, display_id=None):
        calls["display"].append((obj, display_id))
        return calls["handle"]

    def clear_output(*args, **kwargs):
        raise AssertionError("clear_output must not be used")

    monkeypatch.setattr(where, "ipython_kernel", lambda: object())
    monkeypatch.setattr(IPython.display, "display", display)
    monkeypatch.setattr(IPython.display, "clear_output", clear_output)
    return calls


def test_animator_updates_one_display_in_place_in_jupyter(fake_notebook, capsys):
    from IPython.display import SVG
    from IPython.display import Image as IPImage

    animator = _legend_animator()
    for epoch in range(1, 4):
        animator.add(epoch, (0.6 - 0.1 * epoch, 0.7, 0.75))
    [(first, display_id)] = fake_notebook["display"]  # displayed exactly once
    assert display_id is True
    assert isinstance(first, IPImage) and first.data[:4] == b"\x89PNG"
    updates = fake_notebook["handle"].updates
    assert len(updates) == 2 and all(isinstance(u, IPImage) for u in updates)
    assert capsys.readouterr().out == ""  # the figure is the output, not printed lines
    assert animator.fig.number not in plt.get_fignums()  # inline will not show it again

    d2l.use_svg_display()
    svg_animator = _legend_animator()
    svg_animator.add(1, (0.5, 0.7, 0.75))
    assert isinstance(fake_notebook["display"][-1][0], SVG)


def test_in_notebook_needs_a_kernel(monkeypatch):
    import IPython

    class TerminalShell:  # terminal IPython: no kernel, no rich display
        pass

    class KernelShell:
        kernel = object()

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    assert not where.in_notebook()
    monkeypatch.setattr(IPython, "get_ipython", lambda: TerminalShell())
    assert not where.in_notebook()
    monkeypatch.setattr(IPython, "get_ipython", lambda: KernelShell())
    assert where.in_notebook()


def test_train_ch3_in_jupyter_makes_one_display(fake_notebook):
    from d2lite.data.loaders import ArrayLoader

    X, y = torch.rand(64, 1, 4, 4), torch.randint(0, 10, (64,))
    loader = ArrayLoader((X, y), 16)
    net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(16, 10))
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    loss = torch.nn.CrossEntropyLoss(reduction="none")
    d2l.train_ch3(net, loader, loader, loss, 3, trainer, progress=None)
    assert len(fake_notebook["display"]) == 1
    assert len(fake_notebook["handle"].updates) == 2
    assert plt.get_fignums() == []


def test_show_images_never_draws_more_cells_than_images():
    images = torch.rand(6, 28, 28)
    axes = d2l.show_images(images, 1000, 1000)  # once took gigabytes and never finished
    assert len(axes) == 6
    axes = d2l.show_images(images, 3, 4)  # 3 x 4: the third row is not needed
    assert len(axes) == 8 and sum(ax.get_visible() for ax in axes) == 6
    assert len(d2l.show_images(images, 1, 3)) == 3  # fewer cells than images: as asked
    with pytest.raises(ValueError, match="show_images got no images"):
        d2l.show_images(images[:0], 1, 2)
    plt.close("all")


def test_a_curve_of_one_point_is_visible():
    fig, ax = plt.subplots()
    d2l.plot([1], [[0.5], [0.7]], axes=ax)
    assert all(line.get_marker() == "o" for line in ax.get_lines())
    d2l.plot([1, 2], [0.5, 0.6], axes=ax)
    assert ax.get_lines()[0].get_marker() in ("None", None, "")
    animator = d2l.Animator(legend=["a"], quiet=True)
    animator.add(1, 0.5)
    assert animator.axes[0].get_lines()[0].get_marker() == "o"
    plt.close("all")


def test_set_figsize_alone_in_a_notebook_cell_leaves_no_stray_figure(monkeypatch):
    class Events:
        callbacks = {"post_execute": ["inline backend's flush"]}

    class Shell:
        kernel = object()
        events = Events()

    monkeypatch.setattr(where, "ipython_kernel", lambda: Shell())
    monkeypatch.setattr(plotting, "ipython_kernel", lambda: Shell())
    monkeypatch.setattr(live, "cell_end", live.CellEnd())
    plt.close("all")
    d2l.set_figsize((3, 2))
    first = Shell.events.callbacks["post_execute"][0]
    assert first is live.cell_end  # before the inline backend shows figures
    first()  # the cell ends with nothing drawn: the empty figure goes
    assert plt.get_fignums() == []
    d2l.set_figsize((3, 2))
    plt.scatter([1, 2], [3, 4])  # the book's pattern: drawn into, so it stays
    first()
    assert len(plt.get_fignums()) == 1 and tuple(plt.gcf().get_size_inches()) == (3, 2)
    plt.close("all")
