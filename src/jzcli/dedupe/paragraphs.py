"""Exact and near-duplicate paragraph removal (placeholder)."""

from __future__ import annotations

from collections.abc import Sequence

from jzcli.models import Article, Removal
from jzcli.settings import Settings


def dedupe_paragraphs(
    paragraphs: Sequence[str], similarity: float = 0.85, near: bool = True
) -> tuple[list[str], list[Removal]]:
    seen: set[str] = set()
    kept: list[str] = []
    removed: list[Removal] = []
    for i, p in enumerate(paragraphs):
        if p in seen:
            removed.append(Removal(i, p, "duplicate"))
        else:
            seen.add(p)
            kept.append(p)
    return kept, removed


def dedupe_article(article: Article, settings: Settings) -> Article:
    return article
