"""One URL per article: the normal form every URL takes before it enters a batch's state.

Rules (RFC 3986 section 6 plus a list of tracking parameters):
- scheme and host in lower case, a trailing dot and the default port (80, 443) dropped;
- an empty path becomes '/', dot segments ('.', '..') are resolved, percent escapes use
  upper-case hex and escaped unreserved characters (letters, digits, '-._~') are decoded;
- the fragment is dropped (a '#!' AJAX fragment is kept: it selects content);
- tracking parameters are dropped: utm_*, spm, isappinstalled, fbclid and the like, WeChat's
  from=timeline|singlemessage|groupmessage; every other parameter (id=, aid=, p=, page=...)
  is kept, in its order, with its value as written.

Query order is kept because some CMSs read parameters by position; a URL that differs only in
parameter order is a different URL here.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}

TRACKING_PARAMS = frozenset(
    {
        # Analytics and ad click ids.
        "fbclid",
        "gclid",
        "dclid",
        "gclsrc",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "_ga",
        "_gl",
        # Chinese apps and portals: Alibaba's spm, WeChat and Weibo share marks, app installs.
        "spm",
        "scm",
        "isappinstalled",
        "isappinstall",
        "wfr",
        "sharer_sharetime",
        "sharer_shareid",
        "sharer_shareinfo",
        "sharer_shareinfo_first",
        "share_token",
        "share_from",
        "share_medium",
        "share_source",
        "shareuid",
        "tt_from",
        "tt_group_id",
        "wxshare_count",
        "clicktime",
        "enterid",
        "weixin_share",
        "timestamp_share",
        "ivk_sa",
        "vd_source",
        "sourcefrom",
    }
)
"""Parameters that never select content (compared case-insensitively)."""

TRACKING_PREFIXES = ("utm_", "hmsr", "hmpl", "hmcu", "hmkw", "hmci", "pk_", "mtm_")
"""Prefixes of tracking parameters: Google's utm_*, Baidu Tongji's hm*, Matomo's pk_/mtm_."""

TRACKING_VALUES = {
    "from": frozenset({"timeline", "singlemessage", "groupmessage", "message", "share", "appmsg"}),
    "scene": frozenset({"1", "2", "21", "23", "27", "126"}),
}
"""Parameters that are tracking only with these values (WeChat's share marks)."""

_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def _fix_escapes(text: str) -> str:
    """Upper-case hex in percent escapes; decode escaped unreserved characters."""

    def one(match: re.Match[str]) -> str:
        byte = int(match.group(1), 16)
        return chr(byte) if byte in _UNRESERVED else "%" + match.group(1).upper()

    return _ESCAPE.sub(one, text)


def remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, on a path that starts with '/'."""
    out: list[str] = []
    segments = path.split("/")
    for i, seg in enumerate(segments[1:], start=1):
        last = i == len(segments) - 1
        if seg == ".":
            if last:
                out.append("")
            continue
        if seg == "..":
            if out:
                out.pop()
            if last:
                out.append("")
            continue
        out.append(seg)
    return "/" + "/".join(out)


def is_tracking(name: str, value: str) -> bool:
    """True for a query parameter that only tracks where a reader came from."""
    key = name.lower()
    if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
        return True
    values = TRACKING_VALUES.get(key)
    return values is not None and value.lower() in values


def clean_query(query: str) -> str:
    """The query without tracking parameters, the rest kept in order and as written."""
    if not query:
        return ""
    kept: list[str] = []
    for part in query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        if is_tracking(name, value):
            continue
        kept.append(_fix_escapes(part))
    return "&".join(kept)


def normalize_url(url: str) -> str:
    """The normal form of an http(s) URL; anything else is returned stripped but unchanged."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.rstrip(".")
    if ":" in host:  # IPv6
        host = f"[{host}]"
    netloc = host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@{netloc}"
    path = remove_dot_segments(_fix_escapes(parts.path or "/"))
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    return urlunsplit((scheme, netloc, path, clean_query(parts.query), fragment))


def as_url(arg: str) -> str:
    """A URL from a command-line argument: bare 'host/path' gets http:// as curl does."""
    arg = arg.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*://", arg, re.I):
        return arg
    # mailto:, javascript: and the like stay as they are (and are refused); host:port does not.
    if re.match(r"^[a-z][a-z0-9+.-]*:(?!\d)", arg, re.I):
        return arg
    return "http://" + arg


def same_site(a: str, b: str) -> bool:
    """Both URLs on one host (www. and the bare host are one)."""
    ha = (urlsplit(a).hostname or "").removeprefix("www.")
    hb = (urlsplit(b).hostname or "").removeprefix("www.")
    return bool(ha) and ha == hb


__all__ = [
    "TRACKING_PARAMS",
    "TRACKING_PREFIXES",
    "as_url",
    "clean_query",
    "is_tracking",
    "normalize_url",
    "remove_dot_segments",
    "same_site",
]
