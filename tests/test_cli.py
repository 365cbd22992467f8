"""The `d2lite` command, run as a learner runs it: `python -m d2lite ...` in a subprocess."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import IS_ROOT
from idx_files import FILE_NAMES, md5_of, snapshot, write_fashion_mnist, write_idx

import d2lite
from d2lite import cli, nets, recipes
from d2lite.data import idx

RAW = Path("FashionMNIST") / "raw"

# Route every download through a proxy on 127.0.0.1 where nothing listens, so it
# fails at once with "connection refused", whether or not this machine is online.
OFFLINE = {
    name: "http://127.0.0.1:9"
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")
} | {"no_proxy": "", "NO_PROXY": ""}


def run(*args, cwd, env=None, timeout=300):
    """Run `python -m d2lite ARGS` in `cwd`; return the CompletedProcess."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("D2LITE_DEVICE", "D2LITE_DEBUG", "MPLBACKEND")
    }
    base.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "d2lite", *args],
        cwd=cwd,
        env=base,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_one_line_error(result, pattern):
    """Exit code 1, a single 'd2lite: error: ...' line on stderr, and no traceback."""
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("d2lite: error: ")
    assert re.search(pattern, lines[0]), lines[0]
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- arguments


def test_no_command_prints_usage_and_exits_2(tmp_path):
    result = run(cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: d2lite")
    assert "required: COMMAND" in result.stderr


def test_help_lists_the_commands(tmp_path):
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("train", "data", "info"):
        assert command in result.stdout


def test_unknown_model_exits_2_with_usage(tmp_path):
    result = run("train", "resnet", cwd=tmp_path)
    assert result.returncode == 2
    assert "usage: d2lite train" in result.stderr
    assert "invalid choice: 'resnet'" in result.stderr
    assert "linear-scratch" in result.stderr


def test_bad_number_exits_2_with_usage(tmp_path):
    result = run("train", "linear-scratch", "--epochs", "0", cwd=tmp_path)
    assert result.returncode == 2
    assert "usage: d2lite train" in result.stderr
    assert "argument --epochs: must be >= 1, got 0" in result.stderr


# The parser itself, in this process (a subprocess per case would only add start-up time).
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "linear-scratch", "--batch-size", "ten"], r"'ten' is not a whole number"),
        (["train", "linear-scratch", "--batch-size", "0"], r"--batch-size: must be >= 1, got 0"),
        (["train", "linear-scratch", "--lr", "-1"], r"--lr: must be a positive number, got -1"),
        (["train", "linear-scratch", "--lr", "nan"], r"--lr: must be a positive number, got nan"),
        (["train", "linear-scratch", "--seed", "-2"], r"--seed: must be >= 0, got -2"),
        (["train", "linear-scratch", "--device", "gpu0"], r"'gpu0' is not a device name"),
        (["train"], r"the following arguments are required: MODEL"),
        (["data"], r"the following arguments are required: ACTION"),
        (["data", "fix"], r"invalid choice: 'fix'"),
        (["info", "--bogus"], r"unrecognized arguments: --bogus"),
    ],
)
def test_parser_rejects_bad_arguments(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: d2lite") and re.search(message, err), err


def test_parser_fills_in_the_books_defaults():
    args = cli.build_parser().parse_args(["train", "softmax-concise", "--traceback"])
    assert (args.model, args.epochs, args.lr, args.batch_size) == (
        "softmax-concise",
        None,
        None,
        None,
    )
    assert args.traceback and args.download and args.progress is None and args.seed == 0
    assert cli.MODEL_DEFAULTS["softmax-concise"] == {"epochs": 10, "lr": 0.1, "batch_size": 256}
    assert cli.MODEL_DEFAULTS["linear-scratch"] == {"epochs": 3, "lr": 0.03, "batch_size": 10}
    args = cli.build_parser().parse_args(["--traceback", "data", "verify", "--data-root", "x"])
    assert args.traceback and args.data_root == "x"


def test_unknown_device_name_exits_2(tmp_path):
    result = run("train", "linear-scratch", "--device", "tpu", cwd=tmp_path)
    assert result.returncode == 2
    assert "argument --device: --device 'tpu' is not a device name; use 'cpu'" in result.stderr


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_unavailable_cuda_device_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["train", "linear-scratch", "--device", "cuda"])
    assert exit_info.value.code == 2
    assert "--device asks for 'cuda' but PyTorch sees 0 CUDA device(s)" in capsys.readouterr().err


def test_bad_device_in_the_environment_is_one_line_and_exit_1(tmp_path):
    result = run("train", "linear-scratch", cwd=tmp_path, env={"D2LITE_DEVICE": "gpu0"})
    assert_one_line_error(result, r"D2LITE_DEVICE='gpu0' .* is not a device name")


def test_traceback_on_request(tmp_path):
    result = run(
        "train", "linear-scratch", "--traceback", cwd=tmp_path, env={"D2LITE_DEVICE": "gpu0"}
    )
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("d2lite: error: D2LITE_DEVICE")
    result = run(
        "train",
        "linear-scratch",
        cwd=tmp_path,
        env={"D2LITE_DEVICE": "gpu0", "D2LITE_DEBUG": "1"},
    )
    assert result.returncode == 1 and "Traceback" in result.stderr


# ---------------------------------------------------------------- info


def test_info_shows_versions_and_device(tmp_path):
    result = run("info", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(rf"^d2lite\s+{re.escape(d2lite.__version__)} ", out, re.M)
    assert re.search(rf"^torch\s+{re.escape(torch.__version__)} ", out, re.M)
    assert re.search(r"^torchvision\s+\d", out, re.M)
    assert re.search(rf"^python\s+{sys.version_info.major}\.{sys.version_info.minor}", out, re.M)
    expected = d2lite.default_device()
    assert re.search(rf"^device\s+{expected} \(", out, re.M)


def test_info_reports_a_bad_device_override_and_exits_1(tmp_path):
    result = run("info", cwd=tmp_path, env={"D2LITE_DEVICE": "tpu"})
    assert result.returncode == 1
    assert re.search(r"^device\s+invalid: .*'tpu' is not a device name", result.stdout, re.M)


# ---------------------------------------------------------------- train: linear regression


def _final_errors(stdout):
    w = re.search(r"^error in w: \[(.*)\]$", stdout, re.M).group(1)
    b = re.search(r"^error in b: (\S+)$", stdout, re.M).group(1)
    return [float(v) for v in w.split(",")], float(b)


@pytest.mark.parametrize("model", ["linear-scratch", "linear-concise"])
def test_train_linear_regression(tmp_path, model):
    result = run("train", model, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"training {model} on " in out and "3 epochs, lr 0.03, batch size 10" in out
    losses = [float(v) for v in re.findall(r"^epoch \d, loss (\S+)$", out, re.M)]
    assert len(losses) == 3 and losses[-1] < losses[0] and losses[-1] < 4e-4
    w_error, b_error = _final_errors(out)
    assert len(w_error) == 2 and max(abs(e) for e in w_error) < 1e-2 and abs(b_error) < 1e-2
    path = tmp_path / "out" / f"{model}.png"
    assert f"saved the training curve to {Path('out') / f'{model}.png'}" in out
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert result.stderr == ""  # stderr is not a terminal here: no bars


def test_train_options_seed_and_out(tmp_path):
    png = tmp_path / "curves" / "lin.png"
    args = ["train", "linear-scratch", "--epochs", "2", "--lr", "0.05", "--batch-size", "20"]
    first = run(*args, "--seed", "3", "--out", str(png), "--progress", cwd=tmp_path)
    again = run(*args, "--seed", "3", "--out", str(png), cwd=tmp_path)
    other = run(*args, "--seed", "4", "--out", str(png), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "2 epochs, lr 0.05, batch size 20" in first.stdout
    assert len(re.findall(r"^epoch \d", first.stdout, re.M)) == 2
    assert first.stdout == again.stdout  # same seed, same run
    assert first.stdout != other.stdout
    assert png.exists() and f"saved the training curve to {png}" in first.stdout
    assert "epoch 1/2" in first.stderr  # the progress bar, asked for with --progress
    assert again.stderr == ""  # by default only a terminal gets one


def test_diverging_training_is_one_line_and_exit_1(tmp_path):
    result = run("train", "linear-scratch", "--lr", "1e4", "--no-progress", cwd=tmp_path)
    assert_one_line_error(result, r"training diverged, try a smaller learning rate than --lr")


# ---------------------------------------------------------------- data


@pytest.fixture
def real_root():
    """The data root holding the real Fashion-MNIST ($D2LITE_DATA in CI); skip without it."""
    root = d2lite.data_root()
    if not all(f.exists for f in idx.fashion_mnist_files(root)):
        pytest.skip(f"the real Fashion-MNIST is not in {root / RAW}; set D2LITE_DATA to run this")
    return root


def test_data_status_verify_and_download_on_the_real_files(tmp_path, real_root):
    before = snapshot(real_root / RAW)
    status = run("data", "status", cwd=tmp_path, env={"D2LITE_DATA": str(real_root)})
    assert status.returncode == 0, status.stderr
    assert re.search(
        rf"^data root\s+{re.escape(str(real_root))} \(from the environment", status.stdout, re.M
    )
    assert re.search(r"^train-images-idx3-ubyte\s+present, 47,040,016 bytes", status.stdout, re.M)
    assert re.search(r"^t10k-labels-idx1-ubyte\s+present, 10,008 bytes", status.stdout, re.M)
    assert "all 4 files present" in status.stdout

    verify = run("data", "verify", "--data-root", str(real_root), cwd=tmp_path)
    assert verify.returncode == 0, verify.stderr
    assert len(re.findall(r"^\S+-ubyte\s+ok$", verify.stdout, re.M)) == 4
    assert "all 4 files are correct" in verify.stdout

    # Everything is there and right: nothing to fetch, so no network needed.
    download = run("data", "download", "--data-root", str(real_root), cwd=tmp_path, env=OFFLINE)
    assert download.returncode == 0, download.stderr
    assert "already in" in download.stdout and "nothing to download" in download.stdout
    assert snapshot(real_root / RAW) == before  # read-only use


def test_missing_data(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {"D2LITE_DATA": str(empty), **OFFLINE}

    status = run("data", "status", cwd=tmp_path, env=env)
    assert status.returncode == 0, status.stderr
    assert len(re.findall(r"-ubyte\s+missing$", status.stdout, re.M)) == 4
    assert "4 of 4 files missing; `d2lite data download` fetches them" in status.stdout

    info = run("info", cwd=tmp_path, env=env)
    assert info.returncode == 0, info.stderr
    assert re.search(r"^Fashion-MNIST\s+4 of 4 files missing", info.stdout, re.M)

    verify = run("data", "verify", cwd=tmp_path, env=env)
    assert_one_line_error(verify, r"4 of 4 Fashion-MNIST files are missing or wrong .*download")
    assert len(re.findall(r"-ubyte\s+missing$", verify.stdout, re.M)) == 4

    train = run("train", "softmax-concise", "--no-download", cwd=tmp_path, env=env)
    assert_one_line_error(train, rf"Fashion-MNIST is not in {re.escape(str(empty / RAW))}")
    assert "d2lite data download" in train.stderr

    download = run("data", "download", cwd=tmp_path, env=env)
    assert_one_line_error(download, r"could not download Fashion-MNIST .*could not connect")

    # --data-root wins over $D2LITE_DATA; training downloads when files are missing.
    other = tmp_path / "other"
    train = run("train", "softmax-scratch", "--data-root", str(other), cwd=tmp_path, env=env)
    assert_one_line_error(train, rf"could not download Fashion-MNIST into {re.escape(str(other))}")
    assert list(empty.iterdir()) == [] and not other.exists()  # nothing half-written
    assert not (tmp_path / "out").exists()  # no plot for a run that did not train


def test_corrupted_file(tmp_path, real_root):
    root = tmp_path / "data"
    (root / RAW).mkdir(parents=True)
    for name in FILE_NAMES[:2]:  # the real training files
        (root / RAW / name).symlink_to(real_root / RAW / name)
    images = np.zeros((10000, 28, 28), dtype=np.uint8)
    full = write_idx(root / RAW / "t10k-images-idx3-ubyte", images).read_bytes()
    (root / RAW / "t10k-images-idx3-ubyte").write_bytes(full[: len(full) // 2])  # truncated
    write_idx(root / RAW / "t10k-labels-idx1-ubyte", np.arange(10000, dtype=np.uint8) % 10)

    verify = run("data", "verify", "--data-root", str(root), cwd=tmp_path)
    assert_one_line_error(verify, r"2 of 4 .* \(t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte\)")
    out = verify.stdout
    assert re.search(r"^train-images-idx3-ubyte\s+ok$", out, re.M)
    assert re.search(r"^train-labels-idx1-ubyte\s+ok$", out, re.M)
    assert re.search(r"^t10k-images-idx3-ubyte\s+WRONG: .* is truncated", out, re.M)
    assert re.search(r"^t10k-labels-idx1-ubyte\s+WRONG: .* has md5 \w+, expected", out, re.M)

    train = run("train", "softmax-concise", "--data-root", str(root), cwd=tmp_path)
    assert_one_line_error(train, r"t10k-images-idx3-ubyte is truncated")


# ---------------------------------------------------------------- train: softmax regression


def _final_metrics(stdout):
    match = re.search(r"^final: train loss (\S+), train acc (\S+), test acc (\S+)$", stdout, re.M)
    return [float(v) for v in match.groups()]


def test_train_softmax_concise_one_epoch_on_the_real_data(tmp_path, real_root):
    result = run("train", "softmax-concise", "--epochs", "1", "--device", "cpu", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert (
        "training softmax-concise on cpu (set by --device): 1 epoch, lr 0.1, batch size 256" in out
    )
    assert re.search(r"^epoch 1: train loss \S+, train acc \S+, test acc \S+$", out, re.M)
    train_loss, train_acc, test_acc = _final_metrics(out)
    assert train_loss < 0.9 and train_acc > 0.7 and test_acc > 0.7  # the book: 0.78 after one
    assert re.search(r"training examples/s on cpu", out)
    assert out.rstrip().endswith(
        f"saved the training curves to {Path('out') / 'softmax-concise.png'}"
    )
    assert (tmp_path / "out" / "softmax-concise.png").read_bytes()[:4] == b"\x89PNG"


def test_train_softmax_scratch_on_small_files(tmp_path, monkeypatch, capsys):
    root = tmp_path / "data"
    write_fashion_mnist(root / RAW, n_train=64, n_test=32)
    # In this process, so the small files can stand in for the published ones (md5s).
    monkeypatch.setattr(idx, "RAW_MD5", {n: md5_of(root / RAW / n) for n in FILE_NAMES})
    monkeypatch.chdir(tmp_path)
    png = tmp_path / "scratch.png"
    code = cli.main(
        [
            "train",
            "softmax-scratch",
            "--data-root",
            str(root),
            "--epochs",
            "2",
            "--batch-size",
            "16",
            "--lr",
            "0.05",
            "--out",
            str(png),
            "--no-download",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "2 epochs, lr 0.05, batch size 16" in out
    assert f"data: {root / RAW} (from --data-root)" in out
    assert len(re.findall(r"^epoch \d: train loss", out, re.M)) == 2
    train_loss, train_acc, test_acc = _final_metrics(out)
    assert math.isfinite(train_loss) and 0 <= train_acc <= 1 and 0 <= test_acc <= 1
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_softmax_scratch_pieces_match_pytorch():
    torch.manual_seed(0)
    net, cross_entropy, updater = recipes.softmax_scratch(0.1, torch.device("cpu"))
    W, b = nets.net_parameters(net)  # the closure's parameters
    X, y = torch.rand(8, 1, 28, 28), torch.randint(0, 10, (8,))
    logits = X.reshape(8, -1) @ W + b
    y_hat = net(X)
    torch.testing.assert_close(y_hat, torch.softmax(logits, dim=1))
    torch.testing.assert_close(
        cross_entropy(y_hat, y), torch.nn.functional.cross_entropy(logits, y, reduction="none")
    )
    # The updater is the book's sgd on the summed loss: one torch.optim.SGD step on the mean.
    W_ref, b_ref = W.detach().clone().requires_grad_(), b.detach().clone().requires_grad_()
    opt = torch.optim.SGD([W_ref, b_ref], lr=0.1)
    cross_entropy(net(X), y).sum().backward()
    updater(8)
    torch.nn.functional.cross_entropy(X.reshape(8, -1) @ W_ref + b_ref, y).backward()
    opt.step()
    torch.testing.assert_close(W, W_ref)
    torch.testing.assert_close(b, b_ref)


# ---------------------------------------------------------------- bad arguments are exit 2


@pytest.mark.parametrize(
    "args, match",
    [
        (["--seed", "4294967296"], r"argument --seed: must be at most 4294967295"),
        (["--device", "meta"], r"argument --device: 'meta' is not a device that can train"),
        (["--data-root", ""], r"argument --data-root: must not be empty"),
        (["--out", "curves.txt"], r"argument --out: '.txt' is not an image format"),
    ],
)
def test_every_bad_argument_exits_2_before_any_work(tmp_path, args, match):
    result = run("train", "linear-scratch", *args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("usage: d2lite train")
    assert re.search(match, result.stderr)
    assert result.stdout == ""  # nothing trained


def _train_linear_in_process(tmp_path, monkeypatch, *args):
    monkeypatch.chdir(tmp_path)
    return cli.main(["train", "linear-scratch", "--epochs", "1", "--no-progress", *args])


def test_out_is_checked_before_training(tmp_path, monkeypatch, capsys):
    notes = tmp_path / "notes.png"
    notes.write_text("my notes, not an image")
    (tmp_path / "folder").mkdir()
    for out, match in (
        (
            "notes.png",
            r"notes.png exists and is not a PNG image written by matplotlib; d2lite "
            r"will not overwrite it",
        ),
        ("folder", r"folder is a folder; give a file name such as folder/linear-scratch.png"),
        ("notes.png/x.png", r"cannot write into the folder notes.png \(.*\)"),
    ):
        with pytest.raises(SystemExit) as info:
            _train_linear_in_process(tmp_path, monkeypatch, "--out", out)
        assert info.value.code == 2
        out_text, err = capsys.readouterr()
        assert re.search(match, err), err
        assert out_text == ""  # the check came before any training
    assert notes.read_text() == "my notes, not an image"


@pytest.mark.skipif(IS_ROOT, reason="root may write into read-only folders")
def test_out_in_a_read_only_folder_exits_2(tmp_path, monkeypatch, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(SystemExit):
            _train_linear_in_process(tmp_path, monkeypatch, "--out", "locked/c.png")
        assert "cannot write into the folder" in capsys.readouterr().err
    finally:
        locked.chmod(0o700)


def test_out_without_suffix_gets_png_and_the_real_path_is_printed(tmp_path, monkeypatch, capsys):
    (tmp_path / "curve").write_text("a file named like the plot, without suffix")
    assert _train_linear_in_process(tmp_path, monkeypatch, "--out", "curve") == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("saved the training curve to curve.png")
    assert (tmp_path / "curve.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "curve").read_text().startswith("a file named")  # untouched
    # Its own earlier image may be replaced.
    assert _train_linear_in_process(tmp_path, monkeypatch, "--out", "curve.png") == 0


def test_no_download_speaks_of_the_option(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(
        "train",
        "softmax-concise",
        "--no-download",
        "--data-root",
        str(empty),
        cwd=tmp_path,
        env=OFFLINE,
    )
    assert result.returncode == 1
    assert "--no-download was given" in result.stderr
    assert "download=False" not in result.stderr and "root=" not in result.stderr
    assert "d2lite data import PATH" in result.stderr


def test_no_progress_also_hides_download_bars(tmp_path, monkeypatch, capsys):
    import gzip

    from idx_files import serve_directory

    from d2lite.data import download

    source = tmp_path / "source"
    write_fashion_mnist(source, n_train=64, n_test=32)
    monkeypatch.setattr(idx, "RAW_MD5", {n: md5_of(source / n) for n in FILE_NAMES})
    served = tmp_path / "served"
    served.mkdir()
    for name in FILE_NAMES:
        (served / f"{name}.gz").write_bytes(gzip.compress((source / name).read_bytes()))
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    with serve_directory(served) as server:
        monkeypatch.setenv(download.MIRRORS_ENV, server.url)
        monkeypatch.chdir(tmp_path)
        code = cli.main(
            [
                "train",
                "softmax-concise",
                "--epochs",
                "1",
                "--batch-size",
                "32",
                "--data-root",
                str(tmp_path / "root"),
                "--no-progress",
            ]
        )
    assert code == 0
    err = capsys.readouterr().err
    assert ".gz" not in err and "%|" not in err  # no download bar, no training bar


@pytest.mark.parametrize("action", ["status", "verify", "download"])
def test_a_data_root_that_is_a_file_is_named_not_sent_to_download(tmp_path, action):
    root = tmp_path / "data"
    root.write_text("my notes\n")
    result = run("data", action, "--data-root", str(root), cwd=tmp_path, env=OFFLINE)
    assert_one_line_error(result, rf"{re.escape(str(root))} is a file, not a folder")
    assert "d2lite data download" not in result.stderr + result.stdout
    assert root.read_text() == "my notes\n"


def test_a_missing_file_under_data_root_names_the_option(tmp_path):
    import d2lite as d2l

    with pytest.raises(FileNotFoundError, match=r"root= in Python, --data-root for the d2lite"):
        d2l.load_data_fashion_mnist(8, root=tmp_path / "empty", download=False)
