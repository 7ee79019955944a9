"""read_records: a failure of jz's own is no `corrupt` record (damaged bytes are: see
test_warc_cmd's test_damaged_record_headers_are_one_line_not_an_internal_error)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import Any, NoReturn

import brotli
import pytest
from tests.warc.archives import Rec, article_records, sample_pages, write_warc
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from jzcli.warc import reader
from jzcli.warc.reader import PAYLOAD_CUT, Originals, Selection, Skipped, read_records


def _read(path: Path) -> list[Any]:
    with path.open("rb") as stream:
        return list(read_records(stream, str(path), Selection(), Originals()))


def test_a_bug_in_jz_while_selecting_a_record_is_not_called_a_damaged_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.warc.gz"
    write_warc(path, article_records(sample_pages()))
    assert not any(isinstance(item, Skipped) and "corrupt" in item.reason for item in _read(path))

    def broken(*args: Any) -> NoReturn:
        raise AttributeError("'NoneType' object has no attribute 'x'")  # jz's own code

    monkeypatch.setattr(reader, "_select", broken)
    with pytest.raises(AttributeError):
        _read(path)


def test_a_compressed_payload_cut_short_is_flagged_as_truncated(tmp_path: Path) -> None:
    # The crawler archived a gzip body whose end was lost (its Content-Length matching the
    # cut): extracted as the rest are, but flagged like a WARC-Truncated record, never
    # passed off as the whole page. Whole gzip and chunked+gzip payloads are not flagged.
    page = sample_pages()[0]
    whole = Rec("http://n.example.cn/a/1.html", page, encoding="gzip")
    chunked = Rec("http://n.example.cn/a/2.html", page, encoding="chunked+gzip")
    path = tmp_path / "a.warc.gz"
    write_warc(path, [whole, chunked])
    with path.open("ab") as fh:  # one more record, its gzip payload cut by 300 bytes
        writer = WARCWriter(fh, gzip=True)
        body = gzip.compress(page)[:-300]
        headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
        length = ("Content-Length", str(len(body)))
        http = StatusAndHeaders("200 OK", [*headers, length], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "http://n.example.cn/a/3.html", "response", payload=io.BytesIO(body), http_headers=http
        )
        writer.write_record(record)
    captures = [c for c in _read(path) if not isinstance(c, Skipped)]
    assert [c.page.url[-6:] for c in captures] == ["1.html", "2.html", "3.html"]
    assert [c.truncated for c in captures] == ["", "", "compressed payload cut short"]
    assert captures[0].page.content == captures[1].page.content == page


def test_a_payload_damaged_partway_is_left_out_with_its_reason_and_no_stray_line(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # warcio printed zlib's message ("Error -3 while decompressing data: …") on jz's stderr
    # for each damaged block and went on with what it had: a raw line among jz's, and a cut
    # page passed on. The record is left out with its reason; the next one is read.
    page = sample_pages()[0]
    path = tmp_path / "a.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        damaged = bytearray(gzip.compress(page))
        for i in range(len(damaged) // 2, len(damaged) // 2 + 40):
            damaged[i] ^= 0x5A
        for name, body in (("bad", bytes(damaged)), ("good", gzip.compress(page))):
            headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
            length = ("Content-Length", str(len(body)))
            http = StatusAndHeaders("200 OK", [*headers, length], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"http://n.example.cn/a/{name}.html",
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
            )
            writer.write_record(record)
    bad, good = _read(path)
    assert isinstance(bad, Skipped) and bad.reason == "payload that cannot be decompressed"
    assert not isinstance(good, Skipped) and good.page.content == page and not good.truncated
    assert capfd.readouterr().err == ""


def _write_encoded(path: Path, bodies: list[tuple[str, bytes, str]]) -> None:
    """A WARC of 200 responses: (name, payload, Content-Encoding) each."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for name, body, encoding in bodies:
            headers = [("Content-Type", "text/html"), ("Content-Encoding", encoding)]
            length = ("Content-Length", str(len(body)))
            http = StatusAndHeaders("200 OK", [*headers, length], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"http://n.example.cn/a/{name}.html",
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
            )
            writer.write_record(record)


def test_brotli_payloads_are_read_and_a_cut_one_is_flagged(tmp_path: Path) -> None:
    # warcio's own brotli reader broke on brotli 1.1+ (an AttributeError inside warcio), so
    # the first br record stopped the whole file as damaged and every later record was lost.
    page = sample_pages()[0]
    packed = brotli.compress(page)
    path = tmp_path / "a.warc.gz"
    _write_encoded(
        path,
        [
            ("whole", packed, "br"),
            ("newline", packed + b"\n", "br"),  # brotli refuses bytes after its end: left out
            ("cut", packed[: len(packed) * 2 // 3], "br"),
            ("after", gzip.compress(page), "gzip"),
        ],
    )
    items = _read(path)
    assert [
        item.page.url.rsplit("/", 1)[1] if not isinstance(item, Skipped) else item.reason
        for item in items
    ] == [
        "whole.html",
        "payload that cannot be decompressed",
        "cut.html",
        "after.html",
    ]
    whole, _, cut, after = items
    assert whole.page.content == after.page.content == page
    assert (whole.truncated, cut.truncated, after.truncated) == ("", PAYLOAD_CUT, "")
    assert page.startswith(cut.page.content) and len(cut.page.content) < len(page)


def test_a_brotli_payload_inflates_no_further_than_the_limit() -> None:
    # A few hundred brotli bytes can stand for gigabytes; warcio inflates a whole block at
    # once, so the decompressor itself stops one byte past --max-bytes.
    import brotli

    from jzcli.warc.reader import _Brotli

    bomb = brotli.compress(b"\0" * (16 << 20))
    assert len(bomb) < 2000
    saved = _Brotli.limit
    try:
        _Brotli.limit = 1000
        decompressor = _Brotli()
        out = decompressor.decompress(bomb) + decompressor.decompress(b"")
        assert len(out) == 1001
    finally:
        _Brotli.limit = saved
    whole = _Brotli()
    assert whole.decompress(brotli.compress(b"page" * 100)) == b"page" * 100
