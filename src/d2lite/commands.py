"""What each subcommand of `d2lite` does, once its arguments are parsed.

Each `cmd_*` function takes the parsed arguments, prints what a person at a
terminal needs (progress lines, results, where a file went) and returns the
exit code. They raise `CommandError` for a failure reported as one line
(exit 1) and `UsageError` for a bad argument found after parsing (exit 2);
`d2lite.cli` turns both into the command's output. The models and training
recipes themselves are in `d2lite.recipes`.
"""

from __future__ import annotations

import argparse
import math
import os
import shlex
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import torch

from d2lite import recipes
from d2lite.data import download_fashion_mnist, idx, import_fashion_mnist
from d2lite.data import root as roots
from d2lite.devices import choose_device
from d2lite.files import check_image_path
from d2lite.handout import copy_notebooks
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
        raise UsageError(f"argument --out: {err}") from None


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
        print(f"epoch {epoch}, loss {loss:f}", flush=True)
        if not math.isfinite(loss):
            raise CommandError(
                f"the loss became {loss} in epoch {epoch}; "
                f"{divergence_advice(args.lr, option='--lr')}"
            )

    result = recipes.train_linear(
        recipes.LINEAR_MODELS[args.model],
        args.epochs,
        args.lr,
        args.batch_size,
        device,
        progress=_show_progress(args),
        on_epoch=report,
    )
    print(f"error in w: {_format_floats(result.w_error)}")
    print(f"error in b: {result.b_error:.6f}")

    path = _save_loss_curve(result.losses, _prepare_out(args.out_path), title=_plot_title(args))
    print(f"saved the training curve to {path}")


# The command's plots are for slides and reports: larger than the book's, 200 dots per inch.
PLOT_SIZE = (5.0, 3.5)
PLOT_DPI = 200


def _plot_title(args: argparse.Namespace) -> str:
    epochs = f"{args.epochs} epoch{'s' if args.epochs != 1 else ''}"
    return f"{args.model}: lr {args.lr:g}, batch size {args.batch_size}, {epochs}"


def _save_loss_curve(losses: Sequence[float], path: Path, title: str) -> Path:
    """Plot the loss after each epoch (epoch 0: before training) on a log scale; save as PNG."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=PLOT_SIZE, layout="constrained")
    ax = fig.gca()
    epochs = list(range(len(losses)))
    plot(epochs, [list(losses)], xlabel="epoch", ylabel="loss", yscale="log", axes=ax)
    ax.set_title(title)
    return save_figure(fig, path, dpi=PLOT_DPI)


# ---------------------------------------------------------------- softmax regression


def _train_softmax(args: argparse.Namespace, device: torch.device) -> None:
    """Train softmax regression on Fashion-MNIST with `train_ch3`; save the curves."""
    _use_file_backend()
    root, source = _data_root(args)
    folder = root / idx.RAW_SUBDIR
    print(f"data: {folder} ({source})", flush=True)
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
        raise CommandError(
            f"Fashion-MNIST is not in {folder}: missing {', '.join(missing)}, and --no-download "
            f"was given. Run `d2lite data download`, or `d2lite data import PATH` with files "
            f"downloaded by hand, or leave out --no-download; --data-root (or {roots.DATA_ENV}) "
            f"points to a copy kept elsewhere"
        ) from None
    train_loss, train_acc, test_acc = (values[-1] for values in result.history)
    print(f"final: train loss {train_loss:.3f}, train acc {train_acc:.3f}, test acc {test_acc:.3f}")
    seconds = result.seconds
    print(
        f"{seconds:.1f} s in all ({result.num_examples / seconds:,.0f} training examples/s on "
        f"{device})"
    )

    path = result.history.save_plot(
        _prepare_out(args.out_path), title=_plot_title(args), dpi=PLOT_DPI, figsize=PLOT_SIZE
    )
    print(f"saved the training curves to {path}")


# ---------------------------------------------------------------- commands


def cmd_train(args: argparse.Namespace) -> int:
    for name, value in MODEL_DEFAULTS[args.model].items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.out_path = _check_out(args)  # before training: a bad --out must not cost a run
    if args.device is None:
        device, why = choose_device()
    else:
        device, why = args.device, "set by --device"
    set_seed(args.seed)
    print(
        f"training {args.model} on {device} ({why}): {args.epochs} "
        f"epoch{'s' if args.epochs != 1 else ''}, lr {args.lr:g}, "
        f"batch size {args.batch_size}",
        flush=True,
    )
    TRAINERS[args.model](args, device)
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    import platform

    import torchvision

    rows = [
        ("d2lite", f"{__version__} ({Path(__file__).parent})"),
        ("python", f"{platform.python_version()} ({sys.executable})"),
        ("torch", f"{torch.__version__} ({_torch_build()})"),
        ("torchvision", torchvision.__version__),
        (
            "CPU threads",
            f"{torch.get_num_threads()} used by torch for CPU work, of {os.cpu_count()} CPUs "
            f"(torch.set_num_threads(1) helps when other programs keep the CPUs busy)",
        ),
    ]
    status = 0
    try:
        device, why = choose_device()
        rows.append(("device", f"{device} ({why})"))
    except ValueError as err:
        rows.append(("device", f"invalid: {err}"))
        status = 1
    root, source = _data_root(args)
    rows.append(("data root", f"{root} ({source})"))
    files = idx.fashion_mnist_files(root)
    missing = [f.name for f in files if not f.exists]
    if missing:
        summary = (
            f"{len(missing)} of {len(files)} files missing ({', '.join(missing)}); "
            f"run `d2lite data download`"
        )
    else:
        summary = f"all {len(files)} files present (`d2lite data verify` checks them)"
    rows.append(("Fashion-MNIST", summary))
    _print_rows(rows)
    return status


def _print_rows(rows: Sequence[tuple[str, str]]) -> None:
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def _resolve_root(args: argparse.Namespace) -> tuple[Path, str]:
    """Return the data root the command uses and where that choice came from."""
    if args.data_root is not None:
        return roots.data_root(args.data_root), "from --data-root"
    env = os.environ.get(roots.DATA_ENV, "").strip()
    if env:
        return roots.data_root(), f"from the environment variable {roots.DATA_ENV}"
    return roots.data_root(), f"the default; set {roots.DATA_ENV} or --data-root"


def _data_root(args: argparse.Namespace) -> tuple[Path, str]:
    """Return the data root and its source; a file where a folder must be is a CommandError."""
    root, source = _resolve_root(args)
    for path in (root, root / idx.RAW_SUBDIR.parent, root / idx.RAW_SUBDIR):
        if path.exists() and not path.is_dir():
            raise CommandError(
                f"{path} is a file, not a folder, so it cannot hold Fashion-MNIST (data root "
                f"{root}, {source}); point --data-root or {roots.DATA_ENV} at a folder, or "
                f"move that file away"
            )
    return root, source


def _format_size(size: int) -> str:
    if size >= 2**20:
        return f"{size:,} bytes ({size / 2**20:.1f} MiB)"
    return f"{size:,} bytes ({size / 2**10:.1f} KiB)"


def cmd_data_status(args: argparse.Namespace) -> int:
    root, source = _data_root(args)
    files = idx.fashion_mnist_files(root)
    rows = [("data root", f"{root} ({source})"), ("folder", str(files[0].path.parent))]
    for f in files:
        rows.append((f.name, f"present, {_format_size(f.size)}" if f.exists else "missing"))
    _print_rows(rows)
    missing = sum(not f.exists for f in files)
    if missing:
        print(
            f"{missing} of {len(files)} files missing; `d2lite data download` fetches them, "
            f"or `d2lite data import PATH` installs files downloaded by hand"
        )
    else:
        print(f"all {len(files)} files present; `d2lite data verify` checks their checksums")
    return 0


def cmd_data_verify(args: argparse.Namespace) -> int:
    root, _ = _data_root(args)
    files = idx.fashion_mnist_files(root)
    print(f"checking {files[0].path.parent} against the published md5 checksums")
    problems = idx.verify_fashion_mnist(root)
    width = max(len(f.name) for f in files)
    for f in files:
        if not f.exists:
            verdict = "missing"
        elif f.name in problems:
            verdict = f"WRONG: {problems[f.name]}"
        else:
            verdict = "ok"
        print(f"{f.name:<{width}}  {verdict}")
    if problems:
        raise CommandError(
            f"{len(problems)} of {len(files)} Fashion-MNIST files are missing or wrong "
            f"({', '.join(problems)}); `d2lite data download` replaces them"
        )
    print(f"all {len(files)} files are correct")
    return 0


def cmd_data_download(args: argparse.Namespace) -> int:
    root, _ = _data_root(args)
    problems = idx.verify_fashion_mnist(root)
    folder = roots.data_root(root) / idx.RAW_SUBDIR
    if not problems:
        print(f"all four files are already in {folder} and correct; nothing to download")
        return 0
    print(f"downloading {', '.join(problems)} into {folder}", flush=True)
    download_fashion_mnist(root, progress=_show_progress(args))
    print(f"done: the four files are in {folder}")
    return 0


def cmd_data_import(args: argparse.Namespace) -> int:
    root, _ = _data_root(args)
    folder = root / idx.RAW_SUBDIR
    before = idx.verify_fashion_mnist(root)
    print(f"importing into {folder} from {', '.join(args.paths)}", flush=True)
    import_fashion_mnist(*args.paths, root=root)
    installed = [name for name in idx.FILE_NAMES if name in before]
    if installed:
        print(f"installed {', '.join(installed)}; all four files are in {folder} and correct")
    else:
        print(f"all four files were already in {folder} and correct; nothing to install")
    return 0


def _shell_quote(path: str, windows: bool = os.name == "nt") -> str:
    """Quote `path` for the platform's shell: double quotes on Windows, else as a POSIX shell."""
    return f'"{path}"' if windows else shlex.quote(path)


def cmd_notebooks(args: argparse.Namespace) -> int:
    written = copy_notebooks(args.dest, lang=args.lang, student=args.student, force=args.force)
    kind = "student copies (outputs, solutions and checks removed)" if args.student else "notebooks"
    print(f"copied {len(written)} {kind} into {Path(args.dest)}:")
    for path in written:
        print(f"  {path.name}")
    for path, backup in written.backups:
        print(f"kept a backup of the changed {path.name} as {backup.name}")
    print(f"open them with: jupyter lab {_shell_quote(str(Path(args.dest)))}")
    return 0


def _torch_build() -> str:
    if torch.version.cuda:
        return (
            f"CUDA {torch.version.cuda} build, {torch.cuda.device_count()} CUDA device(s) visible"
        )
    return "CPU-only build"


TRAINERS: dict[str, Callable[[argparse.Namespace, torch.device], None]] = {
    "linear-scratch": _train_linear,
    "linear-concise": _train_linear,
    "softmax-scratch": _train_softmax,
    "softmax-concise": _train_softmax,
}
