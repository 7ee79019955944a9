"""One parse per page: the stages that read a page's HTML share its parsed tree.

Fetching an article reads its page for a refresh target, a canonical link and continuation
links; the extractor then reads it again. Parsing is the costliest step on hostile pages
(lexbor takes time quadratic in the nesting depth: about a minute for 100,000 nested
`<div>`), so the tree parsed for the first reader is kept, keyed by the decoded text, until
the extractor takes it.

- `reading(html)`: a tree to read, never to change (shared, cached).
- `cut_point(html)`: where a page with too many tags is cut before parsing (memory bound).
- `take_page(html)`: a tree the caller owns and may change, and whether it holds only part
  of the page; the cached tree if there is one, which then leaves the cache so that no
  reader sees it changed. `take_page` waits for a reader still using that tree in another
  thread.

The cache holds a few recent pages (bounded in count and in characters), so a tree that no
extractor takes (a listing page, a failed article) only lives until later pages push it out.
Results never depend on the cache: a miss parses the same text again.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from selectolax.lexbor import LexborHTMLParser

from jzcli.decode.utf8 import parser_input, utf8_of

# Memory: lexbor keeps about 180 bytes per node and the flat layout about 500 bytes more per
# element, so a page of a million tiny <p> (10 MB) once took 2 GB. A page is read up to
# its tag budget (at least 100,000 tags, which real pages stay well under, or one tag per
# 50 bytes of the page): a parsed page then needs at most about 20 times its size.
_MIN_TAGS = 100_000
_BYTES_PER_TAG = 50


def tag_budget(html: str) -> int:
    """How many tags of `html` are parsed (see above)."""
    return max(_MIN_TAGS, len(html) // _BYTES_PER_TAG)


def cut_point(html: str) -> int | None:
    """Where `html` is cut to stay within its tag budget, or None when it fits whole."""
    budget = tag_budget(html)
    if html.count("<") <= budget:
        return None
    at = -1
    for _ in range(budget):
        at = html.find("<", at + 1)
    return at


# Depth: lexbor's parse time grows with the square of the nesting depth (30,000 nested <div>
# take 4 s, 100,000 a minute or more). Browsers stop nesting at a fixed depth (Chromium: 512)
# and put deeper elements beside one another; jz does the same before parsing, by leaving out
# the start tags past that depth and as many of the end tags that follow. Only elements
# that nest are counted: not void elements, and not those an HTML parser closes by itself
# (p, li, td...), so a page of unclosed <p> is never touched. A page with fewer tags than
# _DEPTH_SCAN_TAGS is parsed as it is (its depth cannot cost seconds), so ordinary pages
# pay one count of "<" and nothing else.
MAX_DEPTH = 512
_DEPTH_SCAN_TAGS = 20_000
_NESTING_TAG = re.compile(
    r"<(/?)(div|span|section|article|main|aside|nav|header|footer|font|b|i|u|s|em|strong|"
    r"small|big|a|ul|ol|dl|table|blockquote|center|form|fieldset|figure|label|sub|sup|code|"
    r"pre|abbr|cite|q|del|ins|mark|time)(?=[\s/>])",
    re.IGNORECASE,
)


def flatten_depth(html: str, limit: int = MAX_DEPTH) -> str:
    """`html` without the start tags nested deeper than `limit` (and their end tags)."""
    if html.count("<") < _DEPTH_SCAN_TAGS:
        return html
    depth = 0
    dropped = 0
    cuts: list[tuple[int, int]] = []
    for match in _NESTING_TAG.finditer(html):
        if match.group(1):  # an end tag
            if dropped:
                dropped -= 1
                cuts.append(match.span())
            elif depth:
                depth -= 1
        elif depth >= limit:
            dropped += 1
            cuts.append(match.span())
        else:
            depth += 1
    if not cuts:
        return html
    parts: list[str] = []
    at = 0
    for start, end in cuts:
        close = html.find(">", end)
        parts.append(html[at:start])
        at = len(html) if close < 0 else close + 1
    parts.append(html[at:])
    return "".join(parts)


def is_cut(html: str) -> bool:
    """True when `parse` leaves part of `html` out (its tag budget, after `flatten_depth`)."""
    # Under _DEPTH_SCAN_TAGS tags (every page but hostile ones) neither applies: one count.
    return html.count("<") >= _DEPTH_SCAN_TAGS and cut_point(flatten_depth(html)) is not None


def _parse(html: str) -> tuple[LexborHTMLParser, bool]:
    """A new tree of `html` within its tag budget and nesting depth, and whether it was cut."""
    cut = None
    # (Counted in the UTF-8 bytes the parser reads next: a byte count is quicker.)
    if utf8_of(html).count(b"<") >= _DEPTH_SCAN_TAGS:  # below it, nothing is cut or flattened
        html = flatten_depth(html)
        cut = cut_point(html)
        if cut is not None:
            html = html[:cut]
    # Bytes parse faster than a str (which selectolax encodes first); a page that was UTF-8
    # gives its own bytes, not encoded again.
    return LexborHTMLParser(parser_input(html)), cut is not None


def parse(html: str) -> LexborHTMLParser:
    """A new tree of `html` within its tag budget and nesting depth (see above)."""
    return _parse(html)[0]


_MAX_PAGES = 8
_MAX_CHARS = 24_000_000
"""Characters of HTML whose trees the cache may hold at once (about 20 MB pages' worth)."""


class _Entry:
    __slots__ = ("lock", "taken", "tree")

    def __init__(self, tree: LexborHTMLParser) -> None:
        self.tree = tree
        self.lock = threading.Lock()
        self.taken = False


_guard = threading.Lock()
_entries: OrderedDict[str, _Entry] = OrderedDict()
_chars = 0


def _remember(html: str, entry: _Entry) -> _Entry:
    """Store `entry` for `html` (or return the one another thread stored first)."""
    global _chars
    if len(html) > _MAX_CHARS:
        return entry
    with _guard:
        existing = _entries.get(html)
        if existing is not None:
            return existing
        _entries[html] = entry
        _chars += len(html)
        while len(_entries) > _MAX_PAGES or _chars > _MAX_CHARS:
            old, _ = _entries.popitem(last=False)
            _chars -= len(old)
    return entry


@contextmanager
def reading(html: str) -> Iterator[LexborHTMLParser]:
    """The parsed tree of `html`, shared with other readers: do not modify it."""
    with _guard:
        entry = _entries.get(html)
        if entry is not None:
            _entries.move_to_end(html)
    if entry is None:
        entry = _remember(html, _Entry(parse(html)))
    with entry.lock:
        if not entry.taken:
            yield entry.tree
            return
    # Taken by an extractor between the lookup and the lock: read a copy of our own.
    yield parse(html)


def take_page(html: str) -> tuple[LexborHTMLParser, bool]:
    """A parsed tree of `html` that the caller owns (may modify), taken out of the cache,
    and whether the tree holds only part of the page (`is_cut`)."""
    global _chars
    entry = None
    with _guard:
        # An empty cache (pages not fetched here) needs no look-up: that would hash the page.
        if _entries:
            entry = _entries.pop(html, None)
        if entry is not None:
            _chars -= len(html)
    if entry is None:
        return _parse(html)
    with entry.lock:
        entry.taken = True
        return entry.tree, is_cut(html)


def forget() -> None:
    """Drop every cached tree (tests, and callers that want the memory back)."""
    global _chars
    with _guard:
        _entries.clear()
        _chars = 0
