"""Getting Fashion-MNIST when things go wrong: stalled mirrors, races, full disks, imports.

Every test serves small files from 127.0.0.1 (or builds them locally); the
small files' md5s stand in for the published ones.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from idx_files import (
    FILE_NAMES,
    md5_of,
    refused_url,
    serve_directory,
    silent_server,
    stalling_server,
    write_fashion_mnist,
)

import d2lite as d2l
from d2lite import cli
from d2lite.data import download, idx, install

RAW = Path("FashionMNIST") / "raw"


@pytest.fixture
def source(tmp_path, monkeypatch):
    """Four small raw files counted as the published ones; returns their folder."""
    folder = tmp_path / "source"
    write_fashion_mnist(folder, n_train=40, n_test=16, seed=3)
    monkeypatch.setattr(idx, "RAW_MD5", {name: md5_of(folder / name) for name in FILE_NAMES})
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.delenv(download.MIRRORS_ENV, raising=False)
    monkeypatch.delenv(download.TIMEOUT_ENV, raising=False)
    return folder


def _gzip_into(folder: Path, out: Path, level: int = 9) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for name in FILE_NAMES:
        data = (folder / name).read_bytes()
        (out / f"{name}.gz").write_bytes(gzip.compress(data, compresslevel=level, mtime=0))
    return out


@pytest.fixture
def served(source, tmp_path):
    """A local mirror of the small files, as .gz; yields the server."""
    with serve_directory(_gzip_into(source, tmp_path / "served")) as server:
        yield server


def _use_mirrors(monkeypatch, *urls):
    monkeypatch.setenv(download.MIRRORS_ENV, ",".join(urls))


def _files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --------------------------------------------------------------------------- settings


def test_mirrors_come_from_the_environment_or_torchvision(monkeypatch):
    from torchvision.datasets import FashionMNIST

    monkeypatch.delenv(download.MIRRORS_ENV, raising=False)
    assert download.fashion_mnist_mirrors() == [
        m if m.endswith("/") else m + "/" for m in FashionMNIST.mirrors
    ]
    monkeypatch.setenv(download.MIRRORS_ENV, " http://a.example/x , https://b.example/y/ ")
    assert download.fashion_mnist_mirrors() == ["http://a.example/x/", "https://b.example/y/"]
    monkeypatch.setenv(download.MIRRORS_ENV, "a.example/x")
    with pytest.raises(ValueError, match=r"must list base URLs .* got 'a.example/x'"):
        download.fashion_mnist_mirrors()


def test_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv(download.TIMEOUT_ENV, raising=False)
    assert download.download_timeout() == 30
    monkeypatch.setenv(download.TIMEOUT_ENV, "2.5")
    assert download.download_timeout() == 2.5
    for bad in ("0", "-1", "soon", "inf"):
        monkeypatch.setenv(download.TIMEOUT_ENV, bad)
        with pytest.raises(ValueError, match=rf"D2LITE_DOWNLOAD_TIMEOUT must be .* got '{bad}'"):
            download.download_timeout()


# --------------------------------------------------------------------------- mirrors


def test_download_from_the_mirrors_in_the_environment(served, tmp_path, monkeypatch):
    _use_mirrors(monkeypatch, refused_url(), served.url)
    root = tmp_path / "root"
    assert d2l.download_fashion_mnist(root, progress=False) == root / RAW
    assert d2l.verify_fashion_mnist(root) == {}
    assert _files_under(root) == sorted(
        ["FashionMNIST", str(RAW), *(str(RAW / n) for n in FILE_NAMES)]
    )


@pytest.mark.parametrize("level", [1, None])  # recompressed, or served uncompressed
def test_a_mirror_may_recompress(source, tmp_path, monkeypatch, level):
    out = tmp_path / "other"
    if level is None:
        out.mkdir()
        for name in FILE_NAMES:  # raw bytes under the .gz name
            (out / f"{name}.gz").write_bytes((source / name).read_bytes())
    else:
        _gzip_into(source, out, level)
    with serve_directory(out) as server:
        _use_mirrors(monkeypatch, server.url)
        d2l.download_fashion_mnist(tmp_path / "root", progress=False)
    assert d2l.verify_fashion_mnist(tmp_path / "root") == {}


def test_a_silent_mirror_times_out_and_the_next_one_serves(served, tmp_path, monkeypatch):
    monkeypatch.setenv(download.TIMEOUT_ENV, "0.5")
    with silent_server() as silent:
        _use_mirrors(monkeypatch, silent, served.url)
        start = time.monotonic()
        d2l.download_fashion_mnist(tmp_path / "root", progress=False)
    assert time.monotonic() - start < 4 * 0.5 + 3  # four files, one timeout each at most
    assert d2l.verify_fashion_mnist(tmp_path / "root") == {}


def test_a_mirror_that_never_answers_fails_within_the_timeout(source, tmp_path, monkeypatch):
    monkeypatch.setenv(download.TIMEOUT_ENV, "0.5")
    root = tmp_path / "root"
    root.mkdir()
    with silent_server() as silent:
        _use_mirrors(monkeypatch, silent)
        start = time.monotonic()
        with pytest.raises(
            RuntimeError,
            match=r"train-images-idx3-ubyte.gz failed from every "
            r"mirror \(http://127.0.0.1:\d+/train-images-idx3-ubyte.gz: (no "
            r"connection within|the transfer stalled: no data for) 0.5 s\)",
        ):
            d2l.download_fashion_mnist(root, progress=False)
    assert time.monotonic() - start < 5
    assert _files_under(root) == []  # no staging folder, no lock, no FashionMNIST/


def test_a_download_stalled_mid_file_fails_and_leaves_nothing(source, tmp_path, monkeypatch):
    monkeypatch.setenv(download.TIMEOUT_ENV, "0.5")
    body = gzip.compress((source / "train-images-idx3-ubyte").read_bytes())
    root = tmp_path / "root"
    root.mkdir()
    with stalling_server(body, sent=len(body) // 2) as url:
        _use_mirrors(monkeypatch, url)
        with pytest.raises(RuntimeError, match=r"the transfer stalled: no data for 0.5 s"):
            d2l.download_fashion_mnist(root, progress=False)
    assert _files_under(root) == []


def test_each_failing_mirror_is_named_with_its_reason(served, tmp_path, monkeypatch):
    served.fail["train-images-idx3-ubyte.gz"] = 404
    refused = refused_url()
    _use_mirrors(monkeypatch, refused, served.url)
    root = tmp_path / "root"
    root.mkdir()
    with pytest.raises(RuntimeError) as info:
        d2l.download_fashion_mnist(root, progress=False)
    message = str(info.value)
    assert f"{refused}train-images-idx3-ubyte.gz: could not connect" in message
    assert f"{served.url}train-images-idx3-ubyte.gz: the server answered HTTP 404" in message
    assert "d2lite data import PATH" in message  # the way out when no mirror works
    assert _files_under(root) == []


# --------------------------------------------------------------------------- one at a time


def test_staging_folders_of_killed_runs_are_removed(served, tmp_path, monkeypatch):
    _use_mirrors(monkeypatch, served.url)
    root = tmp_path / "root"
    stale = root / "FashionMNIST" / ".download-killed"
    stale.mkdir(parents=True)
    (stale / "train-images-idx3-ubyte.gz").write_bytes(b"half a file")
    d2l.download_fashion_mnist(root, progress=False)
    assert not stale.exists()
    assert _files_under(root / "FashionMNIST") == sorted(
        ["raw", *(str(Path("raw") / n) for n in FILE_NAMES)]
    )


def test_a_lock_left_by_a_dead_process_is_taken_over(served, tmp_path, monkeypatch):
    _use_mirrors(monkeypatch, served.url)
    root = tmp_path / "root"
    lock = root / "FashionMNIST" / install.LOCK_NAME
    lock.mkdir(parents=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    (lock / "owner").write_text(f"{dead.stdout.strip()} {socket.gethostname()}\n")
    d2l.download_fashion_mnist(root, progress=False)
    assert d2l.verify_fashion_mnist(root) == {} and not lock.exists()


def test_a_lock_left_without_its_owner_is_taken_over_when_old(served, tmp_path, monkeypatch):
    _use_mirrors(monkeypatch, served.url)
    root = tmp_path / "root"
    lock = root / "FashionMNIST" / install.LOCK_NAME
    lock.mkdir(parents=True)  # killed between taking the lock and saying who it is
    old = time.time() - 3600
    os.utime(lock, (old, old))
    d2l.download_fashion_mnist(root, progress=False)
    assert d2l.verify_fashion_mnist(root) == {} and not lock.exists()
    assert _files_under(root / "FashionMNIST") == sorted(
        ["raw", *(str(Path("raw") / n) for n in FILE_NAMES)]
    )


def test_a_live_lock_is_never_broken(tmp_path):
    lock = tmp_path / install.LOCK_NAME
    lock.mkdir()
    mine = f"{os.getpid()} {socket.gethostname()}\n"
    (lock / "owner").write_text(mine)
    assert not install._lock_is_stale(lock, mine)  # this process is alive
    # Found abandoned, but replaced by a live one before it is broken: it is put back.
    install._break_stale_lock(lock, "12345 elsewhere\n")
    assert (lock / "owner").read_text() == mine


def test_a_second_download_waits_for_the_first(served, tmp_path, monkeypatch, capsys):
    _use_mirrors(monkeypatch, served.url)
    root = tmp_path / "root"
    holder = root / "FashionMNIST"
    held = threading.Event()
    release = threading.Event()

    def hold():
        with install._exclusive(holder, print):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    timer = threading.Timer(0.5, release.set)
    timer.start()
    start = time.monotonic()
    d2l.download_fashion_mnist(root, progress=False)
    thread.join()
    assert time.monotonic() - start >= 0.4  # it waited for the lock
    assert "another download or import into" in capsys.readouterr().err
    assert d2l.verify_fashion_mnist(root) == {}


_DOWNLOAD_IN_A_PROCESS = """
import json, os, sys
from d2lite.data import download, idx
idx.RAW_MD5 = json.loads(os.environ["TEST_MD5"])
try:
    download.download_fashion_mnist(sys.argv[1], progress=False)
except RuntimeError as err:
    print(err, file=sys.stderr)
    sys.exit(3)
"""


def test_two_processes_one_failing_do_not_break_each_other(source, served, tmp_path):
    """The failing run's clean-up must not remove what the other needs (it once did)."""
    root = tmp_path / "root"
    failing_dir = _gzip_into(source, tmp_path / "failing")
    with serve_directory(failing_dir) as failing:
        for name in FILE_NAMES[:3]:
            failing.delay[f"{name}.gz"] = 1.5  # holds the lock while the second starts
        failing.fail["t10k-labels-idx1-ubyte.gz"] = 500  # fails after three slow files
        env = dict(os.environ, TEST_MD5=json.dumps(idx.RAW_MD5), no_proxy="127.0.0.1")
        env.pop("D2LITE_DATA", None)
        first = subprocess.Popen(
            [sys.executable, "-c", _DOWNLOAD_IN_A_PROCESS, str(root)],
            env={**env, download.MIRRORS_ENV: failing.url},
            stderr=subprocess.PIPE,
            text=True,
        )
        lock = root / "FashionMNIST" / install.LOCK_NAME
        deadline = time.monotonic() + 20
        while not lock.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        second = subprocess.Popen(
            [sys.executable, "-c", _DOWNLOAD_IN_A_PROCESS, str(root)],
            env={**env, download.MIRRORS_ENV: served.url},
            stderr=subprocess.PIPE,
            text=True,
        )
        first_err = first.communicate(timeout=60)[1]
        second_err = second.communicate(timeout=60)[1]
    assert first.returncode == 3 and "HTTP 500" in first_err
    assert second.returncode == 0, second_err
    assert "waiting for it to finish" in second_err
    assert d2l.verify_fashion_mnist(root) == {}
    assert _files_under(root / "FashionMNIST") == sorted(
        ["raw", *(str(Path("raw") / n) for n in FILE_NAMES)]
    )


def test_a_full_disk_is_reported_as_such(served, tmp_path, monkeypatch):
    _use_mirrors(monkeypatch, served.url)

    def full(source, dest, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(dest))

    monkeypatch.setattr(download, "copy_hashing", full)
    root = tmp_path / "root"
    root.mkdir()
    with pytest.raises(install.DiskFullError, match=r"the disk holding .* is full.*55 MB"):
        d2l.download_fashion_mnist(root, progress=False)
    assert _files_under(root) == []


# --------------------------------------------------------------------------- import


def test_import_a_folder_holding_the_raw_files(source, tmp_path):
    nested = tmp_path / "usb" / "course" / "FashionMNIST" / "raw"
    nested.mkdir(parents=True)
    for name in FILE_NAMES:
        (nested / name).write_bytes((source / name).read_bytes())
    root = tmp_path / "root"
    assert d2l.import_fashion_mnist(tmp_path / "usb", root=root) == root / RAW
    assert d2l.verify_fashion_mnist(root) == {}


def test_import_a_zip_of_gz_files(source, tmp_path):
    gz = _gzip_into(source, tmp_path / "gz")
    archive = tmp_path / "fashion.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in FILE_NAMES:
            z.write(gz / f"{name}.gz", f"fashion-mnist/{name}.gz")
    root = tmp_path / "root"
    d2l.import_fashion_mnist(archive, root=root)
    assert d2l.verify_fashion_mnist(root) == {}


def test_import_gz_files_given_one_by_one(source, tmp_path):
    gz = _gzip_into(source, tmp_path / "gz")
    root = tmp_path / "root"
    d2l.import_fashion_mnist(*(gz / f"{n}.gz" for n in FILE_NAMES), root=root)
    assert d2l.verify_fashion_mnist(root) == {}


def test_import_rejects_a_wrong_file_and_installs_nothing(source, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    for name in FILE_NAMES:
        (bad / name).write_bytes((source / name).read_bytes())
    swapped = bytearray((bad / "train-labels-idx1-ubyte").read_bytes())
    swapped[8], swapped[9] = swapped[9], swapped[8]  # two labels trade places
    (bad / "train-labels-idx1-ubyte").write_bytes(bytes(swapped))
    root = tmp_path / "root"
    with pytest.raises(
        ValueError,
        match=r"could not import train-labels-idx1-ubyte: .*bad/"
        r"train-labels-idx1-ubyte has md5 [0-9a-f]{32}, expected",
    ):
        d2l.import_fashion_mnist(bad, root=root)
    assert not root.exists() or _files_under(root) == []


def test_import_names_what_is_missing(source, tmp_path):
    partial = tmp_path / "partial"
    partial.mkdir()
    (partial / "train-images-idx3-ubyte").write_bytes(
        (source / "train-images-idx3-ubyte").read_bytes()
    )
    with pytest.raises(
        FileNotFoundError,
        match=r"holds no train-labels-idx1-ubyte and no "
        r"t10k-images-idx3-ubyte and no t10k-labels-idx1-ubyte",
    ):
        d2l.import_fashion_mnist(partial, root=tmp_path / "root")
    with pytest.raises(FileNotFoundError, match=r"nowhere does not exist"):
        d2l.import_fashion_mnist(tmp_path / "nowhere", root=tmp_path / "root")
    with pytest.raises(TypeError, match=r"needs at least one source"):
        d2l.import_fashion_mnist(root=tmp_path / "root")


def test_import_completes_a_partial_data_root(source, tmp_path):
    root = tmp_path / "root"
    (root / RAW).mkdir(parents=True)
    for name in FILE_NAMES[:2]:
        (root / RAW / name).write_bytes((source / name).read_bytes())
    only_test = tmp_path / "only-test"
    only_test.mkdir()
    for name in FILE_NAMES[2:]:
        (only_test / name).write_bytes((source / name).read_bytes())
    d2l.import_fashion_mnist(only_test, root=root)
    assert d2l.verify_fashion_mnist(root) == {}


def test_the_data_import_command(source, tmp_path, monkeypatch, capsys):
    gz = _gzip_into(source, tmp_path / "gz")
    root = tmp_path / "root"
    assert cli.main(["data", "status", "--data-root", str(root)]) == 0
    assert "`d2lite data import PATH` installs files downloaded by hand" in capsys.readouterr().out
    assert cli.main(["data", "import", str(gz), "--data-root", str(root)]) == 0
    out = capsys.readouterr().out
    assert f"installed {', '.join(FILE_NAMES)}; all four files are in {root / RAW}" in out
    assert cli.main(["data", "import", str(gz), "--data-root", str(root)]) == 0
    assert "already in" in capsys.readouterr().out
    assert cli.main(["data", "import", str(tmp_path / "none"), "--data-root", str(root)]) == 1
    assert "d2lite: error: " in capsys.readouterr().err


def test_import_a_damaged_zip_says_which_member_and_installs_nothing(source, tmp_path):
    archive = tmp_path / "fashion.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as z:
        for name in FILE_NAMES:
            z.write(source / name, f"fm/{name}")
    data = bytearray(archive.read_bytes())
    data[200] ^= 0xFF  # inside the first member's bytes: its CRC no longer matches
    archive.write_bytes(bytes(data))
    root = tmp_path / "root"
    with pytest.raises(
        ValueError,
        match=r"could not import train-images-idx3-ubyte: .*fashion"
        r".zip:fm/train-images-idx3-ubyte cannot be read from the .zip.*Nothing "
        r"was written",
    ):
        d2l.import_fashion_mnist(archive, root=root)
    assert not root.exists() or _files_under(root) == []


def test_import_a_file_that_is_not_a_zip(source, tmp_path):
    fake = tmp_path / "fashion.zip"
    fake.write_text("this is a web page saved under a .zip name")
    with pytest.raises(ValueError, match=r"fashion.zip is not a readable .zip file"):
        d2l.import_fashion_mnist(fake, root=tmp_path / "root")


def test_a_connection_closed_mid_file_is_named(source, tmp_path, monkeypatch):
    import http.server

    body = gzip.compress((source / "train-images-idx3-ubyte").read_bytes())

    class Short(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])  # then the connection closes

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Short)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02})
    thread.start()
    try:
        _use_mirrors(monkeypatch, f"http://127.0.0.1:{server.server_address[1]}/")
        root = tmp_path / "root"
        root.mkdir()
        with pytest.raises(
            RuntimeError,
            match=r"train-images-idx3-ubyte.gz: .*(closed after|"
            r"IncompleteRead|incomplete)",
        ):
            d2l.download_fashion_mnist(root, progress=False)
        assert _files_under(root) == []
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
