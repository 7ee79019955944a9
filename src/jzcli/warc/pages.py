"""The per-record work of a WARC run: an article, or a listing page and what it links to.

An archive holds every page a crawler saw, listing pages included. A column export knows
which pages are listings because it crawled them; a WARC run has to recognise them: a page
whose main list (`parse_listing`) has at least MIN_LINKS article links, whose titles make
up at least LIST_SHARE of the text the article extractor kept (or that yields no article),
is a listing. Its links tell the later records their column and listing date, as in a
column export. Articles still come from `process_pages`, unchanged.

Relative dates on an archived page (`3小时前`, `昨天 10:20`) were written for the moment
it was captured: that moment, the record's WARC-Date, is given to the pipeline as the page's
reference time (the `date` header it reads them against), in place of any archived HTTP
Date. WARC-Date is the crawler's clock at capture, which every record has; a server's Date
may be missing, or come from a cache or a wrong clock.

Reading the list costs about as much as extracting an article, so it is only read for pages
that look like lists after extraction: no article, less than SHORT_TEXT characters of text,
or at least MIN_LINKS paragraphs of which at least half are shorter than SHORT characters
(headlines, not prose).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jzcli.errors import JzError, NoArticleError
from jzcli.extract.listing import ListingLink, parse_listing
from jzcli.models import Article, Page
from jzcli.pipeline import decode_page, process_pages
from jzcli.settings import Settings

MIN_LINKS = 5
LIST_SHARE = 0.5
SHORT = 50
SHORT_TEXT = 200


@dataclass(frozen=True)
class ListingPage:
    """A page that lists articles rather than being one."""

    title: str
    links: tuple[ListingLink, ...]


def listing_of(page: Page) -> ListingPage | None:
    """The page's main list when it has enough article links, else None."""
    if page.kind != "html":
        return None
    try:
        html, _ = decode_page(page)
    except JzError:
        return None
    listing = parse_listing(html, page.final_url or page.url)
    if len(listing.links) < MIN_LINKS:
        return None
    return ListingPage(listing.title, listing.links)


def looks_like_a_list(article: Article) -> bool:
    """Little text, or many paragraphs, most of them headline-short."""
    paragraphs = article.paragraphs
    if sum(len(p) for p in paragraphs) < SHORT_TEXT:
        return True
    short = sum(len(p) < SHORT for p in paragraphs)
    return len(paragraphs) >= MIN_LINKS and 2 * short >= len(paragraphs)


def at_capture_time(page: Page, captured: str) -> Page:
    """The page with its capture time (a WARC-Date) as the reference for relative dates."""
    if not captured or page.headers.get("date") == captured:
        return page
    return replace(page, headers={**page.headers, "date": captured})


def archived_article(page: Page, settings: Settings, captured: str = "") -> Article | ListingPage:
    """The article of an archived page captured at `captured` (its WARC-Date), or the
    listing it is (see the module docstring)."""
    page = at_capture_time(page, captured)
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


__all__ = [
    "LIST_SHARE",
    "MIN_LINKS",
    "ListingPage",
    "archived_article",
    "at_capture_time",
    "listing_of",
    "looks_like_a_list",
]
