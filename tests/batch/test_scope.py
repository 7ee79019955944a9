"""A column crawl stays on the column's origin: real servers on two addresses and two ports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jzcli.batch.scope import CrawlScope
from jzcli.errors import ExitCode
from tests.batch.helpers import check_consistent, jz, manifest
from tests.support.server import LocalServer, Reply

FAST = ("--timeout", "2", "--retries", "0")
HTML = {"Content-Type": "text/html; charset=utf-8"}
TEXT = {"Content-Type": "text/plain"}


@pytest.fixture
def other_host() -> Iterator[LocalServer]:
    """Another origin: a different loopback address (and port)."""
    with LocalServer("127.0.0.2") as srv:
        yield srv


@pytest.fixture
def other_port() -> Iterator[LocalServer]:
    """The column's host name on another port: another origin too."""
    with LocalServer() as srv:
        yield srv


def _article(srv: LocalServer, path: str, n: int) -> str:
    body = (
        f"<html><head><title>范围测试第{n}篇_测试网</title></head><body><h1>范围测试第{n}篇</h1>"
        f"<p>范围测试第{n}篇的正文内容，这是一段足够长的新闻文字，用来检验抓取范围。</p>"
        "</body></html>"
    )
    srv.route(path, Reply(body.encode(), 200, HTML))
    return srv.url(path)


def _listing(srv: LocalServer, path: str, links: list[str], extra: str = "") -> str:
    items = "".join(
        f'<li><a href="{href}">范围测试栏目第{i}条新闻标题</a></li>' for i, href in enumerate(links)
    )
    html = (
        f'<html><head><meta charset="utf-8"><title>范围_测试网</title>{extra}</head><body>'
        f'<ul class="list">{items}</ul></body></html>'
    )
    srv.route(path, Reply(html.encode(), 200, HTML))
    return srv.url(path)


def _hits(srv: LocalServer) -> list[str]:
    return [r.path for r in srv.log]


def test_crawl_stays_on_the_origin_unless_a_host_is_allowed(
    server: LocalServer, other_host: LocalServer, other_port: LocalServer, tmp_path: Path
) -> None:
    own = [_article(server, f"/news/2024/t20240601_{i}.html", i) for i in range(3)]
    moved = _article(other_host, "/news/2024/t20240601_50.html", 50)
    server.route("/news/2024/t20240601_8.html", Reply(b"", 302, {"Location": moved}))
    other_host.route("/robots.txt", Reply(b"User-agent: *\nDisallow: /private/\n", 200, TEXT))
    private = _article(other_host, "/private/2024/t20240601_51.html", 51)
    server.route("/news/2024/t20240601_9.html", Reply(b"", 302, {"Location": private}))
    foreign = _article(other_host, "/news/2024/t20240601_60.html", 60)
    admin = _article(other_port, "/admin/delete/2024/t20240601_70.html", 70)
    links = [
        *own,
        server.url("/news/2024/t20240601_8.html"),
        server.url("/news/2024/t20240601_9.html"),
    ]
    # Page 2 elsewhere: rel=next to another port, 下一页 and a TRS pager to another host.
    other_port_page = _listing(other_port, "/news/index_1.html", [admin])
    other_host_page = _listing(other_host, "/news/index_1.html", [foreign])
    pager = (
        f'<div class="pager"><a href="{other_host_page}">下一页</a></div>'
        f'<script>createPageHTML(3, 0, "{other_host.url("/news/index")}", "html");</script>'
    )
    start = _listing(
        server,
        "/news/index.html",
        [*links, foreign, admin],
        extra=f'<link rel="next" href="{other_port_page}">',
    )
    html = server.routes["/news/index.html"]
    assert isinstance(html, Reply)
    html.body = html.body.replace(b"</ul>", b"</ul>" + pager.encode())

    out = tmp_path / "out"
    result = jz("column", start, "-o", str(out), *FAST)
    assert result.exit_code == 0, result.stderr
    rows = check_consistent(out)
    assert set(rows) == set(links)  # the other host's and other port's links are not listed
    assert _hits(other_port) == []
    assert "/news/index_1.html" not in _hits(other_host)
    assert "/news/2024/t20240601_60.html" not in _hits(other_host)
    # An article redirected off the origin: fetched, with its final URL and that host's robots.
    by_url = {line["url"]: line for line in manifest(out)}
    redirected = by_url[server.url("/news/2024/t20240601_8.html")]
    assert redirected["status"] == "done" and redirected["final_url"] == moved
    assert _hits(other_host).count("/robots.txt") == 1
    refused = by_url[server.url("/news/2024/t20240601_9.html")]
    assert refused["status"] == "skipped" and private in refused["error"]
    assert "/private/2024/t20240601_51.html" not in _hits(other_host)

    # --allow-host opens one more origin (here with its port), and only that one.
    host, port = other_host.base.removeprefix("http://").split(":")
    wider = tmp_path / "wider"
    result = jz("column", start, "-o", str(wider), "--allow-host", f"{host}:{port}", *FAST)
    assert result.exit_code == 0, result.stderr
    rows = check_consistent(wider)
    assert set(rows) == {*links, foreign}
    assert "/news/index_1.html" in _hits(other_host)  # its 下一页 is followed now
    assert _hits(other_port) == []

    bad = jz("column", start, "--allow-host", "http://x.test/path")
    assert bad.exit_code == ExitCode.USAGE
    assert "HOST or HOST:PORT" in bad.stderr


def test_scope_rules() -> None:
    scope = CrawlScope("http://www.news.test/col/", ["img.test", "127.0.0.2:8080"])
    assert scope("http://news.test/a.html")  # www. and the bare host are one site
    assert scope("http://www.news.test:80/a.html")
    assert not scope("https://news.test/a.html")  # another scheme
    assert not scope("http://news.test:8080/a.html")  # another port
    assert not scope("http://evil.news.test.example/a.html")
    assert scope("https://img.test/x") and scope("http://www.img.test/x")
    assert not scope("http://img.test:81/x")
    assert scope("http://127.0.0.2:8080/x") and not scope("http://127.0.0.2/x")
    assert not scope("http://[oops/x")
    scope.add_origin("https://news.test/col/")  # where the first page redirected
    assert scope("https://news.test/a.html")


def test_a_listing_page_redirected_off_the_origin_ends_the_crawl(
    server: LocalServer, other_host: LocalServer, tmp_path: Path
) -> None:
    own = [_article(server, f"/news/2024/t20240602_{i}.html", i) for i in range(2)]
    foreign = _article(other_host, "/news/2024/t20240602_9.html", 9)
    elsewhere = _listing(other_host, "/list/index_2.html", [foreign])
    server.route("/list/index_2.html", Reply(b"", 301, {"Location": elsewhere}))
    start = _listing(
        server, "/list/index.html", own, extra='<link rel="next" href="/list/index_2.html">'
    )
    out = tmp_path / "out"
    result = jz("column", start, "-o", str(out), *FAST)
    assert result.exit_code == 0, result.stderr
    assert set(check_consistent(out)) == set(own)
    assert "/news/2024/t20240602_9.html" not in _hits(other_host)
    # Not silently: the pages that were not read are named, and what would read them.
    host = elsewhere.split("/")[2]
    assert (
        f"jz: warning: listing page {server.url('/list/index_2.html')} redirects to "
        f"{elsewhere}, off the column's site: the crawl stops there. Give --allow-host "
        f"{host} to read on\n"
    ) in result.stderr


def test_a_column_that_moved_keeps_its_new_origin(server: LocalServer, tmp_path: Path) -> None:
    own = [_article(server, f"/news/2024/t20240603_{i}.html", i) for i in range(2)]
    start = _listing(server, "/new/index.html", own)
    with LocalServer() as old:
        old.route("/col/index.html", Reply(b"", 301, {"Location": start}))
        result = jz("column", old.url("/col/index.html"), "-o", str(tmp_path / "o"), *FAST)
    assert result.exit_code == 0, result.stderr
    assert set(check_consistent(tmp_path / "o")) == set(own)
