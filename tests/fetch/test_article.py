"""fetch_article: first page, continuation pages in order, then the pipeline."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from jzcli.errors import ExitCode, FetchError, NoArticleError
from jzcli.fetch import Fetcher, fetch_article, follow_pages
from jzcli.models import Article, Page
from jzcli.settings import FetchSettings, Settings
from tests.fetch.news_pages import (
    BODY_1,
    BODY_2,
    BODY_3,
    BODY_4,
    BODY_5,
    BODY_6,
    news_page,
    pager,
)
from tests.support.server import LocalServer, Reply

FAST = FetchSettings(retries=0, backoff=0.01, read_timeout=2.0)
TYPE = {"Content-Type": "text/html; charset=utf-8"}
P1, P2, P3 = "/news/content_9.htm", "/news/content_9_2.htm", "/news/content_9_3.htm"


def three_pages(server: LocalServer) -> None:
    links = [("1", "content_9.htm"), ("2", "content_9_2.htm"), ("3", "content_9_3.htm")]
    bodies = {P1: [BODY_1, BODY_2], P2: [BODY_3, BODY_4], P3: [BODY_5, BODY_6]}
    for path, paras in bodies.items():
        nxt = {P1: "content_9_2.htm", P2: "content_9_3.htm"}.get(path)
        block = pager([*links, ("下一页", nxt)] if nxt else links)
        html = news_page("农村公路建设", paras, pager=block)
        server.route(path, Reply(html.encode("utf-8"), headers=TYPE))


def run(url: str, max_pages: int = 10, settings: FetchSettings = FAST) -> Article:
    async def go() -> Article:
        async with Fetcher(settings) as fetcher:
            return await fetch_article(fetcher, url, Settings(), max_pages=max_pages)

    return asyncio.run(go())


def test_three_pages_joined_once_in_order(server: LocalServer) -> None:
    three_pages(server)
    article = run(server.url(P1))
    assert article.provenance.pages == 3
    text = article.text
    positions = [text.index(s) for s in (BODY_1, BODY_2, BODY_3, BODY_4, BODY_5, BODY_6)]
    assert positions == sorted(positions)
    for sentence in (BODY_1, BODY_3, BODY_5):
        assert text.count(sentence) == 1
    assert [server.hits(p) for p in (P1, P2, P3)] == [1, 1, 1]
    assert article.provenance.final_url == server.url(P1)
    assert not article.provenance.warnings


def test_max_pages_bounds_the_join(server: LocalServer) -> None:
    three_pages(server)
    article = run(server.url(P1), max_pages=2)
    assert article.provenance.pages == 2
    assert BODY_3 in article.text and BODY_5 not in article.text
    assert server.hits(P3) == 0
    assert any("--max-pages" in w for w in article.provenance.warnings)


def test_single_page_does_not_follow(server: LocalServer) -> None:
    three_pages(server)
    article = run(server.url(P1), max_pages=1)
    assert article.provenance.pages == 1
    assert server.hits(P2) == 0


def test_a_page_served_again_stops_the_loop(server: LocalServer) -> None:
    # The site ignores ?page=2 and sends page 1 again: a loop, not a new page.
    html = news_page(
        "循环",
        [BODY_1, BODY_2],
        pager=pager([("2", "show.php?id=9&page=2"), ("下一页", "show.php?id=9&page=2")]),
    )
    server.route("/show.php", Reply(html.encode("utf-8"), headers=TYPE))
    article = run(server.url("/show.php?id=9"))
    assert article.provenance.pages == 1
    assert article.text.count(BODY_1) == 1
    assert server.hits("/show.php") == 2


def test_redirect_back_to_first_page_stops(server: LocalServer) -> None:
    html = news_page("回跳", [BODY_1, BODY_2], pager=pager([("下一页", "content_9_2.htm")]))
    server.route(P1, Reply(html.encode("utf-8"), headers=TYPE))
    server.route(P2, Reply(b"", 302, {"Location": P1}))
    article = run(server.url(P1))
    assert article.provenance.pages == 1


def test_missing_continuation_page_keeps_what_was_fetched(server: LocalServer) -> None:
    html = news_page("缺页", [BODY_1, BODY_2], pager=pager([("下一页", "content_9_2.htm")]))
    server.route(P1, Reply(html.encode("utf-8"), headers=TYPE))
    article = run(server.url(P1))
    assert article.provenance.pages == 1
    assert BODY_1 in article.text
    assert any("not joined" in w and "404" in w for w in article.provenance.warnings)


def test_first_page_failure_raises(server: LocalServer) -> None:
    with pytest.raises(FetchError) as info:
        run(server.url("/gone.htm"))
    assert info.value.code is ExitCode.HTTP_CLIENT


def test_follow_pages_from_an_already_fetched_first_page(server: LocalServer) -> None:
    three_pages(server)

    async def go() -> tuple[list[Page], list[str]]:
        async with Fetcher(FAST) as fetcher:
            first = await fetcher.fetch(server.url(P1))
            return await follow_pages(fetcher, first, 10)

    pages, warnings = asyncio.run(go())
    assert [p.url for p in pages] == [server.url(p) for p in (P1, P2, P3)]
    assert pages[0].status == 200
    assert warnings == []
    assert server.hits(P1) == 1


def test_a_repeated_page_is_skipped_and_later_pages_still_joined(server: LocalServer) -> None:
    # _1 is page 1 again on this site; _2 is the real second page.
    links = [("1", "content_9.htm"), ("2", "content_9_1.htm"), ("3", "content_9_2.htm")]
    first = news_page("别名", [BODY_1, BODY_2], pager=pager(links)).encode("utf-8")
    second = news_page("别名", [BODY_3, BODY_4], pager=pager(links)).encode("utf-8")
    server.route(P1, Reply(first, headers=TYPE))
    server.route("/news/content_9_1.htm", Reply(first, headers=TYPE))
    server.route(P2, Reply(second, headers=TYPE))
    article = run(server.url(P1))
    assert article.provenance.pages == 2
    assert article.text.count(BODY_1) == 1 and BODY_3 in article.text


def test_a_site_ignoring_page_numbers_is_not_fetched_forever(server: LocalServer) -> None:
    links = [(str(n), f"show.php?id=9&page={n}") for n in range(1, 9)]
    html = news_page("忽略页码", [BODY_1, BODY_2], pager=pager(links)).encode("utf-8")
    server.route("/show.php", Reply(html, headers=TYPE))
    article = run(server.url("/show.php?id=9"))
    assert article.provenance.pages == 1
    # The first page, then two repeats, then it stops.
    assert server.hits("/show.php") == 3


def test_meta_refresh_stub_leads_to_the_article(server: LocalServer) -> None:
    three_pages(server)
    stub = f'<html><head><meta http-equiv="refresh" content="0;url={P1}"></head><body>跳转</body>'
    server.route("/old/9.htm", Reply(stub.encode(), headers=TYPE))
    article = run(server.url("/old/9.htm"), max_pages=1)
    assert BODY_1 in article.text
    assert article.provenance.source_name == server.url("/old/9.htm")
    assert article.provenance.final_url == server.url(P1)


def test_meta_refresh_loop_stops(server: LocalServer) -> None:
    a = '<meta http-equiv="refresh" content="0;url=/b.htm"><body>a</body>'
    b = '<meta http-equiv="refresh" content="0;url=/a.htm"><body>b</body>'
    server.route("/a.htm", Reply(a.encode(), headers=TYPE))
    server.route("/b.htm", Reply(b.encode(), headers=TYPE))
    # Whether the extractor finds "b" worth an article is not this layer's business.
    with contextlib.suppress(NoArticleError):
        run(server.url("/a.htm"))
    assert server.hits("/a.htm") == 1 and server.hits("/b.htm") == 1


def test_each_page_is_decoded_once_while_following(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Following a refresh stub and the continuation links reads each fetched page's text
    # once (decoding a large page costs about a millisecond); the pipeline decodes its own.
    import jzcli.fetch.article as article_module

    three_pages(server)
    stub = f'<html><head><meta http-equiv="refresh" content="0;url={P1}"></head><body>跳转</body>'
    server.route("/old/9.htm", Reply(stub.encode(), headers=TYPE))
    decoded: list[str] = []
    real = article_module.decode_page

    def counting(page: Page) -> object:
        decoded.append(page.final_url or page.url)
        return real(page)

    monkeypatch.setattr(article_module, "decode_page", counting)

    async def go() -> tuple[list[Page], list[str]]:
        async with Fetcher(FAST) as fetcher:
            first = await fetcher.fetch(server.url("/old/9.htm"))
            return await follow_pages(fetcher, first, 10)

    pages, warnings = asyncio.run(go())
    assert [p.final_url or p.url for p in pages] == [server.url(p) for p in (P1, P2, P3)]
    assert warnings == []
    assert sorted(decoded) == sorted(server.url(p) for p in ("/old/9.htm", P1, P2, P3))
    # fetch_article follows the stub once too: the article is the same, its pages fetched once.
    decoded.clear()
    article = run(server.url("/old/9.htm"))
    assert article.provenance.pages == 3
    assert article.provenance.source_name == server.url("/old/9.htm")
    assert sorted(decoded) == sorted(server.url(p) for p in ("/old/9.htm", P1, P2, P3))
    assert [server.hits(p) for p in ("/old/9.htm", P1, P2, P3)] == [2, 2, 2, 2]


def test_single_page_article_only_when_nothing_is_to_follow(server: LocalServer) -> None:
    from jzcli.fetch.article import single_page_article
    from jzcli.pipeline import process_pages

    three_pages(server)
    alone = news_page("单页文章", [BODY_1, BODY_2]).encode("utf-8")
    server.route("/news/alone.htm", Reply(alone, headers=TYPE))
    stub = f'<html><head><meta http-equiv="refresh" content="0;url={P1}"></head><body>跳转</body>'
    server.route("/old/9.htm", Reply(stub.encode(), headers=TYPE))
    # A page whose refresh names itself has nothing to follow either.
    itself = news_page("自刷新", [BODY_3, BODY_4]).replace(
        "<head>", '<head><meta http-equiv="refresh" content="300;url=/news/self.htm">'
    )
    server.route("/news/self.htm", Reply(itself.encode("utf-8"), headers=TYPE))

    async def fetch_all() -> list[Page]:
        async with Fetcher(FAST) as fetcher:
            paths = ("/news/alone.htm", "/news/self.htm", P1, P3, "/old/9.htm")
            return [await fetcher.fetch(server.url(p)) for p in paths]

    alone_page, self_page, first, last, stub_page = asyncio.run(fetch_all())
    settings = Settings()
    # Page 3 of 3 links to pages 1 and 2 only: earlier pages are not followed.
    for page in (alone_page, self_page, last):
        # What follow_pages then process_pages give: the page alone, the same article.
        pages, warnings = asyncio.run(_follow(page))
        assert [p.url for p in pages] == [page.url] and warnings == []
        assert single_page_article(page, settings) == process_pages([page], settings)
    # Continuation links (page 1 of 3) or a refresh stub: the caller follows them.
    assert len(asyncio.run(_follow(first))[0]) == 3
    assert single_page_article(first, settings) is None
    assert asyncio.run(_follow(stub_page))[0][0].final_url == server.url(P1)
    assert single_page_article(stub_page, settings) is None


async def _follow(page: Page) -> tuple[list[Page], list[str]]:
    async with Fetcher(FAST) as fetcher:
        return await follow_pages(fetcher, page, 10)
