"""Write every request and response of a run to a WARC file (the Fetcher's Recorder)."""

from __future__ import annotations

import io
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import httpx
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from jzcli.errors import DiskFullError, OutputError, is_disk_full

# The body handed over is already decompressed, so these headers would lie about it.
_DROP = frozenset({"content-encoding", "transfer-encoding", "content-length"})


class WarcRecorder:
    """A Recorder appending request/response record pairs to a (gzipped) WARC file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Appending gzip members keeps earlier runs' records valid in the same file.
            self._fh: BinaryIO = path.open("ab")
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        self._writer = WARCWriter(self._fh, gzip=path.name.endswith(".gz"))
        self.records = 0

    def __call__(self, request: httpx.Request, response: httpx.Response, body: bytes) -> None:
        url = str(request.url)
        version = response.http_version or "HTTP/1.1"
        status = f"{response.status_code} {response.reason_phrase or ''}".strip()
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _DROP]
        headers.append(("Content-Length", str(len(body))))
        http_headers = StatusAndHeaders(status, headers, protocol=version)
        resp = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http_headers
        )
        path = request.url.raw_path.decode("ascii", "replace") or "/"
        req_headers = StatusAndHeaders(
            f"GET {path} {version}", list(request.headers.items()), is_http_request=True
        )
        req = self._writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), http_headers=req_headers
        )
        req.rec_headers.add_header(
            "WARC-Concurrent-To", resp.rec_headers.get_header("WARC-Record-ID")
        )
        try:
            self._writer.write_record(resp)
            self._writer.write_record(req)
            # On disk before the article is done: a kill loses no record of an exported page.
            self._fh.flush()
        except OSError as exc:
            raise self._write_error(exc) from None
        self.records += 2

    def _write_error(self, exc: OSError) -> OutputError:
        why = exc.strerror or str(exc)
        if is_disk_full(exc):  # the run stops: see the batch runner
            return DiskFullError(
                f"cannot write {self.path}: {why}. Free some space and try again",
                f"{self.path}: {why}",
            )
        return OutputError(f"cannot write {self.path}: {why}. Check that it can be written to")

    def close(self) -> None:
        try:
            self._fh.flush()
            self._fh.close()
        except OSError as exc:
            raise self._write_error(exc) from None

    def __enter__(self) -> WarcRecorder:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


__all__ = ["WarcRecorder"]
