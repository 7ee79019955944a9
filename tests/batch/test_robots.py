"""robots.txt through the real CLI (RFC 9309): 5xx closes a host, 4xx opens it, big files."""

from __future__ import annotations

import json
from pathlib import Path

from jzcli.batch.politeness import MAX_CRAWL_DELAY
from jzcli.errors import ExitCode
from tests.batch.helpers import check_consistent, jz
from tests.batch.site import NewsSite
from tests.support.server import LocalServer, Reply, sequence

FAST = ("--timeout", "2", "--retries", "0")
TEXT = {"Content-Type": "text/plain"}


def _article_hits(server: LocalServer) -> int:
    return sum(1 for r in server.log if r.path.startswith("/news/local/2"))


def test_unreachable_robots_closes_the_host_then_is_retried_later_in_the_run(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(server, local_count=4, gbk_count=0)
    server.route("/robots.txt", sequence(Reply(b"down", 503), Reply(b"User-agent: *\n", 200)))
    listing = "\n".join(site.all_article_urls("local")) + "\n"
    out = tmp_path / "out"
    result = jz("batch", "-", "-o", str(out), *FAST, input=listing)
    assert result.exit_code == 0, result.stderr
    assert server.hits("/robots.txt") == 2  # once, then once more after the rest of the run
    assert all(r["status"] == "done" for r in check_consistent(out).values())


def test_robots_down_for_the_whole_run_fetches_nothing(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=3, gbk_count=0)
    server.route("/robots.txt", Reply(b"down", 503))
    listing = "\n".join(site.all_article_urls("local")) + "\n"
    result = jz("batch", "-", *FAST, input=listing)
    assert result.exit_code == ExitCode.HTTP_SERVER
    assert _article_hits(server) == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["code"] for line in lines] == [ExitCode.HTTP_SERVER] * 3
    assert all("/robots.txt could not be read" in line["error"] for line in lines)
    assert result.stderr.count("jz: error: ") == 3

    # A column whose robots.txt cannot be read is not crawled at all.
    column = jz("column", site.listing_url("local"), *FAST)
    assert column.exit_code == ExitCode.HTTP_SERVER
    assert "robots.txt could not be read" in column.stderr
    assert server.hits("/news/local/index.html") == 0


def test_robots_4xx_allows_everything(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=3, gbk_count=0)
    server.route("/robots.txt", Reply(b"forbidden", 403, TEXT))
    result = jz("batch", "-", *FAST, input="\n".join(site.all_article_urls("local")) + "\n")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 3


def test_robots_over_the_size_cap_is_read_up_to_its_first_512_kib(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(server, local_count=3, gbk_count=0)
    blocked = site.article_path(site.columns["local"], 1)
    head = f"User-agent: *\nDisallow: {blocked}\n".encode()
    filler = b"# " + b"x" * 1000 + b"\n"
    body = head + filler * (21 * 1024)  # 21 MB: past the default 20 MB page cap
    server.route("/robots.txt", Reply(body, 200, TEXT))
    out = tmp_path / "out"
    result = jz(
        "batch", "-", "-o", str(out), *FAST, input="\n".join(site.all_article_urls("local"))
    )
    assert result.exit_code == 0, result.stderr
    rows = check_consistent(out)
    assert rows[site.article_url("local", 1)]["status"] == "skipped"
    assert server.hits(blocked) == 0
    assert sum(r["status"] == "done" for r in rows.values()) == 2


def test_longest_match_and_wildcards_through_the_column(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(server, local_count=12, gbk_count=0)
    blocked = site.article_path(site.columns["local"], 4)
    rules = (
        "User-agent: *\nDisallow: /news/\nAllow: /news/local/\n"
        f"Disallow: /news/local/*{blocked.rsplit('_', 1)[1]}$\nCrawl-delay: 0.01\n"
    )
    server.route("/robots.txt", Reply(rules.encode(), 200, TEXT))
    out = tmp_path / "out"
    result = jz("column", site.listing_url("local"), "-o", str(out), *FAST)
    assert result.exit_code == 0, result.stderr
    rows = check_consistent(out)
    assert rows[site.article_url("local", 4)]["status"] == "skipped"
    assert sum(r["status"] == "done" for r in rows.values()) == 11
    assert server.hits(blocked) == 0


def test_huge_crawl_delay_is_capped_and_said_once(server: LocalServer) -> None:
    site = NewsSite(server, local_count=1, gbk_count=0, multipage_every=0)
    server.route("/robots.txt", Reply(b"User-agent: *\nCrawl-delay: 86400\n", 200, TEXT))
    result = jz("batch", "-", *FAST, input=site.article_url("local", 0) + "\n")
    assert result.exit_code == 0, result.stderr
    warning = (
        f"jz: warning: {server.base}/robots.txt asks for 86400s between requests; "
        f"jz waits {MAX_CRAWL_DELAY:g}s, its longest Crawl-delay\n"
    )
    assert result.stderr.count("jz: warning:") == 1
    assert result.stderr.startswith(warning)
