"""The `d2lite` command, the notebook copies and the checkers speak the learner's language.

`d2lite --lang zh ...` prints every line, error and help text in Chinese, for that run
only; a checker's verdict in Chinese describes values in Chinese too. The command runs
in-process through `d2lite.cli.main`, as in tests/test_cli.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import torch

import d2lite
from d2lite import cli, handout
from d2lite.check import check_data_iter, check_synthetic_data
from d2lite.data import idx
from d2lite.lang import get_lang

CHINESE = re.compile(r"[\u4e00-\u9fff]")
NOTEBOOKS_ZH = Path(__file__).resolve().parents[1] / "notebooks" / "zh"


@pytest.fixture(autouse=True)
def _english_session(monkeypatch):
    """Start every test in English; `--lang` must leave the session's language as it was."""
    monkeypatch.setenv("D2LITE_LANG", "en")
    monkeypatch.setenv("D2LITE_DEVICE", "cpu")
    yield
    assert get_lang() == "en"


def test_data_status_in_chinese(tmp_path, capsys):
    assert cli.main(["--lang", "zh", "data", "status", "--data-root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^数据根目录\s+.*（来自 `--data-root`）$", out, re.M), out
    assert len(re.findall(r"-ubyte\s+缺失$", out, re.M)) == 4, out
    assert "4 个文件中缺少 4 个" in out and "`d2lite data download`" in out
    for english in ("data root", "missing", "files", "fetches"):
        assert english not in out


def test_lang_after_the_command(tmp_path, capsys):
    assert cli.main(["data", "status", "--data-root", str(tmp_path), "--lang", "zh"]) == 0
    assert "4 个文件中缺少 4 个" in capsys.readouterr().out
    assert cli.main(["--lang", "en", "data", "status", "--data-root", str(tmp_path)]) == 0
    assert "4 of 4 files missing" in capsys.readouterr().out


def test_data_verify_in_chinese_fails_in_chinese(tmp_path, capsys):
    assert cli.main(["--lang", "zh", "data", "verify", "--data-root", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "正在用公布的 `MD5` 校验和检查" in captured.out
    assert len(re.findall(r"-ubyte\s+缺失$", captured.out, re.M)) == 4
    (line,) = captured.err.strip().splitlines()  # one line, no traceback
    assert line.startswith("d2lite：错误：")
    assert "4 个 Fashion-MNIST 文件中有 4 个缺失或不正确" in line
    assert "missing or wrong" not in line


def test_data_verify_in_chinese_on_the_real_files(capsys):
    root = d2lite.data_root()
    if not all(f.exists for f in idx.fashion_mnist_files(root)):
        pytest.skip("the real Fashion-MNIST is not there; set D2LITE_DATA to run this")
    assert cli.main(["--lang", "zh", "data", "verify", "--data-root", str(root)]) == 0
    out = capsys.readouterr().out
    assert len(re.findall(r"^\S+-ubyte\s+正确$", out, re.M)) == 4, out
    assert "4 个文件都正确" in out


def test_a_usage_error_in_chinese(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--lang", "zh", "train", "linear-scratch", "--epochs", "0"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: d2lite train")  # argparse's own words stay English
    assert "argument --epochs: 必须 >= 1，得到的是 0" in err
    with pytest.raises(SystemExit):
        cli.main(["--lang", "zh", "train", "linear-scratch", "--lr", "abc"])
    assert "'abc' 不是数" in capsys.readouterr().err


def test_help_in_chinese(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--lang", "zh", "notebooks", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "要复制到的文件夹" in out and "覆盖 DEST 中已有的笔记本" in out


def test_chinese_student_copies(tmp_path, capsys):
    dest = tmp_path / "课堂"
    assert cli.main(["--lang", "zh", "notebooks", str(dest), "--student"]) == 0
    out = capsys.readouterr().out
    names = sorted(p.name for p in NOTEBOOKS_ZH.glob("*.ipynb"))
    assert f"已将 {len(names)} 个学生版笔记本复制到 {dest / 'zh'}：" in out
    assert f"-m jupyterlab '{dest / 'zh'}'" in out  # installed or not, the command is given
    assert "copied" not in out and "open them" not in out
    zh = dest / "zh"  # the Chinese set goes beside the English one
    assert sorted(p.name for p in zh.glob("*.ipynb")) == names
    solutions = sum(
        p.read_text(encoding="utf-8").count(handout.BEGIN_SOLUTION) for p in NOTEBOOKS_ZH.iterdir()
    )
    copies = [p.read_text(encoding="utf-8") for p in zh.glob("*.ipynb")]
    assert sum(c.count("# 在此处编写你的代码") for c in copies) == solutions > 0
    assert not any("# your code here" in c for c in copies)

    assert cli.main(["--lang", "zh", "notebooks", str(dest), "--student"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "已有" in line and "没有复制任何文件" in line and "`--force`" not in line
    assert "请换一个文件夹，例如" in line


def test_the_stub_follows_the_notebooks_language():
    cell = {
        "cell_type": "code",
        "metadata": {},
        "outputs": [],
        "source": "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n",
    }
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    english = "".join(handout.student_copy(notebook)["cells"][0]["source"])
    chinese = "".join(handout.student_copy(notebook, lang="zh")["cells"][0]["source"])
    markers = "    ### BEGIN SOLUTION\n{}\n    raise NotImplementedError\n    ### END SOLUTION"
    assert english == "def f():\n" + markers.format("    # your code here")
    assert chinese == "def f():\n" + markers.format("    # 在此处编写你的代码")
    compile(chinese, "stub", "exec")


def test_a_chinese_verdict_describes_values_in_chinese(capsys):
    def data_iter_without_labels(batch_size, features, labels):
        for i in range(0, len(features), batch_size):
            yield features[i : i + batch_size]  # forgot the labels

    result = check_data_iter(data_iter_without_labels, lang="zh")
    capsys.readouterr()
    assert not result
    report = " ".join(result.report.split())  # undo the wrapping of long lines
    assert "形状为 (5, 2) 的张量" in report, report
    assert "张量 (5, 2) float32" in report
    for english in ("a tensor of shape", "tensor (", " on ", "got"):
        assert english not in report, report

    english_result = check_data_iter(data_iter_without_labels, lang="en")
    capsys.readouterr()
    assert "(got a tensor of shape (5, 2))" in " ".join(english_result.report.split())


def test_a_chinese_verdict_names_a_wrong_type_in_chinese(capsys):
    def synthetic_data_returns_a_list(w, b, num_examples):
        X = torch.normal(0, 1, (num_examples, len(w)))
        return [X]

    result = check_synthetic_data(synthetic_data_returns_a_list, lang="zh")
    capsys.readouterr()
    report = " ".join(result.report.split())
    assert "（得到的是列表 " in report, report
    assert "list [" not in report


def test_a_check_that_cannot_run_says_so_in_chinese():
    with pytest.raises(TypeError, match=r"fn 必须是可调用对象，得到的却是类型为 NoneType 的 None"):
        check_data_iter(None, lang="zh")
