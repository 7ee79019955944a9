"""A `jz` started with stdout or stderr closed (`>&-`, `2>&-`): a one-line error or the
usual result, never an internal error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.batch.helpers import article_files
from tests.batch.site import NewsSite
from tests.support.server import LocalServer
from tests.warc.archives import article_records, sample_pages, write_warc

ENV = {**os.environ, "JZ_CONFIG": os.devnull, "NO_COLOR": "1"}
PAGE = b"<html><body><article><p>" + b"A paragraph of the story, long enough. " * 8
PAGE += b"</p></article></body></html>"


def _jz(args: list[str], closed: int, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "jzcli", *args],
        capture_output=True,
        preexec_fn=lambda: os.close(closed),
        env=ENV,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize("command", ["fix", "dedupe", "clean"])
def test_a_closed_stdout_is_one_line_and_exit_14(command: str, tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("你好，世界。\n", "utf-8")
    (tmp_path / "p.html").write_bytes(PAGE)
    name = "p.html" if command == "clean" else "in.txt"
    result = _jz([command, name], 1, tmp_path)
    assert result.returncode == 14, result.stderr
    assert result.stderr.decode().startswith("jz: error: standard output is closed.")
    assert result.stderr.count(b"\n") == 1


@pytest.mark.parametrize("command", [["fix", "in.txt", "-v"], ["clean", "p.html", "-v"]])
def test_a_closed_stderr_leaves_the_result_and_exit_0(command: list[str], tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("你好，世界。\n", "utf-8")
    (tmp_path / "p.html").write_bytes(PAGE)
    result = _jz(command, 2, tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip()


def test_a_warc_run_with_stderr_closed_exports_as_usual(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz", article_records(sample_pages()))
    result = _jz(["warc", "a.warc.gz", "-o", "out"], 2, tmp_path)
    assert result.returncode == 0
    assert list((tmp_path / "out").glob("**/*.md"))


def test_a_batch_into_a_folder_with_stdout_closed_exports_every_article(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(server, local_count=3, gbk_count=0)
    (tmp_path / "urls.txt").write_text("\n".join(site.all_article_urls("local")) + "\n")
    result = _jz(["batch", "urls.txt", "-o", "bout", "-q"], 1, tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(article_files(tmp_path / "bout")) == 3


def test_a_stderr_pipe_closed_by_its_reader_does_not_stop_a_batch(
    server: LocalServer, tmp_path: Path
) -> None:
    # `jz batch … 2>&1 | head -1`: the failure's line hits a closed pipe; the run goes on
    # and its exit code still says an article failed.
    site = NewsSite(server, local_count=3, gbk_count=0)
    urls = [server.url("/missing.html"), *site.all_article_urls("local")]
    (tmp_path / "urls.txt").write_text("\n".join(urls) + "\n")
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "jzcli", "batch", "urls.txt", "-o", "bout", "--per-host", "1"],
            stdout=subprocess.DEVNULL,
            stderr=write,
            env=ENV,
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        os.close(write)
    assert result.returncode not in (0, 1)  # partial: one failed, not a quiet stop
    assert len(article_files(tmp_path / "bout")) == 3
