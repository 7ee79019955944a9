"""WARC files written for the tests with warcio, from the sample pages in tests/data."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SAMPLES = Path(__file__).parent.parent / "data" / "extraction" / "sample" / "html"
PAGES = Path(__file__).parent.parent / "data" / "extraction" / "pages"


def sample_pages() -> list[bytes]:
    """The raw bytes of every sample page (news articles from three benchmark sets)."""
    pages = [gzip.decompress(p.read_bytes()) for p in sorted(SAMPLES.glob("*.html.gz"))]
    pages += [p.read_bytes() for p in sorted(PAGES.glob("*.html"))]
    return pages


@dataclass
class Rec:
    """One record to write: a response unless `kind` says otherwise."""

    url: str
    body: bytes = b""
    kind: str = "response"
    status: str = "200 OK"
    content_type: str = "text/html; charset=utf-8"
    encoding: str = ""
    """'gzip' or 'chunked' (or 'chunked+gzip'): how the HTTP payload is stored."""
    truncated: str = ""
    date: str = ""
    """WARC-Date (default: the time of writing)."""
    http_date: str = ""
    """An HTTP Date header in the archived response."""


def _chunked(data: bytes, size: int = 700) -> bytes:
    out = io.BytesIO()
    for i in range(0, len(data), size):
        piece = data[i : i + size]
        out.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
    out.write(b"0\r\n\r\n")
    return out.getvalue()


def write_warc(path: Path, records: Iterable[Rec], *, gzipped: bool = True) -> dict[str, str]:
    """Write the records; return each response's payload digest by URL (for revisits)."""
    digests: dict[str, str] = {}
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzipped)
        for r in records:
            if r.kind == "revisit":
                original = r.body.decode()
                http = StatusAndHeaders(r.status, [("Content-Type", r.content_type)], "HTTP/1.1")
                record = writer.create_revisit_record(
                    r.url, digests[original], original, "2024-05-01T00:00:00Z", http_headers=http
                )
            elif r.kind in ("request", "metadata", "resource"):
                record = writer.create_warc_record(
                    r.url,
                    r.kind,
                    payload=io.BytesIO(r.body),
                    warc_content_type=r.content_type if r.kind == "resource" else None,
                )
            else:
                body = r.body
                headers = [("Content-Type", r.content_type)]
                if r.http_date:
                    headers.append(("Date", r.http_date))
                if "gzip" in r.encoding:
                    body = gzip.compress(body)
                    headers.append(("Content-Encoding", "gzip"))
                if "chunked" in r.encoding:
                    body = _chunked(body)
                    headers.append(("Transfer-Encoding", "chunked"))
                else:
                    headers.append(("Content-Length", str(len(body))))
                http = StatusAndHeaders(r.status, headers, protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    r.url, "response", payload=io.BytesIO(body), http_headers=http
                )
                digests[r.url] = record.rec_headers.get_header("WARC-Payload-Digest")
            if r.truncated:
                record.rec_headers.add_header("WARC-Truncated", r.truncated)
            if r.date:
                record.rec_headers.replace_header("WARC-Date", r.date)
            writer.write_record(record)
    return digests


def article_records(pages: list[bytes], host: str = "news.example.cn") -> list[Rec]:
    return [Rec(f"http://{host}/a/{i}.html", body) for i, body in enumerate(pages)]
