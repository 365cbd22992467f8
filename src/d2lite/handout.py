"""Handing out the notebooks: copies for learners, and student copies for a class.

The notebooks ship inside the package (``d2lite/notebooks``, with the Chinese
set in ``zh/``), so a learner who installed d2lite with pip gets them with
`copy_notebooks` (the `d2lite notebooks` command). A student copy is what a
teacher hands out: outputs cleared, the test scaffolding removed (nbval's
``# NBVAL_...`` markers, cells that only assert, the asserts beside the
exercise checks) and each exercise's solution, the lines between
``### BEGIN SOLUTION`` and ``### END SOLUTION``, replaced by a stub (its comment in
the notebooks' language: ``# your code here`` or ``# 在此处编写你的代码``).

Notebooks are JSON; they are read and written with the standard library, so
this works without Jupyter installed. A learner's folder is handled with
care: every destination is checked before any file is written, nothing is
written through a symbolic link, and `force` keeps a backup of each notebook
it replaces with different content, since it may hold the learner's work.
"""

from __future__ import annotations

import ast
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from d2lite.files import check_folder, in_the_way, write_file, write_new_file
from d2lite.lang import LANGUAGES
from d2lite.messages import text

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
STUB = ("# your code here", "raise NotImplementedError")  # the comment as in English copies
_NBVAL_MARKER = re.compile(r"^\s*#\s*NBVAL_\w+\s*$")


def notebooks_folder(lang: str = "en") -> Path:
    """Return the folder of the shipped notebooks in `lang` ("en" or "zh")."""
    if lang not in LANGUAGES:
        raise ValueError(text("handout.bad_lang", languages=LANGUAGES, lang=lang))
    package = Path(__file__).resolve().parent
    installed = package / "notebooks"
    checkout = package.parent.parent / "notebooks"  # src/d2lite -> the checkout's notebooks/
    base = installed if installed.is_dir() else checkout
    folder = base if lang == "en" else base / lang
    if not sorted(folder.glob("*.ipynb")):
        raise FileNotFoundError(text("handout.no_notebooks", lang=lang, folder=folder))
    return folder


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _set_source(cell: dict[str, Any], text: str) -> None:
    cell["source"] = text.splitlines(keepends=True)


def _only_asserts(code: str) -> bool:
    """Return True if `code` holds statements and every one is an assert."""
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return False
    return bool(body) and all(isinstance(node, ast.Assert) for node in body)


def _without_top_level_asserts(code: str) -> str:
    """Remove the top-level assert statements of `code` (exercise cells check their answer)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    lines = code.splitlines(keepends=True)
    for node in reversed(tree.body):
        if isinstance(node, ast.Assert):
            del lines[node.lineno - 1 : node.end_lineno]
    return "".join(lines)


def _stub(lang: str) -> tuple[str, ...]:
    """Return the lines of the stub in `lang`: a comment a learner reads, and the raise."""
    return (text("handout.stub", lang), *STUB[1:])


def _stub_solutions(code: str, lang: str = "en") -> str:
    """Replace the code of each BEGIN/END SOLUTION block by the stub, at its indentation.

    The two marker lines stay around the stub: they show the learner where to
    write, and they are nbgrader's solution delimiters, so nbgrader's
    generate_assignment replaces only that region (a solution cell without them
    would lose its `def` line and docstring to nbgrader's stub).
    """
    stub = _stub(lang)
    out: list[str] = []
    inside = False
    for line in code.splitlines(keepends=True):
        stripped = line.strip()
        if stripped == BEGIN_SOLUTION:
            indent = line[: len(line) - len(line.lstrip())]
            out.append(line)
            out.extend(f"{indent}{line}\n" for line in stub)
            inside = True
        elif stripped == END_SOLUTION:
            out.append(line if line.endswith("\n") else line + "\n")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(text("handout.unclosed", begin=BEGIN_SOLUTION, end=END_SOLUTION))
    return "".join(out)


# A written exercise's answer: <details><summary>Answer</summary> ... </details> (or 答案).
_ANSWER = re.compile(
    r"\n*[ \t]*<details>\s*<summary>\s*(?:Answer|答案)\s*</summary>.*?</details>[ \t]*", re.S
)


def _check_call(node: ast.AST) -> ast.Call | None:
    """The exercise check a statement calls (`d2l.check_sgd(sgd)`, ...), or None."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.startswith("check_"):
                return sub
    return None


def _check_calls(code: str) -> tuple[str, list[str]]:
    """Split `code` into the code without its check statements, and each check call's source."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code, []
    lines = code.splitlines(keepends=True)
    calls = []
    for node in reversed(tree.body):
        call = _check_call(node)
        if call is not None:
            calls.insert(0, ast.get_source_segment(code, call) or "")
            del lines[node.lineno - 1 : node.end_lineno]
    return "".join(lines), calls


def _nbgrader(grade_id: str, solution: bool) -> dict[str, Any]:
    """nbgrader's cell metadata (schema 3): an answer cell, or a locked autograded test cell."""
    meta: dict[str, Any] = {
        "grade": not solution,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if not solution:
        meta["points"] = 1
    return meta


def _code_cell(source: str, cell: dict[str, Any] | None = None) -> dict[str, Any]:
    new = dict(cell) if cell is not None else {"cell_type": "code"}
    _set_source(new, source.strip("\n"))  # nbformat: no newline after the last line
    new["outputs"] = []
    new["execution_count"] = None
    metadata = cell.get("metadata", {}) if cell is not None else {}
    new["metadata"] = {k: v for k, v in metadata.items() if k == "tags"}
    return new


@dataclass
class Removed:
    """What student copies left out: written answers, solutions, cells that only test."""

    answers: int = 0
    solutions: int = 0
    test_cells: int = 0
    checks: int = 0  # the exercise checks kept, each in a graded cell of its own

    def add(self, other: Removed) -> None:
        for name in ("answers", "solutions", "test_cells", "checks"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def student_copy(
    notebook: dict[str, Any], lang: str = "en", keep_answers: bool = False
) -> dict[str, Any]:
    """Return a student copy of a notebook (nbformat 4 JSON as a dict); the input is unchanged.

    Outputs are cleared; nbval's markers, cells that only assert and the
    asserts beside exercises go; each solution becomes a stub that raises
    NotImplementedError (its comment in `lang`); the written exercises'
    answers (``<details><summary>Answer</summary>``) go unless `keep_answers`.
    Each exercise's check moves into a cell of its own after the answer cell,
    ending in the check's score, and both cells carry nbgrader's metadata (an
    answer cell, and a locked autograded test cell worth 1 point, with the
    share of passed cases as partial credit), so a course on nbgrader can use
    the copy as it is. ``copy["metadata"]["d2lite"]["removed"]`` counts what went.
    """
    notebook = json.loads(json.dumps(notebook))  # a deep copy
    removed = Removed()
    cells = []
    exercise = 0
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown" and not keep_answers:
            source, count = _ANSWER.subn("", _source(cell))
            removed.answers += count
            if count:
                _set_source(cell, source.rstrip("\n"))
        if cell.get("cell_type") != "code":
            cells.append(cell)
            continue
        code = _source(cell)
        has_solution = BEGIN_SOLUTION in code
        code = "".join(
            line for line in code.splitlines(keepends=True) if not _NBVAL_MARKER.match(line)
        )
        if _only_asserts(code):
            removed.test_cells += 1
            continue
        if not has_solution:
            if code.strip():
                cells.append(_code_cell(code, cell))
            continue
        removed.solutions += code.count(BEGIN_SOLUTION)
        code, calls = _check_calls(_without_top_level_asserts(_stub_solutions(code, lang)))
        exercise += 1
        answer = _code_cell(code, cell)
        answer["metadata"]["nbgrader"] = _nbgrader(f"exercise-{exercise}", solution=True)
        cells.append(answer)
        for k, call in enumerate(calls, 1):
            check = _code_cell(f"{text('handout.check_comment', lang)}\n{call}.score")
            suffix = "" if k == 1 else f"-{k}"
            check["id"] = f"exercise-{exercise}-check{suffix}"  # nbformat 4.5: every cell has one
            check["metadata"]["nbgrader"] = _nbgrader(check["id"], False)
            cells.append(check)
            removed.checks += 1
    notebook["cells"] = cells
    notebook.setdefault("metadata", {})["d2lite"] = {"removed": vars(removed)}
    return notebook


class Copied(list[Path]):
    """The files `copy_notebooks` wrote, in order; `backups` holds (file, its backup) pairs."""

    def __init__(
        self, files: list[Path], backups: list[tuple[Path, Path]], removed: Removed, folder: Path
    ) -> None:
        super().__init__(files)
        self.backups = backups
        self.removed = removed  # what student copies left out, over all notebooks
        self.folder = folder  # where they went: DEST, or DEST/zh for the Chinese set


def _backup_name(target: Path, stamp: str) -> Path:
    """Return a free name for the backup of `target`: NAME.bak-STAMP, else NAME.bak-STAMP-2, ..."""
    backup = target.with_name(f"{target.name}.bak-{stamp}")
    count = 1
    while os.path.lexists(backup):
        count += 1
        backup = target.with_name(f"{target.name}.bak-{stamp}-{count}")
    return backup


def _notebook_bytes(
    notebook: Path, student: bool, lang: str, keep_answers: bool, removed: Removed
) -> bytes:
    if not student:
        return notebook.read_bytes()
    content = student_copy(json.loads(notebook.read_text(encoding="utf-8")), lang, keep_answers)
    removed.add(Removed(**content["metadata"]["d2lite"]["removed"]))
    return (json.dumps(content, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _free(dest: str | os.PathLike[str]) -> Path:
    """A folder name beside `dest` that does not exist yet: DEST-2, DEST-3, ..."""
    base = Path(os.fspath(dest)).expanduser()
    count = 2
    while os.path.lexists(base.with_name(f"{base.name}-{count}")):
        count += 1
    return base.with_name(f"{base.name}-{count}")


def copy_notebooks(
    dest: str | os.PathLike[str],
    lang: str = "en",
    student: bool = False,
    force: bool = False,
    keep_answers: bool = False,
) -> Copied:
    """Copy the shipped notebooks in `lang` into the folder `dest`; return the files written.

    The English notebooks go into `dest` itself, the Chinese ones into
    `dest/zh`, so both sets fit in one folder without a clash.
    student: write student copies (see `student_copy`; `keep_answers` keeps the
    written exercises' answers in them). An existing notebook
    is never overwritten unless `force`; without it nothing at all is written.
    With `force`, each existing notebook whose content differs from the new
    one is first kept as NAME.bak-YYYYmmdd-HHMMSS (the returned list's
    `backups`). Every destination is checked before anything is written: a
    folder or a symbolic link at a notebook's name, a file in the way of
    `dest`, or a folder that cannot be written is an error, and nothing is
    written. Files are written without following links (`write_file`).
    """
    source = notebooks_folder(lang)
    dest_path = Path(os.fspath(dest)).expanduser()
    if lang != "en":
        dest_path = dest_path / lang
    if dest_path.exists() and not dest_path.is_dir():
        raise NotADirectoryError(text("handout.dest_is_file", path=dest_path))
    check_folder(dest_path, what=text("handout.what"))
    notebooks = sorted(source.glob("*.ipynb"))
    targets = [dest_path / nb.name for nb in notebooks]
    removed = Removed()
    contents = [_notebook_bytes(nb, student, lang, keep_answers, removed) for nb in notebooks]
    blocked = [(t, why) for t in targets if (why := in_the_way(t)) is not None]
    if blocked:
        things = ", ".join(text("handout.blocked_item", path=t, why=why) for t, why in blocked)
        key = "handout.blocked_one" if len(blocked) == 1 else "handout.blocked_many"
        raise FileExistsError(text(key, dest=dest_path, things=things))
    existing = [t for t in targets if os.path.lexists(t)]
    if existing and not force:
        names = ", ".join(t.name for t in existing)
        raise FileExistsError(
            text("handout.exist", n=len(existing), dest=dest_path, names=names, other=_free(dest))
        )
    dest_path.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backups = []
    for target, content in zip(targets, contents, strict=True):
        if target in existing:
            old = target.read_bytes()
            if old != content:  # keep the learner's work before anything is replaced
                backups.append((target, write_new_file(_backup_name(target, stamp), old)))
    for target, content in zip(targets, contents, strict=True):
        write_file(target, content)
    return Copied(targets, backups, removed, dest_path)
