"""What jz agrees to read: HTML or text, by header and by the bytes."""

from __future__ import annotations

import pytest

from jzcli.fetch.content import classify, rejected_by_header

HTML = b"<!DOCTYPE html><html><body><p>x</p></body></html>"


@pytest.mark.parametrize(
    ("content_type", "head", "kind"),
    [
        ("text/html; charset=gbk", HTML, "html"),
        ("application/xhtml+xml", HTML, "html"),
        ("TEXT/HTML", b"plain words", "html"),
        ("text/plain; charset=utf-8", "正文".encode(), "text"),
        ("", HTML, "html"),
        ("application/octet-stream", HTML, "html"),
        ("application/octet-stream", "正文。".encode(), "text"),
        ("text/xml", b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', "html"),
    ],
)
def test_readable(content_type: str, head: bytes, kind: str) -> None:
    assert classify(content_type, head) == (kind, "")


@pytest.mark.parametrize(
    ("content_type", "head", "what"),
    [
        ("application/pdf", b"%PDF-1.7", "a PDF document"),
        ("text/html", b"%PDF-1.4", "a PDF document"),
        ("", b"\x89PNG\r\n", "a PNG image"),
        ("application/octet-stream", b"PK\x03\x04", "a ZIP archive (or Office document)"),
        ("text/xml", b'<?xml version="1.0"?><rss>', "of type text/xml"),
        ("application/json", b"{}", "of type application/json"),
        ("", b"ab\x00\x01cd", "a binary file"),
    ],
)
def test_refused(content_type: str, head: bytes, what: str) -> None:
    assert classify(content_type, head) == (None, what)


def test_accept_any_takes_everything() -> None:
    assert classify("application/pdf", b"%PDF", accept_any=True) == ("text", "")
    assert classify("text/html", b"%PDF", accept_any=True) == ("html", "")


def test_rejected_by_header() -> None:
    assert rejected_by_header("application/pdf")
    assert rejected_by_header("image/jpeg")
    assert not rejected_by_header("text/html; charset=utf-8")
    assert not rejected_by_header("")
    assert not rejected_by_header("application/octet-stream")
    assert not rejected_by_header("application/xml")
