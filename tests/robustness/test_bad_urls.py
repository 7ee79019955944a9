"""Malformed addresses on a page through the real CLI: skipped and counted, never fatal."""

from __future__ import annotations

import json
from pathlib import Path

from tests.batch.helpers import jz as jz_batch
from tests.cli.helpers import jz
from tests.robustness.pages import distinct_article
from tests.support.server import LocalServer, Reply

UTF8 = {"Content-Type": "text/html; charset=utf-8"}
BAD = "http://[oops/2024/01/pic.jpg"
FAST = ("--timeout", "2", "--retries", "0", "--per-host", "4")


def test_bad_image_canonical_and_base_links_are_skipped(server: LocalServer) -> None:
    head = f"<base href='http://[oops/'><link rel='canonical' href='{BAD}'>"
    body = f"<div class='article'><img src='{BAD}'><img src='http://a.example:99999/x.jpg'></div>"
    html, paragraphs = distinct_article(1, head=head)
    html = html.replace("<div class='article'>", body[: -len("</div>")], 1)
    server.route("/a/20240101_1.html", Reply(html.encode("utf-8"), headers=UTF8))
    run = jz("fetch", server.url("/a/20240101_1.html"), "--format", "json")
    assert run.code == 0, run.stderr
    art = json.loads(run.stdout)
    assert art["paragraphs"] == paragraphs
    assert art["canonical_url"] == ""
    assert art["images"] == []
    assert (
        "skipped 4 malformed URLs (1 base link, 1 canonical link, 2 images)"
        in (art["provenance"]["warnings"])
    )


def test_good_page_has_no_malformed_url_warning(tmp_path: Path) -> None:
    html, _ = distinct_article(2, head="<link rel='canonical' href='http://ok.example/a/1.html'>")
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    run = jz("clean", str(page), "--format", "json")
    assert run.code == 0, run.stderr
    art = json.loads(run.stdout)
    assert art["canonical_url"] == "http://ok.example/a/1.html"
    assert not any("malformed" in w for w in art["provenance"]["warnings"])


def test_column_with_malformed_links_exports_the_good_ones(
    server: LocalServer, tmp_path: Path
) -> None:
    items = []
    expected = {}
    for n in range(1, 5):
        html, paragraphs = distinct_article(100 + n)
        path = f"/news/2024/01/content_{1000 + n}.html"
        server.route(path, Reply(html.encode("utf-8"), headers=UTF8))
        items.append(f"<li><a href='{path}'>本市新闻标题第{n}条消息</a></li>")
        expected[server.url(path)] = paragraphs
    for bad in ("http://[oops/2024/01/content_1.html", "http://[::1/content_2.html"):
        items.insert(2, f"<li><a href='{bad}'>这是一条坏掉的链接标题</a></li>")
    listing = (
        "<html><head><meta charset='utf-8'><title>本地新闻</title>"
        "<link rel='next' href='http://[oops/index_2.html'></head>"
        f"<body><ul class='list'>{''.join(items)}</ul></body></html>"
    )
    server.route("/news/index.html", Reply(listing.encode("utf-8"), headers=UTF8))
    out = tmp_path / "out"
    result = jz_batch(
        "column", server.url("/news/index.html"), "-o", str(out), "--format", "json", *FAST
    )
    assert result.exit_code == 0, result.stderr
    assert "(3 malformed links skipped)" in result.stderr
    got = {}
    for file in out.rglob("*.json"):
        data = json.loads(file.read_text("utf-8"))
        if isinstance(data, dict) and "paragraphs" in data:
            got[data["url"]] = data["paragraphs"]
    assert got == expected


def test_batch_list_with_a_malformed_url_fails_it_as_input(
    server: LocalServer, tmp_path: Path
) -> None:
    html, paragraphs = distinct_article(41)
    server.route("/a/20240101_41.html", Reply(html.encode("utf-8"), headers=UTF8))
    urls = tmp_path / "urls.txt"
    urls.write_text(f"http://[oops/a.html\n{server.url('/a/20240101_41.html')}\n", "utf-8")
    out = tmp_path / "out"
    result = jz_batch("batch", str(urls), "-o", str(out), "--format", "json", *FAST)
    assert result.exit_code == 5, result.stderr  # PARTIAL: one exported, one failed
    assert "http://[oops/a.html: not a web address" in result.stderr
    assert "internal error" not in result.stderr
    files = list(out.rglob("*.json"))
    assert [json.loads(f.read_text("utf-8"))["paragraphs"] for f in files] == [paragraphs]
