"""How much a string looks like real Chinese text: the share of common Han characters."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import repeat

from jzcli.patterns import lazy_compile
from jzcli.repair import _tables

# Han ideographs (BMP unified + extension A + compatibility block).
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN_CLASS}]")

_COMMON = frozenset(_tables.COMMON_HAN)

# Characters that legacy-charset mojibake leaves in Han text and real text rarely has:
# private use, U+FFFD, kana, bopomofo, box drawing, and C1 controls.
ODD_RE = lazy_compile("[\ue000-\uf8ff\ufffd\u3040-\u30ff\u3100-\u312f\u2500-\u257f\x80-\x9f\uff00]")


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


def char_score(ch: str) -> float:
    """How plausible one character is in Chinese text (see `window_score`)."""
    score = _CHAR_SCORES.get(ch)
    return _char_score(ch) if score is None else score


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
def word_rows() -> dict[str, str]:
    """A word unigram model of Chinese: the Han words of one to four characters of jieba's
    dictionary, whose counts come from segmented running text (`_unigrams.txt`, generated
    at build time by `build_tables`; loaded on demand, only when lost bytes are guessed).
    Per first character, a row `|rest<cost>|rest<cost>|...` (see `word_cost`). Rows load
    in milliseconds, where a dict of every word would take far longer to build."""
    return _word_model()[0]


def word_pairs() -> dict[str, str]:
    """Per character, the characters that follow it inside the words of `word_rows`: a
    word is only worth looking up when every two neighbours in it are such a pair."""
    return _word_model()[1]


@lru_cache(maxsize=1)
def _word_model() -> tuple[dict[str, str], dict[str, str]]:
    import os

    path = os.path.join(os.path.dirname(__file__), "_unigrams.txt")
    with open(path, encoding="utf-8") as f:
        # `split("\n")` and two comprehensions: a quarter less time than a loop over
        # `splitlines()` (text mode reads any line ending as "\n").
        lines = f.read().split("\n")
    if lines and not lines[-1]:
        lines.pop()
    rows = {line[0]: line[1:] for line in lines if line[1] == "|"}
    pairs = {line[0]: line[2:] for line in lines if line[1] != "|"}
    return rows, pairs


# The cost of a character the model does not know as a word of its own: rarer than any
# word it keeps (in bits, like `word_cost`).
UNKNOWN_COST = 26.0


def word_cost(word: str, rows: dict[str, str]) -> float | None:
    """-log2 of the word's share of running text (its cost in bits), None for a word the
    model does not hold (memoised: the same words are asked about again and again)."""
    try:
        return WORD_COST_MEMO[word]
    except KeyError:
        pass
    cost = lookup_cost(word, rows)
    if len(WORD_COST_MEMO) < 1 << 18:
        WORD_COST_MEMO[word] = cost
    return cost


def lookup_cost(word: str, rows: dict[str, str]) -> float | None:
    """`word_cost` looked up in `rows` (the format of `_unigrams.txt`), not memoised."""
    row = rows.get(word[0])
    if row is None:
        return None
    key = "|" + word[1:]
    k = row.find(key)
    # Entries are sorted and a cost character sorts before any Han character, so the first
    # entry that starts with the word is the word itself when the model has it.
    if k < 0 or (c := ord(row[k + len(key)])) >= 0x3400:
        return None
    return (c - 0x100) * 0.125


# `word_cost`'s answers so far: hot loops read it directly (`w in memo`) before calling it.
WORD_COST_MEMO: dict[str, float | None] = {}


def segment_costs(run: str, rows: dict[str, str]) -> list[float]:
    """best[i]: the cost of the cheapest split of run[:i] into words (`word_cost`, a
    character outside the model at `UNKNOWN_COST`)."""
    costs = WORD_COST_MEMO
    pairs = word_pairs()
    best = [0.0]
    for j in range(1, len(run) + 1):
        ch = run[j - 1]
        known = costs[ch] if ch in costs else word_cost(ch, rows)
        b = best[j - 1] + (UNKNOWN_COST if known is None else known)
        # Longer words ending here, while every two neighbours are a pair inside a word.
        for i in range(j - 2, j - 5 if j > 4 else -1, -1):
            if run[i + 1] not in pairs.get(run[i], ""):
                break
            word = run[i:j]
            known = costs[word] if word in costs else word_cost(word, rows)
            if known is not None and best[i] + known < b:
                b = best[i] + known
        best.append(b)
    return best


def suffix_costs(run: str, rows: dict[str, str]) -> list[float]:
    """best[i]: the cost of the cheapest split of run[i:] into words (as `segment_costs`,
    from the other end)."""
    costs = WORD_COST_MEMO
    pairs = word_pairs()
    n = len(run)
    best = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        ch = run[i]
        known = costs[ch] if ch in costs else word_cost(ch, rows)
        b = best[i + 1] + (UNKNOWN_COST if known is None else known)
        # Longer words starting here, while every two neighbours are a pair inside a word.
        for j in range(i + 2, (i + 4 if i + 4 < n else n) + 1):
            if run[j - 1] not in pairs.get(run[j - 2], ""):
                break
            word = run[i:j]
            known = costs[word] if word in costs else word_cost(word, rows)
            if known is not None and known + best[j] < b:
                b = known + best[j]
        best[i] = b
    return best


def run_cost(run: str, rows: dict[str, str]) -> float:
    """The cost of the cheapest split of a run of Han characters into words."""
    return segment_costs(run, rows)[-1] if run else 0.0


def window_score(text: str) -> float:
    """Plausibility of a few characters: fewest U+FFFD, then fewest odd, then common, frequent."""
    try:
        return sum(map(_CHAR_SCORES.__getitem__, text))
    except KeyError:  # first sight of a character: score it once
        return sum(map(_char_score, text))


def window_scores(texts: list[str]) -> list[float]:
    """`window_score` of each text (one pass with no Python-level loop once characters are
    scored)."""
    try:
        return list(map(sum, map(map, repeat(_CHAR_SCORES.__getitem__), texts)))
    except KeyError:  # first sight of a character
        return list(map(window_score, texts))


def has_rare_han(text: str) -> bool:
    """Whether any Han character of the text is outside the common set (cheap check)."""
    return _rare_han_re().search(text) is not None


_NOT_HAN_RE = lazy_compile(f"[^{HAN_CLASS}]+")


def all_han(text: str) -> bool:
    """Whether every character of the text is a Han character (True for '')."""
    return _NOT_HAN_RE.search(text) is None


@lru_cache(maxsize=256)
def han_stats(text: str) -> tuple[int, int]:
    """(Han characters, rare Han characters) in a text (cached: candidates are judged
    more than once)."""
    han = len(_NOT_HAN_RE.sub("", text))
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


def _score_bmp() -> None:
    """Fill `_CHAR_SCORES` for every BMP character at once: the values `_char_score` gives,
    built range by range in reverse order of its precedence."""
    weights = char_weights()
    everything = "".join(map(chr, range(0x10000)))
    scores = dict.fromkeys(everything, 0.0)
    scores.update(weights)
    scores.update(dict.fromkeys(ODD_RE.findall(everything), -1e3))
    scores.update({ch: 100.0 + w for ch, w in _PUNCT_WEIGHT.items()})
    scores.update({ch: 100.0 + weights.get(ch, 0.0) for ch in _COMMON})
    scores["\ufffd"] = -1e6
    scores.update(_CHAR_SCORES)  # already scored: the same values
    _CHAR_SCORES.update(scores)


def load_tables() -> None:
    """Load the weights, the character scores and the rare-character pattern now (they
    load on first use otherwise)."""
    char_weights()
    _score_bmp()
    _rare_han_re()
