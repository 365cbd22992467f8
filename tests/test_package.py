"""The package as a learner installs it: a clean import and a wheel that works anywhere."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code, cwd, env=None):
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )


def test_import_has_no_side_effects(tmp_path):
    code = (
        "import sys, io, json, random, contextlib, numpy, torch\n"
        "states = (torch.get_rng_state(), random.getstate(), numpy.random.get_state()[1].copy())\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    import d2lite\n"
        "same = (torch.equal(torch.get_rng_state(), states[0]) and random.getstate() == states[1]"
        " and bool((numpy.random.get_state()[1] == states[2]).all()))\n"
        "print(json.dumps({'mods': sorted(m for m in ('matplotlib', 'IPython')"
        " if m in sys.modules), 'random_states_same': same, 'printed': out.getvalue()}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    result = _run(code, tmp_path, env)
    assert result.stderr == ""
    # No plotting libraries (so no rcParams touched), no random numbers drawn, nothing printed.
    assert json.loads(result.stdout) == {"mods": [], "random_states_same": True, "printed": ""}
    assert list(tmp_path.iterdir()) == []  # nothing written, nothing downloaded


def test_wheel_installs_and_imports_outside_the_checkout(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("d2lite-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "d2lite/py.typed" in names
    modules = sorted(p.relative_to(ROOT / "src").as_posix() for p in (ROOT / "src").rglob("*.py"))
    assert [m for m in modules if m not in names] == [], "pyproject's packages miss these"
    assert not [n for n in names if n.startswith(("notebooks/", "tests/", "data/"))]
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    result = _run(
        "import d2lite, d2lite.messages; print(d2lite.__file__, d2lite.__version__, "
        "d2lite.messages.__file__)",
        tmp_path,
        env,
    )
    path, version, messages = result.stdout.split()
    assert Path(path).is_relative_to(target) and Path(messages).is_relative_to(target)
    assert version == "0.1.0"

    # The notebooks ship inside the package: `d2lite notebooks` works away from the checkout.
    shipped = sorted(n for n in names if n.startswith("d2lite/notebooks/"))
    assert shipped == sorted(
        f"d2lite/notebooks/{p.relative_to(ROOT / 'notebooks').as_posix()}"
        for pattern in ("*.ipynb", "zh/*.ipynb")
        for p in (ROOT / "notebooks").glob(pattern)
    )
    away = tmp_path / "elsewhere"
    away.mkdir()
    copied = subprocess.run(
        [sys.executable, "-m", "d2lite", "notebooks", "mine", "--student"],
        cwd=away,
        env=env,
        capture_output=True,
        text=True,
    )
    assert copied.returncode == 0, copied.stderr
    assert sorted(p.name for p in (away / "mine").glob("*.ipynb")) == sorted(
        p.name for p in (ROOT / "notebooks").glob("*.ipynb")
    )


def test_the_licence_file_is_the_one_pyproject_declares():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'license = "MIT"' in pyproject and 'license-files = ["LICENSE"]' in pyproject
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text
