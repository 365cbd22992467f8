"""Student copies that give nothing away, graded the way nbgrader grades, and the notebooks
command in a classroom: both languages side by side, advice that works where it is given."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from d2lite import classroom, cli, handout

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ORIGINALS = [*sorted(NOTEBOOKS.glob("*.ipynb")), *sorted((NOTEBOOKS / "zh").glob("*.ipynb"))]
_ANSWER_BLOCK = re.compile(
    r"<details>\s*<summary>\s*(?:Answer|答案)\s*</summary>(.*?)</details>", re.S
)


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _solution_lines(path: Path) -> list[str]:
    """Every line of code between BEGIN and END SOLUTION in a notebook that the notebook does
    not also show outside the solutions (the chapter's own code, which the copy keeps)."""
    lines, shown, inside = [], set(), False
    for cell in _cells(path):
        for line in _source(cell).splitlines():
            if line.strip() == handout.BEGIN_SOLUTION:
                inside = True
            elif line.strip() == handout.END_SOLUTION:
                inside = False
            elif inside and line.strip() and not line.strip().startswith("#"):
                lines.append(line.split("  #")[0].strip())  # without a trailing comment
            elif not inside:
                shown.add(line.split("  #")[0].strip())
    return [line for line in lines if line not in shown]


def _answer_lines(path: Path) -> list[str]:
    text = "\n".join(_source(c) for c in _cells(path) if c["cell_type"] == "markdown")
    return [
        line.strip()
        for block in _ANSWER_BLOCK.findall(text)
        for line in block.splitlines()
        if len(line.strip()) > 25
    ]


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    dest = tmp_path_factory.mktemp("class")
    written = {}
    for lang in ("en", "zh"):
        for path in handout.copy_notebooks(dest, lang=lang, student=True):
            written[path.relative_to(dest)] = path
    return dest, written


def test_chinese_copies_go_beside_the_english_ones(copies):
    dest, written = copies
    names = sorted(str(p) for p in written)
    assert names == sorted(
        [p.name for p in NOTEBOOKS.glob("*.ipynb")]
        + [f"zh/{p.name}" for p in NOTEBOOKS.glob("*.ipynb")]
    )


@pytest.mark.parametrize("original", ORIGINALS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_a_student_copy_gives_no_answer_and_no_solution_away(copies, original):
    dest, _ = copies
    copy = dest / original.relative_to(NOTEBOOKS)
    text = "\n".join(_source(c) for c in _cells(copy))
    solutions, answers = _solution_lines(original), _answer_lines(original)
    assert solutions and answers, "the original has exercises with solutions and answers"
    code = "\n".join(_source(c) for c in _cells(copy) if c["cell_type"] == "code")
    leaked = [line for line in solutions if line in code.splitlines() or f" {line}" in code]
    assert leaked == []
    assert [line for line in answers if line in text] == []
    assert "<summary>Answer</summary>" not in text and "<summary>答案</summary>" not in text


@pytest.mark.parametrize("original", ORIGINALS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_every_exercise_is_followed_by_its_graded_check(copies, original):
    dest, _ = copies
    cells = _cells(dest / original.relative_to(NOTEBOOKS))
    answers = [i for i, c in enumerate(cells) if c["metadata"].get("nbgrader", {}).get("solution")]
    assert answers
    for i in answers:
        assert "raise NotImplementedError" in _source(cells[i])
        check = cells[i + 1]
        meta = check["metadata"]["nbgrader"]
        assert meta["grade"] and meta["locked"] and meta["points"] == 1
        assert re.search(r"check_\w+\(.*\)\.score$", _source(check))
    ids = [c["metadata"]["nbgrader"]["grade_id"] for c in cells if "nbgrader" in c["metadata"]]
    assert len(ids) == len(set(ids))


def test_the_copies_validate_with_nbgrader(copies):
    """nbgrader's own validator of its cell metadata (schema 3) accepts every copy."""
    nbgrader = pytest.importorskip(
        "nbgrader.nbgraderformat", reason="nbgrader is in the classroom extra (make install)"
    )
    import nbformat

    dest, written = copies
    validator = nbgrader.MetadataValidator()
    for path in written.values():
        validator.validate_nb(nbformat.read(path, as_version=4))
    broken = nbformat.read(next(iter(written.values())), as_version=4)
    graded = next(c for c in broken.cells if c.metadata.get("nbgrader", {}).get("grade"))
    del graded.metadata.nbgrader["points"]
    with pytest.raises(nbgrader.ValidationError):
        validator.validate_nb(broken)


def test_keep_answers_keeps_the_written_answers(tmp_path):
    copied = handout.copy_notebooks(tmp_path, student=True, keep_answers=True)
    text = "".join(p.read_text(encoding="utf-8") for p in copied)
    assert text.count("<summary>Answer</summary>") == 32
    assert copied.removed.answers == 0 and copied.removed.solutions > 0


def test_the_command_says_exactly_what_was_removed(tmp_path, capsys):
    assert cli.main(["--lang", "en", "notebooks", str(tmp_path), "--student"]) == 0
    out = capsys.readouterr().out
    match = re.search(
        r"(\d+) written answers .* (\d+) solutions .* (\d+) cells that only test; each of the "
        r"(\d+) exercise checks stays",
        out,
    )
    assert match, out
    answers, solutions, _, checks = map(int, match.groups())
    assert answers == 32
    assert solutions == sum(
        p.read_text().count(handout.BEGIN_SOLUTION) for p in NOTEBOOKS.glob("*.ipynb")
    )
    assert checks >= 17
    assert cli.main(["--lang", "zh", "notebooks", str(tmp_path), "--student"]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path / "zh") in out and "删去了：32 个书面练习的答案" in out


def test_jupyter_advice_fits_the_environment(monkeypatch, tmp_path):
    monkeypatch.setattr(classroom.importlib.util, "find_spec", lambda name: object())
    assert "-m jupyterlab" in classroom.how_to_open(tmp_path)
    monkeypatch.setattr(classroom.importlib.util, "find_spec", lambda name: None)
    advice = classroom.how_to_open(tmp_path)
    assert 'pip install "d2lite[jupyter]"' in advice and "-m jupyterlab" in advice
    assert classroom.shell_quote("C:\\My Notebooks", windows=True) == '"C:\\My Notebooks"'
    assert classroom.shell_quote("/tmp/my notebooks", windows=False) == "'/tmp/my notebooks'"


def test_nbgrader_grades_a_class_from_the_student_copy(tmp_path):
    """nbgrader itself: the copy as the assignment's source, then autograde, then the scores."""
    pytest.importorskip("nbgrader", reason="nbgrader is in the classroom extra (make install)")
    import os
    import subprocess
    import sys

    if not os.environ.get("D2LITE_DATA"):
        pytest.skip("set D2LITE_DATA to a folder holding FashionMNIST/raw")
    course = tmp_path / "course"
    (course / "source" / "ps1").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        'c = get_config()\nc.CourseDirectory.course_id = "d2lite"\n'
        "c.ExecutePreprocessor.timeout = 300\n"
    )
    original = json.loads((NOTEBOOKS / "02_linear_regression_scratch.ipynb").read_text("utf-8"))
    source = course / "source" / "ps1" / "02.ipynb"
    source.write_text(json.dumps(handout.student_copy(original)), encoding="utf-8")
    bin_dir = str(Path(sys.executable).parent)  # nbgrader calls its `alembic` by name
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))

    def nbgrader(*args):
        done = subprocess.run(
            [sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True
        )
        assert done.returncode == 0, done.stderr.decode()[-2000:]

    nbgrader("generate_assignment", "ps1", "--force")
    release = json.loads((course / "release" / "ps1" / "02.ipynb").read_text("utf-8"))
    answers = {  # nbgrader's stub replaced ours, between our markers: the def lines stay
        "synthetic_data": "    X = torch.normal(0, 1, (num_examples, len(w)))\n"
        "    y = torch.matmul(X, w) + b + torch.normal(0, 0.01, (num_examples,))\n"
        "    return X, y.reshape((-1, 1))",
        "data_iter_randperm": "    for i in range(0, len(features), batch_size):\n"
        "        yield features[i : i + batch_size], labels[i : i + batch_size]",  # not shuffled
    }
    filled = json.loads(json.dumps(release))
    for cell in filled["cells"]:
        code = "".join(cell["source"])
        for name, answer in answers.items():
            if f"def {name}(" in code and "raise NotImplementedError()" in code:
                stub = "    # YOUR CODE HERE\n    raise NotImplementedError()"
                assert stub in code
                cell["source"] = code.replace(stub, answer)
    for student, notebook in [("ann", filled), ("ben", release)]:
        folder = course / "submitted" / student / "ps1"
        folder.mkdir(parents=True)
        (folder / "02.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
        (folder / "timestamp.txt").write_text("2026-12-06 04:00:00.000000 UTC")
    nbgrader("autograde", "ps1", "--create")
    nbgrader("export", "--to", str(course / "grades.csv"))
    import csv

    with open(course / "grades.csv", encoding="utf-8") as f:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)}
    assert scores["ben"] == 0.0  # the stubs: "not written yet", no points
    assert 1.0 < scores["ann"] < 2.0  # synthetic_data right (1 point), data_iter partly right
