"""Entry points of the repair stage (placeholder until the repair work lands)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from jzcli.models import Article
from jzcli.settings import ScriptMode, Settings


def repair_document(
    texts: Sequence[str], script: ScriptMode = "auto"
) -> tuple[list[str], dict[str, int]]:
    """Repair every text of one document with one document-level decision; same count out."""
    return list(texts), {}


def repair_text(text: str, script: ScriptMode = "auto") -> str:
    """Repair one string (a paragraph or a whole document)."""
    return repair_document([text], script)[0][0]


def repair_article(article: Article, settings: Settings) -> Article:
    """Repair all text fields of an article together and record the counts in provenance."""
    return article if not settings.repair else replace(article)
