"""Generic HTML article extractor: body, metadata and images from one page."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser
from selectolax.lexbor import LexborNode as Node

from jzcli.errors import NoArticleError
from jzcli.extract.blocks import build_layout
from jzcli.extract.body import choose_body
from jzcli.models import Article, CharsetDecision, Provenance
from jzcli.settings import Settings


def _form_holds_page(tree: LexborHTMLParser, root: Node) -> bool:
    """True when a <form> wraps much of the page (ASP.NET), so forms cannot be dropped."""
    forms = tree.css("form")
    if not forms:
        return False
    total = len(root.text(strip=True)) or 1
    return any(len(form.text(strip=True)) > total * 0.3 for form in forms)


def extract_html(
    html: str, url: str, settings: Settings, charset: CharsetDecision | None = None
) -> Article:
    """Build an Article (metadata + body paragraphs, not yet repaired) from an HTML page."""
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        raise NoArticleError(f"{url or 'input'} has no HTML body")
    layout = build_layout(root, skip_forms=not _form_holds_page(tree, root))
    choice = choose_body(layout)
    paragraphs = tuple(layout.blocks[i].text for i in choice.blocks)
    title_node = tree.css_first("title")
    return Article(
        url=url,
        title=title_node.text(strip=True) if title_node else "",
        paragraphs=paragraphs,
        provenance=Provenance(input_kind="html", charset=charset, extractor="html"),
    )
