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

INSTALL_HINT = (
    "no font with Chinese characters is installed, so Chinese text shows as boxes. Install "
    "one, then restart Python (or the notebook's kernel): on Windows, Microsoft YaHei and "
    "SimHei come with the Chinese language pack (Settings > Time & language > Language > "
    "add 中文(简体)); on macOS, PingFang SC is already installed; on Debian or Ubuntu, "
    "`sudo apt install fonts-noto-cjk` (or the smaller fonts-wqy-microhei); on Fedora, "
    "`sudo dnf install google-noto-sans-cjk-fonts`"
)

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
            warnings.warn(f"d2lite: {INSTALL_HINT}", UserWarning, stacklevel=3)
        return
    families = [*_default_families(), name]
    for text in texts:
        text.set_fontfamily(families)


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
        warnings.warn(f"d2lite.use_chinese_font: {INSTALL_HINT}", UserWarning, stacklevel=2)
        return None
    rcParams["font.family"] = ["sans-serif"]
    rcParams["font.sans-serif"] = [name, *(f for f in rcParams["font.sans-serif"] if f != name)]
    rcParams["axes.unicode_minus"] = False
    return name
