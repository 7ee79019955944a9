"""Feeds and sitemaps as sources of article URLs for `jz column`.

- RSS 0.9x, 1.0 (RDF) and 2.0, and Atom, read with feedparser from text that jz decoded
  itself (jzcli.decode: the XML declaration, the HTTP charset and the bytes decide, so
  GBK and GB2312 feeds read right);
- sitemaps (<urlset>) and sitemap indexes (<sitemapindex>), Google News sitemaps
  (news:publication_date, news:title), gzip-compressed or not, read with the standard
  library's incremental XML parser (no DTD, no external entities);
- discovery: <link rel="alternate" type="application/rss+xml|atom+xml"> on a page and the
  Sitemap: lines of robots.txt (protego).

Every entry carries the dates the source gives, so --since/--until can leave an article out
without fetching it.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from jzcli.decode import decode_bytes
from jzcli.extract.dates import parse_date

SourceKind = Literal["feed", "sitemap", "sitemapindex"]

MAX_SITEMAP_BYTES = 50 * 1024 * 1024
"""The sitemaps.org limit for one uncompressed sitemap; a larger one is cut there."""

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/xml",
    "text/xml",
)

_ROOT = re.compile(rb"<\s*([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")
_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass(frozen=True)
class Entry:
    """One article a feed or sitemap names."""

    url: str
    title: str = ""
    published: str = ""
    """YYYY-MM-DD the source says the article was published ('' if it does not)."""
    modified: str = ""
    """YYYY-MM-DD of the last change (sitemap lastmod, Atom updated); never before published."""


@dataclass(frozen=True)
class Source:
    """A parsed feed or sitemap: its entries and, for an index, the sitemaps it names."""

    kind: SourceKind
    title: str = ""
    entries: tuple[Entry, ...] = ()
    children: tuple[Entry, ...] = ()
    """Child sitemaps of a sitemap index (url and modified)."""


def gunzip(data: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """The bytes, uncompressed when they are gzip (at most `limit` bytes)."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        return inflater.decompress(data, limit)
    except zlib.error:
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
                return handle.read(limit)
        except (OSError, EOFError):
            return data


def source_kind(data: bytes) -> SourceKind | None:
    """feed, sitemap or sitemapindex from the first element of (uncompressed) bytes."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    # Skip the XML declaration, comments, processing instructions and a doctype.
    pos = 0
    while True:
        head = head[pos:].lstrip()
        if head.startswith(b"<?"):
            pos = head.find(b"?>") + 2
        elif head.startswith(b"<!--"):
            pos = head.find(b"-->") + 3
        elif head.startswith(b"<!"):
            pos = head.find(b">") + 1
        else:
            break
        if pos <= 1:
            return None
    match = _ROOT.match(head)
    if match is None:
        return None
    name = match.group(2).decode("ascii").lower()
    if name in ("rss", "feed", "rdf"):
        return "feed"
    if name == "urlset":
        return "sitemap"
    if name == "sitemapindex":
        return "sitemapindex"
    return None


def _day(value: str) -> str:
    """YYYY-MM-DD from a feed or sitemap date as written (the local day, not UTC)."""
    return parse_date(value.strip())[:10] if value else ""


def decode_xml(data: bytes, http_charset: str | None = None) -> str:
    """Text of an XML document: BOM, declaration and HTTP charset weighed by jzcli.decode."""
    declared = _DECL_ENCODING.match(data[:200])
    label = http_charset or (declared.group(1).decode("ascii") if declared else None)
    text, _ = decode_bytes(data, http_charset=label)
    # The declaration would tell an XML parser to decode again: the text is decoded already.
    return re.sub(r"""^\s*<\?xml[^>]*\?>""", "", text, count=1)


def parse_feed(data: bytes, url: str, http_charset: str | None = None) -> Source:
    """The entries of an RSS or Atom feed, in feed order."""
    import feedparser  # type: ignore[import-untyped]

    text = decode_xml(data, http_charset)
    # The text is decoded already: say so, or feedparser falls back to ISO-8859-1.
    headers = {"content-location": url, "content-type": "application/xml; charset=utf-8"}
    parsed = feedparser.parse(text, response_headers=headers)
    entries: list[Entry] = []
    for item in parsed.entries:
        link = _entry_link(item)
        if not link:
            continue
        # dict.get: FeedParserDict maps a missing 'published' to 'updated' (with a warning).
        written = dict.get(item, "published") or dict.get(item, "dc_date") or ""
        published = _day(str(written or dict.get(item, "created") or ""))
        modified = _day(str(dict.get(item, "updated") or ""))
        if not published and modified:
            # Atom without <published>: <updated> is the best date there is.
            published = modified
        entries.append(
            Entry(
                url=urljoin(url, link.strip()),
                title=" ".join(str(item.get("title") or "").split()),
                published=published,
                modified=max(modified, published),
            )
        )
    title = " ".join(str(parsed.feed.get("title") or "").split())
    return Source("feed", title=title, entries=tuple(entries))


def _entry_link(item: object) -> str:
    get = getattr(item, "get", None)
    if get is None:
        return ""
    link = get("link") or ""
    if not link:
        for candidate in get("links") or ():
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                return str(candidate["href"])
        guid = get("id") or ""
        if str(guid).startswith(("http://", "https://")):
            return str(guid)
    return str(link)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def parse_sitemap(data: bytes, url: str) -> Source:
    """The entries of a sitemap, or the child sitemaps of a sitemap index (gzip or not)."""
    raw = gunzip(data)
    kind = source_kind(raw) or "sitemap"
    if kind == "feed":
        return parse_feed(raw, url)
    items = list(_sitemap_items(raw[:MAX_SITEMAP_BYTES], url))
    if kind == "sitemapindex":
        return Source(kind, children=tuple(items))
    return Source(kind, entries=tuple(items))


def _sitemap_items(data: bytes, base: str) -> Iterator[Entry]:
    """<url> or <sitemap> items, read incrementally (memory stays flat on big sitemaps)."""
    parser: XMLPullParser[Element] = XMLPullParser(events=("end",))
    fields: dict[str, str] = {}
    step = 1 << 16
    for start in range(0, max(len(data), 1), step):
        try:
            parser.feed(data[start : start + step])
            events: list[Any] = list(parser.read_events())
        except ParseError:
            return  # a broken tail: keep what came before it
        for _, elem in events:
            if not isinstance(elem, Element):
                continue
            name = _local(elem.tag)
            if name in ("url", "sitemap"):
                loc = fields.get("loc", "")
                if loc:
                    published = _day(fields.get("publication_date", ""))
                    modified = _day(fields.get("lastmod", ""))
                    yield Entry(
                        url=loc if loc.startswith(("http://", "https://")) else urljoin(base, loc),
                        title=fields.get("title", ""),
                        published=published,
                        modified=max(modified, published),
                    )
                fields = {}
                elem.clear()
            elif name in ("loc", "lastmod", "publication_date", "title"):
                # setdefault: an image:loc or video:loc after the page's own loc is not it.
                fields.setdefault(name, " ".join((elem.text or "").split()))


def feed_links(html: str, base: str) -> list[str]:
    """Feeds a page announces with <link rel="alternate" type="application/rss+xml">."""
    from selectolax.lexbor import LexborHTMLParser

    found: list[str] = []
    for node in LexborHTMLParser(html).css("link[href]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        kind = (node.attributes.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rel or kind not in FEED_TYPES[:3]:
            continue
        href = (node.attributes.get("href") or "").strip()
        if href:
            link = urljoin(base, href)
            if link not in found:
                found.append(link)
    return found


def robots_sitemaps(robots_txt: bytes, base: str) -> list[str]:
    """The Sitemap: lines of a robots.txt, as absolute URLs."""
    from protego import Protego

    parser = Protego.parse(robots_txt.decode("utf-8", "replace"))
    out: list[str] = []
    for line in parser.sitemaps:
        link = urljoin(base, str(line).strip())
        if link not in out:
            out.append(link)
    return out


__all__ = [
    "Entry",
    "Source",
    "decode_xml",
    "feed_links",
    "gunzip",
    "parse_feed",
    "parse_sitemap",
    "robots_sitemaps",
    "source_kind",
]
