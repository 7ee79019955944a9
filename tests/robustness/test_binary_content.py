"""Random bytes served as text/html (no NUL) are refused as binary content (through the CLI)."""

from __future__ import annotations

import random
from pathlib import Path

from jzcli.errors import ExitCode
from tests.cli.helpers import jz, jz_process
from tests.robustness.pages import distinct_article
from tests.support.server import LocalServer, Reply


def random_bytes(size: int, seed: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(1, 256) for _ in range(size))  # no NUL: no cheap tell


def test_fetch_refuses_random_bytes_served_as_html(server: LocalServer) -> None:
    server.route(
        "/noise.html", Reply(random_bytes(1_000_000, 1), headers={"Content-Type": "text/html"})
    )
    run = jz_process("fetch", server.url("/noise.html"), "--format", "json")
    assert run.code == ExitCode.UNSUPPORTED_TYPE
    assert run.stdout == ""
    assert run.stderr.startswith("jz: error: ") and "looks binary" in run.stderr
    assert len(run.stderr.splitlines()) == 1


def test_batch_counts_noise_as_failed_and_keeps_the_good_page(
    server: LocalServer, tmp_path: Path
) -> None:
    html, paragraphs = distinct_article(31)
    server.route("/a/20240105_1.html", Reply(html.encode(), headers={"Content-Type": "text/html"}))
    server.route(
        "/a/20240105_2.html",
        Reply(random_bytes(200_000, 2), headers={"Content-Type": "text/html; charset=utf-8"}),
    )
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{server.url('/a/20240105_1.html')}\n{server.url('/a/20240105_2.html')}\n")
    out = tmp_path / "out"
    run = jz("batch", str(urls), "-o", str(out), "--format", "txt", "--retries", "0")
    assert run.code == ExitCode.PARTIAL, run.stderr
    assert "looks binary" in run.stderr
    texts = [p.read_text("utf-8") for p in out.rglob("*.txt")]
    assert len(texts) == 1 and paragraphs[0] in texts[0]


def test_clean_refuses_a_noise_file_but_not_a_page_with_some_damage(tmp_path: Path) -> None:
    noise = tmp_path / "noise.html"
    noise.write_bytes(random_bytes(50_000, 3))
    run = jz("clean", str(noise))
    assert run.code == ExitCode.INPUT
    assert "looks binary" in run.stderr
    # A real page with a few bytes no charset reads (and a stray control character) is text.
    html, paragraphs = distinct_article(32)
    damaged = tmp_path / "damaged.html"
    damaged.write_bytes(html.encode("utf-8").replace("。".encode(), b"\xff\x01", 2))
    run = jz("clean", str(damaged), "--format", "txt")
    assert run.code == 0, run.stderr
    assert paragraphs[-1] in run.stdout
