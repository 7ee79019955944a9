"""Decide a document's charset from every clue and decode it."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from jzcli.models import CharsetDecision

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Chinese legacy charsets are all read as their superset, as browsers do.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}


def normalize_charset(name: str) -> str | None:
    """Map a declared charset label to the Python codec jz decodes it with (None: unknown)."""
    label = name.strip().strip("\"'").lower()
    if not label:
        return None
    if label in _SUPERSETS:
        return _SUPERSETS[label]
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return _SUPERSETS.get(codec, codec)


def declared_meta_charset(raw: bytes) -> str | None:
    """The charset a page declares in <meta charset> or http-equiv, from its first 4 KB."""
    match = _META.search(raw[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def decode_bytes(
    raw: bytes, *, http_charset: str | None = None, is_html: bool = False
) -> tuple[str, CharsetDecision]:
    """Decode `raw`, returning the text and the decision with its evidence."""
    evidence: list[str] = []
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            text = raw.decode(codec, errors="replace")
            return text, CharsetDecision(codec, "bom", 1.0, ("bom: " + codec,), text.count("\ufffd"))
    if http_charset:
        evidence.append(f"http: {http_charset}")
    meta = declared_meta_charset(raw) if is_html else None
    if meta:
        evidence.append(f"meta: {meta}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if any(b > 0x7F for b in raw[:65536]) or not (http_charset or meta):
            evidence.append("utf-8: valid")
            return text, CharsetDecision("utf-8", "utf8", 0.99, tuple(evidence))
    for label, source in ((meta, "meta"), (http_charset, "http")):
        codec = normalize_charset(label) if label else None
        if codec and codec not in ("utf-8", "cp1252"):
            text = raw.decode(codec, errors="replace")
            bad = text.count("\ufffd")
            if bad <= max(2, len(text) // 2000):
                return text, CharsetDecision(codec, source, 0.9, tuple(evidence), bad)
    best = from_bytes(raw[:200_000]).best()
    if best is not None:
        codec = normalize_charset(best.encoding) or best.encoding
        evidence.append(f"detector: {best.encoding}")
        text = raw.decode(codec, errors="replace")
        return text, CharsetDecision(codec, "detector", 0.7, tuple(evidence), text.count("\ufffd"))
    text = raw.decode("utf-8", errors="replace")
    return text, CharsetDecision("utf-8", "fallback", 0.1, tuple(evidence), text.count("\ufffd"))
