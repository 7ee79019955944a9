"""Bracketed pinyin after single Han characters: `網(wǎng)` left by a converting proxy."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from jzcli.repair.plausibility import HAN_CLASS

_SYLLABLE = "[a-zA-ZüÜāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿêÊ\u0300-\u0304\u030c]{1,7}[1-5]?"
# The damage puts the reading right after the character, with no space: `網(wǎng)`.
# A gloss written by a person has a space or quotes first, or covers a whole word.
PINYIN_RE = re.compile(f"([{HAN_CLASS}])[(（]({_SYLLABLE})[)）]")
_TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}


@lru_cache(maxsize=4096)
def _split_tone(syllable: str) -> tuple[str, str]:
    """'wǎng' / 'wang3' -> ('wang', '3'); neutral tone -> ('ge', '')."""
    s = syllable.lower().replace("v", "ü")
    tone = ""
    if s[-1].isdigit():
        s, tone = s[:-1], s[-1]
        if tone == "5":
            tone = ""
    base = []
    for ch in unicodedata.normalize("NFD", s):
        if ch in _TONE_MARKS:
            tone = _TONE_MARKS[ch]
        elif ch == "\u0308":  # the diaeresis of ü
            base.append("\u0308")
        elif not unicodedata.combining(ch):
            base.append(ch)
    return unicodedata.normalize("NFC", "".join(base)), tone


@lru_cache(maxsize=8192)
def readings(char: str) -> frozenset[tuple[str, str]]:
    """All readings of a Han character as (syllable without tone, tone), from pypinyin."""
    from pypinyin.pinyin_dict import pinyin_dict

    found: set[tuple[str, str]] = set()
    chars = {char}
    from jzcli.repair.script import to_simplified

    chars.add(to_simplified(char))
    for c in chars:
        value = pinyin_dict.get(ord(c))
        if value:
            found.update(_split_tone(r) for r in str(value).split(","))
    return frozenset(found)


@lru_cache(maxsize=16384)
def is_reading(char: str, syllable: str) -> bool:
    """Whether `syllable` (tone marks, tone number or toneless) is a reading of `char`."""
    base, tone = _split_tone(syllable)
    options = readings(char)
    if (base, tone) in options:
        return True
    # A neutral tone (ge, me, zi) is written without a mark: any tone of that syllable.
    return tone == "" and any(b == base for b, _ in options)


@lru_cache(maxsize=16384)
def _simplified_char(char: str) -> str:
    """A character, or a character with its neighbours, converted to Simplified."""
    from jzcli.repair.script import fix_round_trip, hk_to_simplified, to_simplified

    return fix_round_trip(hk_to_simplified(to_simplified(char)), char)


def _reads(text: str, m: re.Match[str]) -> bool:
    """Whether match `m` is converter damage: a reading after a converted character.

    The converter annotated characters that Simplified -> Traditional conversion changed,
    with the reading of the Simplified original. Some characters change only inside a word
    (了解 becomes 瞭解), so a character that looks unchanged is converted with its
    neighbours too. A gloss after a character conversion leaves alone (行(xíng)) is not
    this damage.
    """
    char, syllable = m.group(1), m.group(2)
    simple = _simplified_char(char)
    if simple == char:
        left = text[max(0, m.start() - 2) : m.start()]
        right = text[m.end() : m.end() + 2]
        # Cached too: counting the readings and removing them judge the same matches.
        word = _simplified_char(left + char + right)
        if len(word) != len(left) + 1 + len(right) or word[len(left)] == char:
            return False
        simple = word[len(left)]
    return is_reading(simple, syllable) or is_reading(char, syllable)


# An opening bracket right after a Han character: a pattern that starts with a single
# character is searched for by skipping to that character, where PINYIN_RE's starts with a
# class of thousands of characters, tested at every position.
_AFTER_HAN_RES = tuple(re.compile(f"{b}(?<=[{HAN_CLASS}]{b})") for b in (r"\(", "（"))


def has_pinyin_match(text: str) -> bool:
    """`PINYIN_RE.search(text) is not None`, faster on long text (a page's HTML): only the
    places where a Han character is followed by an opening bracket are tried."""
    match = PINYIN_RE.match
    for bracket in _AFTER_HAN_RES:
        for m in bracket.finditer(text):
            if match(text, m.start() - 1):
                return True
    return False


def count_pinyin(text: str) -> int:
    """How many bracketed syllables directly follow a Han character they are a reading of."""
    if "(" not in text and "（" not in text:
        return 0
    return len(_reading_spans(text))


@lru_cache(maxsize=256)
def _reading_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where each reading `_reads` judges damage starts (its opening bracket) and ends:
    counting the readings of a document and removing them judge the same texts."""
    return tuple((m.start(2) - 1, m.end()) for m in PINYIN_RE.finditer(text) if _reads(text, m))


def remove_pinyin(text: str) -> tuple[str, int]:
    """Drop every bracketed syllable that is a reading of the Han character before it."""
    out, positions = remove_pinyin_marked(text)
    return out, len(positions)


def remove_pinyin_marked(text: str) -> tuple[str, list[int]]:
    """`remove_pinyin`, with the positions (in the text returned) of the characters whose
    reading was removed: the characters the converter annotated."""
    if "(" not in text and "（" not in text:
        return text, []
    parts: list[str] = []
    positions: list[int] = []
    length = 0
    last = 0
    for start, end in _reading_spans(text):
        parts.append(text[last:start])
        length += start - last
        positions.append(length - 1)
        last = end
    if not positions:
        return text, []
    parts.append(text[last:])
    return "".join(parts), positions
