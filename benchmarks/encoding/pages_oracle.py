"""The ceiling of the whole-page benchmark (`pages.py`): damaged pages that only a rule losing
their conventional twins (as decided below: word frequencies, the convention for marks) could
bring back.

    python benchmarks/encoding/pages_oracle.py            # all pages, all variants
    python benchmarks/encoding/pages_oracle.py --limit 10 -v   # quick run, each proof printed

A damaged page is counted **impossible** when it has a *twin*: another page P' that

1. gives the same damaged page, byte for byte (checked: both are damaged and compared), so
   any rule reading the damaged page gives one article for both;
2. has another article: jz's article from the undamaged twin differs from jz's article from
   the undamaged page in something other than white space (checked: both are run);
3. differs from the page only where the page writes a form the twin writes more
   conventionally, of one of these kinds:
   - **script**: in Simplified text, a character X where OpenCC's own inverse of the damage
     reads Y (关於 -> 关于, 大學 -> 大学, 过著 -> 过着 in `s2tw` text), or where the
     converter writes X and another character Y the same way on their own (钱锺书 and
     钱钟书 are both 錢鍾書), and jieba's word
     frequencies (jz's word model, `_unigrams.txt`) rate Y with the four characters on each
     side at least as well as X (土著 is no such position: the model prefers it to 土着); in
     text written in Traditional, a Simplified character X where the converter writes its
     Traditional form Y (游 -> 遊 in a Traditional blog);
   - **marks** (the `+flat` variants): an ASCII `,?:;!()` next to a Han character (the twin
     writes it full-width, GB/T 15834: `生活?读书` -> `生活？读书`), or a full-width
     ，？：；！（） between two digits or with no Chinese on either side (the twin writes it
     ASCII: `15，000` -> `15,000`, `1：1`, `while （*s++ = *t++）`; a bracket pair
     changes together; not a ，or ； inside a run of text without spaces that holds
     Chinese, `skype，256内存`, nor a node of marks alone, judged by the nodes around it);

so a rule that brings the page back gives the twin, written the conventional way, the
page's unconventional form instead.

4. and the damaged page holds no trace of the page's own form outside its text nodes (a
   converting proxy leaves attributes, scripts and comments alone): a page whose meta
   description, og:title, title or alt attributes (which jz reads) or other attributes,
   scripts or comments (which it does not) hold the form X (for marks: the mark with its
   two neighbours) is *not* counted impossible; it is counted apart, by where the trace is.

The ceiling is the pages minus the impossible ones. Pages are built as `pages.py` builds
them; jz's article from each page is `jzcli.pipeline.process_page` (what `jz clean PAGE.html
--url URL` runs).
"""

from __future__ import annotations

import argparse
import html as html_lib
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import opencc

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import (
    _CONVERTERS,
    VARIANTS,
    _encode_like,
    _run,
    damage_html,
    damage_text,
    damaged_pages,
)

from jzcli.decode import decode_bytes
from jzcli.repair import plausibility
from jzcli.repair.origin import simplified_re, traditional_re
from jzcli.settings import Settings

VERBOSE = False
_INVERSE = {"s2t": "t2s", "s2tw": "tw2s", "s2hk": "hk2s"}
_BACK = {name: opencc.OpenCC(f"{inv}.json") for name, inv in _INVERSE.items()}
_HAN = re.compile("[\u3400-\u9fff]")
_WINDOW = 4
_CHINESE = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…—·"
_CHINESE_RE = re.compile(f"[{_CHINESE}]")
_WIDE = dict(zip(",?:;!()", "，？：；！（）", strict=True))
_NARROW = {v: k for k, v in _WIDE.items()}
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TAG_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_META_RE = re.compile(
    r"<meta\b[^>]*(?:name|property)\s*=\s*[\"']?(?:description|og:title|og:description)"
    r"[^>]*>|<meta\b[^>]*content[^>]*(?:name|property)\s*=\s*[\"']?"
    r"(?:description|og:title|og:description)[^>]*>",
    re.I,
)
_READ_ATTR_RE = re.compile(r"""\s(?:title|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def _rows() -> dict[str, str]:
    return plausibility.word_rows()


@lru_cache(maxsize=200_000)
def _cost(run: str) -> float:
    return plausibility.run_cost(run, _rows())


def _window(chars: list[str], k: int) -> tuple[str, str]:
    a = k
    while a > 0 and k - a < _WINDOW and _HAN.match(chars[a - 1]):
        a -= 1
    b = k + 1
    while b < len(chars) and b - k <= _WINDOW and _HAN.match(chars[b]):
        b += 1
    return "".join(chars[a:k]), "".join(chars[k + 1 : b])


@lru_cache(maxsize=3)
def _siblings(converter: str) -> dict[str, tuple[str, ...]]:
    """Per Simplified character, the other Simplified characters the converter writes the
    same way on their own (于 and 於 both 於 in `s2t`; 钟 and 锺 both 鍾): the forms a
    twin may write instead."""
    made: dict[str, set[str]] = {}
    conv = _CONVERTERS[converter]
    traditional = traditional_re()
    for cp in range(0x4E00, 0xA000):
        ch = chr(cp)
        if traditional.match(ch):
            continue
        out = str(conv.convert(ch))
        if len(out) == 1:
            made.setdefault(out, set()).add(ch)
    out: dict[str, tuple[str, ...]] = {}
    for group in made.values():
        for ch in group:
            others = tuple(sorted(group - {ch}))
            if others:
                out[ch] = others
    return out


def _reads_traditional(text: str) -> bool:
    return len(traditional_re().findall(text)) > len(simplified_re().findall(text))


def script_twin_node(text: str, converter: str, with_pinyin: bool, flatten: bool) -> str:
    """The node as its twin writes it (see the module docstring), changed only where the
    node's damage stays the same."""
    if not _HAN.search(text):
        return text
    damaged = damage_text(text, converter, with_pinyin, flatten)
    chars = list(text)
    if _reads_traditional(text):
        # Traditional text: a Simplified form X the converter writes as Y.
        out = str(_CONVERTERS[converter].convert(text))
        if len(out) != len(text):
            return text
        positions = [
            (k, out[k]) for k, c in enumerate(text) if out[k] != c and simplified_re().match(c)
        ]
    else:
        back = str(_BACK[converter].convert(str(_CONVERTERS[converter].convert(text))))
        if len(back) != len(text):
            return text
        positions = []
        siblings = _siblings(converter)
        for k, (c, y) in enumerate(zip(text, back, strict=True)):
            if not _HAN.match(c):
                continue
            options = {y} if c != y else set()
            options.update(siblings.get(c, ()))
            before, after = _window(chars, k)
            for option in sorted(options, key=lambda o: _cost(before + o + after)):
                if _cost(before + option + after) <= _cost(before + c + after):
                    positions.append((k, option))
                    break
    twin = list(chars)
    for k, y in positions:
        trial = list(twin)
        trial[k] = y
        if damage_text("".join(trial), converter, with_pinyin, flatten) == damaged:
            twin = trial
    return "".join(twin)


def _lone(chars: list[str], k: int) -> bool:
    """Whether a full-width mark has no Chinese beside it: between two digits, or else not
    (for ，and ；) inside a run of text without spaces that holds Chinese (`skype，256内存`,
    `100%，100%没有`: English puts a space after a comma)."""
    left = chars[k - 1] if k else ""
    right = chars[k + 1] if k + 1 < len(chars) else ""
    if _CHINESE_RE.match(left or " ") or _CHINESE_RE.match(right or " "):
        return False
    if left.isdigit() and right.isdigit():
        return True  # 15，000, 3：35, 1：1: a number's own mark
    if chars[k] in "，；" and left.strip() and right.strip():
        a = k
        while a > 0 and chars[a - 1].strip():
            a -= 1
        b = k + 1
        while b < len(chars) and chars[b].strip():
            b += 1
        run = "".join(chars[a:k]) + "".join(chars[k + 1 : b])
        return _CHINESE_RE.search(run) is None
    return True


def marks_twin_node(text: str) -> str:
    """The node with its marks as GB/T 15834 writes them where the page does not: an ASCII
    mark next to a Han character full-width, a full-width one with no Chinese beside ASCII
    (a bracket pair together)."""
    if not re.search(r"[^\W_]", _ENTITY_RE.sub("", text)):
        return text  # marks alone (`）` after a link): judged by the nodes around it
    chars = list(text)
    twin = list(chars)
    entity = {m.end() - 1 for m in _ENTITY_RE.finditer(text)}  # the `;` of `&nbsp;`
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for k, c in enumerate(chars):
        if c in "(（":
            stack.append(k)
        elif c in ")）" and stack:
            start = stack.pop()
            pairs[start], pairs[k] = k, start
    for k, c in enumerate(chars):
        if k in entity:
            continue
        left = chars[k - 1] if k else ""
        right = chars[k + 1] if k + 1 < len(chars) else ""
        if c in _WIDE and (_HAN.match(left or " ") or _HAN.match(right or " ")):
            twin[k] = _WIDE[c]
            if k in pairs and chars[pairs[k]] in _WIDE:
                twin[pairs[k]] = _WIDE[chars[pairs[k]]]
        elif c in _NARROW and _lone(chars, k):
            twin[k] = _NARROW[c]
            if k in pairs and chars[pairs[k]] in _NARROW:
                twin[pairs[k]] = _NARROW[chars[pairs[k]]]
    return "".join(twin)


def _node_pairs(html: str, twin: Callable[[str], str]) -> list[tuple[str, str]]:
    """(node, twin node) for every text node the twin changes."""
    out: list[tuple[str, str]] = []

    def record(t: str) -> str:
        new = twin(t)
        if new != t:
            out.append((t, new))
        return new

    damage_html(html, record)
    return out


def _untouched(html: str) -> tuple[str, str]:
    """The page's text a proxy leaves alone: what jz reads (meta description, og:title,
    title and alt attributes) and the rest (other attributes, scripts, styles, comments)."""
    read: list[str] = []
    for m in _META_RE.finditer(html):
        read.append(html_lib.unescape(m.group()))
    outside: list[str] = []
    for piece in _TAG_RE.split(html)[1::2]:
        for m in _READ_ATTR_RE.finditer(piece):
            read.append(html_lib.unescape(m.group(1) or m.group(2) or ""))
        outside.append(html_lib.unescape(piece))
    raw = re.findall(r"<(script|style|textarea)\b[^>]*>(.*?)</\1", html, re.S | re.I)
    outside.extend(body for _, body in raw)
    return "\n".join(read), "\n".join(outside)


def _forms(node: str, k: int, marks: bool) -> list[str]:
    """How the page's own form at `node[k]` would show elsewhere: for a mark, with two
    characters on each side (`女生,一个`); for a character, with a neighbour (关於, 於是)."""
    if marks:
        return [node[max(0, k - 2) : k + 3]]
    return [w for w in (node[max(0, k - 1) : k + 1], node[k : k + 2]) if len(w) == 2]


def _without_traces(
    twin: Callable[[str], str], untouched: tuple[str, str], marks: bool, where: set[str]
) -> Callable[[str], str]:
    """`twin` with the positions whose own form shows in the untouched text kept as the
    page has them; `where` collects where such forms showed ('read', 'other')."""
    read, other = untouched

    def reduced(node: str) -> str:
        new = twin(node)
        if new == node:
            return new
        chars = list(new)
        for k, (a, b) in enumerate(zip(node, new, strict=True)):
            if a == b:
                continue
            forms = _forms(node, k, marks)
            if any(f in read for f in forms):
                where.add("read")
            elif any(f in other for f in forms):
                where.add("other")
            else:
                continue
            chars[k] = a
        return "".join(chars)

    return reduced


def _solid(article: tuple[str, tuple[str, ...]] | None) -> str:
    if article is None:
        return ""
    return re.sub(r"\s+", "", "\n".join([article[0], *article[1]]))


def _substitution(a: str, b: str, kind: str) -> bool:
    """Whether two articles differ only in forms of the twin's kind, position for position
    (else the twin changed more than those forms: extraction took other blocks)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        if kind == "marks" and _WIDE.get(x) != y and _NARROW.get(x) != y:
            return False
        if kind == "script" and not (_HAN.match(x) and _HAN.match(y)):
            return False
    return True


def _twin_proof(
    text: str,
    fn: Callable[[str], str],
    hurt: Callable[[str], str],
    double: bool,
    source: str,
    url: str,
    settings: Settings,
    damaged: bytes,
    expected: tuple[str, tuple[str, ...]] | None,
    kind: str,
) -> str:
    """'proved' when the twin `fn` makes of the page is damaged into the same bytes and has
    another article, differing only in forms of its kind; 'unclear' when its article
    differs in more; '' when there is no such twin."""
    if not _node_pairs(text, fn):
        return ""
    twin = damage_html(text, fn)
    if _encode_like(source, damage_html(twin, hurt, double=double)) != damaged:
        return ""
    twin_page = damage_html(twin, lambda s: s, double=True) if double else twin
    article = _run(_encode_like(source, twin_page), url, settings)
    if _solid(article) == _solid(expected):
        return ""
    a, b = _solid(expected), _solid(article)
    if VERBOSE:
        k = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        print(f"    {kind}: article {a[max(0, k - 12) : k + 12]!r}", file=sys.stderr)
        print(f"    {kind}: twin's  {b[max(0, k - 12) : k + 12]!r}", file=sys.stderr)
    return "proved" if _substitution(a, b, kind) else "unclear"


def _reading_only(
    text: str,
    conv: str,
    flatten: bool,
    double: bool,
    source: str,
    url: str,
    settings: Settings,
    expected: tuple[str, tuple[str, ...]] | None,
    untouched: tuple[str, str],
    damaged: str,
) -> str:
    """With readings, a page with no twin: 'possible', or, when the same page damaged
    without readings has a script twin, what tells them apart is a reading the converter
    puts after the twin's character and not after the page's own ('於' for 关於 where the
    twin's 关于 gives '於(yú)'). 'reading-seen' when the damaged page shows that character
    with a reading elsewhere (the converter reads out a fixed set of characters, so a
    rule can learn it from the page); 'reading-unseen' when it never does (only knowing
    the converter's set would tell)."""

    def bare(s: str) -> str:
        return damage_text(s, conv, False, flatten)

    def twin_node(s: str) -> str:
        return script_twin_node(s, conv, False, flatten)

    fn = _without_traces(twin_node, untouched, False, set())
    plain = _encode_like(source, damage_html(text, bare, double=double))
    if _twin_proof(text, fn, bare, double, source, url, settings, plain, expected, "script") != (
        "proved"
    ):
        return "possible"
    shown = set()
    for node, new in _node_pairs(text, fn):
        for a, b in zip(node, new, strict=True):
            if a != b:
                shown.add(str(_CONVERTERS[conv].convert(b)))
    seen = all(
        re.search(re.escape(c) + r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", damaged) for c in shown
    )
    return "reading-seen" if seen else "reading-unseen"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N pages")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each proof")
    parser.add_argument("--page", default="", help="only the page whose id starts so")
    parser.add_argument("--json", type=Path, default=None, help="write per-page results here")
    args = parser.parse_args()
    global VERBOSE
    VERBOSE = args.verbose
    settings = Settings()
    per_variant: dict[str, Counter[str]] = {name: Counter() for name, *_ in VARIANTS}
    records = []
    for page_id, url, raw in damaged_pages(args.limit):
        if args.page and not page_id.startswith(args.page):
            continue
        text, decision = decode_bytes(raw, is_html=True)
        declared = decision.source in ("meta", "http") and decision.encoding == "gb18030"
        source = "gb" if declared else "utf-8"
        reference = _run(raw, url, settings)
        if reference is None or not any(reference[1]):
            continue
        untouched = _untouched(text)
        for name, conv, with_pinyin, flatten, double in VARIANTS:

            def hurt(s: str, c: str = conv, p: bool = with_pinyin, f: bool = flatten) -> str:
                return damage_text(s, c, p, f)

            damaged = _encode_like(source, damage_html(text, hurt, double=double))
            expected = reference
            if double:
                doubled = damage_html(text, lambda s: s, double=True)
                expected = _run(_encode_like(source, doubled), url, settings) or reference
            found = []
            kinds: list[tuple[str, Callable[[str], str]]] = [
                ("script", lambda s, c=conv, p=with_pinyin, f=flatten: script_twin_node(s, c, p, f))
            ]
            if flatten:
                kinds.append(("marks", marks_twin_node))
            for kind, full in kinds:
                where: set[str] = set()
                fn = _without_traces(full, untouched, kind == "marks", where)
                proof = _twin_proof(
                    text, fn, hurt, double, source, url, settings, damaged, expected, kind
                )
                if proof == "proved":
                    found.append(kind)
                elif proof == "unclear":
                    found.append(f"{kind}:unclear")
                elif (
                    where
                    and _twin_proof(
                        text, full, hurt, double, source, url, settings, damaged, expected, kind
                    )
                    == "proved"
                ):
                    found.append(f"{kind}:{'read' if 'read' in where else 'other'}")
                if args.verbose and proof == "proved":
                    pairs = _node_pairs(text, fn)
                    node, new = pairs[0]
                    k = next(i for i, (a, b) in enumerate(zip(node, new, strict=True)) if a != b)
                    print(
                        f"{name} {page_id} {kind}: "
                        f"{node[max(0, k - 8) : k + 8]!r} -> twin {new[max(0, k - 8) : k + 8]!r}"
                        f" ({len(pairs)} nodes)",
                        file=sys.stderr,
                    )
            proofs = [f for f in found if ":" not in f]
            traces = [f for f in found if ":" in f and not f.endswith(":unclear")]
            if proofs:
                cause = "+".join(sorted(proofs))
            elif traces:
                cause = "trace:" + traces[0].split(":")[1]
            elif found:
                cause = "unclear"
            elif with_pinyin:
                cause = _reading_only(
                    text,
                    conv,
                    flatten,
                    double,
                    source,
                    url,
                    settings,
                    expected,
                    untouched,
                    damaged.decode("gb18030" if source == "gb" else "utf-8"),
                )
            else:
                cause = "possible"
            per_variant[name][cause] += 1
            records.append({"page": page_id, "url": url, "variant": name, "cause": cause})

    causes = sorted({c for counts in per_variant.values() for c in counts})
    impossible = [c for c in causes if c.split("+")[0] in ("marks", "script")]
    print(
        "| variant | pages | "
        + " | ".join(causes)
        + " | impossible | ceiling % | ceiling % without reading-unseen |"
    )
    print("|---|---|" + "---|" * (len(causes) + 3))
    total: Counter[str] = Counter()
    rows = [*per_variant.items(), ("**all damaged**", None)]
    for name, counts in rows:
        if counts is None:
            counts = total
        else:
            total.update(counts)
        n = sum(counts.values())
        bad = sum(counts[c] for c in impossible)
        unseen = bad + counts["reading-unseen"]
        cells = " | ".join(str(counts[c]) for c in causes)
        print(
            f"| {name} | {n} | {cells} | {bad} | {100 * (n - bad) / max(1, n):.1f} | "
            f"{100 * (n - unseen) / max(1, n):.1f} |"
        )
    pages_by_cause: dict[str, set[str]] = {}
    for r in records:
        pages_by_cause.setdefault(r["cause"], set()).add(r["page"])
    print()
    for cause in causes:
        print(f"{cause}: {total[cause]} damaged pages from {len(pages_by_cause[cause])} sources")
    if args.json:
        args.json.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
