"""`column`/`batch` print each article as it is done, with its input position."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from importlib import resources
from pathlib import Path

import jsonschema

from tests.fetch.news_pages import BODY_1, BODY_2, BODY_3, BODY_4, news_page
from tests.support.server import LocalServer, Reply, Request

HTML = {"Content-Type": "text/html; charset=utf-8"}
SCHEMA = json.loads(
    resources.files("jzcli").joinpath("schema/article.schema.json").read_text(encoding="utf-8")
)


def start(*args: str, input: bytes) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "jzcli", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin is not None
    proc.stdin.write(input)
    proc.stdin.close()
    return proc


def held_site(server: LocalServer) -> tuple[list[str], threading.Event]:
    """Two articles; the first listed is held back until the test releases it."""
    release = threading.Event()
    slow = news_page("城市绿化工程全面启动", [BODY_3, BODY_4]).encode()

    def held(_: Request) -> Reply:
        release.wait(60)
        return Reply(slow, headers=HTML)

    server.route("/slow.htm", held)
    server.route(
        "/fast.htm",
        Reply(news_page("农村公路建设成效显著", [BODY_1, BODY_2]).encode(), headers=HTML),
    )
    return [server.url("/slow.htm"), server.url("/fast.htm")], release


def test_batch_streams_json_lines_as_articles_finish(server: LocalServer) -> None:
    urls, release = held_site(server)
    proc = start("batch", "-", "--ignore-robots", "--retries", "0", input="\n".join(urls).encode())
    try:
        assert proc.stdout is not None
        # The second URL's line arrives while the first is still being held by the server.
        first = json.loads(proc.stdout.readline())
        assert first["url"] == urls[1] and first["position"] == 2
        jsonschema.validate(first, SCHEMA)
        assert not release.is_set() and proc.poll() is None
        release.set()
        second = json.loads(proc.stdout.readline())
        assert second["url"] == urls[0] and second["position"] == 1
        assert proc.stdout.read() == b""
        assert proc.wait(60) == 0
    finally:
        release.set()
        proc.kill()
        proc.wait()


def test_batch_with_a_folder_streams_each_path_once(server: LocalServer, tmp_path: Path) -> None:
    urls, release = held_site(server)
    out = tmp_path / "out"
    proc = start(
        "batch", "-", "-o", str(out), "--ignore-robots", "--retries", "0",
        input="\n".join(urls).encode(),
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().decode().strip()
        assert Path(first).is_file() and Path(first).parent == out
        release.set()
        rest = proc.stdout.read().decode().splitlines()
        assert proc.wait(60) == 0
        assert len(rest) == 1 and rest[0] != first and Path(rest[0]).is_file()
    finally:
        release.set()
        proc.kill()
        proc.wait()
