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

That is what `jz dedupe` does to the lines of a file. Inside an article (the pipeline's
dedupe stage, `accidental_only`) only what the page repeated by accident goes. What tells an
accident from the author's repeat is where the copy stands. An echo (a block of repeats whose
sources stand earlier in the same order, a few lines of its own allowed inside it: an ad, a
caption written differently, a line left out) is an accident when

- it copies a large share of the article (SHARE of its text or more): a body printed twice,
  whatever stands between the two prints (an editor's line, a disclaimer, related links); or
- it holds PROSE_RUN paragraphs of prose or more, unless it is one block whose source follows
  a sentence of the page's own (steps shared by two variants of a recipe): a body printed
  twice with more text between the prints than the body (a list of related stories, readers'
  comments), a post quoted piece by piece in a reply; or
- it stands next to its source: it carries CLOSE times the text between them or more (a
  block printed again at once, a stutter, a lead shown again as a summary, a log entry
  printed again under a timestamp).
- it frames the article: its last lines copy its first ones, two or more, word for word,
  around PROSE_RUN paragraphs of prose or more (a lead shown again under the story, the
  page's subscribe and follow lines above and below it). A refrain that opens and closes a
  poem frames verse, not prose, and stays.

A small block with the page's own text between its copies is the author's: a chorus after
each verse, a liturgy's response, the same steps in each variant of a recipe, a clause block
in each section of a contract, a notice under each answer, a passage quoted twice, a code
sample shown again, a short post quoted further down a thread. Within an accident:

- a run (two or more paragraphs in a row repeating paragraphs in a row earlier) goes when
  it carries at least RUN_WEIGHT of text (cells like `W` `L` repeat row after row in a
  table and are content);
- a paragraph repeating the one right before it (a stutter: the same text printed for two
  or more layouts) goes, with at least RUN_WEIGHT of text;
- a paragraph alone goes when the echo copies a large share of the article, or when it is
  prose (LONG_WEIGHT or more) next to its source.

A line with no word (a rule, a row of carets under a line of code) breaks no run.

An isolated short repeat is the author's: the same question put to each person interviewed,
list numbers, one caption under two pictures. So is a short one the page holds three times or
more (under LONG_WEIGHT in all, the run it stands in included): a field printed on each card
(`BOOK: By Dec 31`), a row of each week's table, a refrain. A page prints a block twice by
accident, not once per item. But items have other text between their copies: an exact
copy printed right after another of itself goes however often the page holds it, when one
copy carries at least RUN_WEIGHT (a stutter; an echoed block whose last paragraph repeats
the line just before its first, and whose lines that earlier copy holds in the same order,
lines with no word skipped). A column of short cells (`Yes`
under each plan) and a template filled in for each item (near copies) printed one after
another stay. So does a template filled in once per item (a menu for each plan, terms for
each country): its copies of the template come in stretches with a few lines of the item's
own between them, and the source has lines of its own at the same place (the slot holds
something else in each item). A body printed twice has no such slot: its copy is whole, or
broken on one side only (an ad added in the copy, a line left out). And a paragraph that
differs from an earlier one only in its numbers
(`Regarding item #22222…` / `#11111…`) says something else: it is not a near-duplicate.
Nor, standing alone, is one that puts other words in place of some of its source's (the
same terms for another region, `$55 CAD` for `$40`; the same step with `stop` for `start`):
a copy printed by accident only loses words (cut short) or gains some (a `Read more`).
Unless it is long (LONG_WEIGHT), copies a large share of the article and the page holds it
only twice: a story of one paragraph printed again with a word changed (by a converter, an
editor) is no variant.
A block whose copy holds such a variant is the same sample shown for another version (a
code sample for another language, a configuration for another setup): it stays whole,
unless it copies a large share of the article (a body printed twice, a word edited).
"""

from __future__ import annotations

import re
import struct
import sys
import unicodedata
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import starmap
from operator import itemgetter

from jzcli.models import Article, Removal
from jzcli.patterns import lazy_compile
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
# In ASCII text the tokens (word runs: `[^\W_]+`) are what is left when everything but
# letters and digits is made a space (`str.split` in C: several times faster than a pattern).
_ASCII_WORD_BREAKS = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isascii() and chr(c).isalnum())}
)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency
        return lambda s: s
    converter = opencc.OpenCC("t2s")
    return lambda s: str(converter.convert(s))


class _Key:
    """A paragraph as compared: the exact key and the units the similarity is measured on
    (the key itself when every token is one character, as in CJK text; else the word
    tuple), with what the near-duplicate search derives from them, each computed once."""

    __slots__ = ("_counts", "_digitless", "_sketch", "_weight", "exact", "units")

    def __init__(self, exact: str, units: str | tuple[str, ...]) -> None:
        self.exact = exact
        self.units = units
        self._weight = -1
        self._sketch: list[int] | None = None
        self._counts: Counter[str] | None = None
        self._digitless: str | None = None

    def sketch(self) -> list[int]:
        if self._sketch is None:
            self._sketch = _sketch(self.units)
        return self._sketch

    def counts(self) -> Counter[str]:
        """How many times each unit occurs (difflib's quick_ratio bound, computed once)."""
        if self._counts is None:
            self._counts = Counter(self.units)
        return self._counts

    def digitless(self) -> str:
        if self._digitless is None:
            self._digitless = _DIGITS.sub("", self.exact)
        return self._digitless


_KEY_BATCH = 512
"""Paragraphs folded to Simplified per OpenCC call (one call per paragraph costs more)."""


# Characters NFKC changes that text is full of (full-width marks and the ideographic space,
# an ellipsis, a no-break space), each with its compatibility decomposition: NFKC is the
# composition of the full decomposition, so putting that in first changes nothing, and text
# left with none of them passes NFKC's quick check instead of being decomposed and composed
# again.
_COMPAT = {
    ch: unicodedata.normalize("NFKD", ch)
    for ch in ["\xa0", "\u3000", "\u2026", *map(chr, range(0xFF01, 0xFF5F))]
}
_COMPAT_RE = re.compile(f"[{re.escape(''.join(_COMPAT))}]")


def _nfkc(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, faster on Chinese text."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    for ch in set(_COMPAT_RE.findall(text)):
        text = text.replace(ch, _COMPAT[ch])
    return unicodedata.normalize("NFKC", text)


def _make_keys(paragraphs: Sequence[str]) -> Iterator[_Key]:
    """Comparison keys of the paragraphs, in order, a batch at a time."""
    for start in range(0, len(paragraphs), _KEY_BATCH):
        batch = paragraphs[start : start + _KEY_BATCH]
        # Line breaks would split the batch apart again; inside a key they are only spacing
        # (NFKC neither makes one nor joins one to a neighbour).
        folded = "\n".join(_nfkc(p.replace("\n", " ")) for p in batch).casefold()
        if _HAN.search(folded):
            folded = _t2s()(folded)
        texts = folded.split("\n")
        if len(texts) != len(batch):  # pragma: no cover - OpenCC keeps line breaks
            texts = [_t2s()(unicodedata.normalize("NFKC", p).casefold()) for p in batch]
        yield from map(_key_of, texts)


# What no token holds (the key leaves it out), and the start of a token of two or more
# characters: a letter or digit outside the CJK ranges followed by another.
# (Each is one character class first, which the regex engine scans for at C speed; the
# `_` a class of what no token holds cannot exclude with the rest is removed beforehand.)
_NOT_TOKEN = re.compile(r"[^\w\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_LONG_TOKEN = re.compile(r"[^\W_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff][^\W_]")


def _key_of(text: str) -> _Key:
    if _LONG_TOKEN.search(text) is None:
        # One character a token (CJK text): the key is the text without what no token
        # holds, made without a string per character.
        exact = _NOT_TOKEN.sub("", text.replace("_", ""))
        return _Key(exact, exact)
    # ASCII text holds no CJK character: its tokens are the word runs.
    tokens = text.translate(_ASCII_WORD_BREAKS).split() if text.isascii() else _TOKEN.findall(text)
    exact = "".join(tokens)
    if len(exact) == len(tokens):
        return _Key(exact, exact)
    return _Key(exact, tuple(tokens))


def _word_code(token: str) -> int:
    return ord(token) if len(token) == 1 else zlib.crc32(token.encode()) | 0x80000000


class _WordCodes(dict[str, int]):
    """Token -> its four-byte code (`_codes`), computed at first sight: a token missing is
    added inside the lookup (no failed lookup of the whole tuple to make again)."""

    def __missing__(self, token: str) -> int:
        if len(self) >= 1 << 16:  # bounded: a long run sees many distinct words
            self.clear()
        code = self[token] = _word_code(token)
        return code


_WORD_CODES = _WordCodes()


def _codes(units: str | tuple[str, ...]) -> bytes:
    """Four bytes per token: a character's code point, or a word's CRC32 with the top bit set."""
    if isinstance(units, str):
        return units.encode("utf-32-le")
    if not units:
        return b""
    # The codes looked up all at once (one itemgetter call in C); a word not seen before is
    # coded inside the lookup (`__missing__`), so a thread that empties the table meanwhile
    # (batch runs without worker processes) cannot make it fail.
    found = itemgetter(*units)(_WORD_CODES)
    codes = array("I", found if len(units) > 1 else (found,))
    if codes.itemsize != 4:  # pragma: no cover - "I" is 4 bytes on every common platform
        return b"".join(c.to_bytes(4, "little") for c in codes)
    if sys.byteorder == "big":  # pragma: no cover - match the little-endian UTF-32 codes
        codes.byteswap()
    return codes.tobytes()


_WINDOWS = struct.Struct("12s")
_SAMPLE_WINDOWS = 64
"""Above this many trigrams, the smallest hashes are looked for below a bound first."""


def _sketch(units: str | tuple[str, ...]) -> list[int]:
    """The SKETCH_SIZE smallest CRC32 values of the token trigrams."""
    # The same codes whether the units are a string of characters or a word tuple, so a
    # CJK paragraph and its copy with a number added still share their trigrams.
    raw = _codes(units)
    if len(raw) < 12:
        return [zlib.crc32(raw)]
    return _smallest(_window_hashes(raw))


def _window_hashes(raw: bytes) -> list[int]:
    """The CRC32 of each 12-byte window raw[i:i+12] for i = 0, 4, 8..., in order."""
    size = len(raw) - len(raw) % 4
    if size < 12:
        return []
    # Cut as three runs of whole 12-byte pieces starting at 0, 4 and 8, by struct in C (a
    # slice and a call per window cost more than the CRC itself), then interleaved.
    hashes = [0] * (size // 4 - 2)
    for k in range(3):
        pieces = (size - 4 * k) // 12
        hashes[k::3] = [
            *starmap(zlib.crc32, _WINDOWS.iter_unpack(raw[4 * k : 4 * k + 12 * pieces]))
        ]
    return hashes


def _smallest(hashes: list[int]) -> list[int]:
    """The SKETCH_SIZE smallest distinct values of `hashes`."""
    n = len(hashes)
    if n > _SAMPLE_WINDOWS:
        # CRC32 values are spread evenly: below 40/n of the range there are about 40 of n,
        # so the SKETCH_SIZE smallest are nearly always among those; only the few are
        # sorted. With fewer than SKETCH_SIZE distinct ones below, all are.
        low = _distinct_head(sorted(filter((0xFFFFFFFF // n * 40).__gt__, hashes)))
        if len(low) >= SKETCH_SIZE:
            return low
    return _distinct_head(sorted(hashes))


def _distinct_head(ordered: list[int]) -> list[int]:
    """The SKETCH_SIZE smallest distinct values of a sorted list. Sorting the values as they
    are costs less than making a set of them first; a set is made of the head only, and of
    the whole when the head repeats a value (a trigram repeated in the paragraph)."""
    head = ordered[:SKETCH_SIZE]
    if len(set(head)) == len(head):
        return head
    return sorted(set(ordered))[:SKETCH_SIZE]


def _sketch_all(keys: Sequence[_Key]) -> None:
    """Compute the sketches of `keys` (`_Key.sketch`), a batch at a time: the codes of a
    batch's keys laid end to end and the CRC32 of every window taken in one pass, each
    key's windows then a slice of those (a call per key costs more than its CRCs)."""
    for start in range(0, len(keys), _KEY_BATCH):
        batch = keys[start : start + _KEY_BATCH]
        units = [key.units for key in batch]
        if all(isinstance(u, str) for u in units):
            raw = "".join(units).encode("utf-32-le")  # type: ignore[arg-type]
        else:
            raw = b"".join(map(_codes, units))
        hashes = _window_hashes(raw)
        pos = 0
        for key, unit in zip(batch, units):
            n = len(unit)
            key._sketch = _smallest(hashes[pos : pos + n - 2]) if n >= 3 else _sketch(unit)
            pos += n


def _ratio(matches: int, length: int) -> float:
    return 2.0 * matches / length if length else 1.0  # as difflib computes its ratios


def _common_units(a: Counter[str], b: Counter[str]) -> int:
    """`sum((a & b).values())`, the units two texts have in common, counted in C."""
    common = a.keys() & b.keys()
    return sum(map(min, map(a.__getitem__, common), map(b.__getitem__, common)))


def key_similarity(a: _Key, b: _Key, threshold: float) -> float:
    """SequenceMatcher ratio of two keys' units; 0.0 early when a cheap bound is below.

    The bounds are difflib's real_quick_ratio and quick_ratio, computed from the lengths and
    the keys' cached unit counts, so a candidate that fails them costs no SequenceMatcher."""
    la, lb = len(a.units), len(b.units)
    if _ratio(min(la, lb), la + lb) < threshold:
        return 0.0
    if _ratio(_common_units(a.counts(), b.counts()), la + lb) < threshold:
        return 0.0
    return SequenceMatcher(None, a.units, b.units, autojunk=False).ratio()


def dedupe_paragraphs(
    paragraphs: Sequence[str],
    similarity: float = DEFAULT_SIMILARITY,
    near: bool = True,
    *,
    accidental_only: bool = False,
) -> tuple[list[str], list[Removal]]:
    """Keep the first of each repeated paragraph, in order; report what was removed.

    With `accidental_only`, only what a page repeats by accident goes (module docstring):
    the same input always gives the same output, and deduping the output changes nothing.
    """
    keys = list(_make_keys(paragraphs))
    firsts: dict[str, _Key] = {}
    if near and similarity < 1.0:
        # Each key's sketch is needed when it is the first with its exact key (later ones
        # are exact repeats): computed together beforehand.
        for key in keys:
            if len(key.exact) >= MIN_NEAR_LENGTH:
                firsts.setdefault(key.exact, key)
        _sketch_all(list(firsts.values()))
    if not accidental_only:
        return _dedupe_all(paragraphs, keys, similarity, near)
    # The paragraphs that may repeat or be repeated: those whose key another has, and
    # those filed under a bucket key another is filed under (only among those is a near
    # match looked for). The rest, on most pages all of them, cost nothing more.
    hot = _shared_bands(firsts.values())
    copies = Counter(key.exact for key in keys)
    active = frozenset(
        index
        for index, key in enumerate(keys)
        # Lines with no word have the empty key: the same key, so copies of each other, as
        # the full search counts them.
        if (
            copies[key.exact] > 1
            or (hot and key.exact in firsts and not hot.isdisjoint(key.sketch()[:BANDS]))
        )
    )
    if not active:
        return list(paragraphs), []  # nothing repeats, exactly or nearly
    alive = list(range(len(paragraphs)))
    removed: list[Removal] = []
    while True:
        # Removing an echoed block can bring two repeats together: repeat until stable.
        gone = _accidental(paragraphs, keys, alive, similarity if near else 1.0, hot, active)
        if not gone:
            break
        removed.extend(gone)
        dropped = {r.index for r in gone}
        alive = [i for i in alive if i not in dropped]
    removed.sort(key=lambda r: r.index)
    return [paragraphs[i] for i in alive], removed


def _shared_bands(keys: Iterable[_Key]) -> frozenset[int]:
    """The bucket keys (a sketch's BANDS smallest values) that two or more of `keys` (the
    first key of each exact text) are filed under. A near-duplicate is only looked for among
    paragraphs that share a bucket key: a paragraph whose bucket keys are none of these
    has no near-duplicate, and is none."""
    counts = Counter(h for key in keys for h in key.sketch()[:BANDS])
    if len(counts) == sum(counts.values()):
        return frozenset()
    return frozenset(h for h, n in counts.items() if n > 1)


def _dedupe_all(
    paragraphs: Sequence[str], keys: list[_Key], similarity: float, near: bool
) -> tuple[list[str], list[Removal]]:
    """Every repeat goes, exact or near (what `jz dedupe` does to the lines of a file)."""
    threshold = similarity
    first_seen: dict[str, int] = {}
    buckets: dict[int, list[tuple[int, _Key, tuple[int, ...]]]] = {}
    kept: list[str] = []
    removed: list[Removal] = []
    for index, (text, key) in enumerate(zip(paragraphs, keys)):
        if not key.exact:
            # Nothing comparable (blank or punctuation only): never a duplicate.
            kept.append(text)
            continue
        if key.exact in first_seen:
            removed.append(Removal(index, text, "duplicate", first_seen[key.exact], 1.0))
            continue
        first_seen[key.exact] = index
        if near and threshold < 1.0 and len(key.exact) >= MIN_NEAR_LENGTH:
            sketch = key.sketch()
            match = _best_match(key, sketch, buckets, threshold)
            if match is not None:
                removed.append(Removal(index, text, "near-duplicate", match[0], round(match[1], 3)))
                continue
            _remember(buckets, index, key, sketch)
        kept.append(text)
    return kept, removed


RUN_WEIGHT = 20
"""Text an echoed block must carry, in weighted characters (a CJK character counts 3)."""
LONG_WEIGHT = 200
"""A paragraph this long (weighted characters) repeated on its own is an accident."""
_MATCH_LIMIT = 8
"""Earlier exact copies remembered per key (bounds the work on a line repeated often)."""
_CJK_RUN = lazy_compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_DIGITS = re.compile(r"\d+")


def _weight(key: _Key) -> int:
    if key._weight < 0:  # computed once: every pass over a page asks again
        exact = key.exact
        # (CJK characters counted by the run, not one string each)
        key._weight = (
            len(exact)
            if exact.isascii()
            else len(exact) + 2 * sum(map(len, _CJK_RUN.findall(exact)))
        )
    return key._weight


def _accidental(
    paragraphs: Sequence[str],
    keys: list[_Key],
    alive: list[int],
    threshold: float,
    hot: frozenset[int],
    active: frozenset[int],
) -> list[Removal]:
    """One pass over the paragraphs still kept (`alive`, original indices): the accidents.
    `hot`: the bucket keys more than one paragraph is filed under (`_shared_bands`);
    `active`: the paragraphs that may repeat or be repeated (the others match nothing)."""
    # For each kept paragraph, the earlier ones it repeats (positions in `alive`).
    seen: dict[str, list[int]] = {}
    buckets: dict[int, list[tuple[int, _Key, tuple[int, ...]]]] = {}
    matches: list[dict[int, tuple[str, float]]] = [{} for _ in alive]
    for pos, index in enumerate(alive):
        if index not in active:
            continue
        key = keys[index]
        found = matches[pos]
        earlier = seen.setdefault(key.exact, [])
        for other in earlier:
            found[other] = ("duplicate", 1.0)
        earlier.append(pos)
        if len(earlier) > _MATCH_LIMIT:
            del earlier[0]
        if found or threshold >= 1.0 or len(key.exact) < MIN_NEAR_LENGTH:
            continue
        sketch = key.sketch()  # the same in every pass: computed once
        if hot.isdisjoint(sketch[:BANDS]):
            continue  # no other paragraph shares a bucket with it: no match either way
        match = _best_match(key, sketch, buckets, threshold, numbers_matter=True)
        if match is not None:
            found[match[0]] = ("near-duplicate", round(match[1], 3))
        else:
            _remember(buckets, pos, key, sketch)
    if not any(matches):
        return []  # nothing repeats
    # A paragraph the page holds three times or more is printed once per item (a field of
    # each card, a row of each table, a refrain): short, it is the author's, every copy.
    repeats = Counter(source for found in matches for source in found)
    often = {pos for pos, n in repeats.items() if n > 1}
    often.update(
        pos
        for pos, found in enumerate(matches)
        if len(found) > 1 or any(repeats[source] > 1 for source in found)
    )
    # Links: paragraph pos and the next one repeat two paragraphs that stand in a row earlier.
    # "Next" skips lines with no word (a rule, a row of carets under a code line): they break
    # no run, and stay.
    following = list(range(1, len(alive) + 1))
    for pos in range(len(alive) - 2, -1, -1):
        if not keys[alive[pos + 1]].exact:
            following[pos] = following[pos + 1]
    # The nearest earlier line with a word (-1: none), for telling a copy printed right after
    # its source (a stutter, a block printed again at once) from one printed per item.
    preceding = list(range(-1, len(alive) - 1))
    for pos in range(1, len(alive)):
        if not keys[alive[pos - 1]].exact:
            preceding[pos] = preceding[pos - 1]
    link_from: dict[int, int] = {}
    for pos in range(len(alive) - 1):
        here, after = matches[pos], matches[following[pos]] if following[pos] < len(alive) else {}
        if here and after:
            source = next((j for j in sorted(here) if following[j] in after), -1)
            if source >= 0:
                link_from[pos] = source
    # Where a copy stands tells an accident from the author's repeat: one printed next to its
    # source (little or nothing of the page's own between) or one that copies a large share
    # of the article (a body printed twice, whatever stands between) is an accident; a small
    # block with the page's own text between its copies (a refrain, a notice under each item,
    # a quoted passage, a code sample shown again) is the author's.
    # The templates (`_filled`) and echoes (`_echoes`) walk the whole page: computed at the
    # first repeat that asks, so a page repeating only short lines never computes them.
    lazy: dict[str, frozenset[int]] = {}

    def filled() -> frozenset[int]:
        if "filled" not in lazy:
            lazy["filled"] = _filled(keys, alive, matches, link_from, following)
        return lazy["filled"]

    def echoes(which: str) -> frozenset[int]:
        if "copied" not in lazy:
            lazy["copied"], lazy["close"] = _echoes(keys, alive, matches, paragraphs)
            lazy["accidents"] = lazy["copied"] | lazy["close"]
        return lazy[which]

    removed: list[Removal] = []
    pos = 0
    while pos < len(alive):
        if not matches[pos]:
            pos += 1
            continue
        # The longest run of linked repeats starting here.
        run = [pos]
        while run[-1] in link_from:
            run.append(following[run[-1]])
        if len(run) > 1 and pos in filled():
            pos = run[-1] + 1  # a template filled in for an item: the page's
            continue
        if len(run) > 1 and _variants(keys, alive, matches, run) and pos not in echoes("copied"):
            # A block shown again for another version (a code sample for another language,
            # the same steps for another system) puts other words in some of its lines:
            # the page's, all of it, unless it copies a large share of the article.
            pos = run[-1] + 1
            continue
        if len(run) > 1:
            weight = sum(_weight(keys[alive[p]]) for p in run)
            # Printed right after an exact copy of itself (its last line repeats the line
            # before its first), that copy carrying RUN_WEIGHT: a block printed again at
            # once, not once per item (a column of `Yes` cells, or a template filled in for
            # each item, a near copy, is the page's).
            again = _again(keys, alive, matches, preceding[pos], run)
            if (
                weight >= RUN_WEIGHT
                and (weight >= LONG_WEIGHT or again or not often.issuperset(run))
                and pos in echoes("accidents")
            ):
                for before, p in zip([-1, *run], run):
                    source = link_from[p] if p in link_from else following[link_from[before]]
                    removed.append(_removal(paragraphs, alive, p, source, matches[p][source]))
                pos = run[-1] + 1
                continue
        elif (
            (
                (weight := _weight(keys[alive[pos]])) >= RUN_WEIGHT
                and (pos in echoes("copied") or (pos in echoes("close") and weight >= LONG_WEIGHT))
            )
            or (
                weight >= RUN_WEIGHT
                and pos - 1 in matches[pos]
                and (pos not in often or matches[pos][pos - 1][0] == "duplicate")
            )
        ) and not (
            _variant(keys, alive, pos, matches[pos])
            and (weight < LONG_WEIGHT or pos not in echoes("copied") or pos in often)
        ):
            # A paragraph repeating the one just before it is a stutter, whatever its length;
            # an exact copy, however often the page holds it. A variant (other words in place
            # of some) stays, unless it is long and copies the article (a one-paragraph story
            # printed twice, a word changed) and is no item's: the page holds it only twice.
            # Two short lines for two states (`is available again`, `becomes available`)
            # are the page's wording, however little else it holds.
            source = min(matches[pos])
            removed.append(_removal(paragraphs, alive, pos, source, matches[pos][source]))
        pos += 1
    return removed


SHARE = 0.3
"""An echo carrying this share of the article's text (weighted characters) or more copies the
article, not a passage of it: a body printed twice, not a refrain or a quote."""
CLOSE = 4
"""An echo carrying this many times the text that stands between it and its source, or more,
is printed again next to its source (a block shown twice, a log entry printed again), not
repeated by the author with text of their own between (a refrain after each verse)."""
PROSE_WEIGHT = 80
"""A paragraph this long (weighted characters: 27 CJK characters, a dozen English words) counts
as prose in an echo; a line of verse or of code is shorter."""
PROSE_RUN = 3
"""An echo holding this many paragraphs of prose is a body printed twice wherever it stands
(sidebars, related links or comments between the two prints): an author repeats a sentence, a
passage or a chorus of short lines, not three paragraphs of prose in the same order."""
_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？", "…", "\u201d", '"', "」")
"""How a sentence of prose ends (a title, a poster's name or a label `… wrote:` does not)."""
BLOCK_GAP = 3
"""Most lines of its own an echo may hold between two copied lines and stay one block (an ad,
a caption written differently, a line left out of the copy)."""


_Echo = tuple[int, int, int, bool, int, int, bool]
"""An echo as `_echoes` follows it: (first repeat, weight, paragraphs of prose, every repeat
word for word, repeats, the first repeat's source, whether it reads as the author's: a
sentence of the page's own before its first source and no line of the page's own inside it)."""


def _echoes(
    keys: list[_Key],
    alive: list[int],
    matches: list[dict[int, tuple[str, float]]],
    paragraphs: Sequence[str] = (),
) -> tuple[frozenset[int], frozenset[int]]:
    """The repeats (positions in `alive`) that stand in an echo printed by accident: those
    in an echo of a large share of the article, and those in one printed next to its source.

    An echo is a block of repeats whose sources follow one another in the same order and
    all stand before the block, with at most BLOCK_GAP lines of its own between two repeats
    (an ad in the copy, a caption written differently) and as many skipped in the source.
    It is an accident when it carries SHARE of the article's text or more or holds PROSE_RUN
    paragraphs of prose, not in one block after a sentence of the page's own (the article
    printed twice, whatever stands between), or CLOSE
    times the text between its source and itself or more (printed again at once, or with a
    line or two between)."""
    weights = [_weight(keys[i]) for i in alive]
    before = [0]  # before[q]: the text of the positions before q
    for w in weights:
        before.append(before[-1] + w)
    total = before[-1]
    worded = [pos for pos in range(len(alive)) if keys[alive[pos]].exact]
    top, bottom = (worded[0], worded[-1]) if worded else (-1, -1)
    # Every way of reading the repeats as echoes, kept together: for each source of the
    # latest repeat, the echo ending there (a line repeated inside the block has several
    # sources; the one that carries the block furthest is found by following them all).
    # An echo (`_Echo`): its first repeat, its weight, its paragraphs of prose, whether every
    # repeat in it is word for word, how many repeats it holds, and its first repeat's source.
    # Only the latest repeat's echoes are kept: an echo that goes no further is judged where
    # it ends, and what it marks is every repeat from its first to its last (each repeat of
    # an echo follows the one before it), so the marks are kept as spans of positions, not
    # per repeat and source (a page of one line repeated 250,000 times would need GBs).
    states: dict[int, _Echo] = {}

    def sentence_before(j: int) -> bool:
        if not j or not paragraphs or weights[j - 1] < PROSE_WEIGHT // 2:
            return False
        return paragraphs[alive[j - 1]].rstrip().endswith(_SENTENCE_ENDS)

    last = -1  # the latest repeat
    own = 0  # lines with a word since then that repeat nothing
    spans: tuple[list[list[int]], list[list[int]]] = ([], [])  # copied, close: [first, last]

    def end(echo: _Echo, source: int) -> None:
        """The echo from `echo[0]` to `last`, whose last repeat copies `source`, ends."""
        first, weight, prose = echo[0], echo[1], echo[2]
        between = before[first] - before[source + 1]
        if (
            weight >= SHARE * total
            or (prose >= PROSE_RUN and not echo[6])
            or (last == bottom and _frames_prose(keys, alive, echo, source, top))
        ):
            target = spans[0]
        elif weight >= CLOSE * between:
            target = spans[1]
        else:
            return
        # Echoes end in order of their last repeat: a span starting earlier than those
        # kept swallows them, one overlapping the latest joins it.
        while target and target[-1][0] >= first:
            target.pop()
        if target and target[-1][1] >= first:
            target[-1][1] = last
        else:
            target.append([first, last])

    for pos in range(len(alive)):
        found = matches[pos]
        if not found:
            own += 1 if keys[alive[pos]].exact else 0
            continue
        fresh: dict[int, _Echo] = {}
        extended: set[int] = set()
        for j in sorted(found):
            best: _Echo | None = None
            source = -1
            if own <= BLOCK_GAP:
                for k in range(j - BLOCK_GAP - 1, j):
                    prior = states.get(k)
                    if prior is not None and j < prior[0] and (best is None or prior[1] > best[1]):
                        best, source = prior, k
            exact = found[j][0] == "duplicate"
            # Prose printed again word for word, once: a body printed twice (a template filled
            # in per item differs in its numbers or comes back more often).
            prose = int(weights[pos] >= PROSE_WEIGHT and len(found) == 1 and exact)
            if best is None:
                fresh[j] = (pos, weights[pos], prose, exact, 1, j, sentence_before(j))
            else:
                fresh[j] = (
                    best[0],
                    best[1] + weights[pos],
                    best[2] + prose,
                    best[3] and exact,
                    best[4] + 1,
                    best[5],
                    best[6] and not own,
                )
                extended.add(source)
        for k, echo in states.items():
            if k not in extended:
                end(echo, k)
        states, last, own = fresh, pos, 0
    for k, echo in states.items():
        end(echo, k)
    copied: set[int] = set()
    close: set[int] = set()
    for target, marked in zip(spans, (copied, close)):
        for first, stop in target:
            marked.update(p for p in range(first, stop + 1) if matches[p])
    return frozenset(copied), frozenset(close)


def _frames_prose(keys: list[_Key], alive: list[int], echo: _Echo, source: int, top: int) -> bool:
    """Does the echo (the article's last line its last repeat, copying `source`) copy its
    first lines, two or more, word for word, around PROSE_RUN paragraphs of prose or more?
    Then it frames a story the way the first print does: a lead shown again under the story,
    or the page's lines (subscribe, follow us) printed above and below it. An author frames
    verse with a refrain, and may close prose with its opening sentence; not with a block of
    the page's lines."""
    first, _, _, exact, lines, first_source, _ = echo
    if not exact:
        return False  # a near copy: items of one template (a line per country) differ
    if lines < 2 or first_source != top:
        return False
    inside = range(source + 1, first)
    return sum(_weight(keys[alive[pos]]) >= PROSE_WEIGHT for pos in inside) >= PROSE_RUN


TEMPLATE_GAP = 3
"""Most lines of its own an item fills in between two stretches of its template."""


def _filled(
    keys: list[_Key],
    alive: list[int],
    matches: list[dict[int, tuple[str, float]]],
    link_from: dict[int, int],
    following: list[int],
) -> frozenset[int]:
    """The first lines of the echoed runs that are stretches of a template filled in once per
    item. Two runs follow one another with a few lines of their own between them (lines that
    repeat nothing), and their sources follow one another in the same order with lines of
    their own between them too: each copy fills the same slot with something else (a dish, a
    price, a name). A block printed twice has no slot: its copy is whole, or is broken only
    on one side (a line added in the copy, an ad, or one left out)."""
    runs: list[tuple[int, int, int]] = []  # first, last, last source
    inside: set[int] = set()
    for pos in sorted(link_from):
        if pos in inside:
            continue
        run = [pos]
        while run[-1] in link_from:
            run.append(following[run[-1]])
        inside.update(run)
        runs.append((run[0], run[-1], following[link_from[run[-2]]]))
    chains: list[list[int]] = []  # indices into runs, each chain's runs in order
    slot: list[bool] = []  # whether a chain has a slot filled on both sides
    for i, (first, _, _) in enumerate(runs):
        if i:
            _, last, last_source = runs[i - 1]
            # (lines with no word are nothing of the item's own, and compare with nothing)
            gap = [q for q in range(last + 1, first) if keys[alive[q]].exact]
            if len(gap) <= TEMPLATE_GAP and not any(_exact(matches[q]) for q in gap):
                chains[-1].append(i)
                # The copy has lines of its own here, and so has the source: it goes on a
                # few lines further than the line after its last copied one.
                after = following[last_source]
                # (the same stretch of the source going on, not another copy of it starting:
                # a block quoted again, a log entry printed again)
                if gap and any(
                    after < j <= after + TEMPLATE_GAP and j < runs[i - 1][0] and not matches[j]
                    for j in matches[first]
                ):
                    slot[-1] = True
                continue
        chains.append([i])
        slot.append(False)
    return frozenset(runs[i][0] for chain, both in zip(chains, slot) if both for i in chain)


def _variant(
    keys: list[_Key], alive: list[int], pos: int, found: dict[int, tuple[str, float]]
) -> bool:
    """Whether the paragraph at `pos`, a near copy standing alone, is a variant of its source
    rather than a copy: somewhere it puts other words in place of the source's (`$40` for
    `£40 GBP`, `start` for `stop`, `Python` for `PHP`: the same terms for another region, the
    same step for another command or language). A copy printed by accident keeps the words
    it has: it loses some (cut short) or gains some (a `Read more`, a `wrote:`, an ad's
    words), and case, width, spacing and punctuation are folded before comparing."""
    if _exact(found):
        return False
    a, b = keys[alive[min(found)]].units, keys[alive[pos]].units
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return any(
        op == "replace" and set(a[i1:i2]).isdisjoint(b[j1:j2])
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def _variants(
    keys: list[_Key], alive: list[int], matches: list[dict[int, tuple[str, float]]], run: list[int]
) -> bool:
    """Whether a line of the echoed `run` is a variant of its source (`_variant`)."""
    return any(_variant(keys, alive, p, matches[p]) for p in run)


def _exact(found: dict[int, tuple[str, float]]) -> bool:
    return any(how == "duplicate" for how, _ in found.values())


def _again(
    keys: list[_Key],
    alive: list[int],
    matches: list[dict[int, tuple[str, float]]],
    before: int,
    run: list[int],
) -> bool:
    """Whether the echoed `run` is printed right after an exact copy of itself (`before`:
    the line with a word just before it) and one copy carries at least RUN_WEIGHT."""
    if before < 0 or before not in matches[run[-1]]:
        return False
    # Exact repeats only: a paragraph with an exact copy has no near match recorded.
    if any(next(iter(matches[p].values()))[0] != "duplicate" for p in run):
        return False
    start = max(matches[run[0]])  # the nearest copy of the run's first line
    # That copy holds the run's lines in the run's order, as far as both go (lines with no
    # word aside; a copy may stop early): cells of a table holding few values (`Best`,
    # `Basic`) repeat a line just before the run too, but in another order.
    block = [q for q in range(start, before + 1) if keys[alive[q]].exact]
    if any(keys[alive[q]].exact != keys[alive[p]].exact for q, p in zip(block, run)):
        return False
    return sum(_weight(keys[alive[q]]) for q in block) >= RUN_WEIGHT


def _removal(
    paragraphs: Sequence[str], alive: list[int], pos: int, source: int, how: tuple[str, float]
) -> Removal:
    index = alive[pos]
    return Removal(index, paragraphs[index], how[0], alive[source], how[1])


def _remember(
    buckets: dict[int, list[tuple[int, _Key, tuple[int, ...]]]],
    index: int,
    key: _Key,
    sketch: list[int],
) -> None:
    """File a kept paragraph under its sketch's bucket keys (the most recent BUCKET_LIMIT)."""
    entry = (index, key, tuple(sketch))
    for h in sketch[:BANDS]:
        bucket = buckets.setdefault(h, [])
        bucket.append(entry)
        if len(bucket) > BUCKET_LIMIT:
            del bucket[0]


def _best_match(
    key: _Key,
    sketch: list[int],
    buckets: dict[int, list[tuple[int, _Key, tuple[int, ...]]]],
    threshold: float,
    numbers_matter: bool = False,
) -> tuple[int, float] | None:
    """The earliest kept paragraph at least `threshold` similar to `key`, if any. With
    `numbers_matter`, one that differs only in its numbers does not count."""
    found = [bucket for h in sketch[:BANDS] if (bucket := buckets.get(h))]
    if not found:
        return None  # the common case: no kept paragraph shares a bucket
    # Candidates once each, earliest first (a bucket is filed in order): the first that
    # passes is the answer.
    if len(found) == 1:
        candidates = found[0]
    else:
        unique = {entry[0]: entry for bucket in found for entry in bucket}
        candidates = [unique[i] for i in sorted(unique)]
    sketch_set = frozenset(sketch)
    for index, other, other_sketch in candidates:
        if len(sketch_set.intersection(other_sketch)) < MIN_SHARED:
            continue
        if numbers_matter and other.digitless() == key.digitless():
            continue
        score = key_similarity(key, other, threshold)
        if score >= threshold:
            return index, score
    return None


def dedupe_article(article: Article, settings: Settings) -> Article:
    """Dedupe an article's paragraphs and record the removals in its provenance."""
    if not settings.dedupe:
        return article
    kept, removed = dedupe_paragraphs(
        article.paragraphs, settings.similarity, settings.near_duplicates, accidental_only=True
    )
    if not removed:
        return article
    prov = replace(article.provenance, removed=article.provenance.removed + tuple(removed))
    return replace(article, paragraphs=tuple(kept), provenance=prov)
