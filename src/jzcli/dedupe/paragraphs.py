"""Remove repeated paragraphs: exact repeats after normalisation, then near-duplicates.

Exact: two paragraphs are the same when their keys match. The key folds what scraping and
conversion change without changing the text: Unicode width (NFKC: `，` = `,`), case, white
space and punctuation, and Traditional vs Simplified form. There is no length floor: a
one-line Chinese paragraph repeated is still repeated. A block printed twice is removed
paragraph by paragraph.

Near: a paragraph whose similarity to an earlier kept one is at least the threshold
(`SequenceMatcher` ratio, 0..1, default 0.85, on characters for CJK text and on words for
alphabetic text) is removed too. Candidates come from a bottom-k sketch of token trigrams
(the k smallest CRC32 values), looked up in buckets of bounded size and screened by shared
sketch values and difflib's cheap upper bounds before the exact ratio is computed, so the
work per paragraph is bounded and the whole pass is linear in the input. Everything is
deterministic: no randomised hashing, first occurrence wins.
"""

from __future__ import annotations

import re
import sys
import unicodedata
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache

from jzcli.models import Article, Removal
from jzcli.settings import Settings

DEFAULT_SIMILARITY = 0.85
MIN_NEAR_LENGTH = 12
"""Keys shorter than this are compared exactly only (`记者 张三` vs `记者 李四` differ)."""
SKETCH_SIZE = 16
"""Bottom-k sketch size: the 16 smallest hashes of a paragraph's token trigrams."""
BANDS = 4
"""The BANDS smallest sketch values are the bucket keys (the LSH lookup)."""
MIN_SHARED = 3
"""Screen: a candidate sharing fewer sketch values is too far apart in trigrams to be a
near-duplicate at the thresholds allowed (≥ 0.5); checked before the costly exact ratio."""
BUCKET_LIMIT = 16
"""Most recent kept paragraphs checked per sketch bucket: bounds the work per paragraph."""

# Tokens: each Han/kana/hangul character alone (a Chinese word is one to three of them),
# and runs of other letters and digits (words of alphabetic scripts).
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]|[^\W_]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency
        return lambda s: s
    converter = opencc.OpenCC("t2s")
    return lambda s: str(converter.convert(s))


@dataclass(frozen=True)
class _Key:
    """A paragraph as compared: the exact key and the units the similarity is measured on."""

    exact: str
    units: str | tuple[str, ...]
    """The key itself when every token is one character (CJK); else the word tuple."""


_KEY_BATCH = 512
"""Paragraphs folded to Simplified per OpenCC call (one call per paragraph costs more)."""


def _make_keys(paragraphs: Sequence[str]) -> Iterator[_Key]:
    """Comparison keys of the paragraphs, in order, a batch at a time."""
    for start in range(0, len(paragraphs), _KEY_BATCH):
        batch = paragraphs[start : start + _KEY_BATCH]
        # Line breaks would split the batch apart again; inside a key they are only spacing.
        folded = "\n".join(
            unicodedata.normalize("NFKC", p).casefold().replace("\n", " ") for p in batch
        )
        if _HAN.search(folded):
            folded = _t2s()(folded)
        texts = folded.split("\n")
        if len(texts) != len(batch):  # pragma: no cover - OpenCC keeps line breaks
            texts = [_t2s()(unicodedata.normalize("NFKC", p).casefold()) for p in batch]
        yield from map(_key_of, texts)


def _key_of(text: str) -> _Key:
    tokens = _TOKEN.findall(text)
    exact = "".join(tokens)
    if len(exact) == len(tokens):
        return _Key(exact, exact)
    return _Key(exact, tuple(tokens))


def _codes(units: str | tuple[str, ...]) -> bytes:
    """Four bytes per token: a character's code point, or a word's CRC32 with the top bit set."""
    if isinstance(units, str):
        return units.encode("utf-32-le")
    codes = array(
        "I",
        (ord(t) if len(t) == 1 else zlib.crc32(t.encode("utf-8")) | 0x80000000 for t in units),
    )
    if codes.itemsize != 4:  # pragma: no cover - "I" is 4 bytes on every common platform
        return b"".join(c.to_bytes(4, "little") for c in codes)
    if sys.byteorder == "big":  # pragma: no cover - match the little-endian UTF-32 codes
        codes.byteswap()
    return codes.tobytes()


def _sketch(units: str | tuple[str, ...]) -> list[int]:
    """The SKETCH_SIZE smallest CRC32 values of the token trigrams."""
    # The same codes whether the units are a string of characters or a word tuple, so a
    # CJK paragraph and its copy with a number added still share their trigrams.
    raw = _codes(units)
    if len(raw) < 12:
        return [zlib.crc32(raw)]
    hashes = {zlib.crc32(raw[i : i + 12]) for i in range(0, len(raw) - 8, 4)}
    return sorted(hashes)[:SKETCH_SIZE]


def key_similarity(a: str | tuple[str, ...], b: str | tuple[str, ...], threshold: float) -> float:
    """SequenceMatcher ratio of two unit sequences; 0.0 early when a cheap bound is below."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    return matcher.ratio()


def dedupe_paragraphs(
    paragraphs: Sequence[str], similarity: float = DEFAULT_SIMILARITY, near: bool = True
) -> tuple[list[str], list[Removal]]:
    """Keep the first of each repeated paragraph, in order; report what was removed."""
    threshold = similarity
    first_seen: dict[str, int] = {}
    buckets: dict[int, list[tuple[int, _Key, tuple[int, ...]]]] = {}
    kept: list[str] = []
    removed: list[Removal] = []
    for index, (text, key) in enumerate(zip(paragraphs, _make_keys(paragraphs))):
        if not key.exact:
            # Nothing comparable (blank or punctuation only): never a duplicate.
            kept.append(text)
            continue
        if key.exact in first_seen:
            removed.append(Removal(index, text, "duplicate", first_seen[key.exact], 1.0))
            continue
        first_seen[key.exact] = index
        if near and threshold < 1.0 and len(key.exact) >= MIN_NEAR_LENGTH:
            sketch = _sketch(key.units)
            match = _best_match(key, sketch, buckets, threshold)
            if match is not None:
                removed.append(Removal(index, text, "near-duplicate", match[0], round(match[1], 3)))
                continue
            entry = (index, key, tuple(sketch))
            for h in sketch[:BANDS]:
                bucket = buckets.setdefault(h, [])
                bucket.append(entry)
                if len(bucket) > BUCKET_LIMIT:
                    del bucket[0]
        kept.append(text)
    return kept, removed


def _best_match(
    key: _Key,
    sketch: list[int],
    buckets: dict[int, list[tuple[int, _Key, tuple[int, ...]]]],
    threshold: float,
) -> tuple[int, float] | None:
    """The earliest kept paragraph at least `threshold` similar to `key`, if any."""
    seen: set[int] = set()
    sketch_set = frozenset(sketch)
    best: tuple[int, float] | None = None
    for h in sketch[:BANDS]:
        for index, other, other_sketch in buckets.get(h, ()):
            if index in seen:
                continue
            seen.add(index)
            if len(sketch_set.intersection(other_sketch)) < MIN_SHARED:
                continue
            score = key_similarity(key.units, other.units, threshold)
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
