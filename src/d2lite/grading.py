"""Grading submitted notebooks: each runs in a fresh kernel, its checks' results are collected.

`grade(paths, timeout=..., jobs=...)` runs every submitted notebook in a kernel
of its own, in a folder of its own (a copy of the notebook, nothing else), with
one torch thread, a time limit for the whole notebook and HOME pointing into
that folder, so that a notebook which loops forever, crashes its kernel,
deletes files around it or prints megabytes harms only its own run. Cells that
raise do not stop the run: later exercises are still graded, as nbgrader's
autograde does.

Every `check_*` call in the kernel appends its result as one JSON line to the
file named by the environment variable D2LITE_CHECK_LOG (see
`d2lite.exercises.runner`); the grader reads those lines back: one row per
check (student, notebook, exercise, passed cases, total, first failure,
status of the notebook's run).

Where notebooks come from: a notebook given as a file is graded under its own
name as the student's; a folder is searched for notebooks, and the first folder
below it names the student (``submissions/alice/02_linear_regression_scratch.ipynb``),
or the file's own name when it sits in the folder itself.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from d2lite.data.root import data_root
from d2lite.files import write_file
from d2lite.messages import text

__all__: list[str] = []  # the grader is the d2lite command's, not the book's

LOG_ENV = "D2LITE_CHECK_LOG"
STRICT_ENV = "D2LITE_CHECK_STRICT"  # set to 1: checks fail answers that call a ready-made version
COLUMNS = ("student", "notebook", "exercise", "passed", "total", "first_failure", "status")


@dataclass
class Submission:
    """One notebook to grade, and whose it is."""

    path: Path
    student: str
    notebook: str


@dataclass
class Outcome:
    """What running one submission gave: its checks' records and how the run ended."""

    submission: Submission
    status: str  # "finished", "timeout", "kernel died", "error"
    seconds: float
    checks: list[dict[str, object]] = field(default_factory=list)
    detail: str = ""


def find_submissions(paths: list[Path]) -> list[Submission]:
    """Return the notebooks under `paths` (files or folders), each with its student's name."""
    found: list[Submission] = []
    for given in paths:
        if given.is_dir():
            for path in sorted(given.rglob("*.ipynb")):
                if ".ipynb_checkpoints" in path.parts:
                    continue
                rel = path.relative_to(given)
                student = rel.parts[0] if len(rel.parts) > 1 else path.stem
                found.append(Submission(path, student, path.stem))
        elif given.is_file():
            found.append(Submission(given, given.stem, given.stem))
        else:
            raise FileNotFoundError(text("grade.no_such_submission", path=given))
    return found


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Stop the worker and the kernel it started (its whole process group where there is one)."""
    if sys.platform == "win32":
        # No process groups to signal: taskkill /T ends the worker's tree, the kernel with it.
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False
        )
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def _read_log(log: Path, limit: int = 2**20) -> list[dict[str, object]]:
    """The JSON records a run's checks wrote (at most `limit` bytes; broken lines skipped)."""
    if not log.exists():
        return []
    records = []
    with open(log, "rb") as file:
        data = file.read(limit)
    for line in data.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and "exercise" in record:
            records.append(record)
    return records


def run_submission(
    submission: Submission, timeout: float, root: str | None = None, python: str = sys.executable
) -> Outcome:
    """Run one notebook in a fresh kernel in a folder of its own; stop it after `timeout` s.

    root: the data root the notebook's Fashion-MNIST comes from (default: d2lite's own).
    """
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="d2lite-grade-") as folder:
        work = Path(folder)
        notebook = work / "submission.ipynb"
        shutil.copyfile(submission.path, notebook)
        log = work / ".checks.jsonl"
        home = work / "home"
        home.mkdir()
        env = dict(os.environ)
        env.update(
            {
                LOG_ENV: str(log),
                "D2LITE_DATA": str(data_root(root)),
                "HOME": str(home),
                "USERPROFILE": str(home),
                "OMP_NUM_THREADS": "1",
                "MKL_NUM_THREADS": "1",
                "MPLBACKEND": "Agg",
                "PYTHONIOENCODING": "utf-8",
            }
        )
        process = subprocess.Popen(
            [python, "-c", WORKER, str(notebook), str(timeout)],
            cwd=work,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=sys.platform != "win32",
        )
        try:
            _, err = process.communicate(timeout=timeout)
            code = process.returncode
            status = {0: "finished", 3: "kernel died"}.get(code, "error")
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if code else []
        except subprocess.TimeoutExpired:
            _kill(process)
            status, detail = "timeout", []
        checks = _read_log(log)
    seconds = time.perf_counter() - start
    return Outcome(submission, status, seconds, checks, " ".join(detail)[:200])


def _status_text(outcome: Outcome, timeout: float) -> str:
    if outcome.status == "finished":
        return text("grade.status_finished")
    if outcome.status == "timeout":
        return text("grade.status_timeout", seconds=f"{timeout:g}")
    if outcome.status == "kernel died":
        return text("grade.status_kernel_died")
    return text("grade.status_error", detail=outcome.detail or "?")


def rows(outcomes: list[Outcome], timeout: float) -> list[dict[str, object]]:
    """One row per check recorded; a run that recorded none still gets a row with its status."""
    table: list[dict[str, object]] = []
    for outcome in outcomes:
        sub = outcome.submission
        status = _status_text(outcome, timeout)
        if not outcome.checks:
            table.append(
                dict(zip(COLUMNS, (sub.student, sub.notebook, "", 0, 0, "", status), strict=True))
            )
        for check in outcome.checks:
            table.append(
                {
                    "student": sub.student,
                    "notebook": sub.notebook,
                    "exercise": check.get("exercise", ""),
                    "passed": check.get("passed", 0),
                    "total": check.get("total", 0),
                    "first_failure": check.get("first_failure") or "",
                    "status": status,
                }
            )
    return table


def write_csv(table: list[dict[str, object]], path: Path) -> None:
    """Write the rows as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read it)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    write_file(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))


def format_table(table: list[dict[str, object]]) -> str:
    """The rows as a plain-text table for the terminal."""
    head = [text(f"grade.column_{c}") for c in COLUMNS]
    body = [[str(row[c]) for c in COLUMNS] for row in table]
    widths = [max(_width(x) for x in col) for col in zip(head, *body, strict=True)]
    lines = []
    for cells in [head, *body]:
        lines.append(
            "  ".join(
                c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)
            ).rstrip()
        )
    return "\n".join(lines)


def _width(cell: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in cell)


def grade(
    paths: list[Path],
    timeout: float = 300.0,
    jobs: int | None = None,
    progress: bool = False,
    root: str | None = None,
) -> tuple[list[Outcome], list[dict[str, object]]]:
    """Run every submission (`jobs` at a time) and return the outcomes and the table's rows."""
    submissions = find_submissions(paths)
    jobs = max(1, jobs or os.cpu_count() or 1)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(submissions), unit="notebook", leave=False, dynamic_ncols=True)
    outcomes: list[Outcome] = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for outcome in pool.map(lambda s: run_submission(s, timeout, root), submissions):
            outcomes.append(outcome)
            if bar is not None:
                bar.update(1)
    if bar is not None:
        bar.close()
    return outcomes, rows(outcomes, timeout)


# The worker runs as `python -c WORKER NOTEBOOK TIMEOUT`: a script of its own, so that it does
# not import d2lite (and torch) just to drive a kernel; only the kernel imports them. It
# executes every cell, errors allowed, and exits 3 when the kernel died.
WORKER = """
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

notebook, timeout = sys.argv[1], float(sys.argv[2])
nb = nbformat.read(notebook, as_version=4)
client = NotebookClient(
    nb,
    timeout=timeout,
    kernel_name="python3",
    allow_errors=True,
    resources={"metadata": {"path": str(Path(notebook).parent)}},
)
try:
    client.execute()
except DeadKernelError:
    sys.exit(3)
"""
