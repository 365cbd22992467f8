"""Plots in every editor and language: desktop windows, headless runs, layout, Chinese text.

The window tests run a real Tk window on a virtual display (Xvfb, installed by
.ci/run); elsewhere they skip, except on CI where a missing Xvfb is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pytest
import torch

import d2lite as d2l
from d2lite import fonts
from d2lite.data.loaders import ArrayLoader


def _tiny(n=256, batch_size=64):
    torch.manual_seed(0)
    X, y = torch.rand(n, 1, 4, 4), torch.randint(0, 10, (n,))
    return ArrayLoader((X, y), batch_size)


@pytest.fixture(scope="module")
def display():
    """A virtual X display for Tk windows; yields its DISPLAY value."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is missing: .ci/run must install it (Debian package xvfb)")
        pytest.skip("needs Xvfb (Debian package xvfb) for a virtual display")
    for number in range(91, 120):
        if not os.path.exists(f"/tmp/.X{number}-lock"):
            break
    proc = subprocess.Popen(
        [xvfb, f":{number}", "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not os.path.exists(f"/tmp/.X11-unix/X{number}") and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f":{number}"
    proc.terminate()
    proc.wait(10)


def _run_script(code, display=None, backend="TkAgg", timeout=120):
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "DISPLAY")}
    env["MPLBACKEND"] = backend
    if display:
        env["DISPLAY"] = display
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=timeout
    )


WINDOW_SCRIPT = r"""
import json
import matplotlib.pyplot as plt
import torch
from torch import nn
import d2lite as d2l
from d2lite.data.loaders import ArrayLoader

torch.manual_seed(0)
X, y = torch.rand(256, 1, 4, 4), torch.randint(0, 10, (256,))
loader = ArrayLoader((X, y), 64)
net = nn.Sequential(nn.Flatten(), nn.Linear(16, 10))
seen, draws = [], []
add = d2l.Animator.add

def watched(self, x, values):
    if not draws:
        self.fig.canvas.mpl_connect("draw_event", lambda event: draws.append(1))
    add(self, x, values)
    window = self.fig.canvas.manager.window
    window.update_idletasks()
    seen.append({"epoch": x, "viewable": bool(window.winfo_viewable()), "draws": len(draws),
                 "points": len(self.axes[0].get_lines()[0].get_xdata())})

d2l.Animator.add = watched
d2l.train_ch3(net, loader, loader, nn.CrossEntropyLoss(reduction="none"), 3,
              torch.optim.SGD(net.parameters(), lr=0.1), progress=False)
print("RESULT", json.dumps({"seen": seen, "open": plt.get_fignums(),
                            "backend": plt.get_backend()}))
# The window stays open when the script ends; close it from the event loop shortly.
plt.gcf().canvas.manager.window.after(200, lambda: plt.close("all"))
"""


def _result(stdout):
    line = next(line for line in stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


def test_train_ch3_window_opens_at_the_first_epoch_and_updates_live(display):
    result = _run_script(WINDOW_SCRIPT, display)
    assert result.returncode == 0, result.stderr
    data = _result(result.stdout)
    assert data["backend"].lower() == "tkagg"
    seen = data["seen"]
    assert [s["epoch"] for s in seen] == [1, 2, 3]
    assert seen[0]["viewable"]  # shown at the first point, before training ends
    assert [s["points"] for s in seen] == [1, 2, 3]
    draws = [s["draws"] for s in seen]
    assert draws[0] >= 1 and draws[1] > draws[0] and draws[2] > draws[1]  # redrawn per epoch
    assert data["open"] == [1]  # still there when train_ch3 returns
    assert "d2lite: the plot window stays open; close it to finish" in result.stdout
    assert result.stdout.count("epoch 3: train loss") == 1  # the lines print too


BOARD_SCRIPT = r"""
import json
import matplotlib.pyplot as plt
import torch
from d2lite import torch as d2l

class Tiny(d2l.DataModule):
    def __init__(self):
        super().__init__()
        self.batch_size = 32
        self.X, self.y = torch.rand(128, 1, 4, 4), torch.randint(0, 10, (128,))
    def get_dataloader(self, train):
        return self.get_tensorloader((self.X, self.y), train)

torch.manual_seed(0)
model = d2l.SoftmaxRegression(10, lr=0.1)
d2l.Trainer(max_epochs=2, progress=False).fit(model, Tiny())
window = model.board.fig.canvas.manager.window
window.update_idletasks()
lines = model.board.fig.axes[0].get_lines()
print("RESULT", json.dumps({"viewable": bool(window.winfo_viewable()),
                            "points": [len(l.get_xdata()) for l in lines]}))
window.after(200, lambda: plt.close("all"))
"""


def test_progress_board_window_shows_every_point(display):
    result = _run_script(BOARD_SCRIPT, display)
    assert result.returncode == 0, result.stderr
    data = _result(result.stdout)
    assert data["viewable"] and data["points"] == [4, 2, 2]
    assert "epoch 2/2: train_loss" in result.stdout


HEADLESS_SCRIPT = r"""
import torch
from torch import nn
import d2lite as d2l
from d2lite.data.loaders import ArrayLoader

torch.manual_seed(0)
loader = ArrayLoader((torch.rand(64, 1, 4, 4), torch.randint(0, 10, (64,))), 32)
net = nn.Sequential(nn.Flatten(), nn.Linear(16, 10))
opt = torch.optim.SGD(net.parameters(), lr=0.1)
loss = nn.CrossEntropyLoss(reduction="none")
d2l.train_ch3(net, loader, loader, loss, 2, opt, progress=False)
d2l.train_ch3(net, loader, loader, loss, 1, opt, progress=False, save_plot="curves.png")
"""


def test_headless_runs_say_how_to_save_the_curves(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run_script(HEADLESS_SCRIPT, display=None, backend="Agg")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2] == (
        "the training curves are not shown (no display); history.save_plot('curves.png') "
        "saves them, or pass save_plot='curves.png' to train_ch3"
    )
    assert lines[-1] == "saved the training curves to curves.png"
    assert (tmp_path / "curves.png").read_bytes()[:4] == b"\x89PNG"


def test_trainer_headless_hint(capsys):
    class Tiny(d2l.DataModule):
        def __init__(self):
            super().__init__()
            self.batch_size = 32

        def get_dataloader(self, train):
            return self.get_tensorloader(
                (torch.rand(64, 1, 4, 4), torch.randint(0, 10, (64,))), train
            )

    d2l.Trainer(max_epochs=1).fit(d2l.SoftmaxRegression(10, lr=0.1), Tiny())
    out = capsys.readouterr().out
    assert out.rstrip().endswith("model.board.save('curves.png') saves them")


# ---------------------------------------------------------------- layout and range


def _inside(fig):
    """Return (the texts of fig, whether everything drawn lies inside the figure)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)  # a figure closed in pyplot keeps no canvas of its own
    canvas.draw()
    drawn = fig.get_tightbbox(canvas.get_renderer())  # inches: every drawn artist
    page = fig.bbox_inches
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
    tolerance = 0.01
    inside = (
        drawn.x0 >= page.x0 - tolerance
        and drawn.y0 >= page.y0 - tolerance
        and drawn.x1 <= page.x1 + tolerance
        and drawn.y1 <= page.y1 + tolerance
    )
    return texts, inside


def test_labels_are_never_cut():
    animator = d2l.Animator(
        xlabel="epoch", ylabel="loss", legend=["train loss", "test acc"], xlim=[1, 10], quiet=True
    )
    for epoch in range(1, 4):
        animator.add(epoch, (0.5 / epoch, 0.7))
    texts, inside = _inside(animator.fig)
    assert "epoch" in texts and "loss" in texts and inside
    d2l.plot(
        [1, 2, 3],
        [[1, 2, 3]],
        xlabel="a long label for the x axis",
        ylabel="y values",
        legend=["a curve"],
    )
    assert _inside(plt.gcf())[1]
    axes = d2l.show_images(torch.rand(4, 28, 28), 1, 4, titles=["t-shirt\nshirt"] * 4)
    assert _inside(axes[0].figure)[1]
    plt.close("all")


def test_the_books_range_is_kept_while_values_fit_and_widened_when_not():
    animator = d2l.Animator(
        xlabel="epoch",
        xlim=[1, 10],
        ylim=[0.3, 0.9],
        legend=["train loss", "train acc"],
        quiet=True,
    )
    animator.add(1, (0.5, 0.8))
    assert tuple(animator.axes[0].get_ylim()) == pytest.approx((0.3, 0.9))
    animator.add(2, (2.3, 0.1))  # lr too large, or early epochs: off the book's chart
    low, high = animator.axes[0].get_ylim()
    assert low < 0.1 and high > 2.3
    log = d2l.Animator(yscale="log", ylim=[1e-3, 1e2], legend=["loss"], quiet=True)
    log.add(1, 500.0)
    assert log.axes[0].get_ylim()[1] > 500
    plt.close("all")


def test_one_epoch_curves_are_visible(tmp_path):
    history = d2l.History([0.8], [0.75], [0.78])
    path = history.save_plot(tmp_path / "one.png")
    assert path.stat().st_size > 1000
    from matplotlib.figure import Figure

    fig = Figure()
    d2l.plot([1], [[0.8], [0.75]], axes=fig.gca(), xlim=[0.5, 1.5])
    assert all(line.get_marker() == "o" for line in fig.gca().get_lines())


def test_the_commands_png_is_titled_and_fit_for_a_slide(tmp_path, monkeypatch, capsys):
    from d2lite import cli, commands, plotting

    saved = []
    real = plotting.save_figure

    def spy(fig, path, dpi="figure"):
        saved.append((fig.axes[0].get_title(), dpi, tuple(fig.get_size_inches())))
        return real(fig, path, dpi=dpi)

    monkeypatch.setattr(commands, "save_figure", spy)
    monkeypatch.chdir(tmp_path)
    assert (
        cli.main(
            [
                "train",
                "linear-scratch",
                "--epochs",
                "2",
                "--lr",
                "0.05",
                "--no-progress",
                "--out",
                "c.png",
            ]
        )
        == 0
    )
    [(title, dpi, size)] = saved
    assert title == "linear-scratch: lr 0.05, batch size 10, 2 epochs"
    assert dpi >= 150
    image = matplotlib.image.imread(tmp_path / "c.png")
    assert image.shape[1] >= 900 and image.shape[0] >= 600  # pixels: a slide, not a thumbnail


# ---------------------------------------------------------------- Chinese text


def _glyph_warnings(record):
    return [str(w.message) for w in record if "Glyph" in str(w.message)]


def test_chinese_text_renders_with_an_installed_font(tmp_path):
    if fonts.cjk_font() is None:
        if os.environ.get("CI"):
            pytest.fail("no CJK font: .ci/run must install one (fonts-wqy-microhei)")
        pytest.skip("needs a CJK font (Debian: fonts-wqy-microhei or fonts-noto-cjk)")
    before = dict(matplotlib.rcParams)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        animator = d2l.Animator(xlabel="迭代周期", legend=["训练损失", "测试精度"], quiet=True)
        animator.add(1, (0.5, 0.8))
        animator.axes[0].set_title("损失曲线")
        d2l.plotting.add_cjk_fallback(animator.fig)
        animator.save(tmp_path / "zh.png")
        labels = d2l.get_fashion_mnist_labels(torch.arange(4), lang="zh")
        axes = d2l.show_images(torch.rand(4, 28, 28), 1, 4, titles=labels)
        axes[0].figure.savefig(tmp_path / "images.png")
        d2l.History([0.5, 0.4], [0.8, 0.85], [0.79, 0.83]).save_plot(
            tmp_path / "h.png", title="训练结果"
        )
    assert _glyph_warnings(record) == []
    assert dict(matplotlib.rcParams) == before  # matplotlib's settings are untouched
    title = animator.axes[0].title
    assert fonts.cjk_font() in title.get_fontfamily()
    assert animator.axes[0].xaxis.label.get_fontfamily()[-1] == fonts.cjk_font()
    plt.close("all")


def test_chinese_labels():
    assert d2l.get_fashion_mnist_labels(torch.arange(10), lang="zh") == [
        "T恤",
        "裤子",
        "套衫",
        "连衣裙",
        "外套",
        "凉鞋",
        "衬衫",
        "运动鞋",
        "包",
        "短靴",
    ]
    with pytest.raises(ValueError, match="lang must be 'en' or 'zh', got 'fr'"):
        d2l.get_fashion_mnist_labels([0], lang="fr")


def test_use_chinese_font_sets_what_matplotlib_needs(monkeypatch):
    monkeypatch.setattr(fonts, "_found", ["WenQuanYi Micro Hei"])
    with matplotlib.rc_context():
        assert d2l.use_chinese_font() == "WenQuanYi Micro Hei"
        assert matplotlib.rcParams["font.sans-serif"][0] == "WenQuanYi Micro Hei"
        assert matplotlib.rcParams["font.family"] == ["sans-serif"]
        assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_without_a_chinese_font_the_message_says_what_to_install(monkeypatch):
    monkeypatch.setattr(fonts, "_found", [None])
    monkeypatch.setattr(fonts, "_warned", [])
    before = dict(matplotlib.rcParams)
    with pytest.warns(
        UserWarning,
        match=r"no font with Chinese characters is installed.*"
        r"Windows.*macOS.*fonts-noto-cjk",
    ):
        assert d2l.use_chinese_font() is None
    assert dict(matplotlib.rcParams) == before
    with pytest.warns(UserWarning, match="Chinese text shows as boxes"):
        d2l.Animator(legend=["训练损失"], quiet=True).add(1, 0.5)
    plt.close("all")
