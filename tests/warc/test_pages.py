"""Listing detection on archived pages: the link-text bound never changes the answer."""

from __future__ import annotations

import hashlib
import math

import pytest
from tests.warc.archives import sample_pages

from jzcli.errors import JzError, NoArticleError
from jzcli.extract.listing import parse_listing
from jzcli.models import Article, Page
from jzcli.pipeline import decode_page, process_pages
from jzcli.settings import Settings
from jzcli.warc.pages import (
    LIST_SHARE,
    ListingPage,
    archived_article,
    decoded_as,
    link_text_bound,
    listing_of,
    looks_like_a_list,
    prepare_record,
    truncated,
)

URL = "https://news.example.com/2024/05/index.html"

NAV = (
    '<div class="nav"><a href="/">首页</a> <a href="/news/local/index.html">本地新闻</a> '
    '<a href="/news/sports/index.html">体育新闻频道</a></div>'
)
SIDE = (
    '<div class="sidebar"><ul>'
    + "".join(
        f'<li><a href="/2024/05/t2024050{i}_900{i}.html">体育热点第{i}条主场胜利</a></li>'
        for i in range(5)
    )
    + "</ul></div>"
)


def _items(n: int, start: int = 0) -> list[tuple[str, str]]:
    return [
        (f"/2024/05/t202405{10 + i}_{1000 + i}.html", f"本地新闻第{i}号城市建设稳步推进民生改善")
        for i in range(start, start + n)
    ]


def listing_html(n: int = 8) -> str:
    items = _items(n)
    rows = [
        f'<li><a href="{h}">{t}</a> <span>2024-05-{10 + i:02d}</span></li>'
        for i, (h, t) in enumerate(items)
    ]
    # The same address twice (an image link and a title link), a title cut short with the
    # full one in title=, links that are no articles: each tests one rule of the bound.
    h0, t0 = items[0]
    rows.insert(1, f'<li><a href="{h0}">{t0}</a></li>')
    h, t = _items(1, start=n)[0]
    rows.append(f'<li><a href="{h}" title="{t}，详细报道全文">{t[:6]}…</a></li>')
    rows.append('<li><a href="javascript:void(0)">本地新闻更多内容请点击这里</a></li>')
    rows.append('<li><a href="#top">返回顶部本地新闻列表页面</a></li>')
    pager = (
        '<div class="pager"><a href="index_2.html">2</a> <a href="index_2.html">下一页</a></div>'
    )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>本地新闻_示例网</title></head>"
        f"<body>{NAV}<div class='main'><ul class='list'>{''.join(rows)}</ul>{pager}</div>{SIDE}"
        "</body></html>"
    )


def article_html(paragraphs: int, related: int, short: bool = False) -> str:
    text = (
        "今天的城市建设工程进展顺利，市民纷纷点赞。"
        if short
        else (
            "市政府今天召开新闻发布会，介绍了城市建设和民生改善的最新进展，"
            "记者在现场了解到多项工程已经按期完工并投入使用。"
        )
    )
    body = "".join(f"<p>第{i}段：{text}</p>" for i in range(paragraphs))
    links = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in _items(related))
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>城市建设稳步推进_示例网</title>"
        "</head><body>"
        f"{NAV}<article><h1>城市建设稳步推进</h1>{body}</article>"
        f"<div class='related-list'><h3>相关新闻</h3><ul>{links}</ul></div></body></html>"
    )


def reference(page: Page, settings: Settings) -> Article | ListingPage:
    """archived_article as it was before the bound: the list read whenever it may decide."""
    try:
        article = process_pages([page], settings)
    except NoArticleError:
        listing = listing_of(page)
        if listing is not None:
            return listing
        raise
    if looks_like_a_list(article):
        listing = listing_of(page)
        if listing is not None:
            listed = sum(len(link.title) for link in listing.links)
            if listed >= LIST_SHARE * max(1, len(article.text)):
                return listing
    return article


def test_bound_counts_each_listed_title_once() -> None:
    html = listing_html()
    listed = parse_listing(html, URL).links
    assert len(listed) == 9  # 8 plus the one with its title in title=
    # Navigation, the sidebar, the pager, the repeat and the script links count for nothing:
    # here the bound is the listed titles exactly.
    assert link_text_bound(html, math.inf) == sum(len(link.title) for link in listed)
    # It stops counting once it has enough.
    assert 40 <= link_text_bound(html, 40) < sum(len(link.title) for link in listed)


def test_too_few_links_bound_to_zero() -> None:
    assert link_text_bound(listing_html(3), math.inf) == 0  # 3 + 1 links: no list


@pytest.mark.parametrize("n", [5, 8, 30])
def test_listing_page_is_still_a_listing(n: int) -> None:
    page = Page(URL, listing_html(n).encode(), status=200)
    found = archived_article(page, Settings())
    assert isinstance(found, ListingPage)
    assert found == reference(page, Settings())


def test_one_letter_index_links_take_no_letters_out_of_words() -> None:
    # A short notice in capitals on a page with an A-Z index and two related links: the
    # index's `A` ... `Z` are whole words nowhere in the notice, so it is text of its own.
    index = " ".join(
        f'<a href="/glossary/{c.lower()}">{c}</a>' for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    )
    notice = [
        "STORM WARNING FOR THE NORTH COAST UNTIL FRIDAY NOON.",
        "HIGH WATER EXPECTED ABOVE THE QUAYS: KEEP AWAY FROM THE SHORE.",
    ]
    related = [
        ("flood-12345", "Flood tide: the rising of the sea"),
        ("spring-12346", "Spring tide: the largest range"),
    ]
    html = (
        f'<html><head><title>Storm warning</title></head><body><div class="az">{index}</div>'
        f"<article><h1>Storm warning</h1>{''.join(f'<p>{p}</p>' for p in notice)}</article>"
        '<ul class="more">'
        + "".join(f'<li><a href="/news/2024/05/{h}.html">{t}</a></li>' for h, t in related)
        + "</ul></body></html>"
    )
    page = Page("https://sea.example.org/news/2024/05/storm-12300.html", html.encode(), kind="html")
    found = archived_article(page, Settings())
    assert isinstance(found, Article)
    assert list(found.paragraphs) == notice
    # The same lines made of the links' own texts are still a list of links.
    listed = html.replace(
        "".join(f"<p>{p}</p>" for p in notice), "".join(f"<p>{t}</p>" for _, t in related)
    )
    page = Page(page.url, listed.encode(), kind="html")
    assert isinstance(archived_article(page, Settings()), ListingPage)


@pytest.mark.parametrize(
    ("paragraphs", "related", "short", "listing"),
    [
        (1, 0, False, False),  # too few links for a list
        (1, 6, False, True),  # a line of text above a list: a listing
        (1, 40, False, True),
        (6, 40, False, False),  # prose: never read as a list
        (10, 6, True, False),  # list-like text, links too short to outweigh it (the bound)
        (10, 40, True, True),
    ],
)
def test_articles_with_related_links_decided_as_before(
    paragraphs: int, related: int, short: bool, listing: bool
) -> None:
    html = article_html(paragraphs, related, short)
    page = Page("https://news.example.com/2024/05/t20240501_1.html", html.encode())
    found = archived_article(page, Settings())
    assert found == reference(page, Settings())
    assert isinstance(found, ListingPage) == listing
    if paragraphs == 10 and related == 6:
        assert isinstance(found, Article) and looks_like_a_list(found)
        assert link_text_bound(html, math.inf) < LIST_SHARE * len(found.text)


def test_bound_holds_on_real_pages() -> None:
    """On every sample page (real news pages, with their menus and related links) the bound
    is at least what the list reader lists, and the decision is the one without the bound."""
    settings = Settings()
    lists = 0
    for raw in sample_pages():
        html = raw.decode("utf-8", "replace")
        listing = parse_listing(html, URL)
        if len(listing.links) >= 5:
            lists += 1
            assert link_text_bound(html, math.inf) >= sum(len(x.title) for x in listing.links)
        page = Page(URL, raw, status=200)
        try:
            expected: Article | ListingPage | str = reference(page, settings)
        except NoArticleError as exc:
            expected = str(exc)
        try:
            found: Article | ListingPage | str = archived_article(page, settings)
        except NoArticleError as exc:
            found = str(exc)
        assert found == expected
    assert lists  # some sample pages do have a list of links the reader takes


def _encodings_of(raw: bytes) -> list[tuple[bytes, str]]:
    """A page as sent, and re-encoded the ways decode_page decides differently: a GBK body
    with its charset in the header, UTF-16 and UTF-8 with a BOM, a Latin-1 body undeclared,
    bytes that are not valid in the declared charset."""
    text = raw.decode("utf-8", "replace")
    return [
        (raw, "text/html"),
        (text.encode("gb18030", "replace"), "text/html; charset=gbk"),
        (text.encode("utf-16"), "text/html"),
        (b"\xef\xbb\xbf" + text.encode("utf-8"), "text/html"),
        ("<p>caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade</p>".encode("latin-1"), "text/html"),
        (raw[:2000] + b"\xff\xfe\x80" + raw[2000:], "text/html; charset=utf-8"),
    ]


def test_text_decoded_as_decided_is_the_text_decode_page_gives() -> None:
    """Listing detection decodes a page with the pipeline's own charset decision instead of
    deciding again: the text is decode_page's, whatever the decision was based on."""
    sources: set[str] = set()
    for raw in sample_pages()[:12]:
        for content, content_type in _encodings_of(raw):
            page = Page(URL, content, status=200, headers={"content-type": content_type})
            text, decision = decode_page(page)
            sources.add(decision.source)
            assert decoded_as(page, decision) == text
    assert {"utf8", "http", "bom"} <= sources  # the cases above do reach different decisions


def test_prepared_record_is_what_settling_would_make() -> None:
    """The worker's part of a record: the outcome archived_article gives, with the store's
    packed article, fingerprints and digest made from it (truncation warned once)."""
    from jzcli.batch.boilerplate import article_fingerprints
    from jzcli.batch.store import unpack_article

    raw = sample_pages()[0]
    page = Page(URL, raw, status=200)
    prepared = prepare_record(page, Settings(), cut="length")
    article = prepared.outcome
    assert isinstance(article, Article)
    expected = truncated(archived_article(page, Settings()), "length")
    assert article == expected and truncated(article, "length") is article
    assert [w for w in article.provenance.warnings if "WARC-Truncated" in w] == [
        "the archived response is truncated (WARC-Truncated: length)"
    ]
    assert prepared.packed is not None and unpack_article(prepared.packed) == article
    assert prepared.fingerprints == article_fingerprints(article)
    assert prepared.sha256 == hashlib.sha256(raw).hexdigest()
    bare = prepare_record(page, Settings(), pack=False, fingerprints=False)
    assert bare.packed is None and bare.fingerprints is None and bare.sha256
    broken = prepare_record(Page(URL, b"\x00\x01binary" * 100, status=200), Settings())
    assert isinstance(broken.outcome, JzError) and broken.packed is None
