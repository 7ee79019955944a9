"""Conversion damage undone in a page's HTML before extraction.

A converting proxy rewrites every text node of a page (Simplified -> Traditional, a reading
after some characters, flattened marks) and leaves tags and attributes alone. Extraction
reads labels (來(lái)源, 當前位置), compares the <title> with the headline and weighs blocks
by their text, so a damaged page is extracted differently from the same page undamaged.
When the page shows that damage, the text nodes are repaired first, with one decision for
the whole page, taken on the page's own evidence: its host, `<html lang>`, declared charset,
the untouched meta description / og:title, and every text node. Only the conversion stages
run here (readings, script, punctuation width); entities, mojibake and widths are repaired
later on the extracted article as before.
"""

from __future__ import annotations

import html as html_lib
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace

from jzcli.decode.utf8 import utf8_of
from jzcli.models import Article, CharsetDecision
from jzcli.repair.origin import Region, page_region, simplified_re, traditional_re
from jzcli.repair.pinyin import PINYIN_RE, has_pinyin_match
from jzcli.repair.punctuation import is_cjk, marks_flattened, restore_fullwidth_punct
from jzcli.settings import ScriptMode


def _markup(name: str) -> str:
    """Markup that is not text: a comment, a raw-text element with its content, a tag. A
    comment or raw-text element runs to its end or the end of the page; the loops take a
    `-` or `<` only where the end does not start (`.*?` would try the end at each one)."""
    return (
        r"<!--[^-]*(?:-(?!->)[^-]*)*(?:-->|$)"
        rf"|<(?P<{name}>script|style|textarea|noscript)\b[^>]*>"
        rf"[^<]*(?:<(?!/(?P={name})\s*>)[^<]*)*(?:</(?P={name})\s*>|$)"
        r"|<[^>]*>"
    )


# A run of markup with nothing but white space between: the text nodes are what lies
# between two runs (a node of white space alone is never one `_text_spans` gives).
_MARKUP_RUN_RE = re.compile(f"(?:{_markup('a')})(?:\\s*(?:{_markup('b')}))*", re.S | re.I)
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LANG_RE = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z_-]+)", re.I)
_META_RE = re.compile(r"<meta\b[^>]*>", re.I)
_META_NAME_RE = re.compile(
    r"""(?:name|property)\s*=\s*["']?(description|og:title|og:description)["'\s>]""", re.I
)
_CONTENT_RE = re.compile(r"""content\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_HAN_RE = re.compile("[\u3400-\u9fff]")
# U+3400-U+9FFF in UTF-8: E4-E9 lead bytes, or E3 followed by 90-BF.
_HAN_LEADS = (b"\xe4", b"\xe5", b"\xe6", b"\xe7", b"\xe8", b"\xe9")
_HAN_E3_RE = re.compile(rb"\xe3[\x90-\xbf]")
_SHORT = 4096
_TEXT_RE = re.compile("[\u3400-\u9fff,?:;!()]")
_WORD_RE = re.compile(r"[^\W_]")
# Private-use stand-in for an entity while marks are restored: never CJK, never a mark.
_MASK = "\ue000"


_ATTRIBUTE_RE = re.compile(r"""\s(?:title|alt)\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)')""", re.I)
# The `=` of every match of _ATTRIBUTE_RE, and a few more: `=` is rare enough in a page for
# the scan to skip to it, where the whitespace _ATTRIBUTE_RE starts with is everywhere.
_ATTRIBUTE_EQUALS_RE = re.compile(
    r"=(?:(?<=(?i:\stitle)=)|(?<=(?i:\salt)=)|(?<=(?i:\stitle)\s=)|(?<=(?i:\salt)\s=)|(?<=\s\s=))"
)
_ATTRIBUTE_NAME_RE = re.compile(r"\s(?:title|alt)", re.I)
_MAX_ATTRIBUTES = 200


def _meta_texts(html: str) -> list[str]:
    """The meta description and og:title / og:description values (untouched by a proxy)."""
    out = []
    for tag in _META_RE.findall(html[:200_000]):
        if _META_NAME_RE.search(tag):
            m = _CONTENT_RE.search(tag)
            if m:
                out.append(html_lib.unescape(m.group(1) or m.group(2) or ""))
    return out


def _attributes(html: str) -> Iterator[re.Match[str]]:
    """`_ATTRIBUTE_RE.finditer(html)`, found from the `=` of each match back to its start."""
    last = 0
    for m in _ATTRIBUTE_EQUALS_RE.finditer(html):
        end = m.start()
        while end > 0 and html[end - 1].isspace():
            end -= 1
        for start in (end - 6, end - 4):  # before `title` or `alt`
            if start >= 0 and _ATTRIBUTE_NAME_RE.fullmatch(html, start, end):
                # One inside the last match is no match of finditer's.
                found = _ATTRIBUTE_RE.match(html, start) if start >= last else None
                if found:
                    yield found
                    last = found.end()
                break


def _untouched_texts(html: str) -> tuple[list[str], int]:
    """The page's text a converting proxy leaves as it was, since it rewrites text nodes
    only: the meta description and og:title (first; how many of them is returned too),
    and the title and alt attributes."""
    out = [t for t in _meta_texts(html) if _HAN_RE.search(t)]
    meta = len(out)
    seen = set(out)
    for m in _attributes(html):
        value = m.group(1) or m.group(2) or ""
        if value not in seen and _HAN_RE.search(value):
            seen.add(value)
            out.append(html_lib.unescape(value))
            if len(out) >= _MAX_ATTRIBUTES:
                break
    return out, meta


def _han_in_utf8(raw: bytes) -> bool:
    # `in` finds a byte at C speed; the pattern walks the bytes, so only where E3 is.
    if any(lead in raw for lead in _HAN_LEADS):
        return True
    return b"\xe3" in raw and _HAN_E3_RE.search(raw) is not None


# Deleted from a page's UTF-8 bytes to leave its non-ASCII characters and its `<` and `>`.
_ASCII_BUT_BRACKETS = bytes(b for b in range(0x80) if b not in b"<>")


def _han_view(html: str) -> str | None:
    """None when `html` has no Han character; else a text whose non-ASCII characters, `<`
    and `>` are those of the page, in order: the page itself when short; else those alone
    (the checks that look for Traditional and Simplified characters and the tags around
    them read it instead of the page, a tenth of its length)."""
    if len(html) < _SHORT:
        return html if _HAN_RE.search(html) else None
    if html.isascii():
        return None
    raw = utf8_of(html)  # the page's own bytes when it was UTF-8
    if not _han_in_utf8(raw):
        return None
    return raw.translate(None, _ASCII_BUT_BRACKETS).decode("utf-8", "surrogatepass")


def page_evidence_region(html: str, url: str, decision: CharsetDecision | None) -> Region:
    """`page_region` from the page's URL, `<html lang>` and declared charsets."""
    m = _LANG_RE.search(html[:20_000])
    charsets: list[str] = []
    if decision is not None:
        for clue in decision.evidence:
            source, _, label = clue.partition(":")
            if source.strip() in ("meta", "http") and label.split():
                charsets.append(label.split()[0])
    return page_region(url, m.group(1) if m else "", charsets)


def _text_spans(html: str) -> list[tuple[int, int]]:
    """(start, end) of every text node with Han characters or a mark NFKC may have
    flattened (a `)` of its own after a link)."""
    spans = []
    last = 0
    for m in _MARKUP_RUN_RE.finditer(html):
        if m.start() > last and _TEXT_RE.search(html, last, m.start()):
            spans.append((last, m.start()))
        last = m.end()
    if last < len(html) and _TEXT_RE.search(html, last):
        spans.append((last, len(html)))
    return spans


def _restore_marks(text: str, left: str = "", right: str = "") -> tuple[str, int]:
    """`restore_fullwidth_punct` on a text node, its entities kept as they are; `left` and
    `right` are the characters next to it on the page (in the nodes around it)."""
    if "&" in text:
        entities = list(_ENTITY_RE.finditer(text))
        masked = _ENTITY_RE.sub(_mask, text)
    else:
        entities, masked = [], text
    out, n = restore_fullwidth_punct(left + masked + right)
    out = out[len(left) : len(out) - len(right)]
    if not n:
        return text, 0
    if len(out) != len(masked):
        return (text, 0) if entities else (out, n)
    if not entities:
        return out, n
    chars = list(out)
    for m in entities:
        chars[m.start() : m.end()] = m.group()
    return "".join(chars), n


def _mask(m: re.Match[str]) -> str:
    """An entity's stand-in while marks are restored: spaces for a space (`&nbsp;`: `IP,&nbsp;
    但是` is an English comma before a space), else a private-use character."""
    return (" " if html_lib.unescape(m.group()).isspace() else _MASK) * len(m.group())


def _neighbour(text: str, last: bool) -> str:
    """A text node's character next to the node after it (`last`) or before it, when it is
    Chinese text (the context a mark at the node's edge is judged by)."""
    ch = text[-1:] if last else text[:1]
    return ch if ch and is_cjk(ch) else ""


def _restore_all_marks(texts: list[str], counts: defaultdict[str, int]) -> None:
    """NFKC flattened the whole page: restore the marks of every text node; a node of marks
    alone (`)` after a link) is judged by the nodes around it, any other by its own text."""
    done = list(texts)
    for k in range(len(done)):
        left = right = ""
        if not _WORD_RE.search(done[k]):
            left = _neighbour(texts[k - 1], last=True) if k else ""
            right = _neighbour(done[k + 1], last=False) if k + 1 < len(done) else ""
        texts[k], n = _restore_marks(done[k], left, right)
        counts["punct-width"] += n


def _may_be_converted(html: str, view: str | None = None) -> bool:
    """False when no text of the page can be Traditional text converted from Simplified:
    every text node with a Traditional character also has a character only Simplified
    text has (a mainland page quoting a name, 於 in a title), and so has every meta text.
    Then, without readings, the conversion stages change nothing (`origin._evidence`
    takes no such text), and the page costs a scan instead of splitting it into nodes.
    The stretch between the nearest `>` before and `<` after a character lies inside the
    text node holding it, so a Simplified-only character found there is in the node.
    `view` (of `_han_view`) has the same Han characters between the same `>` and `<`."""
    traditional = traditional_re()
    simplified = simplified_re()
    text = html if view is None else view
    pos = 0
    while m := traditional.search(text, pos):
        start = text.rfind(">", 0, m.start()) + 1
        end = text.find("<", m.end())
        end = len(text) if end < 0 else end
        if not simplified.search(text, start, end):
            return True
        pos = end
    for text in _meta_texts(html):
        if PINYIN_RE.search(text) or (traditional.search(text) and not simplified.search(text)):
            return True
    return False


def repair_page_text(
    html: str, url: str, decision: CharsetDecision | None, script: ScriptMode = "auto"
) -> tuple[str, dict[str, int]]:
    """Undo conversion damage in the text nodes of a decoded HTML page (see the module
    docstring); the page comes back unchanged when it shows none."""
    from jzcli.repair.text import conversion_repair

    view = None if script == "traditional" else _han_view(html)
    if view is None:
        return html, {}
    # Cheap tests first: a page without a Traditional character or a reading has nothing
    # to undo here.
    readings = has_pinyin_match(html)
    if not readings and not traditional_re().search(view):
        return html, {}
    if script == "auto" and not readings and not _may_be_converted(html, view):
        return html, {}
    spans = _text_spans(html)
    if not spans:
        return html, {}
    texts = [html[a:b] for a, b in spans]
    region = page_evidence_region(html, url, decision)
    extra, meta = _untouched_texts(html)
    counts: defaultdict[str, int] = defaultdict(int)
    fixed: list[str] = []
    if not readings and region != "outside" and marks_flattened(texts):
        # The page's marks read as flattened: its ASCII commas are that damage, not a
        # writer's habit, so the conversion is judged on the marks restored (“” quotes
        # beside ASCII commas count for a mainland writer only when the commas are hers).
        # Marks alone are no conversion damage: without one, the page stays as it was.
        restored = list(texts)
        _restore_all_marks(restored, counts)
        fixed, flattened, _ = conversion_repair(
            [*restored, *extra], script, region, counts, untouched=len(extra), meta=meta
        )
        if not counts.get("t2s"):
            fixed = []
            counts.clear()
    if not fixed:
        fixed, flattened, _ = conversion_repair(
            [*texts, *extra], script, region, counts, untouched=len(extra), meta=meta
        )
    fixed = fixed[: len(texts)]
    if flattened:
        _restore_all_marks(fixed, counts)
    if fixed == texts:
        return html, {}
    parts = []
    last = 0
    for (a, b), new in zip(spans, fixed, strict=True):
        parts.append(html[last:a])
        parts.append(new)
        last = b
    parts.append(html[last:])
    return "".join(parts), {k: v for k, v in counts.items() if v}


def add_repairs(article: Article, counts: Sequence[tuple[str, int]] | dict[str, int]) -> Article:
    """The article with `counts` added to its provenance's repair counts."""
    items = counts.items() if isinstance(counts, dict) else counts
    merged = dict(article.provenance.repairs)
    for name, n in items:
        merged[name] = merged.get(name, 0) + n
    return replace(article, provenance=replace(article.provenance, repairs=merged))
