"""A real HTTP server on 127.0.0.1 (or 127.0.0.2...) for tests: routes map paths to replies."""

from __future__ import annotations

import gzip
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Reply:
    """What the server sends for one request."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before sending headers."""
    gzip: bool = False
    truncate_to: int | None = None
    """Send only this many body bytes although Content-Length announces all (then close)."""
    chunk_delay: float = 0.0
    """Seconds between 16 KB chunks of the body (a slow body)."""
    brotli: bool = False
    """Send the body brotli-compressed (Content-Encoding: br)."""
    endless: bool = False
    """Send the body again and again until the client hangs up: chunked, or with neither
    length nor chunks (the end would be the connection's close) when a Connection: close
    header is given."""


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]


Handler = Callable[[Request], Reply]


class _QuietServer(ThreadingHTTPServer):
    """A server whose handler errors (clients hanging up mid-reply) are recorded, not printed.

    socketserver prints them to sys.stderr, which the in-process CLI runner captures as
    jz's own stderr.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.errors: list[BaseException] = []

    def handle_error(self, request: Any, client_address: Any) -> None:
        self.errors.append(sys.exc_info()[1] or RuntimeError("unknown"))


class LocalServer:
    """`with LocalServer() as srv:` then `srv.route(path, reply_or_handler)` and `srv.url(p)`."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Reply | Handler] = {}
        self.log: list[Request] = []
        self._lock = threading.Lock()
        outer = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two sends; without this the body waits ~40 ms for
            # the client's delayed ACK.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: object) -> None:  # quiet
                return

            def do_HEAD(self) -> None:
                self._serve(send_body=False)

            def do_GET(self) -> None:
                self._serve(send_body=True)

            def _serve(self, send_body: bool) -> None:
                parts = urlsplit(self.path)
                req = Request(
                    self.command,
                    parts.path,
                    parts.query,
                    {k.lower(): v for k, v in self.headers.items()},
                )
                with outer._lock:
                    outer.log.append(req)
                route = outer.routes.get(parts.path + ("?" + parts.query if parts.query else ""))
                if route is None:
                    route = outer.routes.get(parts.path)
                if route is None:
                    reply = Reply(b"not found", 404, {"Content-Type": "text/plain"})
                elif isinstance(route, Reply):
                    reply = route
                else:
                    reply = route(req)
                self._send(reply, send_body)

            def _send(self, reply: Reply, send_body: bool) -> None:
                if reply.delay:
                    time.sleep(reply.delay)
                body = gzip.compress(reply.body) if reply.gzip else reply.body
                if reply.brotli:
                    import brotli

                    body = brotli.compress(body, quality=5)
                try:
                    self.send_response(reply.status)
                    headers = dict(reply.headers)
                    if reply.gzip:
                        headers["Content-Encoding"] = "gzip"
                    if reply.brotli:
                        headers["Content-Encoding"] = "br"
                    if reply.endless and "Connection" not in headers:
                        headers["Transfer-Encoding"] = "chunked"
                    elif not reply.endless:
                        headers.setdefault("Content-Length", str(len(body)))
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if reply.truncate_to is not None:
                        self.send_header("Connection", "close")
                    self.end_headers()
                    if not send_body:
                        return
                    if reply.endless:
                        chunked = "Connection" not in headers
                        piece = b"%x\r\n%s\r\n" % (len(body), body) if chunked else body
                        while True:  # until the client hangs up (BrokenPipe/Reset below)
                            self.wfile.write(piece)
                    if reply.truncate_to is not None:
                        self.wfile.write(body[: reply.truncate_to])
                        self.wfile.flush()
                        self.close_connection = True
                        return
                    if reply.chunk_delay:
                        for i in range(0, len(body), 16384):
                            self.wfile.write(body[i : i + 16384])
                            self.wfile.flush()
                            time.sleep(reply.chunk_delay)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        # Another loopback address (127.0.0.2) makes a second origin for scope tests.
        self._server = _QuietServer((host, 0), _Handler)
        self._server.daemon_threads = True
        # A short poll interval makes shutdown (every test's teardown) quick.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, reply: Reply | Handler) -> None:
        self.routes[path] = reply

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.log if r.path == path)

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def sequence(*replies: Reply) -> Handler:
    """A handler that gives the replies in turn, then repeats the last one."""
    state: Iterator[Reply] = iter(replies)
    last = [replies[-1]]

    def handler(_: Request) -> Reply:
        last[0] = next(state, last[0])
        return last[0]

    return handler


def redirect(location: str, status: int = 302) -> Reply:
    """A redirect reply to `location` (a path or a full URL)."""
    return Reply(b"", status, {"Location": location, "Content-Type": "text/html"})


def closed_port() -> int:
    """A local TCP port with nothing listening on it (connections are refused)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
