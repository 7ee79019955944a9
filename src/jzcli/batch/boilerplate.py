"""Cross-article boilerplate: paragraphs that repeat across many articles of one site.

A paragraph is boilerplate for a site when its fingerprint occurs in at least
`min_articles` (3) articles and in at least `min_share` (20%) of that site's exported
articles. The decision reads only the set of articles (counts), so it never depends on the
order they arrived in.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from jzcli.models import Article, Removal

MIN_FINGERPRINT_CHARS = 4
"""Shorter normalised paragraphs are never fingerprinted (too little to judge)."""


@dataclass(frozen=True)
class BoilerplateRule:
    """When a repeated paragraph counts as site boilerplate."""

    min_articles: int = 3
    min_share: float = 0.2

    def threshold(self, site_articles: int) -> int:
        """How many articles of a site must share a paragraph for it to be boilerplate."""
        return max(self.min_articles, math.ceil(self.min_share * site_articles))


def fingerprint(paragraph: str) -> str | None:
    """A hash of the paragraph's letters and digits (case, width, spaces, punctuation ignored)."""
    text = unicodedata.normalize("NFKC", paragraph).casefold()
    core = "".join(filter(str.isalnum, text))
    if len(core) < MIN_FINGERPRINT_CHARS:
        return None
    return hashlib.blake2b(core.encode("utf-8"), digest_size=8).hexdigest()


def article_fingerprints(article: Article) -> set[str]:
    """The distinct paragraph fingerprints of one article."""
    return {fp for p in article.paragraphs if (fp := fingerprint(p)) is not None}


def boilerplate_fingerprints(
    counts: Iterable[tuple[str, int]], site_articles: int, rule: BoilerplateRule
) -> set[str]:
    """Fingerprints of one site that pass the rule, from (fingerprint, article count) pairs."""
    need = rule.threshold(site_articles)
    return {fp for fp, n in counts if n >= need}


def remove_boilerplate(article: Article, boilerplate: Collection[str]) -> tuple[Article, set[str]]:
    """Drop the article's boilerplate paragraphs (recorded as 'cross-article' removals).

    Returns the new article and the fingerprints removed. An article whose every paragraph
    is boilerplate is returned unchanged rather than emptied.
    """
    if not boilerplate:
        return article, set()
    kept: list[str] = []
    removed: list[Removal] = []
    fps: set[str] = set()
    for i, paragraph in enumerate(article.paragraphs):
        fp = fingerprint(paragraph)
        if fp is not None and fp in boilerplate:
            removed.append(Removal(index=i, text=paragraph, reason="cross-article"))
            fps.add(fp)
        else:
            kept.append(paragraph)
    if not removed or not any(p.strip() for p in kept):
        return article, set()
    prov = replace(article.provenance, removed=(*article.provenance.removed, *removed))
    return replace(article, paragraphs=tuple(kept), provenance=prov), fps


__all__ = [
    "BoilerplateRule",
    "article_fingerprints",
    "boilerplate_fingerprints",
    "fingerprint",
    "remove_boilerplate",
]
