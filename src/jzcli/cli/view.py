"""The rich reading view and the --report summary (terminal decoration only)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from jzcli.batch.progress import count
from jzcli.export.byline import credits_line
from jzcli.models import Article

# Kinsoku shori: these never start a line (closing marks) or end one (opening marks).
CLOSING = frozenset("，。、；：？！）」』”’》〉】〕〗…‥·ー々ゝゞ,.;:?!)]}%")
OPENING = frozenset("“‘（「『《〈【〔〖([{")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’…"
_UNIT = re.compile(rf"\s+|[{_CJK}]|[^\s{_CJK}]+")


def _units(text: str, width: int) -> list[str]:
    """Spaces, single CJK characters and Latin words (cut when wider than a line)."""
    units: list[str] = []
    cut = max(1, width - 1)
    for unit in _UNIT.findall(text):
        if unit.isspace() or cell_len(unit) <= width:
            units.append(unit)
            continue
        # Pieces of `cut` characters until what is left fits. Which piece that is comes from a
        # binary search on the rest's width (it only shrinks as pieces are taken), not from
        # measuring the rest after every piece: that is quadratic in a word of megabytes.
        low, high = 1, -(-len(unit) // cut)
        while low < high:
            middle = (low + high) // 2
            if cell_len(unit[middle * cut :]) <= width:
                high = middle
            else:
                low = middle + 1
        units += [unit[k : k + cut] for k in range(0, low * cut, cut)]
        units.append(unit[low * cut :])
    return units


def _may_break(before: str, after: str) -> bool:
    """A line may end after `before` and the next start with `after`."""
    return after.lstrip()[:1] not in CLOSING and before.rstrip()[-1:] not in OPENING


def wrap_cjk(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells; no closing mark starts one, no opening mark ends one."""
    width = max(4, width)
    lines: list[str] = []
    current: list[str] = []
    for unit in _units(text, width):
        if not current and unit.isspace():
            continue
        current.append(unit)
        while len(current) > 1 and cell_len("".join(current).rstrip()) > width:
            fits = [
                k
                for k in range(1, len(current))
                if cell_len("".join(current[:k]).rstrip()) <= width
                and _may_break(current[k - 1], current[k])
            ]
            k = fits[-1] if fits else len(current) - 1
            lines.append("".join(current[:k]).rstrip())
            current = current[k:]
            while current and current[0].isspace():
                current.pop(0)
    if current:
        lines.append("".join(current).rstrip())
    return lines or [""]


def cut(text: str, width: int) -> str:
    """`text` on one line of at most `width` cells, ending in '…' when shortened."""
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out.rstrip() + "…"


def readable_date(value: str, chinese: bool) -> str:
    """'2024-05-16T22:15:00-04:00' as '2024年5月16日 22:15' or '16 May 2024, 22:15 (UTC-04:00)'."""
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = dt.datetime.combine(dt.date.fromisoformat(value[:10]), dt.time())
        except ValueError:
            return value
        value = value[:10]
    has_time = len(value) > 10
    if chinese:
        text = f"{when.year}年{when.month}月{when.day}日"
        return text + (f" {when:%H:%M}" if has_time else "")
    text = f"{when.day} {when:%B} {when.year}"
    if has_time:
        text += f", {when:%H:%M}"
        offset = when.strftime("%z")
        if offset:
            text += f" (UTC{offset[:3]}:{offset[3:]})"
    return text


def credit_line(article: Article) -> str:
    """Authors with roles, source, a readable date and site › column, each said once."""
    chinese = article.language.startswith("zh")
    credits = credits_line(article)
    parts = [credits] if credits else []
    if article.source and article.source != article.site_name and article.source not in credits:
        parts.append(("来源 " if chinese else "Source: ") + article.source)
    if article.published:
        parts.append(readable_date(article.published, chinese))
    place = [x for x in (article.site_name, article.column) if x]
    if len(place) == 2 and place[0] == place[1]:
        place = place[:1]
    if place:
        parts.append(" › ".join(place))
    return " · ".join(parts)


def article_view(article: Article, width: int = 80) -> Group:
    """A headline panel with the credit line and URL, the text, then the images."""
    inner = max(10, width - 4)
    head: list[Text] = []
    credits = credit_line(article)
    if credits:
        head += [Text(line) for line in wrap_cjk(credits, inner)]
    address = article.url or article.provenance.source_name
    if address:
        head += [Text(line, style="dim") for line in wrap_cjk(address, inner)]
    title = Text(cut(article.title or "(untitled)", max(10, width - 6)), style="bold")
    header = Panel(Group(*head), title=title, title_align="left", expand=True)
    body: list[Text] = []
    for paragraph in article.paragraphs:
        body += [Text(line) for line in wrap_cjk(paragraph, width)]
        body.append(Text(""))
    for image in article.images:
        label = ("图：" if article.language.startswith("zh") else "Image: ") + (
            image.caption or cut(image.url, width)
        )
        body += [Text(line, style="italic") for line in wrap_cjk(label, width)]
        if image.caption:
            body.append(Text(cut(image.url, width), style="dim"))
        body.append(Text(""))
    return Group(header, *body)


def print_articles(articles: Sequence[Article]) -> None:
    console = Console(soft_wrap=True)
    for article in articles:
        console.print(article_view(article, console.width))


def report_lines(article: Article) -> list[str]:
    """What was repaired and removed, as short lines for stderr."""
    prov = article.provenance
    name = prov.source_name or article.url or "input"
    lines = [f"jz: report for {name}"]
    if prov.charset:
        c = prov.charset
        evidence = "; ".join(c.evidence)
        detail = f"; {evidence}" if evidence else ""
        lines.append(f"  charset: {c.encoding} (by {c.source}{detail})")
    if prov.repairs:
        items = ", ".join(f"{k} {v}" for k, v in sorted(prov.repairs.items()) if v)
        lines.append(f"  repaired: {items or 'nothing'}")
    else:
        lines.append("  repaired: nothing")
    if prov.removed:
        counts = Counter(r.reason for r in prov.removed)
        lines.append("  removed: " + ", ".join(f"{n} {reason}" for reason, n in counts.items()))
    else:
        lines.append("  removed: nothing")
    lines.append(f"  kept: {count(len(article.paragraphs), 'paragraph')}")
    lines += [f"  warning: {w}" for w in prov.warnings]
    return lines


def print_report(article: Article) -> None:
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for line in report_lines(article):
        console.print(line, markup=False)
