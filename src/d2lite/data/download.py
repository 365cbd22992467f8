"""Downloading Fashion-MNIST with torchvision's mirrors, checksums and download code.

Files go to a staging folder beside the destination first and are moved into
place only when every needed file has arrived and passed its checks, so a
failed or interrupted download leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from d2lite.data.idx import RAW_SUBDIR, check_header, how_to_get_files, md5sum, verify_fashion_mnist
from d2lite.data.root import root_and_source

# --------------------------------------------------------------------------- download


@contextlib.contextmanager
def _torchvision_progress(enabled: bool, desc: str) -> Iterator[None]:
    """Label torchvision's download progress bar, or switch it off.

    torchvision draws it with the `tqdm` its download module imported and offers
    no switch, so that name is swapped for the duration of one file's download.
    """
    import torchvision.datasets.utils as tv_utils

    original = getattr(tv_utils, "tqdm", None)
    if original is None:  # another torchvision layout: keep its default bar
        yield
        return
    tv_utils.tqdm = functools.partial(original, desc=desc, disable=not enabled)
    try:
        yield
    finally:
        tv_utils.tqdm = original


def _why_download_failed(err: BaseException, partial: Path, md5: str) -> str:
    from urllib.error import HTTPError, URLError

    if isinstance(err, HTTPError):
        return f"the server answered HTTP {err.code} {err.reason}"
    if isinstance(err, URLError):
        return f"could not connect ({err.reason})"
    if partial.is_file():
        got = md5sum(partial)
        if got != md5:
            return f"checksum mismatch: the download has md5 {got}, expected {md5}"
    return f"{type(err).__name__}: {err}"


def _remove_created_dirs(created: list[Path]) -> None:
    for folder in reversed(created):  # deepest first; only folders left empty go
        with contextlib.suppress(OSError):
            folder.rmdir()


def download_fashion_mnist(
    root: str | os.PathLike[str] | None = None, *, progress: bool = True
) -> Path:
    """Download the raw files that are missing or wrong into <root>/FashionMNIST/raw/.

    Uses torchvision's FashionMNIST mirrors and .gz checksums and its download
    code (`download_and_extract_archive`). Files go to a temporary folder first
    and are moved into place only when every needed file has downloaded, passed
    its checksum and has a valid IDX header; on any failure the temporary files
    (and folders this call created) are removed and RuntimeError says why.
    Nothing is written when all four files are already right. `progress` shows
    tqdm bars on stderr. Returns the folder holding the four files.
    """
    if not isinstance(progress, bool):
        raise TypeError(f"progress must be True or False, got {progress!r}")
    root_path, source = root_and_source(root)
    folder = root_path / RAW_SUBDIR
    problems = verify_fashion_mnist(root_path)
    if not problems:
        return folder

    from torchvision.datasets import FashionMNIST
    from torchvision.datasets.utils import download_and_extract_archive

    help_text = how_to_get_files(folder, root_path, source)
    created = [p for p in (*reversed(folder.parents), folder) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Same file system as the destination, so the final move is an atomic rename.
        staging = Path(tempfile.mkdtemp(prefix=".download-", dir=folder.parent))
    except OSError as err:
        _remove_created_dirs(created)
        raise RuntimeError(
            f"could not download Fashion-MNIST: cannot write into {folder} "
            f"({err.strerror or err}). {help_text}"
        ) from None
    try:
        failures = []
        for archive, md5 in FashionMNIST.resources:
            name = archive.removesuffix(".gz")
            if name not in problems:
                continue
            tried = []
            for mirror in FashionMNIST.mirrors:
                url = f"{mirror}{archive}"
                try:
                    with _torchvision_progress(progress, archive):
                        download_and_extract_archive(
                            url, download_root=staging, filename=archive, md5=md5
                        )
                    check_header(staging / name)
                except ValueError as err:
                    tried.append(f"{url}: the file is not valid ({err})")
                except Exception as err:  # any cause: each is reported in the error below
                    tried.append(f"{url}: {_why_download_failed(err, staging / archive, md5)}")
                else:
                    break
                with contextlib.suppress(FileNotFoundError):
                    (staging / archive).unlink()
            else:
                failures.append(f"{archive} ({'; '.join(tried)})")
                break  # the set is useless without this file; stop here
        if failures:
            raise RuntimeError(
                f"could not download Fashion-MNIST into {folder}: {'; '.join(failures)}. "
                f"Nothing was written there. {help_text}"
            )
        for name in problems:
            os.replace(staging / name, folder / name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_created_dirs(created)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    return folder
