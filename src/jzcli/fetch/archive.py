"""Archived copies: when an article is gone, read its closest capture from a web archive.

`--archived` asks a Wayback-style availability endpoint (the Internet Archive's
https://archive.org/wayback/available by default; `--archive-endpoint URL` or
JZ_ARCHIVE_ENDPOINT for another) when a URL answers 404 or 410, times out, or cannot be
reached (connection refused or reset, no such host). The answer's
`archived_snapshots.closest.url` names the capture; jz fetches its raw form (the `id_` flag
after the timestamp: the bytes as archived, without the archive's toolbar or rewritten links)
and processes it as the article, under its original URL.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from jzcli.errors import ExitCode, FetchError
from jzcli.fetch.client import Fetcher
from jzcli.models import Article, Page

DEFAULT_ENDPOINT = "https://archive.org/wayback/available"
ENDPOINT_ENV = "JZ_ARCHIVE_ENDPOINT"

_WAYBACK = re.compile(r"/web/(\d{4,14})(?:[a-z]{2}_|\*)?/")


@dataclass(frozen=True)
class Capture:
    """An archived copy of a URL."""

    url: str
    """The raw capture (id_ form)."""
    timestamp: str
    """ISO 8601 (UTC) time of the capture, e.g. 2024-06-30T08:30:00Z."""


def endpoint(option: str | None = None) -> str:
    """The availability endpoint: the option, else JZ_ARCHIVE_ENDPOINT, else the default."""
    return option or os.environ.get(ENDPOINT_ENV, "").strip() or DEFAULT_ENDPOINT


def falls_back(exc: FetchError) -> bool:
    """True for failures an archived copy can answer: gone, timed out, unreachable."""
    if exc.status in (404, 410):
        return True
    return exc.status is None and exc.code in (ExitCode.TIMEOUT, ExitCode.NETWORK)


def raw_capture_url(url: str) -> str:
    """The `id_` form of a Wayback capture URL (unchanged when it is not one)."""
    return _WAYBACK.sub(lambda m: f"/web/{m.group(1)}id_/", url, count=1)


def iso_timestamp(stamp: str) -> str:
    """2024-06-30T08:30:00Z from a Wayback timestamp 20240630083000 (shorter ones padded)."""
    digits = (stamp + "00000000000000")[:14] if stamp.isdigit() else ""
    if not digits:
        return ""
    d = digits
    return f"{d[:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}Z"


async def lookup(fetcher: Fetcher, url: str, where: str) -> Capture | None:
    """The closest capture of `url` the endpoint knows, or None."""
    query = where + ("&" if "?" in where else "?") + urlencode({"url": url})
    page = await fetcher.fetch(query, accept_any=True)
    try:
        data = json.loads(page.content.decode("utf-8", "replace"))
    except ValueError:
        raise FetchError(
            f"the archive at {where} did not answer with JSON. Check --archive-endpoint.",
            ExitCode.HTTP_SERVER,
            url=url,
        ) from None
    snapshots = data.get("archived_snapshots") if isinstance(data, dict) else None
    closest = snapshots.get("closest") if isinstance(snapshots, dict) else None
    if not isinstance(closest, dict) or not isinstance(closest.get("url"), str):
        return None
    if closest.get("available") is False or not str(closest.get("status", "200")).startswith("2"):
        return None
    stamp = str(closest.get("timestamp") or "")
    if not stamp:
        match = _WAYBACK.search(closest["url"])
        stamp = match.group(1) if match else ""
    return Capture(raw_capture_url(closest["url"]), iso_timestamp(stamp))


async def fetch_archived(
    fetcher: Fetcher, url: str, where: str, failure: FetchError
) -> tuple[Page, Capture]:
    """The article's closest archived copy as a Page under its original URL.

    Raises `failure` (the original error, with a note) when the archive holds no copy.
    """
    try:
        capture = await lookup(fetcher, url, where)
    except FetchError as exc:
        raise FetchError(
            f"{failure} The archive could not be asked either: {exc}",
            failure.code,
            url=url,
            status=failure.status,
        ) from None
    if capture is None:
        raise FetchError(
            f"{failure} No archived copy was found either.",
            failure.code,
            url=url,
            status=failure.status,
        ) from None
    page = await fetcher.fetch(capture.url)
    return replace(page, url=url, final_url=url), capture


def mark_archived(article: Article, capture: Capture) -> Article:
    """The article's provenance says it was read from an archived copy."""
    note = f"read from an archived copy: {capture.url} (captured {capture.timestamp})"
    prov = replace(
        article.provenance,
        final_url=capture.url,
        warnings=(*article.provenance.warnings, note),
    )
    return replace(article, provenance=prov)


__all__ = [
    "DEFAULT_ENDPOINT",
    "ENDPOINT_ENV",
    "Capture",
    "endpoint",
    "falls_back",
    "fetch_archived",
    "iso_timestamp",
    "lookup",
    "mark_archived",
    "raw_capture_url",
]
