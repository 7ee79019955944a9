"""Text and Markdown input (placeholder)."""

from __future__ import annotations

from jzcli.models import Article, CharsetDecision, Provenance
from jzcli.settings import Settings


def extract_text(
    text: str, url: str, settings: Settings, charset: CharsetDecision | None = None
) -> Article:
    paragraphs = tuple(line.strip() for line in text.splitlines() if line.strip())
    return Article(
        url=url,
        paragraphs=paragraphs,
        provenance=Provenance(input_kind="text", charset=charset, extractor="text"),
    )
