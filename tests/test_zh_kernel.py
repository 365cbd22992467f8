"""Each notebook chooses its own language, in a kernel whose environment names none.

tools/execute_notebooks.py runs the notebooks without LANG, LC_ALL, LC_MESSAGES, LANGUAGE and
D2LITE_LANG, and so does this test: it starts one such kernel and, for each notebook, first
forgets any language chosen before (`set_lang(None)`), then runs the notebook's first code cell
(its imports and `d2l.set_lang(...)`), a checker cell and a cell that makes one of the
chapter's common mistakes. A Chinese notebook must then show the checker's verdict and the
explanation of the mistake in Chinese, an English notebook in English, whatever language the
machine's system has.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
LANGUAGE_VARIABLES = ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "D2LITE_LANG")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# Forget the language a previous notebook chose; print what the environment alone gives.
RESET = "import d2lite as _d2lite\n\n_d2lite.set_lang(None)\nprint(_d2lite.get_lang())"
# A checker verdict with a failure: the naive softmax fails on logits near +-1000.
CHECKER = (
    "import torch as _torch\n\n"
    "_result = d2l.check_softmax(lambda X: _torch.exp(X) / _torch.exp(X).sum(1, keepdim=True))"
)
# A teaching error: a net that forgets to flatten the images (PyTorch: "mat1 and mat2 ...").
MISTAKE = (
    "from torch import nn as _nn\n\n"
    "try:\n"
    "    d2l.evaluate_accuracy(\n"
    "        _nn.Linear(784, 10),\n"
    "        [(_torch.zeros(4, 1, 28, 28), _torch.zeros(4, dtype=_torch.long))],\n"
    "    )\n"
    "except RuntimeError as _error:\n"
    "    print(_error)\n"
    "else:\n"
    "    print('no error')"
)


def first_code_cell(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")


@pytest.fixture(scope="module")
def runs() -> dict[str, dict[str, str]]:
    """Run every notebook's cells in one kernel; return {notebook: {part: stdout}}."""
    paths = sorted(NOTEBOOKS.glob("0*.ipynb")) + sorted((NOTEBOOKS / "zh").glob("0*.ipynb"))
    cells, names = [], []
    for path in paths:
        name = path.relative_to(NOTEBOOKS).as_posix()
        for part, source in [
            ("reset", RESET),
            ("first", first_code_cell(path)),
            ("checker", CHECKER),
            ("mistake", MISTAKE),
        ]:
            cells.append(nbformat.v4.new_code_cell(source))
            names.append((name, part))
    nb = nbformat.v4.new_notebook(cells=cells)
    env = {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARIABLES}
    env["MPLBACKEND"] = "agg"
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute(env=env)
    found: dict[str, dict[str, str]] = {}
    for (name, part), cell in zip(names, nb.cells, strict=True):
        found.setdefault(name, {})[part] = stdout(cell)
    return found


def test_the_kernel_has_no_language_from_its_environment(runs):
    # Without the variables, only the operating system's own setting is left; on the Linux
    # machines that run the tests it says nothing, so the kernel starts in English.
    first = next(iter(runs.values()))
    if sys.platform == "linux":
        assert first["reset"].strip() == "en", first["reset"]


ZH_NAMES = [f"zh/{p.name}" for p in sorted((NOTEBOOKS / "zh").glob("0*.ipynb"))]
EN_NAMES = [p.name for p in sorted(NOTEBOOKS.glob("0*.ipynb"))]


@pytest.mark.parametrize("name", ZH_NAMES)
def test_chinese_notebook_speaks_chinese(runs, name):
    out = runs[name]
    assert "check_softmax" in out["checker"], out["checker"]
    assert _CJK.search(out["checker"]), f"{name}: the checker's verdict is not Chinese:\n{out}"
    for english in ("cases pass", "passed", "failed", "First failing", "Hint"):
        assert english not in out["checker"], f"{name}: English in the verdict:\n{out['checker']}"
    # The explanation comes first; PyTorch's own message (English) follows it.
    explanation = out["mistake"].split("mat1 and mat2")[0]
    assert _CJK.search(explanation), f"{name}: the teaching error is not Chinese:\n{out['mistake']}"
    assert "cannot multiply" not in explanation, out["mistake"]


@pytest.mark.parametrize("name", EN_NAMES)
def test_english_notebook_speaks_english(runs, name):
    out = runs[name]
    assert "check_softmax" in out["checker"], out["checker"]
    assert not _CJK.search(out["checker"]), f"{name}: Chinese in the verdict:\n{out['checker']}"
    assert "cannot multiply" in out["mistake"], out["mistake"]
