"""jz: fetch, extract, repair and export news articles.

The Python API (see README, "Python API"), loaded on first use so that `jz --help` stays fast:

- `fetch_article(url)`: fetch an article and clean it.
- `clean_page(bytes_or_text, url, kind="html")`, `clean_text(text)`: clean a saved page or text.
- `repair_text(text, script="auto")`: repair charset, mojibake, pinyin and script damage.
- `dedupe_paragraphs(paragraphs, similarity=0.85)`: remove repeated paragraphs.
- `Article` (with `to_dict()`), `Settings`, `FetchSettings`; errors are `JzError`s.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from jzcli.api import (
        Article,
        FetchSettings,
        Settings,
        clean_page,
        clean_text,
        dedupe_paragraphs,
        fetch_article,
        repair_text,
    )
    from jzcli.errors import ExitCode, JzError

_API = {
    "Article": "jzcli.api",
    "FetchSettings": "jzcli.api",
    "Settings": "jzcli.api",
    "clean_page": "jzcli.api",
    "clean_text": "jzcli.api",
    "dedupe_paragraphs": "jzcli.api",
    "fetch_article": "jzcli.api",
    "repair_text": "jzcli.api",
    "ExitCode": "jzcli.errors",
    "JzError": "jzcli.errors",
}

__all__ = [
    "Article",
    "ExitCode",
    "FetchSettings",
    "JzError",
    "Settings",
    "__version__",
    "clean_page",
    "clean_text",
    "dedupe_paragraphs",
    "fetch_article",
    "repair_text",
]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
