"""The learner's language, English or Chinese, for every message d2lite shows.

The language is decided in this order; the first that says something wins:

1. an explicit ``lang=`` argument (the checkers, ``d2lite --lang``);
2. ``set_lang("zh")`` or ``set_lang("en")``, for the rest of this Python session;
3. the environment variable ``D2LITE_LANG`` ("en" or "zh");
4. the environment variables of the system's language: ``LC_ALL``, ``LC_MESSAGES``,
   ``LANG`` (``zh_CN.UTF-8`` means Chinese; ``C`` and ``POSIX`` say nothing);
5. what the operating system reports when none of those is set (Windows sets none, and
   Jupyter started from a macOS launcher often has none): the Windows display language,
   macOS's first preferred language, else the locale Python reads at start;
6. English.
"""

from __future__ import annotations

import locale
import os
import subprocess
import sys
from collections.abc import Callable

__all__ = ["get_lang", "set_lang"]

LANG_ENV = "D2LITE_LANG"
LANGUAGES = ("en", "zh")
SYSTEM_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_chosen: list[str] = []  # the language set_lang chose, if any
_listeners: list[Callable[[str], None]] = []  # told when set_lang changes the language
_system: list[str] = []  # what the operating system reported, once asked


def _check(lang: object, what: str) -> str:
    if not isinstance(lang, str):
        raise TypeError(
            f"{what} must be a str, got {lang!r} of type {type(lang).__name__}; pass 'en' or "
            f"'zh' / {what} 必须是字符串 'en' 或 'zh'"
        )
    value = lang.strip().lower().replace("_", "-")
    if value.startswith("zh"):
        return "zh"
    if value.startswith("en"):
        return "en"
    raise ValueError(f"{what} must be 'en' or 'zh', got {lang!r} / {what} 只能是 'en' 或 'zh'")


def _language_of(value: str) -> str | None:
    """The language a locale name stands for ("zh_CN.UTF-8" -> "zh"); None for "C" or ""."""
    value = value.strip().lower()
    if not value or value in ("c", "posix") or value.startswith(("c.", "posix.")):
        return None
    return "zh" if value.startswith("zh") or value.startswith("chinese") else "en"


def _windows_language(kernel32: object = None) -> str | None:
    """The Windows display language through GetUserDefaultUILanguage (primary id 0x04: Chinese)."""
    if kernel32 is None:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    langid = kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    return "zh" if langid & 0x3FF == 0x04 else "en"


def _macos_language(
    run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run,
) -> str | None:
    """The first of macOS's preferred languages (System Settings > Language & Region)."""
    try:
        out = run(
            ["defaults", "read", "-g", "AppleLanguages"],
            capture_output=True,
            text=True,
            timeout=2,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    # The output is a plist list: ( "zh-Hans-CN", "en-CN" )
    for item in out.replace("(", " ").replace(")", " ").split(","):
        item = item.strip().strip('"')
        if item:
            return _language_of(item)
    return None


def system_lang() -> str | None:
    """What the operating system reports as the user's language, asked once per process."""
    if not _system:
        found: str | None = None
        try:
            if sys.platform == "win32":
                found = _windows_language()
            elif sys.platform == "darwin":
                found = _macos_language()
        except (OSError, AttributeError, ValueError):
            found = None
        if found is None:
            found = _language_of(locale.getlocale()[0] or "")
        _system.append(found or "")
    return _system[0] or None


def resolve_lang(lang: str | None = None) -> str:
    """Return "en" or "zh": `lang` if given, else the session's language (see module doc)."""
    if lang is not None:
        return _check(lang, "lang")
    if _chosen:
        return _chosen[-1]
    value = os.environ.get(LANG_ENV, "").strip()
    if value:
        if value.lower() not in LANGUAGES:
            raise ValueError(
                f"the environment variable {LANG_ENV} must be 'en' or 'zh', got {value!r}; "
                f"set it to one of them, or unset it / 环境变量 {LANG_ENV} 只能是 'en' 或 'zh'"
            )
        return value.lower()
    for name in SYSTEM_VARIABLES:
        found = _language_of(os.environ.get(name, ""))
        if found:
            return found
    return system_lang() or "en"


def get_lang() -> str:
    """Return the language d2lite speaks now: "en" or "zh"."""
    return resolve_lang(None)


def set_lang(lang: str | None) -> str:
    """Make d2lite speak `lang` ("en" or "zh") for the rest of this session; return it.

    This covers every message: checker verdicts, errors that explain a mistake,
    training and data messages. With "zh", figures drawn with plain matplotlib
    also get a Chinese font to fall back on (only for this session; "en"
    undoes it). `set_lang(None)` goes back to the environment's choice.
    """
    if lang is None:
        _chosen.clear()
    else:
        value = _check(lang, "set_lang")
        _chosen[:] = [value]
    now = get_lang()
    for listener in _listeners:
        listener(now)
    return now


def on_change(listener: Callable[[str], None]) -> None:
    """Call `listener(lang)` whenever set_lang is called (fonts follow the language)."""
    if listener not in _listeners:
        _listeners.append(listener)
