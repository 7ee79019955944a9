"""Decompress a response body under a hard size cap (a 100-byte brotli body can inflate to GBs)."""

from __future__ import annotations

import zlib
from typing import Any, Protocol

try:
    import brotli as _brotli  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - httpx[brotli] is a dependency
    _brotli = None


class BodyTooLarge(Exception):
    """The decompressed body passed the cap; `data` is the last chunk's output (over the cap)."""

    def __init__(self, total: int, data: bytes = b"") -> None:
        super().__init__(total)
        self.data = data


class BadEncoding(Exception):
    """The body is not valid data in its declared Content-Encoding."""


class Truncated(BadEncoding):
    """The compressed stream stopped before its end mark: the body's end was lost."""


class _Stage(Protocol):
    def decompress(self, data: bytes, max_out: int) -> bytes: ...

    def finished(self) -> bool:
        """Whether the stream reached its end mark (or was given no data at all)."""
        ...


def _brotli_bounded() -> bool:
    """True when the installed brotli can stop at an output limit (brotli >= 1.2)."""
    if _brotli is None:
        return False
    try:
        _brotli.Decompressor().process(b"", output_buffer_limit=1)
    except TypeError:
        return False
    except Exception:  # an empty input may be refused; the keyword itself was accepted
        return True
    return True


BROTLI = _brotli_bounded()
# Only what can be decompressed under the cap is asked for.
ACCEPT_ENCODING = "gzip, deflate, br" if BROTLI else "gzip, deflate"


class _Zlib:
    """gzip (also several members back to back) or deflate, with or without zlib header."""

    def __init__(self, raw_fallback: bool) -> None:
        self._obj = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
        self._raw_fallback = raw_fallback
        self._started = False
        self._fed = False
        # Input seen before any output, replayed if the stream turns out to be raw deflate.
        self._head = bytearray()
        self._pending = b""  # a lone first byte of what may be the next member's magic
        self._trailing = False  # bytes that start no member came after the end: ignored

    def finished(self) -> bool:
        return not self._fed or self._obj.eof

    def decompress(self, data: bytes, max_out: int) -> bytes:
        self._fed = self._fed or bool(data)
        out = bytearray()
        while data and len(out) <= max_out:
            if self._obj.eof:
                # The stream is complete. Only a gzip magic starts another member; anything
                # else after the end (a newline, padding) is ignored, as browsers do.
                data = self._pending + data
                self._pending = b""
                if self._trailing or (len(data) < 2 and b"\x1f\x8b".startswith(data)):
                    self._pending = b"" if self._trailing else data  # the magic may go on
                    return bytes(out)
                if not data.startswith(b"\x1f\x8b"):
                    self._trailing = True
                    return bytes(out)
                self._obj = zlib.decompressobj(zlib.MAX_WBITS | 32)
            if not self._started and self._raw_fallback:
                self._head += data
                if len(self._head) > 65536:  # no output for that long: not worth replaying
                    self._raw_fallback = False
            try:
                chunk = self._obj.decompress(data, max_out + 1 - len(out))
            except zlib.error as exc:
                if self._raw_fallback and not self._started:
                    # Some servers send raw deflate although the standard says zlib.
                    self._raw_fallback = False
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    data = bytes(self._head)
                    continue
                raise BadEncoding(str(exc)) from None
            # Only real output proves the format (a 1-byte chunk can hide a bad header).
            if chunk and not self._started:
                self._started = True
                self._head.clear()
            out += chunk
            data = self._obj.unconsumed_tail or self._obj.unused_data
            if not self._obj.eof and not self._obj.unconsumed_tail:
                break
        return bytes(out)


class _Brotli:
    def __init__(self) -> None:
        assert _brotli is not None
        self._obj: Any = _brotli.Decompressor()
        self._fed = False

    def finished(self) -> bool:
        return not self._fed or bool(self._obj.is_finished())

    def decompress(self, data: bytes, max_out: int) -> bytes:
        self._fed = self._fed or bool(data)
        try:
            out = bytearray(self._obj.process(data, output_buffer_limit=max_out + 1))
            while len(out) <= max_out and not self._obj.can_accept_more_data():
                out += self._obj.process(b"", output_buffer_limit=max_out + 1 - len(out))
        except _brotli.error as exc:
            raise BadEncoding(str(exc)) from None
        return bytes(out)


class BoundedDecoder:
    """Decode a Content-Encoding stream chunk by chunk, refusing output past `limit` bytes."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        self.limit = limit
        self.total = 0
        self._stages: list[_Stage] = []
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        # Codings are listed in the order applied, so they are undone in reverse.
        for coding in reversed(codings):
            if coding in ("gzip", "x-gzip"):
                self._stages.append(_Zlib(raw_fallback=False))
            elif coding == "deflate":
                self._stages.append(_Zlib(raw_fallback=True))
            elif coding == "br" and BROTLI:
                self._stages.append(_Brotli())
            # identity and unknown codings pass through, as browsers do.

    def feed(self, data: bytes) -> bytes:
        """The decoded bytes for one raw chunk; BodyTooLarge once the total passes the cap."""
        for stage in self._stages:
            if not data:
                return b""
            data = stage.decompress(data, self.limit - self.total)
        self.total += len(data)
        if self.total > self.limit:
            raise BodyTooLarge(self.total, data)
        return data

    def finish(self) -> None:
        """After the last chunk: Truncated if a compressed stream did not reach its end.

        Content-Length (or a chunked body's last chunk) can name exactly the bytes a server
        or a cache kept of a cut body; then only the compressed stream knows its end is gone.
        """
        if not all(stage.finished() for stage in self._stages):
            raise Truncated("the compressed body ends before its end mark")
