"""Split a large WARC file into byte ranges that start at record boundaries.

A cluster spreads one large file over several tasks by giving each a range of it. A range
starts where a record starts and ends where the next range starts, so every record belongs
to exactly one range and a task reads its range as if it were a whole file.

The boundaries are found without reading the file: from each cut point (every `size`
bytes) the scan reads forward, a megabyte at a time, to the first place a record starts.

- In a file gzipped per record (the norm: `.warc.gz`), a record starts where a gzip member
  starts: the bytes 1f 8b 08, from which a member decompresses to a WARC header
  (`WARC/1.x`, then a Content-Length, then a blank line). A payload is compressed inside
  its member, so only one that is itself gzipped WARC data, stored as it is because it
  does not compress, could pass for a record start.
- In an uncompressed WARC, a record starts after the blank lines that end the previous
  one: `\\r\\n\\r\\nWARC/`, where a header with a Content-Length follows whose block ends,
  Content-Length bytes later, with `\\r\\n\\r\\n` and then the next record or the end of
  the file. A payload that is itself an uncompressed WARC file could pass for one.

Either way a false start would cut a record in two (its records misread or lost); it takes
a payload that is itself WARC data, which a news crawl rarely holds.

A file gzipped as one stream, an ARC file, or one too small to split, is one range.
"""

from __future__ import annotations

import contextlib
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, Literal

from jzcli.errors import InputError

Layout = Literal["members", "plain", "whole"]

CHUNK = 1 << 20
MAX_SCAN = 64 << 20
"""A cut with no record start within this many bytes after it is dropped (a huge record)."""
HEADER_MAX = 64 * 1024
_HEADER = re.compile(rb"WARC/\d+\.\d+\r\n(?:[^\r\n]*\r\n)*?\r\n")
_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)[ \t]*\r\n", re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    """Records starting in bytes [start, end) of a file (end None: to its end)."""

    source: str
    start: int = 0
    end: int | None = None

    @property
    def whole(self) -> bool:
        return self.start == 0 and self.end is None

    def label(self) -> str:
        if self.whole:
            return self.source
        end = "" if self.end is None else str(self.end)
        return f"{self.source} [bytes {self.start}-{end}]"


def is_url(name: str) -> bool:
    """An fsspec URL (s3://, https://...); file:// names a local path."""
    return "://" in name and not name.startswith("file://")


def _filesystem(source: str) -> tuple[Any, str]:
    try:
        import fsspec  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        raise InputError(f"cannot read {source}: URLs need fsspec") from None
    try:
        fs, path = fsspec.core.url_to_fs(source)
    except (ImportError, ValueError) as exc:
        raise InputError(f"cannot read {source}: {exc}") from None
    return fs, str(path)


@contextlib.contextmanager
def open_seekable(source: str) -> Iterator[tuple[IO[bytes], int]]:
    """(binary file, its size) for a local path or an fsspec URL."""
    if is_url(source):
        fs, path = _filesystem(source)
        try:
            size = int(fs.size(path))
            fh = fs.open(path, "rb")
        except (ValueError, OSError) as exc:
            raise InputError(f"cannot read {source}: {exc}") from None
        with fh:
            yield fh, size
        return
    path = source.removeprefix("file://")
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed below; the generator holds it)
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}") from None
    with fh:
        yield fh, os.fstat(fh.fileno()).st_size


def _size(source: str) -> int:
    """The file's size, without opening it (one request for a URL)."""
    try:
        if is_url(source):
            fs, path = _filesystem(source)
            return int(fs.size(path))
        return os.path.getsize(source.removeprefix("file://"))
    except (ValueError, OSError) as exc:
        raise InputError(f"cannot read {source}: {getattr(exc, 'strerror', None) or exc}") from None


def layout(fh: IO[bytes]) -> Layout:
    """How a WARC file is stored: a gzip member per record, plain, or not splittable."""
    fh.seek(0)
    head = fh.read(CHUNK)
    if head.startswith(b"WARC/"):
        return "plain"
    if not head.startswith(b"\x1f\x8b"):
        return "whole"  # an ARC file or something else: read from the start only
    unzip = zlib.decompressobj(wbits=31)
    first = b""
    data, read = head, len(head)
    try:
        while not unzip.eof:
            first = (first + unzip.decompress(data, CHUNK))[:5]
            data = unzip.unconsumed_tail
            if not data:
                if read >= 16 * CHUNK:
                    return "whole"  # no end to the first member: one gzip stream
                data = fh.read(CHUNK)
                read += len(data)
                if not data:
                    break
    except zlib.error:
        return "whole"
    if not unzip.eof or first != b"WARC/":
        return "whole"
    after = (unzip.unused_data + fh.read(2))[:2]
    return "members" if after == b"\x1f\x8b" else "whole"


def _member_starts_record(fh: IO[bytes], at: int) -> bool:
    fh.seek(at)
    data = fh.read(HEADER_MAX)
    try:
        out = zlib.decompressobj(wbits=31).decompress(data, HEADER_MAX)
    except zlib.error:
        return False
    header = _HEADER.match(out)
    return header is not None and _LENGTH.search(b"\r\n" + header.group(0)) is not None


def _plain_record_at(fh: IO[bytes], at: int, size: int) -> bool:
    fh.seek(at)
    header = _HEADER.match(fh.read(HEADER_MAX))
    if header is None:
        return False
    length = _LENGTH.search(b"\r\n" + header.group(0))
    if length is None:
        return False
    end = at + header.end() + int(length.group(1))
    fh.seek(end)
    tail = fh.read(9)
    return tail.startswith(b"\r\n\r\n") and (end + 4 == size or tail[4:] == b"WARC/")


def record_start(fh: IO[bytes], at: int, size: int, kind: Layout) -> int | None:
    """The offset of the first record starting at or after `at`; None if none is found."""
    if kind == "whole":
        return None
    needle = b"\x1f\x8b\x08" if kind == "members" else b"\r\n\r\nWARC/"
    # Plain: the blank line that ends the previous record comes before the start.
    back = 0 if kind == "members" else 4
    pos = max(0, at - back)
    limit = min(size, at + MAX_SCAN)
    while pos < limit:
        fh.seek(pos)
        data = fh.read(CHUNK + len(needle))
        if not data:
            return None
        i = data.find(needle)
        while 0 <= i < CHUNK:
            found = pos + i + back
            if found >= at:
                ok = (
                    _member_starts_record(fh, found)
                    if kind == "members"
                    else _plain_record_at(fh, found, size)
                )
                if ok:
                    return found
            i = data.find(needle, i + 1)
        pos += CHUNK
    return None


def split(source: str, size: int) -> list[Part]:
    """The parts of one file, about `size` bytes each, each starting at a record."""
    if size <= 0 or _size(source) <= size:
        return [Part(source)]
    with open_seekable(source) as (fh, total):
        kind = layout(fh)
        if kind == "whole":
            return [Part(source)]
        starts = [0]
        for cut in range(size, total, size):
            if cut <= starts[-1]:
                continue
            found = record_start(fh, cut, total, kind)
            if found is not None and found > starts[-1]:
                starts.append(found)
    ends: list[int | None] = [*starts[1:], None]
    return [Part(source, s, e) for s, e in zip(starts, ends, strict=True)]


class Window:
    """A file read up to byte `end` only (tell() stays that of the file)."""

    def __init__(self, fh: Any, end: int) -> None:
        self._fh = fh
        self._end = end

    def tell(self) -> int:
        return int(self._fh.tell())

    def read(self, size: int = -1) -> bytes:
        left = self._end - self._fh.tell()
        if left <= 0:
            return b""
        return bytes(self._fh.read(left if size is None or size < 0 else min(size, left)))

    def close(self) -> None:
        """The underlying file is closed by whoever opened it."""


__all__ = ["Part", "Window", "is_url", "layout", "open_seekable", "record_start", "split"]
