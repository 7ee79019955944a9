"""How much a string looks like real Chinese text: the share of common Han characters."""

from __future__ import annotations

import re
from functools import lru_cache

from jzcli.repair import _tables

# Han ideographs (BMP unified + extension A + compatibility block).
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN_CLASS}]")

_COMMON = frozenset(_tables.COMMON_HAN)

# Characters that legacy-charset mojibake leaves in Han text and real text rarely has:
# private use, U+FFFD, kana, bopomofo, box drawing, and C1 controls.
ODD_RE = re.compile("[\ue000-\uf8ff\ufffd\u3040-\u30ff\u3100-\u312f\u2500-\u257f\x80-\x9f\uff00]")


def common_han() -> frozenset[str]:
    """Common Han characters: GB2312 level 1 (the 3,755 most used) and their Traditional forms."""
    return _COMMON


@lru_cache(maxsize=1)
def _rare_han_re() -> re.Pattern[str]:
    common = "".join(sorted(common_han()))
    return re.compile(f"[{HAN_CLASS}](?<![{re.escape(common)}])")


@lru_cache(maxsize=1)
def char_weights() -> dict[str, float]:
    """A commonness weight per Han character: 10 - ln(1 + frequency rank), in half steps.

    Only used to choose between readings that are both made of common characters.
    """
    return {
        ch: k * _tables.WEIGHT_STEP
        for k, chars in enumerate(_tables.WEIGHT_BUCKETS)
        for ch in chars
    }


def frequency_score(text: str) -> float:
    """Sum of the commonness weights of the Han characters of a (short) text."""
    weights = char_weights()
    return sum(weights.get(ch, 0.0) for ch in HAN_RE.findall(text))


# Punctuation a Chinese text is far more likely to hold than its byte-neighbours
# (。 E3 80 82 beside U+3000 E3 80 80, ！ EF BC 81 beside U+FF00).
# with a weight each, for choosing among them.
_PUNCT_WEIGHT = {"，": 3.0, "。": 3.0, "、": 2.0, "“": 1.5, "”": 1.5, "：": 1.0}
_PUNCT_WEIGHT.update({"；": 0.5, "！": 0.5, "？": 0.5})
COMMON_PUNCT = frozenset(_PUNCT_WEIGHT)


_CHAR_SCORES: dict[str, float] = {}


def _char_score(ch: str) -> float:
    """One character's share of `window_score` (memoised: windows repeat characters)."""
    score = _CHAR_SCORES.get(ch)
    if score is None:
        weight = char_weights().get(ch, 0.0)
        if ch == "\ufffd":
            score = -1e6
        elif ch in _COMMON:
            score = 100.0 + weight
        elif ch in _PUNCT_WEIGHT:
            score = 100.0 + _PUNCT_WEIGHT[ch]
        elif ODD_RE.match(ch):
            score = -1e3
        else:
            score = weight
        _CHAR_SCORES[ch] = score
    return score


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Frequent two-character words (generated from jieba's dictionary; loaded on demand)."""
    from jzcli.repair._words import WORDS

    return frozenset(WORDS[k : k + 2] for k in range(0, len(WORDS), 2))


# A known word across a guessed character outweighs any difference of single frequencies.
WORD_BONUS = 12.0


def window_score(text: str) -> float:
    """Plausibility of a few characters: fewest U+FFFD, then fewest odd, then common, frequent."""
    try:
        return sum(map(_CHAR_SCORES.__getitem__, text))
    except KeyError:  # first sight of a character: score it once
        return sum(map(_char_score, text))


def word_bonus(text: str) -> float:
    """WORD_BONUS for each frequent two-character word in a few characters of text."""
    words = common_words()
    return WORD_BONUS * sum(text[k : k + 2] in words for k in range(len(text) - 1))


def has_rare_han(text: str) -> bool:
    """Whether any Han character of the text is outside the common set (cheap check)."""
    return _rare_han_re().search(text) is not None


def han_stats(text: str) -> tuple[int, int]:
    """(Han characters, rare Han characters) in a text."""
    han = len(HAN_RE.findall(text))
    if not han:
        return 0, 0
    return han, len(_rare_han_re().findall(text))


def common_share(text: str) -> float:
    """Share of the Han characters that are common (1.0 when there are none)."""
    han, rare = han_stats(text)
    return 1.0 if not han else (han - rare) / han


def odd_count(text: str) -> int:
    """Characters that mojibake typically leaves behind (private use, U+FFFD, kana ...)."""
    return len(ODD_RE.findall(text))
