"""Handing out the notebooks: copies for learners, and student copies for a class.

The notebooks ship inside the package (``d2lite/notebooks``, with the Chinese
set in ``zh/``), so a learner who installed d2lite with pip gets them with
`copy_notebooks` (the `d2lite notebooks` command). A student copy is what a
teacher hands out: outputs cleared, the test scaffolding removed (nbval's
``# NBVAL_...`` markers, cells that only assert, the asserts beside the
exercise checks) and each exercise's solution, the lines between
``### BEGIN SOLUTION`` and ``### END SOLUTION``, replaced by a stub.

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
from pathlib import Path
from typing import Any

from d2lite.files import check_folder, in_the_way, write_file, write_new_file
from d2lite.lang import LANGUAGES

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
STUB = ("# your code here", "raise NotImplementedError")
_NBVAL_MARKER = re.compile(r"^\s*#\s*NBVAL_\w+\s*$")


def notebooks_folder(lang: str = "en") -> Path:
    """Return the folder of the shipped notebooks in `lang` ("en" or "zh")."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}; pass 'en' or 'zh'")
    package = Path(__file__).resolve().parent
    installed = package / "notebooks"
    checkout = package.parent.parent / "notebooks"  # src/d2lite -> the checkout's notebooks/
    base = installed if installed.is_dir() else checkout
    folder = base if lang == "en" else base / lang
    if not sorted(folder.glob("*.ipynb")):
        raise FileNotFoundError(
            f"no {lang} notebooks in {folder}: this installation of d2lite does not include "
            f"them; reinstall d2lite, or copy them from the project's notebooks/ folder"
        )
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


def _stub_solutions(code: str) -> str:
    """Replace each BEGIN/END SOLUTION block by the stub, at the block's indentation."""
    out: list[str] = []
    inside = False
    for line in code.splitlines(keepends=True):
        stripped = line.strip()
        if stripped == BEGIN_SOLUTION:
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(f"{indent}{stub}\n" for stub in STUB)
            inside = True
        elif stripped == END_SOLUTION:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"a cell has {BEGIN_SOLUTION!r} without {END_SOLUTION!r}")
    return "".join(out)


def student_copy(notebook: dict[str, Any]) -> dict[str, Any]:
    """Return a student copy of a notebook (nbformat 4 JSON as a dict); the input is unchanged."""
    notebook = json.loads(json.dumps(notebook))  # a deep copy
    cells = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            cells.append(cell)
            continue
        code = _source(cell)
        has_solution = BEGIN_SOLUTION in code
        code = "".join(
            line for line in code.splitlines(keepends=True) if not _NBVAL_MARKER.match(line)
        )
        if _only_asserts(code):
            continue
        if has_solution:
            code = _without_top_level_asserts(_stub_solutions(code))
        if not code.strip():
            continue
        _set_source(cell, code.strip("\n"))  # nbformat: no newline after the last line
        cell["outputs"] = []
        cell["execution_count"] = None
        cell["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k == "tags"}
        cells.append(cell)
    notebook["cells"] = cells
    return notebook


class Copied(list[Path]):
    """The files `copy_notebooks` wrote, in order; `backups` holds (file, its backup) pairs."""

    def __init__(self, files: list[Path], backups: list[tuple[Path, Path]]) -> None:
        super().__init__(files)
        self.backups = backups


def _backup_name(target: Path, stamp: str) -> Path:
    """Return a free name for the backup of `target`: NAME.bak-STAMP, else NAME.bak-STAMP-2, ..."""
    backup = target.with_name(f"{target.name}.bak-{stamp}")
    count = 1
    while os.path.lexists(backup):
        count += 1
        backup = target.with_name(f"{target.name}.bak-{stamp}-{count}")
    return backup


def _notebook_bytes(notebook: Path, student: bool) -> bytes:
    if not student:
        return notebook.read_bytes()
    content = student_copy(json.loads(notebook.read_text(encoding="utf-8")))
    return (json.dumps(content, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def copy_notebooks(
    dest: str | os.PathLike[str], lang: str = "en", student: bool = False, force: bool = False
) -> Copied:
    """Copy the shipped notebooks in `lang` into the folder `dest`; return the files written.

    student: write student copies (see `student_copy`). An existing notebook
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
    if dest_path.exists() and not dest_path.is_dir():
        raise NotADirectoryError(f"{dest_path} is a file; give a folder to copy the notebooks into")
    check_folder(dest_path, what="the notebooks")
    notebooks = sorted(source.glob("*.ipynb"))
    targets = [dest_path / nb.name for nb in notebooks]
    contents = [_notebook_bytes(nb, student) for nb in notebooks]
    blocked = [(t, why) for t in targets if (why := in_the_way(t)) is not None]
    if blocked:
        things = ", ".join(f"{t} is {why}" for t, why in blocked)
        raise FileExistsError(
            f"cannot write the notebooks into {dest_path}: {things}; d2lite writes notebooks "
            f"only as plain files and never through links, and nothing was copied. Remove or "
            f"rename {'it' if len(blocked) == 1 else 'them'}, or choose another folder"
        )
    existing = [t for t in targets if os.path.lexists(t)]
    if existing and not force:
        raise FileExistsError(
            f"{len(existing)} of the notebooks already exist in {dest_path} "
            f"({', '.join(t.name for t in existing)}); nothing was copied. Choose another "
            f"folder, or pass --force (in Python force=True) to replace them: it keeps a backup "
            f"copy of each changed notebook"
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
    return Copied(targets, backups)
