"""Files written with -o/--output get the mode a plain write would give: umask honoured."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fetch.news_pages import BODY_1, BODY_2, news_page
from tests.support.server import LocalServer, Reply

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def run(umask: int, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "jzcli", *args],
        input=input,
        capture_output=True,
        env=env,
        timeout=120,
        preexec_fn=lambda: os.umask(umask),
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_output_file_follows_the_umask(tmp_path: Path, umask: int, expected: int) -> None:
    out = tmp_path / "fixed.txt"
    result = run(umask, "fix", "-", "-o", str(out), input="一行\n".encode())
    assert result.returncode == 0, result.stderr
    assert out.read_text("utf-8") == "一行\n"
    assert mode(out) == expected


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "kept.txt"
    out.write_text("old\n", "utf-8")
    out.chmod(0o640)
    result = run(0o022, "dedupe", "-", "--output", str(out), input=b"a\nb\na\n")
    assert result.returncode == 0, result.stderr
    assert out.read_text("utf-8") == "a\nb\n"
    assert mode(out) == 0o640


def test_batch_folder_files_follow_the_umask(server: LocalServer, tmp_path: Path) -> None:
    page = news_page("农村公路建设成效显著", [BODY_1, BODY_2]).encode()
    server.route("/a.htm", Reply(page, headers={"Content-Type": "text/html; charset=utf-8"}))
    out = tmp_path / "out"
    result = run(
        0o022, "batch", "-", "-o", str(out), "--ignore-robots", "--retries", "0", "-q",
        input=(server.url("/a.htm") + "\n").encode(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    written = [p for p in out.iterdir() if p.suffix == ".md"] + [out / "manifest.jsonl"]
    assert len(written) == 2
    assert {mode(p) for p in written} == {0o644}


def test_output_to_a_fifo_writes_into_it_and_keeps_it(tmp_path: Path) -> None:
    """`-o` on a pipe (or /dev/null) writes through it: never renames a file over it."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run(0o022, "fix", "-", "-o", str(fifo), input="一行\n".encode())
    reader.join(30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still the pipe, not a regular file
    assert received == ["一行\n".encode()]
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]  # no temporary file left


def test_output_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old\n", "utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")  # relative: read from the link's folder
    before = os.stat(target).st_ino
    result = run(0o022, "fix", "-", "-o", str(link), input="新\n".encode())
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert target.read_text("utf-8") == "新\n"
    assert os.stat(target).st_ino != before  # replaced by a rename, not rewritten in place
    assert mode(target) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


def test_an_article_written_through_a_symlink_lands_in_its_target(
    server: LocalServer, tmp_path: Path
) -> None:
    page = news_page("农村公路建设成效显著", [BODY_1, BODY_2]).encode()
    server.route("/a.htm", Reply(page, headers={"Content-Type": "text/html; charset=utf-8"}))
    folder = tmp_path / "kept"
    folder.mkdir()
    target = folder / "article.md"
    target.write_text("old\n", "utf-8")
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    result = run(0o022, "fetch", server.url("/a.htm"), "-f", "md", "-o", str(link), "-q")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == target
    text = target.read_text("utf-8")
    assert "农村公路建设成效显著" in text and BODY_1[:20] in text
    assert [p.name for p in folder.iterdir()] == ["article.md"]  # no temporary file left


def test_a_dangling_symlink_makes_its_target_as_the_shell_would(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "made.txt")
    result = run(0o022, "fix", "-", "-o", str(link), input="新\n".encode())
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert (tmp_path / "made.txt").read_text("utf-8") == "新\n"
    assert mode(tmp_path / "made.txt") == 0o644


def test_a_symlink_into_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone" / "made.txt")
    result = run(0o022, "fix", "-", "-o", str(link), input="新\n".encode())
    assert result.returncode == 14, result.stderr
    assert result.stderr.decode() == (
        f"jz: error: cannot write {link}: it is a link to {tmp_path / 'gone' / 'made.txt'}, "
        "in a folder that does not exist. Create that folder, or remove the link\n"
    )
    assert link.is_symlink() and not (tmp_path / "gone").exists()


def test_output_to_a_full_device_is_an_output_error(tmp_path: Path) -> None:
    # Through a link in tmp_path, never /dev/full itself: were the link replaced by a file
    # (as root), only the link would be lost, not the device.
    full = tmp_path / "full"
    full.symlink_to("/dev/full")
    result = run(0o022, "fix", "-", "-o", str(full), input="一行\n".encode())
    assert result.returncode == 14, result.stderr
    assert result.stderr.decode().startswith(f"jz: error: cannot write {full}: ")
    assert full.is_symlink() and os.readlink(full) == "/dev/full"
    assert stat.S_ISCHR(os.stat(full).st_mode)  # the device is still there
    assert [p.name for p in tmp_path.iterdir()] == ["full"]  # no temporary file left


@pytest.mark.parametrize("command", [("fix", "-"), ("fix", "--per-line", "-"), ("dedupe", "-")])
def test_full_stdout_is_an_output_error(command: tuple[str, ...]) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "JZ_CONFIG": os.devnull}
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "jzcli", *command],
            input="一行\n二行\n".encode(),
            stdout=full,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
        )
    assert result.returncode == 14, result.stderr
    assert result.stderr.decode() == (
        "jz: error: cannot write to standard output: No space left on device. "
        "Free some space, or send the output elsewhere (-o)\n"
    )
