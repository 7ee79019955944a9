"""The one data model every stage and exporter reads: a fetched Page and an Article."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any, Literal

SCHEMA_VERSION = 1

# Every string that enters the model is valid Unicode with no C0 control character but tab and
# newline: pages carry raw ESC/BEL/NUL (a title with ESC]0; retitles the reader's terminal)
# and JSON-LD carries lone surrogates ("\ud800"), which no UTF-8 output can hold. The model
# cleans them on construction, so no exporter or display has to. C1 controls (U+0080-U+009F)
# are the one exception while an article is being repaired: they are the bytes of UTF-8 read
# as Latin-1 (不 read as "ä¸\x8d"), which the mojibake repair turns back into text.
# `final_text` then maps what is left to the windows-1252 character those bytes mean (the
# WHATWG reading of Latin-1), dropping the five it leaves undefined; the pipeline's last step.
_C0 = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_C0_TABLE: dict[int, str | None] = {
    **{c: None for c in [*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F]},
    **{c: " " for c in (0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x1F)},  # separators: a space
    **{c: "\ufffd" for c in range(0xD800, 0xE000)},  # a lone surrogate: the replacement mark
}
_C1 = re.compile(r"[\x80-\x9f]")
_C1_TABLE: dict[int, str | None] = {
    c: (bytes([c]).decode("cp1252") if c not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else None)
    for c in range(0x80, 0xA0)
}


# `_C0` in UTF-8 (with surrogatepass): the controls are single bytes no other character's
# encoding holds, and a lone surrogate is ED A0-BF. C code scans bytes several times faster
# than the regex walks a long text's characters.
_NOT_C0_BYTES = bytes(c for c in range(256) if not (c <= 0x08 or 0x0B <= c <= 0x1F or c == 0x7F))
_SURROGATE_UTF8 = re.compile(rb"\xed[\xa0-\xbf]")


def _has_c0(text: str) -> bool:
    """`_C0.search(text) is not None`."""
    if len(text) < 256:
        return _C0.search(text) is not None
    raw = text.encode("utf-8", "surrogatepass")
    if raw.translate(None, _NOT_C0_BYTES):
        return True
    return b"\xed" in raw and _SURROGATE_UTF8.search(raw) is not None


def safe_text(text: str, *, keep_c1: bool = False) -> str:
    """`text` as valid Unicode without control characters other than tab and newline
    (C1 controls kept with `keep_c1`, read as windows-1252 otherwise)."""
    if _has_c0(text):
        text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_C0_TABLE)
    if not keep_c1 and _C1.search(text) is not None:
        text = text.translate(_C1_TABLE)
    return text


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}

# Tuples of strings found clean, by identity: an article's paragraphs pass through several
# model objects unchanged (each stage's `replace` hands the same tuple on), and a tuple and
# its strings never change, so one check is enough. Entries hold their tuple, so no other
# object can take its id while it is listed.
_CLEAN_TUPLES: dict[int, tuple[str, ...]] = {}
_CLEAN_TUPLES_MAX = 64


def _make_safe(obj: Any) -> None:
    """Clean the str and tuple-of-str fields of a frozen model object in place (C1 kept)."""
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in fields(obj))
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, str):
            if not _has_c0(value):  # the common case: safe_text would return it
                continue
            clean: object = safe_text(value, keep_c1=True)
        elif isinstance(value, tuple) and any(isinstance(v, str) for v in value):
            if _CLEAN_TUPLES.get(id(value)) is value:
                continue
            # One search over all the strings (a paragraph tuple): "\n" is not in _C0.
            if all(isinstance(v, str) for v in value) and not _has_c0("\n".join(value)):
                if len(_CLEAN_TUPLES) >= _CLEAN_TUPLES_MAX:
                    _CLEAN_TUPLES.clear()
                _CLEAN_TUPLES[id(value)] = value
                continue
            clean = tuple(safe_text(v, keep_c1=True) if isinstance(v, str) else v for v in value)
            if clean == value:
                continue
        else:
            continue
        if clean is not value:
            object.__setattr__(obj, name, clean)


def final_text(value: Any) -> Any:
    """A model object (or str, or tuple) with the C1 controls repair left read as
    windows-1252: no control character but tab and newline remains anywhere in it."""
    if is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: final_text(getattr(value, f.name)) for f in fields(value)}
        if all(changed[k] is getattr(value, k) for k in changed):
            return value
        return replace(value, **changed)
    if isinstance(value, str):
        return safe_text(value) if _C1.search(value) else value
    if isinstance(value, tuple):
        items = tuple(final_text(v) for v in value)
        return value if all(a is b for a, b in zip(items, value)) else items
    return value


# What kind of input an article came from.
InputKind = Literal["url", "html", "text", "json"]


@dataclass(frozen=True)
class CharsetDecision:
    """Which charset decoded the bytes, and the evidence that led there."""

    encoding: str
    """Python codec name actually used (GB2312 and GBK are always read as gb18030)."""
    source: str
    """What decided it: bom, http, meta, utf8, detector, fallback, given, unicode."""
    confidence: float = 1.0
    evidence: tuple[str, ...] = ()
    """Every clue seen, e.g. ('http: iso-8859-1', 'meta: gbk', 'detector: gb18030 0.99')."""
    replacements: int = 0
    """U+FFFD characters in the decoded text (damage the decision could not avoid)."""

    def __post_init__(self) -> None:
        _make_safe(self)


@dataclass(frozen=True)
class Page:
    """Raw bytes of one document and what came with them; the pipeline's only input."""

    url: str
    content: bytes
    final_url: str = ""
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    """Response headers with lower-case names."""
    kind: InputKind = "html"
    """How the content should be read: html, text (plain or Markdown) or json (a jz article)."""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass(frozen=True)
class Author:
    """A person credited on the article, in one role."""

    name: str
    """As written on the page, e.g. '郭 劍'."""
    normalized: str
    """Cleaned for matching and display, e.g. '郭剑' (padding removed, script repaired)."""
    role: str = "author"
    """author (作者), reporter (记者), correspondent (通讯员), editor (编辑, 责任编辑),
    photographer (摄影), translator (翻译)."""

    def __post_init__(self) -> None:
        _make_safe(self)


@dataclass(frozen=True)
class Image:
    url: str
    caption: str = ""

    def __post_init__(self) -> None:
        _make_safe(self)


@dataclass(frozen=True)
class Removal:
    """A paragraph a stage dropped, and why."""

    index: int
    """Position of the paragraph in the stage's input."""
    text: str
    reason: str
    """duplicate, near-duplicate, boilerplate, debris, breadcrumb, byline, cross-article."""
    duplicate_of: int | None = None
    similarity: float | None = None

    def __post_init__(self) -> None:
        _make_safe(self)


@dataclass(frozen=True)
class Provenance:
    """Where an article came from and what jz did to it."""

    input_kind: str = "text"
    source_name: str = ""
    """File path, '-' for stdin, or the requested URL."""
    final_url: str = ""
    http_status: int | None = None
    charset: CharsetDecision | None = None
    extractor: str = ""
    """Which extractor built the article: text, html, html+rule:<name>, json."""
    pages: int = 1
    """How many pages were joined into this article."""
    repairs: Mapping[str, int] = field(default_factory=dict)
    """Repair name -> how many times it was applied (e.g. pinyin: 57, script-t2s: 1)."""
    removed: tuple[Removal, ...] = ()
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _make_safe(self)


@dataclass(frozen=True)
class Article:
    """One article: text, metadata and provenance."""

    url: str = ""
    title: str = ""
    authors: tuple[Author, ...] = ()
    published: str = ""
    """ISO 8601 date or date-time; a timezone only when the page states one."""
    modified: str = ""
    """When the page says it was last updated (ISO 8601, like `published`); "" when it does not."""
    site_name: str = ""
    source: str = ""
    """来源: the outlet the text is credited to, which may differ from the site."""
    column: str = ""
    breadcrumb: tuple[str, ...] = ()
    canonical_url: str = ""
    language: str = ""
    """BCP 47 language tag: zh, en, ..."""
    script: str = ""
    """Hans, Hant, Latn, ... of the final text."""
    description: str = ""
    paragraphs: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    image: str = ""
    """The lead image's URL: og:image, twitter:image or JSON-LD image, else the first body image."""
    provenance: Provenance = field(default_factory=Provenance)

    def __post_init__(self) -> None:
        _make_safe(self)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (schema_version first); the only serialisation of the model."""
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        out.update(_plain(self))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        """Rebuild an article from `to_dict()` output (unknown keys are ignored)."""
        prov = dict(data.get("provenance") or {})
        charset = prov.get("charset")
        provenance = Provenance(
            input_kind=str(prov.get("input_kind", "json")),
            source_name=str(prov.get("source_name", "")),
            final_url=str(prov.get("final_url", "")),
            http_status=prov.get("http_status"),
            charset=_build(CharsetDecision, charset) if charset else None,
            extractor=str(prov.get("extractor", "")),
            pages=int(prov.get("pages", 1)),
            repairs=dict(prov.get("repairs") or {}),
            removed=tuple(_build(Removal, r) for r in prov.get("removed") or ()),
            warnings=tuple(prov.get("warnings") or ()),
        )
        return cls(
            url=str(data.get("url", "")),
            title=str(data.get("title", "")),
            authors=tuple(_build(Author, a) for a in data.get("authors") or ()),
            published=str(data.get("published", "")),
            modified=str(data.get("modified", "")),
            site_name=str(data.get("site_name", "")),
            source=str(data.get("source", "")),
            column=str(data.get("column", "")),
            breadcrumb=tuple(str(x) for x in data.get("breadcrumb") or ()),
            canonical_url=str(data.get("canonical_url", "")),
            language=str(data.get("language", "")),
            script=str(data.get("script", "")),
            description=str(data.get("description", "")),
            paragraphs=tuple(str(p) for p in data.get("paragraphs") or ()),
            images=tuple(_build(Image, i) for i in data.get("images") or ()),
            image=str(data.get("image", "")),
            provenance=provenance,
        )


def _build(cls: Any, data: Mapping[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    kwargs = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in names}
    return cls(**kwargs)


# Most values of an article are strings and numbers: returned before the costlier checks
# (to_dict runs for every stored and exported article). Exact types: subclasses take the
# general path below.
_LEAVES = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _LEAVES:
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value
