"""Dedupe stage: remove repeated paragraphs, keeping the first occurrence and the order."""

from jzcli.dedupe.paragraphs import dedupe_article, dedupe_paragraphs

__all__ = ["dedupe_article", "dedupe_paragraphs"]
