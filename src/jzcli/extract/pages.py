"""Find the continuation pages of a multi-page article (第2页, 下一页, page=2...)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from jzcli.extract.tree import reading

# Query parameters that carry a page number.
_PAGE_PARAMS = {
    "page",
    "p",
    "pg",
    "pn",
    "pageno",
    "page_no",
    "pagenum",
    "pageindex",
    "curpage",
    "currentpage",
    "cur_page",
    "paged",
    "pagenumber",
}
# content_123_2.html, show-5-2.htm, index_3.shtml: the stem, a separator, a small number.
_MARKED_NAME = re.compile(r"^(?P<stem>.+?)[_-](?P<n>[1-9]\d{0,2})(?P<ext>\.[A-Za-z0-9]{1,6})?$")
_NEXT_WORDS = {
    "下一页",
    "下页",
    "下一頁",
    "下頁",
    "后一页",
    "後一頁",
    "后页",
    "後頁",
    "下一分页",
    "下一页>>",
}
_PREV_WORDS = {"上一页", "上页", "上一頁", "上頁", "前一页", "前一頁", "previous", "prev", "‹", "«"}
_NUMBER = re.compile(r"第?\d{1,3}页?")
_NEXT_LATIN = {"next", "nextpage", "next page", "›", "»", ">", "→"}
_DECORATION = " \t\r\n[]【】()（）<>«»›‹→←|·"
_PAGER = re.compile(r"pag|fenye|fanye|multi", re.I)
_MAX_PAGE = 200


@dataclass(frozen=True)
class _Place:
    """Where a URL sits in a paged series: the series key and the page number."""

    key: tuple[str, ...]
    number: int
    marked: bool
    """The URL carries a page marker (_2, ?page=2, /2); unmarked URLs are first pages."""


def _strip_ext(path: str) -> str:
    folder, _, name = path.rpartition("/")
    return f"{folder}/{name.rsplit('.', 1)[0]}" if "." in name else path


def _places(url: str) -> list[_Place]:
    """Every way to read `url` as a page of a series: its unmarked first page or page N."""
    parts = urlsplit(url)
    host = parts.netloc.lower()
    path = parts.path or "/"
    query = parse_qsl(parts.query, keep_blank_values=True)
    rest = urlencode(sorted((k, v) for k, v in query if k.lower() not in _PAGE_PARAMS))
    page_value = next((v for k, v in query if k.lower() in _PAGE_PARAMS), None)
    if page_value is not None:
        if page_value.isdigit() and 0 < int(page_value) <= _MAX_PAGE:
            return [_Place(("q", host, path, rest), int(page_value), True)]
        return []
    folder, _, name = path.rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = "index" if stem in ("", "index", "default") else stem
    base = _strip_ext(path).rstrip("/")
    places = [
        _Place(("q", host, path, rest), 1, False),
        # Unmarked counts as 0 here: many CMSs number the second page _1 (xinhuanet: [2] = _1).
        _Place(("name", host, folder, stem, rest), 0, False),
        _Place(("path", host, base, rest), 1, False),
    ]
    match = _MARKED_NAME.match(name)
    if match:
        inner = match.group("stem")
        inner = "index" if inner in ("index", "default") else inner
        places.append(_Place(("name", host, folder, inner, rest), int(match.group("n")), True))
    # /article/123/2, /article/123/2.html, /article/123/page/2/
    tail = re.match(r"^(?P<base>.*?)(?:/page)?/(?P<n>[1-9]\d{0,2})(?:\.\w{1,6})?/?$", path)
    if tail:
        places.append(
            _Place(("path", host, _strip_ext(tail.group("base")), rest), int(tail.group("n")), True)
        )
    return places


def _later(candidate: str, current: str) -> tuple[int, _Place] | None:
    """(page number, current's place) when `candidate` is a later page of `current`'s series."""
    here = _places(current)
    for there in _places(candidate):
        if not there.marked:
            continue
        for place in here:
            if there.key == place.key and there.number > place.number:
                # A big number is more likely an article id than a page (news_123.html).
                if place.marked and place.number > 50:
                    continue
                return there.number, place
    return None


def _earlier_linked(place: _Place, links: list[str]) -> bool:
    """True when some link goes to an earlier page of `place`'s series (a real pager does)."""
    for link in links:
        for there in _places(link):
            if there.key == place.key and there.number < place.number:
                return True
    return False


def _label(node: LexborNode) -> str:
    """The link's words without arrows and brackets; a lone arrow stays (» as "next")."""
    text = (node.text(strip=True) or node.attributes.get("title") or "").strip()
    return text.strip(_DECORATION).lower() or text


def _in_pager(node: LexborNode) -> bool:
    """True when the link sits in a block whose class or id says it is a pager."""
    current: LexborNode | None = node.parent
    for _ in range(4):
        if current is None or current.tag in ("body", "html"):
            return False
        marks = f"{current.attributes.get('class') or ''} {current.attributes.get('id') or ''}"
        if _PAGER.search(marks):
            return True
        current = current.parent
    return False


def _absolute(href: str | None, base: str) -> str | None:
    if not href:
        return None
    href = href.strip()
    if href.startswith(("#", "javascript:", "mailto:")):
        return None
    try:
        joined = urljoin(base, href)
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _base_href(tree: LexborHTMLParser, url: str) -> str:
    node = tree.css_first("base[href]")
    return _absolute(node.attributes.get("href"), url) or url if node else url


def canonical_url(html: str, url: str) -> str:
    """The page's <link rel=canonical> as an absolute URL, or ''."""
    with reading(html) as tree:
        return _canonical_url(tree, url)


def _canonical_url(tree: LexborHTMLParser, url: str) -> str:
    for node in tree.css("link[rel]"):
        if "canonical" in (node.attributes.get("rel") or "").lower().split():
            return _absolute(node.attributes.get("href"), _base_href(tree, url)) or ""
    return ""


_REFRESH = re.compile(r"^\s*(\d+(?:\.\d+)?)?\s*[;,]?\s*(?:url\s*=\s*)?['\"]?([^'\"]*)", re.I)


def refresh_url(html: str, url: str, *, max_delay: float = 5.0, max_text: int = 200) -> str:
    """Where a stub page's <meta http-equiv=refresh> sends the reader, or ''.

    Only for pages with almost no text of their own: a real article that reloads itself
    every few minutes is not a redirect.
    """
    with reading(html) as tree:
        return _refresh_url(tree, url, max_delay, max_text)


def _refresh_url(tree: LexborHTMLParser, url: str, max_delay: float, max_text: int) -> str:
    for node in tree.css("meta[http-equiv]"):
        if (node.attributes.get("http-equiv") or "").strip().lower() != "refresh":
            continue
        match = _REFRESH.match(node.attributes.get("content") or "")
        if not match or not match.group(2).strip():
            continue
        delay = float(match.group(1) or 0)
        body = tree.body
        text = body.text(strip=True) if body is not None else ""
        if delay > max_delay or len(text) > max_text:
            return ""
        target = _absolute(match.group(2).strip(), _base_href(tree, url)) or ""
        return "" if target == (_absolute(url, url) or url) else target
    return ""


def continuation_urls(html: str, url: str) -> list[str]:
    """The later pages of the same article as `url`, in page order (same host only)."""
    with reading(html) as tree:
        return _continuation_urls(tree, url)


def _continuation_urls(tree: LexborHTMLParser, url: str) -> list[str]:
    base = _base_href(tree, url)
    host = urlsplit(url).netloc.lower()
    here = _absolute(url, url) or url
    anchors = tree.css("a[href]")
    resolved: list[str] = []

    def links() -> list[str]:
        """Every same-host link on the page, resolved once and only when needed."""
        if not resolved and anchors:
            for node in anchors:
                link = _absolute(node.attributes.get("href"), base)
                if link is not None and urlsplit(link).netloc.lower() == host:
                    resolved.append(link)
        return resolved

    numbered: dict[str, int] = {}
    next_links: list[str] = []
    has_previous = False

    def take(link: str) -> bool:
        """Keep `link` if it is a later page of this series; True if it is one."""
        found = _later(link, here)
        if found is None:
            return False
        number, place = found
        # From a page that itself carries a page number, trust the series only when the
        # page also links back to an earlier one (a chapter list's "next" does not).
        if not place.marked or place.number < 2 or _earlier_linked(place, links()):
            numbered.setdefault(link, number)
        return True

    for node in tree.css("link[rel], a[rel]"):
        rels = (node.attributes.get("rel") or "").lower().split()
        link = _absolute(node.attributes.get("href"), base)
        if link is None or urlsplit(link).netloc.lower() != host:
            continue
        if "next" in rels:
            # Only a page-numbered sibling: blogs put the next *post* in rel=next.
            take(link)
        if "prev" in rels or "previous" in rels:
            has_previous = True
    for node in anchors:
        label = _label(node)
        if not (label in _PREV_WORDS or label in _NEXT_WORDS or label in _NEXT_LATIN) and not (
            _NUMBER.fullmatch(label)
        ):
            continue  # most links: resolving them all would cost more than parsing the page
        link = _absolute(node.attributes.get("href"), base)
        if link is None or urlsplit(link).netloc.lower() != host or link == here:
            continue
        if label in _PREV_WORDS:
            has_previous = True
        elif label in _NEXT_WORDS:
            if not take(link) and link not in next_links:
                next_links.append(link)
        elif (label in _NEXT_LATIN or _NUMBER.fullmatch(label)) and _in_pager(node):
            take(link)
    if numbered:
        return sorted(numbered, key=lambda link: numbered[link])
    # A 下一页 link of another shape, only from what looks like a first page: on a middle
    # page (it has 上一页) it is more often the next chapter or excerpt than the next page.
    if has_previous:
        return []
    return [link for link in next_links if not _is_first_page(link, here)]


def _is_first_page(link: str, current: str) -> bool:
    """True when `link` is the unmarked first page of the series `current` belongs to."""
    first = {p.key for p in _places(link) if not p.marked}
    return any(p.key in first for p in _places(current))
