"""The message catalogue: every sentence d2lite shows a learner, in English and in Chinese.

Each message is a pair (English, Chinese) under a key such as ``"data.md5_mismatch"``;
``text(key, **fields)`` picks the session's language (see `d2lite.lang`) and fills in
the ``{fields}`` with `str.format`. Code never holds a learner's sentence of its own,
only keys, so a translation changes in one place and both languages carry the same
messages. The pairs live in one module per part of the package: ``core`` (files, fonts,
checks of arguments, errors that teach), ``data``, ``learning`` (training, devices,
plots), ``learning_classes`` (the 1.0 classes), ``commands`` (the d2lite command and
the notebook copies) and ``checks`` (the exercise checkers). The Chinese follows the book's terms
(docs/glossary.md).
"""

from __future__ import annotations

from typing import Any

from d2lite.lang import resolve_lang
from d2lite.messages import (
    checks,
    checks_classification,
    checks_regression,
    classroom,
    commands,
    core,
    data,
    learning,
    learning_classes,
)

__all__: list[str] = []  # nothing here is part of the book's namespace

PARTS = {
    "core": core,
    "data": data,
    "learning": learning,
    "learning_classes": learning_classes,
    "commands": commands,
    "checks": checks,
    "checks_regression": checks_regression,
    "checks_classification": checks_classification,
    "classroom": classroom,
}

TEXT: dict[str, tuple[str, str]] = {}
for _name, _part in PARTS.items():
    for _key, _pair in _part.TEXT.items():
        if _key in TEXT:
            raise RuntimeError(f"message key {_key!r} is defined twice (in {_name})")
        TEXT[_key] = _pair


def text(key: str, lang: str | None = None, /, **fields: Any) -> str:
    """Return message `key` in `lang` (default: the session's language), fields filled in."""
    english, chinese = TEXT[key]
    template = chinese if resolve_lang(lang) == "zh" else english
    return template.format(**fields)


def pair(key: str, /, **fields: Any) -> tuple[str, str]:
    """Return message `key` in both languages, fields filled in: (English, Chinese)."""
    english, chinese = TEXT[key]
    return english.format(**fields), chinese.format(**fields)
