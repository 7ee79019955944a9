"""Output file names: a template filled with safe slugs, never escaping the output folder."""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from jzcli.errors import JzError

DEFAULT_TEMPLATE = "{date}-{slug}"
FIELDS = ("date", "year", "month", "slug", "title", "host", "column", "id")
MAX_COMPONENT_BYTES = 180
"""Per path component, before the collision suffix and extension (filesystems allow 255)."""
MAX_DEPTH = 4

_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
_DASHES = re.compile(r"-{2,}")


def url_id(url: str, length: int = 8) -> str:
    """A short, stable hash of a URL, used as {id} and to separate colliding names."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:length]


def truncate_bytes(text: str, limit: int) -> str:
    """Cut text to at most `limit` UTF-8 bytes without splitting a character."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


def slugify(text: str, max_bytes: int = 120) -> str:
    """A file-name-safe slug: letters and digits of any script (Chinese kept), dashes between.

    ASCII letters are lower-cased; everything else that is not a letter or digit becomes a
    dash; the result is at most `max_bytes` UTF-8 bytes and may be empty.
    """
    text = unicodedata.normalize("NFKC", text)
    out: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in ("L", "N") and ch.isprintable():
            out.append(ch.lower() if ch.isascii() else ch)
        else:
            out.append("-")
    slug = _DASHES.sub("-", "".join(out)).strip("-")
    return truncate_bytes(slug, max_bytes).strip("-")


def check_template(template: str) -> None:
    """Reject templates with unknown fields or format specs (a usage error, raised early)."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise JzError(f"bad --name-template {template!r}: {exc}") from None
    for _, name, spec, conv in parsed:
        if name is None:
            continue
        if name not in FIELDS or spec or conv:
            raise JzError(
                f"bad --name-template {template!r}: unknown field {{{name}}}. "
                f"Use {', '.join('{' + f + '}' for f in FIELDS)}"
            )


def _safe_component(part: str) -> str:
    part = "".join(ch for ch in part if ch.isprintable() and ch not in '\\/:*?"<>|')
    part = part.strip(" .")
    part = truncate_bytes(part, MAX_COMPONENT_BYTES).strip(" .")
    if part.lower().split(".")[0] in _WINDOWS_RESERVED:
        part = "_" + part
    return part


@dataclass(frozen=True)
class NameFields:
    """What a file name can be made of."""

    url: str
    title: str = ""
    date: str = ""
    """YYYY-MM-DD, or '' when unknown."""
    host: str = ""
    column: str = ""

    def values(self) -> Mapping[str, str]:
        date = self.date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", self.date) else ""
        return {
            "date": date or "undated",
            "year": date[:4] or "undated",
            "month": date[5:7] or "undated",
            "slug": slugify(self.title) or "untitled",
            "title": slugify(self.title, MAX_COMPONENT_BYTES) or "untitled",
            "host": slugify(self.host) or "site",
            "column": slugify(self.column) or "column",
            "id": url_id(self.url),
        }


def render_name(template: str, fields: NameFields, ext: str) -> str:
    """A relative POSIX path from the template: safe components, never '..' nor absolute.

    `/` in the template makes folders (at most MAX_DEPTH); field values can never add one.
    """
    check_template(template)
    values = fields.values()
    filled = string.Formatter().vformat(template, (), dict(values))
    parts = [_safe_component(p) for p in filled.split("/")]
    parts = [p for p in parts if p and p not in (".", "..")]
    if not parts:
        parts = [values["id"]]
    if len(parts) > MAX_DEPTH:
        parts = [*parts[: MAX_DEPTH - 1], "-".join(parts[MAX_DEPTH - 1 :])]
        parts[-1] = _safe_component(parts[-1]) or values["id"]
    return "/".join(parts) + "." + ext


def with_suffix_id(path: str, url: str, length: int = 8) -> str:
    """The same path with a short hash of the URL before the extension (for collisions)."""
    head, dot, ext = path.rpartition(".")
    if not dot:
        head, ext = path, ""
    folder, slash, name = head.rpartition("/")
    name = truncate_bytes(name, MAX_COMPONENT_BYTES).rstrip(" .-")
    out = f"{folder}{slash}{name}-{url_id(url, length)}"
    return f"{out}.{ext}" if ext else out


def path_key(path: str) -> str:
    """How two paths compare on case-insensitive, normalising filesystems."""
    return unicodedata.normalize("NFC", path).casefold()


__all__ = [
    "DEFAULT_TEMPLATE",
    "NameFields",
    "check_template",
    "path_key",
    "render_name",
    "slugify",
    "truncate_bytes",
    "url_id",
    "with_suffix_id",
]
