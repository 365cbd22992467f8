"""The printed verdict: which cases passed, and for the first failure what went wrong.

`_report` turns a `CheckResult` into the text a check prints, in the result's
language: one summary line, the passed and failed cases, then the first failed
case's input, result, expected value and hint, each wrapped to 100 columns
under a fixed-width label, and any notes. A first failure that met the stub of a
student copy shows only the line saying what is not written yet.
"""

from __future__ import annotations

import textwrap

import torch

from d2lite.exercises.cases import _text
from d2lite.exercises.result import CheckResult
from d2lite.messages import TEXT


def _label(case: str, lang: str, device: torch.device) -> str:
    """The name of a case as the verdict shows it, in `lang`."""
    if case == "device":
        return _text("device_label", lang, device=device)
    if f"check.case.{case}" in TEXT:
        return _text(f"case.{case}", lang)
    return case.replace("_", " ")


def _report(result: CheckResult, device: torch.device) -> str:
    lang = result.lang

    def names(cases: list[str]) -> str:
        return ", ".join(_label(c, lang, device) for c in cases)

    n = len(result.passed) + len(result.failed)
    if not result.failed:
        lines = [_text("all_passed", lang, check=result.name, n=n, names=names(result.passed))]
    else:
        lines = [_text("some_passed", lang, check=result.name, k=len(result.passed), n=n)]
        if result.passed:
            lines.append(_text("passed", lang, names=names(result.passed)))
        lines.append(_text("failed", lang, names=names(result.failed)))
        first = result.failed[0]
        failure = result.failures[first]
        if failure.kind == "not_written":
            lines.append(_wrap("  ", failure.hint))
            lines += [_wrap(_text("note", lang), note) for note in result.notes]
            return "\n".join(lines)
        lines.append(_text("first_failure", lang, name=_label(first, lang, device)))
        for key, value in [
            ("given", failure.given),
            ("got", failure.got),
            ("expected", failure.expected),
            ("hint", failure.hint),
        ]:
            if value:
                lines.append(_wrap(_text(key, lang), value))
    lines += [_wrap(_text("note", lang), note) for note in result.notes]
    return "\n".join(lines)


def _wrap(prefix: str, text: str) -> str:
    return textwrap.fill(
        text,
        width=100,
        initial_indent=prefix,
        subsequent_indent=" " * 12,
        break_long_words=False,
        break_on_hyphens=False,
    )
