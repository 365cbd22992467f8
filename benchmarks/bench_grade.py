"""Benchmark: grading a class with `d2lite grade` against running the notebooks one by one.

Twenty submissions of notebook 02 (linear regression from scratch) are made from its
student copy, as students would hand them in: 14 correct, 4 wrong (too much noise in
`synthetic_data`, minibatches that never shuffle), one whose `data_iter` loops forever
and one with a cell that raises. Both sides run every cell of every notebook in a fresh
kernel with the same per-cell limit, errors allowed:

- d2lite: `d2lite grade SUBMISSIONS --jobs 2 --out report.csv` (one torch thread per
  kernel, several notebooks at a time, the check results collected);
- reference: `jupyter nbconvert --to notebook --execute --allow-errors` on each
  notebook, one after another (what a teacher without a grader would run; it leaves
  executed notebooks whose outputs still have to be read by hand).

The clock covers the whole class. The CSV is then checked against what each submission
should score: every row right, or the benchmark fails.

Run: D2LITE_DATA=../shared/data python benchmarks/bench_grade.py [--jobs 2] [--students 20]
Needs nbclient and ipykernel (the jupyter extra) and nbconvert for the reference.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from d2lite import handout

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "02_linear_regression_scratch.ipynb"
STUB = "    raise NotImplementedError"

# What each kind of student writes for the two exercises: (synthetic_data, data_iter_randperm).
SYNTHETIC = {
    "right": [
        "    X = torch.normal(0, 1, (num_examples, len(w)))",
        "    y = torch.matmul(X, w) + b",
        "    y += torch.normal(0, 0.01, y.shape)",
        "    return X, y.reshape((-1, 1))",
    ],
    "noisy": [
        "    X = torch.normal(0, 1, (num_examples, len(w)))",
        "    y = torch.matmul(X, w) + b + torch.normal(0, 1.0, (num_examples,))",
        "    return X, y.reshape((-1, 1))",
    ],
}
DATA_ITER = {
    "right": [
        "    indices = torch.randperm(len(features))",
        "    for i in range(0, len(features), batch_size):",
        "        j = indices[i : i + batch_size]",
        "        yield features[j], labels[j]",
    ],
    "ordered": [
        "    for i in range(0, len(features), batch_size):",
        "        yield features[i : i + batch_size], labels[i : i + batch_size]",
    ],
    "loops": [
        "    i = 0",
        "    while True:",
        "        i = (i + 1) % len(features)",
    ],
}
# (kind of synthetic_data, kind of data_iter, a cell that raises?) per student, and what
# the grader must report: passed == total for each check?
PLAN = (
    [("right", "right", False)] * 14
    + [("noisy", "right", False)] * 2
    + [("right", "ordered", False)] * 2
    + [("right", "loops", False)]
    + [("right", "right", True)]
)


def _fill(copy: dict, answers: list[list[str]], raises: bool) -> dict:
    """Put each answer in place of the next stub of the student copy."""
    nb = json.loads(json.dumps(copy))
    queue = list(answers)
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and STUB in source:
            lines = source.split("\n")
            at = lines.index(STUB)
            lines[at - 1 : at + 1] = queue.pop(0)  # the comment and the raise
            cell["source"] = "\n".join(lines)
    if raises:
        nb["cells"].insert(
            5,
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "raises",
                "metadata": {},
                "outputs": [],
                "source": "features = undefined_name  # a typo",
            },
        )
    assert not queue
    return nb


def make_class(folder: Path, students: int) -> list[tuple[str, str, str, bool]]:
    copy = handout.student_copy(json.loads(NOTEBOOK.read_text(encoding="utf-8")))
    plan = [PLAN[i % len(PLAN)] for i in range(students)]
    made = []
    for i, (synthetic, data_iter, raises) in enumerate(plan):
        name = f"student{i + 1:02d}"
        nb = _fill(copy, [SYNTHETIC[synthetic], DATA_ITER[data_iter]], raises)
        path = folder / name / NOTEBOOK.name
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
        made.append((name, synthetic, data_iter, raises))
    return made


def run_reference(folder: Path, out: Path, cell_timeout: int) -> float:
    start = time.perf_counter()
    for path in sorted(folder.rglob("*.ipynb")):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "jupyter",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--allow-errors",
                f"--ExecutePreprocessor.timeout={cell_timeout}",
                "--output-dir",
                str(out / path.parent.name),
                str(path),
            ],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


def run_d2lite(folder: Path, report: Path, jobs: int, timeout: int) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "d2lite",
            "--lang",
            "en",
            "grade",
            str(folder),
            "--jobs",
            str(jobs),
            "--timeout",
            str(timeout),
            "--out",
            str(report),
            "--no-progress",
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def check_report(report: Path, made: list[tuple[str, str, str, bool]]) -> int:
    with open(report, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    wrong = 0
    for name, synthetic, data_iter, _ in made:
        got = {r["exercise"]: r for r in rows if r["student"] == name}
        expect = {
            "check_synthetic_data": synthetic == "right",
            "check_data_iter": data_iter == "right",
        }
        for exercise, ok in expect.items():
            row = got.get(exercise)
            full = row is not None and row["passed"] == row["total"] and int(row["total"]) > 0
            if row is None or full != ok:
                wrong += 1
                print(f"  WRONG: {name} {exercise}: expected {'pass' if ok else 'fail'}, got {row}")
    return wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--timeout", type=int, default=120, help="seconds per notebook / cell")
    args = parser.parse_args()
    if shutil.which("jupyter") is None and not (Path(sys.executable).parent / "jupyter").exists():
        print("needs nbconvert for the reference: pip install nbconvert")
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        folder = Path(tmp) / "submissions"
        made = make_class(folder, args.students)
        os.environ.setdefault("D2LITE_LANG", "en")
        reference = run_reference(folder, Path(tmp) / "executed", args.timeout)
        ours = run_d2lite(folder, Path(tmp) / "report.csv", args.jobs, args.timeout)
        wrong = check_report(Path(tmp) / "report.csv", made)
    print(f"{args.students} submissions of {NOTEBOOK.name} on {os.cpu_count()} CPUs")
    print(f"  nbconvert --execute, one by one: {reference:7.1f} s")
    print(f"  d2lite grade --jobs {args.jobs}:          {ours:7.1f} s")
    print(f"  ratio d2lite / reference: {ours / reference:.2f} (target <= 0.6)")
    print(f"  CSV rows wrong: {wrong} of {2 * args.students}")
    return 0 if wrong == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
