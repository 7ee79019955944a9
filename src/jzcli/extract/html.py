"""Generic HTML article extractor (placeholder until the extraction work lands)."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from jzcli.models import Article, CharsetDecision, Provenance
from jzcli.settings import Settings


def extract_html(
    html: str, url: str, settings: Settings, charset: CharsetDecision | None = None
) -> Article:
    """Build an Article (metadata + body paragraphs, not yet repaired) from an HTML page."""
    tree = LexborHTMLParser(html)
    paragraphs = tuple(
        t for p in tree.css("p") if (t := p.text(separator=" ", strip=True))
    )
    title_node = tree.css_first("title")
    return Article(
        url=url,
        title=title_node.text(strip=True) if title_node else "",
        paragraphs=paragraphs,
        provenance=Provenance(input_kind="html", charset=charset, extractor="html"),
    )
