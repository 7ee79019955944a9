"""The rich reading view and the --report summary (terminal decoration only)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from jzcli.batch.progress import count
from jzcli.export.byline import byline
from jzcli.models import Article


def article_view(article: Article) -> Group:
    """A metadata header panel, then the paragraphs."""
    meta = Table.grid(padding=(0, 1))
    meta.add_column(style="dim", no_wrap=True)
    meta.add_column()
    line = byline(article)
    if line:
        meta.add_row("by", line)
    if article.breadcrumb:
        meta.add_row("path", " › ".join(article.breadcrumb))
    if article.url:
        meta.add_row("url", article.url)
    header = Panel(meta, title=Text(article.title or "(untitled)", style="bold"), expand=True)
    body = [Text(p + "\n") for p in article.paragraphs]
    return Group(header, *body)


def print_articles(articles: Sequence[Article]) -> None:
    console = Console(soft_wrap=False)
    for article in articles:
        console.print(article_view(article))


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
