"""The classroom's subcommands: `d2lite notebooks` (copies, student copies) and `d2lite grade`."""

from __future__ import annotations

import argparse
import importlib.util
import os
import shlex
import shutil
import sys
import time
from pathlib import Path

from d2lite import grading
from d2lite.handout import copy_notebooks
from d2lite.lang import get_lang
from d2lite.messages import text
from d2lite.progress import print_text

__all__: list[str] = []  # the command's, not the book's


def shell_quote(path: str, windows: bool = os.name == "nt") -> str:
    """Quote `path` for the platform's shell: double quotes on Windows, else as a POSIX shell."""
    return f'"{path}"' if windows else shlex.quote(path)


def _python() -> str:
    """How to call this Python from a shell: `python` when that is this one, else its path."""
    found = shutil.which("python")
    if found and Path(found).resolve() == Path(sys.executable).resolve():
        return "python"
    return shell_quote(sys.executable)


def how_to_open(folder: Path) -> str:
    """A command that opens `folder` in JupyterLab in this environment, or how to get one."""
    command = f"{_python()} -m jupyterlab {shell_quote(str(folder))}"
    if importlib.util.find_spec("jupyterlab") is not None:
        return text("classroom.open_lab", command=command)
    install = f'{_python()} -m pip install "d2lite[jupyter]"'
    return text("classroom.no_jupyter", install=install, command=command)


def cmd_notebooks(args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", None) or get_lang()  # without --lang: the messages' language
    keep = getattr(args, "keep_answers", False)
    written = copy_notebooks(
        args.dest, lang=lang, student=args.student, force=args.force, keep_answers=keep
    )
    kind = text("cli.kind_student" if args.student else "cli.kind_notebooks")
    print_text(text("cli.copied", n=len(written), kind=kind, dest=written.folder))
    for path in written:
        print_text(f"  {path.name}")
    for path, backup in written.backups:
        print_text(text("cli.kept_backup", name=path.name, backup=backup.name))
    if args.student:
        print_text(text("classroom.removed", **vars(written.removed)))
        if keep:
            print_text(text("classroom.kept_answers"))
    print_text(how_to_open(written.folder))
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    if (
        importlib.util.find_spec("nbclient") is None
        or importlib.util.find_spec("ipykernel") is None
    ):
        install = f'{_python()} -m pip install "d2lite[jupyter]"'
        raise RuntimeError(text("grade.needs_nbclient", install=install))
    paths = [Path(p) for p in args.submissions]
    if not grading.find_submissions(paths):
        raise FileNotFoundError(text("grade.nothing_found", paths=", ".join(map(str, paths))))
    if args.strict:
        os.environ[grading.STRICT_ENV] = "1"  # the kernels inherit it
    start = time.perf_counter()
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    outcomes, table = grading.grade(
        paths, args.timeout, args.jobs, progress=progress, root=args.data_root
    )
    print_text(grading.format_table(table))
    if args.out:
        grading.write_csv(table, Path(args.out))
        print_text(text("grade.csv_written", path=Path(args.out)))
    checks = [row for row in table if row["exercise"]]
    passed = sum(1 for row in checks if row["total"] and row["passed"] == row["total"])
    print_text(
        text(
            "grade.summary",
            notebooks=len(outcomes),
            students=len({o.submission.student for o in outcomes}),
            seconds=time.perf_counter() - start,
            passed=passed,
            checks=len(checks),
        )
    )
    return 0
