"""Article metadata from a page's head and markup: meta tags, JSON-LD, title, breadcrumb.

Only what the markup states is read here; lines in the visible page (bylines, date lines,
breadcrumb trails) are matched with `parse_breadcrumb` and the byline parser by the extractor,
which knows where the body is.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date as day
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from jzcli.extract.byline import by_line_names, job_title, normalize_name, without_job
from jzcli.extract.dates import month_first, parse_date, parse_relative_date, reference_time
from jzcli.extract.urls import join_url
from jzcli.models import Author
from jzcli.patterns import lazy_compile
from jzcli.repair.pinyin import remove_pinyin

# `_` separates `标题_新华网`, not an identifier (`ngx_http_rewrite_module`).
_TITLE_SEP = re.compile(
    r"\s+[-|–—:·•»]+\s+|\s*[｜|]+\s*|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])|\s*——\s*|\s*--\s*"
    r"|\s+-\s*|\s*-\s+"
)
_CRUMB_PREFIX = re.compile(
    r"^\s*(?:[您你](?:现在|現在|当前|當前)?(?:所在)?的?位置|(?:当前|當前|现在|現在|所在)位置|位置|"
    r"you are here|current location)\s*[:：]?\s*",
    re.I,
)
# Not 》/〉 (they close book titles: 《西藏日报》) and not | (it separates info lines).
_CRUMB_SEP = re.compile(r"\s*(?:>>|>|»|›|→|＞|\s/\s)\s*")
_CRUMB_END = re.compile(
    r"^(?:正文|内容|內容|详情|詳情|详细内容|詳細內容|文章|阅读|閱讀|正文内容|正文內容|内容页|內容頁|"
    r"浏览文章|瀏覽文章|文章内容|文章內容|article|content|details?)$",
    re.I,
)
_CLAUSE = re.compile(r"[，。！？；]|[,.!?;]\s")
_LABELLED = re.compile(r"[:：]\s*\S|\d{4}[-/.年]\d")
_CRUMB_HOME = re.compile(
    r"^(?:首页|首頁|网站首页|網站首頁|主页|主頁|home|homepage|返回首页|返回首頁)$", re.I
)
_ARTICLE_TYPES = re.compile(
    r"Article|NewsArticle|BlogPosting|Report|ReportageNews|AnalysisNewsArticle|OpinionNewsArticle|"
    r"LiveBlogPosting|WebPage|Posting|ScholarlyArticle|TechArticle|SocialMediaPosting",
)
# Nodes whose dates and names are not the article's (a site's founding, a logo's upload).
_NOT_CONTENT_TYPES = re.compile(
    r"WebSite|Organization|NewsMediaOrganization|Corporation|Person|ImageObject|VideoObject|"
    r"BreadcrumbList|SiteNavigationElement|Brand|Place|Offer|Rating|Review|Comment|Answer|Question"
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
    "sw-pubdate",
    "dc:date",
    "citation_date",
    "citation_online_date",
    "dateupdate",
    "uploaddate",
    "date",
)
_MODIFIED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "revised",
)
# Other meta names that carry the publication date (`w-published-date`, `cludo:date`).
_DATE_KEY = re.compile(r"publish|pub[-_.]?date|(?:^|[-_.:])(?:date|created|uploaded)$")
_NOT_DATE_KEY = re.compile(r"modif|updat|expir|revis|last|valid|copyright|birth|event|start|end")
_AUTHOR_KEYS = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "byl",
    "twitter:data1",
)
_IMAGE_KEYS = (
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
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
    modified: str = ""
    image: str = ""
    month_first: bool = False
    """Numeric dates on this page put the month first (an American page)."""
    shown_dates: list[tuple[str, str]] = field(default_factory=list)
    """(date, label) of dates shown in date elements: label is published, updated or ""."""
    article_like: bool = False
    """The markup says the page is an article or a post (og:type, JSON-LD type)."""
    bad_urls: list[str] = field(default_factory=list)
    """Where a malformed address was skipped ("base link", "canonical link", "image")."""


# Everything read_head looks up, found with one CSS query: each query walks the whole tree,
# and lexbor tests every selector of a list on every element, so the list is short. One
# selector stands for several that read one attribute (`[itemprop]`, `[class*="date" i]`,
# `[class*="-footer"]`) and `_PageNodes` sorts the matches (document order) into what the
# separate lists below would give. (A list gives an element once for each of its selectors
# that it matches, one after the other: each is kept once.)
_PAGE_NODES = (
    'meta, title, h1, base[href], link[rel="canonical"], script[type="application/ld+json"], '
    'time, [itemprop], [class*="date" i], [class*="time"], [class*="publish"], [class*="posted"], '
    '[id*="date"], [class*="meta"], [class*="-footer"]'
)
# Elements that may show a date (`_shown_dates` reads them, a `<meta>` is never shown):
#   time, [itemprop="datePublished"], [itemprop="dateModified"], [itemprop="dateCreated"],
#   [class*="date"], [class*="Date"], [class*="time"], [class*="publish"], [class*="posted"],
#   [id*="date"], [class*="meta"], [class*="entry-footer"], [class*="post-footer"]
_DATE_PROPERTIES = frozenset({"datePublished", "dateModified", "dateCreated"})
_DATE_CLASSES = re.compile("date|Date|time|publish|posted|meta|entry-footer|post-footer")
# The whitespace that separates the words of an attribute for `~=` (CSS's, not str.split's).
_ATTRIBUTE_WORDS = re.compile(r"[ \t\n\f\r]+")


def _same_ascii(value: str, expected: str) -> bool:
    """`value` is `expected` but for ASCII case, as selectors compare `rel` and `type`."""
    return value.isascii() and value.lower() == expected


class _PageNodes:
    """What `_PAGE_NODES` found, sorted: `head` the matches of `meta, title, h1, base[href],
    link[rel="canonical"], script[type="application/ld+json"]` by tag, `dates` the elements
    that may show a date, `author_properties` those of `[itemprop~="author"]`."""

    __slots__ = ("author_properties", "dates", "head")

    def __init__(self, tree: Any) -> None:
        self.head: dict[str, list[Any]] = {}
        self.dates: list[Any] = []
        self.author_properties: list[Any] = []
        previous = None
        for node in tree.css(_PAGE_NODES):
            if node.mem_id == previous:
                continue
            previous = node.mem_id
            tag = node.tag
            attrs = node.attributes
            if (
                tag in ("meta", "title", "h1")
                or (tag == "base" and "href" in attrs)
                or (tag == "link" and _same_ascii(attrs.get("rel") or "", "canonical"))
                or (tag == "script" and _same_ascii(attrs.get("type") or "", "application/ld+json"))
            ):
                self.head.setdefault(tag, []).append(node)
            prop = attrs.get("itemprop") or ""
            if "author" in prop and "author" in _ATTRIBUTE_WORDS.split(prop):
                self.author_properties.append(node)
            if tag == "meta":
                continue
            classes = attrs.get("class") or ""
            if (
                tag == "time"
                or prop in _DATE_PROPERTIES
                or _DATE_CLASSES.search(classes)
                or "date" in (attrs.get("id") or "")
            ):
                self.dates.append(node)


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


# A script's text wrapped for old browsers (`<!--`, `//<![CDATA[`), or ended with `;`.
_LD_WRAPPER = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>|;)\s*$")
_LD_OPENING = re.compile(r"\s*(?:<!--|//\s*<!\[CDATA\[)")


def _unwrapped(raw: str) -> str:
    """`_LD_WRAPPER.sub("", raw)` without the pattern's try at every character of the
    script (its end part starts at every `//` of every URL): the opening is matched at the
    start, and the end part can only be the last thing before trailing spaces."""
    opening = _LD_OPENING.match(raw)
    start = opening.end() if opening is not None else 0
    text = raw.rstrip()  # str.isspace(), as `\s`
    if text.endswith("-->"):
        cut = len(text) - 3
    elif text.endswith(";"):
        cut = len(text) - 1
    elif text.endswith("]]>") and (inner := text[:-3].rstrip()).endswith("//"):
        cut = len(inner) - 2
    else:
        cut = -1
    return raw[start : cut if cut >= start else len(raw)]


_JSON = json.JSONDecoder(strict=False)


def _json_values(raw: str) -> Iterator[Any]:
    """The JSON values in a script's text: one, or several written one after the other (two
    objects in one script); what follows a broken value (a stray `}`) is dropped."""
    at = 0
    while at < len(raw):
        try:
            value, at = _JSON.raw_decode(raw, at)
        except (ValueError, RecursionError):  # RecursionError: arrays nested past the limit
            return
        yield value
        while at < len(raw) and raw[at] in " \t\r\n,;":
            at += 1


def _json_ld(nodes: list[Any]) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of these `<script>` nodes: @graph members and `mainEntity` items
    included, in document order."""
    for node in nodes:
        raw = _unwrapped(node.text(deep=True)).strip()
        if not raw:
            continue
        stack = deque(_json_values(raw))
        while stack:
            item = stack.popleft()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                for key in ("@graph", "mainEntity"):
                    inner = item.get(key)
                    if isinstance(inner, (list, dict)):
                        stack.append(inner)


def _types(item: dict[str, Any]) -> str:
    kind = item.get("@type", "")
    return " ".join(map(str, kind)) if isinstance(kind, list) else str(kind)


def _names(value: Any, nodes: dict[str, dict[str, Any]]) -> list[str]:
    """Person names from a JSON-LD author value (string, object, @id reference into the
    page's nodes, or list, lists nested)."""
    names: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            if "name" not in item and isinstance(item.get("@id"), str):
                item = nodes.get(item["@id"], item)
            name = item.get("name")
            if "Organization" not in _types(item) and isinstance(name, str):
                names.append(name)
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return names


def _ld_date(value: Any) -> str:
    return parse_date(value) if isinstance(value, str) else ""


def _ld_url(value: Any) -> str:
    """An image URL from a JSON-LD image value (string, ImageObject, or a list of those)."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            item = item.get("url") or item.get("contentUrl") or ""
        if isinstance(item, str) and item.strip():
            return item.strip()
    return ""


_EMAIL = re.compile(r"\S+@\S+\.\w+")
_JOB = (
    r"(?:(?:Senior|Staff|Contributing|Chief|Deputy|Managing|Associate|Executive|Special|Guest|"
    r"Freelance|Political|Science|Sports|Business|Technology|Health|Investigative)\s*)?"
    r"(?:Writer|Reporter|Editor|Correspondent|Columnist|Contributor|Producer|Journalist|Analyst|"
    r"Photographer)s?\b"
)
_GLUED_JOB = re.compile(rf"(?<=[a-z.])(?={_JOB})")
_JOB_SUFFIX = lazy_compile(rf"\s*(?:[,|–—-]\s*|\s)(?:(?:the|a|an)\s+)?{_JOB}.*$", re.I)
# `Jane Doe - Acme Editorial Team`: the desk the person writes for, after a dash.
_TEAM_SUFFIX = re.compile(
    r"\s+[-–—|]\s+(?:[\w&.'’]+\s+){0,4}(?:team|staff|desk|editors|editorial)$", re.I
)
_PLACEHOLDER = re.compile(
    r"^(?:name|your name|author|admin|administrator|guest|anonymous|unknown|user|staff|editor|"
    r"webmaster|email|e-mail|posted by|written by|by|none|null|undefined|n/a)$",
    re.I,
)
_DOMAIN = re.compile(
    r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co|uk|de|fr|io|news|gov|edu)$", re.I
)


def clean_person(name: str, site: str = "") -> str:
    """A credited name without 'By', job titles, handles, emails and the publisher's name."""
    name = _BY.sub("", " ".join(name.split()))
    if _EMAIL.fullmatch(name):
        return ""
    name = _EMAIL.sub("", name)
    name = name.split("@")[0] if not name.startswith("@") else name  # `Eric Levitz@EricLevitz`
    name = _GLUED_JOB.split(name, maxsplit=1)[0]  # `Evan HalperStaff Writer`
    without_team = _TEAM_SUFFIX.sub("", name)
    name = without_team if " " in without_team.strip() else name
    without_job = _JOB_SUFFIX.sub("", name)
    name = without_job if " " in without_job.strip() else name  # not `Our Editors` -> `Our`
    parts = [p.strip() for p in name.split(",")]
    if len(parts) > 1 and (
        _DOMAIN.match(parts[-1]) or (site and parts[-1].lower() == site.lower())
    ):
        name = ",".join(parts[:-1])  # `Bob Yirka, Phys.org`
    name = name.strip(" ,;|/·•-–—:")
    if _PLACEHOLDER.match(name) or _DOMAIN.match(name) or (site and name.lower() == site.lower()):
        return ""
    return name


def title_segments(title: str) -> list[str]:
    """The parts of a `<title>` between its separators, in order."""
    return [p.strip() for p in _TITLE_SEP.split(title) if p and p.strip()]


def split_title(
    title: str, site_name: str = "", urls: tuple[str, ...] = ()
) -> tuple[str, list[str]]:
    """Split a `<title>` into the article title (its longest segment that is not the site's
    name, a generic `Home`, or, given the page's `urls`, the host's name) and the other
    segments (site, column)."""
    title = " ".join(title.split())
    parts = [p for p in _TITLE_SEP.split(title) if p and p.strip()]
    if len(parts) == 1 and _TITLE_SEP.match(title):
        # `| Nuts & Volts Magazine`: the template left the page's own part blank.
        return "", [parts[0].strip()]
    if len(parts) <= 1:
        return title, []
    named = [
        p
        for p in parts
        if not (
            _is_site_name(p, site_name)
            or _GENERIC_TITLE.match(p)
            or (urls and names_site(p, site_name, urls))
        )
    ]
    main = max(named or parts, key=len)
    return main.strip(), [p.strip() for p in parts if p is not main]


# What a template calls a site's front page: it names no page of its own.
_GENERIC_TITLE = re.compile(
    r"^\s*(?:home|home ?page|start|startseite|accueil|inicio|readme|index|首页|首頁|主页|主頁)\s*$",
    re.I,
)


def front_page(url: str) -> bool:
    """True for a site's front page (`https://example.com/`, `/index.html`)."""
    parts = urlsplit(url)
    if not parts.hostname or parts.query:
        return False
    return parts.path.lower() in ("", "/", "/index.html", "/index.htm", "/index.php", "/home")


def _is_site_name(segment: str, site_name: str) -> bool:
    """A `<title>` segment that is og:site_name, or the site's name without its last words
    (`Thrive Internet Marketing` for `Thrive Internet Marketing Agency`)."""
    site = re.sub(r"\W+", "", site_name).lower()
    key = re.sub(r"\W+", "", segment).lower()
    if not site or not key:
        return False
    if key == site:
        return True
    words, site_words = segment.lower().split(), site_name.lower().split()
    return 2 <= len(words) < len(site_words) and site_words[: len(words)] == words


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HOST_WORDS = frozenset(
    re.findall(r"\w+", "www com org net edu gov co uk io ai app en us de fr cn hk tw")
)


def names_site(segment: str, site_name: str, urls: tuple[str, ...]) -> bool:
    """True when a `<title>` segment is the site's name: og:site_name, or the host name's own
    part (`Discord` on discord.com, `NASA SVS` on svs.gsfc.nasa.gov)."""
    key = re.sub(r"\W+", "", segment).lower()
    if not key:
        return False
    if _is_site_name(segment, site_name):
        return True
    for url in urls:
        for label in (urlsplit(url).hostname or "").lower().split("."):
            label = label.replace("-", "")
            if len(label) < 3 or label in _HOST_WORDS:
                continue
            # The host's name, a part of it, or most of the segment (not a headline naming it:
            # a Han character, a word's worth, counts twice, so `NBA总决赛勇士夺冠` on nba.*
            # is a headline, `CCTV节目官网` on cctv.com the site).
            if label == key or (
                len(key) >= 4
                and (
                    key in label
                    or (label in key and len(key) + len(_HAN.findall(key)) <= 2 * len(label) + 4)
                )
            ):
                return True
    return False


def heading_segment(
    title_tag: str, headings: list[str], site_name: str = "", urls: tuple[str, ...] = ()
) -> tuple[str, list[str]]:
    """The title when an `<h1>` is the first segment of a split `<title>` (`Auth | Supabase
    Docs` with `<h1>Auth</h1>`): the rest names the site or section, however long it is. ("", [])
    when no `<h1>` is."""
    title_tag = " ".join(title_tag.split())
    parts = [p.strip() for p in _TITLE_SEP.split(title_tag) if p and p.strip()]
    if len(parts) < 2:
        return "", []
    first = re.sub(r"\W+", "", parts[0]).lower()
    for heading in headings:
        if _GENERIC_TITLE.match(heading):
            continue  # `README | mostly-adequate-guide`: the book's name is the title
        if first and re.sub(r"\W+", "", heading).lower() == first:
            return heading, parts[1:]
    # An <h1> that is the last segment names the site or the book (`What is Ownership? - The
    # Rust Programming Language`, the book's name as the page's <h1>): the title is the rest,
    # unless that names the site (`Discord - Group Chat That's All Fun & Games`).
    last = re.sub(r"\W+", "", parts[-1]).lower()
    if (
        last
        and not _is_site_name(parts[-1], site_name)
        and any(re.sub(r"\W+", "", h).lower() == last for h in headings)
        and not names_site(parts[0], site_name, urls)
    ):
        # What is left splits again only where the same separator stands (`标题_要闻_某某网`,
        # not `Electrical - Overview | OSHA`); its longest piece is the title.
        # (The last separator with text after it: `Hi | The Rust Book |` ends in one.)
        cuts = [m for m in _TITLE_SEP.finditer(title_tag) if title_tag[m.end() :].strip()]
        if not cuts:
            return "", []
        cut = cuts[-1]
        pieces = [p.strip() for p in title_tag[: cut.start()].split(cut.group()) if p.strip()]
        if not pieces:
            return "", []
        main = max(pieces, key=len)
        return main, [p for p in pieces if p is not main] + parts[-1:]
    return "", []


def parse_breadcrumb(text: str) -> tuple[str, ...]:
    """The items of a breadcrumb line (`您现在的位置: 焦作网 > 时评 > 正文`); () if none."""
    line = " ".join(text.split())
    if "(" in line or "（" in line:
        line = remove_pinyin(line)[0]  # 當(dāng)前位置: a converting proxy's readings
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
    """The primary language subtag of a declared language ('en-US' -> 'en'); Chinese keeps
    its region or script ('zh-CN', 'zh-TW', 'zh-Hant'), which says Simplified or
    Traditional and where the page comes from (repair weighs it)."""
    value = value.strip().replace("_", "-").split(",")[0].strip()
    parts = value.split("-")
    primary = parts[0].lower()
    if not re.fullmatch(r"[a-z]{2,3}", primary):
        return ""
    if primary == "zh" and len(parts) > 1:
        sub = parts[1]
        if re.fullmatch(r"[A-Za-z]{2}", sub):
            return f"zh-{sub.upper()}"
        if re.fullmatch(r"[A-Za-z]{4}", sub):
            return f"zh-{sub.title()}"
    return primary


def date_from_url(url: str) -> str:
    """A date written in the URL path (/2021/06/16/, /20210616/, /2021-06/16/)."""
    try:
        match = _URL_DATE.search(urlsplit(url).path)
    except ValueError:  # not a well-formed URL (a file name with "[", say)
        return ""
    if not match:
        return ""
    groups = [g for g in match.groups() if g]
    return parse_date("-".join(groups))


def label_key(text: str) -> str:
    """Text without the readings a converting proxy put after converted characters
    (`當(dāng)前位置`), so labels, titles and breadcrumbs match and split as written."""
    return remove_pinyin(text)[0] if "(" in text or "（" in text else text


_BREAKING = frozenset({"br", "p", "div", "li", "hr"})
# Inside a heading but not its words: styles, scripts, icons (an <svg>'s <title>), buttons
# (`Copy item path`).
_NOT_HEADING_TEXT = frozenset(
    {"-comment", "style", "script", "noscript", "template", "svg", "button"}
)


def heading_text(node: Any) -> str:
    """A heading's text as a reader hears it: a line break or a block inside is a space
    (`Data Analytics<br>Agency`); parts hidden from screen readers (copies of the text styled
    per screen size) or from everyone (a bookmark's tooltip), styles, icons, buttons,
    permalink marks (`Middleware¶`) and a `<time>` stamp before the words are left out."""
    parts: list[str] = []
    # Depth-first with a stack of child iterators (a heading may be nested thousands deep);
    # after a block's children, the `" "` pushed under them closes it.
    stack: list[Iterator[Any]] = [iter(node.iter(include_text=True))]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif isinstance(child, str):
            parts.append(child)
        elif child.tag == "-text":
            parts.append(child.text_content or "")
        elif not (
            child.tag in _NOT_HEADING_TEXT
            # a post's date stamp opening the heading (`<time>Dec 18 2025</time> Title`)
            or (child.tag == "time" and not "".join(parts).strip())
            or child.attributes.get("aria-hidden") == "true"
            or "hidden" in child.attributes
            or "headerlink" in (child.attributes.get("class") or "")
        ):
            if child.tag in _BREAKING:
                parts.append(" ")
                stack.append(iter([" "]))
            stack.append(iter(child.iter(include_text=True)))
    # A slash or bar drawn before or after the words (`/ PORTFOLIO`) is decoration.
    return " ".join("".join(parts).replace("¶", " ").split()).strip(" /|»·•")


def _first(nodes: dict[str, list[Any]], tag: str) -> Any:
    found = nodes.get(tag)
    return found[0] if found else None


# Elements that show a credited name.
# Author elements: `[rel="author"], [itemprop="author"], [class*="author"],
# [class*="Author"], [class*="byline"], [class*="Byline"], .vcard, [class*="username"],
# [class*="creator"]`, queried as the seven selectors below (each selector of a list costs
# lexbor a test of every element): `uthor` and `yline` stand for the two spellings each.
_AUTHOR_NODES = (
    '[rel="author"], [itemprop="author"], [class*="uthor"], [class*="yline"], .vcard, '
    '[class*="username"], [class*="creator"]'
)
_UPDATED = re.compile(
    r"updat|modif|aktualisiert|geändert|mis à jour|actualizad|atualizad|aggiornat|更新|修改", re.I
)
_PUBLISHED = re.compile(
    r"publi|posted|veröffentlicht|erschienen|发布|發佈|發布|发表|發表|created|dateCreated", re.I
)
# The sentence a blog theme writes under a post (`This entry was posted on Monday, May 3rd,
# 2021 at 10:20 and is filed under ...`, `Dieser Beitrag wurde am 3. Mai 2021 veröffentlicht`).
_POSTED_SENTENCE = re.compile(
    r"\b(?:this|the) (?:entry|post|article) was (?:posted|published|written)|"
    r"\b(?:dieser|der) (?:beitrag|artikel|eintrag) wurde|\bcet article a été (?:publié|posté)",
    re.I,
)
_NOT_AUTHOR_CLASS = re.compile(
    r"avatar|image|img|photo|bio|desc|about|social|follow|more|other|box|list|comment|reply|"
    r"label|title|role|job|position|twitter|email|share|icon|date|time",
    re.I,
)


def _shown_dates(
    nodes: list[Any], month_first_order: bool, reference: datetime | None
) -> list[tuple[str, str]]:
    """Dates the reader sees in date elements (`<time>`, class date/time/publish/meta: the
    `dates` of `_PageNodes`), in document order; a hidden stamp (an empty `<time>`) is not
    shown."""
    out: list[tuple[str, str]] = []
    for node in nodes:
        attrs = node.attributes
        raw = node.text(deep=True, separator=" ")
        # A container (the whole article, say) is too long: its text's first part tells, and
        # that is quicker than normalizing all of it (past 400 characters nothing is read).
        if len(raw) > 2000 and len(" ".join(raw[:2000].split())) > 400:
            continue
        text = " ".join(raw.split())
        # A longer line counts when it says what the date is (`Dieser Beitrag wurde am ...
        # veröffentlicht`); longer text is a container, not a date element.
        posted = len(text) > 100 and _POSTED_SENTENCE.search(text[:100]) is not None
        if not 6 <= len(text) <= (400 if posted else 200) or (
            len(text) > 100 and not posted and not _PUBLISHED.search(text)
        ):
            continue
        stamp = (attrs.get("datetime") or "").strip()
        date = parse_date(stamp, month_first_order) if stamp else ""
        date = date or parse_date(text, month_first_order) or parse_relative_date(text, reference)
        if not date:
            continue
        hint = " ".join(
            (text, attrs.get("class") or "", attrs.get("itemprop") or "", attrs.get("id") or "")
        )
        label = (
            "published"
            if posted
            else "updated"
            if _UPDATED.search(hint)
            else "published"
            if _PUBLISHED.search(hint)
            else ""
        )
        out.append((date, label))
    return out


def author_markup(tree: Any) -> list[str]:
    """Names in author markup, document order (each element's own short text), an
    element's name once for each selector of the nine it matches (`class="author Author"`
    twice): lexbor lists an element so for a selector list, and the first four names decide
    whether a page is dated (`choose_authors`)."""
    names: list[str] = []
    nodes = tree.css(_AUTHOR_NODES)
    at = 0
    while at < len(nodes):
        node = nodes[at]
        count = 1  # the selectors of the seven it matches: its repeats, one after the other
        while at + count < len(nodes) and nodes[at + count].mem_id == node.mem_id:
            count += 1
        at += count
        attrs = node.attributes
        classes = attrs.get("class") or ""
        if "uthor" in classes:  # of the nine: author, Author, both or neither (xuthor)
            count += ("author" in classes) + ("Author" in classes) - 1
        if "yline" in classes:
            count += ("byline" in classes) + ("Byline" in classes) - 1
        if not count:
            continue
        hint = f"{classes} {attrs.get('id') or ''}"
        strong = attrs.get("rel") == "author" or attrs.get("itemprop") == "author"
        if not strong and _NOT_AUTHOR_CLASS.search(hint):
            continue
        if node.tag in ("meta", "link"):
            text = attrs.get("content") or ""
        else:
            inner = node.css_first('[itemprop="name"]')
            text = (inner or node).text(deep=True, separator=" ")
        text = " ".join(text.split())
        if text and len(text) <= 80:
            names.extend([text] * count)
    return names


def _item_of(node: Any) -> Any:
    """The microdata item a property belongs to: the nearest enclosing `itemscope`."""
    parent = node.parent
    while parent is not None and "itemscope" not in parent.attributes:
        parent = parent.parent
    return parent


def microdata_authors(tree: Any) -> list[str]:
    """The authors the page's microdata gives its one article or post: `itemprop="author"`
    directly on an Article, BlogPosting, DiscussionForumPosting or Question item that is part
    of no other item but the page (WebPage, QAPage). That is the thread starter of a forum page
    or the asker of a Q&A page, whose replies are Comment and Answer items with their own
    authors. None when several such items stand side by side (a blog's front page). Read
    whether shown or not, as JSON-LD is."""
    return _microdata_names(tree.css('[itemprop~="author"]'))


def _microdata_names(properties: list[Any]) -> list[str]:
    """`microdata_authors` of the page's `[itemprop~="author"]` elements."""
    owners: list[Any] = []
    names: list[str] = []
    for node in properties:
        item = _item_of(node)
        kind = (item.attributes.get("itemtype") or "") if item is not None else ""
        if not (_ARTICLE_TYPES.search(kind.replace("WebPage", "")) or kind.endswith("/Question")):
            continue
        outer = _item_of(item)
        if outer is not None and not (outer.attributes.get("itemtype") or "").endswith("Page"):
            continue  # a post quoted or listed inside another item
        if not any(item.mem_id == o.mem_id for o in owners):
            owners.append(item)
        inner = node.css_first('[itemprop~="name"]')
        text = node.attributes.get("content") or (
            (inner.attributes.get("content") or inner.text(separator=" "))
            if inner is not None
            else node.text(separator=" ")
        )
        text = " ".join((text or "").split())
        # A name, not a headline put in the wrong property.
        if text and len(text.split()) <= 5 and text not in names:
            names.append(text)
    return names if len(owners) == 1 else []


def read_head(tree: Any, url: str, fetched: str = "") -> HeadMetadata:
    """Read the head, JSON-LD, headings and date/author markup of a parsed page."""
    found = _PageNodes(tree)
    nodes = found.head
    meta = _meta_tags(nodes.get("meta", []))
    out = HeadMetadata()
    base = _first(nodes, "base")
    joined = join_url(url, base.attributes.get("href") or "") if base else url
    if joined is None:  # a malformed <base href>: links resolve against the page's URL
        out.bad_urls.append("base link")
    out.base_url = joined or url
    title_node = _first(nodes, "title")
    out.title_tag = label_key(" ".join(title_node.text().split()) if title_node else "")
    out.headings = [label_key(t) for n in nodes.get("h1", []) if (t := heading_text(n))]
    html = tree.css_first("html")
    lang = (html.attributes.get("lang") or html.attributes.get("xml:lang") or "") if html else ""
    lang = lang or meta.get("content-language") or meta.get("og:locale") or ""
    out.language = language_tag(lang)
    out.month_first = month_first(lang) or month_first(meta.get("og:locale", ""))

    headline = ""
    publisher = ""
    ld_date_kind = ""
    ld_date = other_date = ld_modified = ld_image = ""
    ld_authors: list[str] = []
    crumbs: list[str] = []
    items = list(_json_ld(nodes.get("script", [])))
    by_id = {i["@id"]: i for i in items if isinstance(i.get("@id"), str)}
    for item in items:
        kinds = _types(item)
        if "BreadcrumbList" in kinds:
            elements = item.get("itemListElement")
            for entry in elements if isinstance(elements, list) else []:
                if isinstance(entry, dict):
                    inner = entry.get("item")  # a node, or only its URL
                    name = entry.get("name") or (
                        inner.get("name") if isinstance(inner, dict) else ""
                    )
                    if isinstance(name, str) and name.strip():
                        crumbs.append(name.strip())
        out.article_like = out.article_like or bool(
            _ARTICLE_TYPES.search(kinds.replace("WebPage", ""))
        )
        if not _ARTICLE_TYPES.search(kinds):
            if not other_date and not _NOT_CONTENT_TYPES.search(kinds or "WebSite"):
                other_date = _ld_date(item.get("datePublished"))  # an Event, a Recipe, a Video
            continue
        if not headline and isinstance(item.get("headline"), str):
            headline = item["headline"].strip()
        # The page's own WebPage node comes before its Article in Yoast graphs: an Article
        # date is preferred, a WebPage one kept for when there is none.
        date = _ld_date(item.get("datePublished") or item.get("dateCreated"))
        if date and (not ld_date or ("WebPage" in ld_date_kind and "WebPage" not in kinds)):
            ld_date, ld_date_kind = date, kinds
            ld_modified = _ld_date(item.get("dateModified"))
        if not ld_authors:
            ld_authors = _names(item.get("author") or item.get("creator"), by_id)
        pub = item.get("publisher")
        if isinstance(pub, dict) and "name" not in pub and isinstance(pub.get("@id"), str):
            pub = by_id.get(pub["@id"], pub)
        if not publisher and isinstance(pub, dict) and isinstance(pub.get("name"), str):
            publisher = pub["name"].strip()
        if not ld_image:
            ld_image = _ld_url(item.get("image") or item.get("thumbnailUrl"))
        if not out.description and isinstance(item.get("description"), str):
            out.description = item["description"].strip()

    out.article_like = out.article_like or "article" in meta.get("og:type", "").lower()
    og_title = meta.get("og:title") or meta.get("twitter:title") or ""
    out.title = label_key(" ".join((og_title or headline).split()))
    site = meta.get("og:site_name") or publisher or meta.get("application-name", "")
    # Some templates put the home page address where the name belongs.
    out.site_name = "" if site.startswith(("http:", "https:", "www.")) else site
    if _GENERIC_TITLE.match(out.title) or (
        _is_site_name(out.title, out.site_name) and not front_page(url)
    ):
        out.title = ""  # og:title left at `Home` or, below the front page, the site's name
    out.published = ld_date
    for key in _DATE_KEYS:
        if out.published:
            break
        if key in meta:
            out.published = parse_date(meta[key], out.month_first)
    if not out.published:
        for key, value in meta.items():
            if _DATE_KEY.search(key) and not _NOT_DATE_KEY.search(key):
                out.published = parse_date(value, out.month_first)
                if out.published:
                    break
    out.published = out.published or other_date
    out.modified = ld_modified or next(
        (d for k in _MODIFIED_KEYS if k in meta and (d := parse_date(meta[k]))), ""
    )
    out.description = out.description or meta.get("description") or meta.get("og:description", "")
    out.description = " ".join(out.description.split())
    link = _first(nodes, "link")
    href = (link.attributes.get("href") or "").strip() if link else ""
    href = href or meta.get("og:url", "")
    out.canonical_url = (join_url(out.base_url, href) or "") if href else ""
    if href and not out.canonical_url:
        out.bad_urls.append("canonical link")
    image = (ld_image or next((meta[k] for k in _IMAGE_KEYS if k in meta), "")).strip()
    out.image = (join_url(out.base_url, image) or "") if image else ""
    if image and not out.image:
        out.bad_urls.append("image")
    names = ld_authors
    if not names:
        for key in _AUTHOR_KEYS:
            value = meta.get(key, "")
            # article:author is often a profile URL; twitter:data1 holds a name under a label.
            if not value or value.startswith(("http:", "https:", "@")):
                continue
            if key == "twitter:data1" and meta.get("twitter:label1", "").lower() != "written by":
                continue
            names = re.split(r"\s*(?:,|;| and |、)\s*", value)
            break
    names = names or _microdata_names(found.author_properties)
    seen: set[str] = set()
    for raw in names:
        # An article credited to its own site (a company blog, a one-person site) names its
        # author; on other pages the site's name in the author tags names no writer.
        name = clean_person(raw, "" if out.article_like else out.site_name)
        if name and name not in seen and len(name) <= 60:
            seen.add(name)
            out.authors.append(Author(name, name, "author"))
    out.breadcrumb = tuple(crumbs)
    out.shown_dates = _shown_dates(found.dates, out.month_first, reference_time(fetched))
    return out


_ZONED = re.compile(r"T\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:\d\d)$")
_UTC = re.compile(r"T\d\d:\d\d(?::\d\d)?(?:Z|[+-]00:00)$")


def _next_days(a: str, b: str) -> bool:
    """True when two ISO dates are consecutive calendar days."""
    try:
        first, second = day.fromisoformat(a[:10]), day.fromisoformat(b[:10])
    except ValueError:
        return False
    return abs((first - second).days) == 1


def _same_instant(stated: str, shown: list[tuple[str, str]]) -> str:
    """A shown stamp with the page's own offset (`2025-12-19T04:25:38+05:00`) for the same
    instant as a stated UTC one (`2025-12-18T23:25:38+00:00`) on another day; "" when none.
    A shown stamp in UTC says nothing of the page's zone (`<time datetime>` is often UTC)."""
    if not _UTC.search(stated):
        return ""
    try:
        instant = datetime.fromisoformat(stated.replace("Z", "+00:00"))
    except ValueError:
        return ""
    for date, _ in shown:
        if date[:10] == stated[:10] or not _ZONED.search(date) or _UTC.search(date):
            continue
        try:
            if datetime.fromisoformat(date.replace("Z", "+00:00")) == instant:
                return date
        except ValueError:
            continue
    return ""


def _earlier_day(first: str, then: str) -> bool:
    """Is stamp `first` from a day before `then`? Two stamps with offsets are compared as
    instants (a modification stamped in UTC the day before a publication stamped in +08:00
    may come half an hour after it), others by their days."""
    if _ZONED.search(first) and _ZONED.search(then):
        try:
            a = datetime.fromisoformat(first.replace("Z", "+00:00"))
            b = datetime.fromisoformat(then.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            return a < b and first[:10] < then[:10]
    return first[:10] < then[:10]


def choose_published(
    stated: str,
    modified: str,
    shown: list[tuple[str, str]],
    near_title: str,
    article: bool,
    url_date: str = "",
) -> str:
    """The publication date from what the markup states and what the page shows.

    A stated UTC stamp that the page also gives with its own offset, on another day, is dated
    by the page's stamp (the day in the page's own zone). A stated date (JSON-LD, meta) is
    kept when the page shows its day or shows no date. A stated UTC time whose day the page
    does not show, next to a shown day one off, is the page's local day (`2020-02-25T02:25Z`
    on a page that shows 24 February). A page that shows only its update date (the stated
    publication date hidden) is dated as shown: that is the date the publisher presents,
    unless an element showing it calls it the update (`Updated …`; the same day repeated
    without a label elsewhere is still the update) and none calls it the publication: then
    the stated date is the publication.
    A stated date on the day of the stated modification is the last save, and the date line
    next to the title is the publication.
    A stated publication later than the stated modification, which the page does not show
    (or shows as the update only), is no article's date (a site builder restamps its pages):
    a date shown as published, else the line by the title, wins.
    Without a stated date: the date line next to the title, else (on a page whose markup says
    it is an article; listings, shops and docs show the dates of other things) a date element
    labelled published, else one without a label. A page without article markup is dated by
    its first date element when that says it is the posting date (before an unlabelled line
    by the title: an edit), when it shows one day only, or when it is the earliest day shown
    (a thread's opening post; a listing shows its newest first).
    """
    shown_days = {d[:10] for d, _ in shown}
    if near_title:
        shown_days.add(near_title[:10])
    if stated and (local := _same_instant(stated, shown)):
        return local  # a UTC stamp the page also gives with its own offset: the page's day
    if (
        stated
        and modified
        and _earlier_day(modified, stated)
        and all(label == "updated" for d, label in shown if d[:10] == stated[:10])
    ):
        # Published after its last modification, and not shown as published: the stamps are
        # not the article's (a site builder restamps its pages when the site is republished).
        shown_published = next((d for d, label in shown if label == "published"), "")
        if shown_published or (near_title and near_title[:10] != stated[:10]):
            return shown_published or near_title
    if stated:
        if url_date and url_date[:10] == stated[:10]:
            return stated  # the path and the markup agree on the day
        if (
            url_date
            and _ZONED.search(stated)
            and _next_days(url_date, stated)
            and near_title[:10] != stated[:10]
        ):
            return url_date  # a UTC stamp past midnight; the path has the local day
        if url_date and _next_days(url_date, stated) and url_date[:10] not in shown_days:
            shown = [*shown, (url_date, "published")]  # the publisher's own day, in its path
        if (not shown_days and not url_date) or stated[:10] in shown_days:
            return stated
        if near_title and modified[:10] == stated[:10] and not _next_days(near_title, stated):
            return near_title  # the stamp is the last save; the headline's line is the date
        if _ZONED.search(stated) or (url_date and _next_days(url_date, stated)):
            for date, label in shown:
                if label != "updated" and _next_days(date, stated):
                    return date
        if modified and modified[:10] in shown_days and modified[:10] != stated[:10]:
            labels = {label for d, label in shown if d[:10] == modified[:10]}
            if "updated" in labels and "published" not in labels:
                return stated  # shown as the update: the stated date is the publication
            return next((d for d, _ in shown if d[:10] == modified[:10]), modified)
        # The page shows another day as its publication date (the stated one is a CMS stamp).
        # (not one shown after the stated modification: a newer item's, in a list beside it)
        return next(
            (
                d
                for d, label in shown
                if label == "published"
                and (not modified or d[:10] <= modified[:10] or _next_days(d, modified))
            ),
            stated,
        )
    if url_date and not near_title and not shown:
        return url_date
    if near_title and (article or not shown or shown[0][1] != "published"):
        return near_title
    if not article:
        # A page that shows one day, not as an update, is dated by it; a listing shows many.
        # The first date element saying it is the posting date dates the page too (a forum
        # thread's question, a post on a site without article markup).
        days = {d[:10] for d, label in shown if label != "updated"}
        if shown and (
            shown[0][1] == "published"
            or (shown[0][1] != "updated" and (len(days) == 1 or shown[0][0][:10] == min(days)))
        ):
            return shown[0][0]
        return ""
    for wanted in ("published", "", "updated"):
        for date, label in shown:
            if label == wanted:
                return date
    return ""


_NAME_WORD = re.compile(r"^[\w.'’-]+$")
_NOT_NAME = re.compile(
    r"\b(?:comments?|share|follow|posts?|articles?|read|more|view|profile|reply|login|log in|"
    r"author|sign|subscribe|menu|search|home|about|contact|newsletter|min|minutes?|the|from|my|your|"
    r"our|get|cancel|account|ignore|field|hi|hello|on|at)\b|\d(?![\w.-]*$)|^[\d\W]+$|\s.*\d",
    re.I,
)


# A number of three digits or more standing alone, not a year (a user name may hold digits).
_LONG_NUMBER = re.compile(r"(?<!\w)(?!(?:19|20)\d\d(?!\w))\d{3,}(?!\w)")


def _element_names(text: str, site: str) -> list[str]:
    """The names credited by one author element's text ('By A and B' gives two); none from
    an address or a phone number (an hCard `.vcard` holds those too)."""
    names: list[str] = []
    if _LONG_NUMBER.search(text):
        return names
    text = by_line_names(text) or text  # `Written by: A Last updated ...`
    for part in re.split(
        r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\|)\s*", _BY.sub("", text)
    ):
        if job_title(part) and without_job(part) == part:
            break  # `A, Head Winemaker, Co-Founder`: the rest describes A's job
        name = clean_person(without_job(part), site)
        if without_job(part) != part and name and name not in names:
            names.append(name)  # `A Managing Director, Acme`: the rest is the job
            break
        words = name.split()
        if (
            not name
            or len(name) > 40
            or not 1 <= len(words) <= 4
            or not all(_NAME_WORD.match(w) for w in words)
            or _NOT_NAME.search(name)
        ):
            continue
        if name not in names:
            names.append(name)
    return names


_OTHER_PEOPLE = 2
"""Author elements naming this many people besides the first element's belong to a list of
posts or quotes, each by its own author."""


def markup_names(texts: list[str], site: str = "") -> list[str]:
    """The credited names of the first author element that holds any; none when the page's
    author elements name many different people (a list of posts or reviews, each by its
    own author: none of them wrote the page)."""
    found = [names for text in texts if (names := _element_names(text, site))]
    if not found:
        return []
    others = {n for names in found[1:] for n in names} - set(found[0])
    # Forum threads name many posters too, by user name (one word): the first one started it.
    if len(others) >= _OTHER_PEOPLE and sum(" " in n for n in others) * 2 >= len(others):
        return []
    return found[0]


def site_from_host(url: str) -> str:
    """The host name of an http(s) URL without `www.` (the site name of last resort)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return ""
    host = (parts.hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def choose_authors(
    head: HeadMetadata, tree: Any, shown_names: list[str], shown_date: str
) -> list[Author]:
    """The credited authors when no byline line names any: the markup's (JSON-LD, meta), then
    author elements, then a name shown by the dated line under the headline.

    Author elements count on a page that says it is an article or is dated; on a product,
    service or listing page they name reviewers and staff.
    """
    if head.authors:
        return [Author(a.name, normalize_name(a.name), a.role) for a in head.authors]
    texts = author_markup(tree)
    # A forum's posts say who wrote them and when (`Post by A » 11. Sep 2024, 18:36`): the
    # first author elements holding a date make the page a dated one.
    if not (head.article_like or head.published or shown_date or any(map(parse_date, texts[:4]))):
        return []
    names = markup_names(texts, head.site_name) or shown_names[:1]
    return [Author(n, normalize_name(n), "author") for n in names]
