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

A list of only a few links (a new column, the last page of one) is not told from an
article by its size: a short article with a few related links has as many. It is told by
what the extractor kept: when every paragraph of the "article" is the text of a link on the
page (a date or the time beside it aside), with at least FEW_LINKS of them in the page's
main list, nothing on the page is prose that is not a link, and the page is a listing.
An article's body is text of its own, never only links to other pages.

Reading the list costs about as much as extracting an article, so it is only read for pages
that look like lists after extraction: no article, less than SHORT_TEXT characters of text,
or at least MIN_LINKS paragraphs of which at least half are shorter than SHORT characters
(headlines, not prose). Even then, most such pages are articles with a long block of related
links; before the list is read (every link joined to the page's address, which is most of
its cost), `link_text_bound` adds up the text of the links that could be in it: when even
that is short of LIST_SHARE of the article, the page is an article, without reading the list.
The bound only leaves out links the list reader would leave out too (see its docstring), so
the answer is the one the list reader gives.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from jzcli.batch.boilerplate import article_fingerprints
from jzcli.batch.store import pack_article
from jzcli.errors import JzError, NoArticleError
from jzcli.extract.listing import (
    _NEXT_TEXTS,
    ListingLink,
    _is_chrome,
    _link_text,
    _title_like,
    parse_listing,
)
from jzcli.extract.tree import parse
from jzcli.models import Article, CharsetDecision, Page
from jzcli.pipeline import decode_page, process_pages
from jzcli.settings import Settings
from jzcli.warc.reader import PAYLOAD_CUT

MIN_LINKS = 5
FEW_LINKS = 2
LIST_SHARE = 0.5
SHORT = 50
SHORT_TEXT = 200


@dataclass(frozen=True)
class ListingPage:
    """A page that lists articles rather than being one."""

    title: str
    links: tuple[ListingLink, ...]


def listing_of(
    page: Page, enough: float = 0, decided: CharsetDecision | None = None
) -> ListingPage | None:
    """The page's main list when it has enough article links, else None; None too when its
    links' titles cannot add up to `enough` characters (see link_text_bound).

    `decided`: the charset decision the pipeline made for this page (its article's), which
    spares deciding it again."""
    if page.kind != "html":
        return None
    try:
        html = decoded_as(page, decided) if decided else decode_page(page)[0]
    except JzError:
        return None
    if enough and link_text_bound(html, enough) < enough:
        return None
    listing = parse_listing(html, page.final_url or page.url)
    if len(listing.links) < MIN_LINKS:
        return None
    return ListingPage(listing.title, listing.links)


_DECIDED_BY_BYTES = frozenset(("bom", "http", "meta", "utf8", "detector", "fallback"))
_BOM_CODECS = frozenset(("utf-16", "utf-32", "utf-8-sig"))


def decoded_as(page: Page, decided: CharsetDecision) -> str:
    """The text `decode_page(page)` gives, from the decision it made (its charset).

    decode_page decodes with the decided codec, replacing bad bytes, and strips a BOM's
    U+FEFF for the codecs that keep it; deciding again (charset sniffing, the binary check)
    would only come to the same answer. A decision it cannot have made (text given as such)
    is made again."""
    if decided.source not in _DECIDED_BY_BYTES:
        return decode_page(page)[0]
    text = page.content.decode(decided.encoding, errors="replace")
    return text.lstrip("\ufeff") if decided.encoding in _BOM_CODECS else text


def link_text_bound(html: str, enough: float) -> int:
    """At least the summed title length of the list `parse_listing(html, ...)` finds.

    Counted once per distinct `href`: the text (`_link_text`) of each link that is not empty,
    a fragment or a script, not pager text (a number, 下一页, Next), title-like, and not in
    navigation or a sidebar (`_is_chrome`), the same tests the list reader makes on a link
    (it also checks the joined address, which only leaves out more). The total stops
    counting once it reaches `enough` with at least MIN_LINKS links; 0 when fewer links
    qualify, since a list needs MIN_LINKS.
    """
    total = count = 0
    seen: set[str] = set()
    for node in parse(html).css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        if not href or href in seen or href.startswith(_NO_PAGE):
            continue
        text = _link_text(node)
        if text.isdigit() or text.lower() in _NEXT_TEXTS or not _title_like(text):
            continue
        if _is_chrome(node):
            continue
        # The list reader keeps the first link to an address that passes every test; a
        # later link with the same href joins to the same address, so it cannot count.
        seen.add(href)
        total += len(text)
        count += 1
        if count >= MIN_LINKS and total >= enough:
            break
    return total if count >= MIN_LINKS else 0


_NO_PAGE = ("#", "javascript:", "mailto:", "tel:", "data:")


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
        enough = LIST_SHARE * max(1, len(article.text))
        listing = listing_of(page, enough, article.provenance.charset)
        if listing is not None:
            listed = sum(len(link.title) for link in listing.links)
            if listed >= LIST_SHARE * max(1, len(article.text)):
                return listing
        if len(article.text) < SHORT_TEXT:
            few = _few_links(page, article)
            if few is not None:
                return few
    return article


# What may stand beside a link in a list item: a date or time (digits, separators, 年月日).
_BESIDE_A_LINK = frozenset("年月日时分秒")
# A letter of a script that spaces its words (not Han, kana).
_SPACED_LETTER = r"[^\W\d_\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]"


def _few_links(page: Page, article: Article) -> ListingPage | None:
    """The page's main list when it has FEW_LINKS or more links and every paragraph of the
    article is made of link texts (see the module docstring); else None."""
    decided = article.provenance.charset
    try:
        html = decoded_as(page, decided) if decided else decode_page(page)[0]
    except JzError:
        return None
    found = {_link_text(node) for node in parse(html).css("a[href]")}
    texts = sorted((t for t in found if t), key=len, reverse=True)  # longest first
    # A link's text counts where it stands whole: not glued to a letter of a word around it
    # (an index's one-letter links `A` … `Z` are no part of `WARNING`). Han and kana write
    # no spaces between words, so next to them a link's text stands whole.
    alternatives = "|".join(map(re.escape, texts)) or "(?!)"
    whole = re.compile(rf"(?<!{_SPACED_LETTER})(?:{alternatives})(?!{_SPACED_LETTER})")
    for paragraph in article.paragraphs:
        rest = whole.sub(" ", paragraph)
        if any(c.isalpha() and c not in _BESIDE_A_LINK for c in rest):
            return None
    listing = parse_listing(html, page.final_url or page.url)
    if len(listing.links) < FEW_LINKS:
        return None
    return ListingPage(listing.title, listing.links)


Outcome = Article | ListingPage | JzError
"""What one record gives: an article, a listing page, or the error it failed with."""


@dataclass(frozen=True)
class Prepared:
    """A record's outcome with what storing it takes, made where the pipeline ran (a worker
    process at -j 2 and more), so that the main process, which reads the archive and
    settles every record, only stores them. None: not made there (the settling makes it)."""

    outcome: Outcome
    packed: bytes | None = None
    """The article as the state store keeps it (`pack_article`)."""
    fingerprints: frozenset[str] | None = None
    """Its paragraphs' fingerprints (cross-article boilerplate)."""
    sha256: str = ""
    """The payload's SHA-256."""


def truncated(article: Article, reason: str) -> Article:
    """The article with a warning that its archived response is cut (WARC-Truncated: reason);
    itself when it has that warning already."""
    note = f"the archived response is truncated (WARC-Truncated: {reason})"
    if reason == PAYLOAD_CUT:  # no WARC-Truncated: jz found the cut (warc.reader)
        note = "the archived response is truncated (its compressed payload stops early)"
    if note in article.provenance.warnings:
        return article
    prov = replace(article.provenance, warnings=(*article.provenance.warnings, note))
    return replace(article, provenance=prov)


def prepare_record(
    page: Page,
    settings: Settings,
    captured: str = "",
    cut: str = "",
    *,
    pack: bool = True,
    fingerprints: bool = True,
) -> Prepared:
    """One archived record, all the way to what the state store keeps: `archived_article`
    (an error is an outcome too), the truncation warning when its WARC-Truncated is `cut`,
    and for an article its SHA-256, packed form (when `pack`) and fingerprints (when
    `fingerprints`)."""
    try:
        outcome = archived_article(page, settings, captured)
    except JzError as exc:
        return Prepared(exc)
    except Exception as exc:  # a bug in one article must not stop the run
        return Prepared(JzError(f"internal error: {type(exc).__name__}: {exc}"))
    if isinstance(outcome, ListingPage):
        return Prepared(outcome)
    if cut:
        outcome = truncated(outcome, cut)
    return Prepared(
        outcome,
        pack_article(outcome) if pack else None,
        frozenset(article_fingerprints(outcome)) if fingerprints else None,
        hashlib.sha256(page.content).hexdigest(),
    )


__all__ = [
    "FEW_LINKS",
    "LIST_SHARE",
    "MIN_LINKS",
    "ListingPage",
    "Outcome",
    "Prepared",
    "archived_article",
    "at_capture_time",
    "decoded_as",
    "link_text_bound",
    "listing_of",
    "looks_like_a_list",
    "prepare_record",
    "truncated",
]
