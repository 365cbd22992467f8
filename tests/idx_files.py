"""Test helpers: write small Fashion-MNIST-style IDX files, and serve files over local HTTP.

`write_fashion_mnist(raw_dir)` writes the four raw files with a few random
images; `serve_directory(folder)` runs an HTTP server on 127.0.0.1 (port 0,
in a thread) whose `fail` dict makes chosen files answer with an error status.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import http.server
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

FILE_NAMES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)


def idx_bytes(array: np.ndarray, magic: int | None = None) -> bytes:
    """Return `array` (uint8) as an IDX file: magic number, big-endian dims, then the bytes."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    if magic is None:
        magic = 0x0800 + array.ndim
    header = struct.pack(f">I{array.ndim}I", magic, *array.shape)
    return header + array.tobytes()


def write_idx(path: Path, array: np.ndarray, magic: int | None = None) -> Path:
    """Write `array` as an IDX file at `path` and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(idx_bytes(array, magic))
    return path


def write_fashion_mnist(
    raw_dir: Path, n_train: int = 30, n_test: int = 12, seed: int = 0, size: int = 28
) -> dict[str, np.ndarray]:
    """Write the four raw files with random images and labels 0..9; return the arrays by name."""
    rng = np.random.default_rng(seed)
    arrays = {
        "train-images-idx3-ubyte": rng.integers(0, 256, (n_train, size, size), dtype=np.uint8),
        "train-labels-idx1-ubyte": rng.integers(0, 10, n_train, dtype=np.uint8),
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, size, size), dtype=np.uint8),
        "t10k-labels-idx1-ubyte": rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    for name, array in arrays.items():
        write_idx(raw_dir / name, array)
    return arrays


def md5_of(path: Path) -> str:
    """Return the md5 hex digest of a file."""
    return hashlib.md5(path.read_bytes()).hexdigest()


def gzip_files(raw_dir: Path, out_dir: Path) -> list[tuple[str, str]]:
    """Gzip each raw file into out_dir; return [(name.gz, md5 of the .gz)] like torchvision's."""
    out_dir.mkdir(parents=True, exist_ok=True)
    resources = []
    for name in FILE_NAMES:
        archive = out_dir / f"{name}.gz"
        archive.write_bytes(gzip.compress((raw_dir / name).read_bytes(), mtime=0))
        resources.append((archive.name, md5_of(archive)))
    return resources


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Return {relative path: (mode, size, mtime_ns)} for everything under `folder`, itself too.

    A folder's mtime changes whenever an entry is created or removed in it, so
    equal snapshots mean nothing was written, not even a temporary file.
    """
    entries = {}
    for path in [folder, *folder.rglob("*")]:
        st = path.stat()
        entries[str(path.relative_to(folder))] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return entries


class _Handler(http.server.SimpleHTTPRequestHandler):
    fail: dict[str, int]
    delay: dict[str, float]

    def do_GET(self) -> None:  # noqa: N802 -- the name http.server calls
        name = self.path.rsplit("/", 1)[-1]
        if name in self.delay:
            time.sleep(self.delay[name])
        if name in self.fail:
            self.send_error(self.fail[name])
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # keep test output clean


class LocalServer:
    """An HTTP server for `directory` on 127.0.0.1; `url` ends with '/'."""

    def __init__(self, directory: Path) -> None:
        self.fail: dict[str, int] = {}
        self.delay: dict[str, float] = {}
        handler = functools.partial(
            type("Handler", (_Handler,), {"fail": self.fail, "delay": self.delay}),
            directory=str(directory),
        )
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"
        # A short poll interval makes shutdown() return quickly at the end of each test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[LocalServer]:
    """Serve `directory` over HTTP on 127.0.0.1 for the duration of the block."""
    with LocalServer(directory) as server:
        yield server


def refused_url() -> str:
    """Return an http URL on 127.0.0.1 where nothing listens, so connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@contextlib.contextmanager
def silent_server() -> Iterator[str]:
    """Yield an http URL on 127.0.0.1 that accepts connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)  # the kernel completes the handshake; nobody ever reads or replies
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"


@contextlib.contextmanager
def stalling_server(body: bytes, sent: int) -> Iterator[str]:
    """Yield a URL whose every file announces len(body) bytes, sends `sent` of them, then stalls."""
    stop = threading.Event()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.05)
    connections = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            connections.append(conn)
            conn.recv(65536)
            header = f"HTTP/1.0 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            conn.sendall(header + body[:sent])

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    finally:
        stop.set()
        thread.join()
        for conn in connections:
            conn.close()
        sock.close()
