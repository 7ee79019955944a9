"""Leftover HTML entities, invisible characters and full-width ASCII letters and digits."""

from __future__ import annotations

import html
import re

# An entity with its closing semicolon; without it `&copy=1` in a URL would be eaten.
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Zero-width space, word joiner, BOM and soft hyphen never carry meaning in news text.
_INVISIBLE_RE = re.compile("[\u200b\u2060\ufeff\u00ad]")
# ZWNJ and ZWJ do carry meaning in Arabic, Indic scripts and emoji sequences: drop them
# only when neither neighbour belongs to such a script.
_JOINER_RE = re.compile("[\u200c\u200d]")
_JOINING_SCRIPT_RE = re.compile(
    "[\u0600-\u08ff\u0900-\u0dff\ufe0f\u2600-\u27bf\U0001f000-\U0001faff]"
)
_FULLWIDTH_ALNUM_RE = re.compile("[０-９Ａ-Ｚａ-ｚ]")
_NARROW = {c: c - 0xFEE0 for c in range(ord("０"), ord("ｚ") + 1) if chr(c - 0xFEE0).isalnum()}
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_MAX_ROUNDS = 4
_ANY_RE = re.compile("[&\u200b-\u200d\u2060\ufeff\u00ad０-９Ａ-Ｚａ-ｚ]")


def needs_normalizing(text: str) -> bool:
    """Cheap check: could any of this module's repairs apply?"""
    return _ANY_RE.search(text) is not None


def remove_invisible(text: str) -> tuple[str, int]:
    """Remove zero-width characters, BOMs and soft hyphens; count the removals."""
    out, n = _INVISIBLE_RE.subn("", text)
    if "\u200c" in out or "\u200d" in out:
        out, m = _JOINER_RE.subn(lambda mo: _keep_joiner(mo, out), out)
        n += m
    return out, n


def _keep_joiner(mo: re.Match[str], text: str) -> str:
    start, end = mo.start(), mo.end()
    around = text[max(0, start - 1) : start] + text[end : end + 1]
    # subn counts every match; a kept joiner costs one miscount, harmless for statistics.
    return mo.group() if _JOINING_SCRIPT_RE.search(around) else ""


def _entity(mo: re.Match[str]) -> str:
    value = html.unescape(mo.group())
    # &nbsp; in scraped text is layout padding where the writer typed a plain space.
    if value == "\xa0":
        return " "
    if value == mo.group():
        return value
    # A decoded line break would split a line; a space keeps the text on one line.
    if any(c in _LINE_BREAKS for c in value):
        return " "
    return value


def unescape_entities(text: str) -> tuple[str, int]:
    """Decode HTML entities (double-escaped ones too); count the decoded entities."""
    total = 0
    for _ in range(_MAX_ROUNDS):
        if "&" not in text:
            break
        new, n = _ENTITY_RE.subn(_entity, text)
        if new == text:
            break
        total += n
        text = new
    return text, total


def narrow_alnum(text: str) -> tuple[str, int]:
    """Full-width ASCII letters and digits (ＡＢＣ１２３) -> ASCII."""
    n = len(_FULLWIDTH_ALNUM_RE.findall(text))
    return (text.translate(_NARROW), n) if n else (text, 0)
