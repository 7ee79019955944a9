"""Document-level repair benchmark: whole mainland pages damaged the way the seed page was.

Every page of the shared extraction dev set `zh-cwce` (real mainland news pages with their
URLs) is damaged whole, in its text nodes only (attributes such as the meta description
and og:title stay as they were, as a converting proxy leaves them):

- Simplified -> Traditional with OpenCC `s2t`, `s2tw` or `s2hk`;
- with or without the reading of about a third of the converted characters in brackets
  after them (`網(wǎng)`; a fixed set of characters, as the seed's converter did);
- with or without the full-width marks ，？：；！（） flattened to ASCII;
- and a doubled page (the body twice, `s2tw` with pinyin and flattened marks).

A damaged page counts as repaired when jz's article from it (title and paragraphs) is
exactly jz's article from the same page undamaged. Controls are genuine Traditional pages
built from the Traditional control texts of the encoding dev pairs (g2, g4 Traditional),
served from .tw / .hk hosts with `lang="zh-TW"` / `zh-HK`; a control counts as changed
when jz's article differs from the same page processed with `--no-repair`.

    python benchmarks/encoding/pages.py                  # all pages, all variants
    python benchmarks/encoding/pages.py --limit 10 -v    # quick run, print the misses

Pages are built in memory and run through `jzcli.pipeline.process_page`, the function
`jz clean PAGE.html --url URL` calls. Needs opencc and pypinyin (jz's own dependencies).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import opencc
from pypinyin import Style, pinyin

from jzcli.decode import decode_bytes
from jzcli.errors import JzError
from jzcli.models import Article, Page
from jzcli.pipeline import process_page
from jzcli.settings import Settings

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared" / "bench"
_TAG_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_RAW_TEXT = ("script", "style", "textarea")
_FLAT = str.maketrans("，？：；！（）", ",?:;!()")
_CONVERTERS = {name: opencc.OpenCC(f"{name}.json") for name in ("s2t", "s2tw", "s2hk")}


def _annotated(ch: str) -> bool:
    """The same characters always get a reading (about a third of them)."""
    return hashlib.md5(ch.encode("utf-8")).digest()[0] < 86


def _reading(ch: str) -> str:
    found = pinyin(ch, style=Style.TONE, heteronym=False, errors="ignore")
    return found[0][0] if found and found[0] else ""


def damage_text(text: str, converter: str, with_pinyin: bool, flatten: bool) -> str:
    """One text node converted the way the seed page's converter did."""
    if flatten:
        text = text.translate(_FLAT)
    out = _CONVERTERS[converter].convert(text)
    if not with_pinyin or len(out) != len(text):
        return str(out)
    parts = []
    for simple, trad in zip(text, out, strict=True):
        parts.append(trad)
        if simple != trad and _annotated(simple):
            reading = _reading(simple)
            if reading:
                parts.append(f"({reading})")
    return "".join(parts)


def damage_html(html: str, damage: Callable[[str], str], double: bool = False) -> str:
    """Apply `damage` to the text nodes of a page, <title> included (not tags,
    attributes such as the meta description and og:title, scripts, styles or comments)."""
    pieces = _TAG_RE.split(html)
    raw: str | None = None
    for k, piece in enumerate(pieces):
        if k % 2:
            m = re.match(r"<\s*(/?)\s*([a-zA-Z0-9]+)", piece)
            if m:
                name = m.group(2).lower()
                if raw is None and not m.group(1) and name in _RAW_TEXT:
                    raw = name
                elif raw == name and m.group(1):
                    raw = None
            continue
        if raw is None and piece.strip():
            pieces[k] = damage(piece)
    out = "".join(pieces)
    if double:
        m = re.search(r"(<body[^>]*>)(.*)(</body>)", out, re.S | re.I)
        if m:
            out = out[: m.start(2)] + m.group(2) + m.group(2) + out[m.end(2) :]
    return out


def _encode_like(source: str, html: str) -> bytes:
    """The damaged page in GB18030 when the original declared a GB charset and was read
    with it (GB18030 holds every character and jz reads GB2312/GBK as GB18030), else in
    UTF-8 with any charset declaration saying so."""
    if source == "gb":
        return html.encode("gb18030")
    return _DECLARED_RE.sub(r"\1utf-8", html).encode("utf-8")


_DECLARED_RE = re.compile(r"(<meta[^>]+charset\s*=\s*[\"']?\s*)[\w-]+", re.I)


def _fingerprint(article: Article) -> tuple[str, tuple[str, ...]]:
    return article.title, article.paragraphs


def _run(content: bytes, url: str, settings: Settings) -> tuple[str, tuple[str, ...]] | None:
    try:
        return _fingerprint(process_page(Page(url=url, content=content, kind="html"), settings))
    except JzError:
        return None


VARIANTS: list[tuple[str, str, bool, bool, bool]] = [
    (f"{conv}{'+pinyin' if py else ''}{'+flat' if flat else ''}", conv, py, flat, False)
    for conv in ("s2t", "s2tw", "s2hk")
    for py in (True, False)
    for flat in (False, True)
] + [("s2tw+pinyin+flat doubled", "s2tw", True, True, True)]


def damaged_pages(limit: int | None) -> list[tuple[str, str, bytes]]:
    """(id, url, original bytes) of the zh-cwce pages."""
    folder = SHARED / "extraction" / "zh-cwce"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for page_id, record in sorted(truth.items()):
        raw = gzip.decompress((folder / record["file"]).read_bytes())
        out.append((page_id, record["url"], raw))
    return out[:limit] if limit else out


_CONTROL_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} - {site}</title></head>
<body><div class="nav"><a href="/">{site}</a> &gt; <a href="/news/">新聞</a></div>
<article><h1>{title}</h1>
{body}
</article><div class="footer">{site} 版權所有</div></body></html>
"""


def control_pages(limit: int | None) -> list[tuple[str, str, bytes]]:
    """Genuine Traditional pages: the Traditional control texts of the encoding pairs, five
    paragraphs a page, from .tw and .hk hosts."""
    pairs = SHARED / "encoding" / "pairs.jsonl"
    texts = []
    for line in pairs.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["sub"] in ("g2_clean_zh_hant", "g4_pinyin_zh_hant"):
            texts.append(record["original"])
    pages = []
    for k in range(0, len(texts), 5):
        group = texts[k : k + 5]
        hk = (k // 5) % 2 == 1
        host, lang, site = (
            ("news.example.com.hk", "zh-HK", "香港新聞網")
            if hk
            else ("www.example-news.com.tw", "zh-TW", "臺灣新聞網")
        )
        title = group[0][:20]
        body = "\n".join(f"<p>{t}</p>" for t in group)
        html = _CONTROL_PAGE.format(lang=lang, title=title, site=site, body=body)
        url = f"https://{host}/news/2020/{k // 5:04d}.html"
        pages.append((f"control-{k // 5:03d}", url, html.encode("utf-8")))
    return pages[:limit] if limit else pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each set")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each miss")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = parser.parse_args()

    settings = Settings()
    bare = Settings(repair=False)
    started = time.perf_counter()
    results: dict[str, list[bool]] = {name: [] for name, *_ in VARIANTS}
    results_rev: dict[str, list[bool]] = {name: [] for name, *_ in VARIANTS}
    reversible: dict[str, list[bool]] = {name: [] for name, *_ in VARIANTS}
    skipped = 0
    for page_id, url, raw in damaged_pages(args.limit):
        text, decision = decode_bytes(raw, is_html=True)
        declared = decision.source in ("meta", "http") and decision.encoding == "gb18030"
        source = "gb" if declared else "utf-8"
        reference = _run(raw, url, settings)
        if reference is None or not any(reference[1]):
            skipped += 1
            continue
        for name, conv, with_pinyin, flatten, double in VARIANTS:

            def hurt(s: str, c: str = conv, p: bool = with_pinyin, f: bool = flatten) -> str:
                return damage_text(s, c, p, f)

            expected = reference
            if double:
                doubled = damage_html(text, lambda s: s, double=True)
                expected = _run(_encode_like(source, doubled), url, settings) or reference
            page = _encode_like(source, damage_html(text, hurt, double=double))
            got = _run(page, url, settings)
            ok = got == expected
            results[name].append(ok)
            reversible[name].append(_reversible(expected, conv, flatten))
            if reversible[name][-1]:
                results_rev[name].append(ok)
            if not ok and args.verbose:
                tag = "MISS" if reversible[name][-1] else "MISS (not reversible)"
                print(f"{tag} {name} {page_id} {url}", file=sys.stderr)
                _show_diff(expected, got)
    changed: list[bool] = []
    for page_id, url, raw in control_pages(args.limit):
        plain = _run(raw, url, bare)
        got = _run(raw, url, settings)
        changed.append(plain != got)
        if plain != got and args.verbose:
            print(f"CONTROL CHANGED {page_id} {url}", file=sys.stderr)
            _show_diff(plain, got)
    elapsed = time.perf_counter() - started

    damaged_total = [ok for oks in results.values() for ok in oks]
    print(
        f"pages: {len(damaged_pages(args.limit)) - skipped} damaged sources "
        f"({skipped} without an article skipped), {len(changed)} controls; {elapsed:.0f} s"
    )
    print()
    print("| variant | pages | exact % | reversible pages | exact % of reversible |")
    print("|---|---|---|---|---|")
    for name, oks in results.items():
        rev = results_rev[name]
        print(f"| {name} | {len(oks)} | {_pct(oks)} | {len(rev)} | {_pct(rev)} |")
    rev_total = [ok for oks in results_rev.values() for ok in oks]
    print(
        f"| **all damaged** | {len(damaged_total)} | {_pct(damaged_total)} | "
        f"{len(rev_total)} | {_pct(rev_total)} |"
    )
    print(f"| **controls changed** | {len(changed)} | {_pct(changed)} | | |")
    if args.json:
        figures = {
            "variants": {k: {"n": len(v), "exact": sum(v)} for k, v in results.items()},
            "controls": {"n": len(changed), "changed": sum(changed)},
        }
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


def _pct(oks: list[bool]) -> str:
    return f"{100 * sum(oks) / max(1, len(oks)):.1f}"


_BACK = {"s2t": "t2s", "s2tw": "tw2s", "s2hk": "hk2s"}
_ASCII_MARK_RE = re.compile(r"[\u3400-\u9fff][,?:;!()]|[,?:;!()][\u3400-\u9fff]")
# A full-width mark with no Chinese on either side (`35，000`, `1：1`, `（1） 来宾`,
# `while （*s++ = *t++）`): flattened, nothing says it was not ASCII.
_CHINESE = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…—·"
_LONE_WIDE_RE = re.compile(f"(?<![{_CHINESE}])[，？：；！（）](?![{_CHINESE}])")


def _reversible(
    expected: tuple[str, tuple[str, ...]] | None, converter: str, flatten: bool
) -> bool:
    """Whether the damage can be undone from the damaged page alone: OpenCC's own inverse
    table gives every text of the article back (no 著, 於 or 後 the page itself wrote in
    Simplified text), and, when the marks were flattened, the article (as jz gives it from
    the undamaged page) has no ASCII mark next to a Han character and no full-width mark
    without Chinese on either side (else which ones were ASCII cannot be known)."""
    if expected is None:
        return False
    texts = [expected[0], *expected[1]]
    back = opencc.OpenCC(f"{_BACK[converter]}.json")
    forward = _CONVERTERS[converter]
    if any(back.convert(forward.convert(t)) != t for t in texts):
        return False
    return not (flatten and any(_ASCII_MARK_RE.search(t) or _LONE_WIDE_RE.search(t) for t in texts))


def _show_diff(
    expected: tuple[str, tuple[str, ...]] | None, got: tuple[str, tuple[str, ...]] | None
) -> None:
    if expected is None or got is None:
        print(f"    expected {expected is not None}, got {got is not None}", file=sys.stderr)
        return
    if expected[0] != got[0]:
        print(f"    title {expected[0]!r} -> {got[0]!r}", file=sys.stderr)
    a, b = expected[1], got[1]
    if len(a) != len(b):
        print(f"    {len(a)} paragraphs -> {len(b)}", file=sys.stderr)
        extra = [p for p in b if p not in a][:3]
        for p in extra:
            print(f"      + {p[:100]}", file=sys.stderr)
        return
    shown = 0
    for x, y in zip(a, b, strict=True):
        if x != y and shown < 2:
            shown += 1
            i = (
                next(k for k, (c, d) in enumerate(zip(x, y)) if c != d)
                if any(c != d for c, d in zip(x, y))
                else min(len(x), len(y))
            )
            print(f"    - {x[max(0, i - 15) : i + 30]!r}", file=sys.stderr)
            print(f"    + {y[max(0, i - 15) : i + 30]!r}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
