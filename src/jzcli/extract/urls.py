"""Resolve the addresses a page links to, without failing on malformed ones.

Pages carry broken links (`http://[oops/`, a port of 99999): `urllib.parse` raises
ValueError on them. One bad `<img>`, canonical or base link must not cost the article, and
one bad link must not end a column crawl: the callers skip what `join_url` refuses and
count it.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def join_url(base: str, href: str) -> str | None:
    """`href` resolved against `base`, or None when either is not a well-formed URL."""
    try:
        joined = urljoin(base, href)
        parts = urlsplit(joined)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        return None
    return joined


def is_malformed(href: str, base: str) -> bool:
    """True when `href` (resolved against `base`) cannot be parsed as a URL."""
    return bool(href.strip()) and join_url(base, href.strip()) is None
