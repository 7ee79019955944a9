"""Which addresses a column crawl may follow: the column's origin and hosts allowed by name."""

from __future__ import annotations

import re
from collections.abc import Iterable

from jzcli.errors import ExitCode, JzError
from jzcli.extract.listing import origin_of

_HOST_PORT = re.compile(r"^(?P<host>[a-z0-9.\-]+|\[[0-9a-f:.]+\])(?::(?P<port>\d{1,5}))?$", re.I)


def parse_allowed_host(value: str) -> tuple[str, int | None]:
    """(host without www., port or None) from 'HOST' or 'HOST:PORT'; JzError(USAGE) if neither."""
    match = _HOST_PORT.match(value.strip())
    port = int(match.group("port")) if match and match.group("port") else None
    if match is None or (port is not None and not 0 < port < 65536):
        raise JzError(
            f"{value!r} is not a host name; give HOST or HOST:PORT (no scheme, no path)",
            ExitCode.USAGE,
        )
    host = match.group("host").lower().rstrip(".")
    return (host[4:] if host.startswith("www.") else host), port


class CrawlScope:
    """True for URLs a crawl may follow: its origins (scheme, host, port; www. ignored) and
    the allowed hosts (any scheme on their default port, or on the port given)."""

    def __init__(self, start: str, allow_hosts: Iterable[str] = ()) -> None:
        self._origins = {origin_of(start)}
        self._hosts = {parse_allowed_host(h) for h in allow_hosts}

    def add_origin(self, url: str) -> None:
        """Also allow `url`'s origin (where the column's first page redirected to)."""
        self._origins.add(origin_of(url))

    def __call__(self, url: str) -> bool:
        origin = origin_of(url)
        scheme, host, port = origin
        if not host:
            return False
        if origin in self._origins:
            return True
        default = {"http": 80, "https": 443}.get(scheme)
        return any(
            host == allowed and (port == want if want is not None else port == default)
            for allowed, want in self._hosts
        )


__all__ = ["CrawlScope", "parse_allowed_host"]
