"""The message catalogue: complete in both languages, Chinese in Chinese, and the only source.

Every sentence a learner can meet comes from `d2lite.messages`: a test walks the
package's source and fails on a `raise`, a warning or a printed line whose text is
written in the code instead of taken from the catalogue.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from d2lite import messages
from d2lite.lang import set_lang

PACKAGE = Path(messages.__file__).resolve().parent.parent

# Words that stay as they are in Chinese text: names of programs, libraries, formats, units.
ALLOWED_WORDS = {
    "d2l",
    "d2lite",
    "PyTorch",
    "NumPy",
    "Python",
    "Jupyter",
    "JupyterLab",
    "IPython",
    "matplotlib",
    "pip",
    "nbgrader",
    "nbval",
    "tqdm",
    "torchvision",
    "Fashion",
    "MNIST",
    "softmax",
    "ReLU",
    "MLP",
    "SGD",
    "GPU",
    "CPU",
    "CUDA",
    "MPS",
    "Windows",
    "macOS",
    "Linux",
    "Debian",
    "Ubuntu",
    "Fedora",
    "PowerShell",
    "cmd",
    "PNG",
    "SVG",
    "PDF",
    "CSV",
    "HTML",
    "HTTP",
    "HTTPS",
    "URL",
    "MD5",
    "md5",
    "gzip",
    "zip",
    "idx",
    "MB",
    "GB",
    "KB",
    "ms",
    "OK",
    "Ctrl",
    "Tab",
    "Shift",
    "Enter",
    "Microsoft",
    "YaHei",
    "SimHei",
    "PingFang",
    "SC",
    "Noto",
    "CJK",
    "Sans",
    "WenQuanYi",
    "Micro",
    "Hei",
    "wqy",
    "microhei",
    "fonts",
    "noto",
    "sudo",
    "apt",
    "install",
    "dnf",
    "google",
    "Settings",
    "Language",
    "Time",
    "NaN",
    "nan",
    "inf",
    "True",
    "False",
    "None",
    "dtype",
    "float32",
    "float64",
    "int64",
    "int32",
    "shape",
    "batch_size",
    "lr",
    "epoch",
    "Tensor",
    "tensor",
    "nn",
    "torch",
    "Module",
    "DataLoader",
    "Trainer",
    "ProgressBoard",
    "Animator",
    "Accumulator",
    "API",
    "MSE",
    "logsumexp",
    "Huber",
    "ID",
    "PID",
    "DEST",
    "SUBMISSIONS",
    "TSV",
    "UTF",
}
_CODE = re.compile(r"`[^`]*`|\{[^{}]*\}|'[^']*'|\"[^\"]*\"|https?://\S+|[\w.~/\\-]+\.\w+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]+")


def _english_words(chinese: str) -> list[str]:
    """Words of Latin letters in a Chinese message, outside code, fields, quotes and names."""
    text = _CODE.sub(" ", chinese)
    return [w for w in _WORD.findall(text) if w not in ALLOWED_WORDS]


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


@pytest.mark.parametrize("key", sorted(messages.TEXT))
def test_every_message_has_both_languages_with_the_same_fields(key):
    english, chinese = messages.TEXT[key]
    assert english.strip() and chinese.strip(), f"{key}: a language is empty"
    assert _fields(english) == _fields(chinese), f"{key}: the two languages differ in fields"


@pytest.mark.parametrize("key", sorted(messages.TEXT))
def test_chinese_messages_are_in_chinese(key):
    _, chinese = messages.TEXT[key]
    assert re.search(r"[\u4e00-\u9fff]", chinese), f"{key}: the Chinese text has no Chinese"
    assert _english_words(chinese) == [], f"{key}: English words in the Chinese text"


def test_the_english_word_check_can_fail():
    assert _english_words("数据 a tensor of shape {shape}") == ["of"]
    assert _english_words("用 `torch.no_grad()` 包住 {name}，见 d2lite 文档") == []


def test_text_follows_the_language():
    key = next(iter(messages.TEXT))
    english, chinese = messages.TEXT[key]
    fields = {f: "x" for f in _fields(english)}
    try:
        set_lang("zh")
        assert messages.text(key, **fields) == chinese.format(**fields)
        assert messages.text(key, "en", **fields) == english.format(**fields)
        set_lang("en")
        assert messages.text(key, **fields) == english.format(**fields)
    finally:
        set_lang(None)


# What the code may print or raise with text of its own: a few characters of layout only.
_LAYOUT = re.compile(r"^[\s\W\d]*$")
_SHOWN = {"print", "write_line", "print_text", "warn", "tqdm_write"}
# The language switch itself speaks both languages in one message: it cannot rely on a
# language being chosen.
EXEMPT = {"lang.py"}


def _literal_words(node: ast.AST) -> str:
    """The text written in the code of a string expression (f-string parts, constants)."""
    parts: list[str] = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            parts.append(sub.value)
    return " ".join(parts)


def _offences(path: Path, root: Path = PACKAGE) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        call = None
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            call = node.exc
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _SHOWN:
                call = node
        if call is None or not call.args:
            continue
        first = call.args[0]
        if isinstance(first, (ast.Constant, ast.JoinedStr, ast.BinOp)):
            written = _literal_words(first)
            if not _LAYOUT.match(written):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {written[:60]!r}")
    return found


SOURCES = sorted(
    p for p in PACKAGE.rglob("*.py") if p.name not in EXEMPT and "messages" not in p.parts
)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_shown_message_comes_from_the_catalogue(path):
    assert _offences(path) == []


def test_the_source_scan_can_fail(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(x):\n    raise ValueError(f'x must be positive, got {x}')\n"
        "def g(x):\n    raise ValueError(text('core.positive', x=x))\n"
        "def h(x):\n    print(f'{x}: {x}')\n"
    )
    offences = _offences(sample, tmp_path)
    assert len(offences) == 1 and "must be positive" in offences[0]
