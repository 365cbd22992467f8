"""`d2lite grade`: each submission in a fresh kernel, its checks collected, nothing able to
stop the others: a notebook that loops, kills its kernel, deletes files or prints megabytes."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import nbformat
import pytest

from d2lite import grading
from d2lite.lang import set_lang

# What a check call writes (d2lite.exercises.runner), written by hand in these notebooks.
RECORD = (
    "import json, os\n"
    "def record(exercise, passed, total, first=None):\n"
    "    with open(os.environ['D2LITE_CHECK_LOG'], 'a', encoding='utf-8') as f:\n"
    "        f.write(json.dumps(dict(exercise=exercise, passed=passed, total=total,\n"
    "                                first_failure=first)) + '\\n')\n"
)


def _notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(RECORD), *(nbformat.v4.new_code_cell(c) for c in cells)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


@pytest.fixture
def english():
    set_lang("en")
    yield
    set_lang(None)


def test_a_class_is_graded_and_no_submission_harms_another(tmp_path, english):
    sub = tmp_path / "submissions"
    _notebook(
        sub / "alice" / "02.ipynb", "record('check_sgd', 7, 7)", "record('check_linreg', 5, 5)"
    )
    _notebook(
        sub / "bob" / "02.ipynb",
        "record('check_sgd', 3, 7, 'one step')",
        "1/0",
        "record('check_linreg', 5, 5)",
    )  # a cell that raises does not stop the rest
    _notebook(sub / "dave" / "02.ipynb", "import os; os._exit(1)")  # the kernel dies
    victim = tmp_path / "keep.txt"
    victim.write_text("a file beside the submissions")
    _notebook(
        sub / "eve" / "02.ipynb",
        "import pathlib, shutil\n"
        "for p in pathlib.Path('.').iterdir():\n"
        "    shutil.rmtree(p) if p.is_dir() else p.unlink()\n"
        "record('check_sgd', 7, 7)",
    )  # deletes what is around it: only its own copy
    _notebook(sub / "frank.ipynb", "print('x' * 5_000_000)", "record('check_sgd', 7, 7)")

    outcomes, table = grading.grade([sub], timeout=120, jobs=2)

    by = {(r["student"], r["exercise"]): r for r in table}
    assert by[("alice", "check_sgd")]["passed"] == 7 and by[("alice", "check_linreg")]["total"] == 5
    assert by[("bob", "check_sgd")]["first_failure"] == "one step"
    assert by[("bob", "check_linreg")]["passed"] == 5
    assert by[("dave", "")]["status"] == "the kernel died"
    assert by[("eve", "check_sgd")]["passed"] == 7
    assert (
        by[("frank", "check_sgd")]["passed"] == 7
        and by[("frank", "check_sgd")]["notebook"] == "frank"
    )
    assert victim.read_text() == "a file beside the submissions"
    assert sorted(p.name for p in (sub / "eve").iterdir()) == ["02.ipynb"]
    assert {o.status for o in outcomes} == {"finished", "kernel died"}

    out = tmp_path / "report.csv"
    grading.write_csv(table, out)
    with open(out, encoding="utf-8-sig", newline="") as f:
        read = list(csv.DictReader(f))
    assert [r["student"] for r in read] == [str(r["student"]) for r in table]
    assert read[0].keys() == set(grading.COLUMNS)
    printed = grading.format_table(table)
    assert printed.splitlines()[0].split()[:3] == ["student", "notebook", "exercise"]


def test_a_notebook_that_never_ends_is_stopped_at_its_limit(tmp_path, english):
    loop = _notebook(tmp_path / "carol.ipynb", "record('check_sgd', 7, 7)", "while True: pass")
    start = time.perf_counter()
    [outcome], table = grading.grade([loop], timeout=10, jobs=1)
    took = time.perf_counter() - start
    assert outcome.status == "timeout" and 10 <= took < 30
    assert table[0]["passed"] == 7  # what it recorded before the loop counts
    assert table[0]["status"] == "stopped after 10 s (time limit)"


def test_the_log_reader_skips_what_is_not_a_record(tmp_path):
    log = tmp_path / "log"
    log.write_bytes(b'{"exercise": "check_sgd", "passed": 1, "total": 2}\nnot json\n[1]\n\xff\n')
    assert grading._read_log(log) == [{"exercise": "check_sgd", "passed": 1, "total": 2}]
    big = tmp_path / "big"
    big.write_text(json.dumps({"exercise": "x"}) + "\n" + "y" * 3_000_000)
    assert grading._read_log(big) == [{"exercise": "x"}]  # read up to a limit, never all


def test_students_are_named_by_folder_or_file(tmp_path):
    _notebook(tmp_path / "class" / "ann" / "hw" / "02.ipynb")
    _notebook(tmp_path / "class" / "ben.ipynb")
    _notebook(tmp_path / "class" / "ann" / ".ipynb_checkpoints" / "02-checkpoint.ipynb")
    loose = _notebook(tmp_path / "cid.ipynb")
    found = grading.find_submissions([tmp_path / "class", loose])
    assert [(s.student, s.notebook) for s in found] == [
        ("ann", "02"),
        ("ben", "ben"),
        ("cid", "cid"),
    ]
    with pytest.raises(FileNotFoundError, match="neither a notebook nor a folder"):
        grading.find_submissions([tmp_path / "missing"])


def test_chinese_table_headers_line_up(tmp_path):
    set_lang("zh")
    try:
        table = [
            dict(
                zip(grading.COLUMNS, ("张三", "02", "check_sgd", 7, 7, "", "运行完毕"), strict=True)
            )
        ]
        lines = grading.format_table(table).splitlines()
        assert lines[0].startswith("学生")
        assert grading._width(lines[0].split("笔记本")[0]) == grading._width(
            lines[1].split("02")[0]
        )
    finally:
        set_lang(None)
