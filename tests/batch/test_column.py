from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from jzcli.errors import ExitCode
from tests.batch.helpers import article_files, check_consistent, jz, manifest, marker_counts
from tests.batch.site import DISCLAIMER, PROMO, NewsSite, marker
from tests.support.server import LocalServer, Reply, Request

FAST = ("--timeout", "0.5", "--retries", "1", "--per-host", "4")


def first(n: int, reply: Reply) -> Callable[[Request], Reply | None]:
    """A fault for the first n requests, then the normal page."""
    count = [0]

    def fault(_: Request) -> Reply | None:
        count[0] += 1
        return reply if count[0] <= n else None

    return fault


def always(reply: Reply) -> Callable[[Request], Reply | None]:
    return lambda _: reply


N_FAULTY = 240


def _faulty_site(server: LocalServer) -> NewsSite:
    site = NewsSite(server, local_count=N_FAULTY, gbk_count=24)
    col = site.columns["local"]
    page = Reply(b"<html><body><p>" + "截断".encode() * 4000 + b"</p></body></html>", 200)
    page.headers["Content-Type"] = "text/html; charset=utf-8"
    site.faults.update(
        {
            site.article_path(col, 7): first(1, Reply(b"busy", 503)),
            site.article_path(col, 11): first(1, Reply(b"slow", 429, {"Retry-After": "1"})),
            site.article_path(col, 13): always(Reply(b"late", 200, delay=1.5)),
            site.article_path(col, 17): always(Reply(page.body, 200, page.headers, truncate_to=99)),
            site.article_path(col, 19): always(Reply(b"gone", 404)),
            site.article_path(col, 23): first(
                1, Reply(page.body, 200, page.headers, truncate_to=9)
            ),
        }
    )
    return site


def test_column_export_with_faults_then_resume(server: LocalServer, tmp_path: Path) -> None:
    site = _faulty_site(server)
    out = tmp_path / "out"
    result = jz("column", site.listing_url("local"), "-o", str(out), *FAST)

    assert result.exit_code == ExitCode.PARTIAL, result.stderr
    failed_urls = {site.article_url("local", i) for i in (13, 17, 19)}
    assert "0 failed" not in result.stderr
    for url in failed_urls:
        assert url in result.stderr  # each failure reported on stderr
    rows = check_consistent(out)
    assert len(rows) == N_FAULTY
    assert {u for u, r in rows.items() if r["status"] == "failed"} == failed_urls
    assert rows[site.article_url("local", 19)]["error_code"] == ExitCode.HTTP_CLIENT
    assert rows[site.article_url("local", 13)]["error_code"] == ExitCode.TIMEOUT
    # stdout lists the written files, one per line.
    assert len(result.stdout.splitlines()) == N_FAULTY - 3

    # Every article exactly once; 503, 429 and a truncated first answer were retried.
    ok = [i for i in range(N_FAULTY) if i not in (13, 17, 19)]
    counts = marker_counts(out, [marker(site, "local", i) for i in ok])
    assert set(counts.values()) == {1}
    # A multi-page article is joined, its second page is not a file of its own.
    text = next(p for p in article_files(out) if marker(site, "local", 3) in p.read_text("utf-8"))
    assert marker(site, "local", 3, page=2) in text.read_text("utf-8")
    # Other columns are never followed; an article listed twice is fetched once.
    assert all(server.hits(f"/news/sports/2024/t2024_{i}.html") == 0 for i in range(5))
    assert server.hits(site.article_path(site.columns["local"], 35)) == 1
    # Site boilerplate is gone from the files, the articles' own text is not.
    body = "".join(p.read_text("utf-8") for p in article_files(out))
    assert DISCLAIMER not in body and PROMO not in body
    lines = {line["url"]: line for line in manifest(out)}
    assert lines[site.article_url("local", 0)]["date"] == "2024-06-30"
    assert lines[site.article_url("local", 0)]["charset"]["encoding"] == "utf-8"

    # Rerun with the faults gone: only the three failures are fetched again.
    site.faults.clear()
    before = server.hits(site.article_path(site.columns["local"], 40))
    again = jz("column", site.listing_url("local"), "-o", str(out), *FAST)
    assert again.exit_code == 0, again.stderr
    rows = check_consistent(out)
    assert all(r["status"] == "done" for r in rows.values())
    assert server.hits(site.article_path(site.columns["local"], 40)) == before
    counts = marker_counts(out, [marker(site, "local", i) for i in range(N_FAULTY)])
    assert set(counts.values()) == {1}
    assert len(again.stdout.splitlines()) == 3


def test_update_revalidates_with_etag(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=30)
    out = tmp_path / "out"
    assert jz("column", site.listing_url("local"), "-o", str(out), *FAST).exit_code == 0
    col = site.columns["local"]
    path5 = site.article_path(col, 5)
    rows = check_consistent(out)
    file5 = out / rows[site.article_url("local", 5)]["path"]
    mtimes = {p: p.stat().st_mtime_ns for p in article_files(out)}

    site.versions[path5] = 2
    result = jz("column", site.listing_url("local"), "-o", str(out), "--update", *FAST)
    assert result.exit_code == 0, result.stderr
    conditional = [r for r in server.log if r.path.startswith("/news/local/2024")]
    assert any(r.headers.get("if-none-match") for r in conditional)
    rows = check_consistent(out)
    assert "更新第2版" in file5.read_text("utf-8")
    assert out / rows[site.article_url("local", 5)]["path"] == file5  # same name, no copy
    changed = [p for p in article_files(out) if p.stat().st_mtime_ns != mtimes.get(p)]
    assert changed == [file5]
    assert "29 unchanged" in result.stderr


def test_gbk_column_with_numbered_pages(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=0, gbk_count=50)
    out = tmp_path / "gbk"
    result = jz("column", site.listing_url("gbk"), "-o", str(out), "--format", "json", *FAST)
    assert result.exit_code == 0, result.stderr
    rows = check_consistent(out)
    assert len(rows) == 50
    counts = marker_counts(out, [marker(site, "gbk", i) for i in range(50)])
    assert set(counts.values()) == {1}
    data = json.loads(article_files(out)[0].read_text("utf-8"))
    assert data["provenance"]["charset"]["encoding"] == "gb18030"
    # No listing dates here: the name's date is the article's own, or 'undated'.
    for line in manifest(out):
        assert line["path"].startswith(line["date"] or "undated")


def test_max_pages_and_since_until(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=120)
    out = tmp_path / "two"
    result = jz("column", site.listing_url("local"), "-o", str(out), "--max-pages", "2", *FAST)
    assert result.exit_code == 0
    assert len(check_consistent(out)) == 24  # 12 per page, one listed twice

    out = tmp_path / "range"
    args = ("--since", "2024-06-20", "--until", "2024-06-25")
    result = jz("column", site.listing_url("local"), "-o", str(out), *args, *FAST)
    assert result.exit_code == 0, result.stderr
    dates = sorted({line["date"] for line in manifest(out)})
    assert dates[0] == "2024-06-20" and dates[-1] == "2024-06-25" and len(dates) == 6
    # Listing dates are newest first: the crawl stops after the first page older than --since.
    assert server.hits("/news/local/index_5.html") == 0


def test_robots_disallow_and_ignore(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=20, robots="")
    col = site.columns["local"]
    blocked = site.article_path(col, 4)
    server.route(
        "/robots.txt",
        Reply(
            f"User-agent: *\nDisallow: {blocked}\n".encode(), 200, {"Content-Type": "text/plain"}
        ),
    )
    out = tmp_path / "robots"
    result = jz("column", site.listing_url("local"), "-o", str(out), *FAST)
    assert result.exit_code == 0, result.stderr
    rows = check_consistent(out)
    row = rows[site.article_url("local", 4)]
    assert row["status"] == "skipped" and "robots" in row["error"]
    assert server.hits(blocked) == 0
    assert server.hits("/robots.txt") == 1  # once per host per run

    result = jz("column", site.listing_url("local"), "-o", str(out), "--ignore-robots", *FAST)
    assert result.exit_code == 0
    assert check_consistent(out)[site.article_url("local", 4)]["status"] == "done"


def test_first_listing_page_failure_is_an_error(server: LocalServer, tmp_path: Path) -> None:
    result = jz("column", server.url("/nope/index.html"), "-o", str(tmp_path / "x"), *FAST)
    assert result.exit_code == ExitCode.HTTP_CLIENT
    assert result.stderr.startswith("jz: error: ")
    assert result.stdout == ""


def test_warc_records_every_response(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=12)
    warc = tmp_path / "run.warc.gz"
    out = tmp_path / "w"
    result = jz("column", site.listing_url("local"), "-o", str(out), "--warc", str(warc), *FAST)
    assert result.exit_code == 0, result.stderr
    with gzip.open(warc) as fh:
        raw = fh.read()
    records = list(ArchiveIterator(io.BytesIO(raw)))
    responses = [r for r in records if r.rec_type == "response"]
    urls = {r.rec_headers.get_header("WARC-Target-URI") for r in responses}
    assert site.article_url("local", 0) in urls and site.listing_url("local") in urls
    assert len([r for r in records if r.rec_type == "request"]) == len(responses)


def _loop_listing(links: range, next_href: str) -> Reply:
    items = "".join(
        f'<li><a href="/loop/2024/t20240601_{i}.html">循环栏目第{i}篇文章标题</a></li>'
        for i in links
    )
    html = (
        f'<html><head><meta charset="utf-8"><title>循环_测试</title></head><body>'
        f'<ul class="list">{items}</ul><div class="pager"><a href="{next_href}">下一页</a></div>'
        "</body></html>"
    )
    return Reply(html.encode(), 200, {"Content-Type": "text/html; charset=utf-8"})


def test_listing_loops_and_pages_without_news_stop_the_crawl(
    server: LocalServer, tmp_path: Path
) -> None:
    server.route("/loop/index.html", _loop_listing(range(0, 4), "/loop/index_2.html"))
    server.route("/loop/index_2.html", _loop_listing(range(4, 8), "/loop/index_3.html"))
    server.route("/loop/index_3.html", _loop_listing(range(4, 8), "/loop/index_4.html"))
    server.route("/loop/index_4.html", _loop_listing(range(8, 12), "/loop/index.html"))
    for i in range(12):
        body = f"<html><body><p>循环栏目第{i}篇的正文内容，足够长的一段文字。</p></body></html>"
        server.route(
            f"/loop/2024/t20240601_{i}.html",
            Reply(body.encode(), 200, {"Content-Type": "text/html; charset=utf-8"}),
        )
    result = jz("column", server.url("/loop/index.html"), "-o", str(tmp_path / "l"), *FAST)
    assert result.exit_code == 0, result.stderr
    assert len(check_consistent(tmp_path / "l")) == 8
    assert server.hits("/loop/index_3.html") == 1  # read, but it listed nothing new
    assert server.hits("/loop/index_4.html") == 0

    server.route("/loop/index_3.html", _loop_listing(range(8, 12), "/loop/index.html"))
    result = jz("column", server.url("/loop/index.html"), "-o", str(tmp_path / "m"), *FAST)
    assert result.exit_code == 0, result.stderr
    assert len(check_consistent(tmp_path / "m")) == 12
    assert server.hits("/loop/index.html") == 2  # once per run: the link back is not followed


def test_since_uses_the_article_date_when_the_listing_shows_none(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(server, local_count=0, gbk_count=24)
    out = tmp_path / "gbk"
    result = jz("column", site.listing_url("gbk"), "-o", str(out), "--since", "2024-06-27", *FAST)
    assert result.exit_code == 0, result.stderr
    rows = check_consistent(out)
    done = {u for u, r in rows.items() if r["status"] == "done"}
    skipped = {u for u, r in rows.items() if r["status"] == "skipped"}
    # Three articles a day from 2024-06-30 backwards: ids 0-11 are on or after the 27th.
    assert done == {site.article_url("gbk", i) for i in range(12)}
    assert skipped == {site.article_url("gbk", i) for i in range(12, 24)}
    assert all("before --since" in rows[u]["error"] for u in skipped)


def test_a_listing_that_never_runs_out_stops_at_the_default_page_cap(
    server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pager that always lists new links (a calendar, a search, a spider trap): without
    # --max-pages the crawl stops at LISTING_PAGES (1,000; 5 here) with one notice on stderr,
    # and the column is not marked finished, so a rerun with a higher --max-pages goes on.
    from jzcli.batch import runner

    monkeypatch.setattr(runner, "LISTING_PAGES", 5)

    def endless(request: Request) -> Reply:
        n = int(request.query.removeprefix("page=") or 1)
        items = "".join(
            f'<li><a href="/endless/2024/t20240601_{n}_{k}.html">'
            f"无尽栏目第{n}页第{k}篇文章标题</a></li>"
            for k in range(2)
        )
        html = (
            '<html><head><meta charset="utf-8"><title>无尽_测试</title></head><body>'
            f'<ul class="list">{items}</ul><div class="pager">'
            f'<a href="/endless/list?page={n + 1}">下一页</a></div></body></html>'
        )
        return Reply(html.encode(), 200, {"Content-Type": "text/html; charset=utf-8"})

    server.route("/endless/list", endless)
    for n in range(1, 9):
        for k in range(2):
            text = f"无尽栏目第{n}页第{k}篇的正文内容，足够长的一段文字。"
            body = f"<html><body><p>{text}</p></body></html>"
            server.route(
                f"/endless/2024/t20240601_{n}_{k}.html",
                Reply(body.encode(), 200, {"Content-Type": "text/html; charset=utf-8"}),
            )
    out = tmp_path / "endless"
    start = server.url("/endless/list")
    result = jz("column", start, "-o", str(out), "-q", *FAST)
    assert result.exit_code == 0, result.stderr
    assert len(check_consistent(out)) == 10
    assert result.stderr == (
        f"jz: warning: stopped after 5 listing pages of {start}; more pages follow. "
        "Give --max-pages N to read more\n"
    )
    assert server.hits("/endless/list") == 5
    # An explicit limit is what was asked for: no notice; the rerun reads on to it.
    result = jz("column", start, "-o", str(out), "-q", "--max-pages", "7", *FAST)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert len(check_consistent(out)) == 14
    assert server.hits("/endless/list") == 5 + 7
