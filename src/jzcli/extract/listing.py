"""Read a column's listing page: the article links of its main list and the next page."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborNode

from jzcli.extract.dates import parse_date
from jzcli.extract.tree import parse
from jzcli.extract.urls import is_malformed, join_url


@dataclass(frozen=True)
class ListingLink:
    """One article link of a listing page, with the date printed next to it if any."""

    url: str
    title: str
    date: str = ""
    """ISO date (YYYY-MM-DD) shown beside the link on the listing, or ''."""


@dataclass(frozen=True)
class Listing:
    """What one listing page offers: article links in page order and the next page."""

    url: str
    title: str
    links: tuple[ListingLink, ...]
    next_url: str | None
    page_urls: tuple[str, ...] = ()
    """Every pagination link seen (numbered pages, next, last), for loop detection."""
    bad_links: int = 0
    """Links skipped because their address is malformed (`http://[oops/`)."""


# Containers whose links are site chrome, not the column's list.
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
_CHROME_WORDS = re.compile(
    r"(^|[-_\s])(nav|navbar|menu|header|footer|breadcrumb|crumbs?|position|location|"
    r"sidebar|side|aside|hot|rank|ranking|friend|friendlinks|copyright|"
    r"pager|pagination|paging|pagelist|fenye|share|tags?)($|[-_\s\d])",
    re.I,
)
_NEXT_TEXTS = frozenset(
    {
        "下一页",
        "下页",
        "下一頁",
        "後頁",
        "后页",
        "next",
        "next page",
        "next ›",
        "next >",
        "next »",
        "›",
        ">",
        "下一页>",
        "下一页 >",
        "下一页»",
        "下一页 »",
    }
)
# URLs that name a listing page rather than an article.
_LISTING_URL = re.compile(
    r"(/|^)(index|list|default|more)(_\d+)?\.s?html?$|[?&](page|p|pn|pageno|pageindex)=\d+",
    re.I,
)
# What article URLs look like on news CMSs: numeric ids, dated folders, t20240512_123.html.
_ARTICLE_URL = re.compile(
    r"\d{4,}|/(19|20)\d\d[-/_]?[01]\d|content_\d+|/a/\w+|[?&](id|aid|articleid|docid|newsid)=\w+",
    re.I,
)
_SHORT_DATE = re.compile(
    r"(?<!\d)(?P<month>1[0-2]|0?[1-9])[-/.月](?P<day>3[01]|[12]\d|0?[1-9])(?!\d)日?"
)
_TRS_PAGER = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([^'\"]+)['\"]"
    r"\s*,\s*['\"]([^'\"]+)['\"]"
)
_ITEM_TAGS = frozenset({"li", "tr", "dd", "dt", "article", "p", "h2", "h3", "h4"})


def site_of(url: str) -> str:
    """The site a URL belongs to: its lower-case host name without a leading www."""
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    """Whether two URLs are on the same site (host, ignoring www.)."""
    return site_of(a) == site_of(b)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> tuple[str, str, int]:
    """(scheme, host without www., port) of a URL; ('', '', 0) when it has none."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        port = parts.port or _DEFAULT_PORTS.get(scheme, 0)
    except ValueError:
        return ("", "", 0)
    host = site_of(url)
    return (scheme, host, port) if host else ("", "", 0)


def same_origin(a: str, b: str) -> bool:
    """Whether two URLs share scheme, host and port (www.host and host count as one)."""
    origin = origin_of(a)
    return bool(origin[1]) and origin == origin_of(b)


def _classes(node: LexborNode) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}"


def _is_chrome(node: LexborNode) -> bool:
    """Whether the link sits inside navigation, header, footer, sidebar or the pager."""
    cur: LexborNode | None = node.parent
    while cur is not None and cur.tag not in ("body", "html"):
        if cur.tag in _CHROME_TAGS:
            return True
        if _CHROME_WORDS.search(_classes(cur)):
            return True
        cur = cur.parent
    return False


def _item_of(link: LexborNode) -> LexborNode:
    """The list item a link belongs to (li, tr, dd...), or the link's parent."""
    cur: LexborNode | None = link.parent
    depth = 0
    while cur is not None and depth < 4:
        if cur.tag in _ITEM_TAGS:
            return cur
        cur = cur.parent
        depth += 1
    return link.parent if link.parent is not None else link


def _signature(node: LexborNode) -> str:
    """A path of tag.class from the root: list blocks of the same main list share it."""
    parts: list[str] = []
    cur: LexborNode | None = node
    while cur is not None and cur.tag not in ("html", "-document"):
        cls = (cur.attributes.get("class") or "").strip()
        parts.append(f"{cur.tag}.{cls}" if cls else str(cur.tag))
        cur = cur.parent
    return "/".join(reversed(parts))


def _link_text(node: LexborNode) -> str:
    text = node.text(separator=" ", strip=True)
    title = (node.attributes.get("title") or "").strip()
    # Listings often cut titles short ("…") and keep the full one in title=.
    if title and (len(title) > len(text) or text.endswith(("...", "…"))):
        return " ".join(title.split())
    return " ".join(text.split())


def _title_like(text: str) -> bool:
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    return cjk >= 4 or len(text.split()) >= 3


def _clean_url(href: str, base: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    joined = join_url(base, href)  # None for a malformed link: skipped, counted by the caller
    if joined is None:
        return None
    url = urldefrag(joined)[0]
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return url


def _date_near(item: LexborNode, year_hint: str) -> str:
    """The date printed in the list item, as YYYY-MM-DD ('' when none)."""
    text = item.text(separator=" ", strip=True)
    found = parse_date(text)
    if found:
        return found[:10]
    short = _SHORT_DATE.search(text)
    if short and year_hint:
        return f"{year_hint}-{int(short['month']):02d}-{int(short['day']):02d}"
    return ""


def _trs_next(html: str, url: str) -> str | None:
    # TRS WCM and its clones write the pager in JS: createPageHTML(total, current, "index", "html").
    m = _TRS_PAGER.search(html)
    if not m:
        return None
    total, current, prefix, ext = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
    if current + 1 >= total:
        return None
    return urljoin(url, f"{prefix}_{current + 1}.{ext}")


def parse_listing(
    html: str,
    url: str,
    *,
    page_number: int = 1,
    in_scope: Callable[[str], bool] | None = None,
) -> Listing:
    """Article links of a listing page's main list, and the URL of its next page.

    Only links `in_scope` are considered (default: the page's own origin, see same_origin).
    The main list is the group of in-scope, article-like links (title-like text, article-like
    URL) sharing one container path that holds the most of them; links in navigation,
    header, footer, sidebars and the pager are ignored. The next page is `rel=next`, a link
    reading 下一页/下页/Next/›/>, the numbered link for `page_number + 1`, or a TRS
    `createPageHTML` call, in that order.
    """
    if in_scope is None:
        in_scope = functools.partial(same_origin, url)
    tree = parse(html)  # within the page's tag budget (memory)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node else ""
    year_hint = ""
    m = re.search(r"(?:19|20)\d\d", url)
    if m:
        year_hint = m.group(0)

    next_url: str | None = None
    page_urls: list[str] = []
    numbered: dict[int, str] = {}
    for node in tree.css("link[rel], a[rel]"):
        rels = (node.attributes.get("rel") or "").lower().split()
        href = _clean_url(node.attributes.get("href") or "", url)
        if "next" in rels and href and next_url is None and in_scope(href):
            next_url = href

    groups: dict[str, list[ListingLink]] = defaultdict(list)
    seen: set[str] = set()
    for node in tree.css("a[href]"):
        href = _clean_url(node.attributes.get("href") or "", url)
        if href is None or not in_scope(href):
            continue
        text = _link_text(node)
        if text.lower() in _NEXT_TEXTS:
            page_urls.append(href)
            if next_url is None and href != url:
                next_url = href
            continue
        if text.isdigit():
            page_urls.append(href)
            numbered.setdefault(int(text), href)
            continue
        path = urlsplit(href)
        if _LISTING_URL.search(path.path + ("?" + path.query if path.query else "")):
            page_urls.append(href)
            continue
        if href in seen or not _title_like(text) or not _ARTICLE_URL.search(href):
            continue
        if _is_chrome(node):
            continue
        item = _item_of(node)
        container = item.parent if item.parent is not None else item
        seen.add(href)
        groups[_signature(container)].append(ListingLink(href, text, _date_near(item, year_hint)))

    if next_url is None and (page_number + 1) in numbered:
        next_url = numbered[page_number + 1]
    if next_url is None:
        trs = _trs_next(html, url)
        next_url = trs if trs is not None and in_scope(trs) else None
    if next_url is not None:
        page_urls.append(next_url)

    links: tuple[ListingLink, ...] = ()
    if groups:
        best = max(groups.values(), key=len)
        links = tuple(best)
    bad = sum(is_malformed(n.attributes.get("href") or "", url) for n in tree.css("[href]"))
    return Listing(url, title, links, next_url, tuple(dict.fromkeys(page_urls)), bad)


__all__ = [
    "Listing",
    "ListingLink",
    "origin_of",
    "parse_listing",
    "same_origin",
    "same_site",
    "site_of",
]
