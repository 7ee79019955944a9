"""SIGKILL an --images run (a real subprocess), rerun: no image lost, none downloaded twice."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.batch.helpers import check_consistent, manifest
from tests.support.server import LocalServer, Reply

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

COUNT = 30


def _jpeg(key: str) -> bytes:
    return b"\xff\xd8\xff\xe0" + hashlib.sha256(key.encode()).digest() * 64


def _site(server: LocalServer) -> list[str]:
    server.route("/img/logo.jpg", Reply(_jpeg("logo"), 200, {"Content-Type": "image/jpeg"}))
    urls = []
    for n in range(COUNT):
        for k in range(2):
            server.route(
                f"/img/{n}_{k}.jpg",
                Reply(_jpeg(f"{n}-{k}"), 200, {"Content-Type": "image/jpeg"}, delay=0.03),
            )
        imgs = "".join(f'<p><img src="/img/{n}_{k}.jpg" alt="图{k}"></p>' for k in range(2))
        text = "".join(
            f"<p>第{n}篇第{k}段，市政府召开专题会议研究部署城市更新工作，群众反映道路改造进展顺利。</p>"
            for k in range(4)
        )
        html = (
            f'<html><head><meta charset="utf-8"><title>新闻{n}</title>'
            '<meta property="og:image" content="/img/logo.jpg"></head><body>'
            f'<div class="article"><h1>新闻{n}</h1><div class="content">{text}{imgs}</div></div>'
            "</body></html>"
        )
        server.route(f"/n/{n}.html", Reply(html.encode(), 200, {"Content-Type": "text/html"}))
        urls.append(server.url(f"/n/{n}.html"))
    return urls


def _done_images(out: Path) -> set[str]:
    con = sqlite3.connect(out / ".jz-state.sqlite")
    try:
        return {r[0] for r in con.execute("SELECT url FROM images WHERE status = 'done'")}
    finally:
        con.close()


def test_sigkill_during_images_then_rerun(server: LocalServer, tmp_path: Path) -> None:
    urls = _site(server)
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n", "utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "jzcli", "batch", str(listing), "-o", str(out), "--images"]
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen([*cmd, "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    while proc.poll() is None and len(list(out.rglob("images/*.jpg"))) < 12:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    kept_before = _done_images(out)
    assert kept_before
    last = subprocess.run(cmd, capture_output=True, env=env, check=False)
    assert last.returncode == 0, last.stderr.decode()
    rows = check_consistent(out)
    assert len(rows) == COUNT and all(r["status"] == "done" for r in rows.values())
    for url in kept_before:  # kept before the kill: never downloaded again
        path = "/" + url.split("/", 3)[3]
        assert server.hits(path) == 1, path
    for n in range(COUNT):  # every image fetched at most twice (a kill between file and row)
        for k in range(2):
            assert server.hits(f"/img/{n}_{k}.jpg") <= 2
    files = list(out.rglob("images/*.jpg"))
    assert len(files) == 2 * COUNT + 1  # one file per content: the logo once
    for line in manifest(out):
        assert len(line["images"]) == 3
        for image in line["images"]:
            assert (out / image["path"]).is_file(), image
