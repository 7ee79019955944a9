"""Entry points of the repair stage: one document-level decision, applied to every text."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from jzcli.models import Article, Author
from jzcli.patterns import lazy_compile
from jzcli.repair import origin, plausibility
from jzcli.repair.mojibake import CJK_MIN_SHARE, beyond_web_latin1, fix_mojibake
from jzcli.repair.normalize import (
    narrow_alnum,
    needs_normalizing,
    remove_invisible,
    unescape_entities,
)
from jzcli.repair.origin import THRESHOLD, Region, converted_from_mainland, page_region
from jzcli.repair.pinyin import count_pinyin, has_pinyin_match, remove_pinyin_marked
from jzcli.repair.plausibility import HAN_RE
from jzcli.repair.punctuation import (
    has_flattened_marks,
    has_flattened_punct,
    has_fullwidth_punct,
    nfkc_flattened,
    restore_fullwidth_punct,
    writes_fullwidth_marks,
)
from jzcli.repair.script import (
    convert,
    detect_script,
    fix_round_trip,
    guess_language,
    hk_to_simplified,
    made_from,
    to_simplified,
    to_traditional,
    traditional_count,
)
from jzcli.settings import ScriptMode, Settings

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_LINE_BREAK_RE = lazy_compile(f"[{_LINE_BREAKS}]")
_MAX_ROUNDS = 6
_MAX_PASSES = 4
# Words of a text that explains how a character is read.
_PRONUNCIATION_RE = lazy_compile("讀音|讀作|讀成|讀第|唸|發音|拼音|聲調|注音|[一二三四輕]聲")


# What clean Chinese or ASCII text is made of (see `_beyond_clean_re`): ranges as
# (first, last) code points, and single characters.
_CLEAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x25), (0x27, 0x7F), (0x3000, 0x303F), (0xFF01, 0xFF0F),
    (0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65),
)  # fmt: skip
_CLEAN_MARKS = "“”‘’…—·"


@lru_cache(maxsize=1)
def _beyond_clean_re() -> re.Pattern[str]:
    """A character outside what clean Chinese or ASCII text is made of: ASCII but `&`,
    common Han characters, CJK and full-width punctuation (not full-width letters or
    digits), curly quotes, dashes and ellipsis. None of the per-text repairs acts on text
    made of these alone (mojibake leaves Latin-1 letters, rare Han, kana, box drawing,
    private-use characters or U+FFFD; entities need `&`; the invisible characters and
    full-width letters are outside too)."""
    common = re.escape("".join(sorted(plausibility.common_han())))
    ranges = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in _CLEAN_RANGES)
    return re.compile(f"[^{ranges}{common}{_CLEAN_MARKS}]")


@lru_cache(maxsize=1)
def _clean_chars() -> frozenset[str]:
    """The characters `_beyond_clean_re` does not match, as a set."""
    chars = set(plausibility.common_han()) | set(_CLEAN_MARKS)
    for a, b in _CLEAN_RANGES:
        chars.update(map(chr, range(a, b + 1)))
    return frozenset(chars)


# `_beyond_clean_re` takes ~10 ms to compile (thousands of characters in one class), a
# set of the same characters a fraction of a millisecond to build but several times as
# long to check a text with: the first texts are checked with the set, so that a command
# that repairs one page does not pay for the pattern.
_SET_CHECKS = 500
_set_checks = 0


def _beyond_clean(text: str) -> str:
    """The characters of `text` that `_beyond_clean_re` matches ('' when none): some of
    them only, in any order (a set's difference at first, the pattern's matches later)."""
    global _set_checks
    if _set_checks < _SET_CHECKS:
        _set_checks += 1
        if _clean_chars().issuperset(text):
            return ""
        return "".join(set(text).difference(_clean_chars()))
    return "".join(_beyond_clean_re().findall(text))


def _clean_text(text: str) -> bool:
    """Whether `_repair_encoding` provably leaves `text` as it is, in one scan: no character
    outside `_beyond_clean_re`, and ASCII only or one character Latin-1/cp1252 cannot
    hold (without one, curly quotes and dashes might be cp1252 mojibake). A text whose
    only characters outside are rare Han is clean too where `fix_cjk_mojibake` would stop
    at its share of common Han (`_clean_but_rare_han`)."""
    if text.isascii():
        return "&" not in text  # ASCII is clean but for `&` (entities)
    beyond = _beyond_clean(text)
    if beyond:
        return _clean_but_rare_han(text, beyond)
    return text.isascii() or beyond_web_latin1(text)


def _clean_but_rare_han(text: str, beyond: str) -> bool:
    """Whether a text whose characters outside `_beyond_clean_re` are `beyond` has no such
    character but rare Han, and `fix_cjk_mojibake` would leave it for its share of common
    Han (or fewer than two Han characters). Such a text holds a character Latin-1/cp1252
    cannot hold, no C1 or Latin-1 letter, no private use, kana, box drawing or U+FFFD,
    nothing `needs_normalizing` finds: the other mojibake repairs and the normalizing pass
    have nothing to act on, and `fix_cjk_mojibake` only this test to pass."""
    if not plausibility.all_han(beyond):
        return False
    han, rare = plausibility.han_stats(text)
    return han < 2 or (han - rare) / han >= CJK_MIN_SHARE


# Texts `_repair_encoding` found nothing more to repair in (it would return them as they
# are): `repair_document` asks again about every text it changed, and the answer is known.
_SETTLED: dict[str, None] = {}
_SETTLED_MAX = 512


def _settle(text: str) -> None:
    if len(_SETTLED) >= _SETTLED_MAX:
        _SETTLED.clear()
    _SETTLED[text] = None


# Japanese grammar written in kana: endings and particles of three kana or more. Misreading
# Chinese bytes (Big5 as GBK, GBK as Big5, UTF-8 as GBK) yields kana too, but none of these:
# zh-cwce's 69 texts misread all three ways (1.15 M characters, 29,000 kana) hold none,
# where Japanese prose has several in a paragraph.
_JAPANESE_RE = lazy_compile(
    "ました|ません|ている|ていた|という|でした|します|される|された|において|について|"
    "による|ことが|ことを|だった|である|のです|ように"
)
_JAPANESE_MIN = 3
_HIRAGANA_RE = lazy_compile("[\u3041-\u309f]")
_CJK_CHAR_RE = lazy_compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_SENTENCE_MIN = 20
"""CJK characters of a text without kana that make it a Chinese sentence when judging the
document's language (a table cell or a heading written in kanji is shorter)."""


def writes_japanese(texts: Sequence[str]) -> bool:
    """Whether a document is written in Japanese (`_JAPANESE_MIN` endings or particles of
    `_JAPANESE_RE`, and most of its CJK text in texts written with kana): its kana and Han
    are then no Chinese text read with the wrong codec, and its full-width digits and
    letters are the writer's typography. A Chinese article quoting a Japanese remark is
    still Chinese: its own paragraphs, with no kana, hold most of its text (counted when
    they are sentences, `_SENTENCE_MIN` CJK characters or more, not cells of a table)."""
    found = 0
    for text in texts:
        if _HIRAGANA_RE.search(text) is not None:
            found += len(_JAPANESE_RE.findall(text))
            if found >= _JAPANESE_MIN:
                break
    else:
        return False
    with_kana = everything = 0
    for text in texts:
        n = len(_CJK_CHAR_RE.findall(text))
        if _HIRAGANA_RE.search(text) is not None:
            with_kana += n
        elif n < _SENTENCE_MIN:
            continue  # a cell, a label or a name: Japanese tables have no kana either
        everything += n
    return 2 * with_kana > everything


def _repair_encoding(text: str, counts: defaultdict[str, int], japanese: bool = False) -> str:
    """Per-text repairs that need no document context, run until nothing changes
    (`japanese`: the document `writes_japanese`, see there)."""
    if _clean_text(text) or text in _SETTLED:
        return text  # the common case: clean text costs one scan
    for k in range(_MAX_ROUNDS):
        if k and _clean_text(text):
            break  # what the last round left is clean: nothing more to do
        before = text
        text, name = fix_mojibake(text, cjk=not japanese)
        if name:
            counts[name] += 1
            # Mojibake can be layered (double UTF-8); its bytes include soft hyphens and
            # NBSPs, so peel every layer before removing invisible characters.
            continue
        if not needs_normalizing(text):
            if not japanese:  # (settled for every document)
                _settle(text)
            break  # mojibake found nothing either: done
        text, n = remove_invisible(text)
        counts["invisible"] += n
        text, n = unescape_entities(text)
        counts["entities"] += n
        if not japanese:
            text, n = narrow_alnum(text)
            counts["fullwidth-alnum"] += n
        if text == before:
            if not japanese:
                _settle(text)
            break
    return text


def _conversion_damage(texts: Sequence[str], region: Region) -> bool:
    """Whether the document shows Simplified->Traditional conversion with pinyin added."""
    hits = [(t, n) for t in texts if (n := count_pinyin(t))]
    total = sum(n for _, n in hits)
    if total >= 2:
        if region != "outside":
            return True
        # A Taiwan or Hong Kong page may gloss a few characters; the converter annotates
        # a large share of them.
        han = sum(len(HAN_RE.findall(t)) for t, _ in hits)
        return total * 20 >= han
    # One reading after a converted character is damage, unless the text is about
    # pronunciation (網(wǎng)民 in a text explaining how 網 is read) or the page is a Taiwan
    # or Hong Kong one; on a mainland page it is damage whatever the text says.
    if total != 1 or region == "outside" or not traditional_count(hits[0][0]):
        return False
    return region == "mainland" or not _PRONUNCIATION_RE.search(hits[0][0])


def _keep_lines(original: str, repaired: str) -> str:
    """A repair must never split a line: new line-break characters become spaces."""
    if _LINE_BREAK_RE.search(repaired):
        new = [c if c not in _LINE_BREAKS or c in original else " " for c in repaired]
        return "".join(new)
    return repaired


@lru_cache(maxsize=1)
def _load_han_tables() -> None:
    """The converters, character sets and word list the checks of Han text use, loaded at
    the first document with Han text instead of one by one at first use."""
    origin.load_tables()
    plausibility.load_tables()


def _own_characters(texts: Sequence[str]) -> frozenset[str]:
    """Traditional characters the page writes inside its own Simplified text (a name such
    as 黄琨暐, 於 in a quotation): a text written in Simplified, with a Traditional
    character here and there, was never run through a Simplified->Traditional converter,
    so those characters are meant. (A line that mixes converted and unconverted parts has
    far more Traditional characters than that.)"""
    own: set[str] = set()
    simplified = origin.simplified_re()
    for t in texts:
        if not HAN_RE.search(t):
            continue
        n_simple = len(simplified.findall(t))
        if n_simple < 5:
            continue
        simple = to_simplified(t)
        if len(simple) != len(t):
            continue
        trad = [a for a, b in zip(t, simple) if a != b]
        if trad and len(set(trad)) * 5 <= n_simple:
            own.update(trad)
    return frozenset(own)


# Simplified words that keep 著 (a book, eminent), which OpenCC's t2s turns into 着 when
# its own phrase table lacks them.
_ZHU_WORDS = "专著 卓著 土著 显著 论著 名著 巨著 编著 原著 遗著 译著 拙著 昭著 著称 著述 著录 著者"
_ZHU_RE = lazy_compile("|".join(w.replace("著", "着") for w in _ZHU_WORDS.split()))


def _fix_zhu(new: str, text: str) -> str:
    """Put back 著 where the Traditional text had 著 and the word is one of `_ZHU_WORDS`."""
    if "着" not in new or "著" not in text or len(new) != len(text):
        return new
    chars = list(new)
    for m in _ZHU_RE.finditer(new):
        for k in range(m.start(), m.end()):
            if chars[k] == "着" and text[k] == "著":
                chars[k] = "著"
    return "".join(chars)


_ZHE_WINDOW = 4


def _zhe_by_words(new: str, text: str) -> str:
    """Where `s2tw` wrote 著 (it writes 著 for both 着 and 著), 着 or 著 as the word model
    splits the characters around it more cheaply: `tw2s` reads 看著書 as 看 著書 (看著书)
    and 彰顯著 as 彰 顯著, where 看着 书 and 彰显 着 are the words."""
    if len(new) != len(text):
        return new
    rows = plausibility.word_rows()
    chars = list(new)
    for k, ch in enumerate(text):
        if ch != "著" or chars[k] not in "着著":
            continue
        a = k
        while a > 0 and k - a < _ZHE_WINDOW and HAN_RE.match(chars[a - 1]):
            a -= 1
        b = k + 1
        while b < len(chars) and b - k <= _ZHE_WINDOW and HAN_RE.match(chars[b]):
            b += 1
        before, after = "".join(chars[a:k]), "".join(chars[k + 1 : b])
        zhe = plausibility.run_cost(before + "着" + after, rows)
        zhu = plausibility.run_cost(before + "著" + after, rows)
        if zhe != zhu:
            chars[k] = "着" if zhe < zhu else "著"
    return "".join(chars)


def _to_simplified_keeping(
    text: str, own: frozenset[str], keep: frozenset[int], converter: str
) -> str:
    """The inverse of the document's converter, then the mainland forms Hong Kong tables
    leave (揹) and the words the round trip loses (座标), with the page's own characters
    and characters outside GBK left as they are: a mainland page is written in GBK's
    repertoire, and a conversion that leaves it is wrong."""
    simple = convert(text, origin.INVERSES[converter])
    new = fix_round_trip(_fix_zhu(hk_to_simplified(simple), text), text, converter)
    if converter == "s2tw" and "著" in text:
        new = _zhe_by_words(new, text)
    if len(new) != len(text):
        return new
    new = _keep_unmade(new, text, converter)
    if not own and _all_gbk(new):
        kept = [i for i in keep if new[i] != text[i]]  # the same, without a look per character
    else:
        kept = [
            i
            for i, (c, o) in enumerate(zip(new, text))
            if c != o and (o in own or i in keep or not _in_gbk(c))
        ]
    if not kept:
        return new
    chars = list(new)
    for i in kept:
        chars[i] = text[i]
    return "".join(chars)


def _keep_unmade(new: str, text: str, converter: str) -> str:
    """`new` with the characters no converter makes of it put back as `text` has them:
    the page wrote those itself (袷, which reads back as 夹, and 夹 gives 夾)."""
    if new == text:
        return new
    again = convert(new, converter)
    if len(again) != len(text) or again == text:
        return new
    unmade = [i for i, (c, o, a) in enumerate(zip(new, text, again)) if c != o and a != o]
    for other in origin.INVERSES:
        if not unmade or other == converter:
            continue
        made = convert(new, other)
        if len(made) == len(text):
            unmade = [i for i in unmade if made[i] != text[i]]
    if not unmade:
        return new
    chars = list(new)
    for i in unmade:
        chars[i] = text[i]
    return _simplified_sources(chars, new, text, unmade, converter)


def _simplified_sources(
    chars: list[str], new: str, text: str, unmade: Sequence[int], converter: str
) -> str:
    """`chars` with each unmade character put back as the one other Simplified character
    the converter makes it of in its place, where exactly one does: the page is written in
    Simplified (金锺国: s2t makes 金鍾國, which reads back as 金钟国, and 金钟国 gives 金鐘國)."""
    sources = made_from(converter) if converter else {}
    options: dict[int, list[str]] = {}
    for i in unmade:
        others = [c for c in sources.get(text[i], "") if c != new[i] and _in_gbk(c)]
        if others:
            options[i] = others
    if not options:
        return "".join(chars)
    found: dict[int, list[str]] = {i: [] for i in options}
    for k in range(max(map(len, options.values()))):
        trial = list(new)
        tried = [i for i, others in options.items() if k < len(others)]
        for i in tried:
            trial[i] = options[i][k]
        again = convert("".join(trial), converter)
        if len(again) == len(text):
            found.update({i: [*found[i], options[i][k]] for i in tried if again[i] == text[i]})
    for i, good in found.items():
        if len(good) == 1:
            chars[i] = good[0]
    return "".join(chars)


def _all_gbk(text: str) -> bool:
    """Whether every character of `text` is in GBK (`_in_gbk`), in one encoding call."""
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=8192)
def _in_gbk(ch: str) -> bool:
    try:
        ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def _unannotated(texts: Sequence[str], marked: Sequence[Sequence[int]]) -> list[frozenset[int]]:
    """Per text, the positions of characters the converter annotated elsewhere but not
    there. The converter reads out a fixed set of the characters it changed, every time;
    such a character without its reading is one it did not change (著 the page itself
    wrote, beside 著(zhe) converted from 着)."""
    annotated = {t[k] for t, positions in zip(texts, marked) for k in positions}
    if not annotated:
        return []
    out = []
    for t, positions in zip(texts, marked):
        done = set(positions)
        out.append(frozenset(k for k, c in enumerate(t) if c in annotated and k not in done))
    return out


def _convert_texts(
    out: list[str],
    script: ScriptMode,
    convert_back: bool,
    own: frozenset[str],
    unconverted: Sequence[frozenset[int]],
    counts: Counts,
) -> None:
    if script == "simplified" or (script == "auto" and convert_back):
        converter = origin.likely_converter(out) if script == "auto" else ""
        for i, t in enumerate(out):
            keep = unconverted[i] if unconverted else frozenset()
            new = _to_simplified_keeping(t, own, keep, converter) if converter else to_simplified(t)
            if new != t:
                counts["t2s"] += 1
                out[i] = new
    elif script == "traditional":
        for i, t in enumerate(out):
            new = to_traditional(t)
            if new != t:
                counts["s2t"] += 1
                out[i] = new


def _flat_texts(texts: Sequence[str]) -> list[int]:
    """The texts with an ASCII mark next to CJK and no full-width mark (listed only where
    `_flattened` returns them)."""
    return [i for i, t in enumerate(texts) if has_flattened_punct(t) and not has_fullwidth_punct(t)]


def _flattened(
    out: Sequence[str], damaged: bool, region: Region, page: bool, untouched: int = 0
) -> tuple[list[int], frozenset[int]]:
    """The texts whose ASCII marks NFKC flattened. NFKC flattens every ，？：；！（） of the
    document it touched: when the document shows other damage and none of its Chinese
    texts has one left, every text with ASCII marks next to Chinese is restored; one that
    still has some kept its ASCII marks as they were. Without other damage, the document
    as a whole may read as NFKC output (`nfkc_flattened`); and in one article typed with
    full-width marks (`page`, `writes_fullwidth_marks`) every text with ASCII marks or
    `...` next to Chinese is restored, also one that mixes both widths (GB/T 15834), when
    the article is a mainland one or written in Simplified (Traditional writers type ASCII
    marks by habit). Those are the writer's slips, not flattening (the second set
    returned: `restore_fullwidth_punct` leaves a ? or ! between Han as it is), except in a
    converted document's text with no full-width mark left.
    The last `untouched` texts (page attributes a converting proxy leaves alone) are
    neither restored nor evidence."""
    texts = out[: len(out) - untouched]
    joined = "\n".join(texts)  # a mark's neighbour across the `\n` is no CJK: no new match
    if "..." not in joined and not has_flattened_punct(joined):
        return [], frozenset()  # no text has a flattened mark
    if not any(map(has_flattened_marks, texts)):
        return [], frozenset()  # no text has a flattened mark (nor, so, a flattened punct)
    if (
        damaged
        and (flat := _flat_texts(texts))
        and not any(has_fullwidth_punct(t) and HAN_RE.search(t) for t in texts)
    ):
        return flat, frozenset()
    if region != "outside" and nfkc_flattened(texts):
        return _flat_texts(texts), frozenset()  # the marks alone: it reads as NFKC output
    if not page or region == "outside":
        return [], frozenset()
    # One article typed with Chinese marks: an ASCII mark next to Chinese in it is the same
    # damage (or slip), in a paragraph with full-width marks as well (`(最迟…)` beside `（…）`).
    if not writes_fullwidth_marks(texts):
        return [], frozenset()
    if not damaged and region != "mainland" and not _reads_simplified(texts):
        return [], frozenset()
    marked = [i for i, t in enumerate(texts) if has_flattened_marks(t)]
    return marked, frozenset(i for i in marked if not damaged or has_fullwidth_punct(texts[i]))


def _reads_simplified(texts: Sequence[str]) -> bool:
    """Whether a document's text is Simplified: three or more characters only Simplified
    text has, over three times as many as characters only Traditional text has."""
    # Both sets are Han characters: texts without Han add no match, so all are joined.
    joined = "\n".join(texts)
    needed = max(3, 3 * len(origin.traditional_re().findall(joined)) + 1)
    for found, _ in enumerate(origin.simplified_re().finditer(joined), 1):
        if found >= needed:
            return True  # enough: the rest of the text cannot change the answer
    return False


Counts = defaultdict[str, int]


def _page_bonus(
    texts: Sequence[str],
    region: Region,
    page: bool,
    untouched: int,
    meta: int = 0,
    captions: range = range(0),
) -> int:
    """Points of mainland evidence from outside the converted texts: the page says it is a
    mainland one (host, language, charset), or one article's own fields are written in
    Simplified, or the page's text a converting proxy does not touch (meta description,
    og:title, title and alt attributes: the last `untouched` texts, the first `meta` of
    them the meta fields) is.

    Simplified in one image's alt (a caption, `captions` of an article's texts) alone is
    no evidence: a Traditional page may copy a wire photo's caption as it came. A meta
    field, which the site writes for the whole page, or two such texts are."""
    # A page that says it is a mainland one converts on that alone (even with 「」 in it:
    # Simplified sites write them too).
    bonus = 2 * THRESHOLD if region == "mainland" else 0
    if page:
        # Texts in order until two distinct ones, or one outside the captions, are clean
        # Simplified (the answer is known there: most pages have such a text early on).
        first = None
        for i, t in enumerate(texts):
            if HAN_RE.search(t) and origin.clean_simplified(t):
                if i not in captions or (first is not None and t != first):
                    return bonus + 2
                first = t
    if (
        untouched
        and origin.untouched_copies(
            texts[: len(texts) - untouched], texts[len(texts) - untouched :]
        )
        >= 2
    ):
        # Two texts of the page's own given in both scripts: converted (one alone may be
        # an asset a site's two editions share).
        bonus += THRESHOLD
    if untouched:
        given = texts[len(texts) - untouched :]
        written = [t for t in given if origin.simplified_re().search(t)]
        if len(written) < 2 and not any(origin.simplified_re().search(t) for t in given[:meta]):
            return bonus  # one alt or title attribute alone: maybe a wire caption
        joined = "\n".join(given)
        simplified = len(origin.simplified_re().findall(joined))
        traditional = len(origin.traditional_re().findall(joined))
        if simplified >= 3 and simplified > 3 * traditional:
            bonus += 2
        elif simplified and not traditional:
            bonus += 1
    return bonus


def conversion_repair(
    texts: Sequence[str],
    script: ScriptMode,
    region: Region,
    counts: Counts,
    page: bool = False,
    untouched: int = 0,
    meta: int = 0,
    captions: range = range(0),
) -> tuple[list[str], list[int], frozenset[int]]:
    """The conversion stages (readings, script) over a document's texts, with one decision
    for the document; also which texts had their marks flattened (restored by the caller)
    and which of them hold a writer's slips rather than flattened marks (`_flattened`).
    The last `untouched` texts are a page's attributes (meta description, og:title, the
    first `meta` of them; title and alt), which a converting proxy leaves as they were:
    evidence, never restored marks. `captions` are an article's image captions."""
    out = list(texts)
    # The classes below match single characters (a reading, a character and its brackets):
    # no match spans the `\n` between two texts, so one search of the texts joined answers.
    joined = "\n".join(out)
    if not HAN_RE.search(joined):
        return out, [], frozenset()
    traditional = origin.traditional_re()
    readings = has_pinyin_match(joined)
    if script == "traditional" or readings or traditional.search(joined):
        # Converters and tables load only for text that may need them: Simplified text
        # without a reading in brackets has no conversion damage to undo.
        _load_han_tables()
    elif script == "auto":
        # No Traditional character and no reading: no pinyin damage, no text to convert
        # back (`_evidence` skips each text), so only the marks are left to judge.
        flat, slips = _flattened(out, False, region, page, untouched)
        return out, flat, slips
    # Without a reading in brackets anywhere no text counts one: no damage to weigh.
    damaged = readings and _conversion_damage(out, region)
    unconverted: list[frozenset[int]] = []
    if damaged:
        marked = []
        for i, t in enumerate(out):
            out[i], positions = remove_pinyin_marked(t)
            counts["pinyin"] += len(positions)
            marked.append(positions)
        unconverted = _unannotated(out, marked)

    # Without pinyin, only strong signs of a mainland original (its words, its “” quotes,
    # exact round trips, the page's host, language and charset) convert: genuine
    # Traditional text must stay as it is.
    mainland = (
        script == "auto"
        and not damaged
        and region != "outside"
        and converted_from_mainland(
            # On a page that says it is a mainland one, one character may fail the round
            # trip however often it recurs: a name the page writes itself (金锺国).
            out,
            bonus=_page_bonus(out, region, page, untouched, meta, captions),
            odd=1 if region == "mainland" else 0,
        )
    )
    own = _own_characters(out) if (damaged or mainland) and script == "auto" else frozenset()
    _convert_texts(out, script, damaged or mainland, own, unconverted, counts)
    flat, slips = _flattened(out, damaged or mainland, region, page, untouched)
    return out, flat, slips


def _repair_pass(
    texts: Sequence[str],
    script: ScriptMode,
    region: Region,
    page: bool,
    counts: Counts,
    captions: range = range(0),
    japanese: bool = False,
) -> list[str]:
    out = [_repair_encoding(t, counts, japanese) for t in texts]
    out, flat, slips = conversion_repair(out, script, region, counts, page, captions=captions)
    for i in flat:
        out[i], n = restore_fullwidth_punct(out[i], i in slips)
        counts["punct-width"] += n
    return out


def repair_document(
    texts: Sequence[str],
    script: ScriptMode = "auto",
    *,
    region: Region = "",
    page: bool = False,
    captions: range = range(0),
) -> tuple[list[str], dict[str, int]]:
    """Repair every text of one document with one document-level decision; same count out.

    `region` is what the page outside its text says about where it comes from
    (`page_region`): "mainland", "outside" (Taiwan, Hong Kong, Macau) or "" (unknown).
    `page` says the texts are one article's fields and paragraphs (not unrelated lines),
    `captions` which of them are its image captions (often an image's alt as it came).
    The stages run until nothing changes, so a second call changes nothing.
    """
    # A defaultdict is cheaper to make than a Counter (one per text in batch repair).
    counts: Counts = defaultdict(int)
    out = list(texts)
    japanese = writes_japanese(texts)
    for _ in range(_MAX_PASSES):
        new = _repair_pass(out, script, region, page, counts, captions, japanese)
        if new == out:
            break
        # The stages run in an order where each feeds the next; another pass is needed
        # only when a later stage left something an earlier one repairs (mojibake next to
        # removed pinyin). The conversion stages do nothing on their own output.
        changed = [t for t, before in zip(new, out) if t != before]
        out = new
        scratch: Counts = defaultdict(int)
        if all(_repair_encoding(t, scratch, japanese) == t for t in changed):
            break
    out = [b if a is b else _keep_lines(a, b) for a, b in zip(texts, out)]
    return out, {k: v for k, v in counts.items() if v}


def without_readings(text: str) -> str:
    """The text with the readings a converting proxy put after characters (`來(lái)源`)
    removed, for reading labels; text without such readings comes back as it is."""
    if "(" not in text and "（" not in text:
        return text
    return remove_pinyin_marked(text)[0]


def repair_text(text: str, script: ScriptMode = "auto") -> str:
    """Repair one string (a paragraph or a whole document)."""
    return repair_document([text], script)[0][0]


def normalize_author_name(name: str) -> str:
    """Remove the padding spaces newspapers put between the characters of a Han name."""
    parts = name.split()
    if len(parts) > 1 and all(HAN_RE.fullmatch(p[-1]) and HAN_RE.fullmatch(p[0]) for p in parts):
        return "".join(parts)
    out = []
    for i, ch in enumerate(name):
        padding = ch.isspace() and 0 < i < len(name) - 1
        if padding and HAN_RE.match(name[i - 1]) and HAN_RE.match(name[i + 1]):
            continue
        out.append(ch)
    return " ".join("".join(out).split())


def article_region(article: Article) -> Region:
    """`page_region` of an article: its URLs, declared language and declared charsets."""
    charsets: list[str] = []
    decision = article.provenance.charset
    if decision is not None:
        # Declarations only ('meta: gbk', 'http: big5'): a detector's guess is no evidence.
        for clue in decision.evidence:
            source, _, label = clue.partition(":")
            if source.strip() in ("meta", "http", "bom"):
                charsets.append(label.split()[0] if label.split() else "")
    url = article.canonical_url if "://" in article.canonical_url else article.url
    region = page_region(url, article.language, charsets)
    if region == "" and url != article.url:
        region = page_region(article.url, article.language, charsets)
    return region


def repair_article(article: Article, settings: Settings) -> Article:
    """Repair all text fields of an article together and record the counts in provenance."""
    if not settings.repair:
        return article
    fields: list[str] = [
        article.title,
        article.description,
        article.site_name,
        article.source,
        article.column,
        *article.breadcrumb,
        *article.paragraphs,
        *(img.caption for img in article.images),
        *(a.normalized or a.name for a in article.authors),
    ]
    first = 5 + len(article.breadcrumb) + len(article.paragraphs)
    fixed, counts = repair_document(
        fields,
        settings.script,
        region=article_region(article),
        page=True,
        captions=range(first, first + len(article.images)),
    )
    it = iter(fixed)
    title, description, site_name, source, column = (next(it) for _ in range(5))
    breadcrumb = tuple(next(it) for _ in article.breadcrumb)
    paragraphs = tuple(next(it) for _ in article.paragraphs)
    images = tuple(replace(img, caption=next(it)) for img in article.images)
    authors = tuple(
        Author(name=a.name, normalized=normalize_author_name(next(it)), role=a.role)
        for a in article.authors
    )
    body = "\n".join([title, *paragraphs]) or "\n".join(fixed)
    script = detect_script(body) or article.script
    language = article.language or guess_language(body, script)
    merged = Counter(dict(article.provenance.repairs))
    merged.update(counts)
    provenance = replace(article.provenance, repairs=dict(merged))
    return replace(
        article,
        title=title,
        description=description,
        site_name=site_name,
        source=source,
        column=column,
        breadcrumb=breadcrumb,
        paragraphs=paragraphs,
        images=images,
        authors=authors,
        script=script,
        language=language,
        provenance=provenance,
    )
