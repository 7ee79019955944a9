"""Generic HTML article extractor: body, metadata and images from one page.

    parse (lexbor) -> head metadata (meta, JSON-LD, <title>) -> site rule `drop` selectors
    -> flat block layout -> body containers (site rule `body`, else scoring)
    -> metadata lines around and at the edges of the body (breadcrumb, byline, date)
    -> boilerplate lines (disclaimers, copyright, navigation) -> Article

Paragraphs come out as the page has them; repair and dedupe happen later in the pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser
from selectolax.lexbor import LexborNode as Node

from jzcli.errors import NoArticleError
from jzcli.extract.blocks import HEADINGS, Block, Layout, build_layout
from jzcli.extract.body import (
    OVERLAY,
    BodyChoice,
    as_discussion,
    block_weight,
    blocks_weight,
    choose_body,
    in_poster_box,
    keep_all,
    main_text,
    unlikely_elements,
)
from jzcli.extract.byline import (
    Credits,
    author_box_name,
    credit_label,
    dateline_credits,
    info_line_name,
    labelled_credits,
    looks_like_credits,
    normalize_name,
    parse_credits,
    person_name,
)
from jzcli.extract.dates import date_label, date_line, info_line_date, parse_date
from jzcli.extract.metadata import (
    HeadMetadata,
    choose_authors,
    choose_published,
    column_of,
    date_from_url,
    front_page,
    heading_segment,
    label_key,
    names_site,
    parse_breadcrumb,
    read_head,
    site_from_host,
    site_of,
    split_title,
    title_segments,
)
from jzcli.extract.notices import DISCLAIMER, RIGHTS_RESERVED
from jzcli.extract.rules import SiteRule, find_rule
from jzcli.extract.tree import tag_budget, take_page
from jzcli.extract.urls import join_url
from jzcli.models import Article, Author, CharsetDecision, Image, Provenance, Removal
from jzcli.repair import without_readings
from jzcli.settings import Settings

# Inside the body only unmistakable notices count (prose may well mention 未经授权).
_NOTICE = re.compile(
    r"免责声明|版权所有(?![者人方权])|版权声明|转载请注明|不代表本(?:站|网)(?:观点|立场)|ICP备|公网安备|"
    r"如有侵权|Copyright\s*(?:©|\(c\)|\d{4})|All rights reserved|^©",
    re.I,
)
_NAV_LINE = re.compile(
    r"^[\[【（(]?\s*(?:首页|返回首页|返回|上一篇|下一篇|上一页|下一页|打印|打印本页|关闭|关闭窗口|"
    r"发表评论|网友评论|查看评论|参与评论|评论\s*\(\d+\)|"
    r"返回顶部|分享到?|收藏|推荐|推荐给好友|相关新闻|相关阅读|相关文章|热点推荐|更多|"
    r"评论|我要评论|点击排行|扫一扫|字号|【?大\s*中\s*小】?|advertisement|share( this)?|"
    r"print|email|tweet|related( articles| stories)?|comments?|read more|"
    r"subscribe|sign up|tags?|tagged|filed under|topics|标签|关键词|关键字)"
    r"\s*[\]】）)]?[:：]?.{0,12}$",
    re.I,
)
_RELATED_HEAD = re.compile(
    r"^[【\[（(]?\s*(?:相关(?:报道|新闻|阅读|文章|链接|专题|资讯|评论)|延伸阅读|推荐阅读|热点推荐|热门推荐|"
    r"猜你喜欢|更多(?:精彩|新闻|阅读)|related(?: articles| stories| posts| coverage)?|"
    r"read more|more from [\w ]+|see also|you may also like|recommended|"
    # The same headings in other languages, a few words may follow (`aus der Region`):
    # German, Spanish, French, Italian, Portuguese, Dutch, Polish, Russian, Japanese.
    r"(?:(?:weitere|mehr|ähnliche|verwandte|aktuelle) "
    r"(?:meldungen|artikel|nachrichten|beiträge|news)|mehr zum thema|"
    r"das könnte sie (?:auch )?interessieren|lesen sie auch|auch interessant|"
    r"más ?noticias|noticias relacionadas|art[ií]culos relacionados|te recomendamos|"
    r"te puede interesar|(?:à )?lire aussi|sur le même sujet|articles similaires|"
    r"(?:dans|de) la même rubrique|leggi anche|articoli correlati|altre notizie|"
    r"leia também|veja também|mais notícias|notícias relacionadas|lees ook|meer nieuws|"
    r"czytaj (?:także|też)|zobacz (?:także|też)|читайте также|другие новости|"
    r"похожие (?:новости|статьи)|новости по теме|関連記事|関連ニュース|おすすめ記事)"
    r"(?:\s+[^\W\d_]+){0,3})"
    r"\s*[】\]）)]?\s*(?:[:：](?P<named>[^.!?。]{0,40}))?$",
    re.I,
)
# A slot a script fills once the page has loaded: saved before, it shows its placeholder
# (`Loading…`, `Loading comments...`, `Please wait`); `Loading Bay 4` says more.
_LOADING = (
    r"loading(?:\s+[^\W\d_]+){0,2}\s*(?:\.{2,}|…)|loading|please wait\s*(?:\.{2,}|…)?|"
    r"正在(?:加载|载入)中?\s*(?:\.{2,}|…)*|(?:加载|载入)中\s*(?:\.{2,}|…)*|"
    r"(?:wird geladen|chargement(?: en cours)?|cargando|carregando|caricamento(?: in corso)?|"
    r"загрузка)\s*(?:\.{2,}|…)?"
)
# Short lines that are page furniture wherever they sit in the body.
_JUNK_LINE = re.compile(
    r"^(?:[\s/|·•.,:：-]*|advert(?:isement)?s?|sponsored(?: content)?|explore further|"
    # An advertisement's label in other languages, or between dashes (`- Anzeige -`).
    r"[\s|·•–—-]*(?:advert(?:isement)?s?|anzeige|werbung|publicidad|publicité|pubblicità|"
    r"publicidade|реклама|advertentie|reklama|광고)[\s|·•–—-]*|"
    r"continue reading.*|read more.*|click here.*|share (?:this|on) .*|"
    r"this (?:slideshow|video|content) requires javascript\.?|"
    r"(?:photo|image|picture) (?:credit|copyright).*|广告|展开全文|点击查看.*|"
    r"(?:本文)?来源[:：]?\s*网络|扫码.*|长按.*二维码.*|"
    r".{0,30}(?:已被|被)?(?:阅读|浏览|点击|访问)(?:次数|数|量)?[:：]?\s*\d+\s*次.{0,4}|"
    r".*trackback.*|"
    rf"{_LOADING})$",
    re.I,
)
_PLACEHOLDER = re.compile(f"^(?:{_LOADING})$", re.I)
# Cheap checks that tell most lines `_NOTICE` and `_JUNK_LINE` cannot match (case-insensitive
# alternations are tried at every character: a few microseconds a line). Each pattern needs
# one of these in the line. Under re.I an ASCII letter also matches four other letters
# (`İ`, `ı`, `ſ` and the Kelvin sign); only the Kelvin sign lower-cases to an
# ASCII letter, so a line holding one of the other three takes the pattern.
_NOTICE_HINT = re.compile(r"免责声明|版权|转载请注明|不代表本|备|如有侵权|©")
_NOTICE_LOWER = ("pyr", "rved")  # Copyright, All rights reserved
_FOLDS = ("\u0130", "\u0131", "\u017f")
_JUNK_STARTS = (
    "advert", "sponsored", "explore further", "continue reading", "read more", "click here",
    "share ", "this ", "photo ", "image ", "picture ", "广告", "展开全文", "点击查看", "本文",
    "来源", "扫码", "长按", "anzeige", "werbung", "publici", "pubblicità", "реклама",
    "advertentie", "reklama", "광고", "loading", "please wait", "正在", "加载", "载入",
    "wird geladen", "chargement", "cargando", "carregando", "caricamento", "загрузка",
)  # fmt: skip
_JUNK_MARKS = frozenset("/|·•.,:：-–—")


def _notice(text: str) -> bool:
    """`_NOTICE.search(text)`, for a line of body text."""
    if _NOTICE_HINT.search(text) is None:
        low = text.lower()  # (no i, s or k in the two parts)
        if _NOTICE_LOWER[0] not in low and _NOTICE_LOWER[1] not in low:
            return False
    return _NOTICE.search(text) is not None


_QUOTES = "\"'“”„‟‘’‚«»‹›「」『』"


def _site_notice(text: str) -> bool:
    """A paragraph that claims the site's copyright and reserves its rights, in any of the
    languages of `RIGHTS_RESERVED` (the small print, however long, not the article). Not
    one that quotes the phrase (an article about copyright notices: `the notice "All rights
    reserved" adds nothing`)."""
    low = text.lower()
    if "©" not in text and "copyright" not in low:
        return False
    for found in RIGHTS_RESERVED.finditer(low):
        before = low[: found.start()].rstrip()
        if not before or before[-1] not in _QUOTES:
            return True
    return False


def _data_cell(block: Block, text: str) -> bool:
    """A table cell saying `Loading` (`Загрузка`, `Chargement`) names a column or a stage of
    the table's data (load, cargo), not a script's placeholder: no script fills a cell."""
    return block.tag in ("td", "th") and _PLACEHOLDER.match(text) is not None


def _junk_line(text: str) -> bool:
    """`_JUNK_LINE.match(text)`: the pattern is anchored at both ends, and each of its
    alternatives starts with one of `_JUNK_STARTS`, or with a mark or a space (a line of
    only those), or needs `次` (a view counter) or `trackback` somewhere."""
    first = text[:1]
    if first and not first.isspace() and first not in _JUNK_MARKS and "次" not in text:
        low = text.lower()
        if (
            not low.startswith(_JUNK_STARTS)
            and "trackback" not in low
            and (text.isascii() or not any(fold in text for fold in _FOLDS))
        ):
            return False
    return _JUNK_LINE.match(text) is not None


_ORIGINAL_TITLE = re.compile(r"^[(（【\[]?\s*(?:原标题|原標題|原题|原題)\s*[:：]")
_CRUMB_QUICK = re.compile(r"[>»›→＞〉》|/]|位置|location|you are here", re.I)
_CRUMB_MARK = re.compile(r"[>»›→＞〉》|/]|位置")  # the part of _CRUMB_QUICK with no letters


def _crumb_quick(text: str) -> bool:
    """`_CRUMB_QUICK.search(text)`: its words need `locat` or `are here` in the lower-cased
    text (letters re.I matches only as i or s are not in them)."""
    if _CRUMB_MARK.search(text) is not None:
        return True
    low = text.lower()
    if "locat" not in low and "are here" not in low:
        return False
    return _CRUMB_QUICK.search(text) is not None


_CRUMB_HINT = re.compile(r"crumb|position|location|weizhi|dqwz|mianbao|path|daohang|current")
_CAPTION_TAGS = frozenset({"figcaption", "p", "div", "span", "center", "td", "font", "caption"})
_SENTENCE = re.compile(r"[。！？!?]|\.\s")
_ICON = re.compile(r"icon|logo|spacer|pixel|blank|avatar|share|button|arrow|loading", re.I)
# Case-insensitive patterns are tried at every character; a case-sensitive one on the
# lower-cased text skips to the characters that can start a match. The same matches: re.I
# reads a letter as itself, its other case, and only `İ`, `ı` (as i), `ſ` (as s) and the
# Kelvin sign (as k) besides; every other character lower-cases to one character that is a
# word character (\w) exactly when it is, and only the Kelvin sign to an ASCII letter (its
# k). So the lower-case form lists ı and ſ beside i and s, and text with `İ` (which
# lower-cases to two characters) takes the re.I pattern.
_ICON_LOWER = re.compile(
    r"[iı]con|logo|[sſ]pacer|p[iı]xel|blank|avatar|[sſ]hare|button|arrow|load[iı]ng"
)


def _icon(src: str) -> bool:
    """`_ICON.search(src)`."""
    if "\u0130" in src:  # lower-cases to two characters
        return _ICON.search(src) is not None
    return _ICON_LOWER.search(src.lower()) is not None


@dataclass
class _Meta:
    """Metadata found in visible lines."""

    authors: list[Author] = field(default_factory=list)
    source: str = ""
    published: str = ""
    breadcrumb: tuple[str, ...] = ()
    shown_names: list[str] = field(default_factory=list)
    """Names on the dated line by the headline, or alone on a line next to it."""

    def take(self, credits: Credits) -> None:
        seen = {(a.normalized, a.role) for a in self.authors}
        for author in credits.authors:
            if (author.normalized, author.role) not in seen:
                self.authors.append(author)
                seen.add((author.normalized, author.role))
        self.source = self.source or credits.source
        self.published = self.published or credits.published


class _TextSize:
    """How many characters of text a page has (its text nodes stripped), read once for the
    checks that compare an element's text with the page's and read again only after the page
    changed: reading it walks the whole tree.

    The size is the sum of the page's text nodes' stripped lengths (`text(strip=True)` strips
    each node's text and joins them with nothing), so dropping an element whose own size is
    known takes that size off (`dropped`) instead of reading the page again."""

    __slots__ = ("_page", "_size")

    def __init__(self, page: Node) -> None:
        self._page = page
        self._size: int | None = None

    def get(self) -> int:
        if self._size is None:
            self._size = len(self._page.text(strip=True))
        return self._size

    def changed(self) -> None:
        self._size = None

    def dropped(self, size: int) -> None:
        """An element holding `size` characters (its `text(strip=True)`) left the page."""
        if self._size is not None:
            self._size -= size


def _form_holds_page(tree: LexborHTMLParser, page: _TextSize) -> bool:
    """True when a <form> wraps much of the page (ASP.NET), so forms cannot be dropped."""
    forms = tree.css("form")
    if not forms:
        return False
    longest = max(len(form.text(strip=True)) for form in forms)
    # A form without text holds no part of any page: the page's size is then not needed.
    return longest > 0 and longest > (page.get() or 1) * 0.3


_NON_WORD = re.compile(r"\W+")


# ASCII characters that are not `\w`: what `_NON_WORD` removes from an ASCII text.
_ASCII_NON_WORD = bytes(c for c in range(128) if not (chr(c).isalnum() or c == 95))


def _squash(text: str) -> str:
    if text.isascii():  # the same, with C string methods instead of the pattern
        return text.encode("ascii").translate(None, _ASCII_NON_WORD).lower().decode("ascii")
    return _NON_WORD.sub("", text).lower()


def _choose_title(head: HeadMetadata, rule_title: str) -> tuple[str, list[str]]:
    """The article title and the other `<title>` segments (candidates for the site name)."""
    title, others = _pick_title(head, rule_title)
    if (
        title in head.headings
        and _squash(title) == _squash(head.title)
        and _marks(head.title) > _marks(title)
    ):
        # The same words as og:title but without its dashes or colons (`Info - Guide` shown
        # as a label and a heading, `Full-Stack` broken over a line): og:title's form.
        return head.title, others
    heading = head.headings[0] if head.headings and not rule_title else ""
    if (
        heading
        and title
        and title != heading
        and len(heading) <= 3 * len(title) + 10
        and not split_title(heading)[1]  # not `Catering Tips | Cookshack`
        and not front_page(head.base_url)
        and _says_words(heading.lower(), title.lower())
    ):
        # The <h1> says the <title>'s words and more (`Crate tokio` for `tokio - Rust`,
        # `Networking in Compose` for `Networking | Docker Docs`): the fuller name.
        return heading, others
    if not rule_title and title not in head.headings and front_page(head.base_url):
        # A front page names the site, not an article: a <title> that gives the site's name,
        # then its motto (`Hugging Face – The AI community building the future.`) is kept
        # whole (`Push your ideas to the web | Netlify` names the page first).
        whole = " ".join(head.title_tag.split())
        if title and title in whole and not whole.startswith(title) and len(whole) <= 150:
            return whole, others
    return title, others


def _says_words(text: str, words: str) -> bool:
    """Whether `words` is in `text` with no word character (`\\w`: a letter, digit or `_`)
    just before or after it: `re.search(rf"(?<!\\w){re.escape(words)}(?!\\w)", text)` without
    a pattern per call (a compiled pattern per page's title would be kept by `re`, and by the
    `jz` process's pattern cache)."""
    end = len(text)
    at = text.find(words)
    while at >= 0:
        after = at + len(words)
        if (at == 0 or not _is_word(text[at - 1])) and (after >= end or not _is_word(text[after])):
            return True
        at = text.find(words, at + 1)
    return False


def _is_word(char: str) -> bool:
    """`\\w` in a `str` pattern (CPython's `_sre`: alphanumeric, as `str.isalnum`, or `_`)."""
    return char.isalnum() or char == "_"


_DASHES = str.maketrans("‐‑‒–—―", "------")


def _marks(text: str) -> int:
    """How many dashes, colons and bars a title has (one dash style counting as another)."""
    return sum(text.translate(_DASHES).count(c) for c in "-:|")


def _pick_title(head: HeadMetadata, rule_title: str) -> tuple[str, list[str]]:
    urls = (head.base_url, head.canonical_url)
    tag_title, others = split_title(head.title_tag, head.site_name, urls)
    if rule_title:
        return rule_title, others
    heading, rest = heading_segment(head.title_tag, head.headings, head.site_name, urls)
    og_key = _squash(head.title)
    if heading and og_key != _squash(heading) and og_key in {_squash(p) for p in rest}:
        # og:title names another segment (`Blog name: Post title` with the blog's name as
        # the <h1>; `tag - Question - Site` with the tag as a later <h1>): that is the page.
        heading = ""
    if heading:
        return heading, rest
    heading = _headline(head, tag_title, others)
    if heading:
        return heading, others
    # An og:title sharing no word with a <title> that names the page beside the site is the
    # site's default for sharing (`Build software better, together` on every page).
    if head.title and not (
        _names_page_and_site(head, tag_title, others, urls)
        and not _title_words(head.title) & _title_words(head.title_tag)
    ):
        title = head.title
        main, extra = split_title(title, head.site_name, urls)
        # og:title sometimes carries the site suffix too ("The Clock | National Review").
        if title == head.title_tag or (
            extra
            and ({head.site_name, *others} & set(extra) or _squash(main) == _squash(tag_title))
        ):
            title = main
        return title, others
    # An <h1> that is most of the <title> is the title; one that is a small part is the logo.
    squashed = _squash(head.title_tag)
    for heading in head.headings:
        key = _squash(heading)
        if len(key) >= 4 and key in squashed and len(key) >= 0.5 * len(_squash(tag_title)):
            return heading, others
    if tag_title:
        return tag_title, others
    return (head.headings[0] if head.headings else ""), others


def _names_page_and_site(
    head: HeadMetadata, tag_title: str, others: list[str], urls: tuple[str, ...]
) -> bool:
    """The `<title>` is clearly the page's own: the segment taken is not the site's name and
    a later one is (og:site_name, the host: `Page · Site`). A `<title>` of one segment is often
    only the site's name on every page of a CMS (`人民网`, `Example News`), and one of the
    site's name, then its motto, names no page either: there og:title is the headline."""
    if not (tag_title and others and _title_words(tag_title)):
        return False
    if names_site(tag_title, head.site_name, urls):
        return False
    parts = title_segments(" ".join(head.title_tag.split()))
    after = parts[parts.index(tag_title) + 1 :] if tag_title in parts else []
    return any(names_site(p, head.site_name, urls) for p in after)


_WORD = re.compile(r"[^\W\d_]{3,}")
_HAN_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")


def _title_words(text: str) -> set[str]:
    text = text.lower()
    return set(_WORD.findall(text)) | set(_HAN_PAIR.findall(text))


_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the and for with from that this your you our are was were has have into about what how "
        "why who will can not all its",
    )
)


def _shares_most(heading: str, title: str) -> bool:
    """Two thirds of the heading's words (function words aside) are in the title."""
    words = _title_words(heading) - _FUNCTION_WORDS
    return len(words & _title_words(title)) * 3 >= len(words) * 2


def _headline(head: HeadMetadata, tag_title: str, others: list[str]) -> str:
    """The page's `<h1>` when it is the headline: the reader sees it, and og:title is often
    rewritten for sharing. It must share words with og:title or `<title>` (else it is a logo
    or a section name), unless those only name the site."""
    if not head.headings:
        return ""
    heading = head.headings[0]
    names = {_squash(x) for x in (head.site_name, *others)}
    if _squash(heading) in names and len(head.headings) > 1:
        heading = head.headings[1]  # the first <h1> is the logo's
    if not 2 <= len(heading) <= 250 or _squash(heading) in names:
        return ""
    words = _title_words(heading)
    # In order (the <title> first): the first matching segment wins in _fuller_segment, and a
    # set's order would change with the process's string hash seed.
    stated = [t for t in dict.fromkeys((tag_title, head.title, split_title(head.title)[0])) if t]
    if words and any(len(words & _title_words(t)) >= min(2, len(words)) for t in stated):
        # On a page whose markup does not say it is an article, an <h1> that shares only a
        # few words with the <title> is a banner's slogan (`Win customers with the #1 email
        # marketing platform` under `Email Marketing Tools | Mailchimp`): the <title> names
        # the page. Most of its words must be in the <title>, as a product's name is.
        if head.article_like:
            return heading
        if any(_shares_most(heading, t) for t in stated):
            if _squash(heading) == _squash(head.title):
                return heading  # og:title says the same
            return _fuller_segment(head, heading, stated) or heading
        return ""
    names = {_squash(head.site_name), _squash(urlsplit(head.canonical_url).hostname or "")}
    if stated and all(_squash(t) in names for t in stated) and len(heading.split()) >= 2:
        return heading
    # A <title> of the site's name and motto (`Reddit - The heart of the internet`) on every
    # page of an app that never sets its own: below the front page, the <h1> names the page.
    parts = title_segments(head.title_tag)
    urls = (head.base_url, head.canonical_url)
    if (
        not head.title
        and len(parts) == 2
        and names_site(parts[0], head.site_name, urls)
        and not front_page(head.base_url)
        and len(heading.split()) >= 3
    ):
        return heading
    return ""


def _fuller_segment(head: HeadMetadata, heading: str, stated: list[str]) -> str:
    """A `<title>` segment holding all the words of a short `<h1>` and twice as many (`Coupons`
    in `Residential Electrician Coupons | Acme`, `Houston` in `Mountain Bike Trails near
    Houston`): on a shop's or a directory's page it names the page, the <h1> only the item."""
    words = _title_words(heading)
    urls = (head.base_url, head.canonical_url)
    for title in stated:
        main, others = split_title(title)
        # A subtitle after a colon describes the page further (`Hiking Boots: Shop Boots for
        # Hiking & Backpacking`): only the part before it can name the page.
        for segment in (p.split(": ")[0] for p in (main, *others)):
            seg_words = _title_words(segment)
            if (
                words <= seg_words
                and len(seg_words) >= 2 * len(words)
                and not names_site(segment, head.site_name, urls)
            ):
                return segment
    return ""


def _find_title_block(
    layout: Layout, title: str, limit: int, shown: bool = False, heading: bool = False
) -> int:
    """Index of the block that shows the title, before `limit`; -1 when none does.
    With `shown`, only a heading (`<h1>`...`<h6>`) or a block that is no link counts (not
    a link to this page in a menu or a list of stories); with `heading`, only a heading."""
    key = _squash(title)
    if len(key) < 4:
        return -1
    # Squashing only drops characters: a block shorter than most of the key cannot match,
    # nor can one many times its length (that would be mostly punctuation and spaces).
    low, high = len(key) * 0.8, len(title) * 4 + 40
    for i in range(min(limit, len(layout.blocks))):
        raw = layout.blocks[i].text
        if not low <= len(raw) <= high:
            continue
        block = layout.blocks[i]
        if block.tag not in HEADINGS and (heading or (shown and block.link_chars)):
            continue
        text = _squash(raw)
        if text and (text == key or (len(text) >= len(key) * 0.8 and text in key)):
            return i
    return -1


def _headline_block(layout: Layout, title: str) -> int:
    """The block that shows the title as the page's headline; -1 when none does. A heading
    that shows it is the headline, wherever it stands: a line before it that shows the title
    too and is no heading is a copy (the last step of a breadcrumb, a title cut short in a
    bar above the article)."""
    end = len(layout.blocks)
    found = _find_title_block(layout, title, end, heading=True)
    return found if found >= 0 else _find_title_block(layout, title, end, shown=True)


_BRACKETED = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_FULL_STOP = re.compile(r"[。！？]")


def _credit_line(text: str) -> bool:
    """A short line that is credits only; a sentence after a dateline (`本报讯（记者 张三）...。`)
    is body text even though it names a reporter."""
    if len(text) > 160 or (_FULL_STOP.search(text) and _FULL_STOP.search(_BRACKETED.sub("", text))):
        return False
    return looks_like_credits(text)


def _is_date_line(text: str) -> str:
    """The date of a short line that is only a date (and labels); "" otherwise."""
    if len(text) > 60:
        return ""
    date = parse_date(text)
    if not date:
        return ""
    rest = re.sub(r"[\d\s:：\-/.年月日时分秒()（）|]", "", text)
    rest = re.sub(
        r"(?:发布|发表|更新|时间|日期|来源|published|updated|posted|on|at|am|pm)",
        "",
        rest,
        flags=re.I,
    )
    return date if len(rest) <= 6 else ""


_STAMP = re.compile(
    r"发布|发表|时间|日期|更新|来源|published|updated|posted|\d{1,2}[:：]\d{2}", re.I
)


_WEEKDAY = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]|礼拜")


def _stamped_date(text: str) -> str:
    """The date on an info line next to the title (`报纸网 | 发布: 2021-1-29 13:18 | 点击: 313`):
    it needs a label or a time, so a masthead's "today is ..." does not pass."""
    return parse_date(text) if _STAMP.search(text) else ""


def _crumb_of_block(layout: Layout, i: int) -> tuple[str, ...]:
    block = layout.blocks[i]
    if not _crumb_quick(block.text):
        return ()
    items = parse_breadcrumb(block.text)
    if items:
        return items
    if _CRUMB_HINT.search(layout.hints[block.elem]) and (">" in block.text or "»" in block.text):
        return parse_breadcrumb("位置: " + block.text)
    return ()


_CELLS = ("td", "th", "dd", "li")
_CELL_HOLDERS = ("table", "ul", "ol", "dl")


def _dated_cells(layout: Layout, i: int, first: int, seen: dict[int, bool]) -> bool:
    """Is block `i` a cell of a list or a table whose cells carry several dates (a version
    history, a list of other stories)? One dated cell (a `发布时间：… 来源：…` cell of a
    government page's info table, a `<li>` of a meta list), or dates named differently
    (`_DATE_NAME`), are the page's own."""
    blocks = layout.blocks
    if blocks[i].tag not in _CELLS:
        return False
    holder = layout.parents[blocks[i].elem]
    while holder > 0 and layout.tags[holder] not in _CELL_HOLDERS:
        holder = layout.parents[holder]
    if holder <= 0:
        return False
    if holder not in seen:
        bare, labels, listed = 0, set(), False
        for j in range(layout.first_block[holder], min(layout.end_block[holder], first)):
            text = blocks[j].text
            if len(text) <= 120 and blocks[j].tag in _CELLS and parse_date(text):
                if label := _DATE_NAME.search(text):
                    listed = label.group().lower() in labels
                    labels.add(label.group().lower())
                else:
                    bare += 1
                    listed = bare > 1
                if listed:
                    break
        seen[holder] = listed
    return seen[holder]


# What a page's info cell calls its date (`发布时间：`, `Updated:`). Dates under different
# names are one page's (成文日期 and 发布日期, Published and Updated, beside a masthead's
# bare date); a list repeats one name, or gives bare dates.
_DATE_NAME = re.compile(r"发布|发表|时间|日期|更新|published|updated|posted", re.I)


def _labelled(layout: Layout, i: int, first: int) -> list[int]:
    """The blocks a lone credit label at block `i` names (the label and its names in elements
    of their own): the next block, and when that is a list's or a table's cell, the cells
    after it in the same list (one name a cell). Only blocks before the body (`first`)."""
    blocks = layout.blocks
    if i + 1 >= first:
        return []
    out = [i + 1]
    parent = layout.parents[blocks[i + 1].elem]
    if blocks[i + 1].tag in _CELLS:
        for j in range(i + 2, min(first, i + 6)):
            if blocks[j].tag != blocks[i + 1].tag or layout.parents[blocks[j].elem] != parent:
                break
            out.append(j)
    return out


def _scan_before_body(layout: Layout, first: int, title_at: int, found: _Meta) -> None:
    """Breadcrumb anywhere before the body; byline and date between the title and the body."""
    stamped = bare = above_date = ""
    holders: dict[int, bool] = {}
    since = layout.blocks[title_at].elem if title_at >= 0 else 0
    for i in range(first):
        text = layout.blocks[i].text
        if not found.breadcrumb and len(text) < 200:
            found.breadcrumb = _crumb_of_block(layout, i)
        # With no headline found, the lines just above the body: not a list's or a table's
        # cells (a version history's dates), as for the body's own first lines.
        near = i > title_at >= 0 or (
            title_at < 0 and i >= first - 10 and not _dated_cells(layout, i, first, holders)
        )
        if near and len(text) <= 120 and not in_poster_box(layout, layout.blocks[i].elem, since):
            if credit_label(text):
                # Names the reader sees credited, kept for when no markup names the author
                # (a label's next line may be a note: `By` then `Fact Checked`).
                for j in _labelled(layout, i, first):
                    for author in labelled_credits(layout.blocks[j].text).authors:
                        if author.name not in found.shown_names:
                            found.shown_names.append(author.name)
                continue
            if _credit_line(text):
                credits = parse_credits(text)
                found.take(credits)
                if credits.published:
                    continue
            # The line closest to the body wins; a masthead's "today" is further up.
            if date := _stamped_date(text):
                stamped = date
            elif (date := _is_date_line(text) or info_line_date(text)) and not _WEEKDAY.search(
                text
            ):
                bare = date
        elif title_at >= 0 and title_at - 3 <= i < title_at and not bare and not stamped:
            # A date line up to three lines above the headline (`Dec 17, 2025 • 8 minutes`,
            # or the date, `in`, the category, then the <h1>).
            above = info_line_date(text) if len(text) <= 100 else ""
            above_date = above if above and not _WEEKDAY.search(text) else above_date
    found.published = found.published or stamped or bare or above_date
    _names_by_date(layout, first, title_at, found)


_NOT_NAME_HINT = re.compile(r"categ|tag|topic|crumb|title|head|label|menu|nav|section", re.I)


def _name_block(layout: Layout, i: int) -> bool:
    """A block that may hold a name: not a heading, a tag, a category or a breadcrumb."""
    block = layout.blocks[i]
    if block.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return False
    return not _NOT_NAME_HINT.search(layout.hints[block.elem])


def _names_by_date(layout: Layout, first: int, title_at: int, found: _Meta) -> None:
    """A person named on the dated line next to the headline (`By Jane Doe - Mar 27, 2024`),
    or alone on the line just above or below it (`Jane Doe`, then `23.07.2025 · 6 min read`)."""
    if title_at < 0:
        return
    blocks = layout.blocks
    for i in range(max(title_at - 2, 0), min(first + 1, title_at + 8, len(blocks))):
        text = blocks[i].text
        if i == title_at or len(text) > 100 or not info_line_date(text):
            continue
        name = info_line_name(text)
        for j in (i - 1, i + 1):
            if name:
                break
            if j != title_at and 0 <= j < len(blocks) and _name_block(layout, j):
                name = person_name(blocks[j].text)
        if name and name not in found.shown_names:
            found.shown_names.append(name)


def _edge_reason(text: str, title: str, found: _Meta, leading: bool) -> str:
    """Why a block at the edge of the body is metadata or debris ("" when it is body text)."""
    # Read labels as the page meant them: 來(lái)源 left by a converting proxy is 來源.
    text = without_readings(text)
    if leading and title and _squash(text) == _squash(without_readings(title)):
        return "boilerplate"
    if len(text) <= 200:
        crumb = parse_breadcrumb(text)
        if crumb:
            found.breadcrumb = found.breadcrumb or crumb
            return "breadcrumb"
    if _credit_line(text):
        found.take(parse_credits(text))
        return "byline"
    date = _is_date_line(text)
    if not date and leading and len(text) <= 80 and not _FULL_STOP.search(text):
        date = _stamped_date(text)  # 报纸网 | 发布: 2021-1-29 13:18 | 点击: 313
    if date:
        found.published = found.published or date
        return "byline"
    if leading and (shown := date_line(text)):
        found.published = found.published or shown  # kept in the body: it is what it shows
    if len(text) <= 300 and DISCLAIMER.search(text):
        return "boilerplate"
    if len(text) <= 40 and _NAV_LINE.match(text):
        return "boilerplate"
    if not leading and len(text) <= 120 and _ORIGINAL_TITLE.match(label_key(text)):
        return "byline"  # 原标题：… after the text; a 责任编辑 line may come before it
    return ""


_READ_ALSO = re.compile(
    r"^(?:lesen sie auch|auch interessant|(?:also )?read also|also read|(?:à )?lire aussi|"
    r"leia também|lea también|相关阅读|相關閱讀|相关新闻|相關新聞)\b",
    re.I,
)


def _lead_date(blocks: list[Block], lead: list[int]) -> str:
    """A date line among the body's first lines (under a photo's caption, a kicker or the
    headline) is the page's own; it stays in the text as shown. Not a table or list cell (a
    member's join date, a row) unless a date label names it (`<dt>Datum</dt><dd>...`), nor
    after a second heading (a listed story's date)."""
    headings = 0
    for k, i in enumerate(lead):
        block = blocks[i]
        if _RELATED_HEAD.match(block.text) or _READ_ALSO.match(block.text):
            return ""  # a teaser of another story follows
        cell = block.tag in ("td", "th", "dd", "li")
        if cell and block.tag == "dd" and i and blocks[i - 1].tag == "dt":
            cell = not date_label(blocks[i - 1].text)
        if not cell and (date := info_line_date(block.text)):
            return date
        # A kicker and the headline right under it are one heading.
        if block.tag in HEADINGS and not (k and blocks[lead[k - 1]].tag in HEADINGS):
            headings += 1
            if headings > 1:
                return ""
    return ""


_TRUNCATED = ("...", "…")


def _teaser_line(blocks: list[Block], body: list[int], k: int) -> bool:
    """Whether the body's `k`-th line may belong to a list of other stories: a short line
    (a linked headline, a date), or a teaser's summary: mostly link text, cut off with an
    ellipsis, or right under a linked headline."""
    block = blocks[body[k]]
    n = len(block.text)
    if n <= 80 or block.link_chars * 2 >= n or block.text.endswith(_TRUNCATED):
        return True
    above = blocks[body[k] - 1]  # (the page's line above: a linked title may be left out)
    return 0 < len(above.text) <= 160 and above.link_chars * 10 >= len(above.text) * 9


RELATED_LINKS = 1 / 3
"""Other stories are listed as links: of the page's text under their heading (to the body's
end, the linked lines the body left out included), at least this share is link text."""


def _links_after(blocks: list[Block], head: int, last: int) -> bool:
    under = blocks[head + 1 : last + 1]
    linked = sum(_linked_chars(b) for b in under)
    return linked >= RELATED_LINKS * sum(len(b.text) for b in under)


def _linked_chars(block: Block) -> int:
    """A line's link text; all of it when a link opened in it holds no text: a teaser whose
    link is its thumbnail (`<a><img></a>` before an unlinked title) points elsewhere too."""
    if block.anchors and not block.link_chars:
        return len(block.text)
    return block.link_chars


def _related_tail(blocks: list[Block], body: list[int]) -> int | None:
    """Where the body's tail of other stories starts (`_clean_body`), if it has one: what
    follows each line is counted once from the end (a heading repeated on every item of a
    long page would otherwise rescan the rest each time)."""
    start = len(body) // 3
    after = len(body) - start
    longer = [0] * (after + 1)  # lines over 80 characters after body[start + j]
    teasers = [True] * (after + 1)  # every line from body[start + j] on is teaser-like
    last: dict[str, int] = {}  # the last place of each text
    for j in range(after - 1, -1, -1):
        k = start + j
        longer[j] = longer[j + 1] + (k + 1 < len(body) and len(blocks[body[k + 1]].text) > 80)
        teasers[j] = teasers[j + 1] and _teaser_line(blocks, body, k)
        last.setdefault(blocks[body[k]].text, k)
    for j in range(after):
        pos = start + j
        text = blocks[body[pos]].text
        head = _RELATED_HEAD.match(text)
        if head is None:
            continue
        # `相关阅读：<a title>` names one story: short lines after it are the article's own
        # (a list of points) unless teasers follow. So is a list of short lines that link
        # nowhere, whatever the line above says (`Lesen Sie auch unseren Kommentar`).
        named = bool((head.group("named") or "").strip())
        points = len(body) - pos > 2 and not _links_after(blocks, body[pos], body[-1])
        if (not longer[j] and not named and not points) or (
            longer[j] >= 2
            and teasers[j + 1]
            and last[text] <= pos + 1  # (twice in a row: one heading)
        ):
            return pos
    return None


FRAME_LINE = 80
"""A frame's lines are shorter than this (weighted: a CJK character counts three)..."""
FRAME_PROSE = 3
"""...and the story they frame holds this many paragraphs of prose (this long or longer)."""


def _frame(blocks: list[Block], body: list[int]) -> list[int]:
    """The page's lines that frame the story: the same short lines, two or more, opening and
    closing the body around FRAME_PROSE paragraphs of prose or more (subscribe and follow
    lines printed above and below it by the template). Both copies go. A poem framed by its
    refrain frames verse; a column closing on its opening line repeats one line: they stay."""
    texts = [blocks[i].text for i in body]
    short = 0  # the body's first lines under FRAME_LINE, at most half of it
    while short < len(texts) // 2 and block_weight(texts[short]) < FRAME_LINE:
        short += 1
    if short < 2:
        return []
    for k in _borders(texts):  # the longest frame first
        if 2 <= k <= short:
            prose = sum(block_weight(text) >= FRAME_LINE for text in texts[k:-k])
            return body[:k] + body[-k:] if prose >= FRAME_PROSE else []
    return []


def _borders(texts: list[str]) -> list[int]:
    """Every k, longest first, for which the first k lines are the last k in the same order.
    Found in one pass (the failure table of Knuth, Morris and Pratt): trying each k against
    the lines (a body of thousands of the same short line) costs the square of their count."""
    fail = [0] * len(texts)  # fail[i]: the longest border of texts[: i + 1]
    k = 0
    for i in range(1, len(texts)):
        while k and texts[i] != texts[k]:
            k = fail[k - 1]
        if texts[i] == texts[k]:
            k += 1
        fail[i] = k
    found: list[int] = []
    k = fail[-1] if texts else 0
    while k:
        found.append(k)
        k = fail[k - 1]
    return found


def _clean_body(layout: Layout, choice: BodyChoice, title: str, found: _Meta) -> list[int]:
    """Drop metadata and debris lines at the edges of (and, for disclaimers, inside) the body."""
    body = list(choice.blocks)
    blocks = layout.blocks
    removed: dict[int, str] = {}
    # A "相关报道" / "Related" heading followed only by short lines ends the article; so
    # does one followed by two teasers or more (a summary under each linked headline),
    # unless it is a label printed once per item (`Read more` under each entry of a list).
    # (One summary after it is the article going on under a `Read also` link.)
    pos = _related_tail(blocks, body)
    if pos is not None:
        removed.update((i, "boilerplate") for i in body[pos:])
        body = body[:pos]
    for i in body[:8]:
        reason = _edge_reason(blocks[i].text, title, found, leading=True)
        if not reason:
            break
        removed[i] = reason
    if not found.published and body:
        # the body's first lines and what lies between them (a date line the body left out)
        span = range(body[0], body[:4][-1] + 1)[:8]
        found.published = _lead_date(blocks, [i for i in span if i not in removed])
    for i in reversed(body[-10:]):
        if i in removed:
            break
        reason = _edge_reason(blocks[i].text, title, found, leading=False)
        if not reason:
            break
        removed[i] = reason
    removed.update(
        (i, "boilerplate") for i in _frame(blocks, [i for i in body if i not in removed])
    )
    for i in body:
        text = blocks[i].text
        if i in removed:
            continue
        if len(text) > 160:
            if len(text) <= 1000 and _site_notice(text):
                removed[i] = "boilerplate"
            continue
        # A lone number is a gallery counter, unless it is a table cell.
        counter = text.isdigit() and len(text) <= 3 and blocks[i].tag not in ("td", "th", "li")
        if (
            _notice(text)
            or (len(text) <= 80 and "©" in text)
            or (len(text) <= 60 and _junk_line(text) and not _data_cell(blocks[i], text))
            or counter
        ):
            removed[i] = "boilerplate"
        elif text.startswith(("（", "(", "【", "[")) and _credit_line(text):
            found.take(parse_credits(text))
            removed[i] = "byline"
    choice.dropped.extend(removed.items())
    return [i for i in body if i not in removed]


def _caption_for(layout: Layout, body: set[int], image_block: int, image_elem: int) -> str:
    """A short line right under the image, in the same or the next element."""
    if image_block not in body or image_block >= len(layout.blocks):
        return ""
    block = layout.blocks[image_block]
    if block.tag not in _CAPTION_TAGS or len(block.text) > 80 or _SENTENCE.search(block.text):
        return ""
    if (
        block.tag == "figcaption"
        or block.elem == image_elem
        or layout.parents[block.elem]
        in (
            image_elem,
            layout.parents[image_elem],
        )
    ):
        return block.text
    return ""


def _images(
    layout: Layout, choice: BodyChoice, body: set[int], base: str, bad: list[str]
) -> list[Image]:
    """The body's images with captions; a malformed address is skipped and noted in `bad`."""
    containers = choice.containers
    unlikely = choice.unlikely or unlikely_elements(layout)
    out: list[Image] = []
    seen: set[str] = set()
    for ref in layout.images:
        inside = any(c <= ref.elem < layout.ends[c] for c in containers)
        if not inside or unlikely[ref.elem] or _icon(ref.src):
            continue
        url = join_url(base, ref.src)
        if url is None:
            bad.append("image")
            continue
        if url in seen or not url.startswith(("http://", "https://", "/")):
            continue
        seen.add(url)
        caption = ""
        figure = ref.elem
        while figure > 0 and layout.tags[figure] != "figure":
            figure = layout.parents[figure] if figure not in containers else 0
        if figure > 0:
            caption = " ".join(
                layout.blocks[i].text
                for i in range(layout.first_block[figure], layout.end_block[figure])
                if layout.blocks[i].tag == "figcaption"
            )
        caption = caption or _caption_for(layout, body, ref.block, ref.elem) or ref.alt
        out.append(Image(url, caption))
    return out


_STRIP_FIRST = (
    "script", "style", "template", "iframe", "svg", "rt", "rp", "select", "textarea",
)  # fmt: skip
_STRIP_SELECTOR = ", ".join(_STRIP_FIRST)
_SEGMENTS_AND_STRIP = 'div[hidden][id^="S:"], ' + _STRIP_SELECTOR
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_KANA_RUN = re.compile(r"[\u3040-\u30ff]+")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7af]+")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# Whole words the|and|of|to|in|is|that|for (what `\b(?:the|...)\b` finds), written to start
# with a character class so the regex engine skips quickly to candidate letters.
_EN_WORDS = re.compile(
    r"[taoif](?<!\w.)(?:(?<=t)(?:he|o|hat)|(?<=a)nd|(?<=o)f|(?<=i)[ns]|(?<=f)or)\b", re.I
)


# `_EN_WORDS` for lower-cased text (see `_ICON_LOWER`).
_EN_WORDS_LOWER = re.compile(
    r"[taoifı](?<!\w.)(?:(?<=t)(?:he|o|hat)|(?<=a)nd|(?<=o)f|(?<=[iı])[nsſ]|(?<=f)or)\b"
)


def _count(char: re.Pattern[str], runs: re.Pattern[str], text: str) -> int:
    """How many characters of `text` are in a class: `char` matches one, `runs` a run."""
    first = char.search(text)  # scanning for one character is fast...
    if first is None:
        return 0
    # ...and a match per run is much cheaper than a match per character.
    return sum(map(len, runs.findall(text, first.start())))


def guess_language(text: str, english: bool = True) -> str:
    """zh, ja, ko or en from the characters of a text sample; "" when unsure. With `english`
    False, a text that is not Chinese, Japanese or Korean gives "" without counting English
    words (for callers that only ask whether it is one of those)."""
    sample = text[:3000]
    if not sample:
        return ""
    if sample.isascii():
        kana = hangul = han = 0
    else:
        kana = _count(_KANA, _KANA_RUN, sample)
        hangul = _count(_HANGUL, _HANGUL_RUN, sample)
        han = _count(_HAN, _HAN_RUN, sample)
    # ASCII letters are single bytes in UTF-8 and no other character's bytes are ASCII.
    raw = sample.encode("utf-8", "surrogatepass")
    latin = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    letters = kana + hangul + han + latin or 1
    if kana > letters * 0.05:
        return "ja"
    if hangul > letters * 0.2:
        return "ko"
    if han > letters * 0.3:
        return "zh"
    if latin <= letters * 0.8 or not english:
        return ""
    # English when more than 8 % of the words are the|and|of|...: counted until there are.
    need = (len(sample.split()) or 1) * 0.08
    if "\u0130" in sample:
        return "en" if len(_EN_WORDS.findall(sample)) > need else ""
    return "en" if len(_EN_WORDS_LOWER.findall(sample.lower())) > need else ""


_CJK_LANGUAGES = ("zh", "ja", "ko")


def _language(declared: str, text: str) -> str:
    """The declared language unless the text's script contradicts it (templates say lang=en).
    A declared language other than Chinese, Japanese or Korean yields only to one of them:
    the text is then not checked for English."""
    cjk = _CJK_LANGUAGES
    primary = declared.split("-")[0]
    guessed = guess_language(text, english=not declared or primary in cjk)
    if not declared:
        return guessed
    if guessed in cjk and primary != guessed:
        return guessed
    if primary in cjk and guessed and guessed not in cjk:
        return guessed
    return declared


_SCRIPT_FREE_MIN = 200
"""Characters a `<noscript>` version needs to be a page (not "Please enable JavaScript")."""


_SHORT_BODY = 200
"""Under this weight (characters, CJK counted thrice) a chosen body is a blurb, not a text."""
_INTRO_SHARE = 3
"""A one-paragraph body is an introduction when the page's marked main text holds this many
times its length (an introduction is at most a third of what it introduces)."""


def _outermost(nodes: list[Node]) -> list[Node]:
    """The nodes that lie in none of the others (removing one removes those inside it), each
    once: a selector list gives an element once per selector it matches, and an element
    removed twice would be freed twice."""
    ids = {node.mem_id for node in nodes}
    out = []
    seen: set[int] = set()
    for node in nodes:
        if node.mem_id in seen:
            continue
        seen.add(node.mem_id)
        parent = node.parent
        while parent is not None and parent.mem_id not in ids:
            parent = parent.parent
        if parent is None:
            out.append(node)
    return out


def _within_ids(node: Node, ids: set[int]) -> bool:
    """True when `node` or one of its ancestors is among `ids` (mem_ids)."""
    at: Node | None = node
    while at is not None:
        if at.mem_id in ids:
            return True
        at = at.parent
    return False


def _inside(node: Node, container: Node) -> bool:
    """True when `node` lies within `container`."""
    parent = node.parent
    while parent is not None:
        if parent.mem_id == container.mem_id:
            return True
        parent = parent.parent
    return False


def _place_streamed_segments(tree: LexborHTMLParser, segments: list[Node]) -> None:
    """Put the parts of a streamed page where its script would have put them.

    A server that streams a page (React's renderer, which Next.js uses) sends the frame
    first, with an empty `<template id="B:n">` or `<template id="P:n">` where a part is still
    being rendered, and the part itself later, at the end of the body, in `<div hidden
    id="S:n">`; a one-line script then moves it into place. Without the script the parts
    would stay hidden (an article, the answers of an FAQ): they go where the template is, or,
    without one, are shown where they are. `segments`: the page's `div[hidden][id^="S:"]`.
    """
    for segment in _outermost(segments):
        suffix = (segment.attributes.get("id") or "")[2:]
        target = tree.css_first(f'[id="B:{suffix}"], [id="P:{suffix}"]') if suffix else None
        if target is None or _inside(target, segment):
            del segment.attrs["hidden"]
            continue
        for child in list(segment.iter(include_text=True)):
            target.insert_before(child)
        segment.decompose()
        target.decompose()


def _show_text_left_to_scripts(tree: LexborHTMLParser, page: Node, size: _TextSize) -> None:
    """Show the page's text where a script would have shown it; drop `<noscript>` otherwise.

    Script-built pages leave most of their text in `<noscript>` (the version for readers
    without scripts: Discourse forums) or in a `hidden` element that a script moves into
    place once it has streamed in (`<div hidden id="S:1">`). An element holding more than half
    of the page's text is the page, not a menu or a dialog kept out of sight: it is shown.
    """
    styled, marked = _hiding_elements(page)
    _show_page_hidden_by_style(page, size, styled)
    _show_page_kept_undisplayed(page, size)
    noscripts: list[Node] = []
    hidden: list[Node] = []
    for node in marked:
        if node.tag != "noscript":
            hidden.append(node)
            continue
        noscripts.append(node)
        if "hidden" in node.attributes:
            hidden.append(node)
    if not noscripts and not hidden:
        return
    total = size.get()
    if noscripts:
        inside = sum(len(node.text(strip=True)) for node in noscripts)
        if inside:  # (noscripts holding no text leave the page's size as it is)
            size.changed()
        if inside * 2 > total and inside >= _SCRIPT_FREE_MIN:
            tree.unwrap_tags(["noscript"])
            total = size.get()
        else:
            # What goes with them is freed, so not read after (a `<noscript hidden>`, a hidden
            # element inside a noscript): set apart before any is removed.
            gone = {node.mem_id for node in noscripts}
            hidden = [node for node in hidden if not _within_ids(node, gone)]
            for node in _outermost(noscripts):
                node.decompose()
    for node in hidden:
        if len(node.text(strip=True)) * 2 > total:
            del node.attrs["hidden"]


_HIDING_SELECTOR = '[style*="hidden"], noscript, [hidden]'


def _hiding_elements(page: Node) -> tuple[list[Node], list[Node]]:
    """`page.css('[style*="hidden"]')`, and the `noscript, [hidden]` elements (each once),
    found with one query (each query walks the whole page). lexbor lists an element once for
    each selector of the list it matches, one after the other, in document order: an
    element listed more often than its tag and its `hidden` attribute account for matched
    the style selector too."""
    styled: list[Node] = []
    marked: list[Node] = []
    nodes = page.css(_HIDING_SELECTOR)
    at = 0
    while at < len(nodes):
        node = nodes[at]
        count = 1
        while at + count < len(nodes) and nodes[at + count].mem_id == node.mem_id:
            count += 1
        at += count
        own = (node.tag == "noscript") + ("hidden" in node.attributes)
        if count > own:
            styled.append(node)
        if own:
            marked.append(node)
    return styled, marked


_HIDING_STYLE = re.compile(r"visibility\s*:\s*hidden", re.I)


def _show_page_hidden_by_style(page: Node, size: _TextSize, nodes: list[Node]) -> None:
    """Show an element made invisible by its inline style that holds the page.

    Script-built pages often keep the whole page invisible (`<div style="visibility:hidden">`,
    which keeps its place in the layout) until their script has styled it, so that readers
    never see it half drawn; the script then shows it. Pages also keep a consent banner or a
    dialog invisible until they open it, and one can hold more text than a short article. An
    element is read as the script would show it only when it holds more than half of the
    page's text and the page's headline or main part (the page's first `<h1>`, or where it has
    none a `<main>` or `<article>`), and neither it nor what lies between it and that headline
    is a box laid over the page (a dialog, or named a consent, cookie, modal, popup, overlay
    or banner box). (`display:none` removes an element from the layout: pages use it for what
    they show only on demand, such as menus and templates.)"""
    if not nodes:  # the page's `[style*="hidden"]` elements
        return
    hiding = [n for n in nodes if _HIDING_STYLE.search(n.attributes.get("style") or "")]
    if not hiding:
        return
    total = size.get()
    for node in _outermost(hiding):
        if len(node.text(strip=True)) * 2 > total and _holds_the_page(page, node):
            del node.attrs["style"]
            return


_NOT_DISPLAYED = re.compile(r"display\s*:\s*none", re.I)


def _show_page_kept_undisplayed(page: Node, size: _TextSize) -> None:
    """Show the page when a wrapper around its headline keeps it out of the layout
    (`<div class="defer-block" style="display: none">` around a whole product page) until a
    script has built it: an element around the page's headline (its first `<h1>`), outside
    any box laid over the page, that holds more than half of the page's own text (outside its
    `<header>`, `<nav>` and `<footer>`: a shop's menus can outweigh a product) is the page,
    not a menu or a template shown on demand."""
    headline = page.css_first("h1")
    at = headline.parent if headline is not None else None
    total = -1
    held = False  # an element below holds enough: so does every one around it
    while at is not None and at.mem_id != page.mem_id:
        if _overlay(at):
            return
        style = at.attributes.get("style")
        if style and _NOT_DISPLAYED.search(style):
            if total < 0:
                chrome = _outermost(page.css("header, nav, footer"))
                total = size.get() - sum(len(n.text(strip=True)) for n in chrome)
            if not held and len(at.text(strip=True)) * 2 <= total:
                return
            held = True
            del at.attrs["style"]
            size.changed()
        at = at.parent


def _holds_the_page(page: Node, node: Node) -> bool:
    """Whether `node` holds the page's headline or main part, outside any box laid over it."""
    headline = page.css_first("h1")
    if headline is None:
        headline = page.css_first('main, article, [role="main"]')
    at: Node | None = headline
    while at is not None:
        if _overlay(at):
            return False
        if at.mem_id == node.mem_id:
            return True
        at = at.parent
    return False


def _overlay(node: Node) -> bool:
    """Whether an element is a box laid over the page: a dialog, or named like one."""
    attrs = node.attributes
    if (attrs.get("role") or "").lower() in ("dialog", "alertdialog"):
        return True
    if (attrs.get("aria-modal") or "").lower() == "true":
        return True
    hint = f"{attrs.get('id') or ''} {attrs.get('class') or ''}".lower()
    return hint != " " and OVERLAY.search(hint) is not None


# A responsive class that shows an element again from some screen width up
# (`hidden md:block` in Tailwind, `d-none d-lg-flex` in Bootstrap): a desktop reader sees it.
_SHOWN_AT_WIDTH = re.compile(
    r"(?:^|\s)(?:\w+:(?:block|flex|grid|inline|table|contents)|d-\w+-(?:block|flex|grid|inline|table))"
)


# `@media (min-width: 1200px) { .hidden-1rq27kw { display: none } }`: a class the page's own
# style sheet hides on every screen at least that wide (a query with only a lower bound).
_WIDE_MEDIA = re.compile(
    r"@media\s*(?:(?:only\s+)?screen\s+and\s*)?\(\s*min-width\s*:\s*(\d+)px\s*\)\s*\{"
)
_HIDING_RULE = re.compile(r"\s*\.(-?[A-Za-z_][\w-]*)\s*\{[^{}]*?display\s*:\s*none[^{}]*\}")
_DESKTOP = 1280
"""Screen width (CSS pixels) of the reader the page is read for: a common laptop."""


def hidden_on_wide_screens(html: str) -> list[str]:
    """The classes that the page's style sheets hide on a desktop-wide screen.

    Page builders (Framer, some Webflow and Wix pages) print a page once per screen size and
    hide the copies meant for other sizes with generated classes (`hidden-1rq27kw`). Only
    rules of one class right inside a query with a lower bound at most `_DESKTOP` count."""
    if "min-width" not in html:
        return []
    out: list[str] = []
    for media in _WIDE_MEDIA.finditer(html):
        if int(media.group(1)) > _DESKTOP:
            continue
        at = media.end()
        while (rule := _HIDING_RULE.match(html, at)) is not None:
            if rule.group(1) not in out:
                out.append(rule.group(1))
            at = rule.end()
    return out


def _drop_hidden_on_wide_screens(page: Node, classes: list[str], size: _TextSize) -> None:
    """Drop the copies of the page that its style sheets hide on a desktop screen (see
    `hidden_on_wide_screens`), unless one holds most of the page's text."""
    if not classes:
        return
    nodes = page.css(", ".join(f'[class~="{name}"]' for name in classes))
    if not nodes:
        return
    total = size.get()
    for node in _outermost(nodes):
        if (inside := len(node.text(strip=True))) * 2 <= total:
            node.decompose()
            size.dropped(inside)


# A hidden element named as text is the rest of a text behind a "Read more" button.
_MORE_TEXT = re.compile(
    r"content|text|copy|more|full|desc|body|article|expand|excerpt|answer", re.I
)


def _drop_hidden_by_class(page: Node, size: _TextSize) -> None:
    """Drop elements that CSS frameworks hide by their class alone: Bootstrap's and
    Tailwind's `hidden`, Bootstrap's `d-none`, unless a responsive class shows them again on
    a wide screen. Lists of partner domains, templates for dialogs and mobile-only menus
    live there. Two kinds stay: an element named as text (`seo__copy hidden`, `answer
    hidden`), which is the rest of a text behind a "Read more" button or an FAQ's answer,
    and an element holding most of the page's text, which is the page waiting for a script
    to reveal it."""
    nodes = page.css(".hidden, .d-none")
    if not nodes:
        return
    total = -1  # the page's size before any drop, read once there is something to drop
    for node in _outermost(
        [
            node
            for node in nodes
            if not _SHOWN_AT_WIDTH.search(classes := node.attributes.get("class") or "")
            and not _MORE_TEXT.search(classes)
        ]
    ):
        if total < 0:
            total = size.get()
        if (inside := len(node.text(strip=True))) * 2 <= total:
            node.decompose()
            size.dropped(inside)


def _rule_text(tree: LexborHTMLParser, selector: str) -> str:
    if not selector:
        return ""
    node = tree.css_first(selector)
    return " ".join(node.text(separator=" ").split()) if node is not None else ""


def _apply_rule_body(tree: LexborHTMLParser, rule: SiteRule) -> Layout | None:
    """A layout of just the rule's body elements, or None when the selector finds nothing."""
    nodes = tree.css(rule.body)
    if not nodes:
        return None
    wrapper = tree.create_node("div")
    for node in nodes:
        wrapper.insert_child(node)
    return build_layout(wrapper, skip_forms=False)


def _bad_url_warning(places: list[str]) -> str:
    """One provenance warning for the malformed addresses skipped on a page."""
    counts = {place: places.count(place) for place in places}
    what = ", ".join(f"{n} {place}{'s' if n > 1 else ''}" for place, n in counts.items())
    return f"skipped {len(places)} malformed URL{'s' if len(places) > 1 else ''} ({what})"


def extract_html(
    html: str,
    url: str,
    settings: Settings,
    charset: CharsetDecision | None = None,
    fetched: str = "",
) -> Article:
    """Build an Article (metadata + body paragraphs, not yet repaired) from an HTML page.

    `fetched` (an HTTP Date header or ISO time) resolves relative dates such as `3小时前`."""
    tree, cut = take_page(html)  # the tree the fetch stage parsed, if any (one parse a page)
    head = read_head(tree, url, fetched)
    rule = find_rule(url, settings)
    warnings: list[str] = []
    if cut:
        warnings.append(f"page read up to its {tag_budget(html):,}th tag (of {html.count('<'):,})")
    layout: Layout | None = None
    if rule is not None:
        for selector in rule.drop:
            for node in tree.css(selector):
                node.decompose()
        if rule.body:
            layout = _apply_rule_body(tree, rule)
            if layout is None:
                warnings.append(f"site rule {rule.name}: body selector matched nothing")
    rule_used = layout is not None
    # Removing invisible subtrees in C first spares the Python walk most of the page's nodes.
    # One CSS query finds them all (tree.strip_tags walks the tree once per tag); unlinking
    # each one (decompose, not recursive) is what strip_tags does too. The same query finds
    # the streamed segments (the only `div`s it lists): a query costs less than a search of
    # the page's text, and each query walks the whole tree.
    early = tree.css(_SEGMENTS_AND_STRIP)
    segments = [node for node in early if node.tag == "div"]
    strip = [node for node in early if node.tag != "div"] if segments else early
    if segments and 'id="S:' in html:
        _place_streamed_segments(tree, segments)
        strip = tree.css(_STRIP_SELECTOR)  # the segments moved: look again
    for node in strip:
        node.decompose(recursive=False)
    page = tree.body or tree.root
    if page is None:
        raise NoArticleError(f"{url or 'input'} has no HTML body")
    size = _TextSize(page)
    _show_text_left_to_scripts(tree, page, size)
    _drop_hidden_by_class(page, size)
    _drop_hidden_on_wide_screens(page, hidden_on_wide_screens(html), size)
    full = build_layout(page, skip_forms=not _form_holds_page(tree, size), url=url)
    title, title_parts = _choose_title(head, _rule_text(tree, rule.title) if rule else "")
    if layout is None:
        layout = full
        if "DiscussionForumPosting" in html:
            # A forum thread (schema.org): its replies are posts. Not a Q&A page (QAPage),
            # where the answers are the posts and the comments remarks on them.
            as_discussion(layout)
        choice = choose_body(layout, _headline_block(layout, title), title)
    else:
        choice = keep_all(layout)
    found = _Meta()
    first = choice.blocks[0] if choice.blocks else len(layout.blocks)
    if not rule_used:
        title_at = _find_title_block(layout, title, first + 1)
        _scan_before_body(layout, first, title_at, found)
    else:
        crumbs = [parse_breadcrumb(b.text) for b in full.blocks if len(b.text) < 200]
        found.breadcrumb = next((c for c in crumbs if c), ())
    if rule is not None and rule.byline:
        found.take(parse_credits(_rule_text(tree, rule.byline)))
    rule_date = parse_date(_rule_text(tree, rule.date)) if rule is not None else ""
    body = _clean_body(layout, choice, title, found)
    short = blocks_weight(layout, body) < _SHORT_BODY
    if not rule_used and (short or len(body) == 1):
        # No container read like an article, or one caption-sized blurb won (a listing, a
        # category page, a front page): the page's main text, when it holds more. A body
        # of one paragraph may be the introduction of a page of cards (jobs, products,
        # posts) that the page marks as its main part (`<main>`, an `<article>`): the main
        # text is the page's when the paragraph is a minor part of it.
        other = main_text(layout)
        trial = replace(found, authors=list(found.authors))
        kept = _clean_body(layout, other, title, trial)
        now = sum(len(layout.blocks[i].text) for i in body)
        more = sum(len(layout.blocks[i].text) for i in kept)
        if (short and more > now) or (other.containers != [0] and more >= now * _INTRO_SHARE):
            choice, body, found = other, kept, trial
    if body and not any(a.role in ("author", "reporter") for a in found.authors):
        found.take(dateline_credits(layout.blocks[body[0]].text))  # 新华社北京5月1日电（记者 张三）

    removed = tuple(
        Removal(i, layout.blocks[i].text, reason) for i, reason in sorted(choice.dropped)
    )
    paragraphs = tuple(layout.blocks[i].text for i in body)
    breadcrumb = found.breadcrumb or head.breadcrumb
    authors = found.authors or choose_authors(head, tree, found.shown_names, found.published)
    front = front_page(url or head.canonical_url)  # (a saved page: its canonical address)
    if front:
        # A front page lists the site's posts: a byline on it is one post's, not the page's.
        authors = [Author(a.name, normalize_name(a.name), a.role) for a in head.authors]
    site = head.site_name or site_of(breadcrumb)
    if not site and title_parts and len(title_parts[-1]) <= 30:
        # The last <title> segment names the site, unless it is a path (首页/要闻/今日关注).
        site = "" if re.search(r"[/>»]", title_parts[-1]) else title_parts[-1]
    site = site or site_from_host(head.canonical_url or url)
    language = _language(head.language, " ".join(paragraphs[:20]))
    url_date = date_from_url(url)
    published = rule_date or choose_published(
        head.published,
        head.modified,
        head.shown_dates,
        found.published,
        head.article_like,
        url_date,
    )
    published = published or url_date
    if not authors and body and (head.article_like or published) and not front:
        # An author box after the article: `Written by Jane Doe`, then `Jane Doe is a …`.
        tail = [b.text for b in layout.blocks[body[0] : body[-1] + 15]]
        if name := author_box_name(tail):
            authors = [Author(name, normalize_name(name), "author")]
    # A saved page has a file name for a URL; its canonical address resolves its images.
    base = head.base_url or url
    if not base.startswith(("http://", "https://")) and head.canonical_url.startswith("http"):
        base = head.canonical_url
    bad = list(head.bad_urls)
    images = _images(layout, choice, set(body), base, bad)
    if bad:
        warnings.append(_bad_url_warning(bad))
    image = head.image or (images[0].url if images else "")
    extractor = f"html+rule:{rule.name}" if rule is not None else "html"
    return Article(
        url=url,
        title=title,
        authors=tuple(authors),
        published=published,
        modified=head.modified,
        site_name=site,
        source=found.source,
        column=column_of(breadcrumb, title),
        breadcrumb=breadcrumb,
        canonical_url=head.canonical_url,
        language=language,
        description=head.description,
        paragraphs=paragraphs,
        images=tuple(images),
        image=image,
        provenance=Provenance(
            input_kind="html",
            charset=charset,
            extractor=extractor,
            removed=removed,
            warnings=tuple(warnings),
        ),
    )
