"""Read WARC and ARC files record by record and pick the captures worth extracting.

Streaming throughout: one record's payload is in memory at a time. warcio parses the
records (gzip per record or plain, ARC converted on the fly) and undoes chunked transfer
and gzip/deflate/brotli content encodings. Everything that is not an article candidate is
yielded as a `Skipped` with its reason, so a run can count what it left out and why.
"""

from __future__ import annotations

import contextlib
import glob
import gzip
import io
import logging
import re
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from jzcli.errors import InputError
from jzcli.fetch.content import classify
from jzcli.models import Page


@dataclass(frozen=True)
class Capture:
    """One archived response to run the pipeline on."""

    page: Page
    file: str
    offset: int
    date: str
    """WARC-Date of the record."""
    truncated: str = ""
    """The WARC-Truncated reason (length, time, disconnect...) when the payload is cut."""
    revisit_of: str = ""
    """For a resolved revisit: the URL of the original capture."""
    captured: str = ""
    """WARC-Date of the record whose payload this is (a revisit's original's): the time
    relative dates on the page (`3小时前`) are read against."""
    sha256: str = ""
    """The payload's SHA-256 when the payload itself is not kept (a cluster task's log)."""


@dataclass(frozen=True)
class Skipped:
    """A record that is no article candidate."""

    reason: str
    url: str = ""
    offset: int = -1
    capture: bool = True
    """False for a record that captures no page (warcinfo, request, metadata…)."""


@dataclass
class Selection:
    """Which records a run wants, decided before a payload is read where possible."""

    url_filter: re.Pattern[str] | None = None
    hosts: frozenset[str] = frozenset()
    max_bytes: int = 20 * 1024 * 1024

    def wants(self, url: str) -> str:
        """'' when the URL is wanted, else the reason it is not."""
        if self.hosts:
            host = (urlsplit(url).hostname or "").lower()
            if not any(host == h or host.endswith("." + h) for h in self.hosts):
                return "other host"
        if self.url_filter is not None and not self.url_filter.search(url):
            return "URL filter"
        return ""


@dataclass
class _Original:
    file: str
    offset: int
    url: str
    date: str = ""


MAX_ORIGINALS = 1_000_000


@dataclass
class Originals:
    """Payload digests of the responses read so far, to resolve revisit records.

    At most `limit` are kept (the oldest go first: about 150 MB at the default), so memory
    stays bounded on a month of archives; a revisit of an older one counts as unresolved.
    """

    by_digest: dict[str, _Original] = field(default_factory=dict)
    limit: int = MAX_ORIGINALS

    def add(self, digest: str, file: str, offset: int, url: str, date: str = "") -> None:
        if digest and digest not in self.by_digest:
            self.by_digest[digest] = _Original(file, offset, url, date)
            if len(self.by_digest) > self.limit:
                del self.by_digest[next(iter(self.by_digest))]

    def get(self, digest: str) -> _Original | None:
        return self.by_digest.get(digest) if digest else None


def expand_sources(args: Sequence[str]) -> list[str]:
    """Local paths (globs expanded, sorted), '-' and URLs, in argument order, no repeats."""
    out: list[str] = []
    for arg in args:
        if arg == "-":
            found = [arg]
        elif "://" in arg and not arg.startswith("file://"):
            found = _url_glob(arg) if glob.has_magic(arg.split("://", 1)[1]) else [arg]
        else:
            path = arg.removeprefix("file://")
            if not path:
                raise InputError(
                    "an input argument is empty (a shell variable that is not set?). "
                    "Give a file, a URL, or - for standard input"
                )
            found = sorted(glob.glob(path)) if glob.has_magic(path) else [path]
            if not found:
                raise InputError(f"no file matches {arg}. Check the path and the pattern")
            for name in found:
                p = Path(name)
                try:
                    there, folder = p.exists(), p.is_dir()
                except OSError as exc:  # a name too long for the file system
                    raise InputError(
                        f"cannot read {name}: {exc.strerror or exc}. Check the path"
                    ) from None
                if not there:
                    raise InputError(f"cannot read {name}: no such file. Check the path")
                if folder:
                    raise InputError(
                        f"cannot read {name}: it is a folder. Give the WARC files in it "
                        f"({Path(name, '*.warc.gz')})"
                    )
            found = [str(Path(name).resolve()) for name in found]
        for name in found:
            if name not in out:
                out.append(name)
    return out


def _url_glob(pattern: str) -> list[str]:
    """The URLs an fsspec URL with wildcards (s3://bucket/crawl/*.warc.gz) matches, sorted."""
    try:
        import fsspec  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        raise InputError(f"cannot list {pattern}: URLs need fsspec and its backend") from None
    try:
        fs, path = fsspec.core.url_to_fs(pattern)
        scheme = pattern.split("://", 1)[0]
        found = sorted(p if "://" in p else f"{scheme}://{p}" for p in map(str, fs.glob(path)))
    except (ImportError, ValueError, OSError) as exc:
        raise InputError(f"cannot list {pattern}: {exc}") from None
    if not found:
        raise InputError(f"no file matches {pattern}")
    return found


@contextlib.contextmanager
def open_source(source: str) -> Iterator[IO[bytes]]:
    """A binary stream for a path, '-' (stdin) or an fsspec URL (s3://, https://...)."""
    if source == "-":
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            raise InputError("standard input is closed. Give a file, or pipe the input in")
        yield stdin
        return
    if "://" in source:
        try:
            import fsspec  # type: ignore[import-untyped, unused-ignore]
        except ImportError:
            raise InputError(
                f"cannot read {source}: URLs need fsspec. Install it (and its backend, "
                "e.g. s3fs for s3://) or download the file first"
            ) from None
        try:
            with fsspec.open(source, "rb") as fh:
                yield fh
        except (ImportError, ValueError) as exc:
            raise InputError(f"cannot read {source}: {exc}") from None
        return
    try:
        fh = open(source, "rb")  # noqa: SIM115 (closed below; the generator holds it)
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}") from None
    with fh:
        if _one_gzip_stream(fh):
            # Offsets are then those of the decompressed stream (GzipFile seeks by them).
            with gzip.GzipFile(fileobj=fh, mode="rb") as unzipped:
                yield cast(IO[bytes], unzipped)
        else:
            yield fh


WHOLE_GZIP_PROBE = 16 * 1024 * 1024


def _one_gzip_stream(fh: IO[bytes]) -> bool:
    """True for a file gzipped as one stream rather than one gzip member per record.

    A member per record ends after the first record and another member follows; a
    whole-file stream does not end within the first WHOLE_GZIP_PROBE compressed bytes, or
    ends with nothing after it (for a one-record file both readings give the same).
    """
    if fh.read(2) != b"\x1f\x8b":
        fh.seek(0)
        return False
    fh.seek(0)
    unzip = zlib.decompressobj(wbits=31)
    read = 0
    try:
        while read < WHOLE_GZIP_PROBE and not unzip.eof:
            chunk = fh.read(65536)
            if not chunk:
                break
            read += len(chunk)
            unzip.decompress(chunk, 1 << 20)
            while unzip.unconsumed_tail and not unzip.eof:
                unzip.decompress(unzip.unconsumed_tail, 1 << 20)
        whole = (not unzip.eof and read >= WHOLE_GZIP_PROBE) or (
            unzip.eof and not unzip.unused_data and not fh.read(1)
        )
    except zlib.error:
        whole = False
    fh.seek(0)
    return whole


def seekable(source: str) -> bool:
    return source != "-" and "://" not in source


def read_one(source: str, offset: int) -> tuple[Any, bytes] | None:
    """Reread the record at `offset` of a local file: (http headers, payload) or None."""
    if not seekable(source):
        return None
    try:
        with open_source(source) as fh:
            fh.seek(offset)
            for record in ArchiveIterator(fh, arc2warc=True):
                return record.http_headers, record.content_stream().read()
    except (OSError, EOFError, ArchiveLoadFailed, InputError):
        return None
    return None


def _header(record: Any, name: str) -> str:
    value = record.rec_headers.get_header(name)
    return str(value) if value else ""


def read_records(
    stream: IO[bytes],
    source: str,
    selection: Selection,
    originals: Originals,
    *,
    start: int = 0,
    duplicate: Callable[[str], bool] = lambda url: False,
) -> Iterator[Capture | Skipped]:
    """Every record of one WARC/ARC stream, as a Capture or a Skipped (with its reason).

    `start` is the offset of the first record to read (a resumed file: the stream is
    already there). `duplicate(url)` says whether an earlier capture of the URL was taken.
    A damaged record or tail ends the file with a Skipped('corrupt: ...').
    """
    iterator = ArchiveIterator(stream, arc2warc=True)
    # warcio writes a multi-line warning on stderr for a record not followed by its blank
    # lines (a wrong Content-Length); jz counts it (err_count) and reports one line instead.
    iterator.INC_RECORD = ""
    if iterator.offset != start:  # a stream that cannot tell where it is (stdin)
        iterator.offset = start
    records = iter(iterator)
    first = start == 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            if iterator.err_count or _unread_tail(stream, iterator.offset):
                yield Skipped(_corrupt(_CUT), "", -1)
            return
        except _DAMAGED as exc:
            if first and _not_a_record(exc):  # the file's first bytes are no archive header
                yield Skipped(NOT_AN_ARCHIVE, "", -1)
            else:
                yield Skipped(_corrupt(_detail(exc)), "", -1)
            return
        first = False
        try:
            if iterator.err_count:
                raise ValueError("a record's Content-Length does not match its data")
            item = _select(record, iterator, source, selection, originals, duplicate)
        except _DAMAGED as exc:
            if isinstance(exc, _WARCIO_FAILURES) and not _in_warcio(exc):
                raise  # a bug of jz's own, not a damaged file: an internal error
            yield Skipped(_corrupt(_detail(exc)), _header(record, "WARC-Target-URI"), -1)
            return
        yield item


_CUT = "the archive ends inside a record (a cut or damaged file)"
NOT_AN_ARCHIVE = (
    "not a WARC or ARC file (it does not start with a WARC/1.x or ARC header). "
    "Give a .warc, .warc.gz, .arc or .arc.gz file"
)
"""The reason a file whose first record cannot be read as one is left out whole."""
NO_CAPTURES = (
    "holds no captured page (no response, resource or revisit record: an empty file, or "
    "only warcinfo, request or metadata records). Give a WARC or ARC file that a crawl wrote"
)
"""The reason a whole file read to its end without a single capture fails, as an empty list
given to `jz batch` does."""


def _corrupt(detail: str) -> str:
    return (
        f"corrupt: {detail}. The records before it were read; "
        "get an undamaged copy of the file for the rest"
    )


def _not_a_record(exc: Exception) -> bool:
    # warcio: "Unknown archive format, first line: [<the line split into words>]"
    return isinstance(exc, ArchiveLoadFailed) and str(exc).startswith("Unknown archive format")


def ends_file(skipped: Skipped) -> bool:
    """Whether a Skipped is the file's failure (not one record left out)."""
    return skipped.reason.startswith("corrupt") or skipped.reason == NOT_AN_ARCHIVE


# warcio logs oddities (a Target-URI with spaces, from damaged bytes too) through logging's
# last-resort handler, raw on stderr; jz's stderr carries only its own lines.
logging.getLogger("warcio").addHandler(logging.NullHandler())
# What warcio raises on damaged bytes (a header line it cannot split gives AttributeError).
_DAMAGED = (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, TypeError, IndexError)


_WARCIO_FAILURES = (AttributeError, TypeError, IndexError)


class _Brotli:
    """brotli's Decompressor as warcio's reader uses a decompressor: warcio sets and reads
    `unused_data` and calls `decompress`; brotli 1.1+ has neither (the assignment raised
    AttributeError inside warcio, and the whole file stopped as damaged)."""

    unused_data: bytes | None = None
    limit = 1 << 30
    """At most this many bytes out, plus one (set to --max-bytes before a payload is read):
    a few hundred brotli bytes can inflate to gigabytes, and warcio inflates a whole block."""

    def __init__(self) -> None:
        self._obj: Any = _brotli.Decompressor()
        self._out = 0

    def decompress(self, data: bytes) -> bytes:
        if self._obj.is_finished() or self._out > self.limit:
            return b""  # stray bytes after the end (ignored, as for gzip), or over the limit
        room = self.limit + 1 - self._out
        out = bytes(self._obj.process(data, output_buffer_limit=room))[:room]  # about room
        self._out += len(out)
        return out

    def flush(self) -> bytes:  # warcio's close_decompressor calls it
        return b""

    def is_finished(self) -> bool:
        return bool(self._obj.is_finished())


try:
    import brotli as _brotli  # type: ignore[import-untyped]
    from warcio.bufferedreaders import BufferedReader
except ImportError:  # pragma: no cover - httpx[brotli] is a dependency
    pass
else:
    BufferedReader.DECOMPRESSORS["br"] = _Brotli


def _in_warcio(exc: BaseException) -> bool:
    """Whether `exc` was raised inside warcio (damaged bytes), not in jz's own code."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and "warcio" in tb.tb_frame.f_code.co_filename


def _detail(exc: Exception) -> str:
    if isinstance(exc, (AttributeError, TypeError, IndexError)):  # warcio's own failure
        return "a record header that cannot be read (a damaged file)"
    if _not_a_record(exc):  # not warcio's message: it quotes the line as a Python list
        return "a record that does not start with a WARC header (damaged, or other data appended)"
    text = "".join(c if c.isprintable() else "?" for c in " ".join(str(exc).split()))
    return text[:200] or type(exc).__name__


def _unread_tail(stream: IO[bytes], offset: int) -> bool:
    """Whether a local file holds more than blank bytes after its last whole record.

    warcio ends quietly at a gzip member cut short; its bytes are still in the file.
    """
    if not isinstance(stream, io.BufferedReader):
        return False
    try:
        if not stream.seekable():
            return False
        stream.seek(offset)
        rest = stream.read(65536)
    except (OSError, ValueError):
        return False
    return bool(rest.strip(b"\0\r\n\t "))


class _CorruptPayload(Exception):
    """The payload's Content-Encoding stream is damaged partway."""


def _strict(stream: Any) -> Any:
    """warcio's decoding reader, raising _CorruptPayload where warcio would print zlib's
    message on stderr (a stray line among jz's) and go on with what it had decoded."""
    lenient = getattr(stream, "_decompress", None)
    if lenient is None or getattr(stream, "decompressor", None) is None:
        return stream

    def decompress(data: bytes) -> bytes:
        # Past the first block: warcio's own fallbacks (not compressed after all, raw
        # deflate) are for a first block only.
        if stream.decompressor is not None and data and stream.num_block_read > 0:
            try:
                return bytes(stream.decompressor.decompress(data))
            except Exception as exc:
                raise _CorruptPayload(str(exc)) from None
        return bytes(lenient(data))

    stream._decompress = decompress
    return stream


PAYLOAD_CUT = "compressed payload cut short"
"""`Capture.truncated` for a payload whose Content-Encoding stream stops before its end."""


def _cut_short(stream: Any) -> bool:
    """Whether the payload's Content-Encoding stream (gzip, deflate, brotli), read to its end,
    stopped before its end mark: the crawler archived a body whose end was lost."""
    decompressor = getattr(stream, "decompressor", None)
    if decompressor is None:
        return False
    eof = getattr(decompressor, "eof", None)
    if isinstance(eof, bool):
        return not eof
    finished = getattr(decompressor, "is_finished", None)
    return callable(finished) and not finished()


def _select(
    record: Any,
    iterator: ArchiveIterator,
    source: str,
    selection: Selection,
    originals: Originals,
    duplicate: Callable[[str], bool],
) -> Capture | Skipped:
    # warcio knows a record's offset only once it is read to its end: ask after the payload.
    def where() -> int:
        return int(iterator.get_record_offset())

    rtype = record.rec_type or ""
    if not rtype:  # a header block without WARC-Type: the piece of a cut record
        raise EOFError(_CUT)
    url = _header(record, "WARC-Target-URI").strip("<>")
    if rtype not in ("response", "resource", "revisit"):
        return Skipped(f"{rtype or 'unknown'} record", url, where(), capture=False)
    if not url.startswith(("http://", "https://")):
        return Skipped("not an http(s) URL", url, where())
    unwanted = selection.wants(url)
    if unwanted:
        return Skipped(unwanted, url, where())
    headers: dict[str, str] = {}
    status: int | None = None
    http = record.http_headers
    if rtype == "response" or (rtype == "revisit" and http is not None):
        if http is None:
            return Skipped("response without HTTP headers", url, where())
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            return Skipped("bad HTTP status line", url, where())
        headers = {k.lower(): v for k, v in http.headers}
    digest = _header(record, "WARC-Payload-Digest")
    date = _header(record, "WARC-Date")
    captured = date
    revisit_of = ""
    cut = ""
    if rtype == "revisit":
        original = originals.get(digest)
        if original is None:
            return Skipped("revisit without its original in the input", url, where())
        if duplicate(url):
            return Skipped("duplicate URL", url, where())
        again = read_one(original.file, original.offset)
        if again is None:
            return Skipped("revisit whose original cannot be reread", url, where())
        original_http, payload = again
        if original_http is not None:
            status = int(original_http.get_statuscode())
            headers = {k.lower(): v for k, v in original_http.headers}
        revisit_of = original.url
        captured = original.date
    else:
        if rtype == "response" and status is not None and not 200 <= status < 300:
            return Skipped(f"HTTP {status}", url, where())
        if rtype == "resource":
            headers = {"content-type": _header(record, "Content-Type")}
        if duplicate(url):
            originals.add(digest, source, where(), url, date)
            return Skipped("duplicate URL", url, where())
        _Brotli.limit = selection.max_bytes
        stream = _strict(record.content_stream())
        try:
            payload = stream.read(selection.max_bytes + 1)
        except _CorruptPayload:
            return Skipped("payload that cannot be decompressed", url, where())
        if len(payload) > selection.max_bytes:
            return Skipped("larger than --max-bytes", url, where())
        if getattr(record.raw_stream, "limit", 0) > 0:
            # The block ended before its Content-Length: the file is cut here.
            raise EOFError(_CUT)
        if payload and _cut_short(stream):
            cut = PAYLOAD_CUT
        originals.add(digest, source, where(), url, date)
    if status is not None and not 200 <= status < 300:
        return Skipped(f"HTTP {status}", url, where())
    if not payload.strip():
        return Skipped("empty payload", url, where())
    kind, what = classify(headers.get("content-type", ""), payload[:4096])
    if kind is None:
        return Skipped(f"not HTML or text ({what})", url, where())
    for name in ("content-encoding", "transfer-encoding", "content-length"):
        headers.pop(name, None)  # the payload is already decoded
    page = Page(url=url, content=payload, final_url=url, status=status, headers=headers, kind=kind)
    return Capture(
        page=page,
        file=source,
        offset=where(),
        date=date,
        truncated=_header(record, "WARC-Truncated") or cut,
        revisit_of=revisit_of,
        captured=captured,
    )


__all__ = [
    "NO_CAPTURES",
    "Capture",
    "Originals",
    "Selection",
    "Skipped",
    "ends_file",
    "expand_sources",
    "open_source",
    "read_one",
    "read_records",
    "seekable",
]
