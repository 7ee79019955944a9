"""write_atomic: what it does with a link, pipe or device at the name, in a folder and for -o."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from jzcli.batch.files import TEMP_PREFIX, write_atomic
from jzcli.errors import DiskFullError, OutputError

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symlinks, pipes and devices")


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_link_in_a_folder_is_replaced_and_its_target_left_alone(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("my private notes\n", "utf-8")
    secret.chmod(0o600)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").symlink_to(secret)
    write_atomic(out / "a.md", b"article\n")
    assert not (out / "a.md").is_symlink()
    assert (out / "a.md").read_bytes() == b"article\n"
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(out / "a.md").st_mode) == 0o666 & ~umask  # not the target's
    assert secret.read_text("utf-8") == "my private notes\n"


def test_a_pipe_in_a_folder_is_replaced_without_waiting_for_a_reader(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.md")
    writer = threading.Thread(
        target=write_atomic, args=(tmp_path / "a.md", [b"art", b"icle\n"]), daemon=True
    )
    writer.start()
    writer.join(60)  # a write into the pipe would block here for ever
    assert not writer.is_alive()
    assert stat.S_ISREG(os.lstat(tmp_path / "a.md").st_mode)
    assert (tmp_path / "a.md").read_bytes() == b"article\n"


def test_a_device_reached_through_a_link_is_written_in_place(tmp_path: Path) -> None:
    null = tmp_path / "null"
    null.symlink_to("/dev/null")
    write_atomic(null, b"gone\n", through=True)
    assert os.readlink(null) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    full = tmp_path / "full"
    full.symlink_to("/dev/full")
    with pytest.raises(DiskFullError, match=f"^cannot write {full}: No space left on device"):
        write_atomic(full, [b"one\n", b"two\n"], through=True)
    assert os.readlink(full) == "/dev/full"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert names(tmp_path) == ["full", "null"]  # no temporary file left


def test_a_pipe_given_through_is_written_into(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, b"line\n", through=True)
    reader.join(60)
    assert received == [b"line\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_chain_of_relative_links_is_followed_to_its_file(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    target = tmp_path / "a" / "b" / "real.txt"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    (tmp_path / "a" / "mid").symlink_to("b/real.txt")
    (tmp_path / "first").symlink_to("a/mid")
    inode = os.stat(target).st_ino
    write_atomic(tmp_path / "first", b"new\n", through=True)
    assert os.readlink(tmp_path / "first") == "a/mid"
    assert os.readlink(tmp_path / "a" / "mid") == "b/real.txt"
    assert target.read_bytes() == b"new\n"
    assert os.stat(target).st_ino != inode  # renamed into place: all or nothing
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert not any(p.name.startswith(TEMP_PREFIX) for p in tmp_path.rglob("*"))


def test_a_dangling_link_makes_its_file_only_where_its_folder_exists(tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to("made.txt")
    write_atomic(link, b"new\n", through=True)
    assert link.is_symlink() and (tmp_path / "made.txt").read_bytes() == b"new\n"
    away = tmp_path / "away"
    away.symlink_to(tmp_path / "missing" / "made.txt")
    with pytest.raises(OutputError, match="in a folder that does not exist"):
        write_atomic(away, b"new\n", through=True)
    assert away.is_symlink() and not (tmp_path / "missing").exists()


def test_a_loop_of_links_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(OutputError, match=f"^cannot write {tmp_path / 'a'}: "):
        write_atomic(tmp_path / "a", b"x", through=True)
    assert names(tmp_path) == ["a", "b"]
    assert os.readlink(tmp_path / "a") == "b"
