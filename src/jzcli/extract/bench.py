"""Adapters for the extraction benchmark: raw page bytes in, article body text out."""

from __future__ import annotations

from jzcli.errors import JzError
from jzcli.models import Page
from jzcli.pipeline import extract_page, process_page
from jzcli.settings import Settings

_SETTINGS = Settings()


def extract_body_text(html: bytes, url: str) -> str:
    """The article body jz finds in `html` (decode, extract, repair, dedupe); "" when none."""
    try:
        article = process_page(Page(url or "", html, kind="html"), _SETTINGS)
    except JzError:
        return ""
    return "\n".join(article.paragraphs)


def extract_only_text(html: bytes, url: str) -> str:
    """Decode and extract only (no repair, no dedupe): measures the extraction stage alone."""
    try:
        article = extract_page(Page(url or "", html, kind="html"), _SETTINGS)
    except JzError:
        return ""
    return "\n".join(article.paragraphs)


def extract_metadata(html: bytes, url: str) -> dict[str, object]:
    """The metadata jz gives the article: title, authors, published, site_name, image."""
    try:
        article = process_page(Page(url or "", html, kind="html"), _SETTINGS, require_text=False)
    except JzError:
        return {"title": "", "authors": [], "published": "", "site_name": "", "image": ""}
    names: list[str] = []
    for author in article.authors:
        if author.normalized not in names:
            names.append(author.normalized)
    return {
        "title": article.title,
        "authors": names,
        "published": article.published,
        "site_name": article.site_name,
        "image": article.image,
    }
