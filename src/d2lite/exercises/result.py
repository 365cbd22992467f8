"""What a check returns: a `CheckResult`, with a `CaseFailure` for every case that failed.

These are the only objects a learner handles after a check; everything else in
the package builds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CaseFailure", "CheckResult"]


@dataclass(frozen=True)
class CaseFailure:
    """One failed case: the input (as code), what came back, what PyTorch gives, and a hint."""

    given: str
    got: str
    expected: str
    hint: str


@dataclass
class CheckResult:
    """The outcome of one check; true exactly when every case passed.

    `passed` and `failed` hold case names (stable English identifiers, such as
    "large_logits"); `failures` maps each failed case to a `CaseFailure`;
    `report` is the verdict that was printed, in `lang`.
    """

    name: str
    passed: list[str]
    failed: list[str]
    failures: dict[str, CaseFailure] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    report: str = ""
    lang: str = "en"

    def __bool__(self) -> bool:
        return not self.failed

    def __repr__(self) -> str:
        return f"CheckResult({self.name!r}, passed={self.passed!r}, failed={self.failed!r})"
