"""Decide from the Content-Type header and the first bytes whether a body is HTML or text."""

from __future__ import annotations

from typing import Literal

Kind = Literal["html", "text"]

_HTML_TYPES = {"text/html", "application/xhtml+xml", "application/xhtml", "application/html"}
_TEXT_TYPES = {"text/plain", "text/markdown", "text/x-markdown"}
# Labels servers send when they do not know (or do not say) what the body is.
_GENERIC_TYPES = {
    "",
    "application/octet-stream",
    "binary/octet-stream",
    "application/unknown",
    "application/x-unknown",
    "application/download",
    "application/force-download",
    "unknown/unknown",
    "text/unknown",
}
# Magic numbers of the binary formats news links most often point at.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF (WebP, AVI or WAV) file"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg file"),
    (b"\x00\x00\x00", "a binary (video or font) file"),
)
# XML labels sometimes carry XHTML pages; read the bytes to tell.
_XML_TYPES = {"text/xml", "application/xml"}
_HTML_MARKERS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<meta",
    b"<title",
    b"<div",
    b"<p>",
)


# Byte-order marks of UTF-16 and UTF-32 (either order): text whose bytes hold NULs. The
# decoder reads all four; UTF-32LE's starts with UTF-16LE's.
WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def ascii_head(head: bytes) -> bytes:
    """The first bytes as UTF-8 when a wide BOM starts them (so markup can be sniffed)."""
    if not head.startswith(WIDE_BOMS):
        return head
    codec = "utf-32" if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) else "utf-16"
    return head[: len(head) // 4 * 4].decode(codec, "ignore").encode("utf-8", "ignore")


def media_type(content_type: str) -> str:
    """The lower-case type/subtype of a Content-Type value, without parameters."""
    return content_type.split(";", 1)[0].strip().lower()


def is_generic(content_type: str) -> bool:
    """True when the header does not really say what the body is."""
    return media_type(content_type) in _GENERIC_TYPES


def kind_from_header(content_type: str) -> Kind | None:
    """html or text when the header says so; None when it names another type or nothing."""
    mtype = media_type(content_type)
    if mtype in _HTML_TYPES:
        return "html"
    if mtype in _TEXT_TYPES:
        return "text"
    return None


def rejected_by_header(content_type: str) -> bool:
    """True when the header alone shows the body is not for jz (no need to download it)."""
    mtype = media_type(content_type)
    return not (kind_from_header(content_type) or mtype in _GENERIC_TYPES or mtype in _XML_TYPES)


def binary_format(head: bytes) -> str | None:
    """A description of the binary format the bytes start with, if recognised."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if b"\x00" in head[:1024] and not head.startswith(WIDE_BOMS):
        return "a binary file"
    return None


def sniff_kind(head: bytes) -> Kind | None:
    """html or text from the first bytes; None when they look binary."""
    if binary_format(head) is not None:
        return None
    lowered = ascii_head(head[:8192])[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(marker in lowered for marker in _HTML_MARKERS):
        return "html"
    return "text"


def classify(
    content_type: str, head: bytes, *, accept_any: bool = False
) -> tuple[Kind | None, str]:
    """(html or text, "") when jz can read the body; (None, what it is) when it cannot."""
    declared = kind_from_header(content_type)
    if accept_any:
        return declared or sniff_kind(head) or "text", ""
    binary = binary_format(head)
    if binary is not None:
        # Magic bytes beat the header: servers label PDFs and images text/html surprisingly often.
        return None, binary
    if declared is not None:
        return declared, ""
    if is_generic(content_type):
        return sniff_kind(head), ""
    if media_type(content_type) in _XML_TYPES and sniff_kind(head) == "html":
        return "html", ""
    return None, f"of type {media_type(content_type)}"
