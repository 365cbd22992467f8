"""The learner's language: the order of precedence, and what each operating system reports."""

from __future__ import annotations

import subprocess
import sys

import pytest

import d2lite as d2l
from d2lite import lang

LANG_VARIABLES = ("D2LITE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


@pytest.fixture
def bare(monkeypatch):
    """No language variable, no set_lang choice, the OS not asked yet; undone afterwards."""
    for name in LANG_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(lang, "_chosen", [])
    monkeypatch.setattr(lang, "_system", [])
    monkeypatch.setattr(lang, "_listeners", [])
    return monkeypatch


def test_the_order_of_precedence(bare):
    bare.setattr(lang, "system_lang", lambda: "zh")
    assert lang.resolve_lang(None) == "zh"  # 5: the operating system
    bare.setenv("LANG", "en_US.UTF-8")
    assert lang.resolve_lang(None) == "en"  # 4: the system's variables
    bare.setenv("LC_ALL", "zh_CN.UTF-8")
    assert lang.resolve_lang(None) == "zh"  # LC_ALL before LANG
    bare.setenv("D2LITE_LANG", "en")
    assert lang.resolve_lang(None) == "en"  # 3: D2LITE_LANG
    assert d2l.set_lang("zh") == "zh" and d2l.get_lang() == "zh"  # 2: set_lang
    assert lang.resolve_lang("en") == "en"  # 1: an explicit argument
    assert d2l.set_lang(None) == "en"  # back to the environment's choice


@pytest.mark.parametrize("value", ["C", "C.UTF-8", "POSIX", ""])
def test_a_c_locale_says_nothing(bare, value):
    bare.setenv("LANG", value)
    bare.setattr(lang, "system_lang", lambda: "zh")
    assert lang.resolve_lang(None) == "zh"


def test_without_anything_english(bare):
    bare.setattr(lang, "system_lang", lambda: None)
    assert lang.resolve_lang(None) == "en"


@pytest.mark.parametrize(
    ("langid", "expected"), [(0x0804, "zh"), (0x0404, "zh"), (0x0409, "en"), (0x0411, "en")]
)
def test_windows_display_language(langid, expected):
    class Kernel32:
        def GetUserDefaultUILanguage(self):  # noqa: N802 (the Windows API's name)
            return langid

    assert lang._windows_language(Kernel32()) == expected


@pytest.mark.parametrize(
    ("out", "expected"),
    [('(\n    "zh-Hans-CN",\n    "en-CN"\n)\n', "zh"), ('(\n    "en-GB",\n    "zh-Hans"\n)', "en")]
    + [("", None)],
)
def test_macos_preferred_language(out, expected):
    def run(cmd, **kwargs):
        assert cmd[:3] == ["defaults", "read", "-g"]
        return subprocess.CompletedProcess(cmd, 0, out, "")

    assert lang._macos_language(run) == expected


def test_the_platform_decides_which_question_is_asked(bare):
    bare.setattr(sys, "platform", "win32")
    bare.setattr(lang, "_windows_language", lambda: "zh")
    bare.setattr(lang, "_macos_language", lambda: pytest.fail("asked macOS on Windows"))
    assert lang.resolve_lang(None) == "zh"
    assert lang._system == ["zh"]  # asked once per process

    bare.setattr(lang, "_system", [])
    bare.setattr(sys, "platform", "darwin")
    bare.setattr(lang, "_macos_language", lambda: None)  # no answer: Python's locale decides
    bare.setattr(lang.locale, "getlocale", lambda: ("Chinese (Simplified)_China", "936"))
    assert lang.resolve_lang(None) == "zh"

    bare.setattr(lang, "_system", [])
    bare.setattr(sys, "platform", "win32")

    def no_windll():
        raise AttributeError("windll")

    bare.setattr(lang, "_windows_language", no_windll)
    bare.setattr(lang.locale, "getlocale", lambda: (None, None))
    assert lang.resolve_lang(None) == "en"


@pytest.mark.parametrize("bad", ["de", "fr_FR", ""])
def test_a_language_we_do_not_speak_is_refused(bad):
    with pytest.raises(ValueError, match="'en' or 'zh'"):
        d2l.set_lang(bad)
    with pytest.raises(TypeError, match="str"):
        d2l.set_lang(1)  # type: ignore[arg-type]


def test_set_lang_gives_plain_matplotlib_a_chinese_fallback_and_takes_it_back(bare):
    import matplotlib

    from d2lite import fonts

    lang.on_change(fonts.follow_lang)
    if fonts.cjk_font() is None:
        pytest.skip("no CJK font installed (.ci/run installs one)")
    before = list(matplotlib.rcParams["font.family"])
    d2l.set_lang("zh")
    family = list(matplotlib.rcParams["font.family"])
    assert family[-1] == fonts.cjk_font() and family[0] != fonts.cjk_font()
    d2l.set_lang("en")
    assert list(matplotlib.rcParams["font.family"]) == before
    d2l.set_lang("zh")
    matplotlib.rcParams["font.family"] = ["serif"]  # the learner's own choice stays
    d2l.set_lang("en")
    assert list(matplotlib.rcParams["font.family"]) == ["serif"]
    matplotlib.rcParams["font.family"] = before
