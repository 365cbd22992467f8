"""Chinese (CJK) text in figures: find an installed CJK font and use it where it is needed.

matplotlib's default fonts have no Chinese glyphs, so Chinese titles, legends
and labels render as boxes, even with a CJK font installed, until matplotlib is
told to use it. d2lite does not change matplotlib's settings: for the text
d2lite draws, each piece that holds CJK characters gets a font list of the
usual font first and an installed CJK font after it (matplotlib falls back
glyph by glyph). For a learner's own `plt` code, `use_chinese_font()` changes
matplotlib's settings on request.

Fonts are found through matplotlib's font manager. A font installed after
matplotlib built its font cache is not in that cache, so the system's font
folders are searched too, and a CJK font found there is added to the font
manager of this process.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from d2lite import lang
from d2lite.messages import text

__all__ = ["use_chinese_font"]

# Families with Simplified Chinese glyphs, most common first: Linux packages
# (fonts-noto-cjk, fonts-wqy-microhei / zenhei, Adobe's Source Han), Windows, macOS.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "DengXian",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "Noto Serif CJK SC",
    "SimSun",
    "Songti SC",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "Droid Sans Fallback",
    "Arial Unicode MS",
)
# Words in the file names of such fonts, to find one that matplotlib's cache does not list.
_CJK_FILE_HINTS = re.compile(
    r"cjk|wqy|wenquanyi|sourcehan|msyh|simhei|simsun|dengxian|pingfang|hiragino|heiti|"
    r"stheiti|songti|uming|ukai|droidsansfallback|arialuni|notosanssc",
    re.IGNORECASE,
)
_CJK_TEXT = re.compile(
    r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)


def install_hint(where: str) -> str:
    """Say that no CJK font is installed and how to install one, in the session's language.

    `where` starts the message (e.g. "d2lite"). Looked up when shown, so it follows
    a language chosen later with `set_lang`.
    """
    return text("core.no_cjk_font", where=where)


_found: list[str | None] = []  # the CJK family found in this process, once looked up
_warned: list[bool] = []


def has_cjk(text: str) -> bool:
    """Return True if `text` holds Chinese, Japanese or Korean characters."""
    return bool(_CJK_TEXT.search(text))


def _installed_families() -> set[str]:
    from matplotlib import font_manager

    return {entry.name for entry in font_manager.fontManager.ttflist}


def _first_cjk(installed: set[str]) -> str | None:
    return next((name for name in CJK_FAMILIES if name in installed), None)


def cjk_font() -> str | None:
    """Return the name of an installed CJK font family, or None when there is none."""
    if _found:
        return _found[0]
    name = _first_cjk(_installed_families())
    if name is None:
        from matplotlib import font_manager

        for path in font_manager.findSystemFonts():
            if _CJK_FILE_HINTS.search(path):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        name = _first_cjk(_installed_families())
    _found.append(name)
    return name


def _default_families() -> list[str]:
    """Return the installed fonts matplotlib's settings name first, e.g. ['DejaVu Sans']."""
    from matplotlib import rcParams

    installed = _installed_families()
    names: list[str] = []
    for family in rcParams["font.family"]:
        generic = f"font.{family}"
        names.extend(rcParams[generic] if generic in rcParams else [family])
    return [n for n in names if n in installed][:1] or ["DejaVu Sans"]


def add_cjk_fallback(fig: Any) -> None:
    """Give every text of `fig` that holds CJK characters a CJK font to fall back on.

    Only those text objects change; matplotlib's settings do not. When no CJK
    font is installed, warn once with how to install one.
    """
    from matplotlib.text import Text

    texts = [t for t in fig.findobj(Text) if has_cjk(t.get_text())]
    if not texts:
        return
    name = cjk_font()
    if name is None:
        if not _warned:
            _warned.append(True)
            warnings.warn(install_hint("d2lite"), UserWarning, stacklevel=3)
        return
    families = [*_default_families(), name]
    for piece in texts:
        piece.set_fontfamily(families)


def use_chinese_font() -> str | None:
    """Set matplotlib up for Chinese text in your own plots; return the font used.

    Picks an installed CJK font, puts it first in matplotlib's sans-serif list,
    and draws the minus sign as a hyphen (most CJK fonts lack the Unicode
    minus). This changes matplotlib's settings for this process, as intended.
    When no CJK font is installed, nothing changes: a warning says which
    package to install on Windows, macOS and Linux, and None is returned.
    """
    from matplotlib import rcParams

    name = cjk_font()
    if name is None:
        warnings.warn(install_hint("d2lite.use_chinese_font"), UserWarning, stacklevel=2)
        return None
    rcParams["font.family"] = ["sans-serif"]
    rcParams["font.sans-serif"] = [name, *(f for f in rcParams["font.sans-serif"] if f != name)]
    rcParams["axes.unicode_minus"] = False
    return name


# What set_lang("zh") changed in matplotlib's settings, to undo with set_lang("en").
_changed: dict[str, Any] = {}


def follow_lang(language: str) -> None:
    """Give the learner's own plots a Chinese fallback font while Chinese is chosen.

    With "zh", matplotlib's font list becomes the usual font followed by an
    installed CJK font, so Latin text looks as before and Chinese characters
    come from the CJK font (glyph by glyph). With "en", the settings changed
    here are put back, unless the learner changed them meanwhile.
    """
    if language == "zh":
        if _changed:
            return
        name = cjk_font()
        if name is None:
            return
        from matplotlib import rcParams

        families = [*_default_families(), name]
        _changed["font.family"] = (rcParams["font.family"], families)
        rcParams["font.family"] = families
    elif _changed:
        from matplotlib import rcParams

        for key, (before, ours) in list(_changed.items()):
            if list(rcParams[key]) == list(ours):
                rcParams[key] = before
        _changed.clear()


lang.on_change(follow_lang)
