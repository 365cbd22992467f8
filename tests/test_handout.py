"""Handing out the notebooks: `d2lite notebooks DEST [--lang] [--student] [--force]`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from d2lite import cli, handout

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _nb(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _code(source, outputs=None):
    return {
        "cell_type": "code",
        "execution_count": 3,
        "metadata": {"execution": {"iopub.status.busy": "x"}, "tags": ["keep"]},
        "outputs": outputs or [{"output_type": "stream", "name": "stdout", "text": ["out\n"]}],
        "source": source.splitlines(keepends=True),
    }


EXERCISE = '''def softmax(X):
    """Return the row-wise softmax."""
    ### BEGIN SOLUTION
    X = X - X.max(dim=1, keepdim=True).values
    X_exp = torch.exp(X)
    return X_exp / X_exp.sum(1, keepdim=True)
    ### END SOLUTION


result = d2l.check_softmax(softmax)
assert result
'''


def test_student_copy_clears_outputs_scaffolding_and_solutions():
    markdown = {"cell_type": "markdown", "metadata": {}, "source": ["# Title"]}
    original = _nb(
        markdown,
        _code("# NBVAL_CHECK_OUTPUT\nprint(1 + 1)\n"),
        _code("# check what we learnt\nassert w_error < 0.01\nassert b_error < 0.01\n"),
        _code("history = train(net)\nassert history.test_acc[-1] > 0.8\n"),
        _code(EXERCISE),
    )
    copy = handout.student_copy(original)
    assert original["cells"][1]["outputs"]  # the input is not changed
    cells = copy["cells"]
    assert len(cells) == 5  # the cell that only asserts is gone; the check has a cell of its own
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert code[0] == "print(1 + 1)"
    assert code[1] == "history = train(net)\nassert history.test_acc[-1] > 0.8"  # kept: it teaches
    assert code[2] == (
        'def softmax(X):\n    """Return the row-wise softmax."""\n    ### BEGIN SOLUTION\n'
        "    # your code here\n    raise NotImplementedError\n    ### END SOLUTION"
    )
    assert code[3].splitlines()[-1] == "d2l.check_softmax(softmax).score"
    assert code[3].startswith("# checks your answer")
    for source in code:
        compile(source, "exercise", "exec")  # still valid Python
    for cell in cells[1:3]:
        assert cell["outputs"] == [] and cell["execution_count"] is None
        assert cell["metadata"] == {"tags": ["keep"]}
    assert cells[3]["metadata"]["nbgrader"]["solution"] is True
    assert cells[4]["metadata"]["nbgrader"] == {
        "grade": True,
        "grade_id": "exercise-1-check",
        "locked": True,
        "points": 1,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }
    assert copy["metadata"]["d2lite"]["removed"] == {
        "answers": 0,
        "solutions": 1,
        "test_cells": 1,
        "checks": 1,
    }
    assert cells[0] == markdown


def test_unclosed_solution_is_an_error():
    with pytest.raises(ValueError, match="without '### END SOLUTION'"):
        handout.student_copy(_nb(_code("def f():\n    ### BEGIN SOLUTION\n    return 1\n")))


def test_the_notebooks_command_copies_and_never_overwrites(tmp_path, capsys):
    dest = tmp_path / "class"
    assert cli.main(["notebooks", str(dest)]) == 0
    names = sorted(p.name for p in dest.glob("*.ipynb"))
    assert names == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    assert (dest / names[0]).read_bytes() == (NOTEBOOKS / names[0]).read_bytes()
    out = capsys.readouterr().out
    assert "-m jupyterlab" in out or "pip install" in out

    (dest / names[0]).write_text("my own work")
    assert cli.main(["notebooks", str(dest), "--student"]) == 1
    err = capsys.readouterr().err
    assert "already exist" in err and "nothing was copied" in err
    assert "--force" not in err and "class-2" in err  # never advice that overwrites
    assert (dest / names[0]).read_text() == "my own work"
    assert cli.main(["notebooks", str(dest), "--student", "--force"]) == 0
    assert (dest / names[0]).read_text() != "my own work"
    (backup,) = dest.glob(f"{names[0]}.bak-*")  # --force keeps the learner's work
    assert backup.read_text() == "my own work"
    assert f"kept a backup of the changed {names[0]} as {backup.name}" in capsys.readouterr().out


def test_student_copies_of_the_shipped_notebooks(tmp_path):
    handout.copy_notebooks(tmp_path, student=True)
    solutions = 0
    for original in sorted(NOTEBOOKS.glob("*.ipynb")):
        source = original.read_text(encoding="utf-8")
        solutions += source.count(handout.BEGIN_SOLUTION)
        copy = json.loads((tmp_path / original.name).read_text(encoding="utf-8"))
        text = json.dumps(copy)
        assert "NBVAL" not in text
        # Only the stub is left between the markers (nbgrader's solution delimiters).
        assert text.count(handout.BEGIN_SOLUTION) == source.count(handout.BEGIN_SOLUTION)
        for cell in copy["cells"]:
            lines = [line.strip() for line in "".join(cell["source"]).splitlines()]
            for at, line in enumerate(lines):
                if line == handout.BEGIN_SOLUTION:
                    assert lines[at + 1 : at + 4] == [
                        "# your code here",
                        "raise NotImplementedError",
                        handout.END_SOLUTION,
                    ]
        for cell in copy["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None
                compile("".join(cell["source"]), original.name, "exec")
    stubs = sum(p.read_text(encoding="utf-8").count("# your code here") for p in tmp_path.iterdir())
    assert stubs == solutions


def test_bad_language_and_destination(tmp_path):
    with pytest.raises(ValueError, match=r"lang must be one of \('en', 'zh'\), got 'fr'"):
        handout.copy_notebooks(tmp_path, lang="fr")
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(NotADirectoryError, match="is a file; give a folder"):
        handout.copy_notebooks(a_file)


def test_student_copies_run_top_to_bottom(tmp_path):
    """A student copy runs to the end: each exercise stub makes its check fail, not the notebook."""
    import nbclient
    import nbformat

    handout.copy_notebooks(tmp_path, student=True)
    env_root = os.environ.get("D2LITE_DATA")
    if not env_root:
        pytest.skip("set D2LITE_DATA to a folder holding FashionMNIST/raw")
    for path in sorted(tmp_path.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        client = nbclient.NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
        )
        client.execute()  # raises CellExecutionError, naming the cell, if one fails
        graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert graded, path.name
        for cell in graded:
            text = "".join(o.get("text", "") for o in cell.outputs)
            assert "is not written yet" in text, (path.name, cell.source, text)
            result = next(o for o in cell.outputs if o["output_type"] == "execute_result")
            assert result["data"]["text/plain"] == "0.0"  # the score nbgrader counts
