"""Decide a document's charset from every clue and decode it.

Clues, cheapest first: a byte-order mark; pure ASCII; strict UTF-8 validity (multi-byte UTF-8
almost never validates by accident, so it beats any declaration); the HTTP header and the
page's own `<meta charset>` / `http-equiv` / XML declaration; a sniff of the usual legacy
charsets; charset-normalizer as the last resort. Every candidate is checked against the text it
produces (replacement characters, C1 controls, private-use characters, rare Han characters,
mojibake pairs), because real pages lie: GBK served as iso-8859-1, UTF-8 declaring gb2312,
gb2312 pages using GBK-only characters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

from jzcli.decode.utf8 import remember
from jzcli.models import CharsetDecision
from jzcli.patterns import lazy_compile

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.I,
)
_META_SCAN = 16384
"""Bytes searched for a declaration; real pages put it well past the 1 KB the spec allows."""
_SAMPLE = 65536
"""Bytes decoded to judge a candidate; the winner alone decodes the whole document."""
_SCORE_CHARS = 16384
"""Characters of a candidate's text that are judged (enough for a stable share)."""
_DETECTOR_BYTES = 131072
_ACCEPT = 0.9
"""Plausibility a declared or sniffed charset needs to be taken without further search."""

# Chinese legacy charsets are all read as their superset, as browsers do.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "euc-cn": "gb18030",
    "euc_cn": "gb18030",
    "hz-gb-2312": "hz",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-sjis": "cp932",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "unicode": "utf-16",
    "utf8": "utf-8",
}
_SUPERSET_CODECS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
}
_CJK_CODECS = {"gb18030", "big5hkscs", "cp932", "euc_jp", "cp949", "johab", "hz", "iso2022_jp"}
_LATIN_CODECS = {
    "cp1252",
    "cp1250",
    "cp1257",
    "cp1254",
    "iso8859-2",
    "iso8859-15",
    "iso8859-9",
    "mac-roman",
}
# Without a declaration, these are tried (on a sample) before the slower detector.
_SNIFF = ("gb18030", "big5hkscs")

_SPACED_HAN = lazy_compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")
_C1_OR_PUA = lazy_compile(r"[\x80-\x9f\ue000-\uf8ff\ufffd]")
_HAN_RUN = lazy_compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")
_C1_OR_PUA_RUN = lazy_compile(r"[\x80-\x9f\ue000-\uf8ff\ufffd]+")
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
# Multi-byte text read one byte at a time: runs of three or more accented letters and symbols,
# which real Latin-script text (ações, Größe) almost never has.
_MOJIBAKE_RUN = lazy_compile(r"[\x80-\xff\u0152-\u02dc\u2013-\u2122]{3,}")
# Non-letters that legitimately sit in any text: punctuation, symbols, CJK punctuation, shapes.
_NEUTRAL = lazy_compile(
    r"[\xa0-\xbf\xd7\xf7\u2000-\u2bff\u3000-\u303f\u3200-\u33ff\ufe30-\ufe4f\uff00-\uffef"
    r"\u0370-\u03ff\u0400-\u04ff]"
)
# The pinyin letters GB2312 and Big5 hold: readings in Chinese text (網(wǎng)).
_PINYIN_LETTER = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ]")


_SHORT = 1024


def _common_latin_fits(raw: bytes) -> bool:
    """Whether a short input reads as windows-1252 without C1 controls or undefined bytes."""
    if len(raw) >= _SHORT:
        return False
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return not _C1_OR_PUA.search(text)


def normalize_charset(name: str) -> str | None:
    """Map a declared charset label to the Python codec jz decodes it with (None: unknown)."""
    label = name.strip().strip("\"'").lower()
    if not label:
        return None
    if label in _SUPERSETS:
        return _SUPERSETS[label]
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # Only a text encoding is evidence: Python also finds "idna", "punycode", "undefined"
    # and escape codecs under charset-like names, which no page is written in.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return _SUPERSET_CODECS.get(info.name, info.name)


_NOT_CHARSETS = frozenset(
    {"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7"}
)


def declared_meta_charset(raw: bytes) -> str | None:
    """The charset a page declares in <meta charset>, http-equiv or <?xml encoding?>."""
    head = raw[:_META_SCAN]
    match = _META.search(head)
    if not match:
        return None
    label = match.group(1) or match.group(2)
    return label.decode("ascii", "replace")


@lru_cache(maxsize=4)
def _common_han(codec: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The everyday Han characters of a charset: Big5's 5,401 level-1, or for GBK/GB18030
    GB2312's 6,763 and those Big5 ones too (a page converted to Traditional Chinese keeps
    its GBK charset; one character, and a run of them: see `_count`)."""
    big5 = range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], "big5"
    gb2312 = range(0xB0, 0xF8), list(range(0xA1, 0xFF)), "gb2312"
    chars: set[str] = set()
    for rows, lows, name in [big5] if codec == "big5hkscs" else [big5, gb2312]:
        blob = b"".join(bytes((hi, lo)) for hi in rows for lo in lows)
        chars |= set(blob.decode(name, errors="replace")) - {"\ufffd"}
    members = "".join(sorted(chars))
    return re.compile(f"[{members}]"), re.compile(f"[{members}]+")


def _count(char: re.Pattern[str], runs: re.Pattern[str], text: str) -> int:
    """How many characters of `text` are in a class (`char` matches one, `runs` a run): one
    match per run costs far less than one per character on Chinese text."""
    first = char.search(text)
    if first is None:
        return 0
    return sum(map(len, runs.findall(text, first.start())))


@dataclass(frozen=True)
class _Trial:
    codec: str
    score: float
    note: str
    text: str | None = None  # the whole text, when the sample was all of it


def plausibility(text: str, codec: str) -> tuple[float, str]:
    """How much `text` looks like real text for `codec` (0..1), and a short reason."""
    sample = text[:_SCORE_CHARS]
    # Only the non-ASCII characters carry evidence; counting on them alone is much cheaper.
    wide = _ASCII_RUN.sub("", sample)
    non_ascii = len(wide)
    if not non_ascii:
        return 1.0, "ascii only"
    if codec in ("gb18030", "big5hkscs"):
        # The classes counted below hold no Han character: they are counted on what is left
        # without the Han characters (mostly punctuation), a fraction of Chinese text.
        rest = _HAN_RUN.sub("", wide)
        han = non_ascii - len(rest)
        bad = _count(_C1_OR_PUA, _C1_OR_PUA_RUN, rest)
        neutral = len(_NEUTRAL.findall(rest))
        common = _count(*_common_han(codec), wide)
        # Korean or Japanese read as Chinese: spaces between Han characters, kana, odd symbols.
        spaced = len(_SPACED_HAN.findall(sample))
        pinyin = len(_PINYIN_LETTER.findall(rest))
        other = max(0, non_ascii - han - neutral - bad - pinyin)
        bad += (han - common) + other + 3 * spaced
        good = common
        note = f"{common}/{han} common han"
        return _score(good, bad, note)
    bad = _count(_C1_OR_PUA, _C1_OR_PUA_RUN, wide)
    neutral = len(_NEUTRAL.findall(wide))
    if codec in _CJK_CODECS or codec.startswith(("utf", "iso2022")):
        good = non_ascii - bad - neutral
        note = f"{bad} bad"
    elif codec in _LATIN_CODECS:
        runs = sum(len(run) for run in _MOJIBAKE_RUN.findall(sample))
        bad += runs
        good = max(0, non_ascii - neutral - bad)
        note = f"{runs} characters in mojibake runs"
    else:
        good = sum(1 for ch in wide if ch.isalpha())
        note = f"{bad} bad"
    return _score(good, bad, note)


def _score(good: int, bad: int, note: str) -> tuple[float, str]:
    if good + bad <= 0:
        return (0.5 if bad else 1.0), note + ", symbols only"
    return good / (good + bad), note


def _try(raw: bytes, codec: str) -> _Trial:
    """Decode a sample of `raw` with `codec` and judge the result."""
    try:
        text = raw[:_SAMPLE].decode(codec, errors="replace")
    except LookupError:
        return _Trial(codec, 0.0, "unknown codec")
    if len(raw) > _SAMPLE and text.endswith("\ufffd"):
        text = text.rstrip("\ufffd")  # a character cut by the sample's end
    score, note = plausibility(text, codec)
    return _Trial(codec, score, note, text if len(raw) <= _SAMPLE else None)


def _finish(
    raw: bytes,
    codec: str,
    source: str,
    confidence: float,
    evidence: list[str],
    text: str | None = None,
) -> tuple[str, CharsetDecision]:
    """The decision, with `raw` decoded (`text`, when a trial already decoded all of it)."""
    if text is None:
        text = raw.decode(codec, errors="replace")
    if codec == "utf-16" or codec == "utf-32" or codec == "utf-8-sig":
        text = text.lstrip("\ufeff")
    bad = text.count("\ufffd")
    if codec == "utf-8" and not bad:
        remember(text, raw)  # nothing replaced: `raw` is the text's UTF-8
    if bad:
        evidence.append(f"decoded: {bad} replacement characters")
    decision = CharsetDecision(codec, source, round(confidence, 3), tuple(evidence), bad)
    return text, decision


def _detect(raw: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:_DETECTOR_BYTES]).best()
    return best.encoding if best is not None else None


def decode_bytes(
    raw: bytes, *, http_charset: str | None = None, is_html: bool = False
) -> tuple[str, CharsetDecision]:
    """Decode `raw`, returning the text and the decision with its evidence."""
    evidence: list[str] = []
    if http_charset:
        evidence.append(f"http: {http_charset}")
    meta = declared_meta_charset(raw) if is_html else None
    if meta:
        evidence.append(f"meta: {meta}")
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            evidence.append(f"bom: {codec}")
            return _finish(raw, codec, "bom", 1.0, evidence)
    declared: list[tuple[str, str]] = []
    for label, source in ((http_charset, "http"), (meta, "meta")):
        known = normalize_charset(label) if label else None
        if label and known is None:
            evidence.append(f"{source}: unknown charset {label!r} ignored")
        if known and known not in (c for c, _ in declared):
            declared.append((known, source))

    if raw.isascii():
        evidence.append("bytes: ascii only")
        for codec, source in declared:
            if codec not in ("utf-16", "utf-32", "utf_16", "utf_32", "hz", "iso2022_jp"):
                continue
            return _finish(raw, codec, source, 0.9, evidence)
        return _finish(raw, "utf-8", "utf8", 1.0, evidence)

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        evidence.append(f"utf-8: invalid at byte {exc.start}")
    else:
        evidence.append("utf-8: valid")
        for codec, source in declared:
            if codec != "utf-8":
                evidence.append(f"{source} {codec} overruled by valid utf-8")
        remember(text, raw)
        return text, CharsetDecision("utf-8", "utf8", 1.0, tuple(evidence), 0)

    trials: list[tuple[_Trial, str]] = []
    for codec, source in declared:
        trial = _try(raw, codec)
        evidence.append(f"{source} {codec}: {trial.score:.2f} ({trial.note})")
        trials.append((trial, source))
        if trial.score >= _ACCEPT:
            return _finish(raw, codec, source, trial.score, evidence, trial.text)

    tried = {t.codec for t, _ in trials}
    for codec in _SNIFF:
        if codec in tried:
            continue
        trial = _try(raw, codec)
        evidence.append(f"sniff {codec}: {trial.score:.2f} ({trial.note})")
        trials.append((trial, "detector"))
        tried.add(codec)
        if trial.score >= _ACCEPT:
            return _finish(raw, codec, "detector", trial.score, evidence, trial.text)

    found = _detect(raw)
    if found:
        codec = normalize_charset(found) or found
        if codec in _LATIN_CODECS and codec != "cp1252" and _common_latin_fits(raw):
            # A short text is too little evidence for a rarer Latin charset (caf\xe9 read
            # as cp1250 gives "naďve"): windows-1252 wins when it reads the bytes cleanly.
            evidence.append(f"detector {found} on {len(raw)} bytes: windows-1252 preferred")
            found, codec = "windows-1252", "cp1252"
        if codec not in tried:
            trial = _try(raw, codec)
            evidence.append(f"detector {found}: {trial.score:.2f} ({trial.note})")
            trials.append((trial, "detector"))
        else:
            evidence.append(f"detector: {found}")
    utf8 = _try(raw, "utf-8")
    evidence.append(f"utf-8 with replacements: {utf8.score:.2f} ({utf8.note})")
    trials.append((utf8, "fallback"))
    # Declared charsets win near-ties: the author knew something the statistics do not.
    rank = {"http": 0.02, "meta": 0.02, "detector": 0.01, "fallback": 0.0}
    best, source = max(trials, key=lambda ts: ts[0].score + rank[ts[1]])
    return _finish(raw, best.codec, source, best.score, evidence, best.text)
