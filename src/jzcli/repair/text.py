"""Entry points of the repair stage: one document-level decision, applied to every text."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from jzcli.models import Article, Author
from jzcli.repair import origin, plausibility
from jzcli.repair.mojibake import fix_mojibake
from jzcli.repair.normalize import (
    narrow_alnum,
    needs_normalizing,
    remove_invisible,
    unescape_entities,
)
from jzcli.repair.origin import converted_from_mainland
from jzcli.repair.pinyin import count_pinyin, remove_pinyin
from jzcli.repair.plausibility import HAN_RE
from jzcli.repair.punctuation import (
    has_flattened_punct,
    has_fullwidth_punct,
    restore_fullwidth_punct,
)
from jzcli.repair.script import (
    detect_script,
    guess_language,
    to_simplified,
    to_traditional,
    traditional_count,
)
from jzcli.settings import ScriptMode, Settings

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_LINE_BREAK_RE = re.compile(f"[{_LINE_BREAKS}]")
_MAX_ROUNDS = 6


def _repair_encoding(text: str, counts: defaultdict[str, int]) -> str:
    """Per-text repairs that need no document context, run until nothing changes."""
    for _ in range(_MAX_ROUNDS):
        before = text
        text, name = fix_mojibake(text)
        if name:
            counts[name] += 1
            # Mojibake can be layered (double UTF-8); its bytes include soft hyphens and
            # NBSPs, so peel every layer before removing invisible characters.
            continue
        if not needs_normalizing(text):
            break  # mojibake found nothing either: done
        text, n = remove_invisible(text)
        counts["invisible"] += n
        text, n = unescape_entities(text)
        counts["entities"] += n
        text, n = narrow_alnum(text)
        counts["fullwidth-alnum"] += n
        if text == before:
            break
    return text


def _conversion_damage(texts: Sequence[str]) -> bool:
    """Whether the document shows Simplified->Traditional conversion with pinyin added."""
    hits = [(t, n) for t in texts if (n := count_pinyin(t))]
    total = sum(n for _, n in hits)
    if total >= 2:
        return True
    # One bracketed reading could be a person's gloss; in Traditional text it is damage.
    return total == 1 and traditional_count(hits[0][0]) > 0


def _keep_lines(original: str, repaired: str) -> str:
    """A repair must never split a line: new line-break characters become spaces."""
    if _LINE_BREAK_RE.search(repaired):
        new = [c if c not in _LINE_BREAKS or c in original else " " for c in repaired]
        return "".join(new)
    return repaired


@lru_cache(maxsize=1)
def _load_han_tables() -> None:
    """The converters, character sets and word list the checks of Han text use, loaded at
    the first document with Han text instead of one by one at first use."""
    origin.load_tables()
    plausibility.load_tables()


def repair_document(
    texts: Sequence[str], script: ScriptMode = "auto"
) -> tuple[list[str], dict[str, int]]:
    """Repair every text of one document with one document-level decision; same count out."""
    # A defaultdict is cheaper to make than a Counter (one per text in batch repair).
    counts: defaultdict[str, int] = defaultdict(int)
    out = [_repair_encoding(t, counts) for t in texts]

    has_han = any(map(HAN_RE.search, out))
    if has_han:
        _load_han_tables()
    damaged = has_han and _conversion_damage(out)
    if damaged:
        for i, t in enumerate(out):
            out[i], n = remove_pinyin(t)
            counts["pinyin"] += n

    convert = None
    # Without pinyin, only strong signs of a mainland original (its words, its “” quotes,
    # exact s2tw forms throughout) convert: genuine Traditional text must stay as it is.
    mainland = script == "auto" and has_han and not damaged and converted_from_mainland(out)
    if script == "simplified" or (script == "auto" and (damaged or mainland)):
        convert = to_simplified
        name = "t2s"
    elif script == "traditional":
        convert = to_traditional
        name = "s2t"
    if convert is not None:
        for i, t in enumerate(out):
            new = convert(t)
            if new != t:
                counts[name] += 1
                out[i] = new

    # NFKC flattens every ，？：；！（） of a document; a document that still has one uses
    # its ASCII marks on purpose.
    if damaged and not any(has_fullwidth_punct(t) for t in out):
        for i, t in enumerate(out):
            if has_flattened_punct(t) or "..." in t:
                out[i], n = restore_fullwidth_punct(t)
                counts["punct-width"] += n

    out = [b if a is b else _keep_lines(a, b) for a, b in zip(texts, out)]
    return out, {k: v for k, v in counts.items() if v}


def repair_text(text: str, script: ScriptMode = "auto") -> str:
    """Repair one string (a paragraph or a whole document)."""
    return repair_document([text], script)[0][0]


def normalize_author_name(name: str) -> str:
    """Remove the padding spaces newspapers put between the characters of a Han name."""
    parts = name.split()
    if len(parts) > 1 and all(HAN_RE.fullmatch(p[-1]) and HAN_RE.fullmatch(p[0]) for p in parts):
        return "".join(parts)
    out = []
    for i, ch in enumerate(name):
        padding = ch.isspace() and 0 < i < len(name) - 1
        if padding and HAN_RE.match(name[i - 1]) and HAN_RE.match(name[i + 1]):
            continue
        out.append(ch)
    return " ".join("".join(out).split())


def repair_article(article: Article, settings: Settings) -> Article:
    """Repair all text fields of an article together and record the counts in provenance."""
    if not settings.repair:
        return article
    fields: list[str] = [
        article.title,
        article.description,
        article.site_name,
        article.source,
        article.column,
        *article.breadcrumb,
        *article.paragraphs,
        *(img.caption for img in article.images),
        *(a.normalized or a.name for a in article.authors),
    ]
    fixed, counts = repair_document(fields, settings.script)
    it = iter(fixed)
    title, description, site_name, source, column = (next(it) for _ in range(5))
    breadcrumb = tuple(next(it) for _ in article.breadcrumb)
    paragraphs = tuple(next(it) for _ in article.paragraphs)
    images = tuple(replace(img, caption=next(it)) for img in article.images)
    authors = tuple(
        Author(name=a.name, normalized=normalize_author_name(next(it)), role=a.role)
        for a in article.authors
    )
    body = "\n".join([title, *paragraphs]) or "\n".join(fixed)
    script = detect_script(body) or article.script
    language = article.language or guess_language(body, script)
    merged = Counter(dict(article.provenance.repairs))
    merged.update(counts)
    provenance = replace(article.provenance, repairs=dict(merged))
    return replace(
        article,
        title=title,
        description=description,
        site_name=site_name,
        source=source,
        column=column,
        breadcrumb=breadcrumb,
        paragraphs=paragraphs,
        images=images,
        authors=authors,
        script=script,
        language=language,
        provenance=provenance,
    )
