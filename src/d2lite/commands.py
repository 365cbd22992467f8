"""What each subcommand of `d2lite` does, once its arguments are parsed.

Each `cmd_*` function takes the parsed arguments, prints what a person at a
terminal needs (progress lines, results, where a file went) and returns the
exit code. They raise `CommandError` for a failure reported as one line
(exit 1) and `UsageError` for a bad argument found after parsing (exit 2);
`d2lite.cli` turns both into the command's output. Every line they print
comes from the message catalogue (`d2lite.messages`, keys "cli.*"), in the
language of the run (`d2lite --lang`). The models and training recipes
themselves are in `d2lite.recipes`.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import torch

from d2lite import recipes
from d2lite.data import download_fashion_mnist, idx, import_fashion_mnist
from d2lite.data import root as roots
from d2lite.devices import choose_device
from d2lite.files import check_image_path
from d2lite.lang import get_lang
from d2lite.messages import text
from d2lite.nets import divergence_advice
from d2lite.plotting import plot, save_figure
from d2lite.recipes import MODEL_DEFAULTS
from d2lite.seeding import set_seed
from d2lite.version import __version__

__all__: list[str] = []


class CommandError(Exception):
    """A failure the command reports as one line and exit code 1."""


class UsageError(Exception):
    """A bad argument found after parsing: reported with the usage and exit code 2."""


# ---------------------------------------------------------------- output helpers


def _show_progress(args: argparse.Namespace) -> bool:
    """Return --progress/--no-progress, or by default whether stderr is a terminal."""
    return sys.stderr.isatty() if args.progress is None else args.progress


def _check_out(args: argparse.Namespace) -> Path:
    """Return where the plot goes, checked before any training (see `check_image_path`).

    Raises UsageError when --out cannot take the plot, so a bad --out never costs a run.
    """
    given = args.out if args.out else str(Path("out") / f"{args.model}.png")
    try:
        return check_image_path(given, example_name=f"{args.model}.png")
    except ValueError as err:
        raise UsageError(text("cli.bad_out", error=err)) from None


def _prepare_out(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _use_file_backend() -> None:
    # The command only saves figures; a file backend never opens windows and
    # works without a display. Only this process is affected.
    import matplotlib

    matplotlib.use("Agg")


def _format_floats(values: Iterable[float]) -> str:
    return "[" + ", ".join(f"{v:.6f}" for v in values) + "]"


# ---------------------------------------------------------------- linear regression


def _train_linear(args: argparse.Namespace, device: torch.device) -> None:
    """Fit y = Xw + b on synthetic data, from scratch or with nn.Linear, as the book does."""

    def report(epoch: int, loss: float) -> None:
        print(text("cli.epoch_loss", epoch=epoch, loss=loss), flush=True)
        if not math.isfinite(loss):
            advice = divergence_advice(args.lr, option="--lr")
            raise CommandError(text("cli.diverged", loss=loss, epoch=epoch, advice=advice))

    result = recipes.train_linear(
        recipes.LINEAR_MODELS[args.model],
        args.epochs,
        args.lr,
        args.batch_size,
        device,
        progress=_show_progress(args),
        on_epoch=report,
    )
    print(text("cli.error_w", errors=_format_floats(result.w_error)))
    print(text("cli.error_b", error=result.b_error))

    path = _save_loss_curve(result.losses, _prepare_out(args.out_path), title=_plot_title(args))
    print(text("cli.saved_curve", path=path))


# The command's plots are for slides and reports: larger than the book's, 200 dots per inch.
PLOT_SIZE = (5.0, 3.5)
PLOT_DPI = 200


def _plot_title(args: argparse.Namespace) -> str:
    key = "cli.plot_title_one" if args.epochs == 1 else "cli.plot_title"
    return text(key, model=args.model, lr=f"{args.lr:g}", batch=args.batch_size, n=args.epochs)


def _save_loss_curve(losses: Sequence[float], path: Path, title: str) -> Path:
    """Plot the loss after each epoch (epoch 0: before training) on a log scale; save as PNG."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=PLOT_SIZE, layout="constrained")
    ax = fig.gca()
    epochs = list(range(len(losses)))
    xlabel, ylabel = text("train.curve_epoch"), text("cli.plot_loss")
    plot(epochs, [list(losses)], xlabel=xlabel, ylabel=ylabel, yscale="log", axes=ax)
    ax.set_title(title)
    return save_figure(fig, path, dpi=PLOT_DPI)


# ---------------------------------------------------------------- softmax regression


def _train_softmax(args: argparse.Namespace, device: torch.device) -> None:
    """Train softmax regression on Fashion-MNIST with `train_ch3`; save the curves."""
    _use_file_backend()
    root, source = _data_root(args)
    folder = root / idx.RAW_SUBDIR
    print(text("cli.data_folder", folder=folder, source=source), flush=True)
    try:
        result = recipes.train_softmax(
            recipes.SOFTMAX_MODELS[args.model],
            args.epochs,
            args.lr,
            args.batch_size,
            device,
            root=root,
            download=args.download,
            progress=_show_progress(args),
        )
    except FileNotFoundError:
        missing = [f.name for f in idx.fashion_mnist_files(root) if not f.exists]
        if args.download or not missing:
            raise
        # The library's message speaks of download=False; here the option was --no-download.
        names = ", ".join(missing)
        raise CommandError(
            text("cli.no_download_missing", folder=folder, names=names, env=roots.DATA_ENV)
        ) from None
    train_loss, train_acc, test_acc = (values[-1] for values in result.history)
    print(text("cli.final", loss=train_loss, train_acc=train_acc, test_acc=test_acc))
    seconds = result.seconds
    rate = result.num_examples / seconds
    print(text("cli.speed", seconds=seconds, rate=rate, device=device))

    path = result.history.save_plot(
        _prepare_out(args.out_path), title=_plot_title(args), dpi=PLOT_DPI, figsize=PLOT_SIZE
    )
    print(text("cli.saved_curves", path=path))


# ---------------------------------------------------------------- commands


def cmd_train(args: argparse.Namespace) -> int:
    for name, value in MODEL_DEFAULTS[args.model].items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.out_path = _check_out(args)  # before training: a bad --out must not cost a run
    if args.device is None:
        device, why = choose_device()
    else:
        device, why = args.device, text("cli.device_by_option")
    set_seed(args.seed)
    epochs = text("cli.epochs_one" if args.epochs == 1 else "cli.epochs_many", n=args.epochs)
    line = text(
        "cli.training",
        model=args.model,
        device=device,
        why=why,
        epochs=epochs,
        lr=args.lr,
        batch_size=args.batch_size,
    )
    print(line, flush=True)
    TRAINERS[args.model](args, device)
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    import platform

    import torchvision

    rows = [
        ("d2lite", _noted(__version__, Path(__file__).parent)),
        ("python", _noted(platform.python_version(), sys.executable)),
        ("torch", _noted(torch.__version__, _torch_build())),
        ("torchvision", torchvision.__version__),
        (
            text("cli.row_cpu_threads"),
            text("cli.cpu_threads", used=torch.get_num_threads(), cpus=os.cpu_count()),
        ),
    ]
    status = 0
    try:
        device, why = choose_device()
        rows.append((text("cli.row_device"), _noted(device, why)))
    except ValueError as err:
        rows.append((text("cli.row_device"), text("cli.device_invalid", error=err)))
        status = 1
    root, source = _data_root(args)
    rows.append((text("cli.row_data_root"), _noted(root, source)))
    files = idx.fashion_mnist_files(root)
    missing = [f.name for f in files if not f.exists]
    if missing:
        summary = text(
            "cli.info_missing", missing=len(missing), total=len(files), names=", ".join(missing)
        )
    else:
        summary = text("cli.info_present", total=len(files))
    rows.append(("Fashion-MNIST", summary))
    _print_rows(rows)
    return status


def _noted(value: object, note: object) -> str:
    """Return "value (note)", with full-width brackets in Chinese."""
    return f"{value} ({note})" if get_lang() == "en" else f"{value}（{note}）"


def _width(s: str) -> int:
    """The columns `s` takes on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _print_rows(rows: Sequence[tuple[str, str]]) -> None:
    width = max(_width(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name}{' ' * (width - _width(name))}  {value}")


def _resolve_root(args: argparse.Namespace) -> tuple[Path, str]:
    """Return the data root the command uses and where that choice came from."""
    if args.data_root is not None:
        return roots.data_root(args.data_root), text("cli.source_option")
    env = os.environ.get(roots.DATA_ENV, "").strip()
    if env:
        return roots.data_root(), text("cli.source_env", env=roots.DATA_ENV)
    return roots.data_root(), text("cli.source_default", env=roots.DATA_ENV)


def _data_root(args: argparse.Namespace) -> tuple[Path, str]:
    """Return the data root and its source; a file where a folder must be is a CommandError."""
    root, source = _resolve_root(args)
    for path in (root, root / idx.RAW_SUBDIR.parent, root / idx.RAW_SUBDIR):
        if path.exists() and not path.is_dir():
            raise CommandError(
                text("cli.root_is_file", path=path, root=root, source=source, env=roots.DATA_ENV)
            )
    return root, source


def _format_size(size: int) -> str:
    if size >= 2**20:
        return text("cli.size", size=size, amount=f"{size / 2**20:.1f} MiB")
    return text("cli.size", size=size, amount=f"{size / 2**10:.1f} KiB")


def cmd_data_status(args: argparse.Namespace) -> int:
    root, source = _data_root(args)
    files = idx.fashion_mnist_files(root)
    rows = [
        (text("cli.row_data_root"), _noted(root, source)),
        (text("cli.row_folder"), str(files[0].path.parent)),
    ]
    for f in files:
        if f.exists:
            rows.append((f.name, text("cli.file_present", size=_format_size(f.size))))
        else:
            rows.append((f.name, text("cli.file_missing")))
    _print_rows(rows)
    missing = sum(not f.exists for f in files)
    if missing:
        print(text("cli.status_missing", missing=missing, total=len(files)))
    else:
        print(text("cli.status_present", total=len(files)))
    return 0


def cmd_data_verify(args: argparse.Namespace) -> int:
    root, _ = _data_root(args)
    files = idx.fashion_mnist_files(root)
    print(text("cli.verify_checking", folder=files[0].path.parent))
    problems = idx.verify_fashion_mnist(root)
    width = max(len(f.name) for f in files)
    for f in files:
        if not f.exists:
            verdict = text("cli.file_missing")
        elif f.name in problems:
            verdict = text("cli.verify_wrong", problem=problems[f.name])
        else:
            verdict = text("cli.verify_ok")
        print(f"{f.name:<{width}}  {verdict}")
    if problems:
        names = ", ".join(problems)
        raise CommandError(
            text("cli.verify_failed", bad=len(problems), total=len(files), names=names)
        )
    print(text("cli.verify_all_correct", total=len(files)))
    return 0


def cmd_data_download(args: argparse.Namespace) -> int:
    root, _ = _data_root(args)
    problems = idx.verify_fashion_mnist(root)
    folder = roots.data_root(root) / idx.RAW_SUBDIR
    if not problems:
        print(text("cli.download_nothing", folder=folder))
        return 0
    print(text("cli.downloading", names=", ".join(problems), folder=folder), flush=True)
    download_fashion_mnist(root, progress=_show_progress(args))
    print(text("cli.download_done", folder=folder))
    return 0


def cmd_data_import(args: argparse.Namespace) -> int:
    root, _ = _data_root(args)
    folder = root / idx.RAW_SUBDIR
    before = idx.verify_fashion_mnist(root)
    print(text("cli.importing", folder=folder, paths=", ".join(args.paths)), flush=True)
    import_fashion_mnist(*args.paths, root=root)
    installed = [name for name in idx.FILE_NAMES if name in before]
    if installed:
        print(text("cli.imported", names=", ".join(installed), folder=folder))
    else:
        print(text("cli.import_nothing", folder=folder))
    return 0


def _torch_build() -> str:
    if torch.version.cuda:
        return text("cli.torch_cuda", cuda=torch.version.cuda, count=torch.cuda.device_count())
    return text("cli.torch_cpu")


TRAINERS: dict[str, Callable[[argparse.Namespace, torch.device], None]] = {
    "linear-scratch": _train_linear,
    "linear-concise": _train_linear,
    "softmax-scratch": _train_softmax,
    "softmax-concise": _train_softmax,
}
