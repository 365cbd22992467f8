"""The `d2lite` command: train the chapter's models, manage the dataset, describe the set-up.

    d2lite train MODEL [--epochs N] [--lr LR] [--batch-size B] [--device D] ...
    d2lite data {status,verify,download} [--data-root PATH]
    d2lite data import PATH [PATH ...] [--data-root PATH]
    d2lite notebooks DEST [--lang en|zh] [--student [--keep-answers]] [--force]
    d2lite grade SUBMISSIONS... [--timeout S] [--jobs N] [--out report.csv] [--strict]
    d2lite info [--data-root PATH]

`d2lite --lang zh COMMAND ...` (or `--lang zh` after the command) prints every message
in Chinese, `--lang en` in English; without it the language follows D2LITE_LANG and the
system's language (see `d2lite.lang`). For `notebooks` the option also picks the set of
notebooks. argparse's own words ("usage:", "error:") stay English.

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

from d2lite import classroom, commands
from d2lite import lang as lang_module
from d2lite.commands import CommandError, UsageError  # noqa: F401 (part of the API)
from d2lite.devices import parse_device
from d2lite.lang import LANGUAGES, set_lang
from d2lite.messages import text
from d2lite.recipes import MODEL_DEFAULTS
from d2lite.version import __version__

DEBUG_ENV = "D2LITE_DEBUG"


# ---------------------------------------------------------------- argument types
# argparse turns ArgumentTypeError into "usage ... error: argument --x: <message>", exit 2.


def _int_at_least(minimum: int) -> Callable[[str], int]:
    """Return an argparse type that accepts whole numbers >= `minimum`."""

    def parse(given: str) -> int:
        try:
            value = int(given)
        except ValueError:
            raise argparse.ArgumentTypeError(text("cli.not_whole_number", text=given)) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(text("cli.at_least", minimum=minimum, value=value))
        return value

    return parse


_positive_int = _int_at_least(1)
_nonnegative_int = _int_at_least(0)
SEED_MAX = 2**32 - 1  # NumPy's seeds are 32-bit


def _seed(given: str) -> int:
    value = _nonnegative_int(given)
    if value > SEED_MAX:
        raise argparse.ArgumentTypeError(text("cli.seed_max", maximum=SEED_MAX, value=value))
    return value


def _folder(given: str) -> str:
    if not given.strip():
        raise argparse.ArgumentTypeError(text("cli.empty_folder"))
    return given


def _positive_float(given: str) -> float:
    try:
        value = float(given)
    except ValueError:
        raise argparse.ArgumentTypeError(text("cli.not_a_number", text=given)) from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(text("cli.not_positive", text=given))
    return value


def _device(given: str) -> torch.device:
    try:
        device = parse_device(given, source="--device")
    except (TypeError, ValueError) as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    if device.type not in ("cpu", "cuda", "mps"):
        raise argparse.ArgumentTypeError(text("cli.not_training_device", text=given))
    return device


# ---------------------------------------------------------------- parser and entry point


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for the `d2lite` command and its subcommands.

    The help texts are in the session's language (`d2lite.lang`): `main` sets the one
    `--lang` asks for before it builds the parser.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--traceback",
        action="store_true",
        default=argparse.SUPPRESS,
        help=text("cli.help_traceback", env=DEBUG_ENV),
    )
    # notebooks has a --lang of its own, which also picks the notebooks
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument(
        "--lang", choices=list(LANGUAGES), default=argparse.SUPPRESS, help=text("cli.help_lang")
    )
    data_root = argparse.ArgumentParser(add_help=False)
    data_root.add_argument(
        "--data-root", type=_folder, metavar="PATH", help=text("cli.help_data_root")
    )

    parser = argparse.ArgumentParser(
        prog="d2lite", description=text("cli.description"), parents=[common, language]
    )
    parser.add_argument("--version", action="version", version=f"d2lite {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    train = sub.add_parser(
        "train",
        parents=[common, language, data_root],
        help=text("cli.help_train"),
        description=text("cli.description_train"),
    )
    train.add_argument(
        "model",
        choices=list(MODEL_DEFAULTS),
        metavar="MODEL",
        help=text("cli.help_model", models=", ".join(MODEL_DEFAULTS)),
    )
    train.add_argument("--epochs", type=_positive_int, metavar="N", help=text("cli.help_epochs"))
    train.add_argument("--lr", type=_positive_float, help=text("cli.help_lr"))
    train.add_argument(
        "--batch-size", type=_positive_int, metavar="N", help=text("cli.help_batch_size")
    )
    train.add_argument("--device", type=_device, metavar="NAME", help=text("cli.help_device"))
    train.add_argument("--seed", type=_seed, default=0, metavar="N", help=text("cli.help_seed"))
    train.add_argument("--out", metavar="PNG", help=text("cli.help_out"))
    train.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        help=text("cli.help_progress_train"),
    )
    train.add_argument(
        "--no-download",
        dest="download",
        action="store_false",
        help=text("cli.help_no_download"),
    )
    train.set_defaults(handler=commands.cmd_train, parser=train)

    info = sub.add_parser("info", parents=[common, language, data_root], help=text("cli.help_info"))
    info.set_defaults(handler=commands.cmd_info)

    data = sub.add_parser(
        "data", help=text("cli.help_data"), description=text("cli.description_data")
    )
    data_sub = data.add_subparsers(dest="action", required=True, metavar="ACTION")
    status = data_sub.add_parser(
        "status", parents=[common, language, data_root], help=text("cli.help_status")
    )
    status.set_defaults(handler=commands.cmd_data_status)
    verify = data_sub.add_parser(
        "verify", parents=[common, language, data_root], help=text("cli.help_verify")
    )
    verify.set_defaults(handler=commands.cmd_data_verify)
    download = data_sub.add_parser(
        "download", parents=[common, language, data_root], help=text("cli.help_download")
    )
    download.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        help=text("cli.help_progress_download"),
    )
    download.set_defaults(handler=commands.cmd_data_download)
    importing = data_sub.add_parser(
        "import",
        parents=[common, language, data_root],
        help=text("cli.help_import"),
        description=text("cli.description_import"),
    )
    importing.add_argument("paths", nargs="+", metavar="PATH", help=text("cli.help_import_paths"))
    importing.set_defaults(handler=commands.cmd_data_import)

    notebooks = sub.add_parser(
        "notebooks",
        parents=[common],
        help=text("cli.help_notebooks"),
        description=text("cli.description_notebooks"),
    )
    notebooks.add_argument("dest", metavar="DEST", help=text("cli.help_dest"))
    notebooks.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        default=argparse.SUPPRESS,
        help=text("cli.help_notebooks_lang"),
    )
    notebooks.add_argument("--student", action="store_true", help=text("cli.help_student"))
    notebooks.add_argument("--force", action="store_true", help=text("cli.help_force"))
    notebooks.add_argument(
        "--keep-answers", action="store_true", help=text("notebooks.help_keep_answers")
    )
    notebooks.set_defaults(handler=classroom.cmd_notebooks)

    grade = sub.add_parser("grade", parents=[common, language, data_root], help=text("grade.help"))
    grade.add_argument(
        "submissions", nargs="+", metavar="SUBMISSIONS", help=text("grade.help_submissions")
    )
    grade.add_argument(
        "--timeout",
        type=_positive_float,
        default=300.0,
        help=text("grade.help_timeout", default=300),
    )
    grade.add_argument("--jobs", type=_int_at_least(1), default=None, help=text("grade.help_jobs"))
    grade.add_argument("--out", metavar="FILE.csv", help=text("grade.help_out"))
    grade.add_argument("--strict", action="store_true", help=text("grade.help_strict"))
    grade.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, help=text("grade.help_progress")
    )
    grade.set_defaults(handler=classroom.cmd_grade)
    return parser


def _lang_option(argv: Sequence[str]) -> str | None:
    """Return the language the last `--lang en|zh` of `argv` asks for; None without one.

    Read before parsing, so that the help texts and argument errors are in that language
    too; a bad value is left to the parser to report.
    """
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        if value in LANGUAGES:
            found = value
    return found


@contextlib.contextmanager
def _language(argv: Sequence[str]) -> Iterator[None]:
    """Speak the language `--lang` asks for during the run; put the session's back after."""
    lang = _lang_option(argv)
    if lang is None:
        yield
        return
    previous = lang_module._chosen[-1] if lang_module._chosen else None
    set_lang(lang)
    try:
        yield
    finally:
        set_lang(previous)


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
    argv = sys.argv[1:] if argv is None else list(argv)
    with _escaping_output(), _language(argv):
        return _main(argv)


def _main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as err:
        args.parser.error(str(err))  # the usage, then the message; exit code 2
        raise  # not reached: error() exits
    except KeyboardInterrupt:
        print(text("cli.interrupted", prog="d2lite"), file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 -- every failure becomes one line and exit 1
        if _debug_requested(args):
            traceback.print_exc()
        print(text("cli.error_line", prog="d2lite", message=_one_line(err)), file=sys.stderr)
        return 1
