"""The per-article pipeline: a pure function of (raw bytes, URL, settings).

    Page(s) --decode--> text --extract--> Article --repair--> --dedupe--> Article

Batch export, parallel runs and archive (WARC) processing all call `process_pages`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace

from jzcli.decode.charset import decode_bytes, normalize_charset
from jzcli.decode.utf8 import utf8_of
from jzcli.dedupe import dedupe_article
from jzcli.errors import ExitCode, InputError, JzError, NoArticleError
from jzcli.extract.html import extract_html
from jzcli.extract.text import extract_text
from jzcli.fetch.content import WIDE_BOMS
from jzcli.models import Article, CharsetDecision, Page, final_text
from jzcli.patterns import lazy_compile
from jzcli.repair import repair_article
from jzcli.repair.page import add_repairs, repair_page_text
from jzcli.settings import Settings


def http_charset(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


# What text never holds: U+FFFD (bytes no charset could read), C0/C1 controls other than
# whitespace, and private-use characters. Real pages stay under 2% (the worst of 1,606
# benchmark pages: 1.4%); random bytes decode to about 30% whatever the charset.
_NOT_TEXT = lazy_compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
_NOT_TEXT_SHARE = 0.10
_SAMPLE = 16_384
_SAMPLES = 32


# The same classes counted in the text's UTF-8 bytes, where C code does the scanning (the
# regex walks a large page's characters one by one: milliseconds per page). C0 controls are
# single bytes no other character's encoding holds; the rest are found by their lead bytes.
_ALL_BUT_C0 = bytes([9, 10, 12, 13, *range(0x20, 0x7F), *range(0x80, 0x100)])
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")  # U+0080-U+009F
_PUA_F_UTF8 = re.compile(rb"\xef[\x80-\xa3]")  # U+F000-U+F8FF; U+E000-U+EFFF all start EE


def not_text_count(text: str) -> int:
    """How many characters of `text` are in the _NOT_TEXT class."""
    return _not_text_in(utf8_of(text))  # a page's own bytes when it was UTF-8


def _not_text_in(raw: bytes, chars: int = 0, enough: int = -1) -> int:
    """How many characters of the text whose UTF-8 is `raw` (`chars` characters long, when
    known) are in the _NOT_TEXT class; or, when that is at most `enough`, a bound no lower
    than the count and no higher than `enough`."""
    count = len(raw.translate(None, _ALL_BUT_C0))
    if raw.isascii():
        return count
    # Each character outside ASCII takes at least two bytes: there are at most
    # len(raw) - chars of them. Few (Latin text): no need to find which they are.
    if chars and count + len(raw) - chars <= enough:
        return count + len(raw) - chars
    if b"\xc2" in raw:
        count += len(_C1_UTF8.findall(raw))
    if b"\xee" in raw:
        count += raw.count(b"\xee")
    if b"\xef" in raw:
        count += raw.count("\ufffd".encode()) + len(_PUA_F_UTF8.findall(raw))
    return count


def not_text_share(text: str, at_most: float = -1.0) -> float:
    """Share of `text` that no text holds (see _NOT_TEXT); evenly spaced samples of long text.

    A share of at most `at_most` may come back as a bound between it and `at_most`: a
    caller that only asks whether the share is over `at_most` gets the same answer."""
    if len(text) > _SAMPLE * _SAMPLES:
        step = len(text) // _SAMPLES
        text = "".join(text[i : i + _SAMPLE] for i in range(0, step * _SAMPLES, step))
        raw = text.encode("utf-8", "surrogatepass")
    elif not text:
        return 0.0
    else:
        raw = utf8_of(text)  # a page's own bytes when it was UTF-8
    return _not_text_in(raw, len(text), int(at_most * len(text))) / len(text)


def _binary(page: Page, what: str) -> JzError:
    """The error for binary content: UNSUPPORTED_TYPE for a fetched page (as for a PDF served
    as text/html), INPUT for a file or stdin (as for any binary file)."""
    where = page.url or "input"
    if page.status is not None:
        return JzError(
            f"{where} looks binary: {what}, not text or HTML. Open it in a browser to check",
            ExitCode.UNSUPPORTED_TYPE,
        )
    return InputError(f"{where} looks binary: {what}, not text or HTML")


def decode_page(page: Page) -> tuple[str, CharsetDecision]:
    """Decode a page's bytes using every clue, including the HTTP header.

    Bytes that hold NUL, or that decode to mostly U+FFFD and control characters, are binary
    content and refused (exit code UNSUPPORTED_TYPE when fetched, INPUT for a file).
    """
    if b"\x00" in page.content[:4096] and not page.content.startswith(WIDE_BOMS):
        raise _binary(page, "binary data (NUL bytes)")
    declared = http_charset(page.content_type)
    if declared and normalize_charset(declared) is None:
        declared = None
    text, decision = decode_bytes(page.content, http_charset=declared, is_html=page.kind == "html")
    share = not_text_share(text, _NOT_TEXT_SHARE) if len(text) >= 64 else 0.0
    if share > _NOT_TEXT_SHARE:
        raise _binary(page, f"binary data ({share:.0%} undecodable or control characters)")
    return text, decision


def extract_page(page: Page, settings: Settings) -> Article:
    """Decode and extract one page, without repair or dedupe."""
    if not page.content.strip():
        if page.status is not None:  # fetched: the same error as `jz fetch` gives
            raise NoArticleError(
                f"the server sent an empty page (status {page.status}). "
                "Try again later, or open it in a browser."
            )
        raise InputError(f"{page.url or 'input'} is empty. Give a file with text or HTML in it")
    text, decision = decode_page(page)
    url = page.final_url or page.url
    if page.kind == "json":
        return load_article_json(text, page.url)
    if page.kind == "html":
        # A page a converting proxy rewrote is repaired before extraction reads it.
        before: dict[str, int] = {}
        if settings.repair:
            text, before = repair_page_text(text, url, decision, settings.script)
        article = extract_html(text, url, settings, decision, page.headers.get("date", ""))
        if before:
            article = add_repairs(article, before)
    else:
        article = extract_text(text, url, settings, decision)
    prov = replace(
        article.provenance,
        # Fetched pages carry an HTTP status; the extractor field still says html or text.
        input_kind="url" if page.status is not None else article.provenance.input_kind,
        source_name=page.url,
        final_url=page.final_url,
        http_status=page.status,
        charset=decision,
    )
    return replace(article, provenance=prov)


def load_article_json(text: str, source: str) -> Article:
    """Read a jz JSON article (the output of --format json) back into the model."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source or 'input'} is not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(
            f"{source or 'input'} is JSON nested too deeply to be an article"
        ) from None
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict) or "schema_version" not in data:
        raise InputError(f"{source or 'input'} is JSON but not a jz article")
    try:
        return Article.from_dict(data)
    except (TypeError, ValueError, AttributeError) as exc:  # a field of the wrong shape
        raise InputError(
            f"{source or 'input'} is JSON but not a jz article ({type(exc).__name__}: {exc}). "
            "Give a file written by jz --format json"
        ) from None


def join_pages(articles: Sequence[Article]) -> Article:
    """Join the pages of one multi-page article, metadata from the first page."""
    first = articles[0]
    if len(articles) == 1:
        return first
    paragraphs = tuple(p for a in articles for p in a.paragraphs)
    images = tuple(i for a in articles for i in a.images)
    # Credits often close the last page (责任编辑 after page 3's text): keep every page's.
    authors = list(first.authors)
    for other in articles[1:]:
        authors += [
            a
            for a in other.authors
            if (a.normalized, a.role) not in {(b.normalized, b.role) for b in authors}
        ]
    prov = replace(first.provenance, pages=len(articles))
    return replace(
        first, paragraphs=paragraphs, images=images, authors=tuple(authors), provenance=prov
    )


def finish_article(article: Article, settings: Settings, require_text: bool = True) -> Article:
    """Repair and dedupe an extracted article; fail if no text is left (unless not required,
    when an article with metadata only is returned)."""
    if article.provenance.input_kind != "json":
        article = repair_article(article, settings)
        article = dedupe_article(article, settings)
    # After repair, which reads UTF-8 mojibake from C1 controls: none leaves the pipeline.
    article = final_text(article)
    if require_text and not any(p.strip() for p in article.paragraphs):
        where = article.provenance.source_name or article.url or "input"
        raise NoArticleError(
            f"no article text found in {where} (it may be a list of links, or need "
            "JavaScript). Open it in a browser to check"
        )
    return article


def process_pages(pages: Sequence[Page], settings: Settings, require_text: bool = True) -> Article:
    """The whole per-article pipeline for one article spread over one or more pages.

    With `require_text=False` a page without article text still gives its metadata."""
    if not pages:
        raise InputError("no input")
    article = join_pages([extract_page(p, settings) for p in pages])
    return finish_article(article, settings, require_text)


def process_page(page: Page, settings: Settings, require_text: bool = True) -> Article:
    """The per-article pipeline for a one-page article."""
    return process_pages([page], settings, require_text)
