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
