"""Text and Markdown input: find the article, its metadata and the debris in scraped text.

Scraped text keeps the page's skeleton as lines: a breadcrumb (`您现在的位置: 焦作网 > 时评 >
正文`), a byline (`□郭 劍`), empty image links (`![]() |`), table rules (`| |||`), navigation
words, disclaimers, the body (sometimes twice). Each line is classified; the metadata lines
fill the Article's fields and every dropped line is recorded in `provenance.removed`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from jzcli.extract.byline import Credits, looks_like_credits, parse_credits
from jzcli.extract.dates import parse_date
from jzcli.extract.front_matter import FrontMatter, read_front_matter
from jzcli.extract.metadata import column_of, parse_breadcrumb, site_of
from jzcli.extract.notices import DISCLAIMER
from jzcli.models import Article, Author, CharsetDecision, Image, Provenance, Removal
from jzcli.patterns import lazy_compile
from jzcli.repair import repair_document
from jzcli.settings import Settings

_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_MD_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<href>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_QUOTE = re.compile(r"^(?:>\s?)+")
_TABLE_JUNK = re.compile(r"^[\s|:\-+=_*#~.·•]*$")
_EDGE_PIPES = re.compile(r"^(?:\s*\|)+\s*|(?:\s*\|)+\s*$")
_NAV_WORDS = re.compile(
    r"^(?:首页|返回首页|返回|上一篇|下一篇|上一页|下一页|打印|关闭|关闭窗口|打印本页|分享到?|"
    r"收藏|推荐|相关新闻|相关阅读|相关文章|热点推荐|更多|更多>>|评论|我要评论|点击排行|"
    r"扫一扫|微信|微博|新媒体|客户端|登录|注册|搜索|字号|大|中|小|【大 中 小】|"
    r"home|share|print|close|more|related|comments?)$",
    re.I,
)
_SENTENCE_END = re.compile(r"[。！？!?；;…」』”\"')）]$")
_HAN = lazy_compile(r"[\u3400-\u9fff]")
_LABELED_TITLE = re.compile(r"^\s*(?:标题|題目|题目|title)\s*[:：]\s*(?P<title>.+)$", re.I)


@dataclass
class _Draft:
    """Mutable scratch state while lines are classified."""

    title: str = ""
    authors: list[Author] = field(default_factory=list)
    source: str = ""
    published: str = ""
    breadcrumb: tuple[str, ...] = ()
    url: str = ""
    site_name: str = ""
    column: str = ""
    language: str = ""
    images: list[Image] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)


def extract_text(
    text: str, url: str, settings: Settings, charset: CharsetDecision | None = None
) -> Article:
    """Build an Article from scraped text or Markdown (paragraphs repaired, not yet deduped)."""
    draft = _Draft(url=url if "://" in url else "")
    text = text.lstrip("\ufeff")
    meta, text = read_front_matter(text)
    _take_front_matter(meta, draft)
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # Repair before classifying: labels like 免責聲明 and 記者 are then in one script, and the
    # decision (e.g. Traditional+pinyin damage) is taken once over the whole document.
    repairs: dict[str, int] = {}
    repaired = raw_lines
    if settings.repair:
        repaired, repairs = repair_document(raw_lines, settings.script)
    lines = [_clean_markup(line, draft) for line in repaired]
    originals = [_clean_markup(line, _Draft()) for line in raw_lines]
    body = _classify(lines, originals, draft)
    # The same reading of the trail as the HTML extractor's: 正文 ends it, 首页 is no site.
    draft.site_name = draft.site_name or site_of(draft.breadcrumb)
    draft.column = draft.column or column_of(draft.breadcrumb, draft.title)
    return Article(
        url=draft.url,
        title=draft.title,
        authors=tuple(_unique_authors(draft.authors)),
        published=draft.published,
        site_name=draft.site_name,
        source=draft.source,
        column=draft.column,
        breadcrumb=draft.breadcrumb,
        language=draft.language,
        paragraphs=tuple(body),
        images=tuple(draft.images),
        # Fields only a front matter gives; the rest of the article is read from the lines.
        canonical_url=meta.scalars.get("canonical_url", ""),
        modified=meta.scalars.get("modified", ""),
        description=meta.scalars.get("description", ""),
        image=meta.scalars.get("image", ""),
        script=meta.scalars.get("script", ""),
        provenance=Provenance(
            input_kind="text",
            charset=charset,
            extractor="text",
            repairs=repairs,
            removed=tuple(draft.removed),
        ),
    )


def _take_front_matter(meta: FrontMatter, draft: _Draft) -> None:
    """Fill the draft from the front matter of jz's Markdown export (or a similar one)."""
    for key in ("title", "url", "published", "source", "column", "site_name", "language"):
        if key in meta.scalars:
            setattr(draft, key, meta.scalars[key])
    draft.breadcrumb = meta.breadcrumb or draft.breadcrumb
    draft.authors += meta.authors
    draft.images += meta.images


def _clean_markup(line: str, draft: _Draft) -> str:
    """Strip Markdown and table markup from one line, collecting real images."""
    for m in _MD_IMAGE.finditer(line):
        if m.group("src"):
            draft.images.append(Image(m.group("src"), m.group("alt").strip()))
    line = _MD_IMAGE.sub(" ", line)
    line = _MD_LINK.sub(lambda m: m.group("text"), line)
    line = _MD_EMPHASIS.sub(lambda m: m.group(2), line)
    line = _MD_QUOTE.sub("", line.strip())
    line = _EDGE_PIPES.sub("", line)
    return line.replace("\u3000", " ").strip()


def _is_prose(line: str) -> bool:
    """A line that reads as body text rather than a label, menu item or heading."""
    han = len(_HAN.findall(line))
    if han:
        # Titles and headings carry commas but rarely end a sentence; paragraphs do.
        return han >= 30 or (han >= 8 and bool(re.search(r"[。！？!?；;…]", line)))
    return len(line.split()) >= 8 and bool(re.search(r"[.!?]", line))


def _classify(lines: list[str], originals: list[str], draft: _Draft) -> list[str]:
    """Split lines into metadata, debris and body; return the body paragraphs."""
    kinds = [_line_kind(line, original, draft) for line, original in zip(lines, originals)]
    nav_words = set(draft.breadcrumb) | {draft.site_name} - {""}
    prose = [i for i, k in enumerate(kinds) if k == "candidate" and _is_prose(lines[i])]
    first, last = (prose[0], prose[-1]) if prose else (len(lines), -1)
    body: list[str] = []
    for index, (line, kind) in enumerate(zip(lines, kinds)):
        if kind == "blank" or kind == "meta":
            continue
        if kind != "candidate":
            draft.removed.append(Removal(index, line, kind))
            continue
        if line in nav_words:
            draft.removed.append(Removal(index, line, "debris"))
        elif first <= index <= last and (index in prose or _is_inner_heading(line)):
            body.append(line)
        elif not draft.title and index < first and _is_title(line):
            draft.title = line
        else:
            draft.removed.append(Removal(index, line, "debris"))
    return body


def _is_inner_heading(line: str) -> bool:
    """A short line between body paragraphs: a sub-heading, not a menu item."""
    return not _NAV_WORDS.match(line) and 4 <= len(line) <= 60 and not DISCLAIMER.search(line)


def _is_title(line: str) -> bool:
    han = len(_HAN.findall(line))
    long_enough = han >= 6 or (not han and len(line.split()) >= 3)
    return long_enough and len(line) <= 80 and not line.endswith(("。", "：", ":"))


def _line_kind(line: str, original: str, draft: _Draft) -> str:
    """Kind of a line: blank, meta, debris, breadcrumb, byline, boilerplate or candidate."""
    if not line:
        return "blank"
    heading = _MD_HEADING.match(line)
    if heading:
        text = heading.group(2).strip()
        if len(heading.group(1)) == 1 and not draft.title:
            draft.title = text
            return "meta"
        return "candidate" if text else "debris"
    if _TABLE_JUNK.match(line):
        return "debris"
    labeled = _LABELED_TITLE.match(line)
    if labeled and not draft.title:
        draft.title = labeled.group("title").strip()
        return "meta"
    crumb = parse_breadcrumb(line)
    if crumb:
        if not draft.breadcrumb:
            draft.breadcrumb = crumb
        return "breadcrumb"
    if DISCLAIMER.search(line) and len(line) <= 200:
        return "boilerplate"
    if _NAV_WORDS.match(line) or _is_menu(line):
        return "debris"
    if looks_like_credits(line):
        _take_credits(parse_credits(line), parse_credits(original), draft)
        return "byline"
    if len(line) <= 40 and not _is_prose(line):
        date = parse_date(line)
        if date and len(re.sub(r"[\d\s:：\-/.年月日时分秒]", "", line)) <= 4:
            draft.published = draft.published or date
            return "byline"
    return "candidate"


def _take_credits(credits: Credits, as_written: Credits, draft: _Draft) -> None:
    """Record a byline; names keep the form written in the input when it can be matched."""
    if len(as_written.authors) == len(credits.authors):
        draft.authors.extend(
            # A raw name with pinyin or other leftovers is damage, not how the name was written.
            Author(raw.name if _same_name(raw, fixed) else fixed.name, fixed.normalized, fixed.role)
            for fixed, raw in zip(credits.authors, as_written.authors)
        )
    else:
        draft.authors.extend(credits.authors)
    draft.source = draft.source or credits.source
    draft.published = draft.published or credits.published


def _same_name(raw: Author, fixed: Author) -> bool:
    return len(raw.normalized) == len(fixed.normalized) and not re.search(r"[()（）a-z]", raw.name)


def _is_menu(line: str) -> bool:
    """A navigation bar: several short items separated by `|` (`打印本页 | 关闭窗口`)."""
    items = [x.strip() for x in line.split("|")]
    items = [x for x in items if x]
    return len(items) >= 2 and all(len(x) <= 8 for x in items)


def _unique_authors(authors: Iterable[Author]) -> list[Author]:
    seen: set[tuple[str, str]] = set()
    out = []
    for a in authors:
        key = (a.normalized, a.role)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out
