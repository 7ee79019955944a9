"""Remove repeated paragraphs: exact repeats after normalisation, then near-duplicates.

Exact: two paragraphs are the same when their keys match. The key folds what scraping and
conversion change without changing the text: Unicode width (NFKC: `，` = `,`), case, white
space and punctuation, and Traditional vs Simplified form. There is no length floor: a
one-line Chinese paragraph repeated is still repeated. A block printed twice is removed
paragraph by paragraph.

Near: a paragraph whose similarity to an earlier kept one is at least the threshold
(`SequenceMatcher` ratio on the keys, 0..1; default 0.85) is removed too. Candidates come
from a bottom-k sketch of character trigrams (the k smallest CRC32 values), looked up in
buckets of bounded size and screened with the sketches' Jaccard estimate before the exact
ratio is computed, so the work per paragraph is bounded and the whole pass is linear in the
input. Everything is deterministic: no randomised hashing, first occurrence wins.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from jzcli.models import Article, Removal
from jzcli.settings import Settings

DEFAULT_SIMILARITY = 0.85
MIN_NEAR_LENGTH = 12
"""Keys shorter than this are compared exactly only (`记者 张三` vs `记者 李四` differ)."""
SKETCH_SIZE = 16
"""Bottom-k sketch size: estimates trigram Jaccard between two paragraphs."""
BANDS = 4
"""The BANDS smallest sketch values are the bucket keys (the LSH lookup)."""
MIN_SHARED = 3
"""Screen: a candidate sharing fewer sketch values is too far apart in trigrams to be a
near-duplicate at the thresholds allowed (≥ 0.5); checked before the costly exact ratio."""
BUCKET_LIMIT = 16
"""Most recent kept paragraphs checked per sketch bucket: bounds the work per paragraph."""
LONG_KEY = 3000
"""Above this key length, similarity is measured on trigram sets instead of SequenceMatcher."""


def _make_t2s() -> Callable[[str], str]:
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency
        return lambda s: s
    converter = opencc.OpenCC("t2s")
    return lambda s: str(converter.convert(s))


class _KeyMaker:
    """Builds comparison keys; holds the OpenCC converter for one dedupe run."""

    def __init__(self) -> None:
        self._t2s = _make_t2s()

    def __call__(self, text: str) -> str:
        text = unicodedata.normalize("NFKC", text).casefold()
        if _HAN.search(text):
            text = self._t2s(text)
        return _NOT_WORD.sub("", text)


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NOT_WORD = re.compile(r"[\W_]+")


def _sketch(key: str) -> list[int]:
    """The SKETCH_SIZE smallest CRC32 values of the key's character trigrams."""
    # UTF-32 gives every character 4 bytes, so a trigram is a fixed 12-byte slice.
    raw = key.encode("utf-32-le")
    hashes = {zlib.crc32(raw[i : i + 12]) for i in range(0, len(raw) - 8, 4)}
    return sorted(hashes)[:SKETCH_SIZE]


def _trigram_dice(a: str, b: str) -> float:
    ga = {a[i : i + 3] for i in range(len(a) - 2)}
    gb = {b[i : i + 3] for i in range(len(b) - 2)}
    if not ga or not gb:
        return 0.0
    return 2 * len(ga & gb) / (len(ga) + len(gb))


def key_similarity(a: str, b: str) -> float:
    """Similarity of two keys, 0..1."""
    if max(len(a), len(b)) > LONG_KEY:
        return _trigram_dice(a, b)
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def dedupe_paragraphs(
    paragraphs: Sequence[str], similarity: float = DEFAULT_SIMILARITY, near: bool = True
) -> tuple[list[str], list[Removal]]:
    """Keep the first of each repeated paragraph, in order; report what was removed."""
    threshold = similarity
    make_key = _KeyMaker()
    first_seen: dict[str, int] = {}
    buckets: dict[int, list[tuple[int, str, tuple[int, ...]]]] = {}
    kept: list[str] = []
    removed: list[Removal] = []
    for index, text in enumerate(paragraphs):
        key = make_key(text)
        if not key:
            # Nothing comparable (blank or punctuation only): never a duplicate.
            kept.append(text)
            continue
        if key in first_seen:
            removed.append(Removal(index, text, "duplicate", first_seen[key], 1.0))
            continue
        first_seen[key] = index
        if near and threshold < 1.0 and len(key) >= MIN_NEAR_LENGTH:
            sketch = _sketch(key)
            match = _best_match(key, sketch, frozenset(sketch), buckets, threshold)
            if match is not None:
                removed.append(Removal(index, text, "near-duplicate", match[0], round(match[1], 3)))
                continue
            for h in sketch[:BANDS]:
                bucket = buckets.setdefault(h, [])
                bucket.append((index, key, tuple(sketch)))
                if len(bucket) > BUCKET_LIMIT:
                    del bucket[0]
        kept.append(text)
    return kept, removed


def _best_match(
    key: str,
    sketch: list[int],
    sketch_set: frozenset[int],
    buckets: dict[int, list[tuple[int, str, tuple[int, ...]]]],
    threshold: float,
) -> tuple[int, float] | None:
    """The earliest kept paragraph at least `threshold` similar to `key`, if any."""
    seen: set[int] = set()
    best: tuple[int, float] | None = None
    for h in sketch[:BANDS]:
        for index, other, other_sketch in buckets.get(h, ()):
            if index in seen:
                continue
            seen.add(index)
            # Cheap bound first: the ratio can't exceed 2*min/(len sum).
            if 2 * min(len(key), len(other)) / (len(key) + len(other)) < threshold:
                continue
            if len(sketch_set.intersection(other_sketch)) < MIN_SHARED:
                continue
            score = key_similarity(key, other)
            if score >= threshold and (best is None or index < best[0]):
                best = (index, score)
    return best


def dedupe_article(article: Article, settings: Settings) -> Article:
    """Dedupe an article's paragraphs and record the removals in its provenance."""
    if not settings.dedupe:
        return article
    kept, removed = dedupe_paragraphs(
        article.paragraphs, settings.similarity, settings.near_duplicates
    )
    if not removed:
        return article
    prov = replace(article.provenance, removed=article.provenance.removed + tuple(removed))
    return replace(article, paragraphs=tuple(kept), provenance=prov)
