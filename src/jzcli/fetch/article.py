"""Fetch one article: its first page, a refresh stub's target, its continuation pages."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from jzcli.errors import FetchError, JzError, NoArticleError
from jzcli.extract.pages import canonical_url, continuation_urls, refresh_url
from jzcli.models import Article, Page
from jzcli.pipeline import decode_page, process_pages
from jzcli.settings import Settings

if TYPE_CHECKING:  # client imports this module; at run time only .fetch() is called
    from jzcli.fetch.client import Fetcher


def _same_url(a: str) -> str:
    """A comparison key for URLs: no fragment, no trailing slash."""
    return a.split("#", 1)[0].rstrip("/")


async def fetch_article(
    fetcher: Fetcher,
    url: str,
    settings: Settings,
    *,
    max_pages: int = 10,
    headers: Mapping[str, str] | None = None,
    require_text: bool = True,
) -> Article:
    """Fetch an article and its continuation pages, then run the per-article pipeline
    (`require_text=False`: a page without article text gives its metadata)."""
    first = await fetcher.fetch(url, headers=headers)
    warnings: list[str] = []
    if first.kind == "html" and max_pages > 1:
        # follow_pages follows a refresh stub itself: its first page is the article's.
        refuse_empty(first)
        pages, warnings = await follow_pages(fetcher, first, max_pages, headers)
        refuse_empty(pages[0])
    else:
        first = await follow_refresh(fetcher, first, headers)
        refuse_empty(first)
        pages = [first]
    try:
        article = process_pages(pages, settings, require_text)
    except NoArticleError:
        raise NoArticleError(
            "no article text found on the page (it may be a list of links, or need "
            "JavaScript). Open it in a browser to check."
        ) from None
    if warnings:
        prov = replace(article.provenance, warnings=(*article.provenance.warnings, *warnings))
        article = replace(article, provenance=prov)
    return article


def refuse_empty(page: Page) -> None:
    """NoArticleError for a fetched page with no content (a 304 has none by design)."""
    if page.status != 304 and not page.content.strip():
        raise NoArticleError(
            f"the server sent an empty page (status {page.status}). "
            "Try again later, or open it in a browser."
        )


def _next_links(page: Page, html: str, seen: set[str]) -> list[str]:
    """The continuation links of `page` (its HTML given) not in `seen`, which gains the
    page's own addresses and its canonical URL."""
    seen.update({_same_url(page.url), _same_url(page.final_url or page.url)})
    base = page.final_url or page.url
    canonical = canonical_url(html, base)
    if canonical:
        # Never fetch again a page already joined under another address.
        seen.add(_same_url(canonical))
    return [link for link in continuation_urls(html, base) if _same_url(link) not in seen]


def single_page_article(first: Page, settings: Settings) -> Article | None:
    """process_pages([first]) when `first` has nothing to follow (no refresh target, no
    continuation link), which is what follow_pages then process_pages give for it; None
    when it has, for the caller to follow (it fetches).

    One call for the common single-page article, so a worker process reads the page's
    text and tree once for both questions (the tree stays in its cache for extraction)
    and the batch runner's event loop never parses a page.
    """
    if first.kind == "html" and first.content:
        try:
            html, _ = decode_page(first)
        except JzError:
            pass  # process_pages raises it
        else:
            here = {_same_url(first.url), _same_url(first.final_url or first.url)}
            target = refresh_url(html, first.final_url or first.url)
            if (target and _same_url(target) not in here) or _next_links(first, html, here):
                return None
    return process_pages([first], settings)


async def follow_pages(
    fetcher: Fetcher,
    first: Page,
    max_pages: int = 10,
    headers: Mapping[str, str] | None = None,
) -> tuple[list[Page], list[str]]:
    """`first` and its continuation pages in order, with warnings; stops at max_pages and loops.

    A stub `first` page that only refreshes to the article (meta refresh) is replaced by it.
    """
    first, first_html = await _follow_refresh(fetcher, first, headers)
    pages = [first]
    warnings: list[str] = []
    seen: set[str] = set()
    bodies = {hashlib.sha256(first.content).digest()}
    queue: list[str] = []
    repeats = 0

    def learn(page: Page, html: str | None = None) -> None:
        seen.update({_same_url(page.url), _same_url(page.final_url or page.url)})
        if html is None:
            try:
                html, _ = decode_page(page)
            except JzError:
                return
        for link in _next_links(page, html, seen):
            if link not in queue:
                queue.append(link)

    learn(first, first_html)
    while queue:
        link = queue.pop(0)
        if _same_url(link) in seen:
            continue
        if len(pages) >= max_pages:
            warnings.append(
                f"stopped after {max_pages} pages; more pages follow (raise --max-pages)"
            )
            break
        seen.add(_same_url(link))
        try:
            page = await fetcher.fetch(link, headers=headers)
        except FetchError as exc:
            warnings.append(f"page {len(pages) + 1} ({link}) not joined: {exc}")
            break
        digest = hashlib.sha256(page.content).digest()
        final = _same_url(page.final_url or page.url)
        if page.kind != "html" or digest in bodies or (final in seen and final != _same_url(link)):
            # The site sent a page already joined (it ignores the page number, or _1 is
            # page 1 again): skip it, and give up when it happens twice in a row.
            repeats += 1
            if repeats >= 2:
                break
            continue
        repeats = 0
        bodies.add(digest)
        pages.append(page)
        learn(page)
    return pages, warnings


async def follow_refresh(
    fetcher: Fetcher, page: Page, headers: Mapping[str, str] | None = None, *, hops: int = 3
) -> Page:
    """The page a stub's <meta http-equiv=refresh> leads to (url kept), or `page` itself."""
    return (await _follow_refresh(fetcher, page, headers, hops=hops))[0]


async def _follow_refresh(
    fetcher: Fetcher, page: Page, headers: Mapping[str, str] | None = None, *, hops: int = 3
) -> tuple[Page, str | None]:
    """follow_refresh, with the decoded HTML of the page it returns when it decoded that
    page (None otherwise), so that the caller does not decode it again."""
    seen = {_same_url(page.url), _same_url(page.final_url or page.url)}
    current = page
    html: str | None = None
    for _ in range(hops):
        html = None
        if current.kind != "html" or not current.content:
            break
        try:
            html, _ = decode_page(current)
        except JzError:
            break
        target = refresh_url(html, current.final_url or current.url)
        if not target or _same_url(target) in seen:
            break
        seen.add(_same_url(target))
        current = replace(await fetcher.fetch(target, headers=headers), url=page.url)
        html = None
    return current, html
