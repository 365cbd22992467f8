"""The `d2lite` command: train the chapter's models, manage the dataset, describe the set-up.

    d2lite train MODEL [--epochs N] [--lr LR] [--batch-size B] [--device D] ...
    d2lite data {status,verify,download} [--data-root PATH]
    d2lite data import PATH [PATH ...] [--data-root PATH]
    d2lite notebooks DEST [--lang en|zh] [--student] [--force]
    d2lite info [--data-root PATH]

Exit codes: 0 on success, 2 on bad arguments (argparse prints the usage), 1 on
any other error, reported as one line "d2lite: error: ..." (the traceback only
with --traceback or when the environment variable D2LITE_DEBUG is set).

On an output stream that is not UTF-8 (PYTHONIOENCODING=ascii, a legacy Windows
console) characters it cannot encode, such as a Chinese folder name, are
printed as backslash escapes rather than ending the command with an error.

This module parses the arguments and reports errors; what each subcommand does
is in `d2lite.commands`, the models and training recipes in `d2lite.recipes`.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import math
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence

import torch

from d2lite import commands
from d2lite.commands import CommandError, UsageError  # noqa: F401 (part of the API)
from d2lite.devices import parse_device
from d2lite.lang import LANGUAGES
from d2lite.recipes import MODEL_DEFAULTS
from d2lite.version import __version__

DEBUG_ENV = "D2LITE_DEBUG"


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
    parser.add_argument("--version", action="version", version=f"d2lite {__version__}")
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
    train.set_defaults(handler=commands.cmd_train, parser=train)

    info = sub.add_parser(
        "info",
        parents=[common, data_root],
        help="show versions, the device that would be used and the data root",
    )
    info.set_defaults(handler=commands.cmd_info)

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
    status.set_defaults(handler=commands.cmd_data_status)
    verify = data_sub.add_parser(
        "verify",
        parents=[common, data_root],
        help="check the files against the published md5 checksums (exit 1 if any is wrong)",
    )
    verify.set_defaults(handler=commands.cmd_data_verify)
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
    download.set_defaults(handler=commands.cmd_data_download)
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
    importing.set_defaults(handler=commands.cmd_data_import)

    notebooks = sub.add_parser(
        "notebooks",
        parents=[common],
        help="copy the chapter's notebooks into a folder (student copies for a class)",
        description="Copy the notebooks that ship with d2lite into DEST, to work through the "
        "chapter or to hand out to a class.",
    )
    notebooks.add_argument("dest", metavar="DEST", help="the folder to copy them into")
    notebooks.add_argument(
        "--lang", choices=list(LANGUAGES), default="en", help="English (default) or Chinese"
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
    notebooks.set_defaults(handler=commands.cmd_notebooks)
    return parser


def _debug_requested(args: argparse.Namespace) -> bool:
    env = os.environ.get(DEBUG_ENV, "").strip().lower()
    return getattr(args, "traceback", False) or env not in ("", "0", "false", "no")


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text or type(err).__name__


def _is_utf8(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "").name == "utf-8"
    except LookupError:
        return False


@contextlib.contextmanager
def _escaping_output() -> Iterator[None]:
    """Make stdout and stderr escape what they cannot encode; put their error handlers back after.

    Only real text streams that are not UTF-8 are changed; replaced streams without
    `reconfigure` (pytest's capture, a notebook's) are left alone.
    """
    changed = []
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        errors = getattr(stream, "errors", None)
        if reconfigure is None or errors in ("backslashreplace", "replace"):
            continue
        if _is_utf8(getattr(stream, "encoding", None)):
            continue
        try:
            reconfigure(errors="backslashreplace")
        except (OSError, ValueError):  # closed or not reconfigurable: print as it is
            continue
        changed.append((reconfigure, errors))
    try:
        yield
    finally:
        for reconfigure, errors in changed:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors=errors)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `d2lite` command line with `argv` (default: sys.argv[1:]); return the exit code."""
    with _escaping_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
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
