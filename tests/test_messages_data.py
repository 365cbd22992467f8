"""The data, file, font and argument messages speak the learner's language.

Each test takes a real path through the code (a missing file, a damaged one, a
data root that is a file or cannot be written, a bad setting, a bad argument)
once with ``set_lang("zh")`` and once with ``set_lang("en")``, and checks that
the message is Chinese, then English.
"""

from __future__ import annotations

import errno
import os
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
from idx_files import FILE_NAMES, write_fashion_mnist, write_idx

import d2lite as d2l
from d2lite import fonts
from d2lite.data import download, idx, install, loaders
from d2lite.files import check_folder, check_image_path, in_the_way
from d2lite.lang import set_lang
from d2lite.validation import check_nonnegative_int, check_positive_int

RAW = Path("FashionMNIST") / "raw"
BOTH = ["zh", "en"]


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    set_lang(None)


@pytest.fixture
def offline(monkeypatch):
    """No download is attempted: any fetch is recorded instead of sent."""
    fetched: list[tuple] = []
    monkeypatch.setattr(download, "_fetch", lambda *a, **k: fetched.append(a))
    monkeypatch.setenv(download.MIRRORS_ENV, "http://127.0.0.1:9/")
    monkeypatch.delenv(download.TIMEOUT_ENV, raising=False)
    return fetched


def _message(lang: str, error: type[BaseException], call, *args, **kwargs) -> str:
    set_lang(lang)
    with pytest.raises(error) as info:
        call(*args, **kwargs)
    return str(info.value)


def _expect(message: str, lang: str, chinese: list[str], english: list[str]) -> None:
    wanted = chinese if lang == "zh" else english
    for part in wanted:
        assert part in message, f"{part!r} not in {message!r}"
    # The English font hint names the Chinese language pack as Windows shows it: 中文(简体).
    if lang == "en":
        rest = message.replace("中文(简体)", "")
        assert not any("\u4e00" <= c <= "\u9fff" for c in rest), message


# --------------------------------------------------------------------------- data/


@pytest.mark.parametrize("lang", BOTH)
def test_missing_files_without_download_say_how_to_get_them(lang, tmp_path):
    message = _message(
        lang,
        FileNotFoundError,
        d2l.load_data_fashion_mnist,
        8,
        root=tmp_path,
        download=False,
    )
    _expect(
        message,
        lang,
        ["Fashion-MNIST 不在", "`download=False`", "获取方法", "d2lite data import PATH", "参数"],
        [
            "Fashion-MNIST is not in",
            "(download=False)",
            "should hold the four files",
            "from the root argument",
        ],
    )


@pytest.mark.parametrize("lang", BOTH)
def test_an_md5_mismatch_is_named(lang, tmp_path):
    write_fashion_mnist(tmp_path / RAW)  # random images: not the published files' md5
    set_lang(lang)
    problems = d2l.verify_fashion_mnist(tmp_path)
    assert set(problems) == set(FILE_NAMES)
    message = problems[FILE_NAMES[0]]
    _expect(
        message,
        lang,
        ["的 `md5` 为", "应为", "修复", "d2lite data download"],
        ["has md5", "expected", "repair it with `d2lite data download`"],
    )
    path = tmp_path / RAW / FILE_NAMES[0]
    message = _message(lang, ValueError, idx.read_idx, path, "0" * 32)
    _expect(
        message,
        lang,
        ["不是公开发布的 Fashion-MNIST 文件", "训练集"],
        ["is not the published Fashion-MNIST file", "training set"],
    )


@pytest.mark.parametrize("lang", BOTH)
def test_a_truncated_file_is_named(lang, tmp_path):
    path = write_idx(tmp_path / "train-images-idx3-ubyte", np.zeros((3, 28, 28), np.uint8))
    path.write_bytes(path.read_bytes()[:-100])
    message = _message(lang, ValueError, idx.read_idx, path)
    _expect(
        message,
        lang,
        ["不完整", "文件头写的是 3 张 28x28 的图像", "字节"],
        ["is truncated: header says 3 images of 28x28", "bytes"],
    )


@pytest.mark.parametrize("lang", BOTH)
def test_a_raw_folder_that_is_a_file_is_named(lang, tmp_path, offline):
    raw = tmp_path / RAW
    raw.parent.mkdir(parents=True)
    raw.write_text("in the way")
    message = _message(lang, FileExistsError, d2l.download_fashion_mnist, tmp_path, progress=False)
    _expect(
        message,
        lang,
        ["无法下载 Fashion-MNIST", "是一个文件，而不是文件夹", f"`rm {raw}`"],
        ["could not download Fashion-MNIST", "is a file, not a folder", f"`rm {raw}`"],
    )
    assert "[Errno" not in message and not offline


@pytest.mark.parametrize("lang", BOTH)
def test_a_data_root_that_cannot_be_written_is_named(lang, tmp_path, monkeypatch, offline):
    root = tmp_path / "shared"
    (root / "FashionMNIST").mkdir(parents=True)
    real_mkdir = os.mkdir

    def mkdir(path, *args, **kwargs):
        if Path(path).name == install.LOCK_NAME:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(install.os, "mkdir", mkdir)
    message = _message(
        lang, PermissionError, d2l.load_data_fashion_mnist, 8, root=root, progress=False
    )
    _expect(
        message,
        lang,
        [f"数据根目录 {root} 不可写", "`D2LITE_DATA`", "无法下载"],
        [f"the data root {root} cannot be written", "Set the environment variable D2LITE_DATA"],
    )
    assert "[Errno" not in message and not offline


@pytest.mark.parametrize("lang", BOTH)
def test_a_bad_download_timeout_is_named(lang, monkeypatch):
    monkeypatch.setenv(download.TIMEOUT_ENV, "soon")
    message = _message(lang, ValueError, download.download_timeout)
    _expect(
        message,
        lang,
        ["环境变量 D2LITE_DOWNLOAD_TIMEOUT", "必须是大于 0 的秒数", "'soon'", "默认值 30"],
        ["D2LITE_DOWNLOAD_TIMEOUT must be a number of seconds > 0", "'soon'", "default of 30"],
    )


@pytest.mark.parametrize("lang", BOTH)
def test_a_mirror_that_is_not_a_url_is_named(lang, monkeypatch):
    monkeypatch.setenv(download.MIRRORS_ENV, "example.org/fashion")
    message = _message(lang, ValueError, download.fashion_mnist_mirrors)
    _expect(message, lang, ["必须列出用逗号分隔的基础 URL"], ["must list base URLs"])


@pytest.mark.parametrize("lang", BOTH)
def test_import_from_a_path_that_does_not_exist(lang, tmp_path):
    missing = tmp_path / "Downloads" / "fashion.zip"
    message = _message(lang, FileNotFoundError, d2l.import_fashion_mnist, missing, root=tmp_path)
    _expect(message, lang, [f"{missing} 不存在"], [f"{missing} does not exist"])


@pytest.mark.parametrize("lang", BOTH)
def test_import_of_a_wrong_file_says_nothing_was_written(lang, tmp_path, monkeypatch):
    source = tmp_path / "source"
    write_fashion_mnist(source)
    monkeypatch.setattr(idx, "RAW_MD5", {name: "0" * 32 for name in FILE_NAMES})
    message = _message(lang, ValueError, d2l.import_fashion_mnist, source, root=tmp_path / "r")
    _expect(
        message,
        lang,
        ["无法导入", "不是公开发布的文件", "没有向"],
        ["could not import", "it is not the published file", "Nothing was written into"],
    )


@pytest.mark.parametrize("lang", BOTH)
def test_label_and_loader_arguments(lang):
    message = _message(lang, ValueError, d2l.get_fashion_mnist_labels, [3, 12])
    _expect(message, lang, ["类别索引", "位置 1"], ["class indices 0..9", "at position 1"])
    features, labels = torch.zeros(5, 2), torch.zeros(4)
    message = _message(lang, ValueError, d2l.load_array, (features, labels), 2)
    _expect(message, lang, ["样本数", "data_arrays[0] 有 5 个"], ["data_arrays[0] has 5"])
    message = _message(lang, ValueError, d2l.load_data_fashion_mnist, 8, resize=5000)
    _expect(message, lang, ["最多为 1024 像素"], ["at most 1024 pixels"])


@pytest.mark.parametrize("lang", BOTH)
def test_the_resize_progress_bar_speaks_the_language(lang, capsys):
    set_lang(lang)
    loaders.resize_images(torch.zeros((3, 28, 28), dtype=torch.uint8), (32, 32), progress=True)
    shown = capsys.readouterr().err
    assert ("正在缩放到 32x32" if lang == "zh" else "resizing to 32x32") in shown


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize("lang", BOTH)
def test_bad_whole_numbers_are_named(lang):
    message = _message(lang, ValueError, check_positive_int, "batch_size", 0)
    _expect(message, lang, ["batch_size 必须 >= 1", "正整数"], ["batch_size must be >= 1"])
    message = _message(lang, TypeError, check_positive_int, "num_epochs", 2.5)
    _expect(
        message,
        lang,
        ["num_epochs 必须是整数", "float 类型的 2.5"],
        ["num_epochs must be an int, got 2.5 of type float"],
    )
    message = _message(lang, ValueError, check_nonnegative_int, "index", -1)
    _expect(message, lang, ["设备编号从 0 开始"], ["device indices start at 0"])
    message = _message(lang, ValueError, d2l.load_array, (torch.zeros(4), torch.zeros(4)), 0)
    _expect(message, lang, ["batch_size 必须 >= 1"], ["batch_size must be >= 1, got 0"])


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize("lang", BOTH)
def test_an_image_path_that_is_a_folder(lang, tmp_path):
    message = _message(lang, ValueError, check_image_path, tmp_path, "softmax.png")
    example = tmp_path / "softmax.png"
    _expect(
        message,
        lang,
        ["是一个文件夹", f"例如 {example}"],
        ["is a folder; give a file name such as", str(example)],
    )


@pytest.mark.parametrize("lang", BOTH)
def test_an_image_that_is_not_ours_is_not_overwritten(lang, tmp_path):
    notes = tmp_path / "notes.png"
    notes.write_text("my notes")
    message = _message(lang, ValueError, check_image_path, notes)
    _expect(message, lang, ["不会覆盖它"], ["will not overwrite it"])


@pytest.mark.parametrize("lang", BOTH)
def test_a_file_in_the_way_of_a_folder(lang, tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("x")
    message = _message(lang, NotADirectoryError, check_folder, blocker / "notebooks")
    _expect(
        message,
        lang,
        ["是一个文件，挡住了用来存放这些文件的文件夹", "没有写入任何文件"],
        ["is a file, in the way of the folder", "for the files; nothing was written"],
    )
    set_lang(lang)
    assert in_the_way(tmp_path) == ("一个文件夹" if lang == "zh" else "a folder")


# --------------------------------------------------------------------------- fonts


@pytest.mark.parametrize("lang", BOTH)
def test_the_no_cjk_font_warning_follows_the_language(lang, monkeypatch):
    monkeypatch.setattr(fonts, "_found", [None])
    set_lang(lang)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert d2l.use_chinese_font() is None
    (warning,) = caught
    message = str(warning.message)
    _expect(
        message,
        lang,
        ["d2lite.use_chinese_font：没有安装含中文字符的字体", "fonts-noto-cjk", "重启 Python"],
        ["d2lite.use_chinese_font: no font with Chinese characters", "fonts-noto-cjk"],
    )
    # The hint is looked up when it is shown: a language chosen later is followed.
    set_lang("en" if lang == "zh" else "zh")
    later = fonts.install_hint("d2lite")
    assert ("no font with Chinese" in later) == (lang == "zh")
