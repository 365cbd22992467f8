"""What a check returns: a `CheckResult`, with a `CaseFailure` for every case that failed.

These are the only objects a learner handles after a check; everything else in
the package builds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CaseFailure", "CheckResult"]


@dataclass(frozen=True)
class CaseFailure:
    """One failed case: the input (as code), what came back, what PyTorch gives, and a hint.

    `kind` says why it failed when that is not a wrong answer: "not_written" (the
    stub raised NotImplementedError), "timeout" (it ran past the time limit),
    "not_run" (an earlier case timed out), "strict" (it called the ready-made
    version); "" otherwise.
    """

    given: str
    got: str
    expected: str
    hint: str
    kind: str = ""


@dataclass
class CheckResult:
    """The outcome of one check; true exactly when every case passed.

    `passed` and `failed` hold case names (stable English identifiers, such as
    "large_logits"); `failures` maps each failed case to a `CaseFailure`;
    `report` is the verdict that was printed, in `lang`; `not_written` is true when
    a case met the stub (``raise NotImplementedError``), `timed_out` when a case ran
    past the time limit. `score`, the share of cases passed, is what a grading cell
    shows (nbgrader takes it as partial credit).
    """

    name: str
    passed: list[str]
    failed: list[str]
    failures: dict[str, CaseFailure] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    report: str = ""
    lang: str = "en"
    not_written: bool = False
    timed_out: bool = False

    @property
    def score(self) -> float:
        """The share of cases passed, from 0.0 to 1.0 (0.0 when there are none)."""
        total = len(self.passed) + len(self.failed)
        return len(self.passed) / total if total else 0.0

    def __bool__(self) -> bool:
        return not self.failed

    def __repr__(self) -> str:
        return f"CheckResult({self.name!r}, passed={self.passed!r}, failed={self.failed!r})"
