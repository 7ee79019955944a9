"""Mojibake: text decoded with the wrong charset, re-decoded when the result is plausible."""

from __future__ import annotations

import codecs
import math
import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from itertools import compress, pairwise, repeat
from typing import Any

from jzcli.patterns import lazy_compile, lazy_compile_bytes
from jzcli.repair.plausibility import (
    COMMON_PUNCT,
    HAN_CLASS,
    HAN_RE,
    UNKNOWN_COST,
    WORD_COST_MEMO,
    char_score,
    common_han,
    common_share,
    han_stats,
    has_rare_han,
    odd_count,
    run_cost,
    segment_costs,
    suffix_costs,
    window_scores,
    word_cost,
    word_pairs,
    word_rows,
)

# Bytes windows-1252 leaves undefined; a strict cp1252 decoder turns them into U+FFFD,
# so a U+FFFD in cp1252 mojibake stands for one of these five.
_BYTES = tuple(bytes((b,)) for b in range(256))
_CP1252_HOLES = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_CP1252_TO_BYTE = {
    ch: b
    for b in range(0x80, 0xA0)
    if (ch := bytes((b,)).decode("cp1252", errors="replace")) != "\ufffd"
}
_CP1252_CHARS = re.escape("".join(_CP1252_TO_BYTE))


_NOT_WEB_LATIN1_RE = re.compile(f"[^\x00-\xff{_CP1252_CHARS}\ufffd]")


def beyond_web_latin1(text: str) -> bool:
    """Whether the text has a character no latin-1 / windows-1252 reading gives."""
    return _NOT_WEB_LATIN1_RE.search(text) is not None


# A UTF-8 lead byte followed by a continuation byte, both read as cp1252/latin-1, or a
# lead byte before a space (NBSP collapsed to a space): ftfy's territory.
# (One character class first, so the engine scans for it fast.)
_UTF8_MOJIBAKE_RE = re.compile(f"[\xc2-\xf4](?:[\x80-\xbf{_CP1252_CHARS}]|(?<=[\xc2\xc3]) )")
# Characters legacy-charset misreadings leave in Han text.
_CJK_SUSPECT_RE = lazy_compile("[\ue000-\uf8ff\ufffd\u3040-\u30ff\u3100-\u312f\u2500-\u257f]")
_REPLACEMENT_RE = re.compile("\ufffd")
_MAX_HOLES = 1 << 30
# Guessing a byte a multi-byte decoder dropped costs ~100 trial decodings.
_MAX_GUESSED = 1 << 30
_MAX_GUESSED_DBCS = 1 << 30
# Guesses kept for judging in context, most plausible first, and how far below the best
# on their own (window score) they may be: the words around can still promote them (eight
# left 午 of 上午 out).
_MAX_RANKED = 16
_FILL_MARGIN = 24.0
_MIN_SHARE = 0.85
CJK_MIN_SHARE = _MIN_SHARE  # `fix_cjk_mojibake` leaves a text without suspects from it


def _lost_byte_options(
    wrong: str | None, candidates: tuple[int, ...], following: bytes
) -> tuple[int, ...]:
    """Candidate bytes the wrong decoder could not have read before `following`."""
    if wrong is None:
        return candidates
    if wrong in _DOUBLE_BYTE and b"\n" not in following:
        # A double-byte decoder refuses a byte or not on the byte after it alone: one
        # answer per next byte, whatever follows it.
        following = following[:1]
    return _refused_before(wrong, candidates, following)


@lru_cache(maxsize=4096)
def _refused_before(wrong: str, candidates: tuple[int, ...], following: bytes) -> tuple[int, ...]:
    """`_lost_byte_options` for a decoder (cached)."""
    # One decoder call for all candidates; a newline resets the decoder between them.
    readings = (
        ((following + b"\n").join(map(_BYTES.__getitem__, candidates)) + following)
        .decode(wrong, errors="replace")
        .split("\n")
    )
    if len(readings) != len(candidates):
        return candidates
    options = tuple(compress(candidates, map(str.startswith, readings, repeat("\ufffd"))))
    return options or candidates


@lru_cache(maxsize=65536)
def _ranked_fills(
    codec: str,
    wrong: str | None,
    candidates: tuple[int, ...],
    prefix: bytes,
    suffix: bytes,
    cut: bool,
    refused: bytes,
) -> tuple[tuple[float, int, str], ...]:
    """Guesses for a lost byte, best first, as (score without context, byte, reading)."""
    # The lost byte is one the wrong decoder could not read at that spot.
    options = _lost_byte_options(wrong, candidates, refused)
    # One decoder call for all guesses: a newline between windows resets every codec here.
    texts = (
        (prefix + (suffix + b"\n" + prefix).join(map(_BYTES.__getitem__, options)) + suffix)
        .decode(codec, errors="replace")
        .split("\n")
    )
    if len(texts) != len(options):  # a newline inside a window: decode one by one
        texts = [(prefix + bytes((c,)) + suffix).decode(codec, errors="replace") for c in options]
    # A window cut through its last character ends in U+FFFD whatever the guess.
    windows = list(map(str.rstrip, texts, repeat("\ufffd"))) if cut else texts
    # Only guesses with the fewest decoding errors, and close enough to the best that a
    # known word could still promote them.
    losses = list(map(str.count, windows, repeat("\ufffd")))
    fewest = min(losses)
    if losses.count(fewest) != len(losses):
        keep = list(map(fewest.__eq__, losses))
        windows = list(compress(windows, keep))
        options = tuple(compress(options, keep))
    ranked = sorted(zip(window_scores(windows), options, windows), reverse=True)
    return tuple(r for r in ranked[:_MAX_RANKED] if r[0] >= ranked[0][0] - _FILL_MARGIN)


def _best_fill(
    ranked: tuple[tuple[float, int, str], ...],
    left: str,
    right: str,
    opened: str = "",
    foreign: re.Pattern[str] | None = None,
    final: bool = False,
) -> int:
    """The guess whose reading, between its neighbours (a few characters each side), reads
    best: its characters' own scores and what the place of the guessed character (the
    first of its reading) adds (`_placement`: a bracket or quote `opened` before it, the
    end of the text when `final` and nothing follows), less the word model's cost of the
    Han text around."""
    if len(ranked) == 1:
        return ranked[0][1]
    before, after = _han_tail(left), _han_head(right)
    previous = left[-1:]
    counted = previous.isdigit() or previous in _COUNTERS
    scores = []
    for score, _, w in ranked:
        following = w[1:2] or right[:1]
        place = _placement(
            w[:1],
            counted,
            following.isdigit(),
            final and not following,
            opened,
            foreign,
            previous,
        )
        scores.append(score + place - _BIT * _cost_around(before, w, after))
    clear = _clear_winner(scores)
    if clear is not None:
        return ranked[clear][1]
    texts = [previous + w + right[:1] for _, _, w in ranked]
    scores = _tie_break(scores, texts, bool(right[:1]))
    best: tuple[float, int] = max(zip(scores, [c for _, c, _ in ranked]))
    return best[1]


class _Reader:
    """Decodes a buffer from its start, a stretch at a time, as its holes are filled in
    order (one pass over the text, however many holes)."""

    def __init__(self, buf: bytearray, codec: str) -> None:
        self.buf = buf
        self.decoder = codecs.getincrementaldecoder(codec)(errors="replace")
        self.fed = 0
        self.tail = ""
        self.stack: list[str] = []  # brackets and quotes opened and not yet closed

    def char_start(self, i: int) -> tuple[int, str]:
        """Where the character that byte `i` belongs to (or follows) starts, and the few
        characters before it (context for judging a guess). Bytes before `i` are final."""
        text = self.decoder.decode(bytes(self.buf[self.fed : i]), False)
        self.fed = i
        self.tail = (self.tail + text)[-_CONTEXT:]
        for ch in _MARKS_RE.findall(text):
            _track(self.stack, ch)
        pending = self.decoder.getstate()[0]
        return i - len(pending), self.tail


def _decode_with_holes(
    data: bytes,
    holes: Sequence[int],
    codec: str,
    candidates: Sequence[int],
    wrong: str | None = None,
) -> str | None:
    """Strictly decode `data`, choosing each hole's lost byte by the most plausible reading."""
    if not holes:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            return None
    if len(holes) > _MAX_HOLES:
        return None
    buf = bytearray(data)
    hole_set = set(holes)
    double = codec in _DOUBLE_BYTE and wrong in _DOUBLE_BYTE
    paired: set[int] = set()  # trail bytes guessed with their lead
    reader = _Reader(buf, codec)
    # The script of the text around the holes (`_placement`), from a reading without them.
    foreign = _foreign_script(data.decode(codec, errors="replace"))
    for i in holes:
        if i in paired:
            continue
        # Judge each guess on the few bytes around the hole, from a character boundary,
        # with the characters before and after as context.
        lo, left = reader.char_start(i)
        opened = _open(reader.stack)
        if double and lo == i and i + 1 in hole_set:
            # Both bytes of one character lost.
            right = _context_after(buf, i + 2, codec)
            pair = _both_lost(codec, wrong or "", bytes(buf[i + 2 : i + 3]))
            if pair:
                fill = _best_fill(pair, left, right, opened, foreign, i + 2 >= len(buf))
                buf[i : i + 2] = fill.to_bytes(2, "big")
                paired.add(i + 1)
                continue
        if double and lo == i:
            # A lost lead pairs with the next byte alone: judge that pair (a cacheable
            # guess), then the words it makes with the characters around it.
            suffix = bytes(buf[i + 1 : i + 2])
            right = _context_after(buf, i + 2, codec)
        else:
            suffix = bytes(buf[i + 1 : i + 4])
            right = ""
        refused = suffix
        cut = i + 1 + len(suffix) < len(buf)
        options = tuple(candidates)
        if candidates is _UTF8_LOST:
            # Inside a started sequence the lost byte is a continuation, else a lead.
            options = _UTF8_CONT if lo < i else _UTF8_LEAD
        ranked = _ranked_fills(codec, wrong, options, bytes(buf[lo:i]), suffix, cut, refused)
        buf[i] = _best_fill(ranked, left, right, opened, foreign, final=not cut)
    try:
        return bytes(buf).decode(codec)
    except UnicodeDecodeError:
        return None


def _context_after(buf: bytearray, start: int, codec: str) -> str:
    """The few characters after `start` up to the next hole, as context for a guess."""
    text = bytes(buf[start : start + 2 * _CONTEXT]).decode(codec, errors="replace")
    return text.split("\ufffd")[0].split("?")[0][:_CONTEXT]


@lru_cache(maxsize=1024)
def _both_lost(codec: str, wrong: str, following: bytes) -> tuple[tuple[float, int, str], ...]:
    """Guesses for a character of a double-byte codec whose two bytes were both lost, as
    (score on its own, the two bytes as a number, the character), best first: common
    characters whose lead the wrong decoder refused before their trail, and whose trail
    it refused before `following` (a byte it can refuse is not ASCII)."""
    found: list[tuple[float, int, str]] = []
    by_trail = _common_by_trail(codec)
    for trail in _lost_byte_options(wrong, tuple(range(0x80, 0xFF)), following):
        group = by_trail.get(trail)
        if group:
            leads = frozenset(_lost_byte_options(wrong, _DBCS_LOST, _BYTES[trail]))
            found.extend(
                (_own_score(ch), lead << 8 | trail, ch) for lead, ch in group if lead in leads
            )
    found.sort(reverse=True)
    return tuple(found[:_KEEP])


@lru_cache(maxsize=4)
def _common_by_trail(codec: str) -> dict[int, list[tuple[int, str]]]:
    """The common characters (`_high_points`) that are two bytes in `codec`, as (lead,
    character) by trail byte."""
    groups: dict[int, list[tuple[int, str]]] = {}
    chars = list(map(chr, sorted(_high_points())))
    # One encoder call for all: no such character is a newline or has one in its bytes
    # (a trail byte is 0x40 or more), and one the codec lacks becomes one byte, "?".
    raws = "\n".join(chars).encode(codec, errors="replace").split(b"\n")
    for ch, raw in zip(chars, raws, strict=True):
        if len(raw) == 2:
            groups.setdefault(raw[1], []).append((raw[0], ch))
    return groups


_UNFIT = frozenset({"Cn", "Co", "Cs", "Cc"})
# Holes in one character whose fillings this many decodings or more cost are left as U+FFFD.
_MAX_COMBOS = 4096


def _utf8_length(lead: int) -> int:
    """Length of the UTF-8 sequence a lead byte starts; 0 for a byte no sequence starts with."""
    if lead < 0x80:
        return 1
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


@lru_cache(maxsize=65536)
def _fit(ch: str) -> bool:
    """A character a text can hold: assigned, not private use, surrogate or control."""
    import unicodedata

    return unicodedata.category(ch) not in _UNFIT


def _utf8_choices(
    data: bytes,
    start: int,
    length: int,
    holes: dict[int, tuple[int, ...]],
    runs: tuple[tuple[tuple[int, ...], bytes | None], ...] = (),
    refuser: str | None = None,
) -> tuple[str, ...]:
    """The characters the UTF-8 sequence at `start` can be with its holes filled, the
    plausible ones only (see `_shortlist`)."""
    pattern = tuple(None if k in holes else data[k] for k in range(start, start + length))
    allowed = tuple(holes.get(k, ()) for k in range(start, start + length))
    return _shortlist(pattern, allowed, runs, refuser)


def _hole_runs(
    data: bytes, start: int, length: int, inside: list[int], holes: set[int]
) -> tuple[tuple[tuple[int, ...], bytes | None], ...]:
    """The runs of two or more holes side by side in the character at `start` (`inside`:
    its holes), each as (the holes' places in the character, the byte after the run when
    it is not the character's own: b"" when that byte was lost too or the text ends; None
    when it is the character's next byte)."""
    runs: list[list[int]] = []
    for k in inside:
        if runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    out = []
    for run in runs:
        if len(run) < 2:
            continue
        after = run[-1] + 1
        following: bytes | None
        if after < start + length:
            following = None
        else:
            following = b"" if after in holes else data[after : after + 1]
        out.append((tuple(k - start for k in run), following))
    return tuple(out)


def _refused_alike(
    raw: bytes, runs: tuple[tuple[tuple[int, ...], bytes | None], ...], refuser: str
) -> bool:
    """Whether the wrong decoder (`refuser`) refuses the bytes of `raw` one by one where a
    run of holes side by side says it did: read from the run's first byte on, with the
    byte after it, the run gives one U+FFFD per hole. Each byte of a run alone is
    refusable whatever it is (a lead byte with nothing after it); together they tell: 怀
    (E6 80 80) can lose 80 80 before the next character's lead, 是 (E6 98 AF) cannot
    lose 98 AF, which GBK reads as a character of its own."""
    for places, following in runs:
        lost = bytes(raw[k] for k in places)
        after = raw[places[-1] + 1 : places[-1] + 2] if following is None else following
        if not (lost + after).decode(refuser, errors="replace").startswith("\ufffd" * len(places)):
            return False
    return True


def _refused_alike_points(
    points: set[int], runs: tuple[tuple[tuple[int, ...], bytes | None], ...], refuser: str
) -> set[int]:
    """The code points whose UTF-8 bytes `_refused_alike` accepts, with one decoder call
    per run for all of them: a newline between their bytes resets the decoder (a byte
    left open before it is refused on its own), as `_refused_before` reads its guesses."""
    kept = list(points)
    for places, following in runs:
        if not kept:
            break
        # A run is holes side by side: its bytes are one slice of the character.
        first, last = places[0], places[-1] + 1
        raws = [chr(cp).encode() for cp in kept]
        if following is None:
            segments = [raw[first : last + 1] for raw in raws]
        else:
            segments = [raw[first:last] + following for raw in raws]
        mark = "\ufffd" * len(places)
        readings = b"\n".join(segments).decode(refuser, errors="replace").split("\n")
        if len(readings) != len(segments):  # a newline of the text's own: one by one
            readings = [seg.decode(refuser, errors="replace") for seg in segments]
        kept = list(compress(kept, map(str.startswith, readings, repeat(mark))))
    return set(kept)


# Candidates scoring this much below the best on their own cannot catch up with context
# (two neighbours, a number, a closing mark), and at most this many are kept.
_PRUNE = 60.0
_KEEP = 48


@lru_cache(maxsize=16384)
def _shortlist(
    pattern: tuple[int | None, ...],
    allowed: tuple[tuple[int, ...], ...],
    runs: tuple[tuple[tuple[int, ...], bytes | None], ...] = (),
    refuser: str | None = None,
) -> tuple[str, ...]:
    """Every assigned, printable character a UTF-8 byte pattern with holes (None) can be,
    each hole one of its `allowed` bytes (any when empty) and each run of holes side by
    side refused alike (`_refused_alike`, when `runs` and `refuser` are given); the best
    on their own first, the hopeless ones dropped (cached: the same pattern recurs)."""
    options: list[Sequence[int]] = []
    combos = 1
    length = len(pattern)
    for k, byte in enumerate(pattern):
        if byte is None:
            ranged = _LEAD_RANGE if k == 0 else _CONT_RANGE  # ranges: O(1) membership
            opts = [b for b in allowed[k] if b in ranged] if allowed[k] else list(ranged)
            if k == 0:
                opts = [b for b in opts if _utf8_length(b) == length]
        else:
            opts = [byte]
        combos *= len(opts)
        options.append(opts)
    if not combos or combos > _MAX_COMBOS:
        return ()
    points = _code_points(options)
    if points is None:
        return ()
    # Common characters and marks score 100 or more on their own, anything else below 40:
    # with one of them among the candidates, the others fall under the floor below.
    high = points & _high_points()
    if runs and refuser is not None:
        # The common ones first: the others are only looked at when none is refused alike.
        high = _refused_alike_points(high, runs, refuser)
        if not high:
            points = _refused_alike_points(points, runs, refuser)
    if high:
        found = [(_own_score(chr(cp)), chr(cp)) for cp in high]
    else:
        found = [(_own_score(ch), ch) for ch in map(chr, points) if _fit(ch)]
    if not found:
        return ()
    found.sort(reverse=True)
    floor = found[0][0] - _PRUNE
    return tuple(ch for score, ch in found[:_KEEP] if score >= floor)


def _code_points(options: Sequence[Sequence[int]]) -> set[int] | None:
    """The code points of the valid UTF-8 sequences with byte k one of `options[k]` (the
    rules of a strict decoder: no overlong form, no surrogate, nothing past U+10FFFF);
    None when a fixed byte breaks the form."""
    length = len(options)
    if any(not 0x80 <= b < 0xC0 for opts in options[1:] for b in opts):
        return None
    points: set[int] = set()
    low = 0x80 if length == 2 else 0x800 if length == 3 else 0x10000
    for lead in options[0]:
        base = {(lead & (0x7F >> length)) << (6 * (length - 1))}
        for k in range(1, length):
            shift = 6 * (length - 1 - k)
            base = {b | ((c & 0x3F) << shift) for b in base for c in options[k]}
        points.update(base)
    return {cp for cp in points if low <= cp <= 0x10FFFF and not 0xD800 <= cp < 0xE000}


@lru_cache(maxsize=1)
def _high_points() -> frozenset[int]:
    """Code points whose own score (`_own_score`) is 100 or more: common Han characters,
    common CJK punctuation and marks."""
    chars = set(common_han()) | set(COMMON_PUNCT) | _CJK_MARKS
    return frozenset(map(ord, chars))


@lru_cache(maxsize=65536)
def _own_score(ch: str) -> float:
    """A character's plausibility before its neighbours are considered."""
    score = char_score(ch)
    return max(score, 100.5) if ch in _CJK_MARKS else score


# At the end of a text a sentence ends; inside it a comma is likelier than a full stop.
_ENDING = frozenset("。！？”」』）…")
_DOUBLED = frozenset("…—")
_STOPS = frozenset("。！？…")
_INSIDE = frozenset("，、：；“「『（")


_FOREIGN = 30.0
_AFTER_NUMBER = frozenset("个年月日时分秒岁元万亿千百次名人家位件条项天号期届米倍辆台座所只种")
_BEFORE_NUMBER = frozenset("第约近超达共前后至从到于")
_NUMBER_BONUS = 10.0
# Words a measure word follows as it follows a number: numerals and demonstratives.
_COUNTERS = frozenset("一二三四五六七八九十两几这那每某哪")
# Each bit of the word model's cost is worth this much score.
_BIT = 1.5
# The cost in bits of a mark between Han characters: about its share of news text (a
# comma in every twenty characters, a full stop in every thirty-five ...).
_MARK_COST = {"，": 4.3, "。": 5.1, "、": 6.6, "“": 7.2, "”": 7.2, "：": 8.0}
_MARK_COST.update({"；": 9.0, "！": 9.0, "？": 9.0})
_OTHER_COST = 12.0
_PASSES = 2
# Context on each side that the word model reads: words are four characters at most.
_CONTEXT = 3
_LONGEST = 4


# Neighbouring characters decide between options the word model finds about equally good
# (工作中的 / 工作一的, 是个 / 是中: 中, 一 and 个 are all words of their own): among the
# options within `_TIE` of the best, each gains `_PAIR_WEIGHT` times the pointwise mutual
# information (in bits, at most `_PAIR_CAP` either way) of it and each neighbour, counted
# in news text (`_pairs.txt`).
_TIE = 4.0
_PAIR_WEIGHT = 0.5 * _BIT
_PAIR_CAP = 3.0
# Pseudo-count of a pair's smoothing towards the second character's own share: a pair
# seen once or twice after a rare character says little.
_PAIR_PRIOR = 20.0


@lru_cache(maxsize=1)
def _pair_model() -> tuple[float, dict[str, int], dict[str, str]]:
    """`_pairs.txt` (generated at build time by `build_tables pairs`) as `parse_pairs`
    reads it: loaded on demand, only when lost bytes are guessed."""
    import os

    path = os.path.join(os.path.dirname(__file__), "_pairs.txt")
    with open(path, encoding="utf-8") as f:
        return parse_pairs(f.read())


def parse_pairs(text: str) -> tuple[float, dict[str, int], dict[str, str]]:
    """(characters counted, count per character, the rest of each character's line) of a
    pair table (`build_tables.write_pairs`); a line's pairs are looked up in it as it is
    (`pair_count`)."""
    counts: dict[str, int] = {}
    rows: dict[str, str] = {}
    total, *lines = text.splitlines()
    for line in lines:
        bar = line.index("|")
        counts[line[0]] = int(line[1:bar])
        rows[line[0]] = line[bar + 1 :]
    return float(total), counts, rows


_COUNT_RE = lazy_compile(r"\d+")


def pair_count(row: str, b: str) -> int:
    """How often `b` follows the character of a line of the pair table (`row`: the line
    after its `|`): no digit is a character of the table, so `b` is found by itself."""
    at = row.find(b)
    if at < 0:
        return 0
    found = _COUNT_RE.match(row, at + 1)
    return int(found.group()) if found else 0


@lru_cache(maxsize=65536)
def _pair_bits(a: str, b: str, back: bool = False) -> float:
    """How much likelier `b` is after `a` than on its own in the counted text, in bits
    (log2 of P(b | a) / P(b), smoothed, clipped to `_PAIR_CAP`); 0 when either is not
    counted (a Latin letter, a digit, a rare character). The estimate is smoothed by the
    count of `a`, or of `b` when `back` (log2 of P(a | b) / P(a), the same measure): on
    the side of the known character when options are compared, so that every option
    next to it is judged on as much evidence (smoothed by the option's own count, a pair
    never seen costs a common option 3 bits and a rare one nothing: 铲斯, not 铲断)."""
    total, counts, rows = _pair_model()
    ca, cb = counts.get(a), counts.get(b)
    if not ca or not cb:
        return 0.0
    if back:
        share = ca / total
        given = (pair_count(rows[a], b) + _PAIR_PRIOR * share) / (cb + _PAIR_PRIOR)
    else:
        share = cb / total
        given = (pair_count(rows[a], b) + _PAIR_PRIOR * share) / (ca + _PAIR_PRIOR)
    return max(-_PAIR_CAP, min(_PAIR_CAP, math.log2(given / share)))


def _pairs_bits(text: str, known_end: bool = False) -> float:
    """`_pair_bits` summed over the neighbours in `text`; when `known_end`, its last
    character is known context (not an option), and the last pair is smoothed on it."""
    n = len(text)
    if n == 3:  # an option between its two neighbours, the usual case: no generator
        last = _pair_bits(text[1], text[2], True) if known_end else _pair_bits(text[1], text[2])
        return _pair_bits(text[0], text[1]) + last
    if n == 2:
        return _pair_bits(text[0], text[1], True) if known_end else _pair_bits(text[0], text[1])
    if not known_end or n < 2:
        return sum(_pair_bits(a, b) for a, b in pairwise(text))
    return sum(_pair_bits(a, b) for a, b in pairwise(text[:-1])) + _pair_bits(
        text[-2], text[-1], True
    )


def _tie_break(scores: list[float], texts: Sequence[str], known_end: bool) -> list[float]:
    """`scores` with each option within `_TIE` of the best given what its text (the option
    with its neighbours; `known_end`: the last character is a known neighbour) says in
    `_pairs_bits`; the others lowered by the most an option can lose that way, so none of
    them overtakes an option that was ahead of it."""
    if len(scores) < 2:
        return scores
    floor = max(scores) - _TIE
    lowest = _PAIR_CAP * _PAIR_WEIGHT * max(len(t) - 1 for t in texts)
    return [
        score + _PAIR_WEIGHT * _pairs_bits(text, known_end) if score >= floor else score - lowest
        for score, text in zip(scores, texts, strict=True)
    ]


def _clear_winner(scores: Sequence[float]) -> int | None:
    """The place of the only score within `_TIE` of the best, or None when two or more
    are: `_tie_break` moves that one by at most what it lowers every other by, so it
    stays ahead of them all and its pairs need no look-up."""
    if not scores:
        return None
    floor = max(scores) - _TIE
    close = [k for k, score in enumerate(scores) if score >= floor]
    return close[0] if len(close) == 1 else None


_HAN_TAIL_RE = re.compile(f"[{HAN_CLASS}]*\\Z")
_HAN_HEAD_RE = re.compile(f"[{HAN_CLASS}]*")


def _han_tail(text: str) -> str:
    """The Han characters at the end of `text`."""
    found = _HAN_TAIL_RE.search(text)
    return found.group() if found else ""


def _han_head(text: str) -> str:
    """The Han characters at the start of `text`."""
    found = _HAN_HEAD_RE.match(text)
    return found.group() if found else ""


def _prior(
    ch: str, previous: str, following: str, opened: str, foreign: re.Pattern[str] | None
) -> float:
    """What a character scores before the word model: common characters first, then what
    its place adds (`_placement`)."""
    own = _own_score(ch)
    counted = previous.isdigit() or previous in _COUNTERS
    return (100.0 if own >= 100.0 else own) + _placement(
        ch, counted, following.isdigit(), not following, opened, foreign, previous
    )


def _placement(
    ch: str,
    counted: bool,
    counting: bool,
    last: bool,
    opened: str,
    foreign: re.Pattern[str] | None,
    previous: str = "",
) -> float:
    """What a character's place adds to its score: a measure word after a number (`counted`:
    the character before is a digit or a counter) or a number's prefix before one
    (`counting`), punctuation that fits (a sentence end at the end of the text, `last`; the
    closing mark of a bracket or quote left open, the more so at the end, and not one of
    a kind the text closed already with none open (`opened`, see `_open`); the second half
    of a Chinese ellipsis or dash after the first, `previous`), less a character of the
    other script."""
    score = 0.0
    if (counted and ch in _AFTER_NUMBER) or (counting and ch in _BEFORE_NUMBER):
        score += _NUMBER_BONUS  # 20个, 5月, 3岁: a count takes a measure word
    if foreign is not None and foreign.match(ch):
        score -= _FOREIGN  # a Traditional character amid Simplified text, or the reverse
    if last and not (ch in _STOPS and previous in _STOPS):
        # (A sentence ends once: 。… is no ending, 。” is.)
        score += 5.0 if ch in _ENDING else -5.0 if ch in _INSIDE else 0.0
    if ch in _CLOSERS:
        score += (20.0 if last else 5.0) if _CLOSERS[ch] == opened else -5.0
        if ch == opened:
            score -= 10.0  # closing again what was closed, with nothing open
    elif ch in _OPENERS and opened:
        score -= 5.0 if _OPENERS[ch] == opened else 0.0
    if ch == previous and ch in _DOUBLED:
        score += _NUMBER_BONUS  # …… and ——: Chinese writes both marks two wide
    return score


def _rank(
    options: Sequence[str],
    left: str,
    right: str,
    opened: str,
    foreign: re.Pattern[str] | None,
) -> list[tuple[float, str]]:
    """The options for one character between its neighbours (`left` and `right`, a few
    characters each), best first: `_prior`, less the cost of the cheapest split of the Han
    text around the character into words of a word unigram model (see
    `plausibility.word_rows`). Equal scores keep the better `_prior` first, then the
    order of `options`."""
    scored = _scores(options, left, right, opened, foreign)
    scored.sort(key=_order, reverse=True)
    return [(score, ch) for score, _, _, ch in scored]


def _best(
    options: Sequence[str],
    left: str,
    right: str,
    opened: str,
    foreign: re.Pattern[str] | None,
) -> str:
    """The first option `_rank` gives, without ordering the others: only the options
    within `_TIE` of the best are looked up in the pair table (`_tie_break` lowers the
    others below every one of them)."""
    scored = _word_scores(options, left, right, opened, foreign)
    if len(scored) < 2:
        return scored[0][3]
    floor = max(scored)[0] - _TIE
    close = [item for item in scored if item[0] >= floor]
    if len(close) == 1:
        return close[0][3]  # the pairs cannot overtake it (`_clear_winner`)
    ends = left[-1:], right[:1]
    known = bool(ends[1])
    best = max(
        (score + _PAIR_WEIGHT * _pairs_bits(ch.join(ends), known), prior, -index, ch)
        for score, prior, index, ch in scored
        if score >= floor
    )
    return best[3]


def _top(
    options: Sequence[str],
    left: str,
    right: str,
    opened: str,
    foreign: re.Pattern[str] | None,
    keep: int,
) -> list[str]:
    """The first `keep` options `_rank` gives: the pair table is looked up only for the
    options within `_TIE` of the best, and only the first few are put in order."""
    from heapq import nlargest

    scored = _word_scores(options, left, right, opened, foreign)
    if len(scored) > 1:
        floor = max(scored)[0] - _TIE
        ends = left[-1:], right[:1]
        known = bool(ends[1])
        lowest = _PAIR_CAP * _PAIR_WEIGHT * (len(ends[0]) + len(ends[1]))
        close = [item for item in scored if item[0] >= floor]
        if len(close) == 1:
            # It comes first whatever its pairs say (`_clear_winner`); the others in order.
            rest = [
                (score - lowest, prior, index, ch)
                for score, prior, index, ch in scored
                if score < floor
            ]
            return [close[0][3]] + [item[3] for item in nlargest(keep - 1, rest, key=_order)]
        scored = [
            (score + _PAIR_WEIGHT * _pairs_bits(ch.join(ends), known), prior, index, ch)
            if score >= floor
            else (score - lowest, prior, index, ch)
            for score, prior, index, ch in scored
        ]
    return [item[3] for item in nlargest(keep, scored, key=_order)]


def _order(item: tuple[float, float, int, str]) -> tuple[float, float, int]:
    """Best first: the score, then the score before the words, then the earlier option."""
    score, prior, index, _ = item
    return score, prior, -index


def _scores(
    options: Sequence[str],
    left: str,
    right: str,
    opened: str,
    foreign: re.Pattern[str] | None,
) -> list[tuple[float, float, int, str]]:
    """Per option of `_rank`: (its score, its score before the words that cover it and
    its neighbours, its place in `options`, the option); options about as good as the
    best are told apart by their neighbours (`_tie_break`)."""
    scored = _word_scores(options, left, right, opened, foreign)
    previous, following = left[-1:], right[:1]
    texts = [previous + ch + following for _, _, _, ch in scored]
    broken = _tie_break([score for score, _, _, _ in scored], texts, bool(following))
    return [
        (score, prior, index, ch)
        for score, (_, prior, index, ch) in zip(broken, scored, strict=True)
    ]


def _word_scores(
    options: Sequence[str],
    left: str,
    right: str,
    opened: str,
    foreign: re.Pattern[str] | None,
) -> list[tuple[float, float, int, str]]:
    """`_scores` before the tie-break: the words and the character's place only."""
    previous, following = left[-1:], right[:1]
    before, after = _han_tail(left), _han_head(right)
    alone, apart, windows = _windows(before, after)
    # `_prior` and the word model's cost of each option on its own: what depends on the
    # context only is worked out once.
    counted = previous.isdigit() or previous in _COUNTERS
    counting, last = following.isdigit(), not following
    scored = []
    statics = _statics(tuple(options), foreign)
    for index, (ch, tier, single, special) in enumerate(statics):
        if special:
            score = tier + _placement(ch, counted, counting, last, opened, foreign, previous)
        else:
            score = tier  # `_placement` of a character in no mark or word list: the script
        cost = (alone if single >= 0 else apart) + abs(single)
        prior = score - _BIT * cost
        scored.append((prior, prior, index, ch))
    if not windows:
        return scored
    # A split of before + ch + after has exactly one word over ch: ch alone, or one of
    # the words the context allows, and only those whose neighbours next to ch are pairs
    # inside a word are worth looking up.
    rows = word_rows()
    pairs = word_pairs()
    after_ch = pairs.get(before[-1], "") if before else ""
    first_after = after[:1]
    for k, (score, prior, index, ch) in enumerate(scored):
        if statics[k][2] < 0:
            continue  # not a Han character: no word covers it
        joins_left = ch in after_ch
        joins_right = bool(first_after) and first_after in pairs.get(ch, "")
        if joins_left or joins_right:
            single = alone + _single_cost(ch, rows)
            cost = _best_word_cost(ch, single, windows, joins_left, joins_right, rows)
            scored[k] = (score + _BIT * (single - cost), prior, index, ch)
    return scored


@lru_cache(maxsize=16384)
def _statics(
    options: tuple[str, ...], foreign: re.Pattern[str] | None
) -> tuple[tuple[str, float, float, bool], ...]:
    """Per option, what `_rank` needs that does not depend on the neighbours: the option,
    its tier in `_prior` (100 for common characters and marks, else its own score; less
    `_FOREIGN` for a character of the `foreign` script that is in no list of
    `_placement`), its cost on its own (a Han character as a word of its own, never
    negative; a mark or other character negative, its `_MARK_COST`), and whether its place
    can add to its score beyond the script (`_placement`: a measure word, a mark)."""
    rows = word_rows()
    out = []
    for ch in options:
        own = _own_score(ch)
        tier = 100.0 if own >= 100.0 else own
        special = ch in _PLACED
        if not special and foreign is not None and foreign.match(ch):
            tier = tier - _FOREIGN
        if _is_han(ch):
            out.append((ch, tier, _single_cost(ch, rows), special))
        else:
            out.append((ch, tier, -_MARK_COST.get(ch, _OTHER_COST), special))
    return tuple(out)


@lru_cache(maxsize=4096)
def _windows(before: str, after: str) -> tuple[float, float, tuple[tuple[str, str, float], ...]]:
    """What the word model's cost of before + ch + after needs besides ch: the cost of the
    context around ch alone, the cost of the context on its own (ch a mark), and for each
    word of two to four characters that could cover ch, the context characters before and
    after ch in it and the cost of the rest of the text. Each side is worked out once
    (`_before_side`, `_after_side`: the same sides recur with many others)."""
    head, prefixes = _before_side(before)
    tail, suffixes = _after_side(after)
    windows = tuple(
        (prefix, suffix, cost + rest)
        for prefix, cost in prefixes
        for suffix, rest in suffixes
        if 0 < len(prefix) + len(suffix) < _LONGEST
    )
    return head + tail, head + tail, windows


@lru_cache(maxsize=4096)
def _before_side(before: str) -> tuple[float, tuple[tuple[str, float], ...]]:
    """The word model's cost of `before` (Han text before a character), and each end of
    it a word over the character can start with (up to three characters, every two
    neighbours a pair inside a word), longest first, with the cost of the text before it."""
    head = segment_costs(before, word_rows())
    p = len(before)
    pairs = word_pairs()
    # Whether every two neighbours of before[i:] are a pair inside a word: once two are
    # not, no longer stretch over them is either.
    joined = [True] * (p + 1)
    for i in range(p - 2, -1, -1):
        joined[i] = joined[i + 1] and before[i + 1] in pairs.get(before[i], "")
    return head[p], tuple(
        (before[i:], head[i]) for i in range(max(0, p - _LONGEST + 1), p + 1) if joined[i]
    )


@lru_cache(maxsize=4096)
def _after_side(after: str) -> tuple[float, tuple[tuple[str, float], ...]]:
    """`_before_side` for the Han text after a character: its cost, and each start of it
    a word over the character can end with, shortest first, with the cost of the rest."""
    tail = suffix_costs(after, word_rows())
    pairs = word_pairs()
    joined = [True] * (len(after) + 1)
    for m in range(2, len(after) + 1):
        joined[m] = joined[m - 1] and after[m - 1] in pairs.get(after[m - 2], "")
    return tail[0], tuple(
        (after[:m], tail[m]) for m in range(min(len(after), _LONGEST - 1) + 1) if joined[m]
    )


_SINGLE: dict[str, float] = {}


def _single_cost(ch: str, rows: dict[str, str]) -> float:
    """The word model's cost of a character as a word of its own (memoised)."""
    cost = _SINGLE.get(ch)
    if cost is None:
        known = word_cost(ch, rows)
        cost = _SINGLE[ch] = UNKNOWN_COST if known is None else known
    return cost


def _cost_around(before: str, w: str, after: str) -> float:
    """`_text_cost` of before + w + after (`before` and `after` Han text) from what the
    context alone gives (`_windows`, shared by every option between the same neighbours):
    only the words over w's first character are looked up. The same value: each split of
    the text has one word over that character, and costs are sums of eighths of a bit,
    exact in any order."""
    ch, rest = w[:1], w[1:]
    if not ch or (rest and not all(map(_is_han, rest))):
        return _text_cost(before + w + after)
    after = rest + after
    alone, apart, windows = _windows(before, after)
    if not _is_han(ch):
        return apart + _MARK_COST.get(ch, _OTHER_COST)
    rows = word_rows()
    pairs = word_pairs()
    cost = single = alone + _single_cost(ch, rows)
    joins_left = bool(before) and ch in pairs.get(before[-1], "")
    joins_right = bool(after) and after[0] in pairs.get(ch, "")
    if joins_left or joins_right:
        cost = _best_word_cost(ch, single, windows, joins_left, joins_right, rows)
    return cost if cost < single else single


def _best_word_cost(
    ch: str,
    cost: float,
    windows: Sequence[tuple[str, str, float]],
    joins_left: bool,
    joins_right: bool,
    rows: dict[str, str],
) -> float:
    """The cheapest of `cost` and each window's word over ch plus the rest of its text (only
    windows whose sides ch joins: a prefix needs joins_left, a suffix joins_right)."""
    costs = WORD_COST_MEMO
    for prefix, suffix, rest in windows:
        if (prefix and not joins_left) or (suffix and not joins_right):
            continue
        word = prefix + ch + suffix
        known = costs[word] if word in costs else word_cost(word, rows)
        if known is not None and known + rest < cost:
            cost = known + rest
    return cost


def _combo_cost(before: str, combo: Sequence[str], after: str) -> float:
    """`_text_cost` of before + the combination + after (`before` and `after` Han text):
    the combinations that share all but their last option share the cost of what comes
    before it (`_cost_around`)."""
    head = before + "".join(combo[:-1])
    if _han_tail(head) != head:
        return _text_cost(head + combo[-1] + after)
    return _cost_around(head, combo[-1], after)


@lru_cache(maxsize=16384)
def _text_cost(text: str) -> float:
    """The word model's cost of a text: its Han runs split into words, its marks by their
    share of news text."""
    rows = word_rows()
    cost = 0.0
    run = ""
    for ch in text:
        if _is_han(ch):
            run += ch
            continue
        cost += run_cost(run, rows) + _MARK_COST.get(ch, _OTHER_COST)
        run = ""
    return cost + run_cost(run, rows)


# Characters guessed side by side are chosen together from this many options each.
_JOINT = (0, 0, 4, 3)


def _choose_run(
    run: Sequence[tuple[str, ...]],
    left: str,
    right: str,
    opened: str,
    foreign: re.Pattern[str] | None,
) -> tuple[str, ...]:
    """The characters of a run of neighbouring guesses (one to three), chosen together:
    the best few options of each on its own, then the combination that reads best."""
    if len(run) == 1:
        return (_best(run[0], left, right, opened, foreign),)
    from itertools import product

    shortlists = []
    for r, options in enumerate(run):
        shortlists.append(
            _top(
                options,
                left if r == 0 else "",
                right if r == len(run) - 1 else "",
                opened,
                foreign,
                _JOINT[len(run)],
            )
        )
    before, after = _han_tail(left), _han_head(right)
    best: tuple[str, ...] = tuple(s[0] for s in shortlists)
    best_score = -1e18
    combos: list[tuple[str, ...]] = list(product(*shortlists))
    if len(run) == 2:
        # And every two options that make a pair inside a word (纪检 is a word of two
        # characters neither of which is among the likeliest on its own).
        seconds = frozenset(run[1])
        for a in run[0]:
            combos.extend((a, b) for b in sorted(seconds & _followers(a)))
    unique = list(dict.fromkeys(combos))
    scores = []
    for combo in unique:
        score = -_BIT * _combo_cost(before, combo, after)
        for r, ch in enumerate(combo):
            previous = combo[r - 1] if r else left[-1:]
            following = combo[r + 1] if r + 1 < len(combo) else right[:1]
            score += _prior(ch, previous, following, opened, foreign)
        scores.append(score)
    clear = _clear_winner(scores)
    if clear is not None:
        return unique[clear]
    texts = [left[-1:] + "".join(combo) + right[:1] for combo in unique]
    for combo, score in zip(unique, _tie_break(scores, texts, bool(right[:1])), strict=True):
        if score > best_score:
            best, best_score = combo, score
    return best


# Guesses with at most this many known Han characters between them are chosen together:
# the word model reads three characters each side, so apart they judge each other by a
# first guess only (袁 and 平 of 袁隆平 lost: 要隆年 reads well enough around either).
_BRIDGE = 2


def _choose_bridged(
    items: Sequence[tuple[str, ...] | str],
    left: str,
    right: str,
    opened: str,
    foreign: re.Pattern[str] | None,
) -> tuple[str, ...]:
    """`_choose_run` for two guesses with known Han characters between them (`items`:
    each guess's options, each known stretch as a string; a guess of one option is known
    too): the best few options of each guess beside its known neighbours, and every
    option of the two that makes a word with the known characters between them (a pair
    inside a word on each side), then the combination that reads best. One character or
    string per item."""
    from itertools import product

    run = [it[0] if not isinstance(it, str) and len(it) == 1 else it for it in items]
    guesses = [r for r, entry in enumerate(run) if not isinstance(entry, str)]
    keep = _JOINT[3]
    shortlists: list[list[str]] = []
    for r, entry in enumerate(run):
        if isinstance(entry, str):
            shortlists.append([entry])
            continue
        # The known characters next to the guess, up to the next guess or the context.
        g = guesses.index(r)
        lo = guesses[g - 1] + 1 if g else 0
        hi = guesses[g + 1] if g + 1 < len(guesses) else len(run)
        before_r = ("" if g else left) + "".join(map(str, run[lo:r]))
        after_r = "".join(map(str, run[r + 1 : hi])) + ("" if g + 1 < len(guesses) else right)
        shortlists.append(
            _top(entry, before_r[-_CONTEXT:], after_r[:_CONTEXT], opened, foreign, keep)
        )
    combos: list[tuple[str, ...]] = list(product(*shortlists))
    if len(guesses) == 2:
        # A word over both guesses and the known characters between them (袁隆平).
        g0, g1 = guesses
        middle = "".join(map(str, run[g0 + 1 : g1]))
        firsts = [a for a in run[g0] if middle[0] in _followers(a)]
        lasts = [b for b in run[g1] if b in _followers(middle[-1])]
        if len(firsts) * len(lasts) <= 4 * _KEEP:
            base = [sl[0] for sl in shortlists]
            for a in firsts:
                for b in lasts:
                    base[g0], base[g1] = a, b
                    combos.append(tuple(base))
    unique = list(dict.fromkeys(combos))
    before, after = _han_tail(left), _han_head(right)
    scores = []
    for combo in unique:
        score = -_BIT * _combo_cost(before, combo, after)
        for r in guesses:
            previous = combo[r - 1][-1:] if r else left[-1:]
            following = combo[r + 1][:1] if r + 1 < len(combo) else right[:1]
            score += _prior(combo[r], previous, following, opened, foreign)
        scores.append(score)
    clear = _clear_winner(scores)
    if clear is not None:
        return unique[clear]
    texts = [left[-1:] + "".join(combo) + right[:1] for combo in unique]
    best: tuple[str, ...] = unique[0]
    best_score = -1e18
    for combo, score in zip(unique, _tie_break(scores, texts, bool(right[:1])), strict=True):
        if score > best_score:
            best, best_score = combo, score
    return best


@lru_cache(maxsize=8192)
def _followers(ch: str) -> frozenset[str]:
    """`word_pairs` of a character as a set (up to 700 characters for the commonest)."""
    return frozenset(word_pairs().get(ch, ""))


@lru_cache(maxsize=65536)
def _is_han(ch: str) -> bool:
    return HAN_RE.match(ch) is not None


_MARKS_RE = lazy_compile("[“”‘’【】《》「」『』（）〈〉]")
_MARK_SET = frozenset("“”‘’【】《》「」『』（）〈〉")
# Marks of Chinese text beside the common punctuation (‘’ nest inside “”).
_CJK_MARKS = frozenset("…—‘’【】《》「」『』（）·〈〉")
_PAIRS = ("“”", "‘’", "【】", "《》", "「」", "『』", "（）", "〈〉")
_PAIRS_CHARS = "".join(_PAIRS)
_OPENERS = {p[0]: p[0] for p in _PAIRS}
_CLOSERS = {p[1]: p[0] for p in _PAIRS}
# Characters whose place can add to their score (`_placement`) beyond the script.
_PLACED = _AFTER_NUMBER | _BEFORE_NUMBER | _ENDING | _INSIDE | _DOUBLED | set(_PAIRS_CHARS)


def _foreign_script(text: str) -> re.Pattern[str] | None:
    """The characters of the script the text around the holes does not use: Traditional
    characters in Simplified text and the reverse; None when the text does not tell."""
    from jzcli.repair.origin import simplified_re, traditional_re

    trad = len(traditional_re().findall(text))
    simple = len(simplified_re().findall(text))
    if simple >= 3 * trad + 2:
        return traditional_re()
    if trad >= 3 * simple + 2:
        return simplified_re()
    return None


def _sequence_start(data: bytes, lo: int, hole: int) -> int:
    """Where the UTF-8 sequence that the byte at `hole` belongs to starts, if a lead byte at
    most three bytes before it (and not before `lo`) reaches it; else `hole` itself."""
    j = hole - 1
    while j >= lo and hole - j <= 3 and 0x80 <= data[j] < 0xC0:
        j -= 1
    if j >= lo and hole - j <= 3 and _utf8_length(data[j]) > hole - j:
        return j
    return hole


def fill_utf8(
    data: bytes, holes: Sequence[int], candidates: Sequence[int], refuser: str | None
) -> str | None:
    """Decode UTF-8 `data` whose bytes at `holes` were lost, each hole filled with the
    character that reads best between its neighbours (two passes: left to right, then
    again with both neighbours chosen). None when the bytes cannot be UTF-8. A character
    whose holes cannot be filled stays U+FFFD. No limit on the number of holes: the work
    grows with the length of the text."""
    hole_set = set(holes)
    allowed: dict[int, tuple[int, ...]] = {}
    for i in holes:
        after = b"" if i + 1 in hole_set else data[i + 1 : i + 2]
        allowed[i] = _lost_byte_options(refuser, tuple(candidates), after)
    items: list[str | tuple[str, ...]] = []
    n = len(data)
    i = 0
    plain_from = 0
    ordered = sorted(hole_set)
    checked = -1  # the stretch up to this hole was tried as a whole already
    while i < n:
        if i not in hole_set and i > checked:
            # Bytes that are valid UTF-8 up to the next hole are split there by the
            # character-by-character walk below too: skip them in one step.
            nxt = bisect_left(ordered, i)
            checked = ordered[nxt] if nxt < len(ordered) else n
            if _strict(data[i:checked]) is not None:
                i = checked
                continue
            # Else up to the start of the character the hole belongs to.
            start = _sequence_start(data, i, checked)
            if start > i and _strict(data[i:start]) is not None:
                i = start
                continue
        if i not in hole_set and data[i] < 0x80:
            i += 1
            continue
        if i in hole_set:
            length = 1
            while (
                i + length < n
                and length < 4
                and (i + length in hole_set or 0x80 <= data[i + length] < 0xC0)
            ):
                length += 1
            if length == 1:
                return None
        else:
            length = _utf8_length(data[i])
            if not length:
                return None
        end = i + length
        inside = [k for k in range(i, min(end, n)) if k in hole_set]
        if not inside:
            i = end
            continue
        if end > n:
            return None
        if plain_from < i:
            try:
                items.append(data[plain_from:i].decode("utf-8"))
            except UnicodeDecodeError:
                return None
        runs = _hole_runs(data, i, length, inside, hole_set) if refuser is not None else ()
        choices = _utf8_choices(data, i, length, allowed, runs, refuser)
        items.append(choices if choices else "\ufffd")
        i = plain_from = end
    if plain_from < n:
        try:
            items.append(data[plain_from:].decode("utf-8"))
        except UnicodeDecodeError:
            return None
    chosen: list[str] = [it if isinstance(it, str) else "" for it in items]
    foreign = _foreign_script("".join(chosen))
    # Until chosen, a guess reads as its likeliest option on its own.
    chosen = [it if isinstance(it, str) else it[0] for it in items]
    # The second pass mostly asks the first one's questions again.
    memo: dict[tuple[int, str, str, str], tuple[str, ...]] = {}
    # The marks of the decoded stretches, found once for both passes.
    plain_marks = [_MARKS_RE.findall(it) if isinstance(it, str) else None for it in items]
    for _ in range(_PASSES):
        stack: list[str] = []  # brackets and quotes opened and not yet closed
        k = 0
        while k < len(items):
            marks = plain_marks[k]
            if marks is not None:
                k += 1
            else:
                # A run of guesses side by side (three at most) is chosen together.
                end = k + 1
                while end < len(items) and end - k < 3 and plain_marks[end] is None:
                    end += 1
                bridged = False
                multi = sum(len(items[j]) > 1 for j in range(k, end))
                if multi == 1 and end + 1 < len(items) and plain_marks[end + 1] is None:
                    # One guess, a few known Han characters, another guess: chosen together.
                    between = items[end]
                    if (
                        isinstance(between, str)
                        and len(between) <= _BRIDGE
                        and all(map(_is_han, between))
                    ):
                        bridged = True
                        end += 2
                run = [it for it in items[k:end] if not isinstance(it, str)]
                opened = _open(stack)
                if all(len(options) == 1 for options in run):
                    picks = tuple(it if isinstance(it, str) else it[0] for it in items[k:end])
                elif bridged:
                    left = "".join(chosen[max(0, k - _CONTEXT) : k])[-_CONTEXT:]
                    right = "".join(chosen[end : end + _CONTEXT])[:_CONTEXT]
                    key = (k, left, right, opened)
                    found = memo.get(key)
                    if found is None:
                        found = memo[key] = _choose_bridged(
                            items[k:end], left, right, opened, foreign
                        )
                    picks = found
                else:
                    left = "".join(chosen[max(0, k - _CONTEXT) : k])[-_CONTEXT:]
                    right = "".join(chosen[end : end + _CONTEXT])[:_CONTEXT]
                    # The options at k are the same in both passes: k stands for them.
                    key = (k, left, right, opened)
                    found = memo.get(key)
                    if found is None:
                        found = memo[key] = _choose_run(run, left, right, opened, foreign)
                    picks = found
                chosen[k:end] = picks
                marks = [ch for ch in picks if ch in _MARK_SET]
                k = end
            for ch in marks:
                _track(stack, ch)
    _question_or_exclamation(items, chosen)
    return "".join(chosen)


# Words a Chinese question is asked with (a question without one is rare: 他来了？).
_QUESTION_RE = lazy_compile("[吗呢谁哪]|什么|怎|(?<!任)何|多少|是否|难道|可否|能否|(.)不\\1")
_SENTENCE_END_RE = lazy_compile("[。！？!?]")


def _question_or_exclamation(items: Sequence[str | tuple[str, ...]], chosen: list[str]) -> None:
    """Where a guess could be either ？ or ！ (the full-width marks differ in their last
    byte only), a question mark after a sentence with a question word, else an
    exclamation mark."""
    if not any(not isinstance(item, str) and "？" in item and "！" in item for item in items):
        return  # no such guess: nothing to decide
    sentence: list[str] = []  # what was chosen since the last end of a sentence
    for k, item in enumerate(items):
        if not isinstance(item, str) and chosen[k] in "？！" and {"？", "！"} <= set(item):
            chosen[k] = "？" if _QUESTION_RE.search("".join(sentence)) else "！"
        piece = chosen[k]
        ends = [m.end() for m in _SENTENCE_END_RE.finditer(piece)]
        if ends:
            sentence = [piece[ends[-1] :]]
        else:
            sentence.append(piece)


def _track(stack: list[str], ch: str) -> None:
    """Update the brackets and quotes left open with the mark `ch`. When none is open,
    the stack keeps the last closing mark that closed one, as its only entry (`_open`)."""
    if ch in _OPENERS:
        if stack and stack[-1] in _CLOSERS:
            stack.pop()
        stack.append(ch)
    elif stack and stack[-1] == _CLOSERS[ch]:
        stack.pop()
        if not stack:
            stack.append(ch)


def _open(stack: list[str]) -> str:
    """What `_placement` is told of the marks before a guess: the bracket or quote left
    open, else the closing mark of the last pair closed (a text that has closed a pair of
    quotes writes them in pairs: a closing one with none open is unlikely), else ""."""
    return stack[-1] if stack else ""


def _strict(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


# A space where a UTF-8 sequence needs a continuation byte: an NBSP (byte A0) that an HTML
# pipeline collapsed to a plain space (`à` is C3 A0, read as "Ã\xa0", then "Ã ").
_COLLAPSED_A0_RE = lazy_compile_bytes(
    rb"(?<=[\xc2-\xdf]) |(?<=[\xe0-\xef]) (?=[\x80-\xbf ])|(?<=[\xe0-\xef][\x80-\xbf]) "
)


def _strict_nbsp(data: bytes) -> str | None:
    """`data` as strict UTF-8 once every collapsed A0 byte is put back; None when it is
    not UTF-8 that way either."""
    restored = _COLLAPSED_A0_RE.sub(b"\xa0", data)
    return None if restored == data else _strict(restored)


def _plausible_han(candidate: str, original: str) -> bool:
    """A re-decoding producing Han text is accepted only when it reads like real text."""
    han, rare = han_stats(candidate)
    if han < 2:
        return False
    share = (han - rare) / han
    if share < _MIN_SHARE:
        return False
    # Unrecovered U+FFFD may spread over a character's bytes; other odd characters count.
    lost = candidate.count("\ufffd")
    return lost <= 3 * original.count("\ufffd") and odd_count(candidate) - lost <= odd_count(
        original
    ) - original.count("\ufffd")


def _score(text: str) -> float:
    return common_share(text) - 0.1 * odd_count(text)


def _c1_as_bytes(error: UnicodeError) -> tuple[bytes, int]:
    """Codec error handler: characters U+0000-U+00FF cp1252 cannot encode become their byte."""
    if isinstance(error, UnicodeEncodeError):
        part = error.object[error.start : error.end]
        if max(part) <= "\xff":
            return part.encode("latin-1"), error.end
    raise error


_C1_AS_BYTES = "jzcli-c1-as-bytes"
codecs.register_error(_C1_AS_BYTES, _c1_as_bytes)


def _web_latin1_bytes(text: str) -> bytes:
    """The bytes a latin-1 / windows-1252 reading came from (plain codecs first: faster)."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    # Both C1 controls and cp1252-only characters: cp1252, the C1 controls as their byte
    # (what mapping the cp1252 characters onto latin-1 and encoding as latin-1 gives).
    return text.encode("cp1252", errors=_C1_AS_BYTES)


def fix_single_byte_mojibake(text: str) -> tuple[str, str | None]:
    """Undo UTF-8 or GBK bytes that were decoded as latin-1/cp1252 (whole text)."""
    if _NOT_WEB_LATIN1_RE.search(text):
        return text, None
    high = len(text) - len(text.encode("ascii", "ignore"))
    if high < 2:
        return text, None
    holes = [m.start() for m in _REPLACEMENT_RE.finditer(text)] if "\ufffd" in text else []
    data = _web_latin1_bytes(text.replace("\ufffd", "?"))
    if _UTF8_MOJIBAKE_RE.search(text):
        utf8 = fill_utf8(data, holes, _CP1252_HOLES, None) if holes else _strict(data)
        if utf8 is None and not holes and b" " in data:
            utf8 = _strict_nbsp(data)
        # Strictly valid UTF-8 is strong evidence by itself; guessed bytes need Han sense.
        if (
            utf8 is not None
            and utf8 != text
            and "\ufffd" not in utf8
            and (not holes or not HAN_RE.search(utf8) or _plausible_han(utf8, text))
        ):
            return utf8, "mojibake-utf8-latin1"
    # GBK text is two bytes per character, nearly all of them high; Western text is not.
    if high * 3 >= len(text) and b"\x00" not in data:
        gbk = _decode_with_holes(data, holes, "gb18030", _CP1252_HOLES)
        if gbk is not None and _plausible_han(gbk, text):
            return gbk, "mojibake-gbk-latin1"
    return text, None


# Bytes a decoder may have dropped at a U+FFFD: a UTF-8 lead or continuation byte, or
# a GBK/Big5 lead byte.
_CONT_RANGE = range(0x80, 0xC0)
_LEAD_RANGE = range(0xC2, 0xF5)
_UTF8_CONT = tuple(_CONT_RANGE)
_UTF8_LEAD = tuple(_LEAD_RANGE)
_UTF8_LOST = _UTF8_CONT + _UTF8_LEAD
_DBCS_LOST = tuple(range(0x81, 0xFF))
_DOUBLE_BYTE = frozenset({"gbk", "cp950"})

# (name, codec the bytes were wrongly read with, codec they really were, bytes the wrong
# decoder may have dropped at a U+FFFD, the decoder that dropped them). Text read as GBK
# and as GB18030 encodes back the same way through GB18030, but only GBK refuses the
# bytes GB18030 maps to private use: the lost byte is one GBK (at least) refused.
_CJK_MISREADINGS: Sequence[tuple[str, str, str, Sequence[int], str]] = (
    ("mojibake-big5-gbk", "gb18030", "cp950", _DBCS_LOST, "gbk"),
    ("mojibake-gbk-big5", "cp950", "gbk", _DBCS_LOST, "cp950"),
    ("mojibake-utf8-gbk", "gb18030", "utf-8", _UTF8_LOST, "gbk"),
)


def _encode_around_holes(text: str, wrong: str) -> tuple[bytes, list[int]] | None:
    """Bytes behind a wrong decoding; each U+FFFD becomes a one-byte hole."""
    try:
        parts = [part.encode(wrong) for part in text.split("\ufffd")]
    except UnicodeEncodeError:
        return None
    holes: list[int] = []
    end = -1
    for part in parts[:-1]:
        end += len(part) + 1
        holes.append(end)
    return b"?".join(parts), holes


def _rough_decode(data: bytes, holes: list[int], codec: str) -> str:
    """Decode without guessing lost bytes: each stretch between holes on its own, minus
    its first byte (the other half of the lost character), so one hole costs one character.
    """
    if not holes:
        return data.decode(codec, errors="replace")
    if codec == "utf-8":
        # UTF-8 finds its feet again by itself after a bad byte.
        marked = bytearray(data)
        for i in holes:
            marked[i] = 0xFF
        return bytes(marked).decode(codec, errors="replace")
    parts = []
    start = 0
    lead = -2  # the last hole taken for a lost lead byte
    for hole in holes:
        if hole == lead + 1:
            # Right after a lost lead: its trail was lost too, and the next byte starts a
            # character of its own.
            start = hole + 1
            lead = -2
            continue
        parts.append(data[start:hole].decode(codec, errors="replace"))
        start = hole + 2  # the byte after a lost lead is its trail
        lead = hole
    parts.append(data[min(start, len(data)) :].decode(codec, errors="replace"))
    return "\ufffd".join(parts)


def fix_cjk_mojibake(text: str) -> tuple[str, str | None]:
    """Undo Big5 read as GBK, GBK read as Big5 and UTF-8 read as GBK, when plausible."""
    suspect = _CJK_SUSPECT_RE.search(text) is not None
    if not suspect and not has_rare_han(text):
        return text, None
    if "锟斤拷" in text:
        # U+FFFD U+FFFD encoded as UTF-8 and read as GBK: the bytes were lost before.
        return text, None
    han, rare = han_stats(text)
    if han < 2:
        return text, None
    if 2 * text.count("\ufffd") >= len(text) - text.count(" "):
        # Mostly U+FFFD (GBK read as UTF-8): the bytes are gone, and what is left between
        # them reads as anything.
        return text, None
    share = (han - rare) / han
    if share >= _MIN_SHARE and not suspect:
        return text, None
    # The text as it is, odd characters (private use, kana amid Han) counted against it.
    base = share - 0.1 * odd_count(text.replace("\ufffd", ""))
    # Rough readings (holes left unguessed) rank the misreadings; guessing the bytes lost
    # at U+FFFD is costly, so only the two best are completed and compared.
    ranked: list[tuple[float, int, str, bytes, list[int]]] = []
    behind: dict[str, tuple[bytes, list[int]] | None] = {}  # two misreadings share GB18030
    for k, (_, wrong, right, _, _) in enumerate(_CJK_MISREADINGS):
        if wrong not in behind:
            behind[wrong] = _encode_around_holes(text, wrong)
        encoded = behind[wrong]
        if encoded is None:
            continue
        data, holes = encoded
        rough = _rough_decode(data, holes, right)
        # Holes are U+FFFD in the rough reading; they are judged after guessing.
        score = common_share(rough) - 0.1 * odd_count(rough.replace("\ufffd", ""))
        if score >= base + 0.2:
            ranked.append((score, k, rough, data, holes))
    best: tuple[float, str, str] | None = None
    ranked.sort(reverse=True)
    for rough_score, k, rough, data, holes in ranked[:2]:
        if best is not None and rough_score < ranked[0][0] - 0.1:
            break  # the runner-up is clearly worse: not worth completing
        if best is not None and best[0] >= 1.0:
            break  # nothing scores higher than all common and nothing odd (`_score`)
        name, _, right, lost, refuser = _CJK_MISREADINGS[k]
        # Two-byte guesses are cached by their one-byte context, so they stay cheap.
        if len(holes) > (_MAX_GUESSED_DBCS if right in _DOUBLE_BYTE else _MAX_GUESSED):
            # Too many guesses to afford: keep the U+FFFD, recover the rest.
            candidate: str | None = rough
        else:
            if not holes:
                candidate = rough
            elif right == "utf-8":
                candidate = fill_utf8(data, holes, lost, refuser)
            else:
                candidate = _decode_with_holes(data, holes, right, lost, refuser)
        if candidate is None:
            # The lost bytes could not all be guessed: the rough reading, U+FFFD where
            # they were, still recovers the rest.
            candidate = rough
        if candidate == text or not _plausible_han(candidate, text):
            continue
        score = _score(candidate)
        if best is None or score > best[0]:
            best = (score, candidate, name)
    if best is None:
        return text, None
    return best[1], best[2]


_FTFY_CONFIG: Any = None
_BREAKS_RE = lazy_compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _line_breaks(text: str) -> list[str]:
    """The line breaks of a text, in order: a repair of a multi-paragraph text keeps them."""
    return _BREAKS_RE.findall(text)


def fix_latin_mojibake(text: str) -> tuple[str, str | None]:
    """UTF-8 read as cp1252/latin-1 inside otherwise normal text, via ftfy (CJK-safe settings)."""
    if not _UTF8_MOJIBAKE_RE.search(text):
        return text, None
    import ftfy  # loaded for text that looks like it (it takes ~0.1 s to import)

    global _FTFY_CONFIG
    if _FTFY_CONFIG is None:
        # Only the encoding fixers: the others flatten CJK punctuation, straighten quotes,
        # normalise compatibility ideographs or turn U+2028 into a newline.
        _FTFY_CONFIG = ftfy.TextFixerConfig(
            unescape_html=False,
            remove_terminal_escapes=False,
            fix_latin_ligatures=False,
            fix_character_width=False,
            uncurl_quotes=False,
            fix_line_breaks=False,
            remove_control_chars=False,
            normalization=None,
            explain=False,
        )
    fixed = str(ftfy.fix_text(text, _FTFY_CONFIG))
    if fixed == text or _line_breaks(fixed) != _line_breaks(text):
        return text, None
    if HAN_RE.search(fixed) and not _plausible_new_han(fixed, text):
        return text, None
    return fixed, "mojibake-utf8-cp1252"


def _plausible_new_han(fixed: str, text: str) -> bool:
    """`_plausible_han` on what a repair changed: Han text around the mojibake (a
    Traditional name, pinyin damage) is judged by later stages, not here."""
    han, rare = han_stats(fixed)
    old_han, old_rare = han_stats(text)
    if old_han == 0:
        return _plausible_han(fixed, text)
    new_han, new_rare = han - old_han, rare - old_rare
    if new_han <= 0:
        return odd_count(fixed) <= odd_count(text)
    return (new_han - new_rare) >= _MIN_SHARE * new_han and odd_count(fixed) <= odd_count(text)


def fix_mojibake(text: str, cjk: bool = True) -> tuple[str, str | None]:
    """Try the cheap-to-rule-out mojibake repairs in turn; the first that applies wins.
    `cjk=False` leaves out the misreadings between Chinese codecs (`fix_cjk_mojibake`)."""
    if text.isascii():
        return text, None
    if "\ufffd" in text and 2 * text.count("\ufffd") >= len(text) - text.count(" "):
        # Mostly U+FFFD: the bytes are gone, and what is left between them reads as
        # anything in some charset.
        return text, None
    fixed, name = fix_single_byte_mojibake(text)
    if name is None:
        fixed, name = fix_latin_mojibake(text)
        if name is None and cjk:
            fixed, name = fix_cjk_mojibake(text)
    return (fixed, name) if name is not None else (text, None)
