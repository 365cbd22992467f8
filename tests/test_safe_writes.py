"""Writing into a learner's folders: no writes through links, backups on --force, checks first.

`d2lite notebooks DEST` and `d2lite train --out PNG` write into folders that
hold a learner's own files. These tests put links, folders and edited
notebooks at the names d2lite writes, and check that nothing outside DEST is
touched, that `--force` keeps what it replaces, and that a blocked name is
reported before anything is written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import IS_ROOT

from d2lite import classroom, cli, files, handout

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_dangling_link_at_a_notebook_name_is_refused(tmp_path, capsys):
    dest = tmp_path / "d"
    dest.mkdir()
    (dest / NAMES[0]).symlink_to(Path("..") / "elsewhere" / "x.txt")
    (tmp_path / "elsewhere").mkdir()
    assert cli.main(["notebooks", str(dest), "--student"]) == 1
    err = capsys.readouterr().err
    assert f"{dest / NAMES[0]} is a symbolic link (to ../elsewhere/x.txt)" in err
    assert "nothing was copied" in err and "Remove or rename it" in err
    assert not (tmp_path / "elsewhere" / "x.txt").exists()  # no file created outside DEST
    assert _listing(dest) == [NAMES[0]]  # and none inside it


def test_force_never_writes_through_a_link(tmp_path, capsys):
    dest = tmp_path / "d"
    dest.mkdir()
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    (dest / NAMES[0]).symlink_to(outside)
    assert cli.main(["notebooks", str(dest), "--force"]) == 1
    err = capsys.readouterr().err
    assert f"{dest / NAMES[0]} is a symbolic link (to {outside})" in err
    assert outside.read_text() == "keep me"
    assert (dest / NAMES[0]).is_symlink() and _listing(dest) == [NAMES[0]]


def test_a_link_to_the_destination_folder_is_fine(tmp_path, capsys):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "dest").symlink_to(real)
    assert cli.main(["notebooks", str(tmp_path / "dest")]) == 0
    assert _listing(real) == NAMES


def test_force_keeps_a_backup_of_each_changed_notebook(tmp_path, capsys):
    dest = tmp_path / "class"
    assert cli.main(["notebooks", str(dest)]) == 0
    (dest / NAMES[0]).write_text("my own work")
    capsys.readouterr()
    assert cli.main(["notebooks", str(dest), "--force"]) == 0
    out = capsys.readouterr().out
    backups = sorted(dest.glob("*.bak-*"))
    assert len(backups) == 1  # the unchanged notebooks are replaced without a backup
    assert re.fullmatch(re.escape(NAMES[0]) + r"\.bak-\d{8}-\d{6}", backups[0].name)
    assert backups[0].read_text() == "my own work"
    assert (dest / NAMES[0]).read_bytes() == (NOTEBOOKS / NAMES[0]).read_bytes()
    lines = [line for line in out.splitlines() if line.startswith("kept")]
    assert lines == [f"kept a backup of the changed {NAMES[0]} as {backups[0].name}"]

    # A second --force in the same second does not overwrite the first backup.
    (dest / NAMES[0]).write_text("more work")
    copied = handout.copy_notebooks(dest, force=True)
    assert [(t.name, b.read_text()) for t, b in copied.backups] == [(NAMES[0], "more work")]
    assert backups[0].read_text() == "my own work"
    assert copied == [dest / name for name in NAMES]  # still the list of files written


def test_the_refusal_names_both_ways_out(tmp_path, capsys):
    dest = tmp_path / "class"
    assert cli.main(["notebooks", str(dest)]) == 0
    capsys.readouterr()
    assert cli.main(["notebooks", str(dest), "--student"]) == 1
    err = capsys.readouterr().err
    assert "nothing was copied, so any work in them is safe" in err
    assert f"Choose another folder, e.g. {tmp_path / 'class-2'}" in err and "--force" not in err


def test_a_folder_at_a_notebook_name_stops_everything_before_writing(tmp_path, capsys):
    dest = tmp_path / "class"
    (dest / NAMES[-1]).mkdir(parents=True)
    assert cli.main(["notebooks", str(dest), "--force"]) == 1
    err = capsys.readouterr().err
    assert f"{dest / NAMES[-1]} is a folder" in err and "Errno" not in err
    assert "nothing was copied" in err and "choose another folder" in err
    assert _listing(dest) == [NAMES[-1]]  # none of the others was written


@pytest.mark.parametrize("link", [False, True])
def test_a_file_in_the_way_of_dest(tmp_path, capsys, link):
    blocker = tmp_path / "notes"
    if link:
        blocker.symlink_to(tmp_path / "missing")
    else:
        blocker.write_text("notes")
    dest = blocker / "class" if not link else blocker
    assert cli.main(["notebooks", str(dest)]) == 1
    err = capsys.readouterr().err
    assert f"{blocker} is " in err and "in the way of the folder" in err
    assert "Errno" not in err and "Choose another folder" in err
    assert _listing(tmp_path) == ["notes"]


def test_a_folder_that_cannot_be_written(tmp_path, capsys, monkeypatch):
    dest = tmp_path / "class"
    dest.mkdir()
    dest.chmod(0o555)
    if IS_ROOT:  # root may write anyway: make the probe fail as it would for others

        def refuse(folder):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(files, "_probe_write", refuse, raising=False)
    try:
        assert cli.main(["notebooks", str(dest)]) == 1
    finally:
        dest.chmod(0o755)
    err = capsys.readouterr().err
    assert f"cannot write into the folder {dest} (Permission denied)" in err
    assert "Errno" not in err and _listing(dest) == []


def test_the_folder_in_the_jupyter_command_is_quoted(tmp_path, capsys):
    dest = tmp_path / "my class"
    assert cli.main(["notebooks", str(dest)]) == 0
    assert f"-m jupyterlab '{dest}'" in capsys.readouterr().out
    assert classroom.shell_quote("C:\\my class", windows=True) == '"C:\\my class"'
    assert classroom.shell_quote("/tmp/plain", windows=False) == "/tmp/plain"


def test_write_file_replaces_a_link_not_its_target(tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("keep")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    files.write_file(link, b"new")
    assert not link.is_symlink() and link.read_bytes() == b"new"
    assert target.read_text() == "keep"
    with pytest.raises(FileExistsError):
        files.write_new_file(link, b"again")
    assert _listing(tmp_path) == ["link.txt", "target.txt"]  # no temporary file left


def test_write_file_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "nb.ipynb"
    path.write_text("old")

    def fail(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", fail)
    with pytest.raises(OSError, match="No space left"):
        files.write_file(path, b"new")
    assert path.read_text() == "old" and _listing(tmp_path) == ["nb.ipynb"]


def _matplotlib_png(path: Path) -> None:
    from matplotlib.figure import Figure

    Figure(figsize=(1, 1)).savefig(path, format="png")


def test_check_image_path_refuses_a_link(tmp_path):
    dangling = tmp_path / "plot.png"
    dangling.symlink_to(tmp_path / "elsewhere" / "x.png")
    with pytest.raises(ValueError, match=r"plot.png is a symbolic link \(to .*x.png\)"):
        files.check_image_path(dangling)
    earlier = tmp_path / "earlier.png"
    _matplotlib_png(earlier)  # an image of ours: replaced if named directly ...
    assert files.check_image_path(earlier) == earlier
    link = tmp_path / "curves.png"
    link.symlink_to(earlier)  # ... but never through a link
    with pytest.raises(ValueError, match="is a symbolic link"):
        files.check_image_path(tmp_path / "curves")


def test_train_refuses_a_link_at_out_before_training(tmp_path, capsys):
    target = tmp_path / "elsewhere.png"
    _matplotlib_png(target)
    before = target.read_bytes()
    link = tmp_path / "plot.png"
    link.symlink_to(target)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["train", "linear-scratch", "--epochs", "1", "--out", str(link)])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert f"argument --out: {link} is a symbolic link" in " ".join(captured.err.split())
    assert "epoch" not in captured.out  # refused before any training
    assert target.read_bytes() == before and link.is_symlink()


def test_saving_a_figure_replaces_a_link_and_leaves_its_target(tmp_path):
    from matplotlib.figure import Figure

    from d2lite.plotting import save_figure

    target = tmp_path / "elsewhere.txt"
    target.write_text("not a plot\n")
    link = tmp_path / "curves.png"
    link.symlink_to(target)
    fig = Figure()
    fig.gca().plot([0, 1], [1, 0])
    save_figure(fig, link)
    assert target.read_text() == "not a plot\n"
    assert not link.is_symlink() and link.read_bytes().startswith(b"\x89PNG")
