"""The Python API: the functions the `jz` commands are built on, for use without the CLI.

    import jzcli

    article = jzcli.fetch_article("http://www.example.cn/news/content_1.htm")
    article = jzcli.clean_page(open("page.html", "rb").read(), url="http://...")
    article = jzcli.clean_text("标题：…\\n\\n正文…")
    text = jzcli.repair_text("網(wǎng)頁(yè)")           # '网页'
    kept, removed = jzcli.dedupe_paragraphs(["a", "b", "a"])
    print(article.title, article.to_dict())

Errors are `jzcli.JzError` subclasses, with `.code` the exit code the CLI would use.
"""

from __future__ import annotations

from collections.abc import Sequence

from jzcli.models import Article, InputKind, Page, Removal
from jzcli.settings import FetchSettings, ScriptMode, Settings


def clean_page(
    content: bytes | str,
    url: str = "",
    *,
    kind: InputKind = "html",
    settings: Settings | None = None,
    require_text: bool = True,
) -> Article:
    """One clean article from a page's bytes (any charset) or text: extract, repair, dedupe.

    `kind` is "html" for a web page, "text" for scraped text or Markdown, "json" for a jz
    JSON article. `url` is the page's address (links and metadata are resolved against it).
    Raises InputError for empty or binary input and NoArticleError when no text is found
    (with `require_text=False`, an article with the page's metadata and no paragraphs).
    """
    from jzcli.pipeline import process_page

    data = content.encode("utf-8") if isinstance(content, str) else content
    page = Page(url=url, content=data, kind=kind)
    return process_page(page, settings or Settings(), require_text)


def clean_text(text: bytes | str, url: str = "", *, settings: Settings | None = None) -> Article:
    """One clean article from scraped text or Markdown (breadcrumbs, bylines, debris read)."""
    return clean_page(text, url, kind="text", settings=settings)


def fetch_article(
    url: str,
    *,
    settings: Settings | None = None,
    fetch_settings: FetchSettings | None = None,
) -> Article:
    """Fetch an article (continuation pages joined) and clean it; blocks until done.

    Raises FetchError (with `.code`, `.status`) when the page cannot be fetched.
    """
    import asyncio  # here: `jz clean` and `jz fix` do not load it

    from jzcli.fetch import Fetcher
    from jzcli.fetch import fetch_article as fetch_with

    fetch = fetch_settings or FetchSettings()

    async def run() -> Article:
        async with Fetcher(fetch) as fetcher:
            return await fetch_with(fetcher, url, settings or Settings(), max_pages=fetch.max_pages)

    return asyncio.run(run())


def repair_text(text: str, script: ScriptMode = "auto") -> str:
    """Repair a text (wrong charset, mojibake, pinyin after converted characters, entities).

    The whole text is one document: a repair found on some lines is applied to all.
    Lines are kept as they are (one line out per line in).
    """
    from jzcli.repair import repair_document

    lines = text.split("\n")
    repaired, _ = repair_document(lines, script)
    return "\n".join(" ".join(r.splitlines()) for r in repaired)


def dedupe_paragraphs(
    paragraphs: Sequence[str], similarity: float = 0.85, *, near: bool = True
) -> tuple[list[str], list[Removal]]:
    """The paragraphs without repeats (first kept, order kept), and what was removed and why.

    A paragraph at least `similarity` similar (0.5-1.0) to an earlier one is a
    near-duplicate when `near` is true; exact repeats are always removed.
    """
    from jzcli.dedupe import dedupe_paragraphs as dedupe

    return dedupe(paragraphs, similarity=similarity, near=near and similarity < 1.0)


__all__ = [
    "Article",
    "FetchSettings",
    "Settings",
    "clean_page",
    "clean_text",
    "dedupe_paragraphs",
    "fetch_article",
    "repair_text",
]
