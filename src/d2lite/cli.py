"""The `d2lite` command: train the chapter's models, manage the dataset, describe the set-up.

    d2lite train MODEL [--epochs N] [--lr LR] [--batch-size B] [--device D] ...
    d2lite data {status,verify,download} [--data-root PATH]
    d2lite data import PATH [PATH ...] [--data-root PATH]
    d2lite notebooks DEST [--lang en|zh] [--student] [--force]
    d2lite info [--data-root PATH]

Exit codes: 0 on success, 2 on bad arguments (argparse prints the usage), 1 on
any other error, reported as one line "d2lite: error: ..." (the traceback only
with --traceback or when the environment variable D2LITE_DEBUG is set).
"""

from __future__ import annotations

import argparse
import errno
import math
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import torch
from torch import nn

import d2lite as d2l
from d2lite.data import fashion_mnist, idx
from d2lite.data import root as roots
from d2lite.devices import parse_device

DEBUG_ENV = "D2LITE_DEBUG"

# The linear-regression sections fit y = Xw + b + noise with these true parameters.
TRUE_W = (2.0, -3.4)
TRUE_B = 4.2
NUM_EXAMPLES = 1000

# The book's hyperparameters for each model; command-line options override them.
MODEL_DEFAULTS: dict[str, dict[str, int | float]] = {
    "linear-scratch": {"epochs": 3, "lr": 0.03, "batch_size": 10},
    "linear-concise": {"epochs": 3, "lr": 0.03, "batch_size": 10},
    "softmax-scratch": {"epochs": 10, "lr": 0.1, "batch_size": 256},
    "softmax-concise": {"epochs": 10, "lr": 0.1, "batch_size": 256},
}


class CommandError(Exception):
    """A failure the command reports as one line and exit code 1."""


class UsageError(Exception):
    """A bad argument found after parsing: reported with the usage and exit code 2."""


# ---------------------------------------------------------------- argument types
# argparse turns ArgumentTypeError into "usage ... error: argument --x: <message>", exit 2.


def _int_at_least(minimum: int) -> Callable[[str], int]:
    """Return an argparse type that accepts whole numbers >= `minimum`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be >= {minimum}, got {value}")
        return value

    return parse


_positive_int = _int_at_least(1)
_nonnegative_int = _int_at_least(0)
SEED_MAX = 2**32 - 1  # NumPy's seeds are 32-bit


def _seed(text: str) -> int:
    value = _nonnegative_int(text)
    if value > SEED_MAX:
        raise argparse.ArgumentTypeError(f"must be at most {SEED_MAX} (2**32 - 1), got {value}")
    return value


def _folder(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty; give a folder such as ../data")
    return text


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _device(text: str) -> torch.device:
    try:
        device = parse_device(text, source="--device")
    except (TypeError, ValueError) as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    if device.type not in ("cpu", "cuda", "mps"):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a device that can train; use 'cpu', 'cuda', 'cuda:N' or 'mps'"
        )
    return device


# ---------------------------------------------------------------- output helpers


def _show_progress(args: argparse.Namespace) -> bool:
    """Return --progress/--no-progress, or by default whether stderr is a terminal."""
    return sys.stderr.isatty() if args.progress is None else args.progress


def _progress(iterable: Iterable[Any], enabled: bool, **kwargs: Any) -> Iterable[Any]:
    """Wrap `iterable` in a tqdm bar on stderr when `enabled`."""
    if not enabled:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, leave=False, dynamic_ncols=True, **kwargs)


# Bytes that only matplotlib's own output holds (its PNG, SVG, PDF and EPS metadata), and the
# first bytes of formats that carry no such mark.
_MATPLOTLIB_MARK = b"atplotlib"
_MAGIC = {"jpg": b"\xff\xd8", "jpeg": b"\xff\xd8", "tif": b"II", "tiff": b"II", "webp": b"RIFF"}


def _is_our_image(path: Path, fmt: str) -> bool:
    """Return True if `path` is an image matplotlib wrote (or, without metadata, of that type)."""
    try:
        if path.stat().st_size > 50 * 2**20:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    if fmt in _MAGIC:
        return data.startswith(_MAGIC[fmt]) or data.startswith(b"MM") and fmt.startswith("tif")
    return _MATPLOTLIB_MARK in data


def _check_out(args: argparse.Namespace) -> Path:
    """Return where the plot goes, checked before any training: a new or replaceable image file.

    Without a suffix ".png" is added. Raises UsageError when the suffix is not an image
    format matplotlib writes, the path is a folder, the file exists and is not an image
    (a learner's notes are never overwritten), or the folder cannot be written.
    """
    from matplotlib.backend_bases import FigureCanvasBase

    given = args.out if args.out else str(Path("out") / f"{args.model}.png")
    path = Path(given)
    if path.is_dir():
        raise UsageError(
            f"argument --out: {given} is a folder; give a file name such as "
            f"{path / (args.model + '.png')}"
        )
    if not path.suffix:
        path = path.with_name(path.name + ".png")
    fmt = path.suffix[1:].lower()
    formats = FigureCanvasBase.get_supported_filetypes()
    if fmt not in formats:
        raise UsageError(
            f"argument --out: {path.suffix!r} is not an image format matplotlib writes; use .png "
            f"(or one of {', '.join('.' + f for f in sorted(formats))})"
        )
    if path.exists() and not _is_our_image(path, fmt):
        raise UsageError(
            f"argument --out: {path} exists and is not a {fmt.upper()} image written by "
            f"matplotlib; d2lite will not overwrite it: pick another name, or delete it first"
        )
    existing = path.parent  # the folder is made only when the plot is saved
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        if not existing.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, f"{existing} is a file, not a folder")
        if existing == path.parent:
            with tempfile.NamedTemporaryFile(dir=existing, prefix=".d2lite-write-test-"):
                pass
        elif not os.access(existing, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, "permission denied")
    except OSError as err:
        raise UsageError(
            f"argument --out: cannot write into the folder {path.parent} "
            f"({err.strerror or err}); pick another place"
        ) from None
    return path


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
    true_w = torch.tensor(TRUE_W)
    features, labels = d2l.synthetic_data(true_w, TRUE_B, NUM_EXAMPLES)
    features, labels = features.to(device), labels.to(device)
    concise = args.model == "linear-concise"

    if concise:
        net = nn.Sequential(nn.Linear(2, 1)).to(device)
        net[0].weight.data.normal_(0, 0.01)
        net[0].bias.data.fill_(0)
        loss = nn.MSELoss()
        trainer = torch.optim.SGD(net.parameters(), lr=args.lr)
        data_iter = d2l.load_array((features, labels), args.batch_size)

        def batches() -> Iterable[tuple[torch.Tensor, torch.Tensor]]:
            return data_iter

        def step(X: torch.Tensor, y: torch.Tensor) -> None:
            trainer.zero_grad()
            loss(net(X), y).backward()
            trainer.step()

        def epoch_loss() -> float:
            return loss(net(features), labels).item()

        def estimates() -> tuple[torch.Tensor, torch.Tensor]:
            return net[0].weight.data, net[0].bias.data

    else:
        w = torch.normal(0, 0.01, size=(2, 1), device=device, requires_grad=True)
        b = torch.zeros(1, device=device, requires_grad=True)

        def batches() -> Iterable[tuple[torch.Tensor, torch.Tensor]]:
            return d2l.data_iter(args.batch_size, features, labels)

        def step(X: torch.Tensor, y: torch.Tensor) -> None:
            d2l.squared_loss(d2l.linreg(X, w, b), y).sum().backward()
            d2l.sgd([w, b], args.lr, args.batch_size)

        def epoch_loss() -> float:
            return d2l.squared_loss(d2l.linreg(features, w, b), labels).mean().item()

        def estimates() -> tuple[torch.Tensor, torch.Tensor]:
            return w.detach(), b.detach()

    with torch.no_grad():
        losses = [epoch_loss()]  # before training: the curve starts at epoch 0
    num_batches = math.ceil(NUM_EXAMPLES / args.batch_size)
    for epoch in range(args.epochs):
        desc = f"epoch {epoch + 1}/{args.epochs}"
        for X, y in _progress(batches(), _show_progress(args), total=num_batches, desc=desc):
            step(X, y)
        with torch.no_grad():
            losses.append(epoch_loss())
        print(f"epoch {epoch + 1}, loss {losses[-1]:f}", flush=True)
        if not math.isfinite(losses[-1]):
            raise CommandError(
                f"the loss became {losses[-1]} in epoch {epoch + 1}; training diverged, "
                f"try a smaller learning rate than --lr {args.lr}"
            )

    w_hat, b_hat = estimates()
    w_error = (true_w - w_hat.cpu().reshape(true_w.shape)).tolist()
    b_error = TRUE_B - b_hat.cpu().item()
    print(f"error in w: {_format_floats(w_error)}")
    print(f"error in b: {b_error:.6f}")

    path = _save_loss_curve(losses, _prepare_out(args.out_path), title=_plot_title(args))
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

    from d2lite.plotting import plot, save_figure

    fig = Figure(figsize=PLOT_SIZE, layout="constrained")
    ax = fig.gca()
    epochs = list(range(len(losses)))
    plot(epochs, [list(losses)], xlabel="epoch", ylabel="loss", yscale="log", axes=ax)
    ax.set_title(title)
    return save_figure(fig, path, dpi=PLOT_DPI)


# ---------------------------------------------------------------- softmax regression

NUM_INPUTS = 28 * 28
NUM_OUTPUTS = 10


def _softmax_scratch(
    args: argparse.Namespace, device: torch.device
) -> tuple[Callable[[torch.Tensor], torch.Tensor], Callable[..., torch.Tensor], Any]:
    """Return the book's from-scratch model, loss and updater, with parameters on `device`."""
    W = torch.normal(0, 0.01, size=(NUM_INPUTS, NUM_OUTPUTS), device=device, requires_grad=True)
    b = torch.zeros(NUM_OUTPUTS, device=device, requires_grad=True)

    def softmax(X: torch.Tensor) -> torch.Tensor:
        X_exp = torch.exp(X)
        partition = X_exp.sum(1, keepdim=True)  # (B, 1): broadcast over the 10 columns
        return X_exp / partition

    def net(X: torch.Tensor) -> torch.Tensor:
        return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)  # (B, 784) -> (B, 10)

    def cross_entropy(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        rows = torch.arange(len(y_hat), device=y_hat.device)
        return -torch.log(y_hat[rows, y])  # (B,): the probability given to the true class

    def updater(batch_size: int) -> None:
        d2l.sgd([W, b], args.lr, batch_size)

    return net, cross_entropy, updater


def _softmax_concise(
    args: argparse.Namespace, device: torch.device
) -> tuple[nn.Module, nn.Module, torch.optim.Optimizer]:
    """Return the book's nn.Sequential model, unreduced cross-entropy loss and SGD."""
    net = nn.Sequential(nn.Flatten(), nn.Linear(NUM_INPUTS, NUM_OUTPUTS))
    nn.init.normal_(net[1].weight, std=0.01)
    net.to(device)
    loss = nn.CrossEntropyLoss(reduction="none")
    trainer = torch.optim.SGD(net.parameters(), lr=args.lr)
    return net, loss, trainer


def _train_softmax(args: argparse.Namespace, device: torch.device) -> None:
    """Train softmax regression on Fashion-MNIST with `train_ch3`; save the curves."""
    from d2lite.timer import Timer
    from d2lite.training import train_ch3

    _use_file_backend()
    root, source = _data_root(args)
    folder = root / idx.RAW_SUBDIR
    print(f"data: {folder} ({source})", flush=True)
    missing = [f.name for f in idx.fashion_mnist_files(root) if not f.exists]
    if missing and not args.download:
        raise CommandError(
            f"Fashion-MNIST is not in {folder}: missing {', '.join(missing)}, and --no-download "
            f"was given. Run `d2lite data download`, or `d2lite data import PATH` with files "
            f"downloaded by hand, or leave out --no-download; --data-root (or {roots.DATA_ENV}) "
            f"points to a copy kept elsewhere"
        )
    timer = Timer()
    train_iter, test_iter = fashion_mnist.load_data_fashion_mnist(
        args.batch_size,
        root=root,
        download=args.download,
        device=device,
        progress=_show_progress(args),
    )
    build = _softmax_scratch if args.model == "softmax-scratch" else _softmax_concise
    net, loss, updater = build(args, device)
    history = train_ch3(
        net,
        train_iter,
        test_iter,
        loss,
        args.epochs,
        updater,
        device=device,
        animate=True,  # in a terminal: one line of metrics per epoch
        progress=_show_progress(args),
        save_plot=False,  # saved below, with a title and for slides
    )
    seconds = timer.stop()
    train_loss, train_acc, test_acc = (values[-1] for values in history)
    print(f"final: train loss {train_loss:.3f}, train acc {train_acc:.3f}, test acc {test_acc:.3f}")
    examples = args.epochs * train_iter.num_examples
    print(f"{seconds:.1f} s in all ({examples / seconds:,.0f} training examples/s on {device})")

    path = history.save_plot(
        _prepare_out(args.out_path), title=_plot_title(args), dpi=PLOT_DPI, figsize=PLOT_SIZE
    )
    print(f"saved the training curves to {path}")


# ---------------------------------------------------------------- commands


def _cmd_train(args: argparse.Namespace) -> int:
    for name, value in MODEL_DEFAULTS[args.model].items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.out_path = _check_out(args)  # before training: a bad --out must not cost a run
    if args.device is None:
        device, why = d2l.choose_device()
    else:
        device, why = args.device, "set by --device"
    d2l.set_seed(args.seed)
    print(
        f"training {args.model} on {device} ({why}): {args.epochs} "
        f"epoch{'s' if args.epochs != 1 else ''}, lr {args.lr:g}, "
        f"batch size {args.batch_size}",
        flush=True,
    )
    TRAINERS[args.model](args, device)
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    import platform

    import torchvision

    rows = [
        ("d2lite", f"{d2l.__version__} ({Path(d2l.__file__).parent})"),
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
        device, why = d2l.choose_device()
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


def _data_root(args: argparse.Namespace) -> tuple[Path, str]:
    """Return the data root the command uses and where that choice came from."""
    if args.data_root is not None:
        return roots.data_root(args.data_root), "from --data-root"
    env = os.environ.get(roots.DATA_ENV, "").strip()
    if env:
        return roots.data_root(), f"from the environment variable {roots.DATA_ENV}"
    return roots.data_root(), f"the default; set {roots.DATA_ENV} or --data-root"


def _format_size(size: int) -> str:
    if size >= 2**20:
        return f"{size:,} bytes ({size / 2**20:.1f} MiB)"
    return f"{size:,} bytes ({size / 2**10:.1f} KiB)"


def _cmd_data_status(args: argparse.Namespace) -> int:
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


def _cmd_data_verify(args: argparse.Namespace) -> int:
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


def _cmd_data_download(args: argparse.Namespace) -> int:
    root, _ = _data_root(args)
    problems = idx.verify_fashion_mnist(root)
    folder = roots.data_root(root) / idx.RAW_SUBDIR
    if not problems:
        print(f"all four files are already in {folder} and correct; nothing to download")
        return 0
    print(f"downloading {', '.join(problems)} into {folder}", flush=True)
    d2l.download_fashion_mnist(root, progress=_show_progress(args))
    print(f"done: the four files are in {folder}")
    return 0


def _cmd_data_import(args: argparse.Namespace) -> int:
    root, _ = _data_root(args)
    folder = root / idx.RAW_SUBDIR
    before = idx.verify_fashion_mnist(root)
    print(f"importing into {folder} from {', '.join(args.paths)}", flush=True)
    d2l.import_fashion_mnist(*args.paths, root=root)
    installed = [name for name in idx.FILE_NAMES if name in before]
    if installed:
        print(f"installed {', '.join(installed)}; all four files are in {folder} and correct")
    else:
        print(f"all four files were already in {folder} and correct; nothing to install")
    return 0


def _cmd_notebooks(args: argparse.Namespace) -> int:
    from d2lite.handout import copy_notebooks

    written = copy_notebooks(args.dest, lang=args.lang, student=args.student, force=args.force)
    kind = "student copies (outputs, solutions and checks removed)" if args.student else "notebooks"
    print(f"copied {len(written)} {kind} into {Path(args.dest)}:")
    for path in written:
        print(f"  {path.name}")
    print(f"open them with: jupyter lab {Path(args.dest)}")
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


# ---------------------------------------------------------------- parser and entry point


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for the `d2lite` command and its subcommands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--traceback",
        action="store_true",
        default=argparse.SUPPRESS,
        help=f"show the full traceback on errors (or set {DEBUG_ENV}=1)",
    )
    data_root = argparse.ArgumentParser(add_help=False)
    data_root.add_argument(
        "--data-root",
        type=_folder,
        metavar="PATH",
        help="folder that holds FashionMNIST/raw/ (default: $D2LITE_DATA, else the "
        "checkout's data/ folder, else ~/.d2lite/data)",
    )

    parser = argparse.ArgumentParser(
        prog="d2lite",
        description="Train the linear-networks chapter's models of Dive into Deep Learning, "
        "manage the Fashion-MNIST files, hand out the notebooks, and show the set-up.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"d2lite {d2l.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    train = sub.add_parser(
        "train",
        parents=[common, data_root],
        help="train one of the chapter's models",
        description="Train a model with live progress, print per-epoch metrics and the final "
        "result, and save the training curves as a PNG.",
    )
    train.add_argument(
        "model",
        choices=list(MODEL_DEFAULTS),
        metavar="MODEL",
        help=("one of: " + ", ".join(MODEL_DEFAULTS)),
    )
    train.add_argument(
        "--epochs",
        type=_positive_int,
        metavar="N",
        help="number of epochs (default: 3 linear, 10 softmax)",
    )
    train.add_argument(
        "--lr", type=_positive_float, help="learning rate (default: 0.03 linear, 0.1 softmax)"
    )
    train.add_argument(
        "--batch-size",
        type=_positive_int,
        metavar="N",
        help="minibatch size (default: 10 linear, 256 softmax)",
    )
    train.add_argument(
        "--device",
        type=_device,
        metavar="NAME",
        help="cpu, cuda, cuda:N or mps (default: $D2LITE_DEVICE, else CUDA, MPS, CPU)",
    )
    train.add_argument(
        "--seed", type=_seed, default=0, metavar="N", help="random seed (default: 0)"
    )
    train.add_argument(
        "--out",
        metavar="PNG",
        help="where to save the training curves (default: out/MODEL.png; .png is added to a "
        "name without suffix; an existing file is replaced only if it is an image)",
    )
    train.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        help="show progress bars on stderr (default: only when it is a terminal); the "
        "per-epoch lines print either way",
    )
    train.add_argument(
        "--no-download",
        dest="download",
        action="store_false",
        help="fail instead of downloading Fashion-MNIST when the files are missing",
    )
    train.set_defaults(handler=_cmd_train, parser=train)

    info = sub.add_parser(
        "info",
        parents=[common, data_root],
        help="show versions, the device that would be used and the data root",
    )
    info.set_defaults(handler=_cmd_info)

    data = sub.add_parser(
        "data",
        help="show, check, download or import the Fashion-MNIST files",
        description="Manage the four Fashion-MNIST files in <data root>/FashionMNIST/raw/.",
    )
    data_sub = data.add_subparsers(dest="action", required=True, metavar="ACTION")
    status = data_sub.add_parser(
        "status",
        parents=[common, data_root],
        help="show the data root and which files are there, with their sizes",
    )
    status.set_defaults(handler=_cmd_data_status)
    verify = data_sub.add_parser(
        "verify",
        parents=[common, data_root],
        help="check the files against the published md5 checksums (exit 1 if any is wrong)",
    )
    verify.set_defaults(handler=_cmd_data_verify)
    download = data_sub.add_parser(
        "download",
        parents=[common, data_root],
        help="download the files that are missing or wrong",
    )
    download.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        help="show progress bars on stderr (default: only when it is a terminal)",
    )
    download.set_defaults(handler=_cmd_data_download)
    importing = data_sub.add_parser(
        "import",
        parents=[common, data_root],
        help="install files downloaded by hand (a folder, a .zip, or .gz files)",
        description="Check Fashion-MNIST files you downloaded yourself (a browser, a course "
        "page, a USB stick) against the published md5s and install them into the data root, "
        "all together or none.",
    )
    importing.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a folder (searched inside), a .zip file, or the files (raw or .gz)",
    )
    importing.set_defaults(handler=_cmd_data_import)

    notebooks = sub.add_parser(
        "notebooks",
        parents=[common],
        help="copy the chapter's notebooks into a folder (student copies for a class)",
        description="Copy the notebooks that ship with d2lite into DEST, to work through the "
        "chapter or to hand out to a class.",
    )
    notebooks.add_argument("dest", metavar="DEST", help="the folder to copy them into")
    notebooks.add_argument(
        "--lang", choices=["en", "zh"], default="en", help="English (default) or Chinese"
    )
    notebooks.add_argument(
        "--student",
        action="store_true",
        help="clear outputs, remove the test scaffolding and replace exercise solutions by a "
        "stub, for handing out",
    )
    notebooks.add_argument(
        "--force", action="store_true", help="overwrite notebooks that already exist in DEST"
    )
    notebooks.set_defaults(handler=_cmd_notebooks)
    return parser


def _debug_requested(args: argparse.Namespace) -> bool:
    env = os.environ.get(DEBUG_ENV, "").strip().lower()
    return getattr(args, "traceback", False) or env not in ("", "0", "false", "no")


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text or type(err).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `d2lite` command line with `argv` (default: sys.argv[1:]); return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as err:
        args.parser.error(str(err))  # the usage, then the message; exit code 2
        raise  # not reached: error() exits
    except KeyboardInterrupt:
        print("d2lite: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 -- every failure becomes one line and exit 1
        if _debug_requested(args):
            traceback.print_exc()
        print(f"d2lite: error: {_one_line(err)}", file=sys.stderr)
        return 1
