"""Article metadata from a page's head and markup: meta tags, JSON-LD, title, breadcrumb.

Only what the markup states is read here; lines in the visible page (bylines, date lines,
breadcrumb trails) are matched with `parse_breadcrumb` and the byline parser by the extractor,
which knows where the body is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from jzcli.extract.dates import parse_date
from jzcli.models import Author

_TITLE_SEP = re.compile(r"\s+[-|–—:·•»]+\s+|\s*[_｜|]+\s*|\s*——\s*|\s*--\s*|\s+-\s*|\s*-\s+")
_CRUMB_PREFIX = re.compile(
    r"^\s*(?:您现在的位置|你现在的位置|您当前的位置|您的位置|当前位置|现在位置|所在位置|"
    r"您現在的位置|你現在的位置|您當前的位置|當前位置|現在位置|"
    r"您现在所在的位置|你的位置|位置|you are here|current location)\s*[:：]?\s*",
    re.I,
)
# Not 》/〉 (they close book titles: 《西藏日报》) and not | (it separates info lines).
_CRUMB_SEP = re.compile(r"\s*(?:>>|>|»|›|→|＞|\s/\s)\s*")
_CRUMB_END = re.compile(
    r"^(?:正文|内容|详情|详细内容|文章|阅读|正文内容|内容页|浏览文章|文章内容|article|content|"
    r"details?)$",
    re.I,
)
_CLAUSE = re.compile(r"[，。！？；]|[,.!?;]\s")
_LABELLED = re.compile(r"[:：]\s*\S|\d{4}[-/.年]\d")
_CRUMB_HOME = re.compile(r"^(?:首页|网站首页|主页|home|homepage|返回首页)$", re.I)
_ARTICLE_TYPES = re.compile(
    r"Article|NewsArticle|BlogPosting|Report|ReportageNews|AnalysisNewsArticle|OpinionNewsArticle|"
    r"LiveBlogPosting|WebPage|Posting|ScholarlyArticle|TechArticle|SocialMediaPosting",
)
_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publishtime",
    "publish_time",
    "publication_date",
    "originalpublicationdate",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "citation_publication_date",
    "weibo:article:create_at",
    "date",
)
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|\b|_)"
    r"|/((?:19|20)\d\d)-?(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/"
)
_BY = re.compile(r"^\s*(?:by|written by|von|par|por)\s+", re.I)


@dataclass
class HeadMetadata:
    """What the page's markup says about the article."""

    title: str = ""
    title_tag: str = ""
    headings: list[str] = field(default_factory=list)
    """Text of the page's `<h1>` elements."""
    site_name: str = ""
    published: str = ""
    description: str = ""
    canonical_url: str = ""
    language: str = ""
    authors: list[Author] = field(default_factory=list)
    breadcrumb: tuple[str, ...] = ()
    base_url: str = ""


# Everything read_head looks up, found in one pass over the tree (one CSS query per item
# costs a full walk each). Every tag appears in one selector only, so grouping the matches
# (document order) by tag gives what the separate queries give.
_HEAD_NODES = (
    'meta, title, h1, base[href], link[rel="canonical"], time[datetime], '
    'script[type="application/ld+json"]'
)


def _head_nodes(tree: Any) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for node in tree.css(_HEAD_NODES):
        found.setdefault(node.tag, []).append(node)
    return found


def _meta_tags(nodes: list[Any]) -> dict[str, str]:
    """Lower-cased name/property/itemprop -> first non-empty content."""
    out: dict[str, str] = {}
    for node in nodes:
        attrs = node.attributes
        content = (attrs.get("content") or "").strip()
        if not content:
            continue
        for key in ("property", "name", "itemprop", "http-equiv"):
            name = (attrs.get(key) or "").strip().lower()
            if name and name not in out:
                out[name] = content
    return out


def _json_ld(nodes: list[Any]) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of these `<script>` nodes, @graph members included."""
    for node in nodes:
        raw = node.text(deep=True).strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):  # RecursionError: arrays nested past the limit
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)


def _types(item: dict[str, Any]) -> str:
    kind = item.get("@type", "")
    return " ".join(kind) if isinstance(kind, list) else str(kind)


def _names(value: Any) -> list[str]:
    """Person names from a JSON-LD author value (string, object or list, lists nested)."""
    names: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            name = item.get("name")
            if "Organization" not in _types(item) and isinstance(name, str):
                names.append(name)
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return names


def clean_person(name: str) -> str:
    """A credited name without 'By' and surrounding punctuation."""
    name = _BY.sub("", " ".join(name.split()))
    return name.strip(" ,;|/·•-")


def split_title(title: str) -> tuple[str, list[str]]:
    """Split a `<title>` into the article title and the other segments (site, column)."""
    title = " ".join(title.split())
    parts = [p for p in _TITLE_SEP.split(title) if p and p.strip()]
    if len(parts) <= 1:
        return title, []
    main = max(parts, key=len)
    return main.strip(), [p.strip() for p in parts if p is not main]


def parse_breadcrumb(text: str) -> tuple[str, ...]:
    """The items of a breadcrumb line (`您现在的位置: 焦作网 > 时评 > 正文`); () if none."""
    line = " ".join(text.split())
    prefixed = bool(_CRUMB_PREFIX.match(line))
    line = _CRUMB_PREFIX.sub("", line)
    items = [i.strip(" :：") for i in _CRUMB_SEP.split(line)]
    items = [i for i in items if i]
    if prefixed and len(items) == 1 and "/" in items[0]:
        items = [i.strip() for i in items[0].split("/") if i.strip()]
    if len(items) < 2 and not (prefixed and items):
        return ()
    if any(len(i) > 40 or _CLAUSE.search(i) or _LABELLED.search(i) for i in items):
        return ()
    if not prefixed and (len(items) < 3 or any(len(i) > 20 for i in items)):
        return ()
    return tuple(items)


def column_of(breadcrumb: tuple[str, ...], title: str = "") -> str:
    """The breadcrumb's last section, before 正文 or the article's own title."""
    items = [
        i
        for i in breadcrumb
        if not _CRUMB_END.match(i) and not (i == title or (len(i) >= 8 and i in title))
    ]
    if len(items) >= 2 and not _CRUMB_HOME.match(items[-1]):
        return items[-1]
    return ""


def site_of(breadcrumb: tuple[str, ...]) -> str:
    """The breadcrumb's first item when it names the site (not just 首页)."""
    if breadcrumb and not _CRUMB_HOME.match(breadcrumb[0]) and len(breadcrumb[0]) <= 30:
        return breadcrumb[0]
    return ""


def language_tag(value: str) -> str:
    """The primary language subtag of a declared language: 'zh-CN' -> 'zh'."""
    value = value.strip().replace("_", "-").split(",")[0].strip()
    primary = value.split("-")[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else ""


def date_from_url(url: str) -> str:
    """A date written in the URL path (/2021/06/16/, /20210616/, /2021-06/16/)."""
    match = _URL_DATE.search(urlsplit(url).path)
    if not match:
        return ""
    groups = [g for g in match.groups() if g]
    return parse_date("-".join(groups))


def _first(nodes: dict[str, list[Any]], tag: str) -> Any:
    found = nodes.get(tag)
    return found[0] if found else None


def read_head(tree: Any, url: str) -> HeadMetadata:
    """Read the head, JSON-LD and headings of a parsed page."""
    nodes = _head_nodes(tree)
    meta = _meta_tags(nodes.get("meta", []))
    out = HeadMetadata()
    base = _first(nodes, "base")
    out.base_url = urljoin(url, base.attributes.get("href") or "") if base else url
    title_node = _first(nodes, "title")
    out.title_tag = " ".join(title_node.text().split()) if title_node else ""
    out.headings = [t for n in nodes.get("h1", []) if (t := " ".join(n.text().split()))]

    headline = ""
    publisher = ""
    ld_date = ""
    ld_authors: list[str] = []
    crumbs: list[str] = []
    for item in _json_ld(nodes.get("script", [])):
        kinds = _types(item)
        if "BreadcrumbList" in kinds:
            for entry in item.get("itemListElement") or []:
                if isinstance(entry, dict):
                    name = entry.get("name") or (entry.get("item") or {}).get("name")
                    if isinstance(name, str) and name.strip():
                        crumbs.append(name.strip())
            continue
        if not _ARTICLE_TYPES.search(kinds):
            continue
        if not headline and isinstance(item.get("headline"), str):
            headline = item["headline"].strip()
        if not ld_date:
            ld_date = parse_date(str(item.get("datePublished") or ""))
        if not ld_authors:
            ld_authors = [clean_person(n) for n in _names(item.get("author"))]
        pub = item.get("publisher")
        if not publisher and isinstance(pub, dict) and isinstance(pub.get("name"), str):
            publisher = pub["name"].strip()
        if not out.description and isinstance(item.get("description"), str):
            out.description = item["description"].strip()

    og_title = meta.get("og:title") or meta.get("twitter:title") or ""
    out.title = " ".join((og_title or headline).split())
    site = meta.get("og:site_name") or publisher or meta.get("application-name", "")
    # Some templates put the home page address where the name belongs.
    out.site_name = "" if site.startswith(("http:", "https:", "www.")) else site
    out.published = ld_date
    for key in _DATE_KEYS:
        if out.published:
            break
        if key in meta:
            out.published = parse_date(meta[key])
    if not out.published:
        node = _first(nodes, "time")
        if node is not None:
            out.published = parse_date(node.attributes.get("datetime") or "")
    out.description = out.description or meta.get("description") or meta.get("og:description", "")
    out.description = " ".join(out.description.split())
    link = _first(nodes, "link")
    href = (link.attributes.get("href") or "").strip() if link else ""
    href = href or meta.get("og:url", "")
    out.canonical_url = urljoin(out.base_url, href) if href else ""
    html = tree.css_first("html")
    lang = (html.attributes.get("lang") or html.attributes.get("xml:lang") or "") if html else ""
    lang = lang or meta.get("content-language") or meta.get("og:locale") or ""
    out.language = language_tag(lang)
    names = ld_authors or [
        clean_person(n) for n in re.split(r"\s*(?:,|;| and |、)\s*", meta.get("author", "")) if n
    ]
    if not ld_authors and names and meta.get("author", "").startswith(("http:", "https:")):
        names = []
    seen: set[str] = set()
    for name in names:
        if name and name not in seen and len(name) <= 60 and name != out.site_name:
            seen.add(name)
            out.authors.append(Author(name, name, "author"))
    out.breadcrumb = tuple(crumbs)
    return out
