"""The learner's language: English or Chinese, for every message d2lite shows.

`resolve_lang(None)` follows the environment variable D2LITE_LANG ("en" or
"zh"); without it, a system whose language is Chinese (LC_ALL, LC_MESSAGES or
LANG starting with "zh") gets Chinese, any other English. An explicit `lang`
argument wins over both.
"""

from __future__ import annotations

import os

__all__: list[str] = []  # nothing here is part of the book's namespace

LANG_ENV = "D2LITE_LANG"
LANGUAGES = ("en", "zh")


def resolve_lang(lang: str | None) -> str:
    """Return "en" or "zh": `lang` if given, else the environment's choice (see module doc)."""
    if lang is None:
        value = os.environ.get(LANG_ENV, "").strip().lower()
        if not value:
            # No choice made: follow the system's language (LANG=zh_CN.UTF-8 means Chinese).
            for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
                system = os.environ.get(name, "").strip().lower()
                if system:
                    return "zh" if system.startswith("zh") else "en"
            return "en"
        if value not in LANGUAGES:
            raise ValueError(
                f"the environment variable {LANG_ENV} must be 'en' or 'zh', got {value!r}; "
                f"set it to one of them, or unset it for English"
            )
        return value
    if not isinstance(lang, str):
        raise TypeError(
            f"lang must be a str, got {lang!r} of type {type(lang).__name__}; pass 'en' or 'zh'"
        )
    if lang.strip().lower() not in LANGUAGES:
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}; pass lang='zh' for Chinese")
    return lang.strip().lower()
