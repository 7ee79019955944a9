"""Fetch stage: download pages (httpx lives only here) and follow multi-page articles."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jzcli.fetch.client import (
        Fetcher,
        Recorder,
        RequestGate,
        fetch_article,
        fetch_page,
        follow_pages,
        follow_refresh,
    )

__all__ = [
    "Fetcher",
    "Recorder",
    "RequestGate",
    "fetch_article",
    "fetch_page",
    "follow_pages",
    "follow_refresh",
]


def __getattr__(name: str) -> Any:
    # httpx is imported on first use, not when a sibling module (e.g. fetch.warc) is.
    if name in __all__:
        return getattr(import_module("jzcli.fetch.client"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
