"""Keep an article's images (body images and the lead image) beside it: `--images`.

Layout: an image is written once per run folder, as `images/<first 16 hex of its SHA-256>.<ext>`
in the folder of the first article that uses it; every article that shows the same bytes
points at that one file (relative path). Only image bytes are kept: the Content-Type must say
image/* (or say nothing useful) and the first bytes must be a known image format, so an HTML
error page served as image/jpeg is refused. Requests go through the run's fetcher (per-host
gate, robots.txt, retries, --max-bytes). The state store remembers each image URL, so a rerun
or a resumed run reuses what is on disk instead of downloading it again.
"""

from __future__ import annotations

import asyncio
import hashlib
import posixpath
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from jzcli.batch.files import safe_join, write_atomic
from jzcli.errors import JzError
from jzcli.fetch.content import media_type
from jzcli.fetch.urls import normalize_url
from jzcli.models import Article, Page

IMAGE_FOLDER = "images"

# Magic numbers of image formats and the file extension each gets.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", "jpg"),
    (0, b"\x89PNG\r\n\x1a\n", "png"),
    (0, b"GIF87a", "gif"),
    (0, b"GIF89a", "gif"),
    (8, b"WEBP", "webp"),
    (0, b"BM", "bmp"),
    (0, b"\x00\x00\x01\x00", "ico"),
    (4, b"ftypavif", "avif"),
    (4, b"ftypheic", "heic"),
    (0, b"II*\x00", "tif"),
    (0, b"MM\x00*", "tif"),
)
_GENERIC = {"", "application/octet-stream", "binary/octet-stream", "application/unknown"}


def image_format(data: bytes) -> str | None:
    """The extension of the image format the bytes start with; None when not an image."""
    for offset, magic, ext in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            if ext == "webp" and not data.startswith(b"RIFF"):
                continue
            return ext
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "svg"
    return None


class ImageIndex(Protocol):
    """Where image downloads are remembered (the run's state store, or a dict for one fetch)."""

    def image(self, url: str) -> dict[str, Any] | None: ...

    def image_with_sha(self, sha256: str) -> str | None: ...

    def mark_image(
        self,
        url: str,
        *,
        status: str,
        sha256: str = "",
        path: str = "",
        content_type: str = "",
        size: int | None = None,
        error: str = "",
    ) -> None: ...


class MemoryIndex:
    """An ImageIndex for one `jz fetch` (nothing to resume)."""

    def __init__(self) -> None:
        self._rows: dict[str, dict[str, Any]] = {}

    def image(self, url: str) -> dict[str, Any] | None:
        return self._rows.get(url)

    def image_with_sha(self, sha256: str) -> str | None:
        for row in self._rows.values():
            if row["status"] == "done" and row["sha256"] == sha256:
                return str(row["path"])
        return None

    def mark_image(
        self,
        url: str,
        *,
        status: str,
        sha256: str = "",
        path: str = "",
        content_type: str = "",
        size: int | None = None,
        error: str = "",
    ) -> None:
        self._rows[url] = {
            "status": status,
            "sha256": sha256,
            "path": path,
            "content_type": content_type,
            "size": size,
            "error": error,
        }


Fetch = Callable[[str], Awaitable[Page]]


@dataclass(frozen=True)
class KeptImage:
    """One image of an article: where it came from and where it is now (or why not)."""

    url: str
    path: str = ""
    """Relative to the output folder ('' when it could not be kept)."""
    sha256: str = ""
    lead: bool = False
    error: str = ""

    def record(self) -> dict[str, Any]:
        out: dict[str, Any] = {"url": self.url}
        if self.path:
            out["path"] = self.path
            out["sha256"] = self.sha256
        if self.lead:
            out["lead"] = True
        if self.error:
            out["error"] = self.error
        return out


def lead_image(article: Article, page: Page | None = None) -> str:
    """The article's lead image: its `image` field (og:image, twitter:image, JSON-LD image or
    the first body image), else og:image of its first page."""
    if article.image:
        return article.image
    if page is None or page.kind != "html":
        return ""
    from urllib.parse import urljoin

    from selectolax.lexbor import LexborHTMLParser

    head = page.content[:262144].decode("utf-8", "replace")  # only the URL is read
    for node in LexborHTMLParser(head).css("meta[content]"):
        key = (node.attributes.get("property") or node.attributes.get("name") or "").lower()
        if key in ("og:image", "og:image:url", "twitter:image"):
            link = (node.attributes.get("content") or "").strip()
            if link:
                return urljoin(page.final_url or page.url, link)
    return ""


class ImageKeeper:
    """Downloads images into `out_dir` once per content hash, remembering them in `index`."""

    def __init__(
        self, out_dir: Path, index: ImageIndex, fetch: Fetch, subfolder: str = IMAGE_FOLDER
    ) -> None:
        self.out_dir = out_dir
        self.index = index
        self.subfolder = subfolder
        self._fetch = fetch
        self._locks: dict[str, asyncio.Lock] = {}
        self.downloaded = 0

    async def keep(self, article: Article, folder: str, first: Page | None) -> list[KeptImage]:
        """Every image of the article, kept under `folder` (relative to out_dir) if new."""
        urls: list[tuple[str, bool]] = []
        lead = lead_image(article, first)
        if lead:
            urls.append((lead, True))
        urls += [(img.url, False) for img in article.images]
        kept: list[KeptImage] = []
        seen: set[str] = set()
        for raw, is_lead in urls:
            if not raw.startswith(("http://", "https://")):
                continue  # data: URIs are already in the article
            url = normalize_url(raw)
            if url in seen:
                continue
            seen.add(url)
            kept.append(await self._one(url, folder, is_lead))
        return kept

    async def _one(self, url: str, folder: str, lead: bool) -> KeptImage:
        lock = self._locks.setdefault(url, asyncio.Lock())
        async with lock:  # two articles sharing an image download it once
            known = self.index.image(url)
            if known and known["status"] == "done" and self._exists(str(known["path"])):
                return KeptImage(url, str(known["path"]), str(known["sha256"]), lead)
            try:
                page = await self._fetch(url)
            except JzError as exc:
                error = " ".join(str(exc).split())
                self.index.mark_image(url, status="failed", error=error)
                return KeptImage(url, lead=lead, error=error)
            data = page.content
            ctype = media_type(page.content_type)
            ext = image_format(data)
            if ext is None or not (ctype.startswith("image/") or ctype in _GENERIC):
                error = f"not an image (served as {ctype or 'no type'})"
                self.index.mark_image(url, status="failed", content_type=ctype, error=error)
                return KeptImage(url, lead=lead, error=error)
            sha = hashlib.sha256(data).hexdigest()
            async with self._locks.setdefault("sha:" + sha, asyncio.Lock()):
                # Two URLs with the same bytes at once: the second waits and reuses the file.
                path = self.index.image_with_sha(sha)
                if path is None or not self._exists(path):
                    name = f"{sha[:16]}.{ext}"
                    path = posixpath.join(folder, self.subfolder, name)
                    # The file first, then the row: a kill in between only costs a download.
                    await asyncio.to_thread(write_atomic, safe_join(self.out_dir, path), data)
                    self.downloaded += 1
                self.index.mark_image(
                    url, status="done", sha256=sha, path=path, content_type=ctype, size=len(data)
                )
            return KeptImage(url, path, sha, lead)

    def _exists(self, path: str) -> bool:
        try:
            return safe_join(self.out_dir, path).is_file()
        except JzError:
            return False


def localize(article: Article, records: list[dict[str, Any]], article_path: str) -> Article:
    """The article with its images and lead image pointing at the kept copies, relative to
    `article_path`; images that could not be kept keep their remote URL."""
    if not records:
        return article
    here = posixpath.dirname(article_path)
    local = {r["url"]: posixpath.relpath(r["path"], here or ".") for r in records if r.get("path")}
    images = tuple(
        replace(img, url=local.get(normalize_url(img.url), img.url)) for img in article.images
    )
    lead = article.image
    if not lead:
        lead = next((r["url"] for r in records if r.get("lead")), "")
    if lead:
        lead = local.get(normalize_url(lead), lead)
    return replace(article, images=images, image=lead)


__all__ = [
    "IMAGE_FOLDER",
    "ImageIndex",
    "ImageKeeper",
    "KeptImage",
    "MemoryIndex",
    "image_format",
    "lead_image",
    "localize",
]
