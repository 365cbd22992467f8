"""Fashion-MNIST from sources that lie: bombs, endless streams, web pages, stuck locks.

Every server runs on 127.0.0.1. The small test files stand in for the
published ones: their md5s and sizes replace the real ones, so the size
limits are small and a bomb is stopped after a few hundred kilobytes.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import os
import socket
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from idx_files import FILE_NAMES, md5_of, serve_directory, write_fashion_mnist

import d2lite as d2l
from d2lite import cli
from d2lite.data import download, idx, importing, install

RAW = Path("FashionMNIST") / "raw"
IMAGES = "train-images-idx3-ubyte"
BOMB_BYTES = 20 * 2**20  # 20 MiB of zeros: about 20 kB gzipped


@pytest.fixture
def source(tmp_path, monkeypatch):
    """Four small raw files counted as the published ones (md5 and size); returns their folder."""
    folder = tmp_path / "source"
    write_fashion_mnist(folder, n_train=40, n_test=16, seed=3)
    monkeypatch.setattr(idx, "RAW_MD5", {name: md5_of(folder / name) for name in FILE_NAMES})
    sizes = {name: (folder / name).stat().st_size for name in FILE_NAMES}
    monkeypatch.setattr(idx, "RAW_SIZE", sizes)
    monkeypatch.setattr(idx, "GZ_SIZE", {name: size // 2 for name, size in sizes.items()})
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.delenv(download.MIRRORS_ENV, raising=False)
    monkeypatch.delenv(download.TIMEOUT_ENV, raising=False)
    return folder


def _limit(name: str = IMAGES) -> int:
    return idx.size_limit(max(idx.RAW_SIZE[name], idx.GZ_SIZE[name]))


def _gzip_into(folder: Path, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for name in FILE_NAMES:
        (out / f"{name}.gz").write_bytes(gzip.compress((folder / name).read_bytes(), mtime=0))
    return out


def _files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _largest_written(monkeypatch, module) -> list[int]:
    """Record the size of every file `module.unpack_hashing` or `_fetch` leaves behind."""
    sizes: list[int] = []
    for attr in ("unpack_hashing", "_fetch"):
        real = getattr(module, attr, None)
        if real is None:
            continue

        def spy(*args, _real=real, **kwargs):
            dest = next(a for a in args if isinstance(a, Path) and a.suffix != ".zip")
            try:
                return _real(*args, **kwargs)
            finally:
                if dest.exists():
                    sizes.append(dest.stat().st_size)

        monkeypatch.setattr(module, attr, spy)
    return sizes


@contextlib.contextmanager
def raw_server(
    respond: Callable[[socket.socket], None], read_request: bool = True
) -> Iterator[str]:
    """Yield a base URL on 127.0.0.1 whose every request is answered by respond(connection).

    Connections are served one at a time, in a thread.
    """
    stop = threading.Event()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.05)

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(5)
                try:
                    if read_request:
                        conn.recv(65536)
                    respond(conn)
                except OSError:
                    pass  # the client hung up

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    finally:
        stop.set()
        thread.join()
        sock.close()


def _answer(body: bytes, headers: str = "") -> Callable[[socket.socket], None]:
    def respond(conn: socket.socket) -> None:
        conn.sendall(f"HTTP/1.1 200 OK\r\n{headers}\r\n".encode() + body)

    return respond


# --------------------------------------------------------------------------- size limits


def test_published_sizes_are_the_real_files():
    real = Path("/work/shared/data") / RAW
    if not real.is_dir():
        pytest.skip("the real files are not here")
    for name in FILE_NAMES:
        assert idx.RAW_SIZE[name] == (real / name).stat().st_size
    assert idx.GZ_SIZE[IMAGES] == 26421880 and idx.size_limit(100) == 100 + 1 + 65536


def test_a_gzip_bomb_from_a_mirror_stops_at_the_limit(source, tmp_path, monkeypatch):
    served = _gzip_into(source, tmp_path / "served")
    (served / f"{IMAGES}.gz").write_bytes(gzip.compress(bytes(BOMB_BYTES), compresslevel=1))
    sizes = _largest_written(monkeypatch, download)
    root = tmp_path / "root"
    root.mkdir()
    with serve_directory(served) as server:
        monkeypatch.setenv(download.MIRRORS_ENV, server.url)
        with pytest.raises(
            RuntimeError,
            match=rf"the unpacked file has more than {idx.size_limit(idx.RAW_SIZE[IMAGES])} "
            rf"bytes, the published file has {idx.RAW_SIZE[IMAGES]}: not the Fashion-MNIST",
        ):
            d2l.download_fashion_mnist(root, progress=False)
    assert sizes and max(sizes) <= _limit()  # never the 20 MiB
    assert _files_under(root) == []


def test_a_mirror_streaming_endless_bytes_is_cut_off(source, tmp_path, monkeypatch):
    sent = []

    def endless(conn):  # no Content-Length; stops at 30 MiB in case nothing cuts it off
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n")
        for _ in range(480):
            conn.sendall(bytes(65536))
            sent.append(65536)

    root = tmp_path / "root"
    root.mkdir()
    sizes = _largest_written(monkeypatch, download)
    with raw_server(endless) as url:
        monkeypatch.setenv(download.MIRRORS_ENV, url)
        with pytest.raises(
            RuntimeError, match=rf"the download has more than {_limit()} bytes, the published"
        ):
            d2l.download_fashion_mnist(root, progress=False)
    assert sizes and max(sizes) <= _limit()
    assert sum(sent) < 30 * 2**20
    assert _files_under(root) == []


def test_an_announced_length_beyond_the_limit_is_refused(source, tmp_path, monkeypatch):
    huge = f"Content-Length: {10**10}\r\n"
    with raw_server(_answer(b"x" * 1000, huge)) as url:
        monkeypatch.setenv(download.MIRRORS_ENV, url)
        with pytest.raises(RuntimeError, match=r"the server announced 10000000000 bytes, more"):
            d2l.download_fashion_mnist(tmp_path / "root", progress=False)


@pytest.mark.parametrize("announced_share", [0.5, 2.0])
def test_a_lying_content_length_is_named(source, tmp_path, monkeypatch, announced_share):
    body = gzip.compress((source / IMAGES).read_bytes())
    announced = int(len(body) * announced_share)
    headers = f"Content-Length: {announced}\r\nConnection: close\r\n"
    with raw_server(_answer(body, headers)) as url:
        monkeypatch.setenv(download.MIRRORS_ENV, url)
        with pytest.raises(RuntimeError) as info:
            d2l.download_fashion_mnist(tmp_path / "root", progress=False)
    message = str(info.value)
    assert f"the server announced {announced} bytes but sent {len(body)}" in message
    assert "gzip" not in message.split("failed from every mirror")[1].split(")")[0]


def test_a_server_keeping_the_connection_open_after_the_body_works(source, tmp_path, monkeypatch):
    bodies = {f"{n}.gz": gzip.compress((source / n).read_bytes()) for n in FILE_NAMES}
    held = []

    def keep_open(conn):  # ignores "Connection: close": the body, then silence
        request = conn.recv(65536).decode()
        body = bodies[request.split()[1].rsplit("/", 1)[-1]]
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
        held.append(conn.dup())  # the connection stays open after this returns

    monkeypatch.setenv(download.TIMEOUT_ENV, "0.2")
    try:
        with raw_server(keep_open, read_request=False) as url:
            monkeypatch.setenv(download.MIRRORS_ENV, url)
            d2l.download_fashion_mnist(tmp_path / "root", progress=False)
    finally:
        for conn in held:
            conn.close()
    assert d2l.verify_fashion_mnist(tmp_path / "root") == {}


def test_a_zip_bomb_import_stops_at_the_limit(source, tmp_path, monkeypatch):
    bomb = tmp_path / "fashion.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(IMAGES, bytes(BOMB_BYTES))
        for name in FILE_NAMES[1:]:
            z.write(source / name, name)
    sizes = _largest_written(monkeypatch, importing)
    limit = idx.size_limit(idx.RAW_SIZE[IMAGES])
    with pytest.raises(
        ValueError,
        match=rf"fashion.zip:{IMAGES} unpacked has more than {limit} bytes, the published "
        rf"file has {idx.RAW_SIZE[IMAGES]}: not the Fashion-MNIST file",
    ):
        d2l.import_fashion_mnist(bomb, root=tmp_path / "root")
    assert sizes and max(sizes) <= limit
    assert not (tmp_path / "root").exists() or _files_under(tmp_path / "root") == []


def _others(source: Path) -> list[Path]:
    return [source / name for name in FILE_NAMES if name != IMAGES]


def test_a_gzip_bomb_import_stops_at_the_limit(source, tmp_path, monkeypatch):
    bomb = tmp_path / f"{IMAGES}.gz"
    bomb.write_bytes(gzip.compress(bytes(BOMB_BYTES), compresslevel=1))
    sizes = _largest_written(monkeypatch, importing)
    with pytest.raises(ValueError, match=r"unpacked has more than \d+ bytes, the published"):
        d2l.import_fashion_mnist(bomb, *_others(source), root=tmp_path / "root")
    assert sizes and max(sizes) <= idx.size_limit(idx.RAW_SIZE[IMAGES])


def test_importing_a_huge_sparse_file_stops_at_the_limit(source, tmp_path, monkeypatch):
    fake = tmp_path / "fake" / IMAGES
    fake.parent.mkdir()
    with open(fake, "wb") as f:
        f.truncate(200 * 2**20)  # 200 MiB of zeros, taking no disk space
    sizes = _largest_written(monkeypatch, importing)
    with pytest.raises(ValueError, match=rf"{IMAGES} unpacked has more than \d+ bytes"):
        d2l.import_fashion_mnist(fake, *_others(source), root=tmp_path / "root")
    assert sizes and max(sizes) <= idx.size_limit(idx.RAW_SIZE[IMAGES])


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_importing_dev_zero_stops(source, tmp_path):
    endless = tmp_path / f"{IMAGES}.gz"
    endless.symlink_to("/dev/zero")
    start = time.monotonic()
    with pytest.raises(ValueError, match=r"unpacked has more than \d+ bytes"):
        d2l.import_fashion_mnist(endless, *_others(source), root=tmp_path / "root")
    assert time.monotonic() - start < 5


# --------------------------------------------------------------------------- web pages


@pytest.mark.parametrize(
    "body, headers",
    [
        (b"<p>Please log in</p>", "Content-Type: text/html; charset=utf-8\r\n"),
        (b"\r\n  <!DOCTYPE html><html><body>Log in</body></html>", ""),
        (b"<HTML><body>Welcome to CampusNet</body></HTML>", "Content-Type: text/plain\r\n"),
    ],
)
def test_a_captive_portal_page_is_named(source, tmp_path, monkeypatch, body, headers):
    headers += f"Content-Length: {len(body)}\r\nConnection: close\r\n"
    root = tmp_path / "root"
    root.mkdir()
    with raw_server(_answer(body, headers)) as url:
        monkeypatch.setenv(download.MIRRORS_ENV, url)
        with pytest.raises(RuntimeError) as info:
            d2l.download_fashion_mnist(root, progress=False)
    message = str(info.value)
    assert "the mirror returned a web page, not the file: a login page of a campus" in message
    assert "`d2lite data import PATH`" in message and "checksum mismatch" not in message
    assert _files_under(root) == []


# --------------------------------------------------------------------------- mirror list


@pytest.mark.parametrize("value", [",", " , ,"])
def test_a_mirror_list_without_urls_is_refused_up_front(source, tmp_path, monkeypatch, value):
    monkeypatch.setenv(download.MIRRORS_ENV, value)
    with pytest.raises(ValueError, match=rf"D2LITE_FASHION_MNIST_MIRRORS is set to '{value}'"):
        download.fashion_mnist_mirrors()
    with pytest.raises(ValueError, match=r"lists no URL"):
        d2l.download_fashion_mnist(tmp_path / "root", progress=False)
    assert not (tmp_path / "root").exists()


def test_url_schemes_are_case_insensitive(source, tmp_path, monkeypatch):
    with serve_directory(_gzip_into(source, tmp_path / "served")) as server:
        upper = "HTTP://" + server.url.removeprefix("http://")
        monkeypatch.setenv(download.MIRRORS_ENV, upper)
        assert download.fashion_mnist_mirrors() == [upper]
        d2l.download_fashion_mnist(tmp_path / "root", progress=False)
    assert d2l.verify_fashion_mnist(tmp_path / "root") == {}


# --------------------------------------------------------------------------- locks, rights


def _abandoned_lock(root: Path) -> Path:
    lock = root / "FashionMNIST" / install.LOCK_NAME
    lock.mkdir(parents=True)  # no owner file, and old: abandoned
    old = time.time() - 3 * install._OWNERLESS_LOCK_SECONDS
    os.utime(lock, (old, old))
    return lock


def _failing_rename(monkeypatch, error: OSError) -> list[int]:
    calls: list[int] = []

    def rename(src, dst):
        calls.append(1)
        if len(calls) > 200:
            raise AssertionError("busy loop: the lock was tried 200 times")
        raise error

    monkeypatch.setattr(install.os, "rename", rename)
    return calls


def _counting_sleep(monkeypatch) -> list[float]:
    slept: list[float] = []
    real = time.sleep

    def sleep(seconds):
        slept.append(seconds)
        real(seconds)

    monkeypatch.setattr(install.time, "sleep", sleep)
    return slept


def test_a_stuck_lock_is_waited_on_with_sleeps_then_an_error(source, tmp_path, monkeypatch):
    lock = _abandoned_lock(tmp_path / "root")
    calls = _failing_rename(monkeypatch, PermissionError(errno.EPERM, "Operation not permitted"))
    slept = _counting_sleep(monkeypatch)
    said = []
    monkeypatch.setattr(install, "STUCK_LOCK_SECONDS", 0.6)
    monkeypatch.setattr(install, "stderr_line", said.append)
    monkeypatch.setattr(download, "stderr_line", said.append)
    monkeypatch.setenv(download.MIRRORS_ENV, "http://127.0.0.1:9/")
    start = time.monotonic()
    with pytest.raises(PermissionError, match=rf"rm -r {lock}"):
        d2l.load_data_fashion_mnist(8, root=tmp_path / "root", progress=False)
    assert time.monotonic() - start < 3
    assert len(slept) >= 2 and sum(slept) >= 0.5 and len(calls) <= len(slept) + 1
    assert len(said) == 1 and f"rm -r {lock}" in said[0]  # said once, how to clear it


def test_a_stuck_lock_on_a_read_only_root_is_an_error_at_once(source, tmp_path, monkeypatch):
    lock = _abandoned_lock(tmp_path / "root")
    _failing_rename(monkeypatch, OSError(errno.EROFS, "Read-only file system"))
    monkeypatch.setenv(download.MIRRORS_ENV, "http://127.0.0.1:9/")
    start = time.monotonic()
    with pytest.raises(PermissionError) as info:
        d2l.download_fashion_mnist(tmp_path / "root", progress=False)
    assert time.monotonic() - start < 2
    message = str(info.value)
    assert str(lock) in message and "Read-only file system" in message
    assert "[Errno" not in message and "D2LITE_DATA" in message


@pytest.mark.parametrize(
    "error",
    [PermissionError(errno.EACCES, "Permission denied"), OSError(errno.EROFS, "Read-only")],
)
def test_a_data_root_that_cannot_be_written_is_named(source, tmp_path, monkeypatch, error):
    root = tmp_path / "shared"
    (root / "FashionMNIST").mkdir(parents=True)
    real_mkdir = os.mkdir
    fetched = []

    def mkdir(path, *args, **kwargs):
        if Path(path).name == install.LOCK_NAME:
            raise type(error)(error.errno, error.strerror, str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(install.os, "mkdir", mkdir)
    monkeypatch.setattr(download, "_fetch", lambda *a, **k: fetched.append(a))
    monkeypatch.setenv(download.MIRRORS_ENV, "http://127.0.0.1:9/")
    with pytest.raises(PermissionError) as info:
        d2l.load_data_fashion_mnist(8, root=root, progress=False)
    message = str(info.value)
    assert f"the data root {root} cannot be written" in message
    assert "Set the environment variable D2LITE_DATA" in message
    assert "[Errno" not in message and not fetched
    code = cli.main(["data", "download", "--data-root", str(root)])
    assert code == 1


def test_a_file_named_raw_is_named_before_downloading(source, tmp_path, monkeypatch):
    raw = tmp_path / "root" / RAW
    raw.parent.mkdir(parents=True)
    raw.write_text("in the way")
    fetched = []
    monkeypatch.setattr(download, "_fetch", lambda *a, **k: fetched.append(a))
    monkeypatch.setenv(download.MIRRORS_ENV, "http://127.0.0.1:9/")
    with pytest.raises(FileExistsError, match=rf"{raw} is a file, not a folder") as info:
        d2l.download_fashion_mnist(tmp_path / "root", progress=False)
    assert "[Errno" not in str(info.value) and not fetched


# --------------------------------------------------------------------------- import hints


def test_import_recognises_browser_names_and_upper_case(source, tmp_path):
    folder = tmp_path / "Downloads"
    folder.mkdir()
    for i, name in enumerate(FILE_NAMES):
        saved = [f"{name} (1).gz", f"{name.upper()}.GZ", f"{name}(2).gz", name.title()][i]
        (folder / saved).write_bytes(gzip.compress((source / name).read_bytes()))
    d2l.import_fashion_mnist(folder, root=tmp_path / "root")
    assert d2l.verify_fashion_mnist(tmp_path / "root") == {}


def test_import_searches_a_zip_inside_a_folder(source, tmp_path):
    folder = tmp_path / "Downloads"
    folder.mkdir()
    with zipfile.ZipFile(folder / "fashion-mnist.zip", "w") as z:
        for name in FILE_NAMES:
            z.write(source / name, f"data\\fashion\\{name}")  # written on Windows
    (folder / "broken.zip").write_text("not a zip")
    d2l.import_fashion_mnist(folder, root=tmp_path / "root")
    assert d2l.verify_fashion_mnist(tmp_path / "root") == {}


def test_import_handles_backslashes_in_a_zip(source, tmp_path):
    archive = tmp_path / "fashion.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in FILE_NAMES:
            z.writestr(f"fashion-mnist\\{name}.gz", gzip.compress((source / name).read_bytes()))
    d2l.import_fashion_mnist(archive, root=tmp_path / "root")
    assert d2l.verify_fashion_mnist(tmp_path / "root") == {}


# --------------------------------------------------------------------------- resize


@pytest.mark.parametrize(
    "resize, match",
    [(4096, r"resize must be at most 1024 pixels, got 4096"), ((28, 5000), r"resize\[1\]")],
)
def test_a_huge_resize_is_refused_up_front(tmp_path, resize, match):
    with pytest.raises(ValueError, match=match):
        d2l.load_data_fashion_mnist(8, resize, root=tmp_path, download=False)


class _FakeKernel32:
    """The three kernel32 calls the Windows liveness test makes, for processes listed here."""

    def __init__(self, running: dict[int, int]):
        self.running = running  # pid -> exit code (259 = still active)
        self.closed: list[int] = []
        self.error = 0

    def OpenProcess(self, access, inherit, pid):  # noqa: N802 (the Windows API's name)
        if pid not in self.running:
            self.error = 87  # ERROR_INVALID_PARAMETER: no such process
            return 0
        return 1000 + pid

    def GetExitCodeProcess(self, handle, code_ref):  # noqa: N802
        code_ref._obj.value = self.running[handle - 1000]
        return 1

    def CloseHandle(self, handle):  # noqa: N802
        self.closed.append(handle)
        return 1


def test_windows_asks_the_kernel_whether_a_lock_owner_runs(monkeypatch):
    from d2lite.data import install

    kernel = _FakeKernel32({10: 259, 11: 0})
    assert not install._windows_process_ended(10, kernel, lambda: kernel.error)  # running
    assert install._windows_process_ended(11, kernel, lambda: kernel.error)  # exited
    assert install._windows_process_ended(12, kernel, lambda: kernel.error)  # no such id
    assert kernel.closed == [1010, 1011]
    denied = _FakeKernel32({})
    denied.OpenProcess = lambda *args: 0  # access denied (error 5): never a guess
    assert not install._windows_process_ended(13, denied, lambda: 5)

    # On "Windows" the POSIX call is never made: os.kill(pid, 0) there would stop the process.
    monkeypatch.setattr(install.sys, "platform", "win32")
    monkeypatch.setattr(install.os, "kill", lambda *a: pytest.fail("os.kill on Windows"))
    monkeypatch.setattr(install, "_windows_process_ended", lambda pid: pid == 12)
    assert install._process_ended(12) and not install._process_ended(10)

    def no_ctypes(pid):
        raise AttributeError("windll")

    monkeypatch.setattr(install, "_windows_process_ended", no_ctypes)
    assert install._process_ended(12) is False  # cannot tell: the lock's age decides
