"""Output streams that cannot encode Chinese (PYTHONIOENCODING=ascii, a legacy Windows console).

What cannot be encoded is printed as a backslash escape: the `d2lite` command
still does its work and exits 0, and a check still prints its verdict and
returns its result. Each case runs in a subprocess whose stdout and stderr are
ASCII, as such a console gives them.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys

from d2lite.progress import print_text


def run_python(*args, tmp_path, timeout=300):
    """Run `python ARGS` with ASCII stdout and stderr; return the CompletedProcess."""
    env = {k: v for k, v in os.environ.items() if k not in ("D2LITE_DEVICE", "MPLBACKEND")}
    env.update(PYTHONIOENCODING="ascii", LANG="C.UTF-8", D2LITE_DEVICE="cpu")
    env.pop("LC_ALL", None)
    env.pop("D2LITE_LANG", None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def test_the_command_escapes_a_chinese_data_root(tmp_path):
    root = tmp_path / "数据"
    result = run_python(
        "-m", "d2lite", "data", "status", "--data-root", str(root), tmp_path=tmp_path
    )
    out, err = result.stdout.decode("ascii"), result.stderr.decode("ascii")
    assert result.returncode == 0, err
    assert "error" not in err
    assert "\\u6570\\u636e (from --data-root)" in out


def test_a_chinese_verdict_is_printed_escaped_and_returned(tmp_path):
    script = (
        "import d2lite as d2l\n"
        "r = d2l.check_sgd(d2l.sgd, lang='zh')\n"
        "assert r and r.lang == 'zh' and len(r.passed) == 7 and not r.failed, r\n"
        "assert '全部 7 个用例通过' in r.report\n"
        "print('RESULT', bool(r), len(r.passed))\n"
    )
    result = run_python("-c", script, tmp_path=tmp_path)
    out, err = result.stdout.decode("ascii"), result.stderr.decode("ascii")
    assert result.returncode == 0, err
    escaped = "全部 7 个用例通过".encode("ascii", "backslashreplace").decode("ascii")
    assert f"check_sgd\\uff1a{escaped}" in out  # check_sgd：全部 7 个用例通过
    assert "RESULT True 7" in out


def test_print_text_is_print_where_everything_encodes():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    print_text("check_sgd：全部 7 个用例通过", file=stream)
    stream.flush()
    assert stream.buffer.getvalue() == "check_sgd：全部 7 个用例通过\n".encode()


def test_print_text_escapes_what_the_stream_cannot_encode():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    print_text("数据 café", file=stream)
    stream.flush()
    assert stream.buffer.getvalue() == b"\\u6570\\u636e caf\xe9\n"
