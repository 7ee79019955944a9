"""Fetch stage: download pages (httpx lives only here) and follow multi-page articles."""

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
