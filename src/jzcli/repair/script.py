"""Script detection (Hans, Hant, Latn, Cyrl ...) and Traditional/Simplified conversion."""

from __future__ import annotations

import re
from functools import lru_cache
from operator import ne
from typing import Any

from jzcli.repair.plausibility import HAN_RE

# Runs of each script's characters: counting run lengths gives the same counts as counting
# characters one by one, with far fewer matches to make. (Han and Latin are counted from
# the UTF-8 bytes: `_han_latin_counts`.)
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]+")
_GREEK_RE = re.compile("[\u0370-\u03ff]+")
_ARABIC_RE = re.compile("[\u0600-\u06ff]+")
_HANGUL_RE = re.compile("[\uac00-\ud7af]+")
_KANA_RE = re.compile("[\u3040-\u30ff]+")
_OTHER_RE = re.compile("[\u0370-\u04ff\u0600-\u06ff\uac00-\ud7af\u3040-\u30ff]")
SCRIPT_SAMPLE = 2000


@lru_cache(maxsize=8)
def _converter(config: str) -> Any:
    import opencc

    try:
        return opencc.OpenCC(f"{config}.json")
    except Exception:
        return opencc.OpenCC(config)


def convert(text: str, config: str) -> str:
    """Convert with an OpenCC configuration (t2s, tw2s, s2t, s2tw ...)."""
    if not text or text.isascii():
        return text
    return _convert(text, config)


@lru_cache(maxsize=1024)
def _convert(text: str, config: str) -> str:
    # The checks of one document ask for the same conversions more than once (a text's
    # inverse for its evidence, its round trip and its repair): each is made once.
    return str(_converter(config).convert(text))


def to_simplified(text: str) -> str:
    """Traditional -> Simplified, undoing Taiwan variants too (what s2tw damage needs)."""
    return convert(text, "tw2s")


# Mainland forms that OpenCC's tables leave in their Hong Kong spelling (s2hk writes 揹 for
# 背 and 想像 for 想象; t2s/tw2s keep both, since they are valid characters).
_HK_LEFTOVERS = str.maketrans({"揹": "背"})


def hk_to_simplified(text: str) -> str:
    """Simplified text from `to_simplified` with Hong Kong variants (衞, 揹) undone too."""
    if not HAN_RE.search(text):
        return text
    text = convert(text, "hk2s").translate(_HK_LEFTOVERS)
    return text.replace("想像", "想象") if "想像" in text else text


@lru_cache(maxsize=1)
def _round_trip_table() -> tuple[dict[str, str], re.Pattern[str]]:
    """Words a converter and its inverse do not give back (inverse's form -> word), and a
    pattern finding the inverse's forms."""
    from jzcli.repair._script import ROUND_TRIP

    items = ROUND_TRIP.split()
    table = dict(zip(items[::2], items[1::2], strict=True))
    return table, re.compile("|".join(sorted(table, key=len, reverse=True)))


def fix_round_trip(new: str, text: str, converter: str = "") -> str:
    """Put back the mainland words the inverse conversion of `text` did not give back
    (座标 -> 坐标, 想像 -> 想象, 土着 -> 土著) where `converter` makes exactly `text`'s
    characters of them (any converter when none is named)."""
    table, pattern = _round_trip_table()
    if len(new) != len(text) or not pattern.search(new):
        return new
    chars = list(new)
    for m in pattern.finditer(new):
        word = table[m.group()]
        there = text[m.start() : m.end()]
        names = [converter] if converter else ["s2tw", "s2t", "s2hk"]
        if any(convert(word, name) == there for name in names):
            chars[m.start() : m.end()] = word
    return "".join(chars)


@lru_cache(maxsize=4)
def made_from(converter: str) -> dict[str, str]:
    """Traditional character -> the characters only Simplified text has that `converter`
    makes it of, on their own (鍾 -> 钟锺 for s2t)."""
    from jzcli.repair._script import SIMPLIFIED_ONLY

    made = convert("\n".join(SIMPLIFIED_ONLY), converter).split("\n")
    sources: dict[str, str] = {}
    if len(made) != len(SIMPLIFIED_ONLY):
        return sources
    for simple, trad in zip(SIMPLIFIED_ONLY, made, strict=True):
        if len(trad) == 1 and trad != simple:
            sources[trad] = sources.get(trad, "") + simple
    return sources


def to_traditional(text: str) -> str:
    """Simplified -> Traditional (OpenCC standard forms)."""
    return convert(text, "s2t")


def traditional_count(text: str) -> int:
    """How many characters Traditional -> Simplified conversion would change."""
    if not HAN_RE.search(text):
        return 0
    simple = to_simplified(text)
    if simple == text:
        return 0
    if len(simple) != len(text):
        return sum(1 for c in text if to_simplified(c) != c)
    return sum(map(ne, text, simple))


def simplified_count(text: str) -> int:
    """How many characters Simplified -> Traditional conversion would change."""
    if not HAN_RE.search(text):
        return 0
    trad = to_traditional(text)
    if trad == text:
        return 0
    if len(trad) != len(text):
        return sum(1 for c in text if to_traditional(c) != c)
    return sum(map(ne, text, trad))


def _count(runs: re.Pattern[str], text: str) -> int:
    """How many characters of `text` the run pattern `runs` covers."""
    return sum(map(len, runs.findall(text)))


# The Han and Latin counts of `detect_script`, made on the text's UTF-8 bytes, where C code
# scans instead of a match per run (a long English article is a run per word). In UTF-8
# each character's first byte alone says where it lies: E4-E9 start U+4000-U+9FFF (less
# U+4DC0-U+4DFF, E4 B7), E3 90-BF U+3400-U+3FFF, EF A4-AB U+F900-U+FAFF (the Han class of
# `plausibility.HAN_CLASS`); C3-C8 start U+00C0-U+023F and C9 80-8F U+0240-U+024F (with A-Z
# a-z, the Latin letters counted).
_HAN_LEADS = bytes(range(0xE4, 0xEA))
_LATIN_LEADS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + bytes(range(0xC3, 0xC9))
_ALL_BUT_HAN_LEADS = bytes(b for b in range(256) if b not in _HAN_LEADS)
_ALL_BUT_LATIN_LEADS = bytes(b for b in range(256) if b not in _LATIN_LEADS)
# (One pattern per lead byte: a pattern that starts with one byte is searched for that byte,
# where an alternation of two is tried at every byte, several times slower on a page.)
_HAN_E3_UTF8 = re.compile(rb"\xe3[\x90-\xbf]")
_HAN_EF_UTF8 = re.compile(rb"\xef[\xa4-\xab]")
_LATIN_OTHER_UTF8 = re.compile(rb"\xc9[\x80-\x8f]")


def _han_latin_counts(text: str) -> tuple[int, int]:
    """How many characters of `text` are Han (`plausibility.HAN_CLASS`) and Latin (A-Z, a-z,
    U+00C0-U+024F), counted from its UTF-8 bytes."""
    if text.isascii():
        return 0, len(text.encode("ascii").translate(None, _ALL_BUT_LATIN_LEADS))
    raw = text.encode("utf-8", "surrogatepass")
    han = len(raw.translate(None, _ALL_BUT_HAN_LEADS)) - raw.count(b"\xe4\xb7")
    if b"\xe3" in raw:  # (nearly every Chinese text: its marks 。，are E3 80)
        han += len(_HAN_E3_UTF8.findall(raw))
    if b"\xef" in raw:
        han += len(_HAN_EF_UTF8.findall(raw))
    latin = len(raw.translate(None, _ALL_BUT_LATIN_LEADS))
    if b"\xc9" in raw:
        latin += len(_LATIN_OTHER_UTF8.findall(raw))
    return han, latin


def detect_script(text: str) -> str:
    """ISO 15924 code of the dominant script: Hans, Hant, Jpan, Kore, Latn, Cyrl ... or ''."""
    counts = dict.fromkeys(("Han", "Latn", "Cyrl", "Grek", "Arab", "Kore", "Jpan"), 0)
    counts["Han"], counts["Latn"] = _han_latin_counts(text)
    if _OTHER_RE.search(text):  # most texts have none of the other scripts: one scan
        counts["Cyrl"] = _count(_CYRILLIC_RE, text)
        counts["Grek"] = _count(_GREEK_RE, text)
        counts["Arab"] = _count(_ARABIC_RE, text)
        counts["Kore"] = _count(_HANGUL_RE, text)
        counts["Jpan"] = _count(_KANA_RE, text)
    best = max(counts, key=lambda k: counts[k])
    if counts[best] == 0:
        return ""
    if best == "Han" and counts["Jpan"] * 10 >= counts["Han"]:
        return "Jpan"
    if best != "Han":
        return best
    # Traditional when Traditional-only characters outnumber Simplified-only ones; the first
    # SCRIPT_SAMPLE characters decide, so a long article costs no more than a short one.
    sample = text[:SCRIPT_SAMPLE]
    traditional = traditional_count(sample)  # none: Hans without the costly s2t count
    return "Hant" if traditional and traditional > simplified_count(sample) else "Hans"


_LANGUAGE_BY_SCRIPT = {"Hans": "zh", "Hant": "zh", "Jpan": "ja", "Kore": "ko", "Grek": "el"}


def guess_language(text: str, script: str) -> str:
    """A cheap BCP 47 guess from the script; '' where the script does not say enough."""
    return _LANGUAGE_BY_SCRIPT.get(script, "")
