"""A page's text as UTF-8 bytes, encoded once per page.

Several stages read a page's text as UTF-8 bytes, where C code scans faster than a regex
walks characters: the check for binary content, the page repair's Han check, and the
parser (lexbor parses UTF-8; given a `str`, selectolax encodes it first). A page that was
valid UTF-8 already has those bytes: the decoder hands them over (`remember`), and the
stages ask `utf8_of` instead of encoding the text again. Only the last text is kept, by
identity (`is`): an equal text made elsewhere is encoded as before, and so is any text
after the next page's. The answer is always `text.encode("utf-8", "surrogatepass")`.
"""

from __future__ import annotations

_last: tuple[str, bytes, bool] = ("", b"", True)
"""The last text, its UTF-8 bytes, and whether it holds no lone surrogate."""


def remember(text: str, raw: bytes) -> None:
    """Note that `raw` is `text` in UTF-8 (`text` was decoded from `raw`, strictly)."""
    global _last
    _last = (text, raw, True)  # one assignment: a reader sees the old pair or the new one


def _entry(text: str) -> tuple[str, bytes, bool]:
    global _last
    last = _last
    if last[0] is text:
        return last
    try:
        entry = (text, text.encode("utf-8"), True)
    except UnicodeEncodeError:  # lone surrogates (text not decoded from bytes)
        entry = (text, text.encode("utf-8", "surrogatepass"), False)
    _last = entry
    return entry


def utf8_of(text: str) -> bytes:
    """`text.encode("utf-8", "surrogatepass")`, without encoding the last text again."""
    return _entry(text)[1]


def parser_input(text: str) -> str | bytes:
    """What to give lexbor for `text`: its UTF-8 bytes, or `text` itself when it holds a
    lone surrogate (selectolax drops those from a `str`; its bytes would parse otherwise)."""
    entry = _entry(text)
    return entry[1] if entry[2] else text
