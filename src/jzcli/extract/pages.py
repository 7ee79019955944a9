"""Find the continuation pages of a multi-page article (第2页, 下一页, page=2...)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

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
    "下一分页",
    "下一页>>",
}
_NEXT_LATIN = {"next", "nextpage", "next page", "›", "»", ">", "→"}
_DECORATION = " \t\r\n[]【】()（）<>«»›‹→←|·"
_PAGER = re.compile(r"pag|fenye|fanye|multi", re.I)
_MAX_PAGE = 200


@dataclass(frozen=True)
class _PagePlace:
    """Where a URL sits in a paged series: the series key and the page number."""

    key: tuple[str, ...]
    number: int


def _places(url: str) -> list[_PagePlace]:
    """Every way to read `url` as a page of a series (unmarked page 1, or a marked page N)."""
    parts = urlsplit(url)
    host = parts.netloc.lower()
    path = parts.path or "/"
    query = parse_qsl(parts.query, keep_blank_values=True)
    plain_query = [(k, v) for k, v in query if k.lower() not in _PAGE_PARAMS]
    rest = urlencode(sorted(plain_query))
    page_value = next((v for k, v in query if k.lower() in _PAGE_PARAMS), None)

    folder, _, name = path.rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    if stem in ("", "index", "default"):
        stem = "index"
    places: list[_PagePlace] = []
    if page_value is not None:
        if page_value.isdigit() and 0 < int(page_value) <= _MAX_PAGE:
            places.append(_PagePlace((host, folder, stem, rest, "q"), int(page_value)))
    else:
        places.append(_PagePlace((host, folder, stem, rest, "q"), 1))
    if page_value is None:
        places.append(_PagePlace((host, folder, stem, rest, "name"), 1))
        match = _MARKED_NAME.match(name)
        if match:
            inner = match.group("stem")
            inner = "index" if inner in ("index", "default") else inner
            places.append(_PagePlace((host, folder, inner, rest, "name"), int(match.group("n"))))
        # /article/123/2 and /article/123/page/2 (WordPress-style paths)
        tail = re.match(r"^(?P<base>.*?)(?:/page)?/(?P<n>[1-9]\d{0,2})/?$", path)
        if tail:
            number = int(tail.group("n"))
            places.append(_PagePlace((host, tail.group("base"), "", rest, "path"), number))
        places.append(_PagePlace((host, path.rstrip("/"), "", rest, "path"), 1))
    return places


def _page_after(candidate: str, current: str) -> int | None:
    """The page number of `candidate` when it is a later page of `current`'s series."""
    here = _places(current)
    for there in _places(candidate):
        for place in here:
            if there.key == place.key and there.number > place.number:
                # A big "current" number is more likely an article id than a page (news_123.html).
                if place.number > 1 and place.number > 50:
                    continue
                return there.number
    return None


def _label(node: LexborNode) -> str:
    text = node.text(strip=True) or node.attributes.get("title") or ""
    return text.strip(_DECORATION).lower()


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
    tree = LexborHTMLParser(html)
    for node in tree.css("link[rel]"):
        if "canonical" in (node.attributes.get("rel") or "").lower().split():
            return _absolute(node.attributes.get("href"), _base_href(tree, url)) or ""
    return ""


def continuation_urls(html: str, url: str) -> list[str]:
    """The later pages of the same article as `url`, in page order (same host only)."""
    tree = LexborHTMLParser(html)
    base = _base_href(tree, url)
    host = urlsplit(url).netloc.lower()
    here = _absolute(url, url) or url
    numbered: dict[str, int] = {}
    unnumbered: list[str] = []

    def consider(link: str | None, strong: bool, pager: bool) -> None:
        if link is None or urlsplit(link).netloc.lower() != host or link == here:
            return
        number = _page_after(link, here)
        if number is not None and (strong or pager):
            numbered.setdefault(link, number)
        elif (
            number is None and strong and link not in unnumbered and not _is_first_page(link, here)
        ):
            unnumbered.append(link)

    for node in tree.css("link[rel], a[rel]"):
        if "next" in (node.attributes.get("rel") or "").lower().split():
            consider(_absolute(node.attributes.get("href"), base), strong=True, pager=True)
    for node in tree.css("a[href]"):
        label = _label(node)
        link = _absolute(node.attributes.get("href"), base)
        if not label or link is None:
            continue
        pager = _in_pager(node)
        if label in _NEXT_WORDS:
            consider(link, strong=True, pager=pager)
        elif label in _NEXT_LATIN:
            if pager:
                consider(link, strong=False, pager=True)
        elif label.isdigit() or re.fullmatch(r"第?\d{1,3}页", label):
            number = _page_after(link, here)
            digits = int(re.sub(r"\D", "", label))
            # A bare number is a page link only in a pager, or when it matches the URL's number.
            if number is not None and (pager or digits == number):
                numbered.setdefault(link, number)
    if numbered:
        return sorted(numbered, key=lambda link: numbered[link])
    # Only when the page shows no numbered series, trust a next link of another shape.
    return unnumbered


def _is_first_page(link: str, current: str) -> bool:
    """True when `link` is the unmarked first page of the series `current` belongs to."""
    first = {p.key for p in _places(link) if p.number == 1}
    return any(p.key in first for p in _places(current))
